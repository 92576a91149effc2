"""Sentence spans: a full stop ends a sentence only before whitespace, and not after a
common abbreviation or an initial ("U.S. officials", "Rep. Omar", "$9.5 billion")."""

from __future__ import annotations

import re
from collections.abc import Iterator

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "corp", "co", "ltd", "rep", "sen", "gov", "gen",
    "lt", "col", "capt", "sgt", "prof", "rev", "no", "vs", "etc", "dept", "jan", "feb", "aug", "sept",
    "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e", "a.m", "p.m", "d.c",
}  # fmt: skip
MAX_WORD_CHARS = 40
# A full stop after a title's or a month's abbreviation ("Nov. 9") ends no clause; after "U.S."
# or "Inc." it may.
_NOT_AFTER_ABBREVIATION = "".join(
    rf"(?<!\b{re.escape(form)}\.)"  # (read after the stop matched: not at every character)
    for a in sorted(ABBREVIATIONS - {"u.s", "u.k", "d.c", "a.m", "p.m", "jr", "sr", "inc", "corp", "co", "ltd", "etc"})
    for form in {a, a.capitalize()}
)
# Where a full stop is an initial's or a month's, not a sentence's: "the U.N.", "an Oct. 26 letter"
_MONTHS = ("Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec")
ABBREVIATED = r"(?:(?<=\b[A-Z])|" + "|".join(rf"(?<=\b{m})" for m in _MONTHS) + ")"
CLAUSE_STOP = rf"(?:\.{_NOT_AFTER_ABBREVIATION}|[!?])"
# A full stop inside a sentence: "U.S. consumers", "$75.3 billion", "U.S.-Canada trade", and an
# initial ("Elizabeth A. Burton")
INNER_STOP = r"(?:\.(?=[\w,;:-]|\s+[a-z0-9])|(?<![\w.][A-Z])(?<=[A-Z])\.)"
_END = re.compile(r"[.!?]+[\"”’)]*(?=\s)|\n")


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; a newline always ends one."""
    start = 0
    for m in _END.finditer(text):
        if m.group(0) != "\n":
            # only the word before the stop matters: look back a bounded way, not to the
            # sentence start (a run of "Mr. Mr. ..." would make that quadratic)
            word = re.search(r"(\S+)$", text[max(start, m.start() - MAX_WORD_CHARS) : m.start()])
            token = word.group(1).lower().lstrip("(\"“'‘") if word else ""
            if m.group(0).startswith(".") and (token in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", token)):
                continue
        end = m.end() if m.group(0) != "\n" else m.start()
        yield from _trimmed(text, start, end)
        start = m.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end
