"""Named mentions and the entity registry: who appears, under which forms, and of what kind.

Coreference is targeted (as in BBC's citron): a surname or a title form maps to the earliest
full name that ends (or starts) with it; a capital used as a metonym maps to its country.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .lexicon import (
    ACTION_WORDS,
    CAPITALS,
    CUE_VERBS,
    DEMONYMS,
    FUNCTION_WORDS,
    GOVERNMENT_NAMES,
    GOVERNMENT_WORDS,
    GROUP_WORDS,
    ORG_WORDS,
    PLACE_WORDS,
    TITLES,
    country_names,
)
from .outlets import MEDIA_WORDS
from .outlets import canonical as outlet_canonical
from .sentences import ABBREVIATIONS

# A name's word is at most 40 characters: bounded, so a hostile 40 KB "word" cannot make every
# capital letter in it the start of a fresh scan.
_TOKEN = r"(?:[A-Z][\w'’.&-]{0,40}|[A-Z]\.)"
_CONNECT = (
    r"(?:of|for|and|the|de|del|della|van|von|der|al|bin|la|le|du|&"
    r"|(?:(?<=Committee[ \t])|(?<=Council[ \t])|(?<=Commission[ \t]))on)"  # "Committee on Intelligence"
)
MENTION_RE = re.compile(rf"(?<![\w@#]){_TOKEN}(?:[ \t]+(?:{_CONNECT}[ \t]+)*{_TOKEN})*")
_ORG_NOUN_BEFORE = r"\b(?:company|firm|group|agency|label|startup|brand|retailer|maker|giant|bank|club|team|network|coalition|organization|organisation|publisher|carrier|insurer|airline|automaker|manufacturer)\s+$"
_APPOSITIVE = re.compile(
    r",[ \t]+(?:the[ \t]+|a[ \t]+|an[ \t]+)?(?P<role>(?:[a-z][\w-]*|[A-Z][\w.’'&-]*(?:’s|'s))(?:[ \t]+[\w.’'&-]+){0,8}),"
)
#: How many mentions back a pronoun or "the company" may look for what it means.
MAX_ANTECEDENT_MENTIONS = 80
_MIDDLE_INITIAL = re.compile(r"^[A-Z][a-z]+ [A-Z]\. [A-Z]")
_SUFFIXES = {"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"}
_ACRONYM = re.compile(r"^[A-Z]{2,6}s?$")
# WeWork, SoftBank, SpaceX; not the surnames McKinley, MacArthur, DeSantis, LeBron
_CAMEL = re.compile(r"^(?!Mc|Mac|De|Le|La|Di|Da|Van|Von)[A-Z][a-z]+[A-Z][A-Za-z]*$")


@dataclass
class Mention:
    text: str
    start: int
    end: int
    role: str | None = None  # the title/demonym words stripped from the front


@dataclass
class Entity:
    name: str
    kind: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    role: str | None = None
    titled: bool = False
    acts: bool = False

    @property
    def person_like(self) -> bool:
        """Evidence that a two-word capitalized name is a person, not a place or an event."""
        # a title, a surname used alone, or a middle initial ("Elizabeth A. Burton")
        return self.titled or any(" " not in a for a in self.aliases) or bool(_MIDDLE_INITIAL.search(self.name))

    modifier_only: bool = False  # every mention qualifies a noun: "SUV sales", "Army officer"

    @property
    def first(self) -> Mention:
        return min(self.mentions, key=lambda m: m.start)


# Pronouns that are also Chinese names ("He Jianxiong", "Liu He"): inside a capitalized run
# they are names, since a pronoun never directly follows or precedes a name in prose.
_NAME_PRONOUNS = {"He"}


def _clean(tokens: list[str]) -> list[str]:
    def function(i: int) -> bool:
        t = tokens[i]
        if t in _NAME_PRONOUNS and len(tokens) > 1:
            return False
        return t in FUNCTION_WORDS or t.lower() in {"of", "for", "and", "the", "&"}

    while tokens and function(0):
        tokens = tokens[1:]
    while tokens and function(len(tokens) - 1):
        tokens = tokens[:-1]
    return tokens


class _Counts:
    """Word and phrase counts of one text, computed once (names are checked against them)."""

    def __init__(self, text: str) -> None:
        self.text = text
        words = re.findall(r"[\w’'.-]+", text)
        self.lower = {w.strip(".") for w in words if w.islower()}
        self._phrases: dict[str, int] = {}

    def count(self, phrase: str) -> int:
        if phrase not in self._phrases:
            self._phrases[phrase] = len(re.findall(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", self.text))
        return self._phrases[phrase]


# "the US military", "the Afghan government", "the Trump administration", "Hong Kong police",
# "the French foreign ministry": a name (or demonym) that owns a lowercase institution noun.
BODY_NOUNS = (
    r"government|military|administration|police|army|navy|ministry|authorities|security\s+forces|forces"
    r"|embassy|coast\s+guard|regime|prosecutors?"
)
_BODY = re.compile(
    rf"(?<![\w’'.-])(?P<owner>(?:[A-Z][\w.’'-]{{0,40}}[ \t]+){{0,2}}[A-Z][\w.’'-]{{0,40}})[ \t]+(?P<noun>(?:(?:foreign|defen[cs]e"
    rf"|interior|health|finance|justice|state|federal|local|city|national)[ \t]+)?(?:{BODY_NOUNS}))\b"
)


def _bodies(text: str) -> list[Mention]:
    out = []
    for m in _BODY.finditer(text):
        owner = _clean(m.group("owner").split())
        if not owner or owner[-1].endswith(("’s", "'s")) or (_is_title(owner[-1]) and not owner[-1].isupper()):
            continue  # "China's government" is China's; "the President's administration" has no owner
        name = " ".join([*owner, *m.group("noun").split()])
        start = text.find(name, m.start())
        if start >= 0:
            out.append(Mention(name, start, start + len(name)))
    return out


def find_mentions(text: str) -> list[Mention]:
    """Capitalized name sequences, with titles and demonyms split off as the role."""
    counts = _Counts(text)
    out: list[Mention] = _bodies(text)
    for whole in MENTION_RE.finditer(text):
        # "Xi Jinping and Foreign Minister Wang Yi" is two names; "Bank of America" is one.
        offset = whole.start()
        # ... and a sentence boundary ("Pouncey. Cleveland") is not inside a name.
        for raw in _split_names(whole.group(0), counts.lower):
            offset = text.find(raw, offset)
            mention = _mention(counts, raw, offset)
            offset += len(raw)
            if mention:
                out.append(mention)
    return out


_INSTITUTION_WORDS = ORG_WORDS | GOVERNMENT_WORDS | GROUP_WORDS
_POSSESSIVE_SPLIT = re.compile(r"(?<=[’']s)\s+")


def _split_possessive(part: str, lower: set[str]) -> list[str]:
    pieces = _POSSESSIVE_SPLIT.split(part)
    out = [pieces[0]]
    for piece in pieces[1:]:
        owner = out[-1].split()[-1][:-2].rstrip("’'")
        if owner.lower() in lower or set(piece.split()) & _INSTITUTION_WORDS:
            # "People's Liberation Army", "the Governor's Office": one name
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def _split_names(raw: str, lower: set[str] = frozenset()) -> list[str]:
    # a full stop after a word ends a sentence, except after a title ("Rep. David McKinley");
    # a possessive ends a name ("Britain's Andy Murray") unless an institution follows it
    # ("the Governor's Office of Emergency Services")
    parts = [q for p in re.split(r"(?<=[a-z]{2}\.)\s+", raw) if p for q in _split_possessive(p, lower) if q]
    for i in range(len(parts) - 1, 0, -1):
        if parts[i - 1].split()[-1].rstrip(".").lower() in ABBREVIATIONS:
            parts[i - 1 : i + 1] = [f"{parts[i - 1]} {parts[i]}"]
    out: list[str] = []
    for part in parts:
        pieces = re.split(r"\s+and\s+", part)
        # "Customs and Border Protection" is one body; "Beijing and Moscow" is two places.
        if (
            len(pieces) == 2
            and re.fullmatch(r"[A-Z][a-z]+", pieces[0].split()[-1])
            and {w.strip(".,;:") for w in pieces[1].split()} & (ORG_WORDS | GOVERNMENT_WORDS)
        ):
            pieces = [part]
        out.extend(pieces)
    return out


_KEEP_DOT = re.compile(r"(?:[A-Z]\.)+|Jr\.|Sr\.|Inc\.|Co\.|Corp\.|Ltd\.|St\.")


CUE_WORDS = set(CUE_VERBS)
_CONNECTORS = {"of", "for", "and", "the", "&", "on", "at"}
# Titles that also open the name of an institution: "House of Representatives", "State of ..."
_INSTITUTION_TITLES = {"house", "senate", "state", "first", "general", "head"}


def _is_title(token: str) -> bool:
    return token.lower() in TITLES


def _is_role_token(token: str) -> bool:
    """A token that can end the role before a name: a title, or a short capitalized
    abbreviation of one ("Browns DL Sheldon Richardson", "company CEO Andy Vesey")."""
    return _is_title(token) or bool(re.fullmatch(r"[A-Z]{2,4}", token))


def _mention(counts: _Counts, raw: str, at: int) -> Mention | None:
    text = counts.text
    tokens = [
        t if _KEEP_DOT.fullmatch(t) or t.rstrip(".").lower() in ABBREVIATIONS else t.rstrip(".,:;") for t in raw.split()
    ]
    # A possessive ends the name ("Trump's call"); inside one it is part of it ("Governor's Office").
    tokens[-1] = tokens[-1].removesuffix("’s").removesuffix("'s").rstrip("'’")
    tokens = _clean(tokens)
    if not tokens:
        return None
    if len(tokens) > 1 and (tokens[-1] in PLACE_WORDS or re.fullmatch(r"[A-Z]|\d+", tokens[-1])):
        # "First Amendment", "Star Wars", "Group C": a place, a work or a label, whole
        return _whole(text, tokens, at, raw)
    # peel titles and demonyms off the front: "Chinese President Xi Jinping"
    role: list[str] = []
    # "European Commission President Jean-Claude Juncker": a title inside the name ends the role;
    # not one after a connector ("Office of Inspector General") or one the name is made of.
    titled_at = [
        i
        for i, t in enumerate(tokens[:-1])
        if _is_title(t) and t[0].isupper() and tokens[i - 1].lower() not in _CONNECTORS
    ]
    if titled_at and 1 <= len(tokens) - titled_at[-1] - 1 <= 3 and titled_at[-1] > 0:
        rest = tokens[titled_at[-1] + 1 :]
        if (
            not all(_is_title(t) for t in rest)
            and rest[0].lower() not in _CONNECTORS
            and not set(rest) & (ORG_WORDS | GOVERNMENT_WORDS | GROUP_WORDS)
        ):
            role, tokens = tokens[: titled_at[-1] + 1], rest
    institutional = bool(set(tokens) & (ORG_WORDS | GOVERNMENT_WORDS | GROUP_WORDS))
    while not institutional and len(tokens) > 1:
        head = tokens[0]
        if (
            head.lower() in TITLES
            and head.lower() not in _INSTITUTION_TITLES
            and tokens[1].lower() in ("of", "for", "at")
        ):
            # "CEO of DH", "President of Ukraine": the name is what the title is of
            role += tokens[:2]
            tokens = _clean(tokens[2:])
        elif (head.lower() in TITLES or (head in DEMONYMS and tokens[1].lower() in TITLES)) and (
            tokens[1].lower() not in _CONNECTORS
        ):
            role.append(tokens.pop(0))
        else:
            break
    if not tokens or all(_is_title(t) for t in tokens):
        return None  # "Vice President", "the Chairman": a role with no name
    # A sentence-initial word is capitalized anyway ("Major WeWork investors"): drop it
    # when the rest of the name stands alone elsewhere in the text.
    if len(tokens) > 1 and not role and _sentence_initial(text, at) and tokens[1].lower() not in _CONNECTORS:
        rest = " ".join(tokens[1:])
        common = tokens[0].lower() in counts.lower or (
            len(tokens) == 2 and (_CAMEL.match(tokens[1]) or _ACRONYM.match(tokens[1]))
        )
        if common and counts.count(rest) > counts.count(" ".join(tokens)):
            tokens = tokens[1:]
    # "Browns DL Sheldon Richardson": when the surname is used alone elsewhere and a role word
    # stands before the last two words, the name is those two words and the rest its role.
    keep = 3 if tokens[-1] in _SUFFIXES else 2
    if (
        len(tokens) > keep
        and not institutional
        and (_is_role_token(tokens[-keep - 1]) or role)
        and not re.fullmatch(r"[A-Z]\.", tokens[-keep])
        and not {t.lower() for t in tokens} & _CONNECTORS
    ):
        surname = tokens[-keep + 1] if keep == 3 else tokens[-1]
        if counts.count(surname) > 1:
            role.extend(tokens[:-keep])
            tokens = tokens[-keep:]
    return _whole(text, tokens, at, raw, " ".join(role) or None)


def _whole(text: str, tokens: list[str], at: int, raw: str, role: str | None = None) -> Mention | None:
    name = " ".join(tokens)
    start = text.find(name, at)
    if start < 0 or start >= at + len(raw):
        return None
    return Mention(name, start, start + len(name), role)


def _sentence_initial(text: str, at: int) -> bool:
    before = text[max(0, at - 12) : at]
    if at == 0 or before.endswith("\n"):
        return True
    end = re.search(r"(\S*)[.!?][\"”’]?\s+$", before)
    return bool(end) and end.group(1).lower() not in ABBREVIATIONS


def _demonym(word: str) -> bool:
    """ "Chinese", "Americans", "Ecuadorean": a people or an adjective, not a name that acts."""
    return (
        word in DEMONYMS or word.removesuffix("s") in DEMONYMS or bool(re.fullmatch(r"[A-Z][a-z]+(?:ean|ian)s?", word))
    )


def _kind(name: str) -> str:
    words = name.split()
    if name in country_names():
        return "country"
    if name in GOVERNMENT_NAMES or _BODY.fullmatch(name):
        return "government"
    if name.lower() in TITLES:
        return "unknown"
    if len(words) > 1 and (words[-1] in PLACE_WORDS or re.fullmatch(r"[A-Z]|\d+", words[-1])):
        return "place"  # "San Diego County", "Davis Cup Finals", "Group C": settings and labels, not actors
    if set(words) & GROUP_WORDS:
        return "group"
    if set(words) & GOVERNMENT_WORDS:
        return "government"
    if set(words) & ORG_WORDS or any(_CAMEL.match(w) for w in words) or (len(words) == 1 and _ACRONYM.match(name)):
        return "organization"
    if len(words) > 1 and words[-1] in MEDIA_WORDS:
        return "organization"  # "Disney Channel"
    joined = [i for i, w in enumerate(words) if w.lower() in {"of", "for", "and", "&", "on"}]
    if joined and joined[0] == 1:
        return "organization"  # "Doctors for Camp Closure": a person's name has no such word
    return "person" if 2 <= len(words) <= 4 else "unknown"


def _verb_like(word: str) -> bool:
    return word in ACTION_WORDS or word in CUE_WORDS or (len(word) > 4 and word.endswith("ed"))


def _next_word(text: str, end: int) -> str:
    m = re.match(r"[\s,]*(?:\([^)]*\)\s*)?([a-z]+)", text[end : end + 40])
    return m.group(1) if m else ""


class Registry:
    """All entities of one article, with every alias mapped to its entity."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: list[Entity] = []
        self.by_alias: dict[str, Entity] = {}
        self._genders: dict[str, str | None] = {}
        self._timeline: list[tuple[int, int, int]] | None = None
        self._skip_key: int | None = None
        self._skip_starts: list[int] = []
        self._build(find_mentions(text))
        self._retype()
        self._appositive_roles()
        self._modifiers()
        self._country_names()

    def _add(self, name: str, kind: str) -> Entity:
        ent = Entity(name=name, kind=kind)
        self.entities.append(ent)
        self.by_alias[name] = ent
        return ent

    def _subjects(self, mentions: list[Mention]) -> set[str]:
        """Single words that lead a clause, so they name an actor even when no list knows them
        ("Nomura said", "Salesforce announced"): after a speech cue anywhere, or after another
        verb where the word is not merely capitalized as the first word of a sentence."""
        counts = _Counts(self.text)
        found = set()
        # a word also written mid-sentence is a name, whatever its ending ("Edmunds expects")
        inside = {m.text for m in mentions if " " not in m.text and not _sentence_initial(self.text, m.start)}
        for m in mentions:
            word = _next_word(self.text, m.end)
            if " " in m.text or m.text.lower() in counts.lower or m.text in DEMONYMS or _is_title(m.text):
                continue
            if _demonym(m.text):
                continue
            initial = _sentence_initial(self.text, m.start)
            if (word in CUE_WORDS and not (initial and m.text.endswith("s") and m.text not in inside)) or (
                (word in ACTION_WORDS or (len(word) > 4 and word.endswith("ed"))) and not initial
            ):
                found.add(m.text)  # ("Sources said" opens a sentence with a plural noun, not a name)
        return found

    def _build(self, mentions: list[Mention]) -> None:
        countries = country_names()
        subjects = self._subjects(mentions)
        # Full multi-word names first, so that single words can attach to them.
        ordered = sorted(mentions, key=lambda m: (-len(m.text.split()), m.start))
        for m in ordered:
            name = m.text
            if outlet_canonical(name) and name not in countries and self.resolve(name) is None:
                continue  # "The Hill reported"; but "said Hill" after "Fiona Hill" is the person
            if name in CAPITALS:
                ent = self.resolve(CAPITALS[name]) or self._add(CAPITALS[name], "country")
                ent.aliases.add(name)
            elif name in countries:
                canon = countries[name]
                ent = self.by_alias.get(canon) or self._add(canon, "country")
                ent.aliases.add(name)
            else:
                ent = self.resolve(name)
                if ent is None:
                    kind = _kind(name)
                    if kind == "place":
                        continue
                    if kind == "unknown" and m.role and len(name.split()) == 1:
                        kind = "person"  # "President Putin"
                    elif kind == "unknown" and re.search(_ORG_NOUN_BEFORE, self.text[max(0, m.start - 30) : m.start]):
                        kind = "organization"  # "beauty company Coty"
                    elif (
                        kind == "unknown"
                        and not _demonym(name)
                        and re.search(r"\b[Tt]he\s+$", self.text[max(0, m.start - 4) : m.start])
                    ):
                        kind = "organization"  # "the Steelers", "the Kremlin"
                    elif kind == "unknown" and name in subjects:
                        kind = "organization"  # "Nomura said", "Salesforce announced"
                    if kind == "unknown":
                        continue
                    ent = self._add(name, kind)
            ent.mentions.append(m)
            if m.role:
                ent.titled = True
                ent.role = ent.role or m.role
                ent.aliases.add(f"{m.role} {name}")
            if name != ent.name:
                ent.aliases.add(name)
            self.by_alias.setdefault(name, ent)
            if (word := _next_word(self.text, m.end)) in ACTION_WORDS or (len(word) > 4 and word.endswith("ed")):
                ent.acts = True

    def _country_names(self) -> None:
        # A country is named as the article names it ("the UK", not "United Kingdom"): the
        # longest form the article uses, when it never uses the canonical one.
        countries = country_names()
        for ent in self.entities:
            forms = [m.text for m in ent.mentions if m.text in countries]
            if ent.kind == "country" and forms and ent.name not in forms:
                ent.aliases.add(ent.name)
                ent.name = max(forms, key=len)
                ent.aliases.discard(ent.name)
                self.by_alias[ent.name] = ent

    def _modifiers(self) -> None:
        for ent in self.entities:
            if (" " in ent.name and not _BODY.fullmatch(ent.name)) or ent.kind == "country":
                continue
            follows = [re.match(r" ([a-z][\w-]*)", self.text[m.end : m.end + 30]) for m in ent.mentions]
            ent.modifier_only = all(
                f is not None and not _verb_like(f.group(1)) and f.group(1) not in _CONNECTORS | {"in", "to", "with"}
                for f in follows
            )

    def _appositive_roles(self) -> None:
        # "Jane Doe, the chief executive of Initech, said": the appositive is her role.
        for ent in self.entities:
            if ent.kind != "person" or ent.role:
                continue
            for m in sorted(ent.mentions, key=lambda m: m.start):
                found = _APPOSITIVE.match(self.text, m.end)
                if found:
                    ent.role = found.group("role").strip()
                    break

    def _retype(self) -> None:
        # "Big Machine": two capitalized words, the first an ordinary word of the text, and no
        # sign of a person (no title, never named by surname alone) -> a company, not a person.
        for ent in self.entities:
            words = ent.name.split()
            if ent.kind == "person" and not ent.person_like and len(words) == 2:
                if re.search(rf"(?<![\w-]){re.escape(words[0].lower())}(?![\w-])", self.text):
                    ent.kind = "organization"

    def resolve(self, name: str) -> Entity | None:
        """The entity a written form refers to: exact alias, capital, or a person's part-name."""
        name = name.strip()
        if name in self.by_alias:
            return self.by_alias[name]
        if name in CAPITALS:
            return self.by_alias.get(CAPITALS[name])
        countries = country_names()
        if name in countries:
            return self.by_alias.get(countries[name])
        words = name.split()
        if len(words) > 1:
            # "Homeland Security" for "Department of Homeland Security": the part after "of"
            for ent in self.entities:
                if ent.kind in ("organization", "government") and ent.name.endswith(" of " + name):
                    return ent
        if len(words) == 1 and _ACRONYM.match(name):
            # "DEA" for "Drug Enforcement Administration", "CBP" for "Customs and Border Protection"
            for ent in self.entities:
                initials = "".join(w[0] for w in ent.name.split() if w[0].isupper())
                if ent.kind != "person" and len(initials) > 1 and initials == name.rstrip("s"):
                    return ent
        if len(words) == 1:
            # a surname names a person; the first word of a company or body names it ("Disney"
            # for "Walt Disney Co." is its second, so any word but a connector); a first name
            # alone names a person only when nothing else claims the word
            ranked: list[tuple[int, Entity]] = []
            for ent in self.entities:
                parts = [p for p in ent.name.split() if p not in _SUFFIXES]
                if len(parts) < 2:
                    continue
                if ent.kind == "person" and name == parts[-1]:
                    ranked.append((0, ent))
                elif ent.kind in ("organization", "government", "group") and not _BODY.fullmatch(ent.name):
                    # "Trump" is not "the Trump administration"
                    if name == parts[0] or (name in parts[1:-1] and name[0].isupper() and len(parts) > 2):
                        ranked.append((1, ent))
                elif ent.kind == "person" and name == parts[0]:
                    ranked.append((2, ent))
            if ranked:
                return min(ranked, key=lambda r: r[0])[1]
        return None

    def gender(self, ent: Entity) -> str | None:
        """'m' or 'f' when the text itself says so: honorifics, or the first personal pronoun
        after the name in the same sentence ("Zoghlin ... told The Hill that her client")."""
        if ent.name not in self._genders:
            votes = {"m": 0, "f": 0}
            role = (ent.role or "").lower()
            if re.search(r"\b(?:mr\.?|sir|king|prince|lord)\b", role):
                votes["m"] += 3
            if re.search(r"\b(?:mrs\.?|ms\.?|dame|queen|princess|lady|congresswoman|chairwoman|spokeswoman)\b", role):
                votes["f"] += 3
            for m in ent.mentions:
                tail = re.split(r"[.!?\n]", self.text[m.end : m.end + 100], maxsplit=1)[0]
                hit = re.search(r"\b(he|his|him|himself|she|her|hers|herself)\b", tail, re.I)
                if hit:
                    votes["f" if hit.group(1).lower().startswith(("she", "her")) else "m"] += 1
            self._genders[ent.name] = None if votes["m"] == votes["f"] else max(votes, key=votes.get)
        return self._genders[ent.name]

    def learn_gender(self, ent: Entity, gender: str) -> None:
        if self.gender(ent) is None:
            self._genders[ent.name] = gender

    def timeline(self) -> list[tuple[int, int, int]]:
        """(start, entity index, end) of every mention, in text order."""
        if self._timeline is None:
            self._timeline = sorted((m.start, i, m.end) for i, ent in enumerate(self.entities) for m in ent.mentions)
        return self._timeline

    def mentions_between(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """(start, end, entity) of the mentions inside [start, end), in text order."""
        timeline = self.timeline()
        found = []
        for k in range(bisect.bisect_left(timeline, (start, -1)), len(timeline)):
            at, i, stop = timeline[k]
            if at >= end:
                break
            if stop <= end:
                found.append((at, stop, self.entities[i]))
        return found

    def before(
        self,
        offset: int,
        *,
        plural: bool = False,
        gender: str | None = None,
        count: int = 2,
        skip: list[tuple[int, int]] = (),
    ) -> list[Entity]:
        """The last `count` distinct entities a pronoun could mean, nearest first: persons for
        he/she; organizations, governments and groups for they/it. Mentions inside `skip`
        spans (sorted, non-overlapping: the quotations) are not antecedents."""
        timeline = self.timeline()
        if self._skip_key != id(skip):  # the same quotation list for a whole article: index it once
            self._skip_key, self._skip_starts = id(skip), [a for a, _ in skip]
        skip_starts = self._skip_starts
        out: list[Entity] = []
        at = bisect.bisect_left(timeline, (offset, -1))
        # A pronoun points back a few sentences at most: looking further would make every
        # pronoun rescan the article (quadratic on long texts) for no better antecedent.
        for k in range(at - 1, max(at - MAX_ANTECEDENT_MENTIONS, 0) - 1, -1):
            start, i, _ = timeline[k]
            ent = self.entities[i]
            q = bisect.bisect_right(skip_starts, start) - 1
            if any(ent is o for o in out) or (q >= 0 and start < skip[q][1]):
                continue
            if gender and self.gender(ent) not in (None, gender):
                continue
            if ent.kind in ("organization", "government", "group") if plural else ent.kind == "person":
                out.append(ent)
                if len(out) == count:
                    break
        return out
