"""`summarizer batch --via batch-api`: the OpenAI Batch API as the scale-out path.

Build the request JSONL (custom_id = article id; the same prompt and schema as a live call),
upload it, create the batch, poll with backoff, download the results; then every answer goes
through the same validation and grounding as a live one, and any re-ask it needs is made live
within the budget. The batch id is kept in the output folder, so an interrupted run resumes
polling instead of paying twice.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterable
from pathlib import Path

from ..errors import ConfigError, ModelError, clip
from ..output import write_atomic
from ..settings import Settings
from .cache import cache_key
from .outdir import FolderLock, read_finished, state_dir
from .progress import Tally
from .runner import BatchOptions, load_item, run_locked
from .sources import Item

log = logging.getLogger("summarizer.batch_api")

STATE = "batch_api.json"  # in the output folder's .summarizer/ (read from DIR/ too, as older runs left it)
REQUESTS = "batch_api_requests.jsonl"
ARTICLES = "batch_api_articles.jsonl"
POLL_BACKOFF = 1.5  # each poll waits this much longer than the last...
POLL_MAX_S = 60.0  # ...up to a minute
TERMINAL = {"completed", "failed", "expired", "cancelled"}


def _prepare(items: Iterable[Item], settings: Settings, opts: BatchOptions) -> int:
    """Write the request file and an article sidecar (so a resumed run has the texts)."""
    from ..llm.chunking import messages_tokens
    from ..llm.engine import batch_request

    finished = read_finished(opts.out)

    def done(item_id: str) -> bool:
        wanted = {f"{item_id}.{fmt}" for fmt in opts.formats}
        return item_id in finished.done and finished.covers(item_id, wanted, "llm", settings.model)

    count = 0
    with (
        (state_dir(opts.out) / REQUESTS).open("w", encoding="utf-8") as req,
        (state_dir(opts.out) / ARTICLES).open("w", encoding="utf-8") as art,
    ):
        for item in items:
            if done(item.id) or item.error:  # (load_item reports the error when it is replayed)
                art.write(json.dumps({"id": item.id, "source": item.source, "error": item.error}) + "\n")
                continue
            try:
                article = load_item(item, settings)
            except Exception as exc:  # recorded as failed in the results, like a live batch
                art.write(json.dumps({"id": item.id, "source": item.source, "error": str(exc)}) + "\n")
                continue
            art.write(json.dumps({"id": item.id, "source": item.source, "text": article.text}) + "\n")
            if opts.cache and opts.cache.get(cache_key(article.text, settings)) is not None:
                continue  # the live pass will serve it from the cache: no need to pay for it
            body = batch_request(article, settings)
            if settings.context_window and messages_tokens(body.get("messages", [])) > settings.context_window:
                # the Batch API takes one request per article: a long one is not sent there; the
                # live pass that follows briefs it in parts (its text is in the sidecar)
                log.info("%s is longer than the context window: briefed live, in parts", item.id)
                continue
            req.write(
                json.dumps({"custom_id": item.id, "method": "POST", "url": "/v1/chat/completions", "body": body}) + "\n"
            )
            count += 1
    return count


MAX_BAD_SHOWN = 20  # bad output lines named one by one; the rest are counted


def read_output(text: str, completion_type) -> tuple[dict[str, object], list[tuple[str, str]]]:
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
            good[custom_id] = completion_type.model_validate(response["body"])
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            bad.append((where, f"not a chat completion ({clip(str(exc).splitlines()[0], 120)})"))
    if len(bad) > MAX_BAD_SHOWN:
        bad = [*bad[:MAX_BAD_SHOWN], ("lines", f"{len(bad) - MAX_BAD_SHOWN} more were unusable")]
    return good, bad


def _items_from_sidecar(out: Path) -> list[Item]:
    items = []
    with (state_dir(out) / ARTICLES).open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            items.append(Item(rec["id"], rec["source"], text=rec.get("text"), error=rec.get("error")))
    return items


async def _poll(client, batch_id: str, first_s: float, reporter_note) -> object:
    delay = first_s
    while True:
        batch = await client.batches.retrieve(batch_id)
        counts = getattr(batch, "request_counts", None)
        done = f" ({counts.completed}/{counts.total} done)" if counts else ""
        reporter_note(f"batch {batch_id}: {batch.status}{done}")
        if batch.status in TERMINAL:
            return batch
        await asyncio.sleep(delay)
        delay = min(delay * POLL_BACKOFF, POLL_MAX_S)


async def run_batch_api(
    items: Iterable[Item], total: int, settings: Settings, opts: BatchOptions, *, poll_s: float = 5.0
) -> Tally:
    if settings.resolved_engine != "llm":
        raise ConfigError("--via batch-api needs a model endpoint", hint="set OPENAI_API_KEY or --base-url")
    opts.out.mkdir(parents=True, exist_ok=True)
    with FolderLock(opts.out, wait=opts.wait):  # one lock for the batch's whole life, live pass included
        return await _run_batch_api(items, settings, opts, poll_s)


async def _run_batch_api(items: Iterable[Item], settings: Settings, opts: BatchOptions, poll_s: float) -> Tally:
    from openai.types.chat import ChatCompletion

    from ..llm.provider import make_client

    note = (
        (lambda m: None)
        if opts.quiet
        else (lambda m: print(f"summarizer: {m}", flush=True, file=__import__("sys").stderr))
    )
    client = make_client(settings)
    state_path = state_dir(opts.out) / STATE
    legacy = opts.out / STATE
    if not state_path.exists() and legacy.exists():
        legacy.replace(state_path)  # a batch started by an older version: resume it, not pay twice
    try:
        state = json.loads(state_path.read_text()) if state_path.exists() else None
        if state is None:
            count = await asyncio.to_thread(_prepare, items, settings, opts)
            if count:
                upload = await client.files.create(
                    file=(REQUESTS, (state_dir(opts.out) / REQUESTS).read_bytes()), purpose="batch"
                )
                batch = await client.batches.create(
                    input_file_id=upload.id,
                    endpoint="/v1/chat/completions",
                    completion_window="24h",
                    metadata={"tool": "summarizer"},
                )
                state = {"batch_id": batch.id, "input_file_id": upload.id, "requests": count}
                write_atomic(state_path, json.dumps(state, indent=2), force=True, own=True)
                note(f"created batch {batch.id} with {count} request(s); its id is kept in {state_path}")
        else:
            note(f"resuming batch {state['batch_id']} from {state_path}")

        prefetched: dict[str, object] = {}
        if state is not None:
            batch = await _poll(client, state["batch_id"], poll_s, note)
            if batch.status != "completed":
                raise ModelError(
                    f"batch {batch.id} ended {batch.status}", hint="re-run with --via live, or retry later"
                )
            if batch.output_file_id:
                content = await client.files.content(batch.output_file_id)
                prefetched, bad = read_output(content.text, ChatCompletion)
                for where, why in bad:
                    note(f"batch output {where}: {why}; {'asked live' if where.startswith('for ') else 'skipped'}")
            missing = state["requests"] - len(prefetched)
            if missing:
                note(f"{missing} request(s) failed inside the batch: they will be asked live")
    finally:
        await client.close()

    sidecar = _items_from_sidecar(opts.out)
    opts.prefetched = prefetched
    tally = await run_locked(sidecar, len(sidecar), settings, opts)
    state_path.unlink(missing_ok=True)  # finished: a new run starts a new batch
    return tally
