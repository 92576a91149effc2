"""Support checks and name resolution on an invented article: each deviation a real model makes
is one case, with the outcome it must have (kept, or dropped with a problem that says why).
The answers below are SCRIPTED by hand, not model output."""

from __future__ import annotations

import pytest

from summarizer.checks import NameIndex, check
from summarizer.extractive import analyse
from summarizer.grounding import ArticleIndex
from summarizer.load import article_from_text
from summarizer.models import DraftBrief, Participant

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


def test_a_quote_credited_to_the_wrong_person_is_dropped_and_the_speaker_named():
    got = run(**position("Jon Reyes", "The deal is good", '"Our deal is good for both countries,"'))
    assert not got.positions and "the article attributes this to Anna Keller" in str(got.problems[0])


def test_a_stance_made_up_around_a_real_sentence_is_dropped():
    got = run(**position("Anna Keller", "Norway will leave the European trade bloc next year", "Keller told reporters"))
    assert not got.positions and "not what its evidence says" in str(got.problems[0])


def test_an_agreement_backed_by_an_unrelated_sentence_is_dropped():
    got = run(
        agreed_points=[
            {
                "point": "They agreed to share fishing rights",
                "parties": ["Norway", "Vestia Corp"],
                "evidence": {"quote": "Critics said the plan ignored farmers."},
            },
        ]  # fmt: skip
    )
    assert not got.agreed_points and "states no agreement" in str(got.problems[0])


@pytest.mark.parametrize(
    "outlet, evidence, why",
    [
        ("AP", "Happy workers cheered in Bergen.", "does not occur in the article as a word"),  # letters inside "Happy"
        ("Reuters", "Critics said the plan ignored farmers.", "does not occur in the article as a word"),
        ("Norway", "The Norwegian government said the factories", "does not name Norway"),
    ],
)
def test_an_outlet_the_article_does_not_cite_is_dropped(outlet, evidence, why):
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
        "Port plan approved\n\n"
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
