"""A re-ask's answer is a patch merged into the draft it corrects (llm/patches.py)."""

from __future__ import annotations

from summarizer.checks.grounding import Problem
from summarizer.drafts import DraftBrief, DraftPatch
from summarizer.llm.patches import merge, names_kept, repair_message


def _position(holder: str, stance: str) -> dict:
    return {"holder": holder, "stance": stance, "evidence": {"quote": f"{holder} said {stance}"}}


DRAFT = DraftBrief.model_validate(
    {
        "summary": "Two ministers met in Vienna.",
        "participants": [
            {"name": "Ana Ruiz", "kind": "person", "evidence": {"quote": "Ana Ruiz"}},
            {"name": "Tomas Berg", "kind": "person", "evidence": {"quote": "Tomas Berg"}},
        ],
        "positions": [_position("Ana Ruiz", "tariffs must fall"), _position("Tomas Berg", "talks will go on")],
    }
)


def _refused(*wheres: str) -> list[Problem]:
    return [Problem(where, "label", "scripted reason") for where in wheres]


def test_a_corrected_item_takes_the_refused_ones_place():
    patch = DraftPatch.model_validate({"positions": [_position("Tomas Berg", "talks will resume")]})
    merged = merge(DRAFT, patch, _refused("positions[1]"))
    assert [p.stance for p in merged.positions] == ["tariffs must fall", "talks will resume"]
    assert merged.participants == DRAFT.participants and merged.summary == DRAFT.summary


def test_a_refused_item_the_patch_does_not_correct_is_left_out():
    merged = merge(DRAFT, DraftPatch(), _refused("positions[0]"))
    assert [p.stance for p in merged.positions] == ["talks will go on"]


def test_a_whole_brief_sent_back_adds_no_item_twice():
    corrected = DRAFT.model_dump()
    corrected["positions"][0] = _position("Ana Ruiz", "tariffs should fall by half")
    merged = merge(DRAFT, DraftPatch.model_validate(corrected), _refused("positions[0]"))
    assert [p.stance for p in merged.positions] == ["tariffs should fall by half", "talks will go on"]
    assert [p.name for p in merged.participants] == ["Ana Ruiz", "Tomas Berg"]


def test_new_items_come_after_the_drafts_own():
    patch = DraftPatch.model_validate({"positions": [_position("Ana Ruiz", "quotas must go")]})
    merged = merge(DRAFT, patch)
    assert [p.stance for p in merged.positions] == ["tariffs must fall", "talks will go on", "quotas must go"]


def test_a_refused_summary_gives_way_to_the_patchs_or_to_none():
    assert merge(DRAFT, DraftPatch(summary="They met in Vienna."), _refused("summary")).summary == "They met in Vienna."
    assert merge(DRAFT, DraftPatch(), _refused("summary")).summary == ""
    assert merge(DRAFT, DraftPatch(), _refused("positions[0]")).summary == DRAFT.summary


def test_the_repair_message_quotes_the_refused_items_and_not_the_others():
    text = repair_message(DRAFT, _refused("positions[1]", "participants[0]"))
    assert "positions[1]:" in text and "talks will go on" in text and "scripted reason" in text
    assert "tariffs must fall" not in text  # a position that passed is not sent again
    assert names_kept(DRAFT, _refused("participants[0]")) == ["Tomas Berg"]
    assert "its participants are Tomas Berg." in text
