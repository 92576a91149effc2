"""A name the capitalization rules ran together ("United Nations and European Union"), split into
the separate entities the parser reads in it."""

from __future__ import annotations

from .entities import Entity
from .parse import ACTOR_KINDS, Parse

#: The kind a brief shows for a part of a merged name, by the parser's label.
KIND_OF_LABEL = {**ACTOR_KINDS, "GPE": "country", "NORP": "group"}


def parts_of(ent: Entity, parse: Parse | None) -> list[tuple[str, str, int, int]]:
    """A name the capitalization rules ran together ("United Nations and European Union") as the
    parser's separate entities: (name, kind, start, end) for each; [] when it is one name
    ("Procter and Gamble", "Bureau of Alcohol, Tobacco and Firearms")."""
    if parse is None or " and " not in ent.name:
        return []
    m = ent.first
    # (an entity may start before the mention with its article: "[The United Nations] and ...")
    inside = [(max(s, m.start), e, label) for s, e, label in parse.entities() if m.start - 4 <= s and e <= m.end]
    if len(inside) < 2 or any(s <= m.start + ent.name.find(" and ") < e for s, e, _ in inside):
        return []
    parts = []
    for s, e, label in inside:
        kind = KIND_OF_LABEL.get(label)
        if kind is None:
            return []  # a part the parser does not see as an actor: leave the name whole
        name = parse.span(s, e).text
        if name.lower().startswith("the "):
            s, name = s + 4, name[4:]
        parts.append((name, kind, s, e))
    return parts
