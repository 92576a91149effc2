"""A capitalized run split into the names it holds: at a sentence's full stop, after a possessive
("Britain's Andy Murray"), at "and" between two names ("Beijing and Moscow"), and without what
qualifies a name from in front ("Kroger-owned QFC")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .lexicon import GOVERNMENT_WORDS, GROUP_WORDS, ORG_WORDS
from .sentences import ABBREVIATIONS

if TYPE_CHECKING:
    from .mentions import TextCounts

SENTENCE_STOP = re.compile(r"(?<=[a-z]{2}\.)\s+")
_AND = re.compile(r"\s+and\s+")
_CAPITALIZED = re.compile(r"[A-Z][a-z]+")
# "Kroger-owned QFC", "Seattle-based International Pacific Halibut Commission": who owns a body or
# where it sits qualifies its name from in front, and is no word of it
_OWNER = re.compile(r"^(?:\S+\s+)*?\S+-(?:owned|based|led|backed|run|controlled|funded|headquartered)\s+")


_INITIAL_WORD = re.compile(r"[A-Z]\.")
#: What completes a company's name after it: "Apple Inc." is Apple.
COMPANY_SUFFIXES = frozenset(
    "Inc. Inc Corp. Corp Co. Co Ltd Ltd. LLC Group Holdings plc PLC AG SA NV Company Corporation".split()
)


def without_initials(words: list[str]) -> list[str]:
    """A name's words without its initials: "Donald J. Trump" is "Donald Trump"."""
    return [w for w in words if not _INITIAL_WORD.fullmatch(w)]


def unowned(raw: str, at: int) -> tuple[str, int]:
    """The name in `raw` (found at `at`) without an owner or a seat before it, and where it starts."""
    owner = _OWNER.match(raw)
    return (raw[owner.end() :], at + owner.end()) if owner and at >= 0 else (raw, at)


_INSTITUTION_WORDS = ORG_WORDS | GOVERNMENT_WORDS | GROUP_WORDS
_POSSESSIVE_SPLIT = re.compile(r"(?<=[’']s)\s+|(?<=s[’'])\s+")  # "Rask’s", and the plural "Lions’"


def _split_possessive(part: str, lower: set[str], counts: TextCounts | None = None) -> list[str]:
    pieces = _POSSESSIVE_SPLIT.split(part)
    out = [pieces[0]]
    for piece in pieces[1:]:
        word = out[-1].split()[-1]
        owner = word[:-2] if word.endswith(("’s", "'s")) else word[:-1]
        # an owner the text also names on its own is a name of its own: "Braun’s Ithaca Holdings"
        # after "Scooter Braun" is Braun's company, not one name
        named = counts is not None and bool(owner) and counts.bare(owner)
        if owner.lower() in lower or (set(piece.split()) & _INSTITUTION_WORDS and not named):
            # "People's Liberation Army", "the Governor's Office": one name
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def split_names(raw: str, lower: set[str] = frozenset(), counts: TextCounts | None = None) -> list[str]:
    # a full stop after a word ends a sentence, except after a title ("Rep. David McKinley");
    # a possessive ends a name ("Britain's Andy Murray") unless an institution follows it
    # ("the Governor's Office of Emergency Services")
    parts = [q for p in SENTENCE_STOP.split(raw) if p for q in _split_possessive(p, lower, counts) if q]
    for i in range(len(parts) - 1, 0, -1):
        if parts[i - 1].split()[-1].rstrip(".").lower() in ABBREVIATIONS:
            parts[i - 1 : i + 1] = [f"{parts[i - 1]} {parts[i]}"]
    out: list[str] = []
    for part in parts:
        pieces = _AND.split(part)
        # "Customs and Border Protection" is one body; "Beijing and Moscow" is two places, and
        # "Brindle Motors and the Kovar Workers Council" two bodies: a name of its own opens with "the".
        if (
            len(pieces) == 2
            and not pieces[1].lower().startswith("the ")  # "and The Carlyle Group" too
            and _CAPITALIZED.fullmatch(pieces[0].split()[-1])
            and (
                {w.strip(".,;:") for w in pieces[1].split()} & (ORG_WORDS | GOVERNMENT_WORDS)
                # "Department of Design and Construction": a subject, a word the text writes in lower
                # case too, after "of" (not "Bank of America and Citigroup")
                or (" of " in pieces[0] and " " not in pieces[1] and pieces[1].strip(".,;:").lower() in lower)
            )
        ):
            pieces = [part]
        out.extend(pieces)
    return out
