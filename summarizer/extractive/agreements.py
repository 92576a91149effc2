"""Agreements as the parse reads them: a verb that concludes a deal (agreed, signed, settled,
vowed, "reached a deal", "took a stake"), not negated nor only hoped for, with its subject and
its "with" or "between" object as the parties.

A deal noun alone ("a deal with China") only names a deal; a verb of conclusion must make it.
The verb is known by its lemma, so every inflection and word order the parser reads counts
("the accord, signed by both leaders", "Apple has agreed", "agreeing to pay"), and its clause
(negation, modal, the verb that governs it) says whether it was made.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass

from ..words import DATELINE
from .deal_cues import deal_cue, deal_object
from .entities import Entity, Registry
from .parse import Parse
from .quotes import Attribution
from .sentences import sentence_spans

#: A deal only possible or wished for: "would sign", "hopes to reach a deal", "if they agree".
MODALS = frozenset({"would", "could", "might", "may", "should", "must", "will", "shall"})
#: A reporting verb that says its clause is false: "denied that an agreement had been concluded".
DENYING = frozenset({"deny", "dispute", "refute"})
WISHING = frozenset(
    "hope seek aim try want plan expect intend need push prepare propose consider attempt threaten urge "
    "ask call press negotiate discuss work struggle wish offer".split()
)
#: A verb over the deal that says it was not made: "refused to sign", "failed to reach a deal".
REFUSING = frozenset({"refuse", "fail", "decline", "reject", "deny", "oppose", "resist", "stop", "block", "halt"})
CONDITIONS = frozenset({"if", "unless", "whether", "until", "once"})
UNREAL_DETERMINERS = frozenset({"no", "any", "possible", "potential", "proposed", "expected", "future", "eventual"})
#: Verbs that state an agreement only when made together: "Russia, China vow to strengthen ties".
JOINT_ONLY = frozenset({"vow", "pledge"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "nsubj:pass"})
#: The links a verb passes its subject down: "Moscow agreed and signed", "set to sign".
SHARED_SUBJECT = frozenset({"xcomp", "conj", "advcl"})
PLURAL_SUBJECTS = frozenset({"side", "country", "nation", "party", "government", "company", "leader", "pair"})


#: Verbs whose object is what the deal took over, a party to it: "bought Big Machine in a deal".
_TAKEN_OVER = frozenset({"acquire", "swap", "exchange", "buy", "purchase"})


@dataclass
class Agreement:
    point: str
    parties: list[Entity]
    start: int
    end: int


def _is_one_of(verb, lemmas: frozenset[str]) -> bool:
    """Whether the verb is one of `lemmas`, by its lemma or by its form less an ending: the small
    model's lemmatizer has "hopes" as a form of "hop"."""
    word = verb.lower_
    forms = {verb.lemma_.lower(), word, word[:-1], word[:-2], word[:-3], word[:-3] + "e", word[:-2] + "e"}
    return bool(forms & lemmas) if word.endswith(("s", "ed", "ing")) else verb.lemma_.lower() in lemmas


def _governors(verb):
    """The verb and the verbs above it in its own clause, each with whether the one below is
    subordinate to it: "refused to sign" has "refused" over "sign"; in "negotiated and signed"
    the first verb only shares its modal with the second; a reporting verb ("said [they
    agreed]") is no governor."""
    tok, subordinate = verb, True
    yield tok, subordinate
    while tok.dep_ in ("xcomp", "pcomp", "conj", "acl", "prep", "pobj", "amod") and tok.head.i != tok.i:
        subordinate = tok.dep_ != "conj"
        tok = tok.head
        yield tok, subordinate


def _made(verb, noun=None) -> bool:
    """Whether the deal the verb states was made: not negated, conditional or only wished for."""
    for deal in (deal_object(verb), noun):
        if deal is not None and any(
            c.dep_ in ("det", "amod") and c.lemma_.lower() in UNREAL_DETERMINERS for c in deal.children
        ):
            return False  # "reached no deal", "any trade deal", "a possible accord"
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.dep_ in ("ROOT", "acl", "relcl"):
        return False  # "Ministries to sign agreement": a headline's plan, not a deal made
    for i, (tok, subordinate) in enumerate(_governors(verb)):
        if tok.dep_ == "ccomp" and _is_one_of(tok.head, DENYING):
            return False  # "denied on Monday that an agreement had been concluded"
        if i and subordinate and _is_one_of(tok, WISHING | REFUSING):
            return False  # "hopes to reach a deal", "refused to sign", "talks aimed at a truce"
        for child in tok.children:
            word = child.lemma_.lower()
            negated = child.dep_ == "neg" or (child.dep_ == "advmod" and word in ("never", "not"))
            if negated and (i == 0 or subordinate):
                return False  # "did not sign", "never agreed", "did not want to sign"
            if child.dep_ == "aux" and word in MODALS:
                return False  # "would agree", "could sign"
            if child.dep_ == "mark" and word in CONDITIONS:
                return False  # "if they sign"
    return True


def _subject(verb):
    """The verb's subject, or the one it shares with the verb above ("Moscow agreed and signed",
    "moved to acquire"), or its passive agent ("the accord, signed by both leaders")."""
    tok = verb
    for _ in range(4):
        subject = next((c for c in tok.children if c.dep_ in SUBJECTS), None)
        if subject is not None:
            return subject
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None:
            return next((g for g in agent.children if g.dep_ == "pobj"), None)
        if tok.dep_ not in SHARED_SUBJECT or tok.head.i == tok.i or (tok.dep_ == "advcl" and not _non_finite(tok)):
            return None  # "after the Taliban swapped ..., the crash": a finite clause has its own
        tok = tok.head
    return None


def _non_finite(verb) -> bool:
    """ "to seal the win", "saying it would": a clause without a subject of its own."""
    return verb.tag_ in ("VBG", "VBN") or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _within(head):
    """The tokens under `head` that belong to its own phrase, not to a clause inside it: "an
    order for 40 jets with Aerotek" holds "with Aerotek"; "a deal that Acme signed with Globex"
    does not hold the relative clause's "with"."""
    stack = list(head.children)
    while stack:
        tok = stack.pop()
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ in ("relcl", "acl", "advcl", "ccomp"):
            continue
        yield tok
        stack.extend(tok.children)


class _Reader:
    """Who is party to the deals of one article: the registry's names found in the parse's
    phrases, and the names a pronoun or "the two sides" stands for."""

    def __init__(self, reg: Registry, parse: Parse, attributions: list[Attribution]) -> None:
        self.reg, self.parse = reg, parse
        self.covering = _Covering(attributions)
        self.floor = 0  # where the current sentence's own words begin (after a dateline credit)

    def named_in(self, tok) -> list[Entity]:
        """The registry's names inside `tok`'s phrase."""
        left, right = tok.left_edge, tok.right_edge
        start = max(self.parse.offset_of(left), self.floor)
        end = self.parse.offset_of(right) + len(right.text)
        return [e for _, _, e in self.reg.mentions_between(start, end)]

    def named_at(self, tok) -> list[Entity]:
        """The registry's names that hold a word of `tok`'s phrase."""
        start, end = self.parse.offset_of(tok.left_edge), self.parse.offset_of(tok.right_edge) + len(tok.right_edge)
        return self._overlapping(start, end)

    def _overlapping(self, start: int, end: int) -> list[Entity]:
        """The registry's names with a character in `start`..`end` (a name may run past both)."""
        window = self.reg.mentions_between(max(self.floor, start - 80), end + 80)
        return [e for s, t, e in window if s < end and t > start]

    def by_reference(self, subject) -> list[Entity]:
        """The parties a subject names without a name: the speaker for "I" or "we" in a
        quotation, the organization last named for "it" or "they", and the two the article
        names most for "the two sides"."""
        word = subject.lower_
        at = self.parse.offset_of(subject)
        if word in ("i", "we"):
            return [a.speaker for a in self.covering.at(at)][:1]
        if word in ("it", "they"):
            return self.reg.before(at, plural=True, count=1)
        both = subject.lemma_.lower() == "pair" or any(c.lower_ in ("two", "both") for c in subject.children)
        if subject.lemma_.lower() in PLURAL_SUBJECTS and both:
            organizations = (e for e in self.reg.entities if e.kind != "person")
            return heapq.nsmallest(2, organizations, key=lambda e: -len(e.mentions))
        return []

    def subject_parties(self, subject) -> list[Entity]:
        """The parties a subject names, each conjunct on its own: "President Putin and I" is
        Putin and the speaker of the quotation."""
        conjuncts = [subject, *(t for t in subject.subtree if t.dep_ == "conj" and t.i != subject.i)]
        parties = self.named_in(subject)
        owners = [t for t in subject.children if t.dep_ == "poss"]
        at = self.parse.offset_of(subject)
        if owners and any(e in parties for e in self._overlapping(at, at + 1)):
            # "Braun's Ithaca Holdings bought ...": the company is the party, not its owner
            owned = {id(e) for o in owners for e in self.named_in(o)}
            parties = [e for e in parties if id(e) not in owned]
        for tok in conjuncts:
            if tok.pos_ == "PRON" or not self.named_in(tok):
                parties += self.by_reference(tok)
        return parties

    def named_before(self, verb) -> list[Entity]:
        """The name just before the verb, when the parse gave it no subject but nothing stands
        between them that could be another clause's verb ("..., SoftBank, its largest
        investor, committed to": a misread the words still show)."""
        at = self.parse.offset_of(verb)
        before = self.reg.mentions_between(self.floor, at)
        if not before:
            return []
        _, end, ent = before[-1]
        gap = self.parse.span(end, at)
        if gap is not None and any(t.pos_ in ("VERB", "AUX") or t.text in (";", ":") for t in gap if t.i < verb.i):
            return []
        return [ent]

    def counterparties(self, verb, noun) -> list[Entity]:
        """Who the deal is with: the "with"/"between" object of the verb or in its deal noun's
        phrase, what was bought or swapped ("acquired Allergan", "a stake in Jenner's
        company"), and what it was swapped for ("commanders held by the Afghan government")."""
        found: list[Entity] = []
        lemma = verb.lemma_.lower()
        for child in verb.children:
            word = child.lemma_.lower()
            if child.dep_ == "prep" and word in ("with", "between"):
                found += self.named_in(child)
            elif child.dep_ in ("dobj", "obj") and (lemma in _TAKEN_OVER or word == "stake"):
                found += self.named_in(child)
            elif child.dep_ in ("dobj", "obj") and lemma == "sign" and child.pos_ == "PROPN":
                # "the Gulls signed Ivo Brandt": the player is a party (whose name the small
                # model may read as two objects)
                found += [e for e in self.named_at(child) if all(e is not f for f in found)]
            elif child.dep_ == "prep" and word == "for" and lemma in ("swap", "exchange"):
                found += self.named_in(child)
        deals = {
            t.i: t for t in (deal_object(verb), noun) if t is not None
        }  # (a token is new on each access: by index)
        for deal in deals.values():
            if deal.head.i == verb.i and deal.dep_ in ("dobj", "obj") and lemma in _TAKEN_OVER:
                continue  # read whole above
            links = ("with", "between", "in") if deal.lemma_.lower() == "stake" else ("with", "between")
            for tok in _within(deal):
                if tok.dep_ == "prep" and tok.lemma_.lower() in links:
                    found += self.named_in(tok)
        return found

    def parties(self, verb, noun) -> list[Entity]:
        subject = _subject(verb)
        parties = self.subject_parties(subject) if subject is not None else self.named_before(verb)
        parties += self.counterparties(verb, noun)
        if verb.lemma_.lower() in JOINT_ONLY and len(parties) < 2:
            return []  # "she vowed to fight on" is one person's resolve, not a vow made together
        unique: list[Entity] = []
        for p in parties:
            if p.quoted_title:
                continue  # "surging to fame on the contest “I’d Do Anything”": a show is no party
            if all(p is not q for q in unique):
                unique.append(p)
        return unique


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


def _in_text_order(parties: list[Entity], reg: Registry, start: int, end: int) -> list[Entity]:
    """Parties in the order the sentence names them (those it names only by reference last)."""
    first = {}
    for at, _, ent in reg.mentions_between(start, end):
        first.setdefault(id(ent), at)
    return sorted(parties, key=lambda p: first.get(id(p), end))


def find_agreements(text: str, reg: Registry, attributions: list[Attribution], parse: Parse | None) -> list[Agreement]:
    """Each sentence's first concluded deal that names a party. Without a parse there are none:
    a deal is a clause's verb, which only the parser reads."""
    if parse is None:
        return []
    spans = list(sentence_spans(text))
    starts = [s for s, _ in spans]
    reader = _Reader(reg, parse, attributions)
    taken: set[int] = set()
    deals: set[tuple[str, frozenset[int]]] = set()
    out: list[Agreement] = []
    for offset, doc in parse.docs:
        for tok in doc:
            cue = deal_cue(tok)
            if cue is None or not _made(*cue):
                continue
            k = bisect.bisect_right(starts, offset + tok.idx) - 1
            if k < 0 or k in taken:
                continue
            s_start, s_end = spans[k]
            dateline = DATELINE.match(text, s_start, s_end)
            reader.floor = dateline.end() if dateline else s_start
            parties = reader.parties(*cue)
            if not parties:
                continue
            taken.add(k)
            if cue[1] is not None:
                deal = (cue[1].lemma_.lower(), frozenset(id(p) for p in parties))
                if deal in deals:
                    continue  # "NASA also added landers to the CLPS contract": the same deal again
                deals.add(deal)
            point = " ".join(text[s_start:s_end].split()).strip(' "“”')
            out.append(Agreement(point, _in_text_order(parties, reg, s_start, s_end), s_start, s_end))
    return _without_headline_repeats(text, sorted(out, key=lambda a: a.start))


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
