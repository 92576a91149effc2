"""One llm engine per endpoint and settings, reused by every brief made on the same event loop,
and the one event loop per thread that `summarize()` runs on.

A loop of `summarize()` calls therefore behaves like a shared engine: one client, its TLS state
and its kept-alive connections, instead of a new SDK client per call (which cost more than our
whole plumbing around a local model's answer). An HTTP client belongs to the loop its
connections were made on, so engines are kept per loop; `summarize()` keeps its loop (one per
thread) for the life of the thread instead of making a new one per call. Everything is closed
at interpreter exit.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from .settings import Settings

#: Engines kept per loop: a program that briefs with many different settings does not keep a
#: client for each forever; the least recently used one is closed.
MAX_ENGINES_PER_LOOP = 8

_by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, OrderedDict[str, Any]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
_local = threading.local()
# every live thread's runner, closed at exit (weakly held: a finished thread's goes with it)
_runners: weakref.WeakSet = weakref.WeakSet()


def _key(settings: Settings) -> str:
    """Everything an engine is made from: the settings, and the key (which dumps hide)."""
    secret = settings.api_key.get_secret_value() if settings.api_key else ""
    digest = hashlib.sha256(secret.encode()).hexdigest()
    return f"{settings.model_dump_json()}|{digest}"


async def shared_engine(settings: Settings, make: Callable[[Settings], Any]):
    """This loop's engine for these settings, made on first use by `make(settings)` (the
    pipeline's `engine_for`: this module sits below the pipeline and does not import it)."""
    loop = asyncio.get_running_loop()
    key = _key(settings)
    with _lock:
        engines = _by_loop.setdefault(loop, OrderedDict())
        engine = engines.get(key)
        if engine is not None:
            engines.move_to_end(key)
            return engine
        engine = engines[key] = make(settings)
        evicted = engines.popitem(last=False)[1] if len(engines) > MAX_ENGINES_PER_LOOP else None
    if evicted is not None:
        await evicted.aclose()
    return engine


async def close_engines() -> None:
    """Close this loop's engines (their clients and connections)."""
    with _lock:
        engines = _by_loop.pop(asyncio.get_running_loop(), OrderedDict())
    for engine in engines.values():
        with contextlib.suppress(Exception):  # closing at exit must not raise over the result
            await engine.aclose()


class _Runner:
    """A thread's persistent event loop (asyncio.Runner where there is one: it turns Ctrl-C into
    a cancelled task, as asyncio.run does)."""

    def __init__(self) -> None:
        if hasattr(asyncio, "Runner"):  # Python 3.11+
            self._runner = asyncio.Runner()
            self._loop = None
        else:
            self._runner = None
            self._loop = asyncio.new_event_loop()

    def run(self, coro: Coroutine):
        if self._runner is not None:
            # After each run, asyncio.Runner asks signal.getsignal whether its Ctrl-C handler is
            # still installed, and getsignal formats "%r is not a valid Handlers" for that handler,
            # which holds the task, whose repr holds its result: a whole Brief, about 1 ms of
            # pydantic repr per call. The result is handed back in a box with a short repr.
            return self._runner.run(_boxed(coro)).value
        task = self._loop.create_task(coro)
        try:
            return self._loop.run_until_complete(task)
        except BaseException:  # Ctrl-C on 3.10: the call is cancelled, not left half-run
            task.cancel()
            with contextlib.suppress(BaseException):
                self._loop.run_until_complete(task)
            raise

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.run(close_engines())
        with contextlib.suppress(Exception):
            if self._runner is not None:
                self._runner.close()
            else:
                self._loop.close()


class _Box:
    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<result>"


async def _boxed(coro: Coroutine) -> _Box:
    return _Box(await coro)


def run_sync(coro: Coroutine):
    """Run `coro` on this thread's persistent loop (made on first use)."""
    runner = getattr(_local, "runner", None)
    if runner is None:
        runner = _local.runner = _Runner()
        with _lock:
            _runners.add(runner)
    return runner.run(coro)


@atexit.register
def _close_all() -> None:
    with _lock:
        runners = list(_runners)
        _runners.clear()
    for runner in runners:
        runner.close()
