"""Support checks: every item of a draft gets a verdict.

- **refused**: the article contradicts the item. Its quote or evidence is not in the article; the
  article gives these exact words to another person it names at the quote; a holder or party
  appears nowhere in the article; the outlet is named neither in its evidence nor as a word of the
  article, or only in a dateline credit. A refusal is a `Problem`: re-asked, then dropped.
- **verified**: a check confirms the support: the article gives the words to the holder (its
  speaker for the span, or the holder named in the sentence); the agreement's sentence states an
  agreement, names a party and says what the point says; the outlet is named and cited there.
- **unverified**: the span exists but no check could confirm the support. The item is kept, with
  a note saying what could not be confirmed. Never re-asked: "no rule confirmed it" is not "wrong".

Checks that read English cue words run only on English articles; on any other language they
leave the item unverified (never refused), and the brief says which checks ran.

When a participant is dropped, each item that names it is resolved again: to another listed
participant, or to a name the article uses (the participant is then added back); otherwise the
item is refused with its own problem. One message lists every refusal of every item.
"""

from __future__ import annotations

from ..drafts import DraftBrief
from ..errors import clip
from ..extractive import Analysis
from ..language import is_english, name_of, same_language
from ..models import AgreedPoint, CitedOutlet, Evidence, Participant, Position
from .attribution import attribute, named_near, speaks
from .citation import cite
from .forms import NameForms, Sentences, appears, names_in
from .grounding import ArticleIndex, Grounded, Problem, short, summary_problem
from .model_text import foreign
from .names import NameIndex, key
from .verdict import ATTRIBUTION, CLAIMS, ENGLISH_ONLY, NAMES, OWN_WORDS, SPANS, Verdict
from .wording import AGREEMENT_CUE, AGREEMENT_SUPPORT_MIN, STANCE_SUPPORT_MIN, shared_share


def check(
    draft: DraftBrief,
    index: ArticleIndex,
    analysis: Analysis | None = None,
    *,
    language: str | None = None,
    brief_language: str | None = None,
) -> Grounded:
    """Ground every item of `draft` and give it a verdict; never raises. `language` (BCP 47) is
    the article's: checks that read English words run only on English. `brief_language`, when
    the model wrote its own words in another language: those are not compared word for word
    with the article (a stance is then unverified for that reason, never refused for it)."""
    if language is None and analysis is not None:
        language = analysis.language
    across = None if same_language(brief_language, language) else (name_of(brief_language), name_of(language))
    return _Checker(draft, index, analysis, english=is_english(language), across=across).run()


class _Checker:
    def __init__(
        self,
        draft: DraftBrief,
        index: ArticleIndex,
        analysis: Analysis | None,
        *,
        english: bool,
        across: tuple[str, str] | None = None,
    ) -> None:
        self.draft, self.index, self.analysis, self.english = draft, index, analysis, english
        # (brief language, article language) when they differ: the model's words are a translation
        self.across = across
        # the model's words are compared with the article's only on English: on another language
        # a model often answers in English unasked, and a translation shares no words with it
        self.own_words = across is None and english
        self.text = index.text
        self.sentences = Sentences(index.text)
        self.out = Grounded()
        self.dropped: set[str] = set()  # keys of participants whose evidence failed
        self.out.checks_run = [SPANS, NAMES, ATTRIBUTION, OWN_WORDS]
        if english:
            self.out.checks_run += ENGLISH_ONLY
        else:
            self.out.checks_skipped = [
                f"{name} (English cue words; the article is not in English)" for name in ENGLISH_ONLY
            ]
        if across:
            self.out.checks_skipped.append(
                f"{CLAIMS} and {OWN_WORDS} (the brief is written in {across[0]}, the article in {across[1]})"
            )

    def run(self) -> Grounded:
        out = self.out
        problem = summary_problem(self.draft.summary, self.index) if self.english and self.own_words else None
        if problem is None and (why := foreign(self.draft.summary, self.text, words=self.own_words)):
            problem = Problem("summary", short(self.draft.summary), why)
        if problem is not None:
            out.summary_supported = False
            out.problems.append(problem)
        self._participants()
        self._agreements()
        self._positions()
        self._outlets()
        return out

    # --- participants ------------------------------------------------------------------------

    def _participants(self) -> None:
        seen: set[str] = set()
        located = []
        for i, p in enumerate(self.draft.participants):
            ev = self.index.locate(p.evidence.quote)
            if ev is None:
                self.dropped.add(key(p.name))
                self.out.problems.append(Problem(f"participants[{i}]", p.name, _not_found(p.evidence.quote)))
            elif appears(self.text, p.name) is None and not names_in(p.name, ev.quote):
                self.dropped.add(key(p.name))
                self.out.problems.append(
                    Problem(f"participants[{i}]", p.name, "the name appears nowhere in the article")
                )
            elif key(p.name) not in seen:
                seen.add(key(p.name))
                located.append((p, ev))
        self.out.participants = [
            Participant(name=p.name, kind=p.kind, role=self._role(p), evidence=ev, support="verified")
            for p, ev in located
        ]
        self._reindex()
        for participant in self.out.participants:  # its evidence is where the article names it
            start, end = self.sentences.around(participant.evidence.start, participant.evidence.end)
            if not self.forms.named_in(participant.name, self.text[start:end]):
                participant.support = "unverified"
                participant.support_note = f"its evidence does not name {participant.name}"

    def _reindex(self) -> None:
        aliases = {}
        if self.analysis is not None:
            for p in self.out.participants:
                ent = self.analysis.registry.resolve(p.name)
                if ent is not None:
                    aliases[p.name] = {ent.name, *ent.aliases}
        self.names = NameIndex(self.out.participants, aliases)
        self.forms = NameForms(self.names, self.analysis, self.out.participants)

    def _party(self, written: str, verdict: Verdict, near: Evidence | None = None) -> str | None:
        """The listed participant a name means. A name the article uses for an unlisted or dropped
        participant adds it back (no silent cascade); a name that could be two participants is
        the one of them the article names at `near`, or else refused (the model must say which);
        one that appears nowhere in the article is refused."""
        found = self.names.resolve(written)
        if found.name:
            return found.name
        if found.ambiguous and near is not None:
            start, end = self.sentences.around(near.start, near.end)
            named = [c for c in found.candidates if self.forms.named_in(c, self.text[start:end])]
            if len(named) == 1:
                return named[0]
        if found.ambiguous:
            verdict.refuse.append(f"{written!r} could be {' or '.join(found.candidates)}: use the full name")
            return None
        ev = appears(self.text, written)
        if ev is None:
            why = f"{written!r} is not among the participants and appears nowhere in the article"
            if key(written) in self.dropped:
                why = f"{written!r} is not among the participants (its evidence was not found)"
            verdict.refuse.append(why)
            return None
        name = written.strip()
        kind = "person" if " " in name and name[0].isupper() else "organization"
        if self.analysis is not None and (ent := self.analysis.registry.resolve(name)):
            kind = ent.kind if ent.kind in ("person", "organization", "government", "country", "group") else kind
        exact = ev.match == "exact"
        self.out.participants.append(
            Participant(
                name=name,
                kind=kind,
                evidence=ev,
                support="verified" if exact else "unverified",
                support_note=None if exact else f"the article writes the name as {ev.quote!r}",
            )
        )
        self._reindex()
        return name

    # --- agreements ----------------------------------------------------------------------------

    def _role(self, p) -> str | None:
        """The model's role for a participant, unless it is not the article's words: then the
        participant stays and the role is left out, with a note (a role is no claim to re-ask)."""
        if p.role and (why := foreign(p.role, self.text, words=self.own_words)):
            self.out.notes.append(f"the role given for {clip(p.name, 60)} was left out: {why}")
            return None
        return p.role

    def _agreements(self) -> None:
        for i, a in enumerate(self.draft.agreed_points):
            verdict = Verdict()
            parties = [p for p in (self._party(n, verdict) for n in a.parties) if p]
            ev = self.index.locate(a.evidence.quote)
            if why := foreign(a.point, self.text, words=self.own_words):
                verdict.refuse.append(f"the point: {why}")
            if ev is None:
                verdict.refuse.append(_not_found(a.evidence.quote))
            elif not verdict.refuse:
                start, end = self.sentences.around(ev.start, ev.end)
                sentence = self.text[start:end]
                if not any(named_near(self, p, start, end) or speaks(self, p, ev) for p in parties):
                    verdict.doubt.append(f"its sentence names none of the parties ({', '.join(parties)})")
                if self.across:
                    verdict.doubt.append(self._translated("point"))
                elif not self.english:
                    verdict.doubt.append("the agreement's wording was not checked (the article is not in English)")
                elif not AGREEMENT_CUE.search(sentence):
                    verdict.doubt.append("no agreement word in its sentence")
                elif not self._claim_supported(a.point, start, end, AGREEMENT_SUPPORT_MIN):
                    verdict.doubt.append("the point shares few words with its evidence")
            if verdict.refuse:
                self.out.problems.append(Problem(f"agreed_points[{i}]", short(a.point), "; ".join(verdict.refuse)))
            else:
                self.out.agreed_points.append(
                    AgreedPoint(point=a.point, parties=list(dict.fromkeys(parties)), evidence=ev, **verdict.support())
                )

    def _translated(self, what: str) -> str:
        brief, article = self.across
        return (
            f"the {what} is written in {brief} and its evidence in {article}, so they were not compared word for word"
        )

    def _claim_supported(self, claim: str, start: int, end: int, least: float) -> bool:
        """The claim's key words are in its evidence sentence or the sentences either side (a
        paraphrase often spans the clause before)."""
        before, after = self.sentences.before(start), self.sentences.around(end, end + 1)
        lo = before[0] if before else start
        hi = max(end, after[1]) if end < len(self.text) else end
        share = shared_share(claim, self.text[lo:hi])
        return share is None or share >= least

    # --- positions -----------------------------------------------------------------------------

    def _positions(self) -> None:
        for i, pos in enumerate(self.draft.positions):
            verdict = Verdict()
            ev = self.index.locate(pos.evidence.quote)
            holder = self._party(pos.holder, verdict, near=ev)
            quote = None
            if pos.quote and pos.quote.strip():
                qev = self.index.locate(pos.quote)
                if qev is None:
                    verdict.refuse.append(f"quote {_not_found(pos.quote).removeprefix('evidence quote ')}")
                else:
                    quote = qev.quote
            if why := foreign(pos.stance, self.text, words=self.own_words):
                verdict.refuse.append(f"the stance: {why}")
            if ev is None:
                verdict.refuse.append(_not_found(pos.evidence.quote))
            elif holder is not None and not verdict.refuse:
                attribute(self, holder, ev, verdict)
                if not verdict.refuse:
                    start, end = self.sentences.around(ev.start, ev.end)
                    if self.across:
                        verdict.doubt.append(self._translated("stance"))
                    elif not self.english and not (quote and " ".join(pos.stance.split()) in " ".join(quote.split())):
                        # a stance that is the speaker's own quoted words needs no cue words to
                        # be read in any language; any other wording does
                        verdict.doubt.append("the stance's wording was not checked (the article is not in English)")
                    elif not self._claim_supported(pos.stance, start, end, STANCE_SUPPORT_MIN):
                        verdict.doubt.append("the stance shares few words with its evidence")
            if verdict.refuse:
                self.out.problems.append(Problem(f"positions[{i}]", pos.holder, "; ".join(verdict.refuse)))
            else:
                self.out.positions.append(
                    Position(holder=holder, stance=pos.stance, quote=quote, evidence=ev, **verdict.support())
                )

    # --- outlets -----------------------------------------------------------------------------

    def _outlets(self) -> None:
        for i, o in enumerate(self.draft.cited_outlets):
            verdict = Verdict()
            ev = self.index.locate(o.evidence.quote)
            as_written = o.as_written
            if ev is None:
                verdict.refuse.append(_not_found(o.evidence.quote))
            else:
                start, end = self.sentences.around(ev.start, ev.end)
                as_written, refuse, doubt = cite(
                    o.name, o.as_written, self.text[start:end], self.text, english=self.english
                )
                verdict.refuse += refuse
                verdict.doubt += doubt
            if verdict.refuse:
                self.out.problems.append(Problem(f"cited_outlets[{i}]", o.name, "; ".join(verdict.refuse)))
            else:
                self.out.cited_outlets.append(
                    CitedOutlet(name=o.name, as_written=as_written, evidence=ev, **verdict.support())
                )


def _not_found(quote: str) -> str:
    return (
        "evidence quote is empty" if not quote.strip() else f"evidence quote not found in the article: {short(quote)!r}"
    )
