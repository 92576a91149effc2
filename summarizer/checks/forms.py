"""Where a check looks: the article's sentences by offset, and every way the article writes each
participant (its name, aliases, the role a reader knows it by, the analysis's forms of it)."""

from __future__ import annotations

import bisect
import re

from ..extractive import Analysis
from ..extractive.lexicon import DEMONYMS, country_names
from ..extractive.mentions import is_demonym
from ..extractive.sentences import sentence_spans
from ..models import Evidence
from ..words import STOPWORDS
from .names import NameIndex, key

#: Forms of a name shorter than this must match in their own case ("AP", "UN", not "ap", "un").
CASELESS_MIN_CHARS = 4
MAX_NAME_EVIDENCE_WORDS = 5  # a participant's evidence this short is the way the article names it
_OWNER_WORDS = frozenset(k.casefold() for k in [*DEMONYMS, *country_names()])  # "Austrian", "Austria's"
# Words a reader takes as one group, whichever the article uses in a sentence
_GROUP_NOUNS = (frozenset({"protesters", "demonstrators", "marchers", "protestors"}),)
_ROLE_BREAKS = {"in", "of", "at", "for", "to", "from", "with", "and", "who", ","}


class Sentences:
    """Sentence spans of the article, found once, looked up by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = list(sentence_spans(text))
        self.starts = [a for a, _ in self.spans]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The sentences that hold [start, end), whole."""
        if not self.spans:
            return start, end
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        j = max(bisect.bisect_right(self.starts, max(end - 1, start)) - 1, i)
        return self.spans[i][0], self.spans[j][1]

    def before(self, start: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.starts, start) - 1
        return self.spans[i - 1] if i >= 1 else None


class NameForms:
    """Every way the article may write each participant, for searching a sentence. One pattern
    per participant, compiled only when that participant is looked for."""

    def __init__(self, names: NameIndex, analysis: Analysis | None, participants=()) -> None:
        forms: dict[str, set[str]] = {n: {n} for n in names.names}
        for p in participants:
            # where the model says the article names the participant ("protesters", "Russia's
            # top diplomat Sergey Lavrov") is a form of its name
            if p.name in forms and len(p.evidence.quote.split()) <= MAX_NAME_EVIDENCE_WORDS:
                forms[p.name].add(p.evidence.quote)
        for p in participants:  # "the protesters" are the "pro-Morales demonstrators" the brief lists
            last = key(p.name).split()[-1:] or [""]
            for same in _GROUP_NOUNS:
                if p.name in forms and last[0] in same:
                    forms[p.name] |= same
        for p in participants:  # a reader knows "the interior minister" is the participant in that role
            words = (p.role or "").split()
            owners = []
            while len(words) > 2 and (
                words[0].endswith(("'s", "’s")) or key(words[0]) in _OWNER_WORDS or is_demonym(words[0])
            ):
                owners.append(words.pop(0))
            # the role's head: "Interior Minister in a provisional government" -> "interior minister"
            head = next((i for i, w in enumerate(words) if w.lower() in _ROLE_BREAKS), len(words))
            if p.name not in forms or not head:
                continue
            if head >= 2:
                forms[p.name].add(" ".join(words[:head]))
            for owner in owners:  # "Chinese ambassador" is also "China's ambassador"
                country = DEMONYMS.get(owner) or key(owner).title()
                for form in (owner, f"{country}'s", f"{country}’s"):
                    forms[p.name].add(f"{form} {' '.join(words[:head])}")
        for table in (names.exact, names.short):
            for k, owners in table.items():
                if len(owners) == 1:
                    forms[next(iter(owners))].add(k)
        if analysis is not None:
            for ent in analysis.registry.entities:
                owner = names.resolve(ent.name).name
                if owner:
                    forms[owner] |= {ent.name, *ent.aliases}
        self.forms = forms
        self._patterns: dict[str, tuple[re.Pattern | None, re.Pattern | None]] = {}

    def _compiled(self, owner: str) -> tuple[re.Pattern | None, re.Pattern | None]:
        if owner not in self._patterns:
            written = self.forms.get(owner, set())
            long = sorted({w for w in written if len(w) >= CASELESS_MIN_CHARS}, key=len, reverse=True)
            # short forms ("AP", "UN", "EU") count only in capitals, or as written ("the Fed"): "un" or
            # "eu" inside prose do not
            short = sorted({v for w in written if 0 < len(w) < CASELESS_MIN_CHARS for v in (w, w.upper())})

            def union(items: list[str], flags: int) -> re.Pattern | None:
                if not items:
                    return None
                return re.compile("|".join(word_pattern(w) for w in items), flags)

            self._patterns[owner] = (union(long, re.I), union(short, 0))
        return self._patterns[owner]

    def patterns(self, owner: str) -> list[re.Pattern]:
        return [p for p in self._compiled(owner) if p is not None]

    def named_in(self, owner: str, text: str) -> bool:
        return any(p is not None and p.search(text) for p in self._compiled(owner))


# Scripts written without spaces between words (Chinese, Japanese, Korean, Thai): a name there has
# no word boundary around it, so it is found as it stands.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def word_pattern(name: str) -> str:
    """A regex for `name` as a word: on word boundaries, except in a script without spaces."""
    if _UNSPACED.search(name):
        return re.escape(name)
    return rf"(?<!\w){re.escape(name)}(?!\w)"


def on_boundaries(name: str, text: str) -> bool:
    """`name` as a word of `text` ("AP" in "(AP)", never in "APEC" or "happy")."""
    name = name.strip()
    flags = re.I if len(name) >= CASELESS_MIN_CHARS else 0
    return bool(name) and re.search(word_pattern(name), text, flags) is not None


#: A name word this long or longer is found by its stem in an inflected language ("Tusk" in
#: "Tuska"): a holder the article names so does appear in it.
STEM_MIN_CHARS = 4


def appears(text: str, written: str) -> Evidence | None:
    """Where `text` writes this name, or a word of it: as a word, or (for an inflected language,
    "Tusk" in "Tuska") by the word's stem. None when it appears nowhere: a name the article never
    uses is made up. A fuller form than the article's ("Sergey Lavrov" where it says "Lavrov")
    does appear."""
    written = written.strip()
    flags = re.I if len(written) >= CASELESS_MIN_CHARS else 0
    if written and (m := re.search(word_pattern(written), text, flags)):
        return Evidence(quote=m.group(0), start=m.start(), end=m.end(), match="exact")
    for word in sorted(name_words(written), key=len, reverse=True):
        stem = word[: max(STEM_MIN_CHARS, len(word) - 2)]
        if m := re.search(rf"(?<!\w){re.escape(stem)}\w*", text, re.I):
            return Evidence(quote=m.group(0), start=m.start(), end=m.end(), match="normalized")
    return None


def name_words(name: str) -> set[str]:
    """The words of a name that can identify it (not "the", not "of")."""
    return {w for w in re.findall(r"\w+", name) if len(w) >= STEM_MIN_CHARS and w.casefold() not in STOPWORDS}


def names_in(name: str, quote: str) -> bool:
    """`quote` holds a word of the name (a form of it no list knows)."""
    words = {w.casefold() for w in name_words(name)}
    return bool(words & {w.casefold() for w in re.findall(r"\w+", quote)})


def paragraphs_around(text: str, start: int, end: int, around: int) -> slice:
    """The paragraphs holding [start, end) and `around` more on each side."""
    lo, hi = start, end
    for _ in range(around + 1):
        lo = max(text.rfind("\n\n" if "\n\n" in text else "\n", 0, max(lo - 1, 0)), 0)
    for _ in range(around + 1):
        nxt = text.find("\n", hi + 1)
        hi = len(text) if nxt < 0 else nxt
    return slice(lo, hi)
