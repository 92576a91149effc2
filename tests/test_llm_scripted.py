"""The OpenAI provider against a SCRIPTED OpenAI-compatible server (real HTTP on 127.0.0.1): the
request on the wire, instructor's re-ask format, transport faults, keys and modes. The engine's
own behaviour (re-asks, checks, completeness, budget) is tested in-process in `test_engine.py`.

Every model answer here is hand-written and queued by the test; none is a recording.
"""

from __future__ import annotations

import copy

import pytest

from summarizer import BudgetExceeded, ModelError, Settings, summarize
from summarizer.testing import fault, reply, reply_as_content


def _settings(server, **kw) -> Settings:
    return Settings(base_url=server.base_url, api_key="sk-scripted-test-key-123456", model="scripted-model", **kw)


def _ask(text, server, **kw):
    return summarize(text, settings=_settings(server, **kw))


def test_clean_first_answer_is_grounded_with_offsets(scripted, seed_text, scripted_brief):
    scripted.enqueue(reply(scripted_brief))
    brief = _ask(seed_text, scripted)
    assert brief.meta.engine == "llm" and brief.meta.attempts == 1 and brief.warnings == []
    assert brief.meta.usage.total_tokens > 0
    evidences = [x.evidence for x in brief.participants + brief.positions + brief.agreed_points + brief.cited_outlets]
    assert len(evidences) == 10
    for ev in evidences:
        assert seed_text[ev.start : ev.end] == ev.quote
    assert brief.positions[0].holder == "Sergey Lavrov"  # "Lavrov" resolved to the participant
    request = scripted.requests[0]
    assert request["tool_choice"]["function"]["name"] == request["tools"][0]["function"]["name"]
    user = request["messages"][-1]["content"]
    assert seed_text.strip() in user  # the article reaches the model byte for byte, inside the fence


def test_hallucinated_quote_is_reasked_for_that_item_alone(scripted, seed_text, scripted_brief):
    bad = copy.deepcopy(scripted_brief)
    bad["positions"][0]["quote"] = "sanctions are a crime against humanity"
    fixed = {"positions": [scripted_brief["positions"][0]]}  # SCRIPTED: only the corrected item
    scripted.enqueue(reply(bad), reply(fixed))
    brief = _ask(seed_text, scripted)
    assert brief.meta.attempts == 2 and brief.warnings == []
    *asked, told = scripted.requests[1]["messages"]
    assert asked == scripted.requests[0]["messages"]  # the article's messages, then the refused item
    assert told["role"] == "user" and "positions[0]" in told["content"]
    assert "quote not found in the article" in told["content"] and bad["positions"][1]["stance"] not in told["content"]
    assert scripted.requests[1]["tool_choice"]["function"]["name"] == "ArticlePatch"
    assert brief.positions[0].quote == "unlawful sanctions" and len(brief.positions) == len(bad["positions"])


def test_an_answer_that_does_not_parse_is_reasked_as_instructor_does_on_the_wire(scripted, seed_text, scripted_brief):
    scripted.enqueue(reply({**scripted_brief, "participants": "SCRIPTED: not a list"}), reply(scripted_brief))
    brief = _ask(seed_text, scripted)
    assert brief.meta.attempts == 2 and brief.warnings == []
    *asked, answered, told = scripted.requests[1]["messages"]
    assert asked == scripted.requests[0]["messages"]  # the first request, then the answer and the re-ask
    assert answered["tool_calls"][0]["function"]["name"] == "ArticleBrief"  # instructor's tools re-ask:
    assert told["role"] == "tool" and told["tool_call_id"] == answered["tool_calls"][0]["id"]  # a tool message
    assert "participants" in told["content"] and "list" in told["content"]


@pytest.fixture()
def waits(monkeypatch):
    """The waits between transport tries, recorded instead of slept (a fake clock)."""
    from summarizer.providers import transport

    asked: list[float] = []

    async def record(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(transport, "_sleep", record)
    return asked


@pytest.mark.parametrize("first", [fault(429, retry_after="7"), fault(500), fault(503)])
def test_transport_fault_is_retried_and_never_shown_to_the_model(scripted, seed_text, scripted_brief, first, waits):
    scripted.enqueue(first, reply(scripted_brief))
    brief = _ask(seed_text, scripted)
    assert len(scripted.requests) == 2
    assert brief.meta.attempts == 1  # the model answered once; the fault cost no re-ask
    assert scripted.requests[0]["messages"] == scripted.requests[1]["messages"]
    if first.headers.get("Retry-After"):
        assert waits == [7.0]  # the server's Retry-After, honoured
    else:
        assert len(waits) == 1 and 0.125 <= waits[0] <= 0.25  # the first backoff, with jitter


def test_retry_after_beyond_the_deadline_fails_fast(scripted, seed_text, scripted_brief, waits):
    scripted.enqueue(fault(429, retry_after="100"), reply(scripted_brief))
    with pytest.raises(BudgetExceeded, match="deadline of 2s reached during transport retries") as info:
        _ask(seed_text, scripted, deadline_s=2.0, retry_after_cap_s=100)
    assert waits == [] and len(scripted.requests) == 1  # it did not wait 100 s only to give up
    assert "429" in info.value.last_error


def test_auth_error_is_not_retried_and_says_how_to_fix(scripted, seed_text):
    scripted.enqueue(fault(401))
    with pytest.raises(ModelError) as info:
        _ask(seed_text, scripted)
    assert len(scripted.requests) == 1
    assert "API key" in str(info.value) and "sk-scripted" not in str(info.value)


def test_json_mode_for_servers_without_tool_calls(scripted, seed_text, scripted_brief):
    scripted.enqueue(reply(scripted_brief))
    brief = _ask(seed_text, scripted, mode="json")
    assert "tools" not in scripted.requests[0]
    assert scripted.requests[0]["response_format"]["type"] == "json_object"
    assert len(brief.cited_outlets) == 2


def test_api_key_is_sent_but_never_in_the_brief(scripted, seed_text, scripted_brief):
    scripted.enqueue(reply(scripted_brief))
    brief = _ask(seed_text, scripted)
    assert scripted.headers[0]["authorization"] == "Bearer sk-scripted-test-key-123456"
    assert "sk-scripted" not in brief.model_dump_json()


@pytest.mark.parametrize("fenced", [False, True])
def test_server_that_answers_json_content_instead_of_a_tool_call(scripted, seed_text, scripted_brief, fenced):
    scripted.enqueue(reply_as_content(scripted_brief, fenced=fenced))
    brief = _ask(seed_text, scripted)
    assert scripted.requests[0]["tools"] and brief.meta.attempts == 1
    assert [o.name for o in brief.cited_outlets] == ["RIA Novosti", "Xinhua"]
