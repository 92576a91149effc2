"""Words the capitalization rules read in front of a name that the parser says are no part of it:
a common noun's phrase around the name ("Lawyers for the Hamlin Trust", "Supporters of Ivo
Brandt") and a verb before it ("(See Facebook's own description)")."""

from __future__ import annotations

import re

from .entities import Entity, Registry
from .parse import Parse
from .parsed_entities import ACTORS

#: A name written as a common noun's phrase: "Lawyers for the Hamlin Trust", "Shares of Vestia".
_HEADED = re.compile(r"(?P<head>[A-Z][a-z]+)[ \t]+(?P<link>of|for|at)[ \t]+(?:the[ \t]+)?(?P<tail>[A-Z].*)")


def split_heads(registry: Registry, parse: Parse) -> None:
    """A capitalized common noun in front of a name ("Lawyers for the Hamlin Trust", "Shares of
    Vestia Holdings", "Supporters of Ivo Brandt") is not part of it: the entity is the name after
    the preposition, when the parser reads one there. A real name of that shape is one of the
    parser's entities whole ("Bank of America"), or has no actor after the preposition
    ("Friends of the Earth"), and is left as it is."""
    for ent in list(registry.entities):
        m = _HEADED.fullmatch(ent.name)
        if m is None and not ent.titled and " " in ent.name:
            _without_verb(registry, parse, ent)
        if m is None or ent.titled:
            continue
        first = ent.first_in_full
        head = parse.token_at(first.start) if first is not None else None
        if head is None or head.pos_ != "NOUN" or head.ent_type_:
            continue
        tail = parse.token_at(first.start + m.start("tail"))
        if tail is None or tail.ent_type_ not in ACTORS:
            continue  # no name the parser reads after it: the rules' judgement stands
        registry.narrow(ent, m.group("tail"), m.start("tail"), keep_alias=m.group("link") == "for")


def _without_verb(registry: Registry, parse: Parse, ent: Entity) -> None:
    """ "(See Facebook's own description)": a verb the parser reads before a name it labels, where
    the rules read one name, is no word of it."""
    verb, rest = ent.name.split(" ", 1)  # (called only for a name with a space)
    first = ent.first_in_full
    head = parse.token_at(first.start) if first is not None else None
    tail = parse.token_at(first.start + len(verb) + 1) if first is not None else None
    if head is not None and head.pos_ == "VERB" and tail is not None and tail.ent_type_ in ACTORS:
        registry.narrow(ent, rest, len(verb) + 1, keep_alias=False)
