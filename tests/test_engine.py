"""The llm engine with the in-process test model (`summarizer.testing.TestModel`): the prompt, the
re-ask loop, the checks, completeness and the budget, with no HTTP. Every model answer here is
SCRIPTED by the test; none is a recording. Transport over real HTTP is `test_llm_scripted.py`.
"""

from __future__ import annotations

import asyncio
import copy
import json

import pytest

from summarizer import BudgetExceeded, ConfigError, ModelError, Settings, asummarize, summarize
from summarizer.providers import PROVIDERS, Transient
from summarizer.testing import TestModel, model_reply


def _ask(text, model, **kw):
    return summarize(text, provider=model, settings=Settings(model="scripted-model", **kw))


def test_a_clean_first_answer_is_grounded_and_costs_one_call(model, seed_text, scripted_brief):
    model.enqueue(scripted_brief)
    brief = _ask(seed_text, model)
    assert brief.meta.engine == "llm" and brief.meta.attempts == 1 and brief.warnings == []
    assert brief.meta.usage.total_tokens == 1_200  # the test model's usage, counted once
    for item in [*brief.participants, *brief.positions, *brief.agreed_points, *brief.cited_outlets]:
        assert seed_text[item.evidence.start : item.evidence.end] == item.evidence.quote
    assert brief.positions[0].holder == "Sergey Lavrov"  # "Lavrov" resolved to the participant
    (request,) = model.requests
    assert request.answer.__name__ == "ArticleBrief" and "participants" in json.dumps(request.body["schema"])
    assert seed_text.strip() in request.messages[-1]["content"]  # the article, byte for byte


def test_a_hallucinated_quote_is_reasked_with_the_specific_error(model, seed_text, scripted_brief):
    bad = copy.deepcopy(scripted_brief)
    bad["positions"][0]["quote"] = "sanctions are a crime against humanity"
    model.enqueue(bad, scripted_brief)
    brief = _ask(seed_text, model)
    assert brief.meta.attempts == 2 and brief.warnings == []
    assert "positions[0]" in model.asked[1] and "quote not found in the article" in model.asked[1]
    # the re-ask is the article's messages and the refused item, not the whole draft again
    repair = model.requests[1]
    assert repair.messages[:-1] == model.requests[0].messages and repair.answer.__name__ == "ArticlePatch"
    assert "sanctions are a crime against humanity" in model.asked[1]  # the refused item, as written
    assert bad["positions"][1]["stance"] not in model.asked[1]  # an item that passed is not sent again
    assert brief.positions[0].quote == "unlawful sanctions"


def test_an_answer_that_is_not_json_is_reasked_with_the_parse_error(model, seed_text, scripted_brief):
    model.enqueue('{"title": "cut', scripted_brief)
    brief = _ask(seed_text, model)
    assert brief.meta.attempts == 2 and "Invalid JSON" in model.asked[1]
    assert len(brief.cited_outlets) == 2


def test_a_transient_fault_is_retried_by_the_engine_and_never_shown_to_the_model(model, seed_text, scripted_brief):
    model.enqueue(Transient("scripted 503", status=503), scripted_brief)
    brief = _ask(seed_text, model)
    assert len(model.requests) == 2 and model.requests[0].messages == model.requests[1].messages
    assert brief.meta.attempts == 1  # the model answered once; the fault cost no re-ask


def test_a_provider_that_keeps_failing_is_one_error_after_the_transport_retries(model, seed_text):
    model.enqueue(*[Transient("scripted 503", status=503)] * 3)
    with pytest.raises(ModelError, match=r"kept failing \(scripted 503\) after 3 tries"):
        _ask(seed_text, model, transport_retries=2)
    assert len(model.requests) == 3


def test_an_answer_cut_off_at_the_length_limit_is_asked_afresh(model, seed_text, scripted_brief):
    model.enqueue(model_reply('{"title": "', cut_off=True), scripted_brief)
    brief = _ask(seed_text, model)
    assert brief.meta.attempts == 2 and model.requests[1].messages == model.requests[0].messages


def test_a_refusal_is_not_asked_again(model, seed_text):
    model.enqueue(model_reply("", refusal="SCRIPTED: I cannot help with that"))
    with pytest.raises(ModelError, match="refused to write the brief: SCRIPTED") as info:
        _ask(seed_text, model)
    assert len(model.requests) == 1 and info.value.attempts == 1 and info.value.usage.total_tokens == 1_200


def test_the_budget_ends_a_run_of_invalid_answers_with_the_last_error(model, seed_text, scripted_brief):
    too_long = {**scripted_brief, "summary": "word " * 120}
    model.enqueue(too_long, too_long, too_long)
    with pytest.raises(BudgetExceeded) as info:
        _ask(seed_text, model, max_calls=2)
    err = info.value
    assert err.attempts == 2 and len(model.requests) == 2 and err.usage.total_tokens == 2_400
    assert "summary" in err.last_error and "80" in err.last_error and "2 model call(s)" in str(err)


def test_refused_items_are_dropped_with_warnings_when_the_budget_ends(model, seed_text, scripted_brief):
    bad = copy.deepcopy(scripted_brief)
    bad["cited_outlets"].append({"name": "TASS", "as_written": "TASS", "evidence": {"quote": "TASS reported"}})
    model.enqueue(bad, bad)
    brief = _ask(seed_text, model, max_calls=2)
    assert [o.name for o in brief.cited_outlets] == ["RIA Novosti", "Xinhua"]
    assert any("cited_outlets[2]" in w and "TASS" in w for w in brief.warnings)
    assert brief.meta.attempts == 2 and brief.meta.support.refused == 1


def test_the_token_budget_stops_before_the_next_call(model, seed_text, scripted_brief):
    bad = copy.deepcopy(scripted_brief)
    bad["positions"][0]["quote"] = "invented words"
    model.enqueue(model_reply(bad, usage=(900, 200)), scripted_brief)
    brief = _ask(seed_text, model, max_tokens=1000)
    # the second call was never made: the drafted brief is kept, minus its ungrounded item
    assert len(model.requests) == 1 and brief.meta.usage.total_tokens == 1100
    assert any("tokens used" in w for w in brief.warnings)


def test_the_sync_and_async_doors_give_the_same_brief(seed_text, scripted_brief):
    a = summarize(seed_text, provider=TestModel(scripted_brief))
    b = asyncio.run(asummarize(seed_text, provider=TestModel(scripted_brief)))
    a.meta.elapsed_s = b.meta.elapsed_s = 0
    assert a == b


# --- completeness: one targeted re-ask for what the extractive pass found ----------------------


def _without_xinhua(brief: dict) -> dict:
    out = copy.deepcopy(brief)
    out["cited_outlets"] = [o for o in out["cited_outlets"] if o["name"] != "Xinhua"]
    return out


def test_a_left_out_outlet_triggers_one_targeted_reask(model, seed_text, scripted_brief):
    model.enqueue(_without_xinhua(scripted_brief), scripted_brief)
    brief = _ask(seed_text, model)
    assert len(model.requests) == 2 and brief.meta.attempts == 2
    assert "Xinhua" in model.asked[1] and "«" in model.asked[1] and "RIA Novosti" not in model.asked[1]
    assert model.requests[1].answer.__name__ == "ExplainingPatch"  # it may say why it left it out
    assert all(m["role"] != "assistant" for m in model.requests[1].messages)  # its brief is not resent
    assert [o.name for o in brief.cited_outlets] == ["RIA Novosti", "Xinhua"] and brief.warnings == []


def test_the_model_may_explain_an_omission(model, seed_text, scripted_brief):
    answer = _without_xinhua(scripted_brief)
    explained = {**answer, "omissions": [{"item": "Xinhua", "reason": "scripted reason: only repeats the talks"}]}
    model.enqueue(answer, explained, explained)
    brief = _ask(seed_text, model)
    assert len(model.requests) == 2  # at most one completeness re-ask
    assert any("Xinhua" in w and "scripted reason" in w for w in brief.warnings)


def test_no_budget_left_for_the_completeness_reask(model, seed_text, scripted_brief):
    model.enqueue(_without_xinhua(scripted_brief))
    brief = _ask(seed_text, model, max_calls=1)
    assert len(model.requests) == 1
    assert any("left out Xinhua" in w and "no budget" in w for w in brief.warnings)


# --- the checks' verdicts -------------------------------------------------------------------------

OFF_TOPIC = "Ladies and gentlemen, the 2023 edition of our glossy magazine has been released to readers everywhere."


def test_a_summary_about_something_else_is_reasked(model, seed_text, scripted_brief):
    model.enqueue({**scripted_brief, "summary": OFF_TOPIC}, scripted_brief)
    brief = _ask(seed_text, model)
    assert brief.meta.attempts == 2 and brief.summary == scripted_brief["summary"]
    assert "summary" in model.asked[1]


def test_an_unsupported_summary_is_replaced_by_the_lead_when_the_budget_ends(model, seed_text, scripted_brief):
    model.enqueue(*[{**scripted_brief, "summary": OFF_TOPIC}] * 2)
    brief = _ask(seed_text, model, max_calls=2)
    assert brief.summary.startswith("Russia’s top diplomat Sergey Lavrov")
    assert any("summary was not supported" in w for w in brief.warnings)
    assert len(brief.cited_outlets) == 2  # the grounded items of the answer are kept


def test_a_quote_credited_to_the_wrong_person_is_reasked_with_who_said_it(model, seed_text, scripted_brief):
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
    model.enqueue(wrong, right)
    brief = _ask(seed_text, model)
    assert '"holder":"Wang Yi"' in model.asked[1]
    assert "refused: the article attributes these words to Sergey Lavrov" in model.asked[1]
    assert brief.meta.attempts == 2 and brief.positions[0].holder == "Sergey Lavrov" and brief.warnings == []
    assert brief.positions[0].support == "verified"


def test_words_the_rules_credit_to_someone_else_through_a_pronoun_are_kept_unverified(model, seed_text, scripted_brief):
    """SCRIPTED: "he condemned ..." given to Wang Yi. The rules read "he" as Lavrov, but a pronoun
    is not the article naming him: one call, the item kept, unverified, with the rules' reading."""
    wrong = copy.deepcopy(scripted_brief)
    wrong["positions"][0]["holder"] = "Wang Yi"
    model.enqueue(wrong)
    brief = _ask(seed_text, model)
    assert brief.meta.attempts == 1 and len(model.requests) == 1
    kept = brief.positions[0]
    assert kept.holder == "Wang Yi" and kept.support == "unverified"
    assert "credit these words to Sergey Lavrov" in kept.support_note
    assert brief.meta.support.unverified >= 1


def test_a_capable_answer_written_the_way_models_write_names_passes_in_one_call(model, seed_text, scripted_brief):
    """SCRIPTED: names as a model writes them ("Mr. Lavrov", "the Chinese government") and an
    elided quote are all right: one call, nothing dropped."""
    styled = copy.deepcopy(scripted_brief)
    styled["positions"][0]["holder"] = "Foreign Minister Lavrov"
    styled["agreed_points"][0]["parties"] = ["the Russian government", "Beijing"]
    styled["positions"][1]["quote"] = "NATO should not extend ... our common homeland"
    model.enqueue(styled)
    brief = _ask(seed_text, model)
    assert brief.meta.attempts == 1 and brief.warnings == []
    assert brief.positions[0].holder == "Sergey Lavrov" and brief.agreed_points[0].parties == ["Russia", "China"]
    assert brief.positions[1].quote.startswith("NATO should not extend")


# --- the provider seam ----------------------------------------------------------------------------


def test_a_provider_is_chosen_by_name_from_the_registry(seed_text):
    assert set(PROVIDERS) >= {"openai", "test"}
    brief = summarize(seed_text, provider="test")  # the registry's second provider: no endpoint, no key
    assert brief.meta.engine == "llm" and brief.meta.attempts == 2  # an empty answer, then completeness
    assert any("still leaves out RIA Novosti" in w for w in brief.warnings)
    with pytest.raises(ConfigError, match="unknown provider 'nope'") as info:
        summarize(seed_text, settings=Settings(provider="nope"))
    assert "openai, test" in info.value.hint


def test_the_cli_takes_a_provider_by_name(tmp_path, seed_text):
    import subprocess
    import sys

    from tests.helpers import clean_env

    article = tmp_path / "a.txt"
    article.write_text(seed_text)
    out = tmp_path / "brief.json"
    done = subprocess.run(
        [sys.executable, "-m", "summarizer", "brief", str(article), "--provider", "test", "-o", str(out)],
        capture_output=True, text=True, env=clean_env(), timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["meta"]["engine"] == "llm"
    bad = subprocess.run(
        [sys.executable, "-m", "summarizer", "brief", str(article), "--provider", "nope"],
        capture_output=True, text=True, env=clean_env(), timeout=120,
    )  # fmt: skip
    assert bad.returncode == 4 and bad.stderr.count("\n") <= 2 and "unknown provider 'nope'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_a_test_cannot_reach_past_loopback(seed_text):
    """The suite's guard: a brief pointed at a real endpoint fails without sending anything."""
    import socket

    with socket.socket() as sock, pytest.raises(ConnectionRefusedError, match="tests reach 127.0.0.1 only"):
        sock.connect(("203.0.113.7", 80))
    settings = Settings(base_url="http://203.0.113.7/v1", api_key="k", model="m", transport_retries=0)
    with pytest.raises(ModelError, match="kept failing \\(connection failed or was reset\\)"):
        summarize(seed_text, settings=settings)


def test_a_test_models_brief_is_never_taken_for_the_endpoints(seed_text, scripted_brief):
    """Same model name, another provider: the brief says whose it is, and the cache keys differ."""
    from summarizer.batch.cache import cache_key

    brief = summarize(seed_text, provider=TestModel(scripted_brief), model="gpt-4o-mini")
    assert brief.meta.model == "test/gpt-4o-mini"
    real = Settings(api_key="k", model="gpt-4o-mini")
    assert cache_key(seed_text, real) != cache_key(seed_text, real.model_copy(update={"provider": "test"}))
