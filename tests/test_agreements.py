"""Agreements as the parse reads them (issue 17): a verb that concludes a deal, not negated nor
only hoped for, with its subject and its "with" or "between" object as the parties. Each rule on
invented sentences, both ways."""

from __future__ import annotations

import pytest

from summarizer.extractive import analyse
from summarizer.load import article_from_text
from summarizer.pipeline import extractive_brief

FILLER = "The talks took most of the week, and the delegations left the capital on Saturday morning."


def deals(*paragraphs: str) -> list[tuple[str, ...]]:
    """(parties..., ) of each agreement in a brief of the paragraphs."""
    text = "Invented story for a test\n\n" + "\n\n".join([*paragraphs, FILLER])
    return [tuple(a.parties) for a in extractive_brief(article_from_text(text)).agreed_points]


@pytest.mark.parametrize(
    ("sentence", "parties"),
    [
        # the verb by its lemma: any tense, active or passive
        (
            "Brindle Motors and the Kovar Workers Council signed a three-year wage accord on Friday.",
            {"Brindle Motors", "Kovar Workers Council"},
        ),
        (
            "The accord, signed by Ostrava Steel and Marlin Freight in March, ends a year of disputes.",
            {"Ostrava Steel", "Marlin Freight"},
        ),
        ("Arvania has agreed to reopen its border with Belmar next month.", {"Arvania"}),
        # a verb that concludes only with a deal for object
        (
            "Harlow Energy reached a settlement with the Tessaly Regional Authority over the spill.",
            {"Harlow Energy", "Tessaly Regional Authority"},
        ),
        # the counterparty inside the deal's own phrase
        ("Skylane Air placed an order for 40 jets with Vireo Aerospace.", {"Skylane Air", "Vireo Aerospace"}),
        # buying into a company, and buying it
        ("Corvane Holdings took a 30% stake in Pellis Foods on Monday.", {"Corvane Holdings", "Pellis Foods"}),
        ("Tandem Labs acquired Quorra Analytics for $2 billion last year.", {"Tandem Labs", "Quorra Analytics"}),
        # a standing deal someone holds
        ("Mirelle Studios has a partnership with Halcyon Pictures to share its cameras.", {"Halcyon Pictures"}),
        # a vow made together
        ("Arvania and Belmar vowed to end the border dispute by spring.", {"Arvania", "Belmar"}),
        # a second verb shares the first one's subject, and a wish to talk does not undo the deal
        (
            "Veltra Bank negotiated for months and finally signed the merger with Omnis Credit.",
            {"Veltra Bank", "Omnis Credit"},
        ),
    ],
)
def test_a_concluded_deal_is_an_agreement_with_its_subject_and_counterparty(sentence, parties):
    found = deals(sentence)
    assert len(found) == 1 and parties <= set(found[0]), found


@pytest.mark.parametrize(
    "sentence",
    [
        # negated
        "Brindle Motors did not sign the accord with the Kovar Workers Council.",
        "Brindle Motors has never agreed to the terms that Kovar Workers Council set.",
        # only hoped for, refused, conditional or possible
        "Harlow Energy hopes to reach a settlement with the Tessaly Regional Authority.",
        "Ostrava Steel refused to sign the deal with Marlin Freight.",
        "Ostrava Steel would sign the deal with Marlin Freight if the price fell.",
        "Ostrava Steel rejected any deal with Marlin Freight.",
        # a deal named, not made
        "A deal with Marlin Freight is on the table, Ostrava Steel said.",
        "The cup is the result of a partnership between Ostrava Steel and Marlin Freight.",
        # the verb without a deal for object
        "Ostrava Steel sealed its victory over Marlin Freight in the cup final.",
        "Ostrava Steel reached the final after beating Marlin Freight.",
        # one person's resolve, and a view held in the present tense
        "Lena Farrow vowed to fight the charges against Marlin Freight.",
        "Economists at Harlow Energy agree that the Arvanian currency is overvalued.",
    ],
)
def test_a_deal_not_made_is_no_agreement(sentence):
    assert deals(sentence) == []


def test_the_reporter_and_the_dateline_are_no_parties():
    found = deals(
        "Ivo Brandt said Arvania and Belmar had agreed to reopen the border.",
        "OSLO (Reuters) - Kestrel Mining and the Ostrava Steel Group signed a supply treaty on Tuesday.",
    )
    assert [set(f) for f in found] == [{"Arvania", "Belmar"}, {"Kestrel Mining", "Ostrava Steel Group"}]


def test_we_in_a_quotation_is_its_speaker_and_the_same_deal_is_told_once():
    found = deals(
        "“President Oduya and I have agreed to share the port,” said Prime Minister Lena Farrow.",
        "Ostrava Steel signed a contract with Marlin Freight on Monday.",
        "Ostrava Steel later added two ports to the contract with Marlin Freight.",
    )
    assert [set(f) for f in found] == [{"Oduya", "Lena Farrow"}, {"Ostrava Steel", "Marlin Freight"}]


def test_agreements_need_the_parse():
    """Without the parser the analysis reads no clause, so it claims no deal rather than guess."""
    text = "Invented\n\nArvania and Belmar signed a border treaty on Tuesday."
    assert analyse(article_from_text(text)).agreements == []
    assert analyse(article_from_text(text), parsed=True).agreements


def test_signing_a_letter_is_no_deal_but_signing_an_accord_or_a_player_is():
    assert deals(
        '"I just signed it," Otto Rask said of the letter. Lena Farrow signed a petition to the council.',
        "The Kestrel Union signed the agreement with Marlin Freight on Monday.",
        "The Harbor City Gulls signed Ivo Brandt to a two-year contract.",
    ) == [("Kestrel Union", "Marlin Freight"), ("Harbor City Gulls", "Ivo Brandt")]
