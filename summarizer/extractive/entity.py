"""One entity of an article: its name and forms, its mentions, and what the rules and the parser
know of it (its kind, role, label, and whether it acts)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .mentions import MIDDLE_INITIAL, Mention, is_title

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: One word with a capital after a run of lowercase letters: a brand's spelling ("SpaceX",
#: "YouTube", "BlackRock"), never a person's, whose inner capitals follow a surname's prefix
#: ("McDonald", "DeSantis", "LeBron", "MacArthur", "O'Neill").
BRAND_CASE = re.compile(r"(?!(?:Mc|Mac|Fitz|De|Di|Da|Du|La|Le|Van|Von)[A-Z])[A-Z][a-z]+[A-Z]\w*")


@dataclass
class Entity:
    name: str
    kind: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    role: str | None = None
    # the one-word title before a name ("Ambassador") that a written-out role replaced; the parse
    # restores it when the written-out words prove to be a clause (`parsed_entities.sound_roles`)
    title: str | None = None
    titled: bool = False
    acts: bool = False
    # one-word aliases that are no surname: a people's adjective, a word of the text
    not_surnames: set[str] = field(default_factory=set)
    region: bool = False  # "Southern California": a compass word and a place the parser labels

    @property
    def person_like(self) -> bool:
        """Evidence that a two-word capitalized name is a person, not a place or an event."""
        # a title, a surname used alone, a middle initial ("Elizabeth A. Burton"), or an
        # appositive that says what the person is ("Ivo Brandt, president of a design agency,")
        return (
            self.titled
            or any(" " not in a and a != self.name and a not in self.not_surnames for a in self.aliases)
            or bool(MIDDLE_INITIAL.search(self.name))
            or any(is_title(w) for w in (self.role or "").split()[:2])
        )

    modifier_only: bool = False  # every mention qualifies a noun: "SUV sales", "Army officer"
    # a label, not an actor (`name_context`): a place's qualifier ("Tampa, FL"), a designation
    # ("Path A"), a model or an edition ("Euro 2020")
    qualifier_only: bool = False
    # What the parser says (`parsed_entities.label_entities`); `proper` is None with no parse.
    label: str | None = None  # the entity label most of its mentions carry
    label_votes: dict[str, int] = field(default_factory=dict)
    proper: bool | None = None  # a proper name by its part of speech or an entity label
    subject: bool = False  # the subject of a verb in some mention: it acts
    # every labelled mention is the tail of a longer name of another kind, its "title" word
    # included ("Star [Harbor Rising]", the parser's ORG): part of a name, not a person
    in_longer_name: bool = False
    # every mention is the whole of a quotation (“I’d Do Anything”): the name of a work or a show
    quoted_title: bool = False
    # the article cites it as a news outlet ("confirmed to WIRED"): a channel, not a speaker a
    # pronoun points back to, and no participant unless it speaks in its own name
    cited: bool = False
    # how many mentions the parse reads with "the" as their determiner ("the Lakers")
    determined: int = 0
    # how many mentions "its" or "their" owns ("its Starship")
    owned: int = 0

    @property
    def parsed_org(self) -> bool:
        """A person by capitalization alone whom the parser labels ORG wherever it labels it, with
        nothing that marks a person: "Qantas said", "Northrop Grumman". Shown as an organization,
        and "he" or "she" does not point to it."""
        if self.kind != "person":
            return False
        if 2 * self.determined > len(self.mentions) and not self.titled:
            return True  # "the Lakers", "the Thunder": a team or a firm; no person's name takes "the"
        if BRAND_CASE.fullmatch(self.name) and not self.titled:
            return True  # "SpaceX said", whatever the parser labels it
        votes = self.label_votes
        # "Eastern Michigan rolled past Northern Illinois": a place's name that acts is a team, a
        # school or a firm, not a person
        # (an idle "City Hall" is a place; "Cambridge Analytica", once a LOC and once a WORK_OF_ART, a firm)
        acting_place = bool(set(votes) & _PLACE_LABELS) and not {"PERSON", "PER"} & set(votes) and self.subject
        # (half its labels or more, none a person's: "Japan's Nippon Steel" is once a FAC, "the
        # Islamist Muslim Brotherhood" once a NORP)
        people = votes.get("PERSON", 0) + votes.get("PER", 0)
        # (a stray PERSON among many ORGs is the small model's slip: "Facebook" 5 to 1)
        body = votes.get("ORG", 0) * 2 >= sum(votes.values()) and 4 * people <= votes.get("ORG", 0)
        return bool(votes) and (body or acting_place) and not self.person_like

    @property
    def first(self) -> Mention:
        return min(self.mentions, key=lambda m: m.start)

    @property
    def first_in_full(self) -> Mention | None:
        """The first mention that writes the whole name (not an alias: "Tourism" for "World Travel
        and Tourism Council"), if any."""
        return min((m for m in self.mentions if m.text == self.name), key=lambda m: m.start, default=None)
