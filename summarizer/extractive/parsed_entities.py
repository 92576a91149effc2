"""What the parser says about each entity the registry found: its entity label, whether it is a
proper name at all, and whether it acts in a clause. Who takes part is then decided from the
parser's judgement, not from how a word is capitalized.

- A word the parser reads as an adverb, a verb or a common noun ("Eventually", "Operating",
  "People") is a sentence fragment, not a participant, however it is capitalized.
- Dates, amounts, products, works, laws and events never take part.
- A place (GPE, LOC, FAC) takes part only when it acts: the subject of a verb ("Russia signed").
- The kind follows the label where the rules had only capitalization to go on: an airline or a
  club the rules took for a person is an organization when the parser labels it so.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from .entities import Entity, Registry
from .lexicon import PLACE_WORDS
from .media_names import canonical as outlet_canonical
from .mentions import ACRONYM, Mention, is_demonym, is_title
from .parse import ACTOR_KINDS, Parse
from .roles import APPOSITIVE

#: Labels of things that never take part in a story, whatever they are subject of.
NEVER = frozenset({
    "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "WORK_OF_ART", "LAW", "LANGUAGE", "EVENT",
    "PRODUCT",
})  # fmt: skip
#: Of those, the labels a small model also puts on people's names ("Marcel Granollers" as a
#: PRODUCT): they do not overrule a full name the rules read as a person's.
NAME_LIKE = frozenset({"WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})
#: Places: participants only when they act.
PLACES = frozenset({"GPE", "LOC", "FAC"})
_COMPASS = frozenset("Northern Southern Eastern Western Central North South East West".split())
#: Labels that name an actor (a person, an organization, a country or its people).
ACTORS = frozenset({"PERSON", "ORG", "NORP", "GPE", "PER"})
#: Parts of speech of a proper name, or of words that can be part of one ("the Foreign Ministry").
NAME_POS = frozenset({"PROPN"})
#: Dependencies of a clause's agent: what a place must be to act.
SUBJECTS = frozenset({"nsubj", "nsubj:pass", "agent", "csubj"})


def _labels(span, offset_of, starts, ents) -> list[str]:
    """The labels of the parser's entities that hold a mention's head word: "Bartholomew County"
    (a GPE) inside "Bartholomew County Sheriff's Department" says nothing of the department."""
    at = offset_of(span.root)
    i = bisect.bisect_right(starts, at) - 1
    return [ents[i][2]] if i >= 0 and ents[i][1] > at else []


def _in_longer_name(m: Mention, text: str, starts, ents) -> bool | None:
    """Whether the parser reads the words in front of a titled mention as part of one longer
    name that is not a person's ("Star Harbor Rising" for "Star" + "Harbor Rising"); None when
    no entity of the parser holds the mention."""
    i = bisect.bisect_right(starts, m.start) - 1
    if i < 0 or ents[i][1] < m.end:
        return None
    start, _, label = ents[i]
    before = text[start : m.start]
    return (
        start < m.start
        and label not in ("PERSON", "PER")
        and len(before.strip()) > 1  # "F Hamidou Diallo": a player's position is no word of a name
        and before.endswith(" ")
        and (not any(ch in before for ch in ',;:()"“”'))
    )


def _unit(head) -> bool:
    """ "3.7 GW of capacity", "30-600 MW", "a 2.1 GW plant": a short word a number measures is a
    unit, not a name. (Most mentions must be: "3 NBA titles" is counted, "the NBA said" is not.)"""
    if len(head.text) > 4 or head.text.istitle():
        return False
    before = head.doc[head.i - 1] if head.i else None
    return any(c.dep_ == "nummod" for c in head.children) or (before is not None and before.pos_ == "NUM")


def label_entities(registry: Registry, parse: Parse) -> None:
    """Set each entity's `label`, `proper`, `subject` and `in_longer_name` from the parse."""
    ents = parse.entities()
    starts = [e[0] for e in ents]
    for ent in registry.entities:
        votes: Counter[str] = Counter()
        proper = subject = passive = False
        determined = owned = qualifying = measured = parsed = 0
        alias_votes: dict[str, Counter[str]] = {}
        titled = [m for m in ent.mentions if m.role] if ent.kind == "person" else []
        longer = [x for m in titled if (x := _in_longer_name(m, registry.text, starts, ents)) is not None]
        # a surname the article uses alone marks a person, whatever the parser reads around it
        ent.in_longer_name = bool(longer) and all(longer) and all(" " in a for a in ent.aliases)
        for m in ent.mentions:
            span = parse.span(m.start, m.end)
            if span is None or not len(span):
                continue
            labels = _labels(span, parse.offset_of, starts, ents)
            votes.update(labels)
            if m.text in ent.aliases and " " not in m.text:
                alias_votes.setdefault(m.text, Counter()).update(labels)
            # a proper noun, or a word inside one of the parser's entities ("Chinese government")
            proper = proper or any(t.pos_ in NAME_POS or t.ent_type for t in span)
            head = span.root
            parsed += 1
            measured += _unit(head)
            # "the Lakers", "the Thunder": no person's name takes "the"
            # (nor "its" or "their": "its Starship", "their Falcon 9", a thing a body owns)
            owns = any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in head.children)
            owned += owns
            determined += owns or any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
            qualifying += head.dep_ == "compound"  # "Browns player": a team's name qualifies
            # "Russia signed", "China and Russia agreed" (a conjunct of the subject acts too)
            while head.dep_ == "conj" and head.head.i != head.i:
                head = head.head
            subject = subject or (head.dep_ in SUBJECTS and head.head.pos_ in ("VERB", "AUX"))
            passive = passive or head.dep_ in ("nsubjpass", "nsubj:pass")
        ent.label = votes.most_common(1)[0][0] if votes else None
        ent.label_votes = dict(votes)
        # "Tunisian" of "Tunisian Islamists", "American" of "American Dream": a people's adjective
        # the parser labels NORP wherever it stands alone is no surname; nor is "Neon" of "Let There
        # Be Neon" in a text that writes "neon" in lower case too
        ent.not_surnames = {a for a, v in alias_votes.items() if set(v) == {"NORP"}}
        ent.not_surnames |= {a for a in ent.aliases if " " not in a and a.lower() in registry.counts.lower}
        # "Southern California" beside "California": a compass word before a place the parser
        # labels so is a region of it, not a person (it "battens the hatches" only in a metaphor)
        first, _, rest = ent.name.partition(" ")
        ent.region = first in _COMPASS and bool(alias_votes.get(rest)) and set(alias_votes[rest]) <= {"GPE", "LOC"}
        ent.proper = proper or bool(votes)
        ent.subject = subject
        # the patterns' "a verb follows" holds only where the parse agrees it is the subject
        # ("atop Mauna Kea have confirmed" is no act of the mountain); a person the parser
        # labels so acts as the subject of any verb, regular or not ("Mike Glass threw")
        # (and so does one a verb is done to: "Marcus Childers was intercepted three times")
        person = ent.label in ("PERSON", "PER")
        ent.acts = (subject and (ent.acts or person)) or (passive and person)
        ent.determined, ent.owned = determined, owned
        # "PSVR games", "a pleasant PSVR surprise", "the PSVR launch lineup": a name that mostly
        # qualifies the noun after it, and never acts, is what those things are of
        ent.modifier_only = ent.modifier_only or (ent.kind != "person" and 2 * qualifying > parsed and not ent.acts)
        # (most, not all: "a 2.1 GW floating project" hangs the number on the project)
        ent.qualifier_only = ent.qualifier_only or 2 * measured > parsed
        if (
            ent.kind == "organization"
            and " " not in ent.name
            and set(votes) == {"PERSON"}
            and not ACRONYM.match(ent.name)
            and not determined  # ("the Browns", "Browns player": a team's name)
            and (not qualifying or ent.role)  # ("President Obama" also in "the Obama administration")
        ):
            # "Gaiman told me", "Mike wanted to write": a one-word name the rules took for a body
            # because it speaks, which the parser reads as a person wherever it labels it
            ent.kind = "person"


def add_missed(registry: Registry, parse: Parse) -> None:
    """File the parser's persons and organizations that the capitalization patterns missed (a
    one-word name that only ever opens a sentence: "Qantas said ..."), when one acts in the
    article: the subject of a verb, or the other party to a deal, in some mention."""
    missed: dict[str, list[tuple[int, int, bool]]] = {}
    for start, end, label in parse.entities():
        span = parse.span(start, end)
        if label not in ACTOR_KINDS or span is None or not len(span):
            continue
        name = span.text[4:] if span.text.lower().startswith("the ") else span.text
        start += len(span.text) - len(name)
        if not _new_name(registry, name):
            continue
        acts = (span.root.dep_ in SUBJECTS and span.root.head.pos_ in ("VERB", "AUX")) or _counterparty(span.root)
        missed.setdefault(name, []).append((start, start + len(name), acts, label))
    for name, mentions in missed.items():
        if not any(acts for _, _, acts, _ in mentions):
            continue
        labels = Counter(label for *_, label in mentions)
        kind = ACTOR_KINDS[labels.most_common(1)[0][0]]
        # a story names a person in full, or with a title, at least once; a single word that never
        # gets either and still acts is a body's name the parser took for a person ("SpaceX said",
        # "Lowe’s has"), as the rules take any one-word name that speaks
        ent = registry.add(name, "organization" if kind == "person" and " " not in name else kind)
        ent.mentions += [Mention(name, s, e) for s, e, _, _ in mentions]
        ent.label, ent.label_votes = labels.most_common(1)[0][0], dict(labels)
        ent.proper = ent.subject = ent.acts = True


#: Words whose "with" / "between" object is a party to a deal ("signed the deal with Alstom").
DEAL_WORDS = frozenset(
    {
        "deal",
        "agreement",
        "settlement",
        "accord",
        "pact",
        "truce",
        "ceasefire",
        "treaty",
        "contract",
        "partnership",
        "agree",
        "sign",
        "settle",
        "merge",
        "merger",
        "partner",
        "talks",
    }
)


def _counterparty(token) -> bool:
    """Whether `token` (with its conjuncts' head) is the object of "with" / "between" under a deal
    word: the other party to an agreement acts in it as much as the subject does."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    prep = token.head
    return (
        token.dep_ == "pobj"
        and prep.lower_ in ("with", "between")
        and (prep.head.lemma_.lower() in DEAL_WORDS or prep.head.lower_ in DEAL_WORDS)
    )


def _new_name(registry: Registry, name: str) -> bool:
    """A name the patterns did not file, in any form: no word of it names a filed entity (so not
    "Ms Persson" beside "Anna Persson", nor "Trump's Made-for-TV Trade"), every word is
    capitalized (not "a White House", "iPhones"), no digit, no outlet (outlets are cited,
    their own section), and not the setting, craft or document the patterns skip ("the Harbor
    Accord was signed")."""
    words = name.replace("’s", " ").replace("'s", " ").split()
    return (
        bool(words)
        and all(w[0].isupper() for w in words)
        and not (len(words) > 1 and words[-1] in PLACE_WORDS)
        and not any(ch.isdigit() or ch in ",;" for ch in name)
        and registry.resolve(name) is None
        and not any(w in registry.name_parts for w in words)
        and outlet_canonical(name) is None
        and name not in registry.products  # "Mavic Mini for $399"
    )


def complete_names(registry: Registry, parse: Parse) -> None:
    """A person's name with a given name the patterns took for part of the title ("Interior
    Minister Abdul | Rahman Qadir"): the parser's PERSON entity that covers the mention and starts
    inside the role gives the name its words back."""
    ents = parse.entities()
    starts = [e[0] for e in ents]
    for ent in registry.entities:
        if ent.kind != "person" or not ent.role:
            continue
        m = ent.first
        i = bisect.bisect_right(starts, m.start) - 1
        while i >= 0 and ents[i][0] >= m.start:  # the entity that starts before the mention
            i -= 1
        if i < 0 or ents[i][2] not in ("PERSON", "PER") or ents[i][1] < m.end:
            continue
        s, e = ents[i][0], ents[i][1]
        given = registry.text[s : m.start].strip()
        role = (m.role or "").split()
        if not given or " " in given or not role or role[-1] != given or e > m.end + 1:
            continue  # only one given name, the last word of the role; no more
        if is_title(given) or is_demonym(given) or given.lower() in registry.counts.lower:
            continue  # "Prince Andrew", "Chinese", "House": a title or a word, not a given name
        name = f"{given} {ent.name}"
        if registry.resolve(name) not in (None, ent):
            continue
        m.start, m.text, m.role = s, f"{given} {m.text}", " ".join(role[:-1]) or None
        if ent.role and ent.role.split()[-1:] == [given]:
            ent.role = " ".join(ent.role.split()[:-1]) or None
        registry.rename(ent, name)


#: The parts of speech a role cannot open with: "might have had", "to try to convince him", "in
#: his testimony" and "and he did not clash with ..." are the clause or the phrase after a name,
#: not what the person is.
_NOT_A_ROLE_START = frozenset({"VERB", "AUX", "PART", "ADP", "CCONJ", "SCONJ"})
#: Nor a wh-word: "Kidd, who did it against 28 teams," is a relative clause.
_WH_TAGS = frozenset({"WP", "WDT", "WRB"})


def _role_span(text: str, ent: Entity) -> tuple[int, int] | None:
    """Where the article writes `ent`'s role: the title in front of a mention, or the appositive
    after it."""
    role = ent.role or ""
    for m in sorted(ent.mentions, key=lambda m: m.start):
        front = text[max(0, m.start - len(role) - 1) : m.start]
        if front.rstrip().endswith(role):
            end = m.start - (len(front) - len(front.rstrip()))
            return end - len(role), end
        found = APPOSITIVE.match(text, m.end)
        if found and role and found.group("role").strip().startswith(role):
            return found.start("role"), found.start("role") + len(role)
    return None


def sound_roles(registry: Registry, parse: Parse) -> None:
    """A person's role as the parse reads it: none when the words are a clause, not a noun phrase
    ("his deputy, Lena Farrow, might have raised"); only the words after another person's name
    when the title ran into one ("Ambassador to the UN Mira Lenz and Energy Minister Ivo Brandt":
    Brandt is "Energy Minister")."""
    people = [e for e in parse.entities() if e[2] in ("PERSON", "PER")]
    for ent in registry.entities:
        if ent.kind != "person" or not ent.role or (where := _role_span(registry.text, ent)) is None:
            continue
        span = parse.span(*where)
        if span is None or not len(span):
            continue
        first = span[0]
        # ("he said", "who did it"): a pronoun that opens its own clause
        # (but "ranking member of ...": a verb form that modifies the noun is no clause)
        clause = (
            (first.pos_ in _NOT_A_ROLE_START and first.dep_ not in ("amod", "compound"))
            or first.tag_ in _WH_TAGS
            or (first.pos_ == "PRON" and first.dep_ in SUBJECTS)
        )
        # ("According to Swift, her former label Big Machine, which owns ..., is preventing her"):
        # the subject of the sentence's own verb, not an appositive
        after = any((f := APPOSITIVE.match(registry.text, m.end)) and f.start("role") == where[0] for m in ent.mentions)
        clause = clause or (after and span.root.dep_ in SUBJECTS)
        # ("sent by chairman Marcelo Claure, employees were told that"): a clause has a verb for its head
        clause = clause or (after and span.root.pos_ in ("VERB", "AUX"))
        if clause or not any(t.pos_ in ("NOUN", "PROPN") for t in span):
            ent.role = ent.title  # "Rep." again, not "the U.S. Attorney’s Office ... announced Monday"
            continue
        # (a name that ends the role is its object, not another person: "special envoy to Kyiv")
        inside = [e for s, e, _ in people if where[0] <= s and e < where[1]]
        if inside:
            rest = registry.text[max(inside) : where[1]].strip(" ,")
            rest = re.sub(r"^(?:and|or)\s+", "", rest)
            ent.role = rest if any(w[:1].isalpha() for w in rest.split()) else ent.title


def kind_of(ent: Entity) -> str:
    """The kind a brief shows: the rules' kind, except that a person by capitalization alone is an
    organization when every mention the parser labels is ORG and nothing marks a person (a
    title, a surname used alone): "Qantas said", "Inter Milan". The choice of who takes part is
    left as the rules made it. A people the parser labels NORP more than anything else, and never a
    person ("African Americans will play a role"), is a group."""
    votes = ent.label_votes
    # ("House Republicans": a chamber before a party's plural is no title of a person)
    plural = " " not in ent.name and ent.name.endswith("s")
    if (
        ent.kind == "person"
        and ent.label == "NORP"
        and not {"PERSON", "PER"} & set(votes)
        and (plural or not ent.person_like)
    ):
        return "group"
    return "organization" if ent.parsed_org else ent.kind


def takes_part(ent: Entity, named: bool) -> bool | None:
    """The parser's word on whether `ent` takes part: False when it cannot, None when the rules
    decide (`named`: the entity speaks or is a party to an agreement)."""
    label = ent.label
    if ent.quoted_title:
        return False  # the singing contest “I’d Do Anything”: a show's name, with or without a parse
    if ent.proper is None:
        return None  # no parse (a language without a pipeline): the rules alone
    if not ent.proper and not named:
        return False  # "Eventually", "Operating": capitalized words, not names
    if ent.kind == "person" and any(ch.isdigit() for ch in ent.name):
        return False  # "Brent LCOc1": a market code, not a name; no person's name holds a digit
    if 2 * ent.owned >= len(ent.mentions) and not named:
        return False  # "SpaceX said its Starship would be ready": what a body owns, not a party
    if ent.in_longer_name and not named:
        return False  # "Star [Harbor Rising]": the tail of a film's or a hospital's name
    never = NEVER - NAME_LIKE if ent.kind == "person" and " " in ent.name else NEVER
    if label in never and not named and not ACTORS & set(ent.label_votes):
        return False  # "Brent LCOc1", "the S&P 500", "Black Friday"
    if label in PLACES - {"GPE"} and not (named or ent.subject):
        return False  # "Eighth Street", "the Gulf": a place that does nothing
    if ent.region and not named:
        return False  # "Southern California": a region of a place
    if ent.kind == "person" and not ent.label_votes and len(ent.mentions) >= 2 and not (named or ent.person_like):
        return False  # "the Arab Spring": read in full more than once, and never as anyone's name
    if set(ent.label_votes) == {"NORP"} and not (named or ent.subject):
        return False  # "the South Korean government": a people's adjective, not a group that acts
    if label == "GPE" and ent.kind != "country" and not (named or ent.subject):
        return False
    # (an unlabelled name is left to the rules, "the Huskies", unless it is an acronym the parser would
    # have labelled had it named a body: "the HLS program")
    judged = label is not None or bool(ACRONYM.match(ent.name))
    if ent.kind in ("organization", "group") and label != "ORG" and judged and not (named or ent.acts or ent.subject):
        return False  # "the Moon", "the lunar Gateway": what the story is about, not a body in it
    return None
