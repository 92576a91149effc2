"""Words shared by every stage that compares texts by their content: one stopword list, one
definition of a content word (used by grounding's summary check, the eval scorer and the
extractive engine's language check); and `clip`, how any message quotes text it does not own."""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    "the a an and or of to in on for with by at as is are was were be been that this it its their his her they he "
    "she we our from into than then over under not no but also will would can could should may might has have had "
    "do does did so such these those there here which who whom what when where how about after before more most "
    "other some any each both all one two said says".split()
)
#: A dateline credit ("OSLO (AP) —"): the article's authorship, not a citation, and no party to
#: what the sentence after it reports.
DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]*\((?P<name>[^)]{1,40})\)\s*[-—–]", re.M)
#: A credit that opens a paragraph, with or without its place: "(CNN)", "LONDON (Reuters) -",
#: and a bare dateline, a dash after its words: "PanARMENIAN.Net -", "BERLIN --".
CREDIT = re.compile(
    r"^\s*(?:(?:[A-Z][A-Z .,'’-]*)?\([^()\n]{1,40}\)\s*[-—–]?"
    r"|[A-Z][\w.'’]*(?:[ \t]+[A-Z][\w.'’]*){0,3}[ \t]+(?:--|[-—–]))\s*"
)
MIN_CONTENT_CHARS = 3  # shorter words ("us", "eu", "un") carry too little to compare on
_WORD = re.compile(r"[a-z0-9]+")


def content_words(text: str) -> list[str]:
    """The words that carry content, lower-cased, with a plural "s" dropped, in order."""
    return [w.rstrip("s") for w in _WORD.findall(text.lower()) if len(w) >= MIN_CONTENT_CHARS and w not in STOPWORDS]


def stopword_share(text: str) -> float:
    """The share of a text's words that are English stopwords (about 0.4 for English prose)."""
    words = re.findall(r"[a-z]+", text.lower())
    return sum(w in STOPWORDS for w in words) / len(words) if words else 0.0


def clip(text: str, limit: int = 200) -> str:
    """`text` on one line and at most `limit` characters: what a message may quote of text it
    does not control (a model's words, a key name, a URL)."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
