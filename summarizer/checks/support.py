"""Support checks: a span that exists is not yet a span that supports its item. Each check is a
re-askable problem that names the item and says what the article says instead.

- attribution: a position's words are said by its holder (the speaker the analysis finds for
  that span, named by any alias or resolved from a pronoun or "the company"), or the holder is
  named in the same sentence or its attribution clause;
- stance support: a position with no quote shares enough content with its evidence sentence;
- agreement support: the evidence states an agreement and names or resolves one of the parties;
- outlet citation: the outlet's name stands on word boundaries and its evidence cites it.

When a participant is dropped, each item that names it is resolved again: to another listed
participant, or to a name the article uses (the participant is then added back); otherwise the
item is dropped with its own problem. One message lists every problem of every item.
"""

from __future__ import annotations

import bisect
import re

from ..extractive import Analysis
from ..extractive.lexicon import DEMONYMS, country_names
from ..extractive.mentions import is_demonym
from ..extractive.sentences import sentence_spans
from ..grounding import ArticleIndex, Grounded, Problem, short, summary_problem
from ..models import AgreedPoint, CitedOutlet, DraftBrief, Evidence, Participant, Position
from ..words import content_words
from .names import NameIndex, key

#: Share of a quote-less stance's content words that its evidence sentence must contain: a
#: paraphrase keeps its key nouns; a stance made up around an unrelated sentence shares almost none.
STANCE_SUPPORT_MIN = 0.2
#: How many paragraphs before and after a span a reader looks for its speaker's name when the
#: analysis found no speaker for it (a quotation that runs on, a reply that follows it).
PARAGRAPHS_AROUND = 2
#: Stances this short ("denies it") are not measured: too few words to judge a paraphrase by.
STANCE_MIN_WORDS = 3
#: Forms of a name shorter than this must match in their own case ("AP", "UN", not "ap", "un").
CASELESS_MIN_CHARS = 4

_AGREEMENT_CUE = re.compile(
    r"\b(?:agree\w*|sign\w*|deals?|accords?|settle\w*|reach\w*|approv\w*|pledg\w*|vow\w*|treat(?:y|ies)|pacts?"
    r"|contract\w*|partner\w*|acquir\w*|merg\w*|truce|cease-?fire|compromise|joint(?:ly)?|together|swap\w*"
    r"|exchang\w*|order\w*|stake|commit\w*|arrangement|memorandum|alliance|bought|buy\w*|purchas\w*|hire\w*|join\w*"
    r"|allow\w*|permi\w*|licen[cs]\w*|coordinat\w*|collaborat\w*|cooperat\w*|accept\w*|grant\w*|consent\w*)\b",
    re.I,
)
_CITATION_CUE = re.compile(
    r"\b(?:report\w*|told|tell\w*|according|said|says|interview\w*|contribut\w*|quot\w*|cit\w*|wrote|writes"
    r"|published|broadcast\w*|journalist|correspondent|reporter|agency|newspaper|magazine|commentary|editorial"
    r"|article|analysis|poll|survey|found|revealed|obtained)\b",
    re.I,
)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]*\((?P<name>[^)]{1,40})\)\s*[-—–]", re.M)
_OWNER_WORDS = frozenset(k.casefold() for k in [*DEMONYMS, *country_names()])  # "Austrian", "Austria's"
# Words a reader takes as one group, whichever the article uses in a sentence
_GROUP_NOUNS = (frozenset({"protesters", "demonstrators", "marchers", "protestors"}),)
MAX_NAME_EVIDENCE_WORDS = 5  # a participant's evidence this short is the way the article names it
_ROLE_BREAKS = {"in", "of", "at", "for", "to", "from", "with", "and", "who", ","}
_COMPANY_SUFFIXES = {"Co", "Corp", "Inc", "Ltd", "LLC", "Group", "Holdings", "Company", "Corporation"}
_PRONOUN_START = re.compile(r"^\W*(?:he|she|they|it|we|the\s+\w+)\b", re.I)


class _Sentences:
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


class _Forms:
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
            # short forms ("AP", "UN", "EU") count only in capitals: "un" or "eu" inside prose do not
            short = sorted({w.upper() for w in written if 0 < len(w) < CASELESS_MIN_CHARS})

            def union(items: list[str], flags: int) -> re.Pattern | None:
                if not items:
                    return None
                return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, items)) + r")(?!\w)", flags)

            self._patterns[owner] = (union(long, re.I), union(short, 0))
        return self._patterns[owner]

    def named_in(self, owner: str, text: str) -> bool:
        return any(p is not None and p.search(text) for p in self._compiled(owner))


def check(draft: DraftBrief, index: ArticleIndex, analysis: Analysis | None = None) -> Grounded:
    """Ground every item of `draft` and check that its span supports it; never raises."""
    return _Checker(draft, index, analysis).run()


class _Checker:
    def __init__(self, draft: DraftBrief, index: ArticleIndex, analysis: Analysis | None) -> None:
        self.draft, self.index, self.analysis = draft, index, analysis
        self.text = index.text
        self.sentences = _Sentences(index.text)
        self.out = Grounded()
        self.dropped: set[str] = set()  # keys of participants whose evidence failed

    # --- participants ------------------------------------------------------------------------

    def run(self) -> Grounded:
        out = self.out
        if (problem := summary_problem(self.draft.summary, self.index)) is not None:
            out.summary_supported = False
            out.problems.append(problem)
        seen: set[str] = set()
        for i, p in enumerate(self.draft.participants):
            ev = self.index.locate(p.evidence.quote)
            if ev is None:
                self.dropped.add(key(p.name))
                out.problems.append(Problem(f"participants[{i}]", p.name, _not_found(p.evidence.quote)))
            elif key(p.name) not in seen:
                seen.add(key(p.name))
                out.participants.append(Participant(name=p.name, kind=p.kind, role=p.role, evidence=ev))
        self._reindex()
        self._agreements()
        self._positions()
        self._outlets()
        return out

    def _reindex(self) -> None:
        aliases = {}
        if self.analysis is not None:
            for p in self.out.participants:
                ent = self.analysis.registry.resolve(p.name)
                if ent is not None:
                    aliases[p.name] = {ent.name, *ent.aliases}
        self.names = NameIndex(self.out.participants, aliases)
        self.forms = _Forms(self.names, self.analysis, self.out.participants)

    def _party(self, written: str, why: list[str]) -> str | None:
        """The listed participant a name means; a name the article uses for an unlisted or
        dropped participant adds it back (no silent cascade); otherwise a problem."""
        found = self.names.resolve(written)
        if found.name:
            return found.name
        if found.ambiguous:
            why.append(f"{written!r} could be {' or '.join(found.candidates)}: use the full name")
            return None
        ev = self.index.locate(written) if len(written.strip()) >= CASELESS_MIN_CHARS else None
        if (
            ev is not None
            and ev.match == "exact"
            and re.search(rf"(?<!\w){re.escape(written.strip())}(?!\w)", self.text)
        ):
            kind = "person" if " " in written.strip() and written.strip()[0].isupper() else "organization"
            if self.analysis is not None and (ent := self.analysis.registry.resolve(written.strip())):
                kind = ent.kind if ent.kind in ("person", "organization", "government", "country", "group") else kind
            self.out.participants.append(Participant(name=written.strip(), kind=kind, evidence=ev))
            self._reindex()
            return written.strip()
        why.append(
            f"{written!r} is not among the participants"
            + (" (its evidence was not found)" if key(written) in self.dropped else "")
        )
        return None

    # --- agreements ----------------------------------------------------------------------------

    def _agreements(self) -> None:
        for i, a in enumerate(self.draft.agreed_points):
            why: list[str] = []
            parties = [self._party(n, why) for n in a.parties]
            ev = self.index.locate(a.evidence.quote)
            if ev is None:
                why.append(_not_found(a.evidence.quote))
            elif not why:
                start, end = self.sentences.around(ev.start, ev.end)
                sentence = self.text[start:end]
                if not _AGREEMENT_CUE.search(sentence):
                    why.append(f"the evidence states no agreement: {short(sentence)!r}")
                elif not any(self._named_near(p, start, end) or self._speaks(p, ev) for p in parties if p):
                    why.append(f"the evidence names none of the parties {[p for p in parties if p]}")
            if why:
                self.out.problems.append(Problem(f"agreed_points[{i}]", short(a.point), "; ".join(why)))
            else:
                self.out.agreed_points.append(
                    AgreedPoint(point=a.point, parties=list(dict.fromkeys(parties)), evidence=ev)
                )

    def _speaks(self, owner: str, ev: Evidence) -> bool:
        """The analysis attributes these words to `owner` ("We have agreed ...," Big Machine said)."""
        return self.analysis is not None and any(
            a.start < ev.end and ev.start < a.end and self._same(a.speaker.name, owner)
            for a in self.analysis.attributions
        )

    def _named_near(self, owner: str, start: int, end: int) -> bool:
        """Named in these sentences, or in the sentence before when these start with a pronoun."""
        if self.forms.named_in(owner, self.text[start:end]):
            return True
        before = self.sentences.before(start)
        return (
            bool(before)
            and bool(_PRONOUN_START.match(self.text[start:end]))
            and self.forms.named_in(owner, self.text[before[0] : before[1]])
        )

    # --- positions -----------------------------------------------------------------------------

    def _positions(self) -> None:
        for i, pos in enumerate(self.draft.positions):
            why: list[str] = []
            holder = self._party(pos.holder, why)
            quote = None
            if pos.quote and pos.quote.strip():
                qev = self.index.locate(pos.quote)
                if qev is None:
                    why.append(f"quote {_not_found(pos.quote).removeprefix('evidence quote ')}")
                else:
                    quote = qev.quote
            ev = self.index.locate(pos.evidence.quote)
            if ev is None:
                why.append(_not_found(pos.evidence.quote))
            elif holder is not None and not why:
                why += self._attribution(holder, ev)
                if quote is None and not why:
                    why += self._stance_support(pos.stance, ev)
            if why:
                self.out.problems.append(Problem(f"positions[{i}]", pos.holder, "; ".join(why)))
            else:
                self.out.positions.append(Position(holder=holder, stance=pos.stance, quote=quote, evidence=ev))

    def _same(self, speaker: str, holder: str) -> bool:
        """Whether the analysis's name for a speaker is the holder: by the index, by a form of the
        holder the article uses, or by a shared surname ("Contreras Arroyo", "Lt Col Vindman")."""
        if self.names.resolve(speaker).name == holder or self.forms.named_in(holder, speaker):
            return True
        a, b = key(speaker).split(), key(holder).split()
        if a and b and (a[-1] == b[-1] or key(holder).startswith(key(speaker) + ".")):
            return True
        # "PG&E" for "Pacific Gas & Electric Co.": the initials, company suffixes aside
        letters = re.sub(r"[^A-Z]", "", speaker)
        initials = "".join(w[0] for w in holder.split() if w[0].isupper() and w.rstrip(".") not in _COMPANY_SUFFIXES)
        return len(letters) > 1 and letters == initials

    def _attribution(self, holder: str, ev: Evidence) -> list[str]:
        speakers = []
        if self.analysis is not None:
            for a in self.analysis.attributions:
                if a.start < ev.end and ev.start < a.end:
                    if self._same(a.speaker.name, holder):
                        return []  # the article's speaker for this span is the holder
                    listed = self.names.resolve(a.speaker.name).name
                    # a speaker the brief does not list, named by one word ("PR"), is the rules'
                    # guess, not evidence against the holder
                    if listed or (a.direct and " " in a.speaker.name):
                        speakers.append((listed or a.speaker.name, a.direct))
        start, end = self.sentences.around(ev.start, ev.end)
        if self._named_near(holder, start, end):
            return []  # named in the sentence, or the pronoun that opens it refers back to them
        sure = [name for name, direct in speakers if direct]
        if sure:
            return [f"the article attributes this to {sure[0]}, not {holder}"]
        if speakers:
            return [f"the article attributes this to {speakers[0][0]}, not {holder}"]
        # no speaker found for these words: a reader takes them as the holder's when the sentence
        # refers back ("He said", "The group warned") or the holder is named in the paragraphs
        # around (a quotation running on over paragraphs, a reply after it)
        if _PRONOUN_START.match(self.text[start:end]) or self.forms.named_in(
            holder, self.text[self._paragraphs_around(start, end)]
        ):
            return []
        return [f"the evidence does not attribute this to {holder}: {short(self.text[start:end])!r}"]

    def _paragraphs_around(self, start: int, end: int) -> slice:
        """The paragraphs holding [start, end) and PARAGRAPHS_AROUND more on each side."""
        lo, hi = start, end
        for _ in range(PARAGRAPHS_AROUND + 1):
            lo = max(self.text.rfind("\n\n" if "\n\n" in self.text else "\n", 0, max(lo - 1, 0)), 0)
        for _ in range(PARAGRAPHS_AROUND + 1):
            nxt = self.text.find("\n", hi + 1)
            hi = len(self.text) if nxt < 0 else nxt
        return slice(lo, hi)

    def _stance_support(self, stance: str, ev: Evidence) -> list[str]:
        words = set(content_words(stance))
        if len(words) < STANCE_MIN_WORDS:
            return []
        start, end = self.sentences.around(ev.start, ev.end)
        # the evidence sentence with its neighbours: a paraphrase often spans the clause before
        before, after = self.sentences.before(start), self.sentences.around(end, end + 1)
        context = self.text[before[0] if before else start : max(end, after[1]) if end < len(self.text) else end]
        shared = words & set(content_words(context))
        if len(shared) / len(words) >= STANCE_SUPPORT_MIN:
            return []
        return [f"the stance is not what its evidence says ({len(shared)} of {len(words)} words in common)"]

    # --- outlets -----------------------------------------------------------------------------

    def _outlets(self) -> None:
        for i, o in enumerate(self.draft.cited_outlets):
            why: list[str] = []
            written = next((n for n in (o.as_written, o.name) if n and _on_boundaries(n, self.text)), None)
            ev = self.index.locate(o.evidence.quote)
            if written is None:
                why.append("the outlet's name does not occur in the article as a word")
            if ev is None:
                why.append(_not_found(o.evidence.quote))
            elif written is not None:
                start, end = self.sentences.around(ev.start, ev.end)
                sentence = self.text[start:end]
                # a dateline credit ("OSLO (AP) —") is authorship: the name must be cited elsewhere
                uncredited = _DATELINE.sub(" ", sentence)
                if not _on_boundaries(written, sentence):
                    why.append(f"its evidence does not name {written}")
                elif not _on_boundaries(written, uncredited):
                    why.append("a dateline credit is the article's authorship, not a citation")
                elif not _CITATION_CUE.search(sentence):
                    why.append(f"its evidence does not cite it as a source: {short(sentence)!r}")
            if why:
                self.out.problems.append(Problem(f"cited_outlets[{i}]", o.name, "; ".join(why)))
            else:
                self.out.cited_outlets.append(CitedOutlet(name=o.name, as_written=o.as_written, evidence=ev))


def _on_boundaries(name: str, text: str) -> bool:
    """`name` as a word of `text` ("AP" in "(AP)", never in "APEC" or "happy")."""
    name = name.strip()
    flags = re.I if len(name) >= CASELESS_MIN_CHARS else 0
    return bool(name) and re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text, flags) is not None


def _opens_with_quote(text: str, start: int) -> bool:
    return text[start : start + 1] in "\"“'‘"


def _not_found(quote: str) -> str:
    return (
        "evidence quote is empty" if not quote.strip() else f"evidence quote not found in the article: {short(quote)!r}"
    )
