"""Long articles: briefed in parts that fit the model's context window, merged into one brief,
against a SCRIPTED server that enforces a 4,000-token limit with OpenAI's own error (its answers
are made by a scripted function from each request, not by a model)."""

from __future__ import annotations

import json
import re

import pytest

from summarizer import Settings, summarize
from summarizer.errors import ConfigError, ContextTooLong
from summarizer.llm.chunking import MAX_PARTS, estimate_tokens, split
from summarizer.settings import MIN_CONTEXT_WINDOW
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

    from summarizer.llm.engine import messages_for
    from summarizer.llm.reask import ArticleBrief
    from summarizer.load import article_from_text
    from summarizer.providers.openai import OpenAIProvider

    with ScriptedServer(responder=scripted_answer, context_limit_tokens=LIMIT) as server:
        settings = Settings(base_url=server.base_url, api_key="k", model="m")

        async def one_call():
            provider = OpenAIProvider(settings)
            try:
                request = provider.request(messages_for(article_from_text(article)), ArticleBrief)
                await provider.complete(request, settings.request_timeout_s)
            finally:
                await provider.aclose()

        with pytest.raises(ContextTooLong) as caught:
            asyncio.run(one_call())
    assert caught.value.limit_tokens == LIMIT and len(server.requests) == 1  # not retried as a transport fault
    assert "--mode json" not in str(caught.value) and "--context-window" in str(caught.value)


def test_a_refused_request_is_not_a_model_call_and_the_budget_still_holds(article):
    with ScriptedServer(responder=scripted_answer, context_limit_tokens=LIMIT) as server:
        settings = Settings(base_url=server.base_url, api_key="k", model="m", max_calls=1)
        # the refusal is no answer, so the one call is still there; but one call cannot brief the
        # parts the article needs, which is said before a part is sent (issue 18.7), not after
        with pytest.raises(ConfigError, match=r"needs \d+ parts .* allows 1 model call\(s\)"):
            summarize(article, settings=settings)
        assert len(server.requests) == 1


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


def test_parts_the_budget_cannot_pay_for_are_refused_before_anything_is_sent(article):
    """Issue 18.7: an explicit --max-calls (or --max-tokens) smaller than the parts needed is a
    one-line error before the first call, not calls paid for and then lost."""
    for limits in ({"max_calls": 2}, {"max_tokens": 5_000}):
        with ScriptedServer(responder=scripted_answer, context_limit_tokens=LIMIT) as server:
            settings = Settings(base_url=server.base_url, api_key="k", model="m", context_window=LIMIT, **limits)
            with pytest.raises(ConfigError, match=r"the article needs \d+ parts at a 4,000-token context window"):
                summarize(article, settings=settings)
            assert server.requests == []


def _empty_answer(request: dict) -> dict:
    """SCRIPTED: a valid brief with no items (the lead stands in for its summary)."""
    return {"title": "", "summary": "", "participants": [], "positions": [], "agreed_points": [], "cited_outlets": []}


@pytest.mark.parametrize("mode", ["tools", "json", "md_json"])
def test_the_smallest_accepted_window_briefs_an_ordinary_article_in_every_mode(mode, seed_text):
    """Issue 18.7: the least window Settings accepts must work (it used to be an internal
    error at 2,000, and 39 to 264 calls just above it)."""
    with ScriptedServer(responder=_empty_answer) as server:
        settings = Settings(
            base_url=server.base_url, api_key="k", model="m", mode=mode, context_window=MIN_CONTEXT_WINDOW
        )
        brief = summarize(seed_text, settings=settings)
        sent = server.requests
    assert brief.meta.engine == "llm" and 1 <= len(sent) <= MAX_PARTS
    assert all(estimate_tokens(json.dumps(r, ensure_ascii=False)) <= MIN_CONTEXT_WINDOW - 1500 for r in sent)


@pytest.mark.parametrize("window", [2_000, 2_048, 3_999])
def test_a_window_too_small_for_the_prompt_is_a_one_line_error(window, seed_text, capsys):
    from summarizer.cli import cli

    assert cli(["brief", "-", "--base-url", "http://127.0.0.1:9/v1", "--context-window", str(window)]) == 4
    err = capsys.readouterr().err
    assert f"a {window:,}-token window cannot hold the prompt" in err and err.count("\n") == 1


def test_a_server_that_says_its_window_is_2048_gets_a_one_line_error(article):
    """The server's context-length refusal can set the window: too small is refused once."""
    with ScriptedServer(responder=_empty_answer, context_limit_tokens=2_048) as server:
        with pytest.raises(ConfigError, match="a 2,048-token context window cannot hold the prompt"):
            summarize(article, settings=Settings(base_url=server.base_url, api_key="k", model="m"))
        assert len(server.requests) == 1  # the refused whole article only


def test_split_ends_on_a_short_title_and_a_long_first_paragraph():
    """At the smallest window, a first paragraph longer than the room used to make split()
    cut nothing and loop until memory ran out."""
    text = "Short title\n\n" + "word " * 3_000 + "\n\nSecond paragraph. " * 3
    parts = split(text, window_tokens=MIN_CONTEXT_WINDOW, fixed_tokens=2_112)
    assert 2 <= len(parts) < 40 and parts[-1].end == len(text)
    assert all(estimate_tokens(p.text) + 2_112 + 1500 <= MIN_CONTEXT_WINDOW for p in parts)
    with pytest.raises(ConfigError, match="cannot hold the prompt"):
        split(text, window_tokens=3_000, fixed_tokens=2_112)


def test_merging_parts_keeps_one_participant_however_each_part_named_them():
    from summarizer.checks.grounding import Grounded
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
    from summarizer.drafts import MAX_ITEMS, DraftBrief
    from summarizer.llm.chunking import merge

    def part(offset: int) -> DraftBrief:
        people = [
            {"name": f"Person {offset + i}", "kind": "person", "evidence": {"quote": f"Person {offset + i}"}}
            for i in range(MAX_ITEMS)
        ]
        return DraftBrief.model_validate({"title": "t", "summary": "s", "participants": people})

    merged = merge([part(0), part(MAX_ITEMS)])
    assert len(merged.participants) == 2 * MAX_ITEMS and merged.participants[-1].name == f"Person {2 * MAX_ITEMS - 1}"
