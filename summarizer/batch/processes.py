"""Both cores in a batch: worker processes brief the articles, the parent keeps the output folder.

Our own work per article (the analysis, instructor's parsing, the checks) is pure Python, so
threads give it no parallelism: a batch on one process tops out at one core however high its
concurrency. Here each worker process runs its own event loop and engine (one client each) and
`runner.brief_item`, the exact per-article path of an in-process batch, with its share of the
concurrency and of `--rpm`/`--tpm`; a 429's pause is shared by all of them. The parent reads
the inputs, decides what is already done, and records every result through the same `Recorder`
(files renamed into place, then the results line), so resume and SIGKILL behave as before.

Each worker has its own pipe, so the parent knows exactly which articles each one holds: a
worker that dies (the OOM killer, a SIGKILL) costs only those, recorded as failed with the
reason (a re-run briefs them), and a new worker takes its place. A worker leaves as soon as its
pipe to the parent closes, so a killed batch leaves no process behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import multiprocessing
import os
import threading
from collections.abc import Iterable
from multiprocessing.connection import wait

from ..errors import SummarizerError
from ..settings import Settings
from .progress import Tally
from .runner import (
    BatchOptions,
    Briefed,
    Recorder,
    brief_item,
    brief_settled,
    failed_result,
    prior_of,
    settle,
    with_outputs,
)
from .sources import Item

#: Articles each worker must have for `--workers` left to choose to start it: a worker costs
#: about 1.5 s to start here (imports, an engine, the parser for the extractive engine), the time
#: one process briefs about 100 articles in when nothing else limits it (scripts/bench_batch.py:
#: 200 articles ran slower on two processes, 1,000 ran 1.5x faster).
MIN_ITEMS_PER_WORKER = 250
POLL_S = 0.5  # how often the parent looks for a worker that died without a word
AHEAD = 2  # articles queued at a worker beyond its concurrency, so it never waits for the parent


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use, not the machine's
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_for(opts: BatchOptions, total: int) -> int:
    """The worker processes a batch runs: as asked, or (None) one per core when there are
    enough articles and enough concurrency to keep each busy; never more than the concurrency."""
    if opts.workers is not None:
        return max(1, min(opts.workers, opts.concurrency))
    if total < 2 * MIN_ITEMS_PER_WORKER:
        return 1
    return max(1, min(cores(), opts.concurrency, total // MIN_ITEMS_PER_WORKER))


def _worker(settings: Settings, config: dict, conn) -> None:
    """A worker process: brief what arrives on `conn` until it says stop (None) or closes."""
    asyncio.run(_serve(settings, config, conn))


async def _serve(settings: Settings, config: dict, conn) -> None:
    from ..pipeline import engine_for
    from .cache import BriefCache
    from .ratelimit import RateGate

    pause = config["pause"]
    gate = RateGate(config["rpm"], config["tpm"], shared=pause)  # no limits: still a 429's shared pause
    cache = BriefCache(config["cache_path"]) if config["cache_path"] else None
    opts = BatchOptions(out=config["out"], concurrency=config["concurrency"], formats=config["formats"],
                        cache=cache, gate=gate, quiet=True, paper=config["paper"], prefetched={})  # fmt: skip
    engines: list = []
    loop = asyncio.get_running_loop()
    inbox: asyncio.Queue = asyncio.Queue()

    def engine():
        if not engines:
            engines.append(engine_for(settings, gate=gate))
        return engines[0]

    def receive() -> None:  # a thread: the pipe's end is the parent's end, whatever the reason
        try:
            while (task := conn.recv()) is not None:
                loop.call_soon_threadsafe(inbox.put_nowait, task)
        except (EOFError, OSError):
            pass
        loop.call_soon_threadsafe(inbox.put_nowait, None)

    # The parent keeps AHEAD articles queued here beyond this worker's share of the concurrency,
    # so the share is kept here: only that many brief at once, the rest wait their turn.
    turns = asyncio.Semaphore(config["concurrency"])

    async def one(task) -> None:
        index, item, settled, prior, first = task
        if first is not None:
            opts.prefetched[item.id] = first
        async with turns:
            if settled is None:  # a URL: fetched, and settled, here
                briefed = await brief_item(item, settings, engine, opts, prior)
            else:
                record, article = settled
                briefed = await brief_settled(record, article, item, settings, engine, opts)
        briefed, rendered = await asyncio.to_thread(with_outputs, briefed, opts.formats, opts.paper)
        briefed.text = None  # the parent needs the brief's files, not the article again
        with contextlib.suppress(OSError):  # the parent is gone: nobody to tell
            conn.send((index, briefed, rendered))

    threading.Thread(target=receive, name="from-parent", daemon=True).start()
    running: set[asyncio.Task] = set()
    try:
        while (task := await inbox.get()) is not None:
            job = asyncio.create_task(one(task))
            running.add(job)
            job.add_done_callback(running.discard)
        if running:
            await asyncio.gather(*running, return_exceptions=True)
    finally:
        for e in engines:
            await e.aclose()
        if cache is not None:
            cache.close()


class _Worker:
    def __init__(self, context, settings: Settings, config: dict) -> None:
        self.conn, theirs = context.Pipe()
        self.proc = context.Process(target=_worker, args=(settings, config, theirs), daemon=True)
        self.proc.start()
        theirs.close()  # the worker's end lives in the worker: its death closes the pipe here
        self.held: dict[int, Item] = {}


async def run_in_processes(
    items: Iterable[Item], total: int, settings: Settings, opts: BatchOptions, workers: int
) -> Tally:
    recorder = Recorder(total, opts)
    try:
        await asyncio.to_thread(_run, items, settings, opts, workers, recorder)
    finally:
        recorder.close()
    return recorder.tally


def _run(items: Iterable[Item], settings: Settings, opts: BatchOptions, workers: int, recorder: Recorder) -> None:
    """The parent's loop (in a thread): hand articles to the least busy worker, record what
    comes back, and replace a worker that dies."""
    context = multiprocessing.get_context("spawn")  # fork would copy this process's threads' locks
    per_worker = max(1, math.ceil(opts.concurrency / workers))
    config = {
        "out": opts.out, "concurrency": per_worker, "formats": opts.formats, "paper": opts.paper,
        "rpm": opts.rpm / workers if opts.rpm else None, "tpm": opts.tpm / workers if opts.tpm else None,
        "cache_path": str(opts.cache.path) if opts.cache is not None and opts.cache.db is not None else None,
        "pause": context.Value("d", 0.0),
    }  # fmt: skip
    pool: list[_Worker] = []
    made: list[_Worker] = []
    source = enumerate(items)
    exhausted = False
    cap = per_worker + AHEAD

    def start() -> None:
        worker = _Worker(context, settings, config)
        pool.append(worker)
        made.append(worker)

    def next_for_a_worker():
        """The next article that needs a model, after recording those the parent settles."""
        nonlocal exhausted
        for index, item in source:
            prior = prior_of(item.id, recorder.finished, settings, opts.formats)
            settled = None
            if item.url is None:  # a URL is fetched by the worker that briefs it
                settled = settle(item, settings, opts, prior)
                if isinstance(settled, Briefed):  # a skip, a cache hit, an unreadable file
                    recorder.write(*with_outputs(settled, opts.formats, opts.paper))
                    continue
            first = opts.prefetched.pop(item.id, None) if opts.prefetched else None
            return index, item, settled, prior, first
        exhausted = True
        return None

    try:
        while True:
            while not exhausted and (not pool or min(len(w.held) for w in pool) < cap):
                task = next_for_a_worker()
                if task is None:
                    break
                while len(pool) < workers:  # started on the first article that needs a model
                    start()
                worker = min(pool, key=lambda w: len(w.held))
                worker.held[task[0]] = task[1]
                try:
                    worker.conn.send(task)
                except OSError:  # it died: its articles, this one included, are failed below
                    pass
            if exhausted and not any(w.held for w in pool):
                break
            for conn in wait([w.conn for w in pool], timeout=POLL_S):
                worker = next(w for w in pool if w.conn is conn)
                try:
                    index, briefed, rendered = conn.recv()
                except (EOFError, OSError):
                    continue  # the pipe closed: the worker is dead, handled just below
                worker.held.pop(index, None)
                recorder.write(briefed, rendered)
            for worker in [w for w in pool if not w.proc.is_alive()]:
                pool.remove(worker)
                _fail_held(worker, recorder)
                if not exhausted or any(w.held for w in pool):
                    start()
    finally:
        for worker in pool:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in made:
            worker.proc.join(timeout=30)
            if worker.proc.is_alive():  # stuck: it must not outlive the batch
                worker.proc.terminate()
                worker.proc.join(timeout=5)


def _fail_held(worker: _Worker, recorder: Recorder) -> None:
    """A worker died: each article it held is a failed result, with the reason."""
    code = worker.proc.exitcode
    why = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    died = SummarizerError(f"the worker process briefing it died ({why}); a re-run briefs it")
    for item in worker.held.values():
        recorder.write(failed_result({"id": item.id, "source": item.source}, died), {})
    worker.held.clear()
