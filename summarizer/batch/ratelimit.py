"""Shared rate limits for concurrent workers: requests and tokens per minute (token
buckets), and a pause that a 429 with Retry-After puts on every worker at once."""

from __future__ import annotations

import asyncio
import time


class _Bucket:
    """Refills at `per_minute` up to `capacity`; a taker waits until the level reaches
    `need`, then may take more than that (debt), so one large request is never stuck."""

    def __init__(self, per_minute: float, *, capacity: float, need: float) -> None:
        self.rate = per_minute / 60.0
        self.capacity = capacity
        self.need = need
        self.level = capacity
        self.stamp = time.monotonic()

    def _refill(self) -> None:
        now = time.monotonic()
        self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_s(self) -> float:
        self._refill()
        return 0.0 if self.level >= self.need else (self.need - self.level) / self.rate + 1e-3

    def take(self, amount: float) -> None:
        self._refill()
        self.level -= amount


class RateGate:
    def __init__(self, rpm: float | None = None, tpm: float | None = None) -> None:
        # Requests are paced evenly (no burst); tokens may burst up to one second's worth.
        self.requests = _Bucket(rpm, capacity=1.0, need=1.0) if rpm else None
        self.tokens = _Bucket(tpm, capacity=max(1.0, tpm / 60.0), need=1e-9) if tpm else None
        self.paused_until = 0.0
        self.pauses = 0
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        """Hold every worker for `seconds` (a 429 told one of them to wait)."""
        until = time.monotonic() + seconds
        if until > self.paused_until:
            self.paused_until = until
            self.pauses += 1

    async def acquire(self, est_tokens: int) -> None:
        async with self._lock:  # one waiter at a time keeps the pace fair and exact
            while True:
                wait = self.paused_until - time.monotonic()
                for bucket in (self.requests, self.tokens):
                    if bucket is not None:
                        wait = max(wait, bucket.wait_s())
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            if self.requests:
                self.requests.take(1)
            if self.tokens:
                self.tokens.take(est_tokens)

    def settle(self, estimated: int, actual: int) -> None:
        """Correct the token bucket once the real usage is known."""
        if self.tokens is not None:
            self.tokens.take(actual - estimated)
