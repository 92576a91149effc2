"""Named mentions and the entity registry: who appears, under which forms, and of what kind.

Coreference is targeted (as in BBC's citron): a surname or a title form maps to the earliest
full name that ends (or starts) with it; a capital used as a metonym maps to its country.
"""

from __future__ import annotations

import bisect
import re

from .entity import Entity
from .lexicon import ACTION_WORDS, CAPITALS, DEMONYMS, GOVERNMENT_WORDS, PLACE_WORDS, country_names
from .media_names import canonical as outlet_canonical
from .mentions import (
    ACRONYM,
    BODY,
    CUE_WORDS,
    MAX_ANTECEDENT_MENTIONS,
    ORG_NOUN_BEFORE,
    SUFFIXES,
    Mention,
    TextCounts,
    find_mentions,
    is_demonym,
    is_title,
    kind_of,
    next_word,
    sentence_initial,
)
from .name_context import mark_contexts
from .name_splits import COMPANY_SUFFIXES, without_initials
from .products import is_product, product_names
from .roles import written_roles


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
        # entities by each word of their names, and by their initials, in the order they were
        # added: `resolve` looks only at the entities a name could mean, not at all of them
        self._by_part: dict[str, list[Entity]] = {}
        self._by_initials: dict[str, list[Entity]] = {}
        self._by_of_tail: dict[str, list[Entity]] = {}  # "Homeland Security" -> "Department of Homeland Security"
        self._by_country_tail: dict[str, list[Entity]] = {}  # "Foreign Ministry" -> "Chinese Foreign Ministry"
        self._by_bare: dict[str, list[Entity]] = {}  # "Donald Trump" -> "Donald J. Trump"
        self._order: dict[int, int] = {}
        self._filed: set[tuple[int, str, int]] = set()
        #: Written forms that name a group around a name, not the name: "Supporters of Ivo Brandt".
        self.not_speakers: set[str] = set()
        self.products: set[str] = set()  # names of products the text prices (`products`)
        self.counts = TextCounts(text)  # word counts of the text, shared by the passes below
        self._build(find_mentions(text, self.counts))
        self._retype()
        written_roles(self.text, self.entities)
        self._country_names()
        mark_contexts(self.text, self.entities)

    def _add(self, name: str, kind: str) -> Entity:
        ent = Entity(name=name, kind=kind)
        self._order[id(ent)] = len(self.entities)
        self.entities.append(ent)
        self.by_alias[name] = ent
        self._index(ent)
        return ent

    @property
    def name_parts(self) -> dict[str, list[Entity]]:
        """Entities by each word of their names."""
        return self._by_part

    def narrow(self, ent: Entity, name: str, cut: int, *, keep_alias: bool) -> Entity:
        """`ent`, written in full as a common noun's phrase ("Lawyers for the Hamlin Trust"), is
        the name at `cut` in it: its full mentions become mentions of that name, filed with the
        entity of that name if there is one. The phrase stays an alias only with `keep_alias`
        (lawyers for a body speak for it; supporters of a person do not)."""
        old = ent.name
        for m in ent.mentions:
            if m.text == old:
                m.start, m.text = m.start + cut, name
        into = self.by_alias.get(name)
        if into is None or into is ent:
            self.rename(ent, name)
            into = ent
        else:
            into.mentions += ent.mentions
            into.aliases |= ent.aliases - {old}
            self.entities.remove(ent)
            for alias, filed in list(self.by_alias.items()):
                if filed is ent:
                    self.by_alias[alias] = into
            for table in (self._by_part, self._by_initials, self._by_of_tail, self._by_country_tail, self._by_bare):
                for filed in table.values():
                    if ent in filed:
                        filed.remove(ent)
        if keep_alias:
            self.by_alias[old] = into
        else:
            into.aliases.discard(old)
            self.by_alias.pop(old, None)
            self.not_speakers.add(old)
        self._timeline = None
        return into

    def rename(self, ent: Entity, name: str) -> None:
        """Give `ent` a fuller name found by another pass; the old one stays an alias."""
        ent.aliases.add(ent.name)
        ent.name = name
        self.by_alias[name] = ent
        self._index(ent)
        self._timeline = None

    def add(self, name: str, kind: str) -> Entity:
        """File a new entity found by another pass (the parser's), mentions to be appended."""
        self._timeline = None
        return self._add(name, kind)

    def _index(self, ent: Entity) -> None:
        """File `ent` under the words and initials of its (current) name. A renamed entity stays
        filed under its old words too: `resolve` checks the name itself, so that only costs a look."""
        initials = "".join(w[0] for w in ent.name.split() if w[0].isupper())
        tails = [(ent.name.split(" of ", i)[-1], self._by_of_tail) for i in range(1, ent.name.count(" of ") + 1)]
        words, countries = ent.name.split(), country_names()
        for i in (1, 2):  # "U.S. Customs ...", "South Korean Ministry ...": filed under the rest too
            country = " ".join(words[:i])
            # (one word only when it names a public body: "US Congress" is "Congress" again)
            rest = len(words) > i + 1 or (len(words) == i + 1 and words[-1] in GOVERNMENT_WORDS)
            if rest and (country in countries or country in DEMONYMS):
                tails.append((" ".join(words[i:]), self._by_country_tail))
        for key, table in [
            # ("al-Najm" is filed as "Al-Najm" too: a sentence capitalizes it)
            *((w, self._by_part) for w in {*words, *(w[0].upper() + w[1:] for w in words if w[0].islower())}),
            (initials, self._by_initials),
            (" ".join(without_initials(words)), self._by_bare),
            *tails,
        ]:
            filed = table.setdefault(key, [])
            if (id(table), key, id(ent)) not in self._filed:  # by identity: two entities may be equal
                self._filed.add((id(table), key, id(ent)))
                filed.append(ent)
                if len(filed) > 1 and self._order[id(filed[-2])] > self._order[id(ent)]:
                    filed.sort(key=lambda e: self._order[id(e)])

    def _subjects(self, mentions: list[Mention]) -> set[str]:
        """Single words that lead a clause, so they name an actor even when no list knows them
        ("Nomura said", "Salesforce announced"): after a speech cue anywhere, or after another
        verb where the word is not merely capitalized as the first word of a sentence."""
        counts = self.counts
        found = set()
        # a word also written mid-sentence is a name, whatever its ending ("Edmunds expects")
        inside = {m.text for m in mentions if " " not in m.text and not sentence_initial(self.text, m.start)}
        for m in mentions:
            word = next_word(self.text, m.end)
            if " " in m.text or m.text.lower() in counts.lower or m.text in DEMONYMS or is_title(m.text):
                continue
            if is_demonym(m.text):
                continue
            initial = sentence_initial(self.text, m.start)
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
        self.products = product_names(self.text, mentions)
        for m in ordered:
            name = m.text
            if is_product(self.text, m, self.products):
                continue  # "Apple AirPods Pro for $235": no actor, and "Apple" stays the company's
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
                if ent is not None and self._named_before(ent, m):
                    ent = None  # "Apple" all along, then "Apple TV+": the product is not its full name
                if ent is None:
                    kind = kind_of(name)
                    if kind == "place" or name in PLACE_WORDS:
                        continue  # (alone, "the Bill", "the Treaty" is the document named before)
                    # ("Minister of Planning": a portfolio, not a person titled "Minister of")
                    if kind == "unknown" and m.role and len(name.split()) == 1 and not m.role.endswith((" of", " for")):
                        kind = "person"  # "President Putin"
                    elif kind == "unknown" and re.search(ORG_NOUN_BEFORE, self.text[max(0, m.start - 30) : m.start]):
                        kind = "organization"  # "beauty company Coty"
                    elif (
                        kind == "unknown"
                        and not is_demonym(name)
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
            if (word := next_word(self.text, m.end)) in ACTION_WORDS or (len(word) > 4 and word.endswith("ed")):
                ent.acts = True

    def _named_before(self, longer: Entity, m: Mention) -> bool:
        """Whether a one-word mention comes before every mention of the longer name it opens
        ("Apple" long before "Apple TV"): a full name introduces a name, so a longer name after
        the short one names something else of it. A company's suffix only completes the name
        ("Apple Inc.")."""
        if " " in m.text or " " not in longer.name or m.text in self.by_alias:
            return False
        if longer.kind == "person" and self.text[m.start - 2 : m.start] == ", " and self.text.startswith(",", m.end):
            return False  # "her mother, Fiona, said" before "Fiona Parry issued": a person introduced
        rest = longer.name.split(None, 1)[1] if longer.name.startswith(m.text + " ") else None
        return (
            rest is not None
            and rest not in COMPANY_SUFFIXES
            and all(other.start > m.start for other in longer.mentions)
        )

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
                self._index(ent)

    def _retype(self) -> None:
        # "Big Machine": two capitalized words, the first an ordinary word of the text, and no
        # sign of a person (no title, never named by surname alone) -> a company, not a person.
        for ent in self.entities:
            words = ent.name.split()
            if ent.kind == "person" and not ent.person_like and len(words) == 2:
                if self.counts.has_word(words[0].lower()):
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
            # "Homeland Security" for "Department of Homeland Security": the part after "of"; and
            # "Environmental Protection Department" for "Department of Environmental Protection"
            head, last = " ".join(words[:-1]), words[-1]
            for ent in [*self._by_of_tail.get(name, ()), *self._by_of_tail.get(head, ())]:
                named = ent.name.endswith(" of " + name) or ent.name == f"{last} of {head}"
                if ent.kind in ("organization", "government") and named:
                    return ent
        # "Customs and Border Protection" for "U.S. Customs and Border Protection": a body named
        # again without its country
        for ent in self._by_country_tail.get(name, ()):
            if ent.kind != "person" and ent.name.endswith(" " + name):
                return ent
        if len(words) > 1:
            # "Donald J. Trump" for "Donald Trump", and back: one person, with or without the initial
            # (not "George W. Bush" for "George H. W. Bush": two initials that differ, two people)
            bare = without_initials(words)
            for ent in self._by_bare.get(" ".join(bare), ()):
                theirs = ent.name.split()
                just_one = (len(bare) < len(words)) != (len(without_initials(theirs)) < len(theirs))
                if ent.kind == "person" and just_one and without_initials(theirs) == bare:
                    return ent
        if len(words) == 1 and ACRONYM.match(name):
            # "DEA" for "Drug Enforcement Administration", "CBP" for "Customs and Border Protection"
            for ent in self._by_initials.get(name.rstrip("s"), ()):
                initials = "".join(w[0] for w in ent.name.split() if w[0].isupper())
                if ent.kind != "person" and len(initials) > 1 and initials == name.rstrip("s"):
                    return ent
        if len(words) == 1:
            # a surname names a person; the first word of a company or body names it ("Disney"
            # for "Walt Disney Co." is its second, so any word but a connector); a first name
            # alone names a person only when nothing else claims the word
            ranked: list[tuple[int, Entity]] = []
            for ent in self._by_part.get(name, ()):
                parts = [p[0].upper() + p[1:] for p in ent.name.split() if p not in SUFFIXES]
                if len(parts) < 2:
                    continue
                if ent.kind == "person" and name == parts[-1]:
                    ranked.append((0, ent))
                elif ent.kind in ("organization", "government", "group") and not BODY.fullmatch(ent.name):
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
            # the role and every titled form of the name ("Ms Persson", "Mr. Smith")
            role = " ".join([(ent.role or ""), *ent.aliases]).lower()
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
            if (gender and self.gender(ent) not in (None, gender)) or ent.cited:
                continue  # (an outlet the article cites is the channel, not the one speaking)
            organization = ent.kind in ("organization", "government", "group") or ent.parsed_org
            if organization if plural else ent.kind == "person" and not ent.parsed_org:
                out.append(ent)
                if len(out) == count:
                    break
        return out
