"""Who said it: whether the article gives a position's words to its holder (citron's source
role, checked against the analysis's speakers, the sentence and the paragraphs before).

Each function reads the article through `c`, the checker of one draft (its text, its analysis,
the listed participants' names and the forms the article writes them in)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..models import Evidence
from .forms import paragraphs_around
from .names import key
from .verdict import Verdict

if TYPE_CHECKING:
    from .support import _Checker as Reading

#: How many paragraphs before and after a span a reader looks for its speaker's name when the
#: analysis found no speaker for it (a quotation that runs on, a reply that follows it).
PARAGRAPHS_AROUND = 2
_COMPANY_SUFFIXES = {"Co", "Corp", "Inc", "Ltd", "LLC", "Group", "Holdings", "Company", "Corporation"}
#: An analysed speaker counts against the holder only for the span it mostly shares with it.
OVERLAP_SHARE = 0.5
_PRONOUN_START = re.compile(r"^\W*(?:he|she|they|it|we|the\s+\w+)\b", re.I)


def speaks(c: Reading, owner: str, ev: Evidence) -> bool:
    """The analysis attributes these words to `owner` ("We have agreed ...," Big Machine said)."""
    return c.analysis is not None and any(
        a.start < ev.end and ev.start < a.end and same(c, a.speaker.name, owner) for a in c.analysis.attributions
    )


def named_near(c: Reading, owner: str, start: int, end: int) -> bool:
    """Named in these sentences, or in the sentence before when these start with a pronoun."""
    if c.forms.named_in(owner, c.text[start:end]):
        return True
    before = c.sentences.before(start)
    return (
        bool(before)
        and bool(_PRONOUN_START.match(c.text[start:end]))
        and c.forms.named_in(owner, c.text[before[0] : before[1]])
    )


def same(c: Reading, speaker: str, holder: str) -> bool:
    """Whether the analysis's name for a speaker is the holder: by the index, by a form of the
    holder the article uses, or by a shared surname ("Contreras Arroyo", "Lt Col Vindman")."""
    if c.names.resolve(speaker).name == holder or c.forms.named_in(holder, speaker):
        return True
    a, b = key(speaker).split(), key(holder).split()
    if a and b and (a[-1] == b[-1] or key(holder).startswith(key(speaker) + ".")):
        return True
    # "PG&E" for "Pacific Gas & Electric Co.": the initials, company suffixes aside
    letters = re.sub(r"[^A-Z]", "", speaker)
    initials = "".join(w[0] for w in holder.split() if w[0].isupper() and w.rstrip(".") not in _COMPANY_SUFFIXES)
    return len(letters) > 1 and letters == initials


def attribute(c: Reading, holder: str, ev: Evidence, verdict: Verdict) -> None:
    """Verified when the article's speaker for the span is the holder; or the holder is named
    in its sentence, or is the participant last named before it, and no other speaker is
    found at the words. Refused only when the article names another speaker at these very
    words (a direct cue, in the sentence) and the holder nowhere near them; any weaker sign
    against the holder is a doubt."""
    start, end = c.sentences.around(ev.start, ev.end)
    others = other_speakers(c, holder, ev, c.text[start:end])
    if others is None:
        return  # the article's speaker for this span is the holder
    named_here = named_near(c, holder, start, end)
    sure = [name for name, at_the_words in others if at_the_words]
    if sure and not named_here and c.english:
        verdict.refuse.append(f"the article attributes these words to {sure[0]}, not {holder}")
    elif sure or (others and not named_here):
        verdict.doubt.append(f"the article's rules credit these words to {(sure or [others[0][0]])[0]}")
    elif named_here:
        return
    elif last_named_before(c, start) == holder:
        return  # "he said", "the group warned": the participant the reader last met
    elif c.forms.named_in(holder, c.text[paragraphs_around(c.text, start, end, PARAGRAPHS_AROUND)]):
        verdict.doubt.append(f"{holder} is named near the words, not at them")
    else:
        verdict.doubt.append(f"no check could confirm that the article gives this to {holder}")


def other_speakers(c: Reading, holder: str, ev: Evidence, sentence: str) -> list[tuple[str, bool]] | None:
    """The speakers the analysis finds for most of this span who are not the holder, each
    with whether the article names them at the words; None when the holder is one."""
    others: list[tuple[str, bool]] = []
    for a in c.analysis.attributions if c.analysis is not None else ():
        overlap = min(a.end, ev.end) - max(a.start, ev.start)
        # a speaker of another clause of a long sentence is not the speaker of these words
        if overlap <= 0 or overlap < OVERLAP_SHARE * min(a.end - a.start, ev.end - ev.start):
            continue
        if same(c, a.speaker.name, holder):
            return None
        listed = c.names.resolve(a.speaker.name).name
        # a speaker the brief does not list, named by one word ("PR"), is the rules' guess,
        # not evidence against the holder
        if listed or (a.direct and " " in a.speaker.name):
            # at the words: a quotation the rules found at a cue, its speaker named in the
            # sentence itself (not reached through a pronoun or a paragraph before)
            at_the_words = (
                a.direct
                and a.quote is not None
                and (c.forms.named_in(listed, sentence) if listed else a.speaker.name in sentence)
            )
            others.append((listed or a.speaker.name, at_the_words))
    return others


def last_named_before(c: Reading, start: int) -> str | None:
    """The listed participant whose name ends nearest before `start`, within the paragraphs
    before it: the one a pronoun or "the company" opening these words most likely means."""
    window = paragraphs_around(c.text, start, start, PARAGRAPHS_AROUND)
    text, best, at = c.text[window.start : start], None, -1
    for name in c.names.names:
        for pattern in c.forms.patterns(name):
            for m in pattern.finditer(text):
                if m.end() > at:
                    best, at = name, m.end()
    return best
