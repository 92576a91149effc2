"""A reported stance as the parse reads it (citron's content): the complement clause of the cue
verb, or, when the cue takes an object ("has ruled out Taliban involvement"), the verb with its
negation and object. The patterns in `candidates.py` find where a stance is; the parse decides
where it starts and ends, so a stance is never a fragment of the clause ("Taliban involvement")
nor runs on into the attribution after it ("..., officials said on Monday night").
"""

from __future__ import annotations

import re

from .lexicon import CUE_WORDS
from .parse import Parse

#: Verbs that only report (their content is the complement, without the verb). Any other cue
#: ("denied", "ruled out", "warned") is a stance verb: its content keeps the verb.
REPORTING = frozenset({"say", "tell", "add", "state", "write", "note", "explain", "report", "confirm", "announce"})
#: Verbs whose complement alone says the opposite, or only what is wished for: "denied that he
#: took bribes" is not the stance "he took bribes", nor "wants Rudolph disciplined" a claim that
#: he is. Their stance keeps the verb.
KEEPS_VERB = frozenset(
    {"deny", "reject", "dismiss", "dispute", "doubt", "question", "refute", "want", "urge", "demand", "refuse", "ask"}
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "csubj", "expl"})
OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "xcomp", "acomp"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis"})
#: A reporting verb's modifiers that say when or how it was said, not what.
_ASIDE = frozenset({"npadvmod", "advmod", "tmod", "obl", "prep"})
MIN_WORDS = 3  # a shorter clause is not a better stance than the one the patterns found


def _located(text: str, stance: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the (whitespace-normalized) stance sits inside the evidence span."""
    words = stance.split()
    if not words:
        return None
    m = re.search(r"\s+".join(map(re.escape, words)), text[start:end])
    return (start + m.start(), start + m.end()) if m else None


def _addressee(child) -> bool:
    """Whether a reporting verb's child names whom it was said to: "told [reporters]", "said [to
    the committee]"."""
    return child.dep_ in ("dobj", "dative", "iobj") or (child.dep_ == "prep" and child.lower_ == "to")


def _asides(cue, head) -> set[int]:
    """Whom the speaker told is not what they said: "told [reporters] the council ...", "confirmed
    [to WIRED] that the company ..."; nor when or how they said it, between the verb and what it
    reports: "said [last month] that", "announced [this week] that"."""
    return {
        t.i
        for c in cue.children
        if _addressee(c) or (c.dep_ in _ASIDE and cue.i < c.i < head.left_edge.i)
        for t in c.subtree
    }


def _content_head(span):
    """The head of what is said, whether the cue verb belongs to it, and the tokens naming whom
    the speaker addressed: the complement of a
    reporting verb ("told reporters [the council would not meet]"); a stance verb with its
    object ("has ruled out [Taliban involvement]"); else the span's own root."""
    head, addressee = span.root, set()
    cue = head if head.pos_ in ("VERB", "AUX") else head.head
    teller = cue.head
    if cue.dep_ in CLAUSE_DEPS and teller.i < span.start and teller.lemma_.lower() in REPORTING:
        # the span starts at the addressee: "told [Billboard the Doobies were back]"
        addressee = {t.i for c in teller.children if _addressee(c) for t in c.subtree}
    # (any cue with a clause for its complement: "projected [in May] that", "estimated [last week] that")
    if cue.lemma_.lower() in REPORTING or cue.lower_ in CUE_WORDS:
        complement = [c for c in cue.children if c.dep_ in CLAUSE_DEPS]
        if complement:
            head = complement[0]
            addressee = _asides(cue, head)
    governor = head.head
    if head.dep_ in CLAUSE_DEPS and governor.i < span.start and governor.lower_ in CUE_WORDS:
        # the span starts inside the words between the cue and its clause: "argued in a letter
        # [to the board that the merger was unlawful]"
        addressee |= _asides(governor, head)
    if (
        head.dep_ in CLAUSE_DEPS | {"dobj", "obj"}
        and governor.i < span.start
        and governor.pos_ == "VERB"
        and governor.lemma_.lower() in KEEPS_VERB
    ):
        # "denied [on Monday] [that he took bribes]": the verb is the stance's, when and how it was
        # said with it
        return governor, True, addressee | _asides(governor, head)
    if head.i < span.start and head.pos_ == "VERB" and head.lemma_.lower() not in REPORTING:
        return head, True, addressee  # the span is what the verb before it governs: "ruled out [...]"
    if head.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and head.dep_ in OBJECT_DEPS and head.head.pos_ == "VERB":
        verb = head.head
        if verb.lemma_.lower() not in REPORTING:
            return verb, True, addressee  # "has ruled out [Taliban involvement]": the verb is the stance's
    return head, False, addressee


def clause_of(parse: Parse, start: int, end: int, holder_forms: set[str], within: tuple[int, int]) -> str | None:
    """The stance the parse reads in `start`..`end`, inside the evidence span `within`, or None
    when it reads no better one."""
    span = parse.span(start, end)
    if span is None or not len(span):
        return None
    head, with_verb, addressee = _content_head(span)
    doc = span.doc
    # the content: the head's subtree without the speaker (the subject, when it is the holder
    # or outside the span) and without a leading "that"
    drop: set[int] = set()
    others: set[int] = set()  # another subject's clause joined on
    for child in head.children:
        subtree = list(child.subtree)
        if child.dep_ in SUBJECT_DEPS:
            words = {t.text for t in subtree}
            speaker = words & holder_forms  # the holder by name; "he" in "said he would" is content
            if with_verb or subtree[0].i < span.start or speaker:
                drop.update(t.i for t in subtree)
        elif child.dep_ == "mark" and child.i < head.i:
            drop.add(child.i)
            addressee = addressee | {child.i}  # ("that" read as a pronoun: no word of substance lost)
        elif child.dep_ == "punct" and child.i > head.i and child.i == head.right_edge.i:
            drop.add(child.i)
        elif with_verb and child.dep_ == "conj" and any(g.dep_ in SUBJECT_DEPS for g in child.children):
            # "rejected the offer, and Marlin Freight said it was sorry": another subject's clause,
            # joined to the speaker's own verb, is not the speaker's stance
            others = {t.i for t in doc[child.left_edge.i : head.right_edge.i + 1]}
            others |= {c.i for c in head.children if c.dep_ in ("cc", "punct") and head.i < c.i < child.i}
            drop |= others
    first, last = within
    offset = parse.offset_of(head) - head.idx
    kept = [t for t in head.subtree if t.i not in drop and first <= offset + t.idx < last]
    # (a complementizer the small model misreads as an adverb is still one: "announced [that]
    # Sasha was found")
    while kept and (
        kept[0].is_punct
        or kept[0].dep_ == "cc"
        # the clause's own "that", not the "If" of a condition inside it ("If that holds, it would")
        or (kept[0].dep_ == "mark" and (kept[0].head.i == head.i or kept[0].lower_ == "that"))
        or (
            kept[0].lower_ == "that"
            and kept[0].head.i == head.i
            and (kept[0].dep_ == "advmod" or kept[0].tag_ == "WDT")
            and kept[0].dep_ not in SUBJECT_DEPS  # ("said [that] was wrong": a subject stays)
        )
    ):
        if kept[0].lower_ == "that":
            addressee = addressee | {kept[0].i}  # no word of substance lost with it
        kept.pop(0)
    while kept and kept[-1].is_punct:
        kept.pop()
    if not kept or kept[-1].i - kept[0].i + 1 < MIN_WORDS:
        return None
    new = doc[kept[0].i : kept[-1].i + 1]
    return _agreed(span, new, with_verb, addressee, others)


def _agreed(old, new, with_verb: bool, addressee: set[int], others: set[int] = frozenset()) -> str | None:
    """The parse's clause, where it only corrects the patterns' bounds: a verb chain put back in
    front of an object; leading function words or a trailing attribution taken off. A parse
    that would cut words of substance (a mis-parse) leaves the patterns' stance as it was."""
    before = old.doc[new.start : old.start] if new.start < old.start else []
    if new.start < old.start and not (with_verb and all(t.pos_ in _CHAIN or t.i in addressee for t in before)):
        return None
    lost_front = old.doc[old.start : new.start] if new.start > old.start else []
    if any(t.pos_ in _SUBSTANCE and t.i not in addressee for t in lost_front):
        return None
    lost_back = old.doc[new.end : old.end] if new.end < old.end else []
    # only an attribution ("..., officials said") or another's clause comes off the end
    sound_end = not len(lost_back) or any(t.lemma_.lower() in REPORTING or t.i in others for t in lost_back)
    if new.end > old.end or not sound_end:
        # a mis-parse at the end keeps the patterns' end; an addressee still comes off the front
        if not any(t.i in addressee for t in lost_front):
            return None
        end = old.end
        while end > new.start + 1 and old.doc[end - 1].is_punct:
            end -= 1  # the sentence's own full stop is not the stance's
        return " ".join(old.doc[new.start : end].text.split()).strip(" ,;:")
    return " ".join(new.text.split()).strip(" ,;:")


#: What a verb chain in front of its object is made of: "has not ruled out".
_CHAIN = frozenset({"AUX", "VERB", "PART", "ADV", "ADP", "SCONJ"})
#: Words whose loss changes what a stance says.
_SUBSTANCE = frozenset({"NOUN", "PROPN", "PRON", "VERB", "AUX", "NUM", "ADJ"})


def has_verb(parse: Parse, text: str, start: int, end: int) -> bool:
    """Whether the words at `text[start:end]` hold a verb: narration ("Monday night", "settler
    leaders") is not a stance."""
    span = parse.span(start, end)
    return span is None or any(t.pos_ in ("VERB", "AUX") for t in span)


def _cue_of(span):
    """The verb outside `span` that governs its first word (the cue, "wants" in "Richardson wants
    [Rudolph to be disciplined]"), or None."""
    token = span[0]
    for _ in range(len(span.doc)):  # bounded: a head chain ends at the sentence root
        if token.i < span.start:
            return token if token.pos_ in ("VERB", "AUX") else None
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def within_cue(parse: Parse, text: str, start: int, end: int) -> int:
    """Where the cue's own clause ends inside `start`..`end`: a reported stance read to the end
    of the sentence runs on, past a comma, into the clause the cue is subordinate to ("While
    Richardson wants Rudolph to be disciplined, Heyward did not respond"). What the cue does not
    govern is not what the speaker said."""
    span = parse.span(start, end)
    if span is None or not len(span):
        return end
    cue = _cue_of(span)
    if cue is None or cue.right_edge.i >= span.end - 1:
        return end
    after = cue.right_edge.i + 1
    if after >= span.end or not span.doc[after].is_punct or span.doc[after].text not in (",", ";", "—", "–"):
        return end  # the clause ends without a break: a mis-parse more likely than a run-on
    cut = parse.offset_of(cue.right_edge) + len(cue.right_edge.text)
    return cut if start < cut < end and len(text[start:cut].split()) >= MIN_WORDS else end


#: Verbs of taking part in an exchange, or of putting words out: with no clause of what was said, "testified
#: before the committee about the events" and "spoke to reporters" only say that someone spoke.
_EXCHANGE = frozenset(
    {"testify", "speak", "talk", "comment", "respond", "reply", "appear", "brief", "post", "tweet", "write"}
)


def tells_nothing(parse: Parse, start: int, end: int) -> bool:
    """Whether `start`..`end` names an exchange and nothing said in it: "Lavrov told [a news
    conference after meeting his counterpart]" names an audience, "[testified before the
    committee about the events]" a hearing; neither holds a clause of what was said."""
    span = parse.span(start, end)
    if span is None or not len(span):
        return False
    root = span.root
    if root.pos_ == "VERB" and root.lemma_.lower() in _EXCHANGE and root.i == span.start:
        # the stance is the verb and what it governs: nothing said unless a clause follows (these
        # verbs take no object of what is said; "side-by-side" parsed as one is not content)
        return not any(c.dep_ in CLAUSE_DEPS and c.i > root.i for c in root.children)
    cue = _cue_of(span)
    if cue is None or cue.lemma_.lower() != "tell":
        return False
    return not any(c.dep_ in CLAUSE_DEPS and c.i > cue.i for c in cue.children)


def only_asks(parse: Parse, start: int, end: int) -> bool:
    """Whether `start`..`end` is a question, not a stance: "asked whether the budget would cover
    the repairs" claims nothing (its complement is no claim), nor does "asked Farrow about the
    contracts". Asking someone to do something, or that something be done, is a demand: a stance."""
    span = parse.span(start, end)
    if span is None or not len(span):
        return False
    root = span.root
    if root.pos_ == "VERB" and root.lemma_.lower() == "ask" and root.i == span.start:
        return not any(_demand(c) for c in root.children)
    cue = _cue_of(span)
    if cue is None or cue.lemma_.lower() != "ask":
        return False
    return not any(_demand(c) for c in cue.children if c.i >= span.start)


def _demand(child) -> bool:
    """A complement of "ask" that asks for something: "to dismiss the case", "that the board wait"."""
    if child.dep_ == "xcomp":
        return True
    return child.dep_ == "ccomp" and not any(m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in child.children)


#: A passive cue with a "to" complement is hearsay about its subject, not the subject speaking:
#: "Pine was said to have run into issues", "she is reported to have resigned", "he was told to
#: leave". ("was quoted as saying" takes no "to" complement: the subject does speak there.)
_PASSIVE = frozenset({"auxpass", "nsubjpass", "aux:pass", "nsubj:pass"})


def gapped(parse: Parse, start: int, end: int) -> bool:
    """Whether `start`..`end` is a clause whose subject is the noun its cue describes: "attack code
    [he said] exploits the bug", "prices [it said] were a result of the deal": a finite verb with
    no subject of its own."""
    span = parse.span(start, end)
    if span is None or not len(span):
        return False
    root = span.root
    # (a finite verb: "exploits", "were"; not "to keep trying", nor an order, "stop the war")
    return (
        root.tag_ in ("VBZ", "VBD", "VBP")
        and root.dep_ != "conj"
        and not any(c.dep_ in SUBJECT_DEPS for c in root.children)
    )


def hearsay(parse: Parse, start: int, end: int) -> bool:
    """Whether `start`..`end` is what others say of the cue's subject: the cue is passive and
    `start`..`end` is its "to" complement."""
    span = parse.span(start, end)
    if span is None or not len(span):
        return False
    cue = _cue_of(span)
    return (
        cue is not None
        and any(c.dep_ in _PASSIVE for c in cue.children)
        and any(c.dep_ == "xcomp" and c.i >= span.start for c in cue.children)
    )


_LEADING_CONJUNCTION = re.compile(r"^(?:and|but|or|so)\s+(?=\S)")


def _where_it_is_said(parse: Parse, text: str, a) -> bool:
    """The cue's name is the object of a preposition ("Health authorities in China’s Inner Mongolia
    have confirmed"): where or for whom the speaker speaks, not the speaker."""
    said = text.find(a.stance[:30], a.start, a.end)  # the name the cue took comes before what was said
    for form in sorted({a.speaker.name, *a.speaker.aliases}, key=len, reverse=True):
        at = text.find(form, a.start, min(a.start + 80, said if said >= 0 else a.start))
        if at >= 0:
            span = parse.span(at, at + len(form))
            # (a body "for", "of" or "at" whom a spokesperson speaks is left to the patterns)
            return span is not None and len(span) > 0 and span.root.dep_ == "pobj" and span.root.head.lower_ == "in"
    return False


def refine(attributions, parse: Parse, text: str) -> list:
    """Reported stances re-cut at the parse's clause bounds; reported stances without a verb
    dropped. Quotations are the speaker's own words and stay as quoted."""
    kept = []
    for a in attributions:
        if a.direct and _where_it_is_said(parse, text, a):
            continue
        if a.quote is None:
            where = _located(text, a.stance, a.start, a.end)
            if where is not None and (cut := within_cue(parse, text, *where)) < where[1]:
                a.stance = " ".join(text[where[0] : cut].split())
                where = (where[0], cut)
            if where is not None:
                forms = {w for form in (a.speaker.name, *a.speaker.aliases) for w in form.split()}
                better = clause_of(parse, *where, forms, (a.start, a.end))
                if better:
                    a.stance = better
                    where = _located(text, better, a.start, a.end) or where
                if not has_verb(parse, text, *where) or tells_nothing(parse, *where):
                    continue  # "said Tuesday night in Columbia": when and where, not what
                if hearsay(parse, *where):
                    continue  # "Pine was said to have ...": others speak of Pine
                if gapped(parse, *where):
                    continue  # "attack code he said exploits the bug": what the code is, not a stance
                if only_asks(parse, *where):
                    continue  # "asked whether the budget would cover it": a question, not a claim
                # "responded [and confirmed that ...]": a stance does not open with a conjunction
                a.stance = _LEADING_CONJUNCTION.sub("", a.stance)
        kept.append(a)
    return kept
