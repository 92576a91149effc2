"""Transport retries for one model call, whatever the provider: what it raises as `Transient`
(a 429 honouring Retry-After, a 5xx, a timeout, a reset) is retried here with tenacity and never
reaches the model's conversation. Providers switch their SDK's own retries off, so this is the
only retry loop, and it draws on the brief's one budget.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type

from ..budget import Spend
from ..errors import ModelError
from ..logs import logger
from .base import Transient

log = logger("summarizer.transport")
T = TypeVar("T")

BACKOFF_FIRST_S = 0.25  # exponential backoff without a Retry-After: 0.25, 0.5, 1, 2... seconds
BACKOFF_MAX_S = 8.0
MIN_CALL_S = 0.05  # the least time a call is given, so a nearly spent deadline still makes one clean try


class RateGate(Protocol):
    """What transport needs of a shared rate limit (the batch runner supplies one): wait for a
    request's turn, pause every caller after a 429, and correct a token estimate afterwards."""

    async def acquire(self, tokens: float) -> None: ...

    def pause(self, seconds: float) -> None: ...

    def settle(self, estimated: float, actual: float) -> None: ...


@dataclass(frozen=True)
class Transport:
    """How each model call of a brief is made: its timeout, the most of a Retry-After honoured,
    and the rate limit it shares with a batch's other briefs."""

    request_timeout_s: float = 60.0
    retry_after_cap_s: float = 30.0
    gate: RateGate | None = None


def retry_after_s(headers: Any) -> float | None:
    """Seconds a server asked us to wait: `retry-after-ms`, or Retry-After as seconds or as an
    HTTP-date (RFC 9110). `headers`: any mapping with case-insensitive `get`."""
    if not headers:
        return None
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return max(float(ms) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


class _Policy:
    def __init__(self, spend: Spend, retry_after_cap_s: float, gate: RateGate | None = None) -> None:
        self.spend = spend
        self.gate = gate
        self.cap = retry_after_cap_s
        self.out_of_time = False

    def wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = exc.retry_after_s if isinstance(exc, Transient) else None
        if asked is not None:
            return min(asked, self.cap)
        backoff = min(BACKOFF_FIRST_S * 2 ** (state.attempt_number - 1), BACKOFF_MAX_S)
        return backoff * (0.5 + random.random() / 2)

    def stop(self, state: RetryCallState) -> bool:
        if state.attempt_number > self.spend.budget.transport_retries:
            return True
        # Sleeping past the deadline only to give up afterwards would waste the caller's time.
        self.out_of_time = (state.upcoming_sleep or 0.0) >= self.spend.remaining_s()
        return self.out_of_time

    def before_sleep(self, state: RetryCallState) -> None:
        self.spend.transport_retries += 1
        exc = state.outcome.exception() if state.outcome else None
        if self.gate is not None and getattr(exc, "status", None) == 429:
            self.gate.pause(state.upcoming_sleep or 0.0)  # the limit is shared: every worker waits
        # -v shows each retry; by default only the outcome is said, in one line
        log.info("transport fault (%s); retrying in %.2fs", exc if exc else "?", state.upcoming_sleep)


async def _sleep(seconds: float) -> None:
    """The wait between tries (a test replaces it to read the waits without waiting)."""
    await asyncio.sleep(seconds)


async def _within_deadline(call: Awaitable[T], spend: Spend) -> T:
    try:
        return await asyncio.wait_for(call, timeout=max(spend.remaining_s(), MIN_CALL_S))
    except asyncio.TimeoutError:
        spend.last_error = "the endpoint was still answering when the deadline came"
        raise spend.exceeded(
            f"deadline of {spend.budget.deadline_s:g}s reached while the endpoint was still answering"
        ) from None


async def call_with_retries(
    send: Callable[[float], Awaitable[T]],
    spend: Spend,
    *,
    request_timeout_s: float,
    retry_after_cap_s: float,
    gate: RateGate | None = None,
    est_tokens: int = 0,
) -> T:
    """Run `send(timeout)` until it answers, retrying what it raises as `Transient` within the
    budget; the provider's permanent errors pass through."""
    policy = _Policy(spend, retry_after_cap_s, gate)
    retrying = AsyncRetrying(
        retry=retry_if_exception_type(Transient),
        wait=policy.wait,
        stop=policy.stop,
        before_sleep=policy.before_sleep,
        sleep=lambda seconds: _sleep(seconds),  # looked up at each wait, so a test's stand-in is used
        reraise=True,
    )
    try:
        async for attempt in retrying:
            with attempt:
                if gate is not None:
                    await gate.acquire(est_tokens)
                timeout = max(min(request_timeout_s, spend.remaining_s()), MIN_CALL_S)
                spend.requests += 1
                # the remaining deadline bounds the whole call: a server that trickles a byte
                # at a time never trips a per-read timeout
                return await _within_deadline(send(timeout), spend)
    except Transient as exc:
        spend.last_error = exc.what
        if policy.out_of_time or spend.remaining_s() <= 0:
            raise spend.exceeded(f"deadline of {spend.budget.deadline_s:g}s reached during transport retries") from None
        raise ModelError(
            f"the endpoint kept failing ({exc.what}) after {spend.transport_retries + 1} tries",
            hint="check that the server is up, or raise --transport-retries",
            usage=spend.usage.model_copy(),
            attempts=spend.calls,
        ) from None
    raise AssertionError("unreachable: tenacity either returns or raises")
