"""The fault-injection matrix: scripted endpoint faults, alone and in sequences, and a runner
that records what each one led to. What each outcome should be is judged in
tests/test_faults.py (`verdict`), not here: the package does not grade itself.
scripts/fault_report.py prints the same matrix with the tests' verdicts.

Every model answer here is SCRIPTED (queued by hand), never recorded.
"""

from __future__ import annotations

import asyncio
import copy
import email.utils
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import SummarizerError
from ..models import Brief
from ..pipeline import asummarize
from ..settings import Settings
from .server import ScriptedServer
from .steps import Step, completion, fault, raw, reply, reset, slow


@dataclass
class Scenario:
    name: str
    steps: Callable[[dict], list[Step]]  # from a good brief to the queued steps
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    """What one scenario led to, as observed: no judgement of it."""

    scenario: Scenario
    settings: Settings
    result: str  # "brief", the error's class name, "hang" or "crash"
    requests: int
    attempts: int
    tokens: int
    elapsed_s: float
    brief: Brief | None = None
    error: SummarizerError | None = None
    detail: str = ""  # the error's text
    crashed: bool = False
    hung: bool = False


def _http_date(seconds_from_now: float) -> str:
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


def _truncated(good: dict, finish: str) -> Step:
    request = {"tools": [{"function": {"name": "ArticleBrief"}}]}
    args = json.dumps(good)[: len(json.dumps(good)) // 2]
    return raw(json.dumps(completion(request, arguments=args, usage=(900, 400), finish_reason=finish)))


def _empty_choices() -> Step:
    body = {"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": []}
    return raw(json.dumps(body))


def _refusal() -> Step:
    return raw(json.dumps(completion({}, content=None, refusal="I can't help with that.", usage=(900, 10))))


def _bad_schema(good: dict) -> dict:
    bad = copy.deepcopy(good)
    bad["participants"][0]["kind"] = "alien"
    del bad["summary"]
    return bad


def _ungrounded(good: dict) -> dict:
    bad = copy.deepcopy(good)
    bad["positions"][0]["quote"] = "words the article never printed"
    return bad


SCENARIOS: list[Scenario] = [
    Scenario("429 Retry-After: seconds", lambda g: [fault(429, retry_after="0.2"), reply(g)]),
    Scenario("429 Retry-After: HTTP-date", lambda g: [fault(429, retry_after=_http_date(1)), reply(g)]),
    Scenario("429 without Retry-After", lambda g: [fault(429), reply(g)]),
    Scenario(
        "429 Retry-After above the cap",
        lambda g: [fault(429, retry_after="3600"), reply(g)],
        settings={"retry_after_cap_s": 0.3},
    ),
    Scenario(
        "429 Retry-After past the deadline",
        lambda g: [fault(429, retry_after="3600"), reply(g)],
        settings={"retry_after_cap_s": 3600, "deadline_s": 3},
    ),
    Scenario("500", lambda g: [fault(500), reply(g)]),
    Scenario("502", lambda g: [fault(502, body="<html>Bad Gateway</html>"), reply(g)]),
    Scenario("503", lambda g: [fault(503), reply(g)]),
    Scenario("slower than the client timeout", lambda g: [slow(2.0, g), reply(g)], settings={"request_timeout_s": 0.5}),
    Scenario("connection reset mid-body", lambda g: [reset(), reply(g)]),
    Scenario("200 with malformed JSON", lambda g: [raw('{"id": "x", "choices": [ {'), reply(g)]),
    Scenario("truncated tool-call arguments", lambda g: [_truncated(g, "tool_calls"), reply(g)]),
    Scenario("cut off at the length limit", lambda g: [_truncated(g, "length"), reply(g)]),
    Scenario("empty choices list", lambda g: [_empty_choices(), reply(g)]),
    Scenario("refusal", lambda g: [_refusal(), reply(g)]),
    Scenario("output that fails the schema", lambda g: [reply(_bad_schema(g)), reply(g)]),
    Scenario("quotes not in the article", lambda g: [reply(_ungrounded(g)), reply(g)]),
    Scenario(
        "429, 429, 500, then success", lambda g: [fault(429, retry_after="0.1"), fault(429), fault(500), reply(g)]
    ),
    Scenario("500, bad schema, 429, then success", lambda g: [fault(500), reply(_bad_schema(g)), fault(429), reply(g)]),
    Scenario(
        "503 on every try",
        lambda g: [fault(503)] * 10,
        settings={"transport_retries": 2},
    ),
    Scenario("bad schema on every call", lambda g: [reply(_bad_schema(g))] * 5),
    Scenario(
        "slow on every call",
        lambda g: [slow(3.0, g)] * 10,
        settings={"request_timeout_s": 1.0, "deadline_s": 2.5},
    ),
]


async def run_scenario(scenario: Scenario, article: str, good: dict) -> Outcome:
    """Run one scenario against a fresh scripted server and record what happened."""
    settings = Settings(
        base_url="http://unused.invalid/v1",
        api_key="sk-fault-matrix",
        model="scripted",
        **{"request_timeout_s": 5.0, "deadline_s": 20.0, **scenario.settings},
    )
    with ScriptedServer() as server:
        server.enqueue(*scenario.steps(good))
        settings = settings.model_copy(update={"base_url": server.base_url})
        started = time.monotonic()
        seen: dict[str, Any] = {"result": "brief", "attempts": 0, "tokens": 0}
        try:
            brief = await asyncio.wait_for(asummarize(article, settings=settings), settings.deadline_s + 10)
            seen.update(brief=brief, attempts=brief.meta.attempts, tokens=brief.meta.usage.total_tokens)
        except asyncio.TimeoutError:
            seen.update(result="hang", hung=True)
        except SummarizerError as exc:
            usage = getattr(exc, "usage", None)
            seen.update(result=type(exc).__name__, error=exc, detail=str(exc), attempts=getattr(exc, "attempts", 0))
            seen["tokens"] = usage.total_tokens if usage else 0
        except Exception as exc:  # anything else is a crash: the user would see a traceback
            seen.update(result="crash", crashed=True, detail=f"{type(exc).__name__}: {exc}")
        elapsed = time.monotonic() - started
    return Outcome(scenario, settings, requests=len(server.requests), elapsed_s=elapsed, **seen)
