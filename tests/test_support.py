"""Support checks and name resolution on an invented article: each deviation a real model makes
is one case, with the verdict it must get: verified (a check confirms it), unverified (kept with a
note: no check could confirm it), or refused (the article contradicts it: a problem that says
why, re-asked, then dropped). The answers below are SCRIPTED by hand, not model output."""

from __future__ import annotations

import pytest

from summarizer.checks import NameIndex, check
from summarizer.checks.grounding import ArticleIndex
from summarizer.drafts import DraftBrief
from summarizer.extractive import analyse
from summarizer.load import article_from_text
from summarizer.models import Participant

ARTICLE = (
    "Norway and Vestia Corp sign supply deal\n\n"
    "Foreign Minister Anna Keller met Jon Reyes, the chief executive of Vestia Corp, in Oslo on Monday.\n\n"
    '"Our deal is good for both countries," Keller told reporters. Reyes said the company would build two '
    "factories near Bergen.\n\n"
    "Norway and Vestia Corp signed a supply agreement worth $2 billion, the Harbor Ledger reported.\n\n"
    'Mr. Reyes added: "We will hire 500 workers from the region, and train them, in the first year." '
    "Critics said the plan ignored farmers.\n\n"
    "The Norwegian government said the factories would open in 2026. Happy workers cheered in Bergen."
)

PARTICIPANTS = [
    {"name": "Anna Keller", "kind": "person", "evidence": {"quote": "Foreign Minister Anna Keller"}},
    {"name": "Jon Reyes", "kind": "person", "evidence": {"quote": "Jon Reyes, the chief executive of Vestia Corp"}},
    {"name": "Vestia Corp", "kind": "organization", "evidence": {"quote": "Vestia Corp signed"}},
    {"name": "Norway", "kind": "country", "evidence": {"quote": "Norway and Vestia Corp signed"}},
]


def run(**items):
    draft = DraftBrief.model_validate(
        {"title": "t", "summary": "Norway and Vestia Corp signed a supply deal.", "participants": PARTICIPANTS, **items}
    )
    article = article_from_text(ARTICLE)
    return check(draft, ArticleIndex(article.text), analyse(article))


def check_text(text, **items):
    """The checks on a draft of `items` (title and summary filled in) for an article of `text`."""
    article = article_from_text(text)
    draft = DraftBrief.model_validate({"title": "t", "summary": "s", **items})
    return check(draft, ArticleIndex(article.text), analyse(article))


def position(holder, stance, evidence, quote=None):
    return {"positions": [{"holder": holder, "stance": stance, "quote": quote, "evidence": {"quote": evidence}}]}


# --- names resolve like a reader ---------------------------------------------------------


@pytest.mark.parametrize(
    "written, meant",
    [
        ("Ms. Keller", "Anna Keller"),  # honorific + surname
        ("Foreign Minister Keller", "Anna Keller"),  # title + surname
        ("keller", "Anna Keller"),  # a surname, any case
        ("Reyes's", "Jon Reyes"),  # a possessive
        ("the Vestia Corp", "Vestia Corp"),  # a leading "the"
        ("Oslo", "Norway"),  # a capital for its country
        ("Norwegian", "Norway"),  # a demonym
        ("the Norwegian government", "Norway"),  # a government
        ("VC", "Vestia Corp"),  # initials
    ],
)
def test_names_resolve_to_the_participant_a_reader_would(written, meant):
    names = NameIndex([Participant.model_validate({**p, "evidence": _ev()}) for p in PARTICIPANTS])
    assert names.resolve(written).name == meant


def test_a_longer_form_finds_a_participant_listed_by_surname_but_not_a_namesake():
    names = NameIndex([_person("Putin"), _person("Jane Smith")])
    assert names.resolve("Russian President Vladimir Putin").name == "Putin"
    assert names.resolve("John Smith").name is None  # another Smith is not Jane


def test_two_people_who_share_a_surname_make_it_ambiguous():
    names = NameIndex([_person("Jane Smith"), _person("Tom Smith")])
    found = names.resolve("Mr. Smith")
    assert found.name is None and found.ambiguous and found.candidates == ["Jane Smith", "Tom Smith"]
    both = [{"name": n, "kind": "person", "evidence": {"quote": n}} for n in ("Jane Smith", "Tom Smith")]
    result = check(
        DraftBrief.model_validate(
            {
                "title": "t",
                "summary": "s",
                "participants": both,
                "positions": [{"holder": "Smith", "stance": "x", "evidence": {"quote": "spoke"}}],
            }
        ),  # fmt: skip
        ArticleIndex("Jane Smith and Tom Smith spoke."),
    )
    assert "could be Jane Smith or Tom Smith" in str(result.problems[0])


# --- kept: right items written the way models write them ----------------------------------


def test_an_elided_quote_grounds_from_first_fragment_to_last():
    got = run(**position("Mr. Reyes", "Vestia will hire locally", "We will hire 500 workers ... in the first year"))
    assert not got.problems, got.problems
    ev = got.positions[0].evidence
    assert ev.match == "elided" and ev.quote.startswith("We will hire") and ev.quote.endswith("first year")
    assert ARTICLE[ev.start : ev.end] == ev.quote


def test_a_quote_credited_to_its_speaker_by_a_title_form_is_kept():
    got = run(**position("Minister Keller", "The deal helps both countries", '"Our deal is good for both countries,"'))
    assert not got.problems and got.positions[0].holder == "Anna Keller"


def test_a_paraphrase_of_the_evidence_is_kept():
    got = run(**position("Reyes", "Vestia will build two factories near Bergen", "Reyes said the company would build"))
    assert not got.problems, got.problems


def test_a_real_agreement_and_a_cited_outlet_are_kept():
    got = run(
        agreed_points=[
            {
                "point": "A $2 billion supply agreement",
                "parties": ["Norway", "Vestia"],
                "evidence": {"quote": "Norway and Vestia Corp signed a supply agreement worth $2 billion"},
            }
        ],
        cited_outlets=[
            {
                "name": "Harbor Ledger",
                "as_written": "Harbor Ledger",
                "evidence": {"quote": "the Harbor Ledger reported"},
            }
        ],
    )
    assert not got.problems and len(got.agreed_points) == len(got.cited_outlets) == 1


# --- dropped: wrong items, each with a problem that says what the article says -------------


def test_a_quote_the_article_gives_to_another_named_person_is_refused_and_the_speaker_named():
    got = run(**position("Jon Reyes", "The deal is good", '"Our deal is good for both countries,"'))
    assert not got.positions and "the article attributes these words to Anna Keller" in str(got.problems[0])


def test_a_stance_made_up_around_a_real_sentence_is_kept_unverified_with_why():
    # the article's own words, but not those of the evidence: no check confirms it, none refutes it
    got = run(**position("Anna Keller", "farmers cheered the Norwegian government", "Keller told reporters"))
    assert not got.problems
    assert got.positions[0].support == "unverified" and "shares few words" in got.positions[0].support_note


def test_a_stance_in_words_the_article_never_uses_is_refused():
    """Issue 18.9: a stance is the model's words, the one place of a position no span pins
    down; made of words the article does not have, it is text of the model's own (or injected)."""
    got = run(**position("Anna Keller", "Norway will leave the European trade bloc next year", "Keller told reporters"))
    assert not got.positions and "the stance: most of its words are not in the article" in str(got.problems[0])


def test_right_items_are_verified():
    got = run(
        **position("Keller", "The deal is good for both countries", '"Our deal is good for both countries,"'),
        agreed_points=[
            {
                "point": "Norway and Vestia Corp signed a $2 billion supply agreement",
                "parties": ["Norway", "Vestia Corp"],
                "evidence": {"quote": "Norway and Vestia Corp signed a supply agreement worth $2 billion"},
            }
        ],
    )
    items = [*got.participants, *got.positions, *got.agreed_points]
    assert not got.problems and {i.support for i in items} == {"verified"}
    assert all(i.support_note is None for i in items)


def test_words_given_to_a_person_the_article_never_names_are_refused():
    got = run(**position("Lars Olsen", "The deal is good", '"Our deal is good for both countries,"'))
    assert not got.positions and "appears nowhere in the article" in str(got.problems[0])


def test_a_fuller_name_than_the_article_uses_is_not_made_up():
    """The model writes "Anna Maria Keller"; the article says "Anna Keller" and "Keller": the
    name appears, so nothing is refused (at worst it is unverified)."""
    got = run(**position("Anna Maria Keller", "The deal is good", '"Our deal is good for both countries,"'))
    assert not got.problems and len(got.positions) == 1


def test_an_inflected_name_appears_by_its_stem():
    """Polish declines names ("Tuska" for Tusk): the holder appears in the article, so the item is
    kept; the English-only checks did not run, so it is unverified, never refused."""
    got = check_text(
        "Polska i Niemcy podpisały umowę\n\n"
        "Premier Donald Tusk spotkał się w poniedziałek w Berlinie z kanclerzem Niemiec. Według Tuska "
        "umowa o współpracy energetycznej zostanie podpisana w przyszłym tygodniu, a rząd w Warszawie "
        "przygotował już wszystkie dokumenty potrzebne do jej podpisania przez obie strony.",
        positions=[
            {
                "holder": "Tusk",
                "stance": "umowa zostanie podpisana w przyszłym tygodniu",
                "evidence": {"quote": "umowa o współpracy energetycznej zostanie podpisana w przyszłym tygodniu"},
            }
        ],
    )
    assert not got.problems and got.positions[0].support == "unverified"
    assert any("not in English" in c for c in got.checks_skipped) and "attribution" in got.checks_run


def test_an_agreement_backed_by_an_unrelated_sentence_is_kept_unverified():
    got = run(
        agreed_points=[
            {
                "point": "They agreed to train workers from the region",
                "parties": ["Norway", "Vestia Corp"],
                "evidence": {"quote": "Critics said the plan ignored farmers."},
            },
        ]  # fmt: skip
    )
    assert not got.problems and got.agreed_points[0].support == "unverified"
    assert "no agreement word" in got.agreed_points[0].support_note


@pytest.mark.parametrize(
    "outlet, evidence, why",
    [
        ("AP", "Happy workers cheered in Bergen.", "does not occur in the article as a word"),  # letters inside "Happy"
        ("Reuters", "Critics said the plan ignored farmers.", "does not occur in the article as a word"),
        ("Norway", "The Norwegian government said the factories", "does not name Norway"),
    ],
)
def test_an_outlet_the_article_does_not_name_there_is_refused(outlet, evidence, why):
    got = run(cited_outlets=[{"name": outlet, "as_written": outlet, "evidence": {"quote": evidence}}])
    assert not got.cited_outlets and why in str(got.problems[0])


def test_a_dateline_credit_is_not_a_citation():
    article = article_from_text("T\n\nOSLO (AP) — The ministry raised fuel taxes on Monday, officials said.")
    draft = DraftBrief.model_validate(
        {
            "title": "t",
            "summary": "s",
            "cited_outlets": [{"name": "AP", "as_written": "AP", "evidence": {"quote": "OSLO (AP) —"}}],
        }
    )
    got = check(draft, ArticleIndex(article.text), analyse(article))
    assert not got.cited_outlets and "dateline" in str(got.problems[0])


def test_an_outlet_written_differently_from_its_usual_name_is_checked_as_the_article_writes_it():
    """name is canonical, as_written the article's words: either found in the evidence will do."""
    got = check_text(
        "T\n\nThe ministry raised fuel taxes, Forbes reported on Monday.",
        cited_outlets=[
            {"name": "Forbes", "as_written": "Forbes Magazine", "evidence": {"quote": "Forbes reported on Monday"}}
        ],
    )
    assert not got.problems and got.cited_outlets[0].support == "verified"
    assert got.cited_outlets[0].as_written == "Forbes"


def test_an_outlet_cited_in_words_no_list_holds_is_kept_unverified():
    got = check_text(
        "T\n\nOn the strike's third day, the Harbor Ledger's front page showed long queues.",
        cited_outlets=[
            {
                "name": "Harbor Ledger",
                "as_written": "Harbor Ledger",
                "evidence": {"quote": "the Harbor Ledger's front page"},
            }
        ],
    )
    assert not got.problems and got.cited_outlets[0].support == "unverified"
    assert got.cited_outlets[0].support_note == "no citing word in its sentence"


# --- no silent cascades; one message with every problem ------------------------------------


def test_a_dropped_participant_does_not_take_its_items_with_it():
    broken = [
        *PARTICIPANTS[:2],
        {**PARTICIPANTS[2], "evidence": {"quote": "Vestia Corporation of Mars"}},
        PARTICIPANTS[3],
    ]
    draft = DraftBrief.model_validate(
        {
            "title": "t",
            "summary": "s",
            "participants": broken,
            "agreed_points": [
                {
                    "point": "supply agreement",
                    "parties": ["Norway", "Vestia Corp"],
                    "evidence": {"quote": "Norway and Vestia Corp signed a supply agreement"},
                },
            ],
            "positions": [{"holder": "Lars Olsen", "stance": "x", "evidence": {"quote": "Critics said"}}],
        }  # fmt: skip
    )
    article = article_from_text(ARTICLE)
    got = check(draft, ArticleIndex(article.text), analyse(article))
    assert len(got.agreed_points) == 1  # "Vestia Corp" occurs in the text: added back, agreement kept
    assert "Vestia Corp" in {p.name for p in got.participants}
    assert any("'Lars Olsen' is not among the participants" in str(p) for p in got.problems)  # its own problem


def test_every_problem_of_an_item_is_in_one_line():
    got = run(**position("Lars Olsen", "x", "not in the article at all", quote="nor is this"))
    assert len(got.problems) == 1
    line = str(got.problems[0])
    assert "not among the participants" in line and "quote" in line and "evidence quote not found" in line


def _ev():
    return {"quote": "x", "start": 0, "end": 1, "match": "exact"}


def _person(name):
    return Participant.model_validate({"name": name, "kind": "person", "evidence": _ev()})


def test_a_participant_is_known_by_its_role_and_a_group_by_its_common_noun():
    article = article_from_text(
        "Port plan approved\n\nTrade Minister Ola Strand visited the port.\n\n"
        "Norway's trade minister said the port would open in May, and protesters vowed to block the harbor."
    )
    draft = DraftBrief.model_validate(
        {
            "title": "t",
            "summary": "s",
            "participants": [
                {
                    "name": "Ola Strand",
                    "kind": "person",
                    "role": "Norwegian Trade Minister in the new cabinet",
                    "evidence": {"quote": "Norway's trade minister"},
                },
                {"name": "harbor demonstrators", "kind": "group", "evidence": {"quote": "protesters"}},
            ],
            "positions": [
                {
                    "holder": "Ola Strand",
                    "stance": "the port opens in May",
                    "evidence": {"quote": "the port would open in May"},
                },
                {
                    "holder": "harbor demonstrators",
                    "stance": "will block the harbor",
                    "evidence": {"quote": "vowed to block the harbor"},
                },
            ],
        }  # fmt: skip
    )
    got = check(draft, ArticleIndex(article.text), analyse(article))
    assert not got.problems and len(got.positions) == 2
    assert got.positions[0].support == "verified"  # "Norway's trade minister" is Ola Strand


# --- the contract: verdicts in the brief, verified only -------------------------------------


def test_the_brief_counts_its_verdicts_and_verified_only_keeps_only_verified_items():
    from summarizer import summarize

    brief = summarize(ARTICLE, engine="extractive")
    items = [*brief.participants, *brief.agreed_points, *brief.positions, *brief.cited_outlets]
    support = brief.meta.support
    assert support.verified == sum(i.support == "verified" for i in items) > 0
    assert support.unverified == sum(i.support == "unverified" for i in items)
    assert "attribution" in support.checks_run and not support.checks_skipped and brief.meta.language == "en"
    assert all((i.support_note is None) == (i.support == "verified") for i in items)

    strict = summarize(ARTICLE, engine="extractive", verified_only=True)
    same = {"meta": {"elapsed_s"}}
    assert not support.unverified and strict.model_dump(exclude=same) == brief.model_dump(exclude=same)


def test_verified_only_leaves_out_unverified_items_but_keeps_every_holder_listed():
    from summarizer.pipeline import extractive_brief, keep_verified

    brief = extractive_brief(article_from_text(ARTICLE))
    keller = next(p for p in brief.participants if p.name == "Anna Keller")
    keller.support, keller.support_note = "unverified", "scripted: marked unverified by the test"
    brief.positions[-1].support, brief.positions[-1].support_note = "unverified", "scripted"
    strict = keep_verified(brief)
    assert brief.positions[-1] not in strict.positions and len(strict.positions) == len(brief.positions) - 1
    assert all(i.support == "verified" for i in [*strict.agreed_points, *strict.positions, *strict.cited_outlets])
    assert "Anna Keller" in {p.name for p in strict.participants}  # unverified, but a kept position names her
    assert strict.warnings[-1] == "1 unverified item(s) left out (verified only)"
