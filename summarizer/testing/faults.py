"""The fault-injection matrix: scripted endpoint faults, alone and in sequences, and a runner
that checks each outcome against the budget. Used by tests/test_faults.py and
scripts/fault_report.py, so the suite and the report cannot drift apart.

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

from ..errors import BudgetExceeded, ModelError, SummarizerError
from ..pipeline import asummarize
from ..settings import Settings
from .server import ScriptedServer
from .steps import Step, completion, fault, raw, reply, reset, slow

#: Wall-clock slack allowed past the deadline (event-loop scheduling, connection teardown).
DEADLINE_SLACK_S = 1.0


@dataclass
class Scenario:
    name: str
    steps: Callable[[dict], list[Step]]  # from a good brief to the queued steps
    expect: type[SummarizerError] | None = None  # None: a brief is delivered
    settings: dict[str, Any] = field(default_factory=dict)
    mentions: str = ""  # the error text must name the last fault


@dataclass
class Outcome:
    scenario: Scenario
    ok: bool
    result: str
    requests: int
    attempts: int
    tokens: int
    elapsed_s: float
    deadline_s: float
    crashed: bool = False
    hung: bool = False
    detail: str = ""


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
        expect=BudgetExceeded,
        settings={"retry_after_cap_s": 3600, "deadline_s": 3},
        mentions="429",
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
    Scenario("refusal", lambda g: [_refusal(), reply(g)], expect=ModelError, mentions="refused"),
    Scenario("output that fails the schema", lambda g: [reply(_bad_schema(g)), reply(g)]),
    Scenario("quotes not in the article", lambda g: [reply(_ungrounded(g)), reply(g)]),
    Scenario(
        "429, 429, 500, then success", lambda g: [fault(429, retry_after="0.1"), fault(429), fault(500), reply(g)]
    ),
    Scenario("500, bad schema, 429, then success", lambda g: [fault(500), reply(_bad_schema(g)), fault(429), reply(g)]),
    Scenario(
        "503 on every try",
        lambda g: [fault(503)] * 10,
        expect=ModelError,
        settings={"transport_retries": 2},
        mentions="503",
    ),
    Scenario(
        "bad schema on every call", lambda g: [reply(_bad_schema(g))] * 5, expect=BudgetExceeded, mentions="summary"
    ),
    Scenario(
        "slow on every call",
        lambda g: [slow(3.0, g)] * 10,
        expect=BudgetExceeded,
        settings={"request_timeout_s": 1.0, "deadline_s": 2.5},
        mentions="deadline",
    ),
]


async def run_scenario(scenario: Scenario, article: str, good: dict) -> Outcome:
    """Run one scenario against a fresh scripted server and check it against the budget."""
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
        result, attempts, tokens, detail = "brief", 0, 0, ""
        crashed = hung = False
        try:
            brief = await asyncio.wait_for(asummarize(article, settings=settings), settings.deadline_s + 10)
            attempts, tokens = brief.meta.attempts, brief.meta.usage.total_tokens
            # the brief must hold every outlet of the good answer the scenario was built from
            ok = (
                scenario.expect is None
                and brief.meta.engine == "llm"
                and len(brief.cited_outlets) == len(good.get("cited_outlets", []))
            )
        except asyncio.TimeoutError:
            hung, ok, result = True, False, "hang"
        except SummarizerError as exc:
            result, detail = type(exc).__name__, str(exc)
            usage = getattr(exc, "usage", None)
            attempts, tokens = getattr(exc, "attempts", 0), usage.total_tokens if usage else 0
            ok = scenario.expect is not None and isinstance(exc, scenario.expect) and scenario.mentions in detail
        except Exception as exc:  # anything else is a crash: the user would see a traceback
            crashed, ok, result, detail = True, False, "crash", f"{type(exc).__name__}: {exc}"
        elapsed = time.monotonic() - started
    within = attempts <= settings.max_calls and elapsed <= settings.deadline_s + DEADLINE_SLACK_S
    max_requests = settings.max_calls * (settings.transport_retries + 1)
    within = within and len(server.requests) <= max_requests
    return Outcome(
        scenario,
        ok and within,
        result,
        len(server.requests),
        attempts,
        tokens,
        elapsed,
        settings.deadline_s,
        crashed,
        hung,
        detail,
    )
