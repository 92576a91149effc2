"""The llm engine against a SCRIPTED OpenAI-compatible server (real HTTP on 127.0.0.1).

Every model answer here is hand-written and queued by the test; none is a recording.
"""

from __future__ import annotations

import asyncio
import copy
import time

import pytest

from summarizer import BudgetExceeded, ModelError, Settings, asummarize, summarize
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


def test_hallucinated_quote_is_reasked_with_the_specific_error(scripted, seed_text, scripted_brief):
    bad = copy.deepcopy(scripted_brief)
    bad["positions"][0]["quote"] = "sanctions are a crime against humanity"
    scripted.enqueue(reply(bad), reply(scripted_brief))
    brief = _ask(seed_text, scripted)
    assert brief.meta.attempts == 2 and brief.warnings == []
    reask = scripted.requests[1]["messages"][-1]["content"]
    assert "positions[0]" in reask and "quote not found in the article" in reask
    assert brief.positions[0].quote == "unlawful sanctions"


@pytest.mark.parametrize("first", [fault(429, retry_after="0.3"), fault(500), fault(503)])
def test_transport_fault_is_retried_and_never_shown_to_the_model(scripted, seed_text, scripted_brief, first):
    scripted.enqueue(first, reply(scripted_brief))
    started = time.monotonic()
    brief = _ask(seed_text, scripted)
    assert len(scripted.requests) == 2
    assert brief.meta.attempts == 1  # the model answered once; the fault cost no re-ask
    assert scripted.requests[0]["messages"] == scripted.requests[1]["messages"]
    if first.headers.get("Retry-After"):
        assert time.monotonic() - started >= 0.3


def test_budget_exhausted_raises_with_usage_and_last_error(scripted, seed_text, scripted_brief):
    too_long = copy.deepcopy(scripted_brief)
    too_long["summary"] = "word " * 120
    scripted.enqueue(reply(too_long), reply(too_long), reply(too_long))
    with pytest.raises(BudgetExceeded) as info:
        _ask(seed_text, scripted, max_calls=2)
    err = info.value
    assert err.attempts == 2 and len(scripted.requests) == 2
    assert err.usage.total_tokens > 0
    assert "summary" in err.last_error and "80" in err.last_error
    assert "2 model call(s)" in str(err)


def test_ungrounded_items_are_dropped_with_warnings_when_budget_ends(scripted, seed_text, scripted_brief):
    bad = copy.deepcopy(scripted_brief)
    bad["cited_outlets"].append({"name": "TASS", "as_written": "TASS", "evidence": {"quote": "TASS reported"}})
    scripted.enqueue(reply(bad), reply(bad))
    brief = _ask(seed_text, scripted, max_calls=2)
    assert [o.name for o in brief.cited_outlets] == ["RIA Novosti", "Xinhua"]
    assert any("cited_outlets[2]" in w and "TASS" in w for w in brief.warnings)
    assert brief.meta.attempts == 2


def test_retry_after_beyond_the_deadline_fails_fast(scripted, seed_text, scripted_brief):
    scripted.enqueue(fault(429, retry_after="100"), reply(scripted_brief))
    started = time.monotonic()
    with pytest.raises(BudgetExceeded) as info:
        _ask(seed_text, scripted, deadline_s=2.0, retry_after_cap_s=100)
    assert time.monotonic() - started < 2.0
    assert "429" in str(info.value)


def test_token_budget_stops_before_the_next_call(scripted, seed_text, scripted_brief):
    bad = copy.deepcopy(scripted_brief)
    bad["positions"][0]["quote"] = "invented words"
    scripted.enqueue(reply(bad, usage=(900, 200)), reply(scripted_brief))
    brief = _ask(seed_text, scripted, max_tokens=1000)
    # The second call was never made: the drafted brief is kept, minus its ungrounded item.
    assert len(scripted.requests) == 1 and brief.meta.usage.total_tokens == 1100
    assert any("tokens used" in w for w in brief.warnings)


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


def test_sync_and_async_doors_give_the_same_brief(scripted, seed_text, scripted_brief):
    scripted.enqueue(reply(scripted_brief), reply(scripted_brief))
    a = _ask(seed_text, scripted)
    b = asyncio.run(asummarize(seed_text, settings=_settings(scripted)))
    a.meta.elapsed_s = b.meta.elapsed_s = 0
    assert a == b


def test_api_key_is_sent_but_never_in_the_brief(scripted, seed_text, scripted_brief):
    scripted.enqueue(reply(scripted_brief))
    brief = _ask(seed_text, scripted)
    assert scripted.headers[0]["authorization"] == "Bearer sk-scripted-test-key-123456"
    assert "sk-scripted" not in brief.model_dump_json()


# --- completeness: one targeted re-ask for what the extractive pass found ----------------------


def _without_xinhua(brief: dict) -> dict:
    out = copy.deepcopy(brief)
    out["cited_outlets"] = [o for o in out["cited_outlets"] if o["name"] != "Xinhua"]
    return out


def test_left_out_outlet_triggers_one_targeted_reask(scripted, seed_text, scripted_brief):
    scripted.enqueue(reply(_without_xinhua(scripted_brief)), reply(scripted_brief))
    brief = _ask(seed_text, scripted)
    assert len(scripted.requests) == 2 and brief.meta.attempts == 2
    followup = scripted.requests[1]["messages"][-1]["content"]
    assert "Xinhua" in followup and "«" in followup and "RIA Novosti" not in followup
    assert [o.name for o in brief.cited_outlets] == ["RIA Novosti", "Xinhua"]
    assert brief.warnings == []


def test_model_may_explain_an_omission(scripted, seed_text, scripted_brief):
    answer = _without_xinhua(scripted_brief)
    explained = {**answer, "omissions": [{"item": "Xinhua", "reason": "scripted reason: only repeats the talks"}]}
    scripted.enqueue(reply(answer), reply(explained), reply(explained))
    brief = _ask(seed_text, scripted)
    assert len(scripted.requests) == 2  # at most one completeness re-ask
    assert any("Xinhua" in w and "scripted reason" in w for w in brief.warnings)


def test_no_budget_left_for_the_completeness_reask(scripted, seed_text, scripted_brief):
    scripted.enqueue(reply(_without_xinhua(scripted_brief)))
    brief = _ask(seed_text, scripted, max_calls=1)
    assert len(scripted.requests) == 1
    assert any("left out Xinhua" in w and "no budget" in w for w in brief.warnings)


@pytest.mark.parametrize("fenced", [False, True])
def test_server_that_answers_json_content_instead_of_a_tool_call(scripted, seed_text, scripted_brief, fenced):
    scripted.enqueue(reply_as_content(scripted_brief, fenced=fenced))
    brief = _ask(seed_text, scripted)
    assert scripted.requests[0]["tools"] and brief.meta.attempts == 1
    assert [o.name for o in brief.cited_outlets] == ["RIA Novosti", "Xinhua"]


OFF_TOPIC = "Ladies and gentlemen, the 2023 edition of our glossy magazine has been released to readers everywhere."


def test_a_summary_about_something_else_is_reasked(scripted, seed_text, scripted_brief):
    scripted.enqueue(reply({**scripted_brief, "summary": OFF_TOPIC}), reply(scripted_brief))
    brief = _ask(seed_text, scripted)
    assert brief.meta.attempts == 2 and brief.summary == scripted_brief["summary"]
    assert "summary" in scripted.requests[1]["messages"][-1]["content"]


def test_an_unsupported_summary_is_replaced_by_the_lead_when_the_budget_ends(scripted, seed_text, scripted_brief):
    scripted.enqueue(*[reply({**scripted_brief, "summary": OFF_TOPIC})] * 2)
    brief = _ask(seed_text, scripted, max_calls=2)
    assert brief.summary.startswith("Russia’s top diplomat Sergey Lavrov")
    assert any("summary was not supported" in w for w in brief.warnings)
    assert len(brief.cited_outlets) == 2  # the grounded items of the answer are kept


def test_a_quote_credited_to_the_wrong_person_is_reasked_with_who_said_it(scripted, seed_text, scripted_brief):
    """SCRIPTED: the first answer gives words the article credits to Lavrov, at the cue, to Wang Yi
    (a real model's typical slip): refused; the re-ask names the speaker the article gives; the
    corrected answer passes in one round."""
    words = "economic and technological development opportunities"
    right = copy.deepcopy(scripted_brief)
    right["positions"][0] = {
        "holder": "Lavrov",
        "stance": "The West seeks to impede China's development",
        "quote": words,
        "evidence": {"quote": f"Lavrov alleged that the West is seeking to impede China's \"{words}"},
    }
    wrong = copy.deepcopy(right)
    wrong["positions"][0]["holder"] = "Wang Yi"
    scripted.enqueue(reply(wrong), reply(right))
    brief = _ask(seed_text, scripted)
    reask = scripted.requests[1]["messages"][-1]["content"]
    assert "positions[0] ('Wang Yi'): the article attributes these words to Sergey Lavrov" in reask
    assert brief.meta.attempts == 2 and brief.positions[0].holder == "Sergey Lavrov" and brief.warnings == []
    assert brief.positions[0].support == "verified"


def test_words_the_rules_credit_to_someone_else_through_a_pronoun_are_kept_unverified(
    scripted, seed_text, scripted_brief
):
    """SCRIPTED: "he condemned ..." given to Wang Yi. The rules read "he" as Lavrov, but a pronoun
    is not the article naming him: one call, the item kept, unverified, with the rules' reading."""
    wrong = copy.deepcopy(scripted_brief)
    wrong["positions"][0]["holder"] = "Wang Yi"
    scripted.enqueue(reply(wrong))
    brief = _ask(seed_text, scripted)
    assert brief.meta.attempts == 1 and len(scripted.requests) == 1
    kept = brief.positions[0]
    assert kept.holder == "Wang Yi" and kept.support == "unverified"
    assert "credit these words to Sergey Lavrov" in kept.support_note
    assert brief.meta.support.unverified >= 1


def test_a_capable_answer_written_the_way_models_write_names_passes_in_one_call(scripted, seed_text, scripted_brief):
    """SCRIPTED: names as a model writes them ("Mr. Lavrov", "the Chinese government") and an
    elided quote are all right: one call, nothing dropped."""
    styled = copy.deepcopy(scripted_brief)
    styled["positions"][0]["holder"] = "Foreign Minister Lavrov"
    styled["agreed_points"][0]["parties"] = ["the Russian government", "Beijing"]
    styled["positions"][1]["quote"] = "NATO should not extend ... our common homeland"
    scripted.enqueue(reply(styled))
    brief = _ask(seed_text, scripted)
    assert brief.meta.attempts == 1 and brief.warnings == []
    assert brief.positions[0].holder == "Sergey Lavrov" and brief.agreed_points[0].parties == ["Russia", "China"]
    assert brief.positions[1].quote.startswith("NATO should not extend")
