"""Agreement sentences (agreed, signed, reached a deal, settled, vowed...) and their parties."""

from __future__ import annotations

import bisect
import heapq
import re
from dataclasses import dataclass

from .entities import Entity, Registry
from .quotes import Attribution
from .sentences import ABBREVIATIONS, sentence_spans

# Verbs that state an agreement was made, and the deals news reports without the word "agree":
# acquisitions, stakes, partnerships, contracts, orders, exchanges. A noun alone ("a deal with
# China") only names a deal; a verb of conclusion must make it.
_DEAL_NOUN = r"(?:deal|agreement|settlement|accord|pact|truce|ceasefire|treaty|compromise|contract)"
_CUE = re.compile(
    r"\b(?:agreed|agree|agrees|agreeing|signed|signs|settled|vowed|vow|pledged|pledge|committed\s+to|inked|sealed"
    rf"|(?:reached|reach|reaches|struck|strikes|strike|clinched|finalized|finalised|concluded|approved|approves"
    rf"|ratified)\s+(?:a|an|the|its|their)\s+(?:[\w“”\"'’$.,%-]+\s+){{0,5}}?{_DEAL_NOUN}"
    r"|(?:has|have|had)\s+accepted"
    r"|in\s+a\s+deal|partnership\s+with|(?:took|takes|take|bought|buys|acquired)\s+(?:a\s+)?(?:\w+\s+)?stake\s+in"
    r"|acquired|acquires|to\s+(?:a|the)\s+(?:\w+\s+)?contract|placed\s+(?:an?\s+)?(?:\w+\s+)?orders?\s+(?:for|with)"
    r"|swapped|exchanged)\b"
)
# Agreeing with a decision, a view or a remark is an opinion of it, not a deal with anyone: "we
# agree with the Judge's decision", "she agreed with his assessment".
_OPINION = re.compile(
    r"agree(?:s|d|ing)?\s+with\s+(?:(?:the|his|her|their|its|this|that|our|my|your)\s+)?(?:[\w’'-]+(?:’s|'s)\s+)?"
    r"(?:\w+\s+)?(?:decision|view|assessment|statement|idea|comment|remark|sentiment|ruling|approach|position"
    r"|analysis|characteri[sz]ation|finding|conclusion|verdict|premise|criticism|argument)s?\b",
    re.I,
)
_NEGATED = re.compile(r"\b(?:not|never|no|refused|failed|declined|n't)\b[^.]{0,25}$")
# A deal that is only possible, hoped for, or conditional: "would agree", "if they sign",
# "any sort of trade deal", "hopes to reach a deal".
_HYPOTHETICAL = re.compile(
    r"\b(?:would|could|might|may|if|unless|whether|hope|hopes|hoping|seek|seeks|seeking|aim|aims|try|tries"
    r"|trying|want|wants|any|possible|potential|proposed|expected|plans?|planning|ready|willing)\b[^.]{0,25}$"
)


@dataclass
class Agreement:
    point: str
    parties: list[Entity]
    start: int
    end: int


_REPORTING = re.compile(r"\b(?:said|says|told|announced|reported|added|stated|confirmed)\b(?:\s+that)?")
_JOINED = re.compile(r"^\s*(?:,|,?\s*and|&)\s*$")
_COUNTERPARTY = re.compile(r"[^,.;]{0,40}?\b(?:with|between)\b")  # used with .match(text, pos)
_PLURAL_SUBJECT = re.compile(
    r"\b(?:two|both)\s+(?:sides|countries|nations|parties|governments|companies|leaders)\b|\bthe\s+pair\b"
)


def _mentions(reg: Registry, start: int, end: int) -> list[tuple[int, int, Entity]]:
    return reg.mentions_between(start, end)


def _clause_end(text: str, start: int, end: int) -> int:
    """Where the clause from `start` ends: a comma, a semicolon or a full stop that is not an
    abbreviation's ("Aerotek Corp. said")."""
    for m in re.compile(r"[,;]|\.").finditer(text, start, end):
        if (
            m.group(0) == "."
            and text[start : m.start()].rsplit(None, 1)[-1:]
            and (text[start : m.start()].rsplit(None, 1)[-1].lower() in ABBREVIATIONS)
        ):
            continue
        return m.start()
    return end


class _Covering:
    """The attributions whose span covers a position: a binary search over their starts, then
    only those that start within the longest span's reach, not every attribution per cue."""

    def __init__(self, attributions: list[Attribution]) -> None:
        # (start, order found, attribution): the order breaks ties and is the order returned
        self._by_start = sorted(((a.start, i, a) for i, a in enumerate(attributions)), key=lambda t: t[:2])
        self._starts = [start for start, _, _ in self._by_start]
        self._reach = max((a.end - a.start for a in attributions), default=0)

    def at(self, pos: int) -> list[Attribution]:
        lo = bisect.bisect_left(self._starts, pos - self._reach)
        hi = bisect.bisect_right(self._starts, pos)
        return [a for _, _, a in sorted((t for t in self._by_start[lo:hi] if pos < t[2].end), key=lambda t: t[1])]


def _parties(text: str, reg: Registry, s_start: int, s_end: int, cue: re.Match, covering: _Covering) -> list[Entity]:
    """Who agreed: the subject just before the cue (with anything joined to it by "and"),
    the counterparty after "with"/"between", and the speaker of a first-person quote."""
    cue_at = s_start + cue.start()
    # "Lavrov said Beijing and Moscow have agreed": the reporting clause is not a party.
    head_start = s_start
    for r in _REPORTING.finditer(text, s_start, cue_at):
        head_start = r.end()
    before = _mentions(reg, head_start, cue_at)
    parties: list[Entity] = []
    if before:
        parties.append(before[-1][2])
        for (_, a1, a), (b0, _, _) in zip(reversed(before[:-1]), reversed(before[1:]), strict=True):
            if not _JOINED.match(text[a1:b0]):
                break
            parties.append(a)
    after_cue = s_start + cue.end()
    link = _COUNTERPARTY.match(text, after_cue, s_end)
    if link or re.search(r"\b(?:with|between|in|acquired|acquires|contract|for|swapped|exchanged)$", cue.group(0)):
        start = link.end() if link else after_cue
        clause_end = _clause_end(text, start, s_end)
        parties += [e for _, _, e in _mentions(reg, start, clause_end)]
    if re.search(r"\b(?:I|we|We)\b[^.]{0,30}$", text[s_start:cue_at]):
        parties += [a.speaker for a in covering.at(cue_at)]
    if not parties and _PLURAL_SUBJECT.search(text, head_start, cue_at):
        # "the two sides agreed": the two parties the article names most
        parties = heapq.nsmallest(2, (e for e in reg.entities if e.kind != "person"), key=lambda e: -len(e.mentions))
    unique: list[Entity] = []
    for p in parties:
        if p.quoted_title:
            continue  # "surging to fame on the contest “I’d Do Anything”": a show is no party
        if all(p is not q for q in unique):
            unique.append(p)
    return unique


def _in_text_order(parties: list[Entity], reg: Registry, start: int, end: int) -> list[Entity]:
    """Parties in the order the sentence names them (those it names only by reference last)."""
    first = {}
    for at, _, ent in _mentions(reg, start, end):
        first.setdefault(id(ent), at)
    return sorted(parties, key=lambda p: first.get(id(p), end))


def find_agreements(text: str, reg: Registry, attributions: list[Attribution]) -> list[Agreement]:
    out: list[Agreement] = []
    covering = _Covering(attributions)
    for s_start, s_end in sentence_spans(text):
        sentence = text[s_start:s_end]
        cue = _CUE.search(sentence)
        if not cue or _NEGATED.search(sentence[: cue.start()]) or _HYPOTHETICAL.search(sentence[: cue.start()]):
            continue
        if _OPINION.match(sentence, cue.start()):
            continue  # "agree with the Judge's decision": a view of it, not an agreement
        parties = _parties(text, reg, s_start, s_end, cue, covering)
        if not parties:
            continue
        point = " ".join(sentence.split()).strip(' "“”')
        out.append(Agreement(point, _in_text_order(parties, reg, s_start, s_end), s_start, s_end))
    return _without_headline_repeats(text, out)


def _without_headline_repeats(text: str, found: list[Agreement]) -> list[Agreement]:
    """A headline restates the story's deal; when the body reports a deal between any of the
    same parties, the body's sentence is the evidence and the headline is not a second deal."""
    title_end = text.find("\n")
    if title_end < 0:
        return found
    body = [a for a in found if a.start > title_end]
    return [
        a
        for a in found
        if a.start > title_end or not any({id(p) for p in a.parties} & {id(p) for p in b.parties} for b in body)
    ]
