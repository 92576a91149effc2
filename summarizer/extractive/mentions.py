"""Named mentions: capitalized name runs split into names, with titles, demonyms and
appositives peeled off as roles, and the kind of thing each name is (person, organization,
government, country, group, or a place that is no actor)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .headline_case import CapitalLines, named_in_body, title_case_headline
from .lexicon import (
    ACTION_WORDS,
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
from .media_names import MEDIA_WORDS
from .name_splits import SENTENCE_STOP, split_names, unowned
from .sentences import ABBREVIATIONS

# A name's word is at most 40 characters: bounded, so a hostile 40 KB "word" cannot make every
# capital letter in it the start of a fresh scan.
# (and an Arabic name's article, lowercase inside a name: "Khaled Battal al-Najm")
_TOKEN = r"(?:[A-Z][\w'’.&-]{0,40}|[A-Z]\.|(?<=[ \t])(?:al|el|ad|ash|as|az)-[A-Z][\w'’-]{0,40})"
_ON_BODIES = "Committee Council Commission Center Centre Institute Conference Panel Board Forum".split()
_CONNECT = (
    r"(?:of|for|and|de|del|della|van|von|der|al|bin|la|le|du|&"
    # "Committee on Intelligence", "Center on Poverty and Inequality": a body named for its subject
    r"|(?:" + "|".join(rf"(?<={w}[ \t])" for w in _ON_BODIES) + r")on)"
)
# "the" joins two names' words only after another connector ("Bank of the West"): alone it is
# the next phrase's article ("told Billboard the Doobies were back")
MENTION_RE = re.compile(rf"(?<![\w@#]){_TOKEN}(?:[ \t]+(?:{_CONNECT}[ \t]+(?:the[ \t]+)?)*{_TOKEN})*")
# Hot patterns, compiled once (the mention pass runs them per capitalized run).
_SHORT_CAPS = re.compile(r"[A-Z]{2,4}")
_LABEL = re.compile(r"[A-Z]|\d+")
_INITIAL = re.compile(r"[A-Z]\.")
_ENDS_SENTENCE = re.compile(r"(\S*)[.!?][\"”’]?\s+$")
_DEMONYM_SHAPE = re.compile(r"[A-Z][a-z]+(?:ean|ian)s?")
_NEXT_WORD = re.compile(r"[\s,]*(?:\([^)]*\)\s*)?([a-z]+)")
ORG_NOUN_BEFORE = (
    r"\b(?:company|firm|group|agency|label|startup|brand|retailer|maker|giant|bank|club|team|network|coalition"
    r"|organization|organisation|publisher|carrier|insurer|airline|automaker|manufacturer)\s+$"
)
#: How many mentions back a pronoun or "the company" may look for what it means.
MAX_ANTECEDENT_MENTIONS = 80
MIDDLE_INITIAL = re.compile(r"^[A-Z][a-z]+ [A-Z]\. [A-Z]")
SUFFIXES = {"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"}
ACRONYM = re.compile(r"^[A-Z]{2,6}s?$")
#: A capitalized "-ing" word: at the start of a sentence, the verb of the clause it opens.
_GERUND = re.compile(r"[A-Z][a-z]{2,}ing")
# WeWork, SoftBank, SpaceX; not the surnames McKinley, MacArthur, DeSantis, LeBron
_CAMEL = re.compile(r"^(?!Mc|Mac|De|Le|La|Di|Da|Van|Von)[A-Z][a-z]+[A-Z][A-Za-z]*$")


@dataclass
class Mention:
    text: str
    start: int
    end: int
    role: str | None = None  # the title/demonym words stripped from the front


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


_RUN = re.compile(r"[\w-]+")  # a word as the boundaries (?<![\w-]) and (?![\w-]) delimit it
_RUN_CHAR = re.compile(r"[\w-]")


class TextCounts:
    """Word and phrase counts of one text, computed once (names are checked against them)."""

    def __init__(self, text: str) -> None:
        self.text = text
        words = re.findall(r"[\w’'.-]+", text)
        self.lower = {w.strip(".") for w in words if w.islower()}
        self._phrases: dict[str, int] = {}
        # where each word starts: a phrase is looked for only where its first word is, so
        # counting many distinct names costs their occurrences, not a scan of the text each
        self._starts: dict[str, list[int]] = {}
        for m in _RUN.finditer(text):
            self._starts.setdefault(m.group(), []).append(m.start())

    def count(self, phrase: str) -> int:
        """How often `phrase` occurs as a whole: not inside a longer word or hyphenation."""
        if phrase not in self._phrases:
            self._phrases[phrase] = self._count(phrase)
        return self._phrases[phrase]

    def _count(self, phrase: str) -> int:
        first = _RUN.match(phrase)
        if first is None:  # starts with punctuation: rare, scanned as a pattern
            return len(re.findall(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", self.text))
        text, size = self.text, len(phrase)
        return sum(
            1
            for at in self._starts.get(first.group(), ())
            if text.startswith(phrase, at) and not (at + size < len(text) and _RUN_CHAR.match(text, at + size))
        )

    def bare(self, word: str) -> bool:
        """Whether the text writes `word` somewhere as a whole word not in a possessive."""
        text, size = self.text, len(word)
        return any(
            text.startswith(word, at)
            and not _RUN_CHAR.match(text, at + size)
            and text[at + size : at + size + 2] not in ("’s", "'s")
            for at in self._starts.get(word, ())
        )

    def has_word(self, word: str) -> bool:
        """Whether `word` occurs as a whole word, as the text writes it (case counts)."""
        return word in self._starts


# "the US military", "the Afghan government", "the Trump administration", "Hong Kong police",
# "the French foreign ministry": a name (or demonym) that owns a lowercase institution noun.
BODY_NOUNS = (
    r"government|military|administration|police|army|navy|ministry|authorities|security\s+forces|forces"
    r"|embassy|coast\s+guard|regime|prosecutors?"
)
BODY = re.compile(
    rf"(?<![\w’'.-])(?P<owner>(?:[A-Z][\w.’'-]{{0,40}}[ \t]+){{0,2}}[A-Z][\w.’'-]{{0,40}})"
    rf"[ \t]+(?P<noun>(?:(?:foreign|defen[cs]e"
    rf"|interior|health|finance|justice|state|federal|local|city|national)[ \t]+)?(?:{BODY_NOUNS}))\b"
)


def _bodies(text: str) -> list[Mention]:
    out = []
    for m in BODY.finditer(text):
        # a sentence ends inside the run ("in Geneva. The U.S. government"): the owner is after it
        owner = _clean(SENTENCE_STOP.split(m.group("owner"))[-1].split())
        if not owner or owner[-1].endswith(("’s", "'s")) or (is_title(owner[-1]) and not owner[-1].isupper()):
            continue  # "China's government" is China's; "the President's administration" has no owner
        name = " ".join([*owner, *m.group("noun").split()])
        start = text.find(name, m.start())
        if start >= 0:
            out.append(Mention(name, start, start + len(name)))
    return out


def find_mentions(text: str, counts: TextCounts | None = None) -> list[Mention]:
    """Capitalized name sequences, with titles and demonyms split off as the role."""
    counts = counts or TextCounts(text)
    out: list[Mention] = _bodies(text)
    headline_end, shouted = title_case_headline(text), CapitalLines(text)
    for whole in (m for m in MENTION_RE.finditer(text) if m.start() not in shouted):
        # "Xi Jinping and Foreign Minister Wang Yi" is two names, "Bank of America" one, and a
        # sentence boundary ("Pouncey. Cleveland") is not inside a name.
        offset = whole.start()
        names = split_names(whole.group(0), counts.lower, counts)
        if whole.start() < headline_end:
            names = [n for raw in names for n in named_in_body(raw, text, headline_end)]
        for raw in names:
            raw, offset = unowned(raw, text.find(raw, offset))
            mention = _mention(counts, raw, offset)
            offset += len(raw)
            if mention:
                out.append(mention)
    return out


_KEEP_DOT = re.compile(r"(?:[A-Z]\.)+|Jr\.|Sr\.|Inc\.|Co\.|Corp\.|Ltd\.|St\.")


CUE_WORDS = set(CUE_VERBS)
CONNECTORS = {"of", "for", "and", "the", "&", "on", "at"}
# Titles that also open the name of an institution: "House of Representatives", "State of ..."
_INSTITUTION_TITLES = {"house", "senate", "state", "first", "general", "head"}


def is_title(token: str) -> bool:
    return token.lower() in TITLES


def _is_role_token(token: str) -> bool:
    """A token that can end the role before a name: a title, or a short capitalized
    abbreviation of one ("Browns DL Sheldon Richardson", "company CEO Andy Vesey")."""
    return is_title(token) or bool(_SHORT_CAPS.fullmatch(token))


def _mention(counts: TextCounts, raw: str, at: int) -> Mention | None:
    text = counts.text
    tokens = [
        t if _KEEP_DOT.fullmatch(t) or t.rstrip(".").lower() in ABBREVIATIONS else t.rstrip(".,:;") for t in raw.split()
    ]
    # A possessive ends the name ("Trump's call"); inside one it is part of it ("Governor's Office").
    tokens[-1] = tokens[-1].removesuffix("’s").removesuffix("'s").rstrip("'’")
    tokens = _clean(tokens)
    if not tokens:
        return None
    if len(tokens) > 1 and (tokens[-1] in PLACE_WORDS or _LABEL.fullmatch(tokens[-1])):
        # "First Amendment", "Star Wars", "Group C": a place, a work or a label, whole
        return _whole(text, tokens, at, raw)
    # peel titles and demonyms off the front: "Chinese President Xi Jinping"
    role: list[str] = []
    # "European Commission President Jean-Claude Juncker": a title inside the name ends the role;
    # not one after a connector ("Office of Inspector General") or one the name is made of.
    titled_at = [
        i
        for i, t in enumerate(tokens[:-1])
        if is_title(t) and t[0].isupper() and tokens[i - 1].lower() not in CONNECTORS
    ]
    if titled_at and 1 <= len(tokens) - titled_at[-1] - 1 <= 3 and titled_at[-1] > 0:
        rest = tokens[titled_at[-1] + 1 :]
        if (
            not all(is_title(t) for t in rest)
            and rest[0].lower() not in CONNECTORS
            and not set(rest) & (ORG_WORDS | GOVERNMENT_WORDS | GROUP_WORDS)
        ):
            role, tokens = tokens[: titled_at[-1] + 1], rest
    institutional = bool(set(tokens) & (ORG_WORDS | GOVERNMENT_WORDS | GROUP_WORDS))
    rest = tokens[1:]
    if (
        len(rest) > 1
        and len(tokens[0]) == 1
        and tokens[0].isupper()
        and kind_of(" ".join(rest)) == "person"
        and not set(rest) & PLACE_WORDS  # "E Street Band" is one name
    ):
        # "F Hamidou Diallo", "G Otto Rask": a player's position; an initial has its full stop
        role, tokens = [*role, tokens[0]], tokens[1:]
    i = 0  # titles are taken off the front by index: popping a long run's head is quadratic
    while not institutional and len(tokens) - i > 1:
        head, after = tokens[i], tokens[i + 1].lower()
        if head.lower() in TITLES and head.lower() not in _INSTITUTION_TITLES and after in ("of", "for", "at"):
            # "CEO of DH", "President of Ukraine": the name is what the title is of
            role += tokens[i : i + 2]
            tokens, i = _clean(tokens[i + 2 :]), 0
        elif (head.lower() in TITLES or (head in DEMONYMS and after in TITLES)) and after not in CONNECTORS:
            role.append(head)
            i += 1
        else:
            break
    tokens = tokens[i:]
    if role and len(tokens) == 1 and all(t in country_names() for t in role):
        # "U.S. Steel", "US Airways": a country's name before one word is a firm's name, not a
        # title (a title follows the country: "US President Joe Biden")
        return _whole(text, [*role, *tokens], at, raw)
    if len(tokens) == 1 and tokens[0] in country_names():
        # "US" and "U.S." are title words ("US President Joe Biden") but alone they name the
        # country: "the US is seeking his extradition"
        return _whole(text, tokens, at, raw)
    if not tokens or all(is_title(t) for t in tokens):
        return None  # "Vice President", "the Chairman": a role with no name
    # A sentence-initial word is capitalized anyway ("Major WeWork investors"): drop it
    # when the rest of the name stands alone elsewhere in the text.
    if len(tokens) > 1 and not role and sentence_initial(text, at) and tokens[1].lower() not in CONNECTORS:
        rest = " ".join(tokens[1:])
        common = (
            tokens[0].lower() in counts.lower
            or (len(tokens) == 2 and (_CAMEL.match(tokens[1]) or ACRONYM.match(tokens[1])))
            or _GERUND.fullmatch(tokens[0]) is not None  # "Getting Disney+ right will be ..."
            # "Just-released Minecraft exploit": a compound of lowercase words
            or all(p.lower() in counts.lower or p in FUNCTION_WORDS for p in tokens[0].split("-"))
        )
        if common and counts.count(rest) > counts.count(" ".join(tokens)):
            tokens = tokens[1:]
    # "Browns DL Sheldon Richardson": when the surname is used alone elsewhere and a role word
    # stands before the last two words, the name is those two words and the rest its role.
    keep = 3 if tokens[-1] in SUFFIXES else 2
    if (
        len(tokens) > keep
        and not institutional
        and (_is_role_token(tokens[-keep - 1]) or role)
        and not _INITIAL.fullmatch(tokens[-keep])
        and not {t.lower() for t in tokens} & CONNECTORS
    ):
        surname = tokens[-keep + 1] if keep == 3 else tokens[-1]
        # (an abbreviated position right before the name is a role whether or not the surname
        # comes back: "Cleveland DL Larry Ogunjobi")
        position = _SHORT_CAPS.fullmatch(tokens[-keep - 1]) and not any(is_title(t) for t in tokens[-keep:])
        if counts.count(surname) > 1 or position:
            role.extend(tokens[:-keep])
            tokens = tokens[-keep:]
    return _whole(text, tokens, at, raw, " ".join(role) or None)


def _whole(text: str, tokens: list[str], at: int, raw: str, role: str | None = None) -> Mention | None:
    name = " ".join(tokens)
    start = text.find(name, at)
    if start < 0 or start >= at + len(raw):
        return None
    return Mention(name, start, start + len(name), role)


def sentence_initial(text: str, at: int) -> bool:
    before = text[max(0, at - 12) : at]
    if at == 0 or before.endswith(("\n", "(", "[")):
        return True  # (a bracket opens a sentence of its own too: "(See Facebook's own description.)")
    end = _ENDS_SENTENCE.search(before)
    return bool(end) and end.group(1).lower() not in ABBREVIATIONS


def is_demonym(word: str) -> bool:
    """ "Chinese", "Americans", "Ecuadorean": a people or an adjective, not a name that acts."""
    return word in DEMONYMS or word.removesuffix("s") in DEMONYMS or bool(_DEMONYM_SHAPE.fullmatch(word))


def kind_of(name: str) -> str:
    words = name.split()
    if name in country_names():
        return "country"
    if name in GOVERNMENT_NAMES or BODY.fullmatch(name):
        return "government"
    if name.lower() in TITLES:
        return "unknown"
    if len(words) > 1 and (words[-1] in PLACE_WORDS or _LABEL.fullmatch(words[-1])):
        return "place"  # "San Diego County", "Davis Cup Finals", "Group C": settings and labels, not actors
    if set(words) & GROUP_WORDS:
        return "group"
    if set(words) & GOVERNMENT_WORDS:
        return "government"
    if set(words) & ORG_WORDS or any(_CAMEL.match(w) for w in words) or (len(words) == 1 and ACRONYM.match(name)):
        return "organization"
    if len(words) > 1 and words[-1] in MEDIA_WORDS:
        return "organization"  # "Disney Channel"
    if any(_ACRONYM_WORD.fullmatch(w) and not _ROMAN.fullmatch(w) for w in words[1:]):
        return "organization"  # "Orbital ATK", "Oculus VR": no person's surname is an acronym
    joined = [i for i, w in enumerate(words) if w.lower() in {"of", "for", "and", "&", "on"}]
    if joined and joined[0] == 1:
        return "organization"  # "Doctors for Camp Closure": a person's name has no such word
    return "person" if 2 <= len(words) <= 4 else "unknown"


_ACRONYM_WORD, _ROMAN = re.compile(r"[A-Z]{2,}"), re.compile(r"[IVXL]+")


def verb_like(word: str) -> bool:
    return word in ACTION_WORDS or word in CUE_WORDS or (len(word) > 4 and word.endswith("ed"))


def next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end, end + 40)
    return m.group(1) if m else ""
