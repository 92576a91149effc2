"""Names resolved the way a reader resolves them: "Mr. Smith", "Russian President Putin", "the
North", "the EU", "Beijing" or "Chinese" name a listed participant when the article uses them so.

The index is built from the brief's participants and the extractive analysis of the article (its
registry knows which forms the article uses for whom). A form that could mean two participants
(two Smiths) is ambiguous: that is a re-ask, never a silent merge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..extractive.lexicon import CAPITALS, DEMONYMS, TITLES, country_names
from ..models import Participant

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_BODY_NOUN = re.compile(r"\s+(?:government|administration|military|authorities|ministry|embassy)$")
_DEMONYMS = frozenset(d.casefold() for d in DEMONYMS)
# A country's one-word name before a person's is where they serve, not their name ("Britain Liu Xiaming")
_COUNTRY_WORDS = frozenset(k.casefold() for k in country_names() if " " not in k)
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def key(name: str) -> str:
    """A name's comparable form: case folded, curly quotes straightened, a leading "the" and a
    trailing possessive dropped, spaces collapsed."""
    k = " ".join(name.replace("’", "'").casefold().split())
    k = k.removeprefix("the ")
    return _POSSESSIVE.sub("", k).strip(" ,.;:")


def _strip_titles(words: list[str]) -> list[str]:
    """ "russian president vladimir putin" -> ["vladimir", "putin"]; "mr. smith" -> ["smith"]."""
    while len(words) > 1 and (_titled(words[0]) or words[0] in _DEMONYMS or words[0] in _COUNTRY_WORDS):
        words = words[1:]
    return words


def _titled(word: str) -> bool:
    return word in TITLES or word.rstrip(".") in TITLES or f"{word}." in TITLES


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


@dataclass
class Resolution:
    """A name's participant, or the candidates when it could be more than one."""

    name: str | None
    candidates: list[str] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.name is None and len(self.candidates) > 1


@cache
def _country_forms() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each country's other forms, keyed once: (its capitals and demonyms, every way to write
    it). Built on first use, so a brief does not scan every country for each one it names."""
    short: dict[str, list[str]] = {}
    exact: dict[str, list[str]] = {}
    for table in (CAPITALS, DEMONYMS):
        for form, country in table.items():
            short.setdefault(country, []).append(key(form))
    for form, country in country_names().items():
        exact.setdefault(country, []).append(key(form))
    return {c: (tuple(short.get(c, ())), tuple(exact.get(c, ()))) for c in {*short, *exact}}


class NameIndex:
    """Every form that names a listed participant -> that participant's (canonical) name."""

    def __init__(self, participants: list[Participant], aliases: dict[str, set[str]] | None = None) -> None:
        self.names = [p.name for p in participants]
        self.exact: dict[str, set[str]] = {}
        self.short: dict[str, set[str]] = {}  # surnames, first words, demonyms, capitals, acronyms
        countries = country_names()
        for p in participants:
            forms = {p.name, *(aliases or {}).get(p.name, set())}
            for form in forms:
                self._add(self.exact, key(form), p.name)
                self._add(self.exact, " ".join(_strip_titles(key(form).split())), p.name)
            words = [w for w in _strip_titles(key(p.name).split()) if w not in _SUFFIXES]
            if p.kind == "person" and len(words) > 1:
                self._add(self.short, words[-1], p.name)  # "Smith" for "Jane Smith"
                self._add(self.short, words[0], p.name)  # "Liu" for "Liu Xiaming" (family name first)
                if len(words) > 2:  # "Contreras Arroyo" for "Luz Contreras Arroyo"
                    self._add(self.exact, " ".join(words[-2:]), p.name)
            elif p.kind != "person" and len(words) > 1:
                self._add(self.short, words[0], p.name)  # "the North" for "North Korea"
                if len(_initials(p.name)) > 1:
                    self._add(self.short, _initials(p.name).casefold(), p.name)  # "UN"
            canon = countries.get(p.name)
            if canon:  # "China" is also "Beijing", "Chinese", "the Chinese government"
                short, exact = _country_forms().get(canon, ((), ()))
                for form in short:
                    self._add(self.short, form, p.name)
                for form in exact:
                    self._add(self.exact, form, p.name)

    @staticmethod
    def _add(table: dict[str, set[str]], k: str, name: str) -> None:
        if k:
            table.setdefault(k, set()).add(name)

    def resolve(self, written: str) -> Resolution:
        k = key(written)
        if not k:
            return Resolution(None)
        for candidate in (k, " ".join(_strip_titles(k.split()))):
            hit = self.exact.get(candidate)
            if hit:
                return self._one(hit)
        body = _BODY_NOUN.sub("", k)
        if body != k and body:  # "the Chinese government", "the Trump administration"
            return self.resolve(body)
        words = [w for w in _strip_titles(k.split()) if w not in _SUFFIXES]
        if not words:
            return Resolution(None)
        if len(words) == 1:  # a surname, a first word, a demonym, a capital, an acronym
            hit = self.short.get(words[0])
            return self._one(hit) if hit else Resolution(None)
        # a longer form of a participant listed by surname only ("Vladimir Putin" for "Putin");
        # never another person who shares the surname ("John Smith" is not "Jane Smith")
        hit = self.exact.get(words[-1])
        return self._one(hit) if hit else Resolution(None)

    @staticmethod
    def _one(hit: set[str]) -> Resolution:
        return Resolution(next(iter(hit))) if len(hit) == 1 else Resolution(None, sorted(hit))
