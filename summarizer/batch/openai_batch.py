"""`summarizer batch --via batch-api`: the OpenAI Batch API as the scale-out path.

Build the request JSONL (custom_id = article id; the same prompt and schema as a live call),
cut into parts within the API's per-file limits (`batch_files`), upload each part and create
its batch, poll them all with backoff, download each output as it is ready; then every answer
goes through the same validation and grounding as a live one, and any re-ask it needs is made
live within the budget. Every part's batch id is kept in the output folder the moment it
exists, so an interrupted run resumes polling instead of paying twice, and a part whose batch
fails costs only its own articles (recorded as failed; a re-run sends them again).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from pathlib import Path

from ..errors import ConfigError, clip
from ..logs import logger
from ..output import write_atomic
from ..settings import Settings
from .batch_files import RequestParts, custom_ids
from .cache import cache_key
from .outdir import FolderLock, read_finished, state_dir
from .progress import Tally
from .runner import BatchOptions, content_hash, load_item, run_locked
from .sources import Item

log = logger("summarizer.batch_api")

STATE = "batch_api.json"  # in the output folder's .summarizer/ (read from DIR/ too, as older runs left it)
LEGACY_REQUESTS = "batch_api_requests.jsonl"  # the single request file of a run before parts
ARTICLES = "batch_api_articles.jsonl"
OUTPUT_NAME = "batch_api_output.{:04d}.jsonl"
POLL_BACKOFF = 1.5  # each poll waits this much longer than the last...
POLL_MAX_S = 60.0  # ...up to a minute
TERMINAL = {"completed", "failed", "expired", "cancelled"}


def _prepare(items: Iterable[Item], settings: Settings, opts: BatchOptions) -> list[dict]:
    """Write the request parts and an article sidecar (so a resumed run has the texts)."""
    from ..llm.chunking import messages_tokens
    from ..llm.engine import batch_request

    finished = read_finished(opts.out)

    def done(item_id: str, text: str) -> bool:  # the live pass's own test, so it skips what this skips
        wanted = {f"{item_id}.{fmt}" for fmt in opts.formats}
        same = item_id in finished.done and finished.done[item_id] in (content_hash(text), None)
        return same and finished.covers(item_id, wanted, "llm", settings.model)

    folder = state_dir(opts.out)
    with (
        RequestParts(folder) as parts,
        (folder / ARTICLES).open("w", encoding="utf-8") as art,
    ):
        for item in items:
            if item.error:  # (load_item reports the error when it is replayed)
                art.write(json.dumps({"id": item.id, "source": item.source, "error": item.error}) + "\n")
                continue
            try:
                article = load_item(item, settings)
            except Exception as exc:  # recorded as failed in the results, like a live batch
                art.write(json.dumps({"id": item.id, "source": item.source, "error": str(exc)}) + "\n")
                continue
            # an article briefed before keeps its text here too: the live pass skips it by its
            # content hash, and briefs it again only if that text has changed
            art.write(json.dumps({"id": item.id, "source": item.source, "text": article.text}) + "\n")
            if done(item.id, article.text):
                continue
            if opts.cache and opts.cache.get(cache_key(article.text, settings)) is not None:
                continue  # the live pass will serve it from the cache: no need to pay for it
            body = batch_request(article, settings)
            if settings.context_window and messages_tokens(body.get("messages", [])) > settings.context_window:
                # the Batch API takes one request per article: a long one is not sent there; the
                # live pass that follows briefs it in parts (its text is in the sidecar)
                log.info("%s is longer than the context window: briefed live, in parts", item.id)
                continue
            request = {"custom_id": item.id, "method": "POST", "url": "/v1/chat/completions", "body": body}
            line = (json.dumps(request) + "\n").encode("utf-8")
            if not parts.fits(line):
                log.info("%s makes a request larger than a batch file may be: briefed live", item.id)
                continue
            parts.add(line)
    return parts.parts


MAX_BAD_SHOWN = 20  # bad output lines named one by one; the rest are counted


def read_output(text: str, completion) -> tuple[dict[str, object], list[tuple[str, str]]]:
    """Every usable answer in a batch's output file, by custom_id, and what was wrong with the
    rest: ("for <id>", why) when the line names its article (the live pass asks it again),
    ("line N", why) when it does not. One bad line never costs the good ones: a paid batch
    whose output cannot be read whole must still be collected, or every re-run fails alike."""
    good: dict[str, object] = {}
    bad: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            bad.append((f"line {number}", "not JSON"))
            continue
        custom_id = rec.get("custom_id") if isinstance(rec, dict) else None
        if not isinstance(custom_id, str) or not custom_id:
            bad.append((f"line {number}", "no custom_id"))
            continue
        where = f"for {clip(custom_id, 80)}"
        response = rec.get("response")
        if not isinstance(response, dict) or response.get("status_code") != 200 or not response.get("body"):
            status = response.get("status_code") if isinstance(response, dict) else None
            bad.append((where, f"the request failed inside the batch (status {status})"))
            continue
        try:
            good[custom_id] = completion(response["body"])
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            bad.append((where, f"not a chat completion ({clip(str(exc).splitlines()[0], 120)})"))
    if len(bad) > MAX_BAD_SHOWN:
        bad = [*bad[:MAX_BAD_SHOWN], ("lines", f"{len(bad) - MAX_BAD_SHOWN} more were unusable")]
    return good, bad


def _items_from_sidecar(out: Path, failed: dict[str, str]) -> list[Item]:
    """The run's articles, in order; those of a part whose batch did not complete carry why,
    so the live pass records them as failed instead of paying for them at the live price."""
    items = []
    with (state_dir(out) / ARTICLES).open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            error = failed.get(rec["id"]) or rec.get("error")
            items.append(Item(rec["id"], rec["source"], text=None if error else rec.get("text"), error=error))
    return items


def _load_state(out: Path) -> dict | None:
    state_path = state_dir(out) / STATE
    legacy = out / STATE
    if not state_path.exists() and legacy.exists():
        legacy.replace(state_path)  # a batch started by an older version: resume it, not pay twice
    if not state_path.exists():
        return None
    state = json.loads(state_path.read_text())
    if "parts" not in state:  # one batch, as runs before parts kept it
        part = {"file": LEGACY_REQUESTS, "requests": state["requests"], "status": None}
        part.update(batch_id=state["batch_id"], input_file_id=state.get("input_file_id"))
        state = {"parts": [part]}
    return state


class _Run:
    """One Batch API run's parts and its state file, saved after every change to a part."""

    def __init__(self, api, out: Path, state: dict, note, poll_s: float) -> None:
        self.api = api  # providers.openai_batches.OpenAIBatches: the SDK's calls
        self.folder = state_dir(out)
        self.path = self.folder / STATE
        self.state = state
        self.note = note
        self.poll_s = poll_s

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self.state, indent=2), force=True, own=True)

    async def submit(self, index: int, part: dict) -> None:
        if part.get("batch_id"):
            return
        name = part["file"]
        part["input_file_id"] = await self.api.upload(name, (self.folder / name).read_bytes())
        batch_id = await self.api.create(part["input_file_id"], {"tool": "summarizer", "part": str(index + 1)})
        part["batch_id"] = batch_id
        self.save()  # kept before anything else can fail: a restart polls it, it never pays twice
        self.note(f"created batch {batch_id} with {part['requests']} request(s); its id is kept in {self.path}")

    async def follow(self, index: int, part: dict) -> None:
        """Poll one part's batch until it ends, then keep its output beside the state."""
        if part.get("status") in TERMINAL:
            return
        delay, last = self.poll_s, None
        while True:
            batch = await self.api.status(part["batch_id"])
            seen = (batch.status, batch.completed)
            if seen != last:  # a line when something changes, not one per poll per part
                done = f" ({batch.completed}/{batch.total} done)" if batch.total is not None else ""
                self.note(f"batch {batch.id}: {batch.status}{done}")
                last = seen
            if batch.status in TERMINAL:
                break
            await asyncio.sleep(delay)
            delay = min(delay * POLL_BACKOFF, POLL_MAX_S)
        if batch.output_file_id:  # an expired or cancelled batch still returns what it finished
            content = await self.api.download(batch.output_file_id)
            part["output"] = OUTPUT_NAME.format(index + 1)
            write_atomic(self.folder / part["output"], content, force=True, own=True)
        part["why"] = clip(batch.why, 200) if batch.why else None
        part["status"] = batch.status
        self.save()

    def collect(self) -> tuple[dict[str, object], dict[str, str]]:
        """Every usable answer, and the articles of parts that did not complete, with why."""
        answers: dict[str, object] = {}
        failed: dict[str, str] = {}
        for part in self.state["parts"]:
            good: dict[str, object] = {}
            if part.get("output"):
                good, bad = read_output((self.folder / part["output"]).read_text(encoding="utf-8"), self.api.completion)
                for where, why in bad:
                    asked = "asked live" if where.startswith("for ") else "skipped"
                    self.note(f"batch output {where}: {why}; {asked}")
            answers.update(good)
            if part["status"] == "completed":
                if missing := part["requests"] - len(good):
                    self.note(f"{missing} request(s) failed inside batch {part['batch_id']}: they will be asked live")
                continue
            why = f"batch {part['batch_id']} ended {part['status']}" + (f" ({part['why']})" if part.get("why") else "")
            lost = [i for i in custom_ids(self.folder / part["file"]) if i not in good]
            self.note(f"{why}: {len(lost)} article(s) recorded as failed; a re-run sends them again")
            failed.update((i, f"{why}; re-run to send it again") for i in lost)
        return answers, failed

    def remove(self) -> None:
        for part in self.state["parts"]:
            for name in (part.get("file"), part.get("output")):
                if name:
                    (self.folder / name).unlink(missing_ok=True)
        (self.folder / ARTICLES).unlink(missing_ok=True)  # a copy of the texts: not kept past the run
        self.path.unlink(missing_ok=True)  # finished: a new run starts a new batch


async def run_batch_api(
    items: Iterable[Item], total: int, settings: Settings, opts: BatchOptions, *, poll_s: float = 5.0
) -> Tally:
    if settings.resolved_engine != "llm":
        raise ConfigError("--via batch-api needs a model endpoint", hint="set OPENAI_API_KEY or --base-url")
    opts.out.mkdir(parents=True, exist_ok=True)
    with FolderLock(opts.out, wait=opts.wait):  # one lock for the batch's whole life, live pass included
        return await _run_batch_api(items, settings, opts, poll_s)


async def _run_batch_api(items: Iterable[Item], settings: Settings, opts: BatchOptions, poll_s: float) -> Tally:
    import sys

    from ..providers.openai_batches import OpenAIBatches

    def note(message: str) -> None:
        if not opts.quiet:
            print(f"summarizer: {message}", flush=True, file=sys.stderr)

    api = OpenAIBatches(settings)
    try:
        state = _load_state(opts.out)
        if state is None:
            state = {"parts": await asyncio.to_thread(_prepare, items, settings, opts)}
            run = _Run(api, opts.out, state, note, poll_s)
            run.save()  # the parts are written: a restart uploads what was not, and re-reads nothing
        else:
            run = _Run(api, opts.out, state, note, poll_s)
            note(f"resuming {len(state['parts'])} batch part(s) from {run.path}")
        parts = list(enumerate(state["parts"]))
        for index, part in parts:  # one at a time: each id is saved before the next costs money
            await run.submit(index, part)
        await asyncio.gather(*(run.follow(index, part) for index, part in parts))
        prefetched, failed = run.collect()
    finally:
        await api.aclose()

    sidecar = _items_from_sidecar(opts.out, failed)
    opts.prefetched = prefetched
    tally = await run_locked(sidecar, len(sidecar), settings, opts)
    run.remove()
    return tally
