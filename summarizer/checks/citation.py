"""Outlet citation: the outlet is named in its evidence, as the article writes it, and cited there
(not only credited in a dateline)."""

from __future__ import annotations

from ..words import DATELINE
from .forms import on_boundaries
from .wording import CITATION_CUE


def cite(name: str, as_written: str, sentence: str, text: str, *, english: bool) -> tuple[str, list[str], list[str]]:
    """(the form the article writes the outlet in, refusals, doubts) for an outlet whose evidence
    lies in `sentence` of `text`. `as_written` is the article's own words, `name` the canonical
    one: either found in the evidence's sentence will do, the article's form first."""
    written = next((n for n in (as_written, name) if n and on_boundaries(n, sentence)), None)
    if written is None:
        anywhere = any(n and on_boundaries(n, text) for n in (as_written, name))
        why = f"its evidence does not name {as_written or name}" if anywhere else None
        return as_written, [why or "the outlet's name does not occur in the article as a word"], []
    if not on_boundaries(written, DATELINE.sub(" ", sentence)):  # named here only in a dateline
        if not on_boundaries(written, DATELINE.sub(" ", text)):
            return written, ["a dateline credit is the article's authorship, not a citation"], []
        return written, [], ["its evidence is a dateline credit; the article cites it elsewhere"]
    if not english:
        return written, [], ["the citation's wording was not checked (the article is not in English)"]
    if not CITATION_CUE.search(sentence):
        return written, [], ["no citing word in its sentence"]
    return written, [], []
