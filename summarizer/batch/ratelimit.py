"""Shared rate limits for concurrent workers: requests and tokens per minute (token
buckets), and a pause that a 429 with Retry-After puts on every worker at once."""

from __future__ import annotations

import asyncio
import time


class _Bucket:
    """Refills at `per_minute` up to `capacity`; a taker waits until the level reaches
    `need`, then may take more than that (debt), so one large request is never stuck."""

    def __init__(self, per_minute: float, *, capacity: float, need: float, clock=time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.capacity = capacity
        self.need = need
        self.level = capacity
        self.clock = clock
        self.stamp = clock()

    def _refill(self) -> None:
        now = self.clock()
        self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_s(self) -> float:
        self._refill()
        return 0.0 if self.level >= self.need else (self.need - self.level) / self.rate + 1e-3

    def take(self, amount: float) -> None:
        self._refill()
        self.level -= amount


class RateGate:
    """Requests and tokens per minute over all workers, and the shared pause after a 429.
    `clock` and `sleep` are injectable so pacing can be tested without waiting."""

    def __init__(
        self, rpm: float | None = None, tpm: float | None = None, *, clock=time.monotonic, sleep=None, shared=None
    ) -> None:
        # Requests are paced evenly (no burst); tokens may burst up to one second's worth.
        self.requests = _Bucket(rpm, capacity=1.0, need=1.0, clock=clock) if rpm else None
        self.tokens = _Bucket(tpm, capacity=max(1.0, tpm / 60.0), need=1e-9, clock=clock) if tpm else None
        self.clock = clock
        self.sleep = sleep or asyncio.sleep
        # `shared`: a multiprocessing.Value("d") holding the pause for every worker process of a
        # batch (time.monotonic is one clock for all processes of a machine)
        self._shared = shared
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    @property
    def paused_until(self) -> float:
        return max(self._paused_until, self._shared.value) if self._shared is not None else self._paused_until

    def pause(self, seconds: float) -> None:
        """Hold every worker for `seconds` (a 429 told one of them to wait)."""
        until = max(self.paused_until, self.clock() + seconds)
        self._paused_until = until
        if self._shared is not None:
            with self._shared.get_lock():
                self._shared.value = max(self._shared.value, until)

    async def acquire(self, est_tokens: int) -> None:
        async with self._lock:  # one waiter at a time keeps the pace fair and exact
            while True:
                wait = self.paused_until - self.clock()
                for bucket in (self.requests, self.tokens):
                    if bucket is not None:
                        wait = max(wait, bucket.wait_s())
                if wait <= 0:
                    break
                await self.sleep(wait)
            if self.requests:
                self.requests.take(1)
            if self.tokens:
                self.tokens.take(est_tokens)

    def settle(self, estimated: int, actual: int) -> None:
        """Correct the token bucket once the real usage is known."""
        if self.tokens is not None:
            self.tokens.take(actual - estimated)
