"""Long articles: briefed in parts that fit the model's context window, merged into one brief,
against a SCRIPTED server that enforces a 4,000-token limit with OpenAI's own error (its answers
are made by a scripted function from each request, not by a model)."""

from __future__ import annotations

import json
import re

import pytest

from summarizer import Settings, summarize
from summarizer.errors import ContextTooLong
from summarizer.llm.chunking import estimate_tokens, split
from summarizer.testing import ScriptedServer
from tests.helpers import crowded_article

LIMIT = 4000
_QUOTE = re.compile(r'"(We will not accept [^"]+)," ([A-Z][a-z]+ [A-Z][a-z]+) said')


def scripted_answer(request: dict) -> dict:
    """SCRIPTED: the brief a careful model would give for the part in this request: every
    quoted speaker of the part, with the quotation as the position's evidence."""
    text = request["messages"][-1]["content"]
    people, positions = {}, []
    for quote, who in _QUOTE.findall(text):
        people.setdefault(who, {"name": who, "kind": "person", "evidence": {"quote": who}})
        positions.append(
            {"holder": who, "stance": "rejects the harbor plan", "quote": quote, "evidence": {"quote": quote}}
        )
    return {
        "title": "Council of ministers debates the harbor plan",
        "summary": "The council of ministers debates the harbor plan for the coastal region.",
        "participants": list(people.values()),
        "positions": positions,
        "agreed_points": [],
        "cited_outlets": [],
    }


@pytest.fixture(scope="module")
def article() -> str:
    return crowded_article(7000, 40)


def expected(text: str) -> set[tuple[str, str]]:
    return {(who, quote) for quote, who in _QUOTE.findall(text)}


def _check(brief, text: str) -> None:
    got = {(p.holder, p.quote) for p in brief.positions}
    assert got == expected(text)  # every item the scripted answers hold, each once
    for item in [*brief.participants, *brief.positions]:
        ev = item.evidence
        assert text[ev.start : ev.end] == ev.quote  # offsets into the whole article


def test_the_scripted_server_refuses_a_long_article_as_openai_does(article):
    import asyncio

    from summarizer.budget import Spend
    from summarizer.llm.engine import messages_for
    from summarizer.llm.provider import OpenAIProvider
    from summarizer.load import article_from_text

    with ScriptedServer(responder=scripted_answer, context_limit_tokens=LIMIT) as server:
        settings = Settings(base_url=server.base_url, api_key="k", model="m")

        async def one_call():
            provider = OpenAIProvider(settings)
            try:
                await provider.create(
                    Spend(settings.budget()), model="m", messages=messages_for(article_from_text(article))
                )
            finally:
                await provider.aclose()

        with pytest.raises(ContextTooLong) as caught:
            asyncio.run(one_call())
    assert caught.value.limit_tokens == LIMIT and len(server.requests) == 1  # not retried as a transport fault
    assert "--mode json" not in str(caught.value) and "--context-window" in str(caught.value)


def test_a_refused_request_is_not_a_model_call_and_the_budget_still_holds(article):
    with ScriptedServer(responder=scripted_answer, context_limit_tokens=LIMIT) as server:
        settings = Settings(base_url=server.base_url, api_key="k", model="m", max_calls=1)
        brief = summarize(article, settings=settings)
    # the refusal is no answer; the one call the budget allows briefs the first part; the other
    # parts are reported, not silently missing
    assert brief.meta.attempts == 1 and len(server.requests) == 2
    assert any("part(s) failed" in w and "budget exhausted" in w for w in brief.warnings)


def test_with_a_context_window_the_article_is_briefed_in_parts_and_merged(article):
    assert estimate_tokens(article) > 2 * LIMIT
    with ScriptedServer(responder=scripted_answer, context_limit_tokens=LIMIT) as server:
        settings = Settings(base_url=server.base_url, api_key="k", model="m", context_window=LIMIT)
        brief = summarize(article, settings=settings)
        requests = len(server.requests)
    _check(brief, article)
    parts = re.search(r"briefed in (\d+) parts", " ".join(brief.warnings))
    merged = re.search(r"(\d+) duplicate item\(s\) merged", " ".join(brief.warnings))
    assert parts and merged and int(merged.group(1)) > 0  # the overlap paragraphs were found twice
    assert requests == brief.meta.attempts == int(parts.group(1))  # one call a part, none refused
    assert brief.meta.attempts > 3  # max_calls rose with the parts (default 3)


def test_without_a_window_the_refusal_is_recovered_from_by_splitting(article):
    with ScriptedServer(responder=scripted_answer, context_limit_tokens=LIMIT) as server:
        brief = summarize(article, settings=Settings(base_url=server.base_url, api_key="k", model="m"))
        statuses = len(server.requests)
    _check(brief, article)
    parts = int(re.search(r"briefed in (\d+) parts", " ".join(brief.warnings)).group(1))
    assert statuses == 1 + parts  # the refused whole article, then each part


def test_parts_fit_the_window_carry_the_title_and_dateline_and_overlap(article):
    parts = split(article, window_tokens=LIMIT, fixed_tokens=600)
    head = article.split("\n\n")[0]
    assert len(parts) > 2 and all(p.text.startswith(head) for p in parts)
    assert all(estimate_tokens(p.text) + 600 + 1500 <= LIMIT for p in parts)
    assert all(later.start < earlier.end for earlier, later in zip(parts, parts[1:], strict=False))  # overlap
    assert parts[-1].end == len(article)


def test_an_explicit_max_calls_wins_over_the_parts(article):
    with ScriptedServer(responder=scripted_answer, context_limit_tokens=LIMIT) as server:
        settings = Settings(base_url=server.base_url, api_key="k", model="m", context_window=LIMIT, max_calls=2)
        brief = summarize(article, settings=settings)
    assert brief.meta.attempts == 2 and any("part(s) failed" in w for w in brief.warnings)
    assert json.loads(brief.model_dump_json())["positions"]  # what the two parts found is kept


def test_merging_parts_keeps_one_participant_however_each_part_named_them():
    from summarizer.grounding import Grounded
    from summarizer.llm.chunking import dedupe
    from summarizer.models import Evidence, Participant, Position

    def ev(start):
        return Evidence(quote="x", start=start, end=start + 1, match="exact")

    grounded = Grounded(
        participants=[
            Participant(name="Smith", kind="person", evidence=ev(50)),
            Participant(name="Jane Smith", kind="person", evidence=ev(10)),
        ],
        positions=[
            Position(holder="Smith", stance="s", evidence=ev(60)),
            Position(holder="Jane Smith", stance="s", evidence=ev(60)),  # the same span found twice
        ],
    )
    assert dedupe(grounded) == 2
    assert [p.name for p in grounded.participants] == ["Jane Smith"]
    assert [p.holder for p in grounded.positions] == ["Jane Smith"]


def test_parts_whose_items_add_up_past_one_answers_cap_merge_without_a_crash():
    """Issue 18, item 6: each part's answer is within MAX_ITEMS, their sum is not; the merge must
    not re-run one answer's caps (it crashed after every part was paid for)."""
    from summarizer.llm.chunking import merge
    from summarizer.models import MAX_ITEMS, DraftBrief

    def part(offset: int) -> DraftBrief:
        people = [
            {"name": f"Person {offset + i}", "kind": "person", "evidence": {"quote": f"Person {offset + i}"}}
            for i in range(MAX_ITEMS)
        ]
        return DraftBrief.model_validate({"title": "t", "summary": "s", "participants": people})

    merged = merge([part(0), part(MAX_ITEMS)])
    assert len(merged.participants) == 2 * MAX_ITEMS and merged.participants[-1].name == f"Person {2 * MAX_ITEMS - 1}"
