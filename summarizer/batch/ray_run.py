"""`summarizer batch --via ray`: the same folders and feeds, briefed by a pool of Ray actors.

The driver reads the inputs, decides from `results.jsonl` what is already briefed (as the local
runner does), and hands the rest to `brief_dataset` in windows of `WINDOW` articles, so its
memory stays bounded on a feed of millions. Rows stream back as they finish and are recorded by
the same `Recorder` as a local batch: the same output files, the same `results.jsonl`, written
only by the driver. Progress is ours; Ray Data's own bars are switched off.
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
import warnings
from collections.abc import Iterable, Iterator

from ..errors import ConfigError, ModelError, clip
from ..settings import Settings
from .outdir import FolderLock
from .progress import Tally
from .runner import BatchOptions, Recorder, prior_of
from .sources import Item

#: Articles handed to the cluster per Dataset: the driver holds at most this many texts.
WINDOW = 10_000

_ADDRESS_HINT = "--ray-address auto joins the cluster on this machine; ray://HOST:10001 a remote one"
RAY_HINT = "install the extra: pip install 'grounded-news-brief[ray]' (or pip install 'ray[data]')"


def require_ray():
    try:
        import ray
        import ray.data  # noqa: F401  (Ray Data is the [data] part of ray)
    except ImportError:
        raise ConfigError("--via ray needs Ray Data, which is not installed", hint=RAY_HINT) from None
    return ray


def _first_line(exc: BaseException) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return clip(lines[-1] if lines else type(exc).__name__, 200)


CONNECT_TIMEOUT_S = 5.0  # Ray itself retries an unreachable cluster for minutes, line after line


def check_reachable(address: str | None) -> None:
    """Fail at once, in one line, when a cluster's HOST:PORT does not answer (before Ray tries)."""
    if not address or address == "auto":
        return
    where = address.split("://", 1)[-1].rstrip("/")
    host, _, port = where.rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError(f"--ray-address {address!r} is not HOST:PORT, ray://HOST:PORT or auto", hint=_ADDRESS_HINT)
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise ConfigError(f"no Ray cluster answers at {address} ({exc.strerror or exc})", hint=_ADDRESS_HINT) from None


def _windows(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while window := list(itertools.islice(it, size)):
        yield window


def _row(item: Item, recorder: Recorder, settings: Settings, formats: tuple[str, ...]) -> dict:
    prior = prior_of(item.id, recorder.finished, settings, formats)
    return {
        "id": item.id,
        "source": item.source,
        "text": item.text,
        "url": item.url,
        # read by a worker, whose working folder is not ours
        "path": os.path.abspath(item.path) if item.path is not None else None,
        "error": item.error,
        "skip": prior.skip,
        "replaced": prior.replaced,
    }


def run_ray(
    items: Iterable[Item],
    total: int,
    settings: Settings,
    opts: BatchOptions,
    *,
    address: str | None = None,
    actors: int | None = None,
    rpm: float | None = None,
    tpm: float | None = None,
) -> Tally:
    """Brief every item on Ray: on the cluster at `address` ("auto" finds a running one), or
    on a local one started for this run and stopped after it."""
    ray = require_ray()
    from .ray_data import brief_dataset, pool_size, record_of

    opts.out.mkdir(parents=True, exist_ok=True)
    with FolderLock(opts.out, wait=opts.wait):
        started = not ray.is_initialized()
        if started:
            check_reachable(address)
            # Ray's own C++ logging would print a line per actor pool on our stderr; it still
            # goes to the session's log files
            os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
            try:
                # no dashboard; a cluster started here keeps Ray's default token authentication
                quiet = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR}
                ray.init(address=address, **quiet)
            except Exception as exc:  # no cluster at that address, a version mismatch...
                raise ConfigError(f"cannot start or reach Ray ({_first_line(exc)})", hint=_ADDRESS_HINT) from None
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # our progress, not Ray's as well
        context.print_on_execution_start = False
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        # a short window has fewer blocks than actors; Ray warns, and the result is the same
        warnings.filterwarnings("ignore", message="The minimum number of concurrent actors")
        pool = pool_size(actors)
        recorder = Recorder(total, opts)
        cache_path = opts.cache.path if opts.cache is not None and opts.cache.db is not None else None
        try:
            for window in _windows(items, WINDOW):
                rows = [_row(item, recorder, settings, opts.formats) for item in window]
                blocks = max(1, min(len(rows), pool * 8))  # enough blocks to keep every actor busy
                briefs = brief_dataset(
                    ray.data.from_items(rows, override_num_blocks=blocks),
                    settings,
                    formats=opts.formats,
                    paper=opts.paper,
                    concurrency=opts.concurrency,
                    actors=pool,
                    rpm=rpm,
                    tpm=tpm,
                    cache_path=cache_path,
                )
                try:
                    for row in briefs.iter_rows():
                        briefed = record_of(row)
                        made = briefed.status in ("done", "cached")
                        recorder.write(briefed, {fmt: row[f"output_{fmt}"] for fmt in opts.formats if made})
                except ray.exceptions.RayError as exc:  # the job itself failed, not one article
                    raise ModelError(
                        f"the Ray job stopped: {_first_line(exc)}",
                        hint="what finished is in results.jsonl; re-run the same command to resume",
                    ) from None
        finally:
            recorder.close()
            if started:
                ray.shutdown()
    return recorder.tally
