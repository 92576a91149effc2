"""`summarizer batch`: one brief per article for a whole folder or feed, concurrently,
resumably, with a content-addressed cache and shared rate limits.

Each finished article is one line in `results.jsonl`, appended and flushed after its output
files are renamed into place, so killing the process at any moment (SIGKILL included) loses
nothing finished and leaves no half-written brief; a re-run skips what is recorded as done.
(`--durable` adds an fsync per file, for power loss too.)
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import SummarizerError
from ..load import article_from_text, load_article
from ..models import Brief
from ..output import TEMP_PREFIX, TEMP_SUFFIX, write_atomic
from ..pipeline import brief_article, engine_for
from ..render import render
from ..settings import Settings
from .cache import BriefCache, cache_key
from .outdir import RESULTS, Finished, FolderLock, ResultsLog, read_finished
from .progress import Reporter, Tally
from .ratelimit import RateGate
from .sources import Item


@dataclass
class BatchOptions:
    out: Path
    concurrency: int = 8
    formats: tuple[str, ...] = ("json",)
    cache: BriefCache | None = None
    gate: RateGate | None = None
    quiet: bool = False
    #: fsync every output and results line (survives power loss, not only a killed process).
    durable: bool = False
    #: First answers fetched ahead (OpenAI Batch API), by article id: re-asks still go live.
    prefetched: dict[str, object] | None = None
    #: Queue behind another run holding the output folder, instead of failing at once.
    wait: bool = False
    #: Paper size of PDF outputs (a4 or letter).
    paper: str = "a4"
    #: Worker processes briefing at once (the concurrency is split over them); 1 briefs in this
    #: process. None: one per core when the batch is large enough to pay for starting them.
    workers: int | None = 1
    #: The limits `gate` enforces, as numbers: worker processes pace themselves at their share.
    rpm: float | None = None
    tpm: float | None = None


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_item(item: Item, settings: Settings):
    """The article an item names (its text, or the file it points to), within the size limit."""
    if item.error:
        raise SummarizerError(item.error)
    if item.text is not None:
        return article_from_text(item.text, item.source, max_bytes=settings.max_bytes)
    if item.url is not None:
        # a feed's URL is the feed's choice, not the user's: it must be public unless allowed
        return load_article(
            item.url, max_bytes=settings.max_bytes, allow_private=settings.allow_private_urls, typed=False
        )
    return load_article(item.path, max_bytes=settings.max_bytes)


@dataclass
class Prior:
    """What `results.jsonl` already says of an item, decided where the output folder is (the
    driver, on a cluster): `skip` is the content hash that makes a new brief unneeded ("*": any
    content, for lines from before hashes were kept), `replaced` that an older brief exists."""

    skip: str | None = None
    replaced: bool = False


def prior_of(item_id: str, finished: Finished, settings: Settings, formats: tuple[str, ...]) -> Prior:
    wanted = {f"{item_id}.{fmt}" for fmt in formats}
    if item_id not in finished.done:
        return Prior()
    if not finished.covers(item_id, wanted, settings.resolved_engine, settings.model):
        return Prior(replaced=True)
    return Prior(skip=finished.done[item_id] or "*", replaced=True)


@dataclass
class Briefed:
    """One item's outcome: its results line (without the outputs), and the brief and article
    text when there is a brief to render."""

    status: str  # done, cached, skipped or failed
    record: dict
    brief: Brief | None = None
    text: str | None = None


def settle(item: Item, settings: Settings, opts: BatchOptions, prior: Prior) -> Briefed | tuple[dict, object]:
    """The part of an item's path that needs no model: load it, skip it by its content hash, or
    serve it from the cache. Returns the outcome, or (its record so far, the article) when it
    is to be briefed. Synchronous: the process pool's parent runs it before handing work out."""
    record: dict = {"id": item.id, "source": item.source}
    try:
        article = load_item(item, settings)
        digest = content_hash(article.text)
        if prior.skip in ("*", digest):
            return Briefed("skipped", record)  # the same content is already briefed, as asked
        record["sha256"] = digest
        if prior.replaced:
            record["replaced"] = True  # same id, new content (or new outputs): the old brief is replaced
        if opts.cache and (hit := opts.cache.get(cache_key(article.text, settings))) is not None:
            return _made(record, hit, article.text, cached=True)
        return record, article
    except Exception as exc:  # one article's failure, even a bug of ours, never stops the batch
        return failed_result(record, exc)


async def brief_settled(record: dict, article, item: Item, settings: Settings, engine, opts: BatchOptions) -> Briefed:
    """The model's part: brief an article `settle` left to brief, and keep it in the cache."""
    try:
        first = opts.prefetched.pop(item.id, None) if opts.prefetched else None
        briefer = engine()
        if first is not None:  # the Batch API's answer to the first call; a re-ask goes live
            from ..providers.prefetched import Prefetched

            briefer = briefer.using(Prefetched(briefer.provider, first))
        brief = await brief_article(article, settings, engine=briefer)
        if opts.cache:
            opts.cache.put(cache_key(article.text, settings), brief)
        return _made(record, brief, article.text, cached=False)
    except Exception as exc:
        return failed_result(record, exc)


async def brief_item(item: Item, settings: Settings, engine, opts: BatchOptions, prior: Prior) -> Briefed:
    """Load, skip, serve from the cache or brief one item. This is the whole per-article path,
    shared by the local runner, the worker processes and the Ray actors; a failure, even a bug
    of ours, is a result."""
    settled = await asyncio.to_thread(settle, item, settings, opts, prior)
    if isinstance(settled, Briefed):
        return settled
    record, article = settled
    return await brief_settled(record, article, item, settings, engine, opts)


def _made(record: dict, brief: Brief, text: str, *, cached: bool) -> Briefed:
    usage = brief.meta.usage
    record.update(
        status="cached" if cached else "done",
        outputs=[],
        engine=brief.meta.engine,
        model=brief.meta.model,
        attempts=0 if cached else brief.meta.attempts,
        usage=(usage if not cached else type(usage)()).model_dump(),
        error=None,
        warnings=len(brief.warnings),
    )
    return Briefed(record["status"], record, brief, text)


def failed_result(record: dict, exc: Exception) -> Briefed:
    """`record` as a failure: the error's own line for ours, "internal error: ..." for a bug."""
    usage = getattr(exc, "usage", None)
    record.update(
        status="failed",
        outputs=[],
        attempts=getattr(exc, "attempts", 0),
        usage=usage.model_dump() if usage else None,
        error=str(exc) if isinstance(exc, SummarizerError) else f"internal error: {type(exc).__name__}: {exc}",
    )
    return Briefed("failed", record)


class Recorder:
    """The output folder's side of a run: each result's files renamed into place, then its line
    in `results.jsonl`, then the tally. Used by the local runner and by the Ray driver."""

    def __init__(self, total: int, opts: BatchOptions) -> None:
        self.opts = opts
        for stale in opts.out.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):  # ours, from a run killed mid-write
            if stale.is_file() and not stale.is_symlink():
                stale.unlink(missing_ok=True)
        self.finished = read_finished(opts.out)
        self.tally = Tally(total=total)
        self.reporter = Reporter(self.tally, quiet=opts.quiet)
        if self.finished.unreadable:
            self.reporter.note(
                f"skipped {self.finished.unreadable} unreadable line(s) in {opts.out / RESULTS}; "
                "those articles are redone"
            )
        self.results = ResultsLog(opts.out, opts.durable)

    def write(self, briefed: Briefed, rendered: dict[str, str | bytes]) -> None:
        """`rendered`: each output format's content, for a done or cached result."""
        tally, record = self.tally, briefed.record
        if briefed.status == "skipped":
            tally.skipped += 1
            self.reporter.update()
            return
        try:
            for fmt, output in rendered.items():
                name = f"{record['id']}.{fmt}"
                write_atomic(self.opts.out / name, output, force=True, durable=self.opts.durable, own=True)
                record["outputs"].append(name)
        except Exception as exc:  # a planted symlink, a full disk: this article fails, the batch goes on
            briefed = _failed_render(briefed, exc)
            record = briefed.record
        usage = record.get("usage") or {}
        if briefed.status == "cached":
            tally.cached += 1
        else:
            tally.done += briefed.status == "done"
            tally.failed += briefed.status == "failed"
            if usage:  # a failure that never reached the model made no call worth counting
                tally.calls += record.get("attempts") or 0
                tally.tokens += usage.get("total_tokens", 0)
        self.results.write(record)
        self.reporter.update()

    def close(self) -> None:
        self.results.close()
        self.reporter.close()


def with_outputs(briefed: Briefed, formats: tuple[str, ...], paper: str) -> tuple[Briefed, dict[str, str | bytes]]:
    """The result and each format's content (none without a brief). A format that cannot be made
    fails this article only. Used wherever results are made: here, the workers, the Ray actors."""
    if briefed.brief is None or not formats:
        return briefed, {}
    try:
        return briefed, {fmt: render(briefed.brief, fmt, briefed.text, paper=paper) for fmt in formats}
    except Exception as exc:
        return _failed_render(briefed, exc), {}


async def run_batch(items: Iterable[Item], total: int, settings: Settings, opts: BatchOptions) -> Tally:
    """Brief every item; failures are recorded and never stop the batch. The output folder is
    locked for the whole run, so a second run on it fails at once (or waits, with `wait`)."""
    opts.out.mkdir(parents=True, exist_ok=True)
    with FolderLock(opts.out, wait=opts.wait):
        return await run_locked(items, total, settings, opts)


async def run_locked(items: Iterable[Item], total: int, settings: Settings, opts: BatchOptions) -> Tally:
    from .processes import run_in_processes, workers_for

    workers = workers_for(opts, total)
    if workers > 1:
        return await run_in_processes(items, total, settings, opts, workers)
    recorder = Recorder(total, opts)
    engines: list = []  # created on the first cache miss: a fully cached run never loads the SDK

    def engine():
        if not engines:
            engines.append(engine_for(settings, gate=opts.gate))
        return engines[0]

    queue: asyncio.Queue[Item | None] = asyncio.Queue(maxsize=opts.concurrency * 2)

    async def produce() -> None:
        for item in items:
            await queue.put(item)
        for _ in range(opts.concurrency):
            await queue.put(None)

    async def work() -> None:
        while (item := await queue.get()) is not None:
            prior = prior_of(item.id, recorder.finished, settings, opts.formats)
            briefed = await brief_item(item, settings, engine, opts, prior)
            recorder.write(*await asyncio.to_thread(with_outputs, briefed, opts.formats, opts.paper))

    try:
        await asyncio.gather(produce(), *(work() for _ in range(opts.concurrency)))
    finally:
        recorder.close()
        for e in engines:
            await e.aclose()
    return recorder.tally


def _failed_render(briefed: Briefed, exc: Exception) -> Briefed:
    error = str(exc) if isinstance(exc, SummarizerError) else f"internal error: {type(exc).__name__}: {exc}"
    briefed.record.update(status="failed", outputs=[], error=error)
    return Briefed("failed", briefed.record)
