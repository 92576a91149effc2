"""Which items a page shows first: the JSON keeps everything; a page only chooses.

Participants who are quoted or party to an agreement come first, then the rest by how often the
article names them; positions follow their holder's salience, then the article's order;
agreements and outlets keep the article's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import AgreedPoint, Brief, CitedOutlet, Participant, Position


def _mentions(name: str, text: str) -> int:
    words = [w for w in name.split() if len(w) > 2]
    forms = {name, *(words[-1:] if words else [])}
    return sum(len(re.findall(rf"(?<!\w){re.escape(f)}(?!\w)", text)) for f in forms if f)


@dataclass
class Ranked:
    participants: list[Participant]
    positions: list[Position]
    agreed_points: list[AgreedPoint]
    cited_outlets: list[CitedOutlet]


def rank(brief: Brief, text: str = "") -> Ranked:
    acting = {p.holder for p in brief.positions} | {n for a in brief.agreed_points for n in a.parties}
    order = {p.name: i for i, p in enumerate(brief.participants)}
    salience = {p.name: (p.name not in acting, -_mentions(p.name, text), order[p.name]) for p in brief.participants}
    participants = sorted(brief.participants, key=lambda p: salience[p.name])
    place = {p.name: i for i, p in enumerate(participants)}
    positions = sorted(brief.positions, key=lambda p: (place.get(p.holder, len(place)), p.evidence.start))
    return Ranked(
        participants=participants,
        positions=positions,
        agreed_points=sorted(brief.agreed_points, key=lambda a: a.evidence.start),
        cited_outlets=sorted(brief.cited_outlets, key=lambda o: o.evidence.start),
    )


def _plain(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def quote_adds(stance: str, quote: str | None) -> bool:
    """Whether a position's quote says more than its stance: not when the stance is the quote
    (or holds it), whatever the quotation marks, case and punctuation."""
    if not quote or not quote.strip():
        return False
    said, claimed = _plain(quote), _plain(stance)
    return bool(said) and said not in claimed and claimed != said
