"""Verdicts for a brief the rules made: the extractive engine's items go through the same checks
as a model's answer, so "verified" means the same thing whichever engine wrote the brief."""

from __future__ import annotations

from ..drafts import DraftAgreedPoint, DraftBrief, DraftCitedOutlet, DraftParticipant, DraftPosition
from ..extractive import Analysis
from ..models import Brief
from .grounding import ArticleIndex
from .support import check

_SECTIONS = {
    "participants": DraftParticipant,
    "agreed_points": DraftAgreedPoint,
    "positions": DraftPosition,
    "cited_outlets": DraftCitedOutlet,
}


def judge(brief: Brief, index: ArticleIndex, analysis: Analysis | None = None) -> Brief:
    """`brief` with a verdict on every item; an item the article contradicts is dropped with a
    warning (the rules cannot be re-asked)."""

    def as_draft(item, model):
        data = item.model_dump(exclude={"support", "support_note"})
        return model.model_validate({**data, "evidence": {"quote": item.evidence.quote}})

    # built field by field: the rules are not a model, so the caps on an answer do not apply
    draft = DraftBrief.model_construct(
        title=brief.title,
        summary=brief.summary,
        omissions=None,
        **{section: [as_draft(i, model) for i in getattr(brief, section)] for section, model in _SECTIONS.items()},
    )
    grounded = check(draft, index, analysis)
    refused = [p for p in grounded.problems if p.where != "summary"]  # the lead is the article's own
    grounded.problems = refused
    brief = brief.model_copy(
        update={
            **{section: getattr(grounded, section) for section in _SECTIONS},
            "warnings": [*brief.warnings, *grounded.warnings()],
        }
    )
    brief.meta.support = grounded.support(refused=len(refused))
    brief.meta.language = analysis.language if analysis is not None else None
    return brief
