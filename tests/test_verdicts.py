"""The support checks measured on the dev set as the trust issue measures them: a perfect answer
(from the gold labels), a typical SIMULATED model's answer (the gold items written as real models
write them, plus the errors they make, each labelled), and hand-written careful answers
(`tests/fixtures/capable/`, written by a person as a careful model would answer, not model
output). A refusal of a right item is the expensive error."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.testing.simulated import measure

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "devset"


@pytest.fixture(scope="module")
def totals():
    return measure(DEVSET, capable=ROOT / "tests" / "fixtures" / "capable")


pytestmark = [
    pytest.mark.devset,
    pytest.mark.skipif(not DEVSET.is_dir(), reason="../shared/devset is not beside the checkout"),
]


def test_a_perfect_model_loses_nothing_and_pays_one_call(totals):
    perfect = totals["perfect"]
    assert perfect.right_refused == 0
    assert perfect.calls / perfect.articles <= 1.05
    assert perfect.right_verified / perfect.right >= 0.85


def test_careful_answers_are_never_refused_and_mostly_verified(totals):
    capable = totals["capable"]
    assert capable.articles == 10 and capable.right >= 40
    assert capable.right_refused == 0
    assert capable.calls / capable.articles <= 1.10
    assert capable.right_verified / capable.right >= 0.85


def test_a_typical_model_keeps_its_right_items_and_its_errors_are_not_verified(totals):
    typical = totals["typical"]
    assert typical.right_refused / typical.right <= 0.01
    assert typical.wrong_verified / typical.wrong <= 0.05
    assert typical.right_verified / typical.right >= 0.85
    assert typical.wrong_refused / typical.wrong >= 0.5  # the contradictions are caught, not only labelled
