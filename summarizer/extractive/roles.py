"""A person's role as the article writes it around their name: the appositive after a mention
("Jane Doe, the chief executive of Initech, said"), or a body and a lowercase title before it
("NASA administrator Jim Bridenstine"). A courtesy title alone ("Mr.") says nothing of what a
person does, so a role the article writes out replaces it."""

from __future__ import annotations

import re

from .entity import Entity
from .lexicon import FUNCTION_WORDS, TITLES
from .sentences import sentence_spans

#: The appositive after a name: ", the chief executive of Initech," or ", the acting administrator."
APPOSITIVE = re.compile(
    # (after a party and a state: "Rep. Dana Marsh (D-OR), ranking member of ...")
    r"(?:[ \t]+\([A-Z][\w.-]{0,10}\))?"
    r",[ \t]+(?P<det>the[ \t]+|a[ \t]+|an[ \t]+)?"
    # (not a clause: ", and he did not clash with ...", ", who did it twice,")
    r"(?!(?:and|or|but|nor|so|yet|who|whom|whose|which|that|he|she|it|they|we|I|you)\b)"
    # (ended by a comma, or by the sentence when the name closes it and an article opens the role:
    # "added Lena Farrow, the acting associate administrator for exploration at the agency.", not
    # "sent by chairman Marcelo Claure, employees were told that ...")
    # (a capitalized word opens a role after an article, "the Health and Human Services secretary",
    # or as a body's, "Apple’s chief executive"; else it is a name or a place: ", Texas,")
    r"(?P<role>(?(det)\w[\w.’'&-]*|(?:[a-z][\w-]*|[A-Z][\w.’'&-]*(?:’s|'s)))(?:[ \t]+[\w.’'&-]+){0,14}?)"
    r"(?(det)(?:,|(?=\.(?:\s|$)))|,)"
)
#: Titles that say how to address a person, not what they do.
COURTESY = frozenset({"Mr.", "Mrs.", "Ms.", "Miss", "Mx.", "Mr", "Mrs", "Ms"})
#: Words before a lowercase title that are no part of the role.
_NOT_ROLE_WORDS = frozenset(
    "the a an and or but of to by for at in on with from that which who said says told added responded "
    "asked noted wrote according".split()
)
#: Titles that qualify the title after them and cannot end a role.
_MODIFIERS = frozenset({"former", "senior", "vice", "deputy", "chief", "assistant", "associate", "acting", "state"})
# Lowercase words right before a name, after the body they serve: "NASA administrator ", "Apple’s
# chief executive ", "the acting associate administrator "
_TITLES_BEFORE = re.compile(
    r"(?:(?<![\w’'.-])(?P<body>(?:[A-Z][\w&.-]*[ \t]+){0,2}[A-Z][\w&.-]*)(?:’s|'s)?[ \t]+)?"
    r"(?P<titles>(?:[a-z][\w-]*[ \t]+){1,3})$"
)


def _appositive(text: str, ent: Entity) -> str | None:
    for m in sorted(ent.mentions, key=lambda m: m.start):
        found = APPOSITIVE.match(text, m.end)
        if found and found.group("role").split()[0] not in _NOT_ROLE_WORDS:  # not ", according to ..."
            # a role ends with its sentence: "a physiologist at Johns Hopkins University. But in
            # her view," is the physiologist
            role = found.group("role").strip()
            own = next(sentence_spans(role))[1]
            if own < len(role.rstrip(".")) and not found.group("det"):
                continue  # ", double the number in 2017. One of these,": the comma closes no role
            role = role[:own].removesuffix(".")
            if found.group("det") and re.match(r"[a-z][\w-]*(?:’s|'s)\s", role):
                role = found.group("det") + role  # "the company’s chief operating officer"
            # "professor at the University of Miami who has studied the drug trade": the noun phrase
            return re.split(r"\s+(?:who|whose|which|that)\s+", role, maxsplit=1)[0]
    return None


def _titles_before(text: str, ent: Entity) -> str | None:
    for m in sorted(ent.mentions, key=lambda m: m.start):
        found = _TITLES_BEFORE.search(text, max(0, m.start - 80), m.start)
        if not found:
            continue
        words = found.group("titles").split()
        opened = len(words)
        while words and words[0] in _NOT_ROLE_WORDS:
            words.pop(0)  # "said former astronaut", "the acting administrator": the role's own words
        if not words or words[-1] not in TITLES or words[-1] in _MODIFIERS:
            continue  # the role's last word says what the person is: "pop star", "free agent"
        body = found.group("body")
        if body and len(words) == opened and body.split()[0] not in FUNCTION_WORDS:
            return text[found.start("body") : found.end("titles")].strip()  # "NASA administrator"
        return " ".join(words)
    return None


def written_roles(text: str, entities: list[Entity]) -> None:
    """Give each person without a role of substance the role the article writes out for them."""
    for ent in entities:
        if ent.kind != "person" or (ent.role and " " in ent.role):
            continue
        # a one-word title before the name ("Gen.") yields to an appositive that names an office
        # ("chairman of the Joint Chiefs of Staff"), not to one that describes ("the most anticipated
        # witness"); only a courtesy yields to a title before the name
        written = _appositive(text, ent)
        if written and ent.role and ent.role not in COURTESY and not TITLES & set(written.lower().split()):
            written = None
        if not written and (not ent.role or ent.role in COURTESY):
            written = _titles_before(text, ent)
        if written and ent.role not in COURTESY:
            ent.title = ent.role
        ent.role = written or (None if ent.role in COURTESY else ent.role)
