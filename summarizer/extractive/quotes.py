"""Quote attribution: cue (said, told, according to...), content (the quoted or reported
clause) and source (the speaker), linked as in BBC's citron, with targeted coreference:
a pronoun resolves to one of the two persons mentioned just before it, preferring the one
who spoke last."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .candidates import (
    _LEADING_NAME,
    _MEMBERS,
    _NAME_PAIR,
    _NOMINAL,
    _OBJECT_OF,
    _OWNER,
    _PAIR_BEFORE,
    _PERSON_NOMINAL,
    _QUOTE,
    _REPORTER,
    _TITLE,
    INSERTED_ACCORDING,
    MAX_ROLE_CANDIDATES,
    _Candidate,
    _candidates,
)
from .entities import Entity, Registry
from .lexicon import PRONOUNS
from .sentences import sentence_spans

_POSSESSIVE_AFTER = re.compile(r"\b(his|him|her|hers)\b", re.I)
POSSESSIVE_WINDOW = 80  # how far after a description its pronoun may tell the person's gender


@dataclass
class Attribution:
    speaker: Entity
    stance: str
    quote: str | None
    start: int
    end: int  # evidence span
    #: The speaker is named at the cue itself ("Lavrov said"), not reached through a pronoun, a
    #: description or a neighbouring paragraph: the attributions the analysis is sure of.
    direct: bool = False


def _resolve(reg: Registry, who: str) -> Entity | None:
    if who.strip() in reg.not_speakers:
        return None  # "Supporters of Ivo Brandt said": not Brandt's words
    forms = [who]
    if who.endswith(".") and not who.endswith(("Jr.", "Sr.")):
        forms.append(who[:-1])  # '..., said U.S. Attorney Nealy Cox.': the full stop ends the sentence
    for form in forms:
        words = form.split()
        # "Foreign Minister Wang Yi", "Browns DL Sheldon Richardson": the registry knows the tail;
        # "The U.S." is the tail with its own full stop
        for i in range(len(words)):
            if (ent := reg.resolve(" ".join(words[i:]))) is not None:
                return ent
    return None


# "A spokeswoman for the Kestrel Union said": one whose work is to speak for a body; what
# they say is the body's (a professor at a university, a friend of a minister, speaks for no one)
_SPEAKS_FOR = re.compile(
    r"\b(?:spokes(?:man|woman|person|people|men|women)|representatives?|officials?)\s+(?:for|of|at)\s+(?:the\s+)?$",
    re.I,
)


# After a quotation, a cue whose speaker is a description the patterns do not resolve: "the
# patient wrote", "a witness said", "one resident told reporters" (but "the statement said" is
# the words of whoever issued it)
_UNNAMED_CUE = re.compile(
    r"[”\"’]?[\s,]*(?:the|a|an|one|another)\s+(?!(?:statement|release|letter|report|email|post|filing)\b)"
    r"(?:[\w-]+\s+){0,3}?(?:said|says|wrote|writes|added|told)\b"
)


def _named_here(reg: Registry, start: int, end: int) -> Entity | None:
    """The name the registry read where the cue's speaker ends, when it runs back past the words
    the cue took: "the Department of Energy announced" is the department, not whichever name also
    holds the word "Energy"."""
    for at, stop, ent in reversed(reg.mentions_between(max(0, start - 80), end)):
        if stop == end and at <= start:
            return ent
    return None


def _by_role(reg: Registry, who: str, at: int, quoted) -> Entity | None:
    """The person a role description names ("the Chinese president" is the one whose role is
    "Chinese President"), among the persons named before it; None when no role says so."""
    words = [w.lower() for w in who.split()[1:]]  # without "the"
    role_word = words[-1] if words else ""
    for ent in reg.before(at, plural=False, skip=quoted, count=MAX_ROLE_CANDIDATES):
        role = [w.rsplit("-", 1)[-1] for w in (ent.role or "").lower().split()]  # "co-founder" is a founder
        if role_word and role_word in role and all(w in role for w in words[:-1]):
            return ent
    return None


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding `at` starts: after the last ". " or line break before it."""
    stop = text.rfind(". ", 0, at)
    # (no full stop before it: the text's first sentence starts at 0, not at the second letter)
    return max(stop + 2 if stop >= 0 else 0, text.rfind("\n", 0, at) + 1)


def _sentence_subject(text: str, reg: Registry, at: int) -> Entity | None:
    """The entity named at the start of the sentence holding `at`, if any."""
    start = _sentence_start(text, at)
    m = _LEADING_NAME.match(text, start, at)
    if not m or m.end(1) >= at:
        return None
    return _resolve(reg, m.group(1))


def _previous_subject(text: str, reg: Registry, at: int) -> Entity | None:
    """The entity named at the start of the sentence before the one holding `at`, in the same
    paragraph: '"Young, in his testimony, criticized ... "...," he said' is Young's."""
    here = _sentence_start(text, at)
    paragraph = text.rfind("\n", 0, at) + 1
    if here <= paragraph:
        return None
    return _sentence_subject(text, reg, here - 2)


#: A sentence that opens on a thing, not a body or a person: "The lawsuit, filed on March 19 ..."
_THING_SUBJECT = re.compile(r"\s*[Tt]he\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*(?=[\s,])")


def _it_means_a_thing(text: str, at: int) -> bool:
    """Whether an "it" opening the sentence at `at` goes on from a thing the sentence before opened
    on: "The lawsuit ... accused Stephanopoulos. It said the statements ..." is the lawsuit's,
    not the court's named inside it."""
    # (the sentences of the paragraph so far, abbreviation-aware, "in U.S. District Court" goes on;
    # read back a bounded way, so a long paragraph of "It said" is not re-read for each one)
    paragraph = max(text.rfind("\n", 0, at) + 1, at - 600)
    before = list(sentence_spans(text[paragraph : at + 1]))
    if len(before) < 2 or paragraph + before[-1][0] != at:
        return False
    m = _THING_SUBJECT.match(text, paragraph + before[-2][0], at)
    return m is not None and re.fullmatch(_NOMINAL, m.group(0).strip()) is None


#: The words between a speaker and the one they address: " told ", " has since informed ".
_TO_WHOM = re.compile(r"\s+(?:\w+\s+){0,2}?(?:told|tells|informed|informs|warned|warns|assured|assures|notified)\s+$")


def _addressed(text: str, reg: Registry, c: _Candidate, ent: Entity) -> bool:
    """Whether `ent` is whom the candidate's speaker addresses: "The panel told Kanto Steel"."""
    after = c.who_at + len(c.who)
    return any(
        e is ent and _TO_WHOM.fullmatch(text, after, start) for start, _, e in reg.mentions_between(after, after + 60)
    )


def _closing_subject(text: str, reg: Registry, paragraph: int) -> Entity | None:
    """The entity named at the start of the last sentence of the paragraph before `paragraph`."""
    end = paragraph
    while end > 0 and text[end - 1].isspace():  # (walked back, not sliced: no copy of the text)
        end -= 1
    return _sentence_subject(text, reg, end - 1) if end > 0 else None


def _colon_speaker(text: str, reg: Registry, at: int) -> Entity | None:
    """The person whose sentence introduces the quotation at `at` with a colon: 'Buckley, who
    phoned in from the set, had a similar experience: "It was ..."' is Buckley's."""
    lead = text[max(0, at - 300) : at]
    lead = lead[lead.rfind("\n") + 1 :]  # within the quotation's paragraph
    if not lead.rstrip().endswith(":"):
        return None
    spans = list(sentence_spans(lead))  # the sentence that ends in the colon ("Mr." ends none)
    start = at - len(lead) + (spans[-1][0] if spans else 0)
    sentence = text[start:at]
    if any(not _TITLE.fullmatch(next(g for g in q.groups() if g).strip(" ,")) for q in _QUOTE.finditer(sentence)):
        return None  # someone's words stand between the name and the colon (a work's name may)
    m = _LEADING_NAME.match(text, start, at)
    ent = _resolve(reg, m.group(1)) if m else None
    return ent if ent is not None and ent.kind == "person" else None


def _person_after(reg: Registry, start: int, stop: int) -> tuple[Entity, int] | None:
    return next(((ent, end) for _, end, ent in reg.mentions_between(start, stop) if ent.kind == "person"), None)


def _pair_before(text: str, reg: Registry, at: int) -> list[Entity]:
    """Persons named as 'X and Y' in the sentence before `at` (what a bare 'they' points to)."""
    prev_end = len(text[:at].rstrip())
    prev_start = _sentence_start(text, prev_end - 1)
    m = _NAME_PAIR.search(text, prev_start, prev_end)
    if not m:
        return []
    people = [_resolve(reg, m.group(1).rstrip(".,")), _resolve(reg, m.group(2).rstrip(".,"))]
    if all(p is not None and p.kind == "person" for p in people):
        return people
    return []


def _previous_paragraph(text: str, start: int) -> int:
    """Where the non-empty paragraph before the one starting at `start` starts (-1 if none)."""
    end = len(text[:start].rstrip())
    return text.rfind("\n", 0, end) + 1 if end > 0 else -1


def find_attributions(text: str, reg: Registry, *, english: bool = True) -> list[Attribution]:
    found: list[Attribution] = []
    last_speaker: Entity | None = None
    by_paragraph: dict[int, list[tuple[int, Entity]]] = {}  # (where, speaker) in text order
    orphans: list[_Candidate] = []
    quoted = [m.span() for m in _QUOTE.finditer(text)]
    for c in _candidates(text):
        if c.who is None:
            orphans.append(c)
            continue
        if re.fullmatch(_NOMINAL, c.who) and (outer := _REPORTER.search(text, max(0, c.who_at - 80), c.who_at)):
            # "Urso said the government wanted Stellantis to pledge '...'": the body inside a
            # reported clause is what the named speaker says of it; the stance is the speaker's
            if _resolve(reg, outer.group("who")) is not None:
                c.stance, c.who, c.who_at = f"{c.who} {c.stance}", outer.group("who"), outer.start("who")
        if _OWNER.match(text, c.who_at + len(c.who)):
            continue  # "Austria's interior minister said": the country owns the speaker, it does not speak
        inserted = INSERTED_ACCORDING.search(text, max(0, c.who_at - 30), c.who_at) and text.startswith(
            ",", c.who_at + len(c.who)
        )
        speaks_for = _SPEAKS_FOR.search(text, max(0, c.who_at - 30), c.who_at)
        if _OBJECT_OF.search(text, max(0, c.who_at - 30), c.who_at) and not (inserted or speaks_for):
            continue  # "China's ambassador to Britain accused": Britain is where the speaker serves
        written = text[max(0, c.who_at - 60) : c.who_at + len(c.who)]
        if any(written.endswith(group) for group in reg.not_speakers):
            continue  # "Supporters of the Kestrel Union said": a group around the name speaks
        if re.fullmatch(_MEMBERS, c.who):
            noun = c.who.split()[-1].lower().removesuffix("s")
            group = next((e for e in reg.entities if noun in e.name.lower() and e.kind != "person"), None)
            if group is not None:
                last_speaker = group
                found.append(Attribution(group, c.stance, c.quote, c.start, c.end))
            continue
        if c.who == "It" and _it_means_a_thing(text, c.who_at):
            continue
        person_nominal = re.fullmatch(_PERSON_NOMINAL, c.who) is not None and reg.resolve(c.who.split()[-1]) is None
        if c.who.lower() in PRONOUNS or re.fullmatch(_NOMINAL, c.who) or person_nominal:
            pronoun = c.who.lower() if c.who.lower() in PRONOUNS else ("he/she" if person_nominal else "it")
            gender = {"he": "m", "she": "f"}.get(pronoun)
            if person_nominal:  # "The Wikileaks founder always argued that his fear ...": his
                own = _POSSESSIVE_AFTER.search(text, c.who_at, c.who_at + POSSESSIVE_WINDOW)
                gender = {"his": "m", "him": "m", "her": "f", "hers": "f"}.get(own.group(1).lower()) if own else None
            recent = reg.before(c.who_at, plural=pronoun in ("they", "it"), gender=gender, skip=quoted, count=3)
            subject = _sentence_subject(text, reg, c.who_at)
            titled = _by_role(reg, c.who, c.who_at, quoted) if person_nominal else None
            if titled is not None:
                speaker = titled  # "the Chinese president said": the person whose role that is
            elif subject is not None and subject in recent:
                speaker = subject  # "Carlineo was arrested for a call in which he said ..."
            elif (before := _previous_subject(text, reg, c.who_at)) is not None and before in recent:
                speaker = before  # "Young, in his testimony, criticized ... '...,' he said"
            elif (
                c.quote
                and c.start == c.paragraph
                and gender
                and (closing := _closing_subject(text, reg, c.paragraph)) is not None
                and closing in recent
                and closing.kind == "person"
            ):
                # "Locksley had barely heard of them. / '...,' he said": a paragraph that opens
                # with a quotation goes on from the person the paragraph before ended on
                speaker = closing
            else:
                speaker = last_speaker if last_speaker in recent else (recent[0] if recent else None)
            if speaker is not None and _addressed(text, reg, c, speaker):
                # "The panel told Kanto Steel that ...": whom it told is not who "the panel" is
                speaker = next((r for r in recent if r is not speaker), None)
            if speaker is not None and gender:
                reg.learn_gender(speaker, gender)  # "Brandt ... He added": Brandt is male from now on
        else:
            speaker = _resolve(reg, c.who)
            if speaker is not None or not text.startswith(",", c.who_at + len(c.who)):
                # (a name before an appositive, "president of Chapter & Verse, a ... agency,
                # said", is left to the parse)
                speaker = _named_here(reg, c.who_at, c.who_at + len(c.who)) or speaker
            joined = _PAIR_BEFORE.search(text, max(0, c.who_at - 60), c.who_at)
            first = _resolve(reg, joined.group("first")) if joined else None
            if first is not None and speaker is not None and first is not speaker:
                found.append(Attribution(first, c.stance, c.quote, c.start, c.end))
        pair = _pair_before(text, reg, c.who_at) if c.who.lower() == "they" else []
        if pair:
            # "... Elizabeth Warren and Alexandria Ocasio-Cortez. They criticised ...": both speak.
            found += [Attribution(person, c.stance, c.quote, c.start, c.end) for person in pair]
            continue
        if speaker is None:
            continue
        last_speaker = speaker
        by_paragraph.setdefault(c.paragraph, []).append((c.start, speaker))
        direct = not (c.who.lower() in PRONOUNS or re.fullmatch(_NOMINAL, c.who) or person_nominal)
        found.append(Attribution(speaker, c.stance, c.quote, c.start, c.end, direct=direct))
    # A quotation with no cue of its own continues its paragraph's attributed speaker.
    last_in: dict[int, Entity] = {}  # each paragraph's last speaker
    for a in sorted(found, key=lambda a: a.start):
        last_in[text.rfind("\n", 0, a.start) + 1] = a.speaker
    for c in orphans:
        if english and _UNNAMED_CUE.match(text, c.end):
            continue  # "“...,” the patient wrote": someone the article does not name speaks
        before = _previous_paragraph(text, c.paragraph)
        if c.quote and english and (introducer := _colon_speaker(text, reg, c.start)) is not None:
            found.append(Attribution(introducer, c.stance, c.quote, c.start, c.end))
        elif c.paragraph in by_paragraph and c.quote and len(c.quote.split()) >= 4:
            # the speaker the paragraph last named before it, else its first one
            spoken = by_paragraph[c.paragraph]
            speaker = next((who for at, who in reversed(spoken) if at < c.start), spoken[0][1])
            found.append(Attribution(speaker, c.stance, c.quote, c.start, c.end))
        elif c.quote and c.start == c.paragraph and before in last_in and len(c.quote.split()) >= 4:
            # a paragraph that is only a quotation, after one whose speaker is known, goes on
            # in that speaker's voice (news style for a quotation over several paragraphs)
            found.append(Attribution(last_in[before], c.stance, c.quote, c.start, c.end))
        elif not english and c.quote:
            # The cue words are English; what holds in any language is a name right after the quote.
            near = _person_after(reg, c.end, c.end + 60)
            if near is not None:
                found.append(Attribution(near[0], c.stance, c.quote, c.start, near[1]))
    return sorted(found, key=lambda a: a.start)
