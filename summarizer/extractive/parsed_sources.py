"""Speakers the patterns cannot name, read from the parse: the subject of the speech verb after
a quotation, when that subject is a description that says whom it speaks for ("a spokeswoman for
the airline said", "an official at the ministry said"). The body it names is resolved through
the alias index, or, for "the airline", "the company", to the organization last named. A
quotation the patterns left with no speaker, or gave to a pronoun ("she added") that follows
such a description in the same paragraph, goes to that body.
"""

from __future__ import annotations

import bisect
import re

from .entities import Entity, Registry
from .lexicon import CUE_WORDS
from .parse import Parse
from .parsed_entities import kind_of
from .quotes import Attribution

_QUOTE = re.compile(r"“([^”“\n]{3,}?)”|\"([^\"\n]{3,}?)\"")
AFTER_REACH = 120  # the attribution after a quotation closes within this reach
SPEAKS_FOR = frozenset({"for", "of", "at", "with"})


def _body_named(token, registry: Registry, parse: Parse, before: int) -> Entity | None:
    """The body a description's "for X" names: X itself when the index knows it, else the
    organization last named before `before` when X is a plain noun ("the airline"). The body
    may also stand in front of the noun: "a WeWork spokesperson", "a Pentagon official"."""
    for owner in (c for c in token.children if c.dep_ in ("compound", "poss") and c.pos_ == "PROPN"):
        words = " ".join(t.text for t in owner.subtree if t.dep_ != "case")
        named = registry.resolve(words)
        if named is not None and kind_of(named) != "person":  # the parser's ORG over capitalization
            return named
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in SPEAKS_FOR):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            words = " ".join(t.text for t in obj.subtree)
            named = registry.resolve(words.removeprefix("the ").removeprefix("The "))
            if named is not None and named.kind != "person":
                return named
            if obj.pos_ == "NOUN" and any(c.lower_ == "the" for c in obj.children):
                bodies = registry.before(before, plural=True, count=3)
                return next((e for e in bodies if e.kind in ("organization", "government")), None)
    return None


def _speaker_after(parse: Parse, registry: Registry, qe: int, reach_end: int, qs: int) -> tuple[Entity, int] | None:
    span = parse.span(qe, reach_end)
    if span is None:
        return None
    for token in span:
        if token.text.lower() not in CUE_WORDS or token.pos_ != "VERB":
            continue
        for subj in (c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")):
            end = parse.offset_of(subj.right_edge) + len(subj.right_edge.text)
            if subj.pos_ == "NOUN":
                body = _body_named(subj, registry, parse, qs)
                if body is not None:
                    return body, end
        return None
    return None


class _ByStart:
    """Attributions by where they start, searched by bisection (an article of many quotations is
    not rescanned for each one)."""

    def __init__(self, attributions: list[Attribution]) -> None:
        self.items = sorted(attributions, key=lambda a: a.start)
        self.starts = [a.start for a in self.items]

    def between(self, start: int, end: int) -> list[Attribution]:
        return self.items[bisect.bisect_right(self.starts, start) : bisect.bisect_left(self.starts, end)]


def attribute(attributions: list[Attribution], parse: Parse, registry: Registry, text: str) -> list[Attribution]:
    """`attributions` with the quotations a description's body spoke added, and the pronoun
    quotations after them in their paragraph given to that body."""
    by_start = {a.start: a for a in attributions if a.quote is not None}
    index = _ByStart(attributions)
    added: list[Attribution] = []
    for m in _QUOTE.finditer(text):
        qs, qe = m.span()
        stop = text.find("\n", qe)
        paragraph_end = stop if stop >= 0 else len(text)
        found = _speaker_after(parse, registry, qe, min(qe + AFTER_REACH, paragraph_end), qs)
        if found is None:
            continue
        body, end = found
        content = next(g for g in m.groups() if g).strip(" ,.")
        existing = by_start.get(qs)
        if existing is not None:
            existing.speaker = body
        else:
            added.append(Attribution(body, content, content, qs, end))
        # "she added" after the description's quote, in the same paragraph, is the same voice
        for a in index.between(qe, paragraph_end):
            if a.quote is not None and not a.direct:
                a.speaker = body
    return sorted([*attributions, *added], key=lambda a: a.start)
