"""What the words around every mention of a name say it is, when that is not an actor: a word
that qualifies a noun ("SUV sales"), a place's qualifier ("Tampa, FL"), a designation ("Path
A", "Group D"), a model or an edition ("Euro 2020", "SLS Block 1B"), or a work's title in
quotation marks (“I’d Do Anything”). Read from the text alone, so they hold with or without a
parse; the engine lists such a name only when it speaks or is a party.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .lexicon import PLACE_WORDS
from .mentions import BODY, CONNECTORS, Mention, verb_like

if TYPE_CHECKING:
    from .entity import Entity

#: A name right after "Place, " (a word in mixed case: not "NASA, ESA") that ends its phrase, or a
#: two-letter code: the place's state or country, written as its qualifier ("Tampa, FL",
#: "Mountain View, CA for a show"). A name in a list goes on with more of it: "Lind, Brandt and".
_AFTER_PLACE = re.compile(r"[A-Z][a-z][\w.'’-]*,[ \t]+$")
_POSTAL_CODE = re.compile(r"[A-Z]{2}")
_ENDS_ENTRY = re.compile(r"[ \t]*(?:$|[\n,.;:)\]])", re.M)
#: A label and a letter: "Path A", "Group D.", "Plan B" designate, they do not act.
_DESIGNATION = re.compile(r".+\s[A-Z]\.?")
#: A year or a model code right after the name: "Euro 2020", "Block 1B", "Boeing 737", or a
#: craft's number in words ("Air Force One") (a number with a comma after it goes on the
#: sentence: "the Forum 1000, a club").
_MODEL_NUMBER = re.compile(r"[ \t]+(?:\d{3,}|\d+[A-Za-z]+|One|Two|Three|Four|Five)\b(?!,)")


#: An acronym and the words it stands for, either way round: "the exploration upper stage (EUS)",
#: "its SLS (Space Launch System) rocket". (Bounded: one pass over the text, whatever it holds.)
_DEFINED = re.compile(
    # (the long form may be quoted: '"personally identifiable information" (PII)')
    r"(?P<long>(?:[\w’'-]{1,40}[\"”’]?[ \t]+){1,8})\((?P<short>[A-Z][A-Z0-9]{1,7})\)"
    r"|(?<![\w-])(?P<short2>[A-Z][A-Z0-9]{1,7})[ \t]+\((?P<long2>[^()\n]{3,80})\)"
)


_KNOWN_AS = re.compile(
    r"\b(?P<noun>[a-z][\w-]{2,40}),?[ \t]+(?:known[ \t]+as|also[ \t]+called)[ \t]+(?P<short>[A-Z][A-Z0-9]{1,7})\b"
)
_BODY_NOUNS = frozenset(
    "group organization organisation movement militia party company firm agency network alliance".split()
)


def _defined_things(text: str) -> set[str]:
    """Acronyms the text spells out as a thing, not a body: in lowercase words ("the interim
    cryogenic propulsion stage (ICPS)"), or ending in a site's, a craft's or a work's word
    ("Space Launch System"). "the Committee on Foreign Investment in the U.S. (CFIUS)" is a body."""
    things: set[str] = set()
    for m in _DEFINED.finditer(text):
        short = m.group("short") or m.group("short2")
        words = [w.strip("\"“”’'") for w in (m.group("long") or m.group("long2")).split()]
        if m.group("long"):
            words = words[-len(short) :]  # "called the interim cryogenic propulsion stage": the last four
        else:
            words = words[: len(short)]  # "HDR (high dynamic range lighting)": the first three
        if [w[0].lower() for w in words] != [c.lower() for c in short]:
            continue  # not what the letters stand for: "Stellantis (NYSE:STLA)", "a rival (AMD)"
        if all(w.islower() for w in words) or words[-1] in PLACE_WORDS:
            things.add(short)
    # "dinitrophenol, known as DNP": a thing's name in lower case, then its letters (a body's noun
    # does not count: "the militant group known as ISIS")
    things |= {m.group("short") for m in _KNOWN_AS.finditer(text) if m.group("noun") not in _BODY_NOUNS}
    return things


#: Nouns a name qualifies when it names an undertaking, not a body that acts.
_UNDERTAKINGS = frozenset({"program", "programme", "effort", "project", "initiative", "scheme"})


def _quoted(text: str, m: Mention) -> bool:
    """Whether the mention is all a quotation holds: “I’d Do Anything”, "Wild Rose"."""
    before, after = text[max(0, m.start - 2) : m.start].rstrip(), text[m.end : m.end + 3].lstrip()
    if before.endswith(("“", '"', "«")) and after.startswith(("”", '"', "»", ",”", '."', ".”")):
        return True
    # single quotes, as British headlines write them ("The 'American Dream' is dead"): opened
    # after a space and closed before one, so an apostrophe ("Obama's") is no closing mark
    opens = m.start >= 1 and text[m.start - 1] in "'‘" and (m.start == 1 or text[m.start - 2].isspace())
    closes = m.end < len(text) and text[m.end] in "'’" and not text[m.end + 1 : m.end + 2].isalnum()
    return opens and closes


def _modifier_only(text: str, ent: Entity) -> bool:
    follows = [re.match(r" ([a-z][\w-]*)", text[m.end : m.end + 30]) for m in ent.mentions]
    if all(f is not None and f.group(1) in _UNDERTAKINGS for f in follows):
        return True  # "the COTS program", "NASA's Commercial Orbital Transportation Services effort"
    if (" " in ent.name and not BODY.fullmatch(ent.name)) or ent.kind == "country":
        return False
    return all(
        f is not None and not verb_like(f.group(1)) and f.group(1) not in CONNECTORS | {"in", "to", "with"}
        for f in follows
    )


_PLACE_NOUN = re.compile(
    r"[ \t]+(?:region|province|district|republic|territory|oblast|prefecture|county|state|city|town|village|valley)\b"
)


def _alone(text: str, m: Mention) -> bool:
    return (m.start == 0 or text[m.start - 1] == "\n") and text[m.end : m.end + 1] in ("", "\n")


def _qualifies(text: str, m: Mention) -> bool:
    after_place = _AFTER_PLACE.search(text, max(0, m.start - 40), m.start) is not None
    return (
        after_place and (_ENDS_ENTRY.match(text, m.end) is not None or _POSTAL_CODE.fullmatch(m.text) is not None)
    ) or _MODEL_NUMBER.match(text, m.end) is not None


def mark_contexts(text: str, entities: list[Entity]) -> None:
    """Set `modifier_only`, `qualifier_only` and `quoted_title` on every entity."""
    things = _defined_things(text)
    for ent in entities:
        ent.modifier_only = _modifier_only(text, ent)
        designation = _DESIGNATION.fullmatch(ent.name) is not None  # whatever its stray aliases ("Path")
        designation = designation or ent.name in things  # "the exploration upper stage (EUS)"
        # (a person's name of three words is no place's qualifier: "the Minister of Planning,
        # Khaled Battal al-Najm, denied")
        long_name = ent.kind == "person" and len(ent.name.split()) > 2
        ent.qualifier_only = designation or (not long_name and all(_qualifies(text, m) for m in ent.mentions))
        # a name every mention of which in full is all a quotation holds names a work (a stray
        # alias, "Long" opening a sentence, says nothing of the title)
        full = [m for m in ent.mentions if m.text == ent.name] or ent.mentions
        ent.quoted_title = all(_quoted(text, m) for m in full)
        # "the remote Russian Tuva region": a name written in full only before a place's noun is a place
        ent.qualifier_only = ent.qualifier_only or (
            ent.kind == "person" and all(_PLACE_NOUN.match(text, m.end) for m in full)
        )
        # a name only ever a line by itself is a heading or a photo's credit ("West Mercia Police"
        # under a picture), not an actor the story names
        ent.qualifier_only = ent.qualifier_only or all(_alone(text, m) for m in ent.mentions)
