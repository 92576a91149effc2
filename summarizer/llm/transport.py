"""Transport retries for one model call: 429 (honouring Retry-After), 5xx, timeouts and resets.

These faults are retried here with tenacity and never reach the model's conversation; the
OpenAI SDK's own retries are switched off so that this is the only retry loop.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

import openai
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception

from ..budget import Spend
from ..errors import ContextTooLong, ModelError, redact
from ..logs import logger
from .bounded_http import ResponseTooLarge

log = logger("summarizer.transport")
T = TypeVar("T")

_TRANSIENT_STATUS = {408, 409, 425, 429}
DETAIL_CHARS = 200  # how much of an endpoint's error message an error quotes
BACKOFF_FIRST_S = 0.25  # exponential backoff without a Retry-After: 0.25, 0.5, 1, 2... seconds
BACKOFF_MAX_S = 8.0
MIN_CALL_S = 0.05  # the least time a call is given, so a nearly spent deadline still makes one clean try


class RateGate(Protocol):
    """What transport needs of a shared rate limit (the batch runner supplies one): wait for a
    request's turn, pause every caller after a 429, and correct a token estimate afterwards."""

    async def acquire(self, tokens: float) -> None: ...

    def pause(self, seconds: float) -> None: ...

    def settle(self, estimated: float, actual: float) -> None: ...


class MalformedResponse(Exception):
    """HTTP 200 whose body is not a usable completion (bad JSON, no choices): a server fault,
    retried like a 5xx and never shown to the model."""


def check_response(response: Any) -> Any:
    if not getattr(response, "choices", None):
        raise MalformedResponse("the endpoint answered with an empty choices list")
    return response


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError, MalformedResponse)):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
    return False


def retry_after_s(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (Retry-After as seconds or HTTP-date, or -ms)."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
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


def describe(exc: BaseException) -> str:
    """A short, secret-free description of a transport fault."""
    if isinstance(exc, MalformedResponse):
        return str(exc)
    if isinstance(exc, openai.APITimeoutError):
        return "request timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "connection failed or was reset"
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code} from the endpoint"
    return type(exc).__name__


_FIX = {
    401: "check the API key (--api-key or OPENAI_API_KEY)",
    403: "check the API key's permissions for this model",
    404: "check --model and --base-url (an OpenAI-compatible base URL usually ends in /v1)",
    400: "the endpoint rejected the request; if it cannot do tool calls, try --mode json",
    422: "the endpoint rejected the request; if it cannot do tool calls, try --mode json",
}


# How servers say a request is longer than the model's context window: OpenAI and vLLM
# ("context_length_exceeded", "maximum context length is 4096 tokens"), llama.cpp ("exceeds the
# available context size", "n_ctx"), Ollama and others ("prompt is too long", "context window").
_CONTEXT_WORDS = re.compile(
    r"context_length_exceeded|maximum context length|context (?:window|size|length)|n_ctx|prompt is too long"
    r"|too many tokens",
    re.I,
)
_CONTEXT_LIMIT = re.compile(
    r"(?:maximum context length is|context (?:window|size|length)(?: of| is)?|n_ctx\D{0,5})\s*(\d{3,7})", re.I
)


def _context_error(exc: BaseException, detail: str) -> bool:
    code = getattr(exc, "code", None)
    return getattr(exc, "status_code", None) in (400, 413, 422) and (
        code == "context_length_exceeded" or bool(_CONTEXT_WORDS.search(detail))
    )


class _Policy:
    def __init__(self, spend: Spend, retry_after_cap_s: float, gate: RateGate | None = None) -> None:
        self.spend = spend
        self.gate = gate
        self.cap = retry_after_cap_s
        self.out_of_time = False

    def wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_s(exc) if exc is not None else None
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
        if self.gate is not None and getattr(exc, "status_code", None) == 429:
            self.gate.pause(state.upcoming_sleep or 0.0)  # the limit is shared: every worker waits
        # -v shows each retry; by default only the outcome is said, in one line
        log.info("transport fault (%s); retrying in %.2fs", describe(exc) if exc else "?", state.upcoming_sleep)


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
    secret: str | None = None,
    gate: RateGate | None = None,
    est_tokens: int = 0,
) -> T:
    """Run `send(timeout)` until it answers, retrying transient faults within the budget."""
    policy = _Policy(spend, retry_after_cap_s, gate)
    retrying = AsyncRetrying(
        retry=retry_if_exception(is_transient),
        wait=policy.wait,
        stop=policy.stop,
        before_sleep=policy.before_sleep,
        reraise=True,
    )
    try:
        async for attempt in retrying:
            with attempt:
                if gate is not None:
                    await gate.acquire(est_tokens)
                timeout = max(min(request_timeout_s, spend.remaining_s()), MIN_CALL_S)
                spend.requests += 1
                try:
                    # httpx's timeout is per read, so a server that trickles a byte at a time
                    # never trips it: the remaining deadline bounds the whole call instead.
                    return check_response(await _within_deadline(send(timeout), spend))
                except RecursionError:
                    raise MalformedResponse("the endpoint answered with a body nested too deeply to read") from None
                except (ValueError, openai.APIResponseValidationError) as exc:
                    # a 200 whose body is not JSON (json.JSONDecodeError is a ValueError)
                    raise MalformedResponse(
                        f"the endpoint answered with a malformed body ({type(exc).__name__})"
                    ) from exc
    except ResponseTooLarge as exc:  # not retried: the same server would send as much again
        spend.last_error = str(exc)
        raise ModelError(str(exc), usage=spend.usage.model_copy(), attempts=spend.calls) from None
    except (openai.APIError, MalformedResponse) as exc:
        what = describe(exc)
        spend.last_error = what
        if is_transient(exc):
            if policy.out_of_time or spend.remaining_s() <= 0:
                raise spend.exceeded(
                    f"deadline of {spend.budget.deadline_s:g}s reached during transport retries"
                ) from None
            raise ModelError(
                f"the endpoint kept failing ({what}) after {spend.transport_retries + 1} tries",
                hint="check that the server is up, or raise --transport-retries",
                usage=spend.usage.model_copy(),
                attempts=spend.calls,
            ) from None
        detail = redact(getattr(exc, "message", "") or "", secret)
        if _context_error(exc, detail):
            limit = _CONTEXT_LIMIT.search(detail)
            raise ContextTooLong(
                f"the request is longer than the model's context window ({what}): {detail[:DETAIL_CHARS]}",
                limit_tokens=int(limit.group(1)) if limit else None,
                hint="pass --context-window TOKENS to brief the article in parts that fit",
                usage=spend.usage.model_copy(),
                attempts=spend.calls,
            ) from None
        raise ModelError(
            f"the endpoint refused the request ({what}){': ' + detail[:DETAIL_CHARS] if detail else ''}",
            hint=_FIX.get(getattr(exc, "status_code", 0)),
            usage=spend.usage.model_copy(),
            attempts=spend.calls,
        ) from None
    raise AssertionError("unreachable: tenacity either returns or raises")
