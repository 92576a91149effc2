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
from .outdir import RESULTS, FolderLock, ResultsLog, read_finished
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


async def _brief_one(article, item: Item, settings: Settings, engine, opts: BatchOptions) -> tuple[Brief, bool]:
    key = cache_key(article.text, settings) if opts.cache else None
    if opts.cache and (hit := opts.cache.get(key)) is not None:
        return hit, True
    first = opts.prefetched.pop(item.id, None) if opts.prefetched else None
    brief = await brief_article(article, settings, engine=engine(), first_answer=first)
    if opts.cache:
        opts.cache.put(key, brief)
    return brief, False


async def run_batch(items: Iterable[Item], total: int, settings: Settings, opts: BatchOptions) -> Tally:
    """Brief every item; failures are recorded and never stop the batch. The output folder is
    locked for the whole run, so a second run on it fails at once (or waits, with `wait`)."""
    opts.out.mkdir(parents=True, exist_ok=True)
    with FolderLock(opts.out, wait=opts.wait):
        return await run_locked(items, total, settings, opts)


async def run_locked(items: Iterable[Item], total: int, settings: Settings, opts: BatchOptions) -> Tally:
    for stale in opts.out.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):  # ours, from a run killed mid-write
        if stale.is_file() and not stale.is_symlink():
            stale.unlink(missing_ok=True)
    finished = read_finished(opts.out)
    tally = Tally(total=total)
    reporter = Reporter(tally, quiet=opts.quiet)
    if finished.unreadable:
        reporter.note(
            f"skipped {finished.unreadable} unreadable line(s) in {opts.out / RESULTS}; those articles are redone"
        )
    results = ResultsLog(opts.out, opts.durable)
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
            record: dict = {"id": item.id, "source": item.source}
            try:
                article = await asyncio.to_thread(load_item, item, settings)
                digest = content_hash(article.text)
                wanted = {f"{item.id}.{fmt}" for fmt in opts.formats}
                same = item.id in finished.done and finished.done[item.id] in (digest, None)
                if same and finished.covers(item.id, wanted, settings.resolved_engine, settings.model):
                    tally.skipped += 1  # the same content is already briefed, as asked
                    reporter.update()
                    continue
                record["sha256"] = digest
                if item.id in finished.done:
                    record["replaced"] = True  # same id, new content: the old brief is replaced
                brief, cached = await _brief_one(article, item, settings, engine, opts)
                outputs = []
                for fmt in opts.formats:
                    name = f"{item.id}.{fmt}"
                    output = await asyncio.to_thread(render, brief, fmt, article.text, paper=opts.paper)
                    write_atomic(opts.out / name, output, force=True, durable=opts.durable, own=True)
                    outputs.append(name)
                usage = brief.meta.usage
                record.update(
                    status="cached" if cached else "done",
                    outputs=outputs,
                    engine=brief.meta.engine,
                    model=brief.meta.model,
                    attempts=0 if cached else brief.meta.attempts,
                    usage=(usage if not cached else type(usage)()).model_dump(),
                    error=None,
                    warnings=len(brief.warnings),
                )
                if cached:
                    tally.cached += 1
                else:
                    tally.done += 1
                    tally.calls += brief.meta.attempts
                    tally.tokens += usage.total_tokens
            except Exception as exc:  # one article's failure, even a bug of ours, never stops the batch
                usage = getattr(exc, "usage", None)
                record.update(
                    status="failed",
                    outputs=[],
                    attempts=getattr(exc, "attempts", 0),
                    usage=usage.model_dump() if usage else None,
                    error=str(exc)
                    if isinstance(exc, SummarizerError)
                    else f"internal error: {type(exc).__name__}: {exc}",
                )
                tally.failed += 1
                if usage:
                    tally.tokens += usage.total_tokens
                    tally.calls += getattr(exc, "attempts", 0)
            results.write(record)
            reporter.update()

    try:
        await asyncio.gather(produce(), *(work() for _ in range(opts.concurrency)))
    finally:
        results.close()
        reporter.close()
        for e in engines:
            await e.aclose()
    return tally
