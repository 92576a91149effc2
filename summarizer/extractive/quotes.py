"""Quote attribution: cue (said, told, according to...), content (the quoted or reported
clause) and source (the speaker), linked as in BBC's citron, with targeted coreference:
a pronoun resolves to one of the two persons mentioned just before it, preferring the one
who spoke last."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .entities import Entity, Registry
from .lexicon import CUE_VERBS, PRONOUNS
from .mentions import BODY_NOUNS

_CUE = r"(?:" + "|".join(CUE_VERBS) + r")"
#: The longest reported clause read after a cue (bounded so a paragraph with no full stop is
#: not re-read from every cue).
MAX_CLAUSE_CHARS = 1_000
# A name is at most MAX_NAME_TOKENS words: unbounded, "Mr. Mr. Mr. ..." would be re-read from
# every capital letter (quadratic time on hostile text).
MAX_NAME_TOKENS = 8
_NAME = rf"[A-Z][\w'’.-]{{0,40}}(?:[ \t]+(?:[A-Z][\w'’.-]{{0,40}}|de|van|von|bin|al)){{0,{MAX_NAME_TOKENS - 1}}}"
# "the company said": a nominal reference resolves like "it", to the organization just named
_NOMINAL = (
    r"[Tt]he\s+(?:company|firm|agency|group|league|club|team|government|ministry|department|bank|union|party"
    r"|label|network|organi[sz]ation|startup|retailer|carrier|airline|automaker|publisher|council|committee"
    r"|utility|brokerage|regulator|commission|authority|charity|foundation|institute|university|court"
    r"|administration|embassy|office|campaign|coalition|alliance|board|panel|watchdog|giant|lender|insurer"
    # a spokesperson speaks for the body just named, not for themself
    r"|(?:\w+\s+)?(?:spokesman|spokeswoman|spokesperson))"
)
# "the 56-year-old said", "the Portuguese boss added": a description resolves like "he"/"she",
# to the person just named
_PERSON_NOMINAL = (
    r"[Tt]he\s+(?:[\w-]+\s+){0,2}?(?:\d+-year-old|boss|coach|manager|president|minister|senator|lawmaker"
    r"|official|executive|player|striker|forward|defender|quarterback"
    r"|veteran|actor|actress|singer|star|chairman|chairwoman|leader|ambassador|envoy|analyst|economist"
    r"|founder|prosecutor|judge|governor|mayor|diplomat|general|candidate|investor|owner)"
)
# "the US military said", "the Afghan government has ruled out": a body named by owner and noun
_BODY_SPEAKER = (
    rf"{_NAME}[ \t]+(?:(?:foreign|defen[cs]e|interior|health|finance|justice|state|federal)[ \t]+)?(?:{BODY_NOUNS})"
)
# Members speak for the group named after them: "the doctors said" is "Doctors for Camp Closure"
_MEMBERS = (
    r"[Tt]he\s+(?:doctors|physicians|nurses|lawyers|activists|organizers|researchers|scientists|teachers|workers)"
)
_SPEAKER = rf"(?P<who>{_NOMINAL}|{_MEMBERS}|{_PERSON_NOMINAL}|{_BODY_SPEAKER}|{_NAME}|[Hh]e|[Ss]he|[Tt]hey|[Ii]t)"
# An appositive between a speaker and the cue: no comma, quote or sentence end inside it
_APPOS = r"(?:(?![.!?]\s)[^,\"“”\n]){1,80}"
# Lowercase words that may stand before a speaker's name: "company CEO Andy Vesey said"
_LOWER_PREFIX = r"(?:(?:[a-z][\w’'-]*|\d[\w-]*)[ \t]+){0,3}?"
# Adverbs and auxiliaries between a speaker and the cue: "has always denied", "had said"
_AUX = r"(?:(?:also|has|have|had|later|previously|repeatedly|always|publicly|once|then|reportedly|earlier|again|is|are|was|were|would)\s+){0,3}"
# Quotations: curly, straight, or mixed (“...," as careless copy has it), German and French.
_QUOTE = re.compile(
    # (an opening mark ends the search for the previous one's close: an unclosed mark is read once,
    # not to the end of the text from every later mark)
    r"“([^”“]{3,}?)”|[“\"]([^“”\"\n]{3,}?)[”\"]|„([^„“”\n]{3,}?)[“”]|«\s?([^»«\n]{3,}?)\s?»"
    # a quotation that runs on into the next paragraph is closed only there: it ends with its own
    r"|[“\"]([^“”\"\n]{3,})(?=\n)"
)

# After a quotation: ', Lavrov said' / ', he added' / ', said Xi' / 'Wang maintained'.
_AFTER = [
    re.compile(rf"^[\s,]*{_LOWER_PREFIX}{_SPEAKER}(?:,{_APPOS},)?\s+{_AUX}(?:{_CUE}|was\s+quoted\s+as\s+saying)\b"),
    re.compile(rf"^[\s,]*{_CUE}\s+(?P<who>{_NAME})"),
]
# Before a quotation: 'Lavrov said Beijing ... agreed to "' / 'he condemned "'.
_BEFORE = re.compile(rf"(?<![\w’'.&-]){_SPEAKER}(?:,(?P<appos>{_APPOS}),)?\s+{_AUX}(?P<cue>{_CUE})\b[^\"“”.]{{0,120}}$")
_LEAD = re.compile(r"^\s*(?:that\s+)?")
# Reported speech: 'Lavrov alleged that the West is seeking ...'.
# Whom a speaker "told": a name or a plain noun, skipped so the stance starts at "that".
_ADDRESSEE = (
    r"(?:(?<=told\s)(?:the\s+)?(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}|reporters|journalists|lawmakers"
    r"|police|investigators|officials|supporters|members|[a-z]+)\s+(?=(?:on\s+\w+\s+)?(?:in\s+\w+\s+\w+\s+)?that\b))?"
)
_SOURCE_TAIL = re.compile(r",\s+(?:according\s+to|as\s+reported\s+by|citing)\s+.*$")
_REPORTED = re.compile(
    rf"(?<![\w’'.&-]){_SPEAKER}(?:,(?P<appos>{_APPOS}),)?\s+{_AUX}"
    rf"(?P<cue>{_CUE})[ \t]+{_ADDRESSEE}(?:on\s+\w+\s+)?(?:in\s+(?:a|an|the)\s+(?:\w+\s+)?(?:statement|interview|letter|post|release|filing|email|tweet)\s+)?(?:that\s+)?(?P<content>[^\"“”\n]{{12,{MAX_CLAUSE_CHARS}}}?(?:[.!?](?=\s|$)|(?=\s[\"“])))"
)
# 'China, Xi said, always attaches ...' and '..., according to Xi.'
_INSERTED = re.compile(rf",\s+(?P<who>{_NAME}|he|she)\s+(?:{_CUE}),\s+")
_ACCORDING = re.compile(rf",\s+according\s+to\s+(?P<who>{_NAME})")
_TRAILING = re.compile(
    rf",\s+(?:the\s+)?(?P<who>{_NOMINAL}|{_BODY_SPEAKER}|{_NAME}|he|she|they|it)\s+(?P<cue>said|says|added|stated|noted|told\s+\w+)"
    rf"(?:\s+(?:in|on|at|during|to)\s+[^.,\"“”\n]{{1,40}})?(?=[.!?](?:\s|$))"
)
# "..., said Mark Quinlan, the utility's director." / "..., said Amnesty International on Tuesday.":
# the inverted cue closes a reported clause; the name may carry a time and an appositive
_INVERTED = re.compile(
    rf",\s+(?:{_CUE})\s+(?P<who>{_NAME})(?:\s+(?:on|in|at|during)\s+[^.,\"“”\n]{{1,30}})?"
    rf"(?:,\s+[^.\"“”\n]{{1,150}}?)?(?=[.!?](?:\s|$))"
)
# "The White House called the process a sham.": calling something a name is a stance
_CALLED = re.compile(
    rf"(?<![\w’'.&-]){_SPEAKER}\s+{_AUX}called\s+(?P<content>(?:the|this|that|his|her|their|its|it|them|him)\b"
    rf"[^.\"“”\n]{{3,120}}?\s+(?:a|an)\s+[^.\"“”\n]{{3,80}}?)(?=[.!?](?:\s|$))"
)
_OWNER = re.compile(r"['’]s\s+[a-z]")
_NAME_ONLY = re.compile(rf"\s*{_NAME}\s*")
_LEADING_NAME = re.compile(rf"\s*(?:The\s+)?({_NAME})")
_NAME_PAIR = re.compile(rf"({_NAME})\s+and\s+(?:[a-z]+\s+)?({_NAME})")
# "Volker and Morrison said": the first of two joined speakers
_PAIR_BEFORE = re.compile(rf"(?P<first>{_NAME})\s+and\s+$")
_CLAUSE_BEFORE = re.compile(r"[^.\"“”\n]{20,}$")


# A short prepositional phrase after the cue says where or when, not what
_CIRCUMSTANCE = re.compile(r"(?:in|on|at|to|during|after|before|for|with|from|by)\s+(?:\S+\s+){0,3}\S+$", re.I)
_SENTENCE_PRONOUNS = {"He", "She", "They", "It"}


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


@dataclass
class _Candidate:
    who: str | None  # None: a quotation with no cue of its own
    who_at: int
    stance: str
    quote: str | None
    start: int
    end: int
    paragraph: int


def _subject(m: re.Match, offset: int) -> tuple[str, int]:
    """The speaker of 'X, APPOSITIVE, said': the appositive when it is itself a name
    ("The company that runs the AMAs, Dick Clark Productions, denies")."""
    appos = m.groupdict().get("appos")
    if appos and _NAME_ONLY.fullmatch(appos):
        return appos.strip(), offset + m.start("appos") + len(appos) - len(appos.lstrip())
    return m.group("who"), offset + m.start("who")


class _Spans:
    """Non-overlapping spans already claimed by a candidate, kept sorted so each check is a
    binary search, not a scan of every earlier candidate."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self.starts, start)
        if k > 0 and self.ends[k - 1] > start:  # the span starting before overlaps
            return False
        return not (k < len(self.starts) and self.starts[k] < end)

    def add(self, span: tuple[int, int]) -> None:
        start, end = span
        k = bisect.bisect_right(self.starts, start)
        if k > 0 and self.ends[k - 1] >= start:  # merge with what it touches: the union is what counts
            k -= 1
            start = self.starts[k]
        j = k
        while j < len(self.starts) and self.starts[j] <= end:
            end = max(end, self.ends[j])
            j += 1
        self.starts[k:j] = [start]
        self.ends[k:j] = [end]


def _last_match(pattern: re.Pattern, text: str) -> re.Match | None:
    """The match whose cue is nearest the end ("That said, the DEA says that ... \"" is the
    DEA's), with the longest speaker before that cue ("U.S. Attorney James Kennedy Jr.", not "Jr.")."""
    best, pos = None, 0
    while (m := pattern.search(text, pos)) is not None:
        if best is None or m.start("cue") > best.start("cue"):
            best = m
        pos = m.start() + 1
    return best


def _paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    covered = _Spans()
    free = covered.free

    for m in _QUOTE.finditer(text):
        qs, qe = m.span()
        if found and found[-1].start <= qs < found[-1].end:
            continue  # already inside the previous quotation's reported clause
        content = next(g for g in m.groups() if g)
        ps, pe = _paragraph_bounds(text, qs)
        cand = _Candidate(None, qs, content.strip(" ,."), content.strip(" ,"), qs, qe, ps)
        for pat in _AFTER:
            a = pat.match(text[qe:pe])
            if a and content.rstrip().endswith((".", "!", "?")) and a.group("who") in _SENTENCE_PRONOUNS:
                continue  # '“... lives.” She said residents ...': a new sentence, not this quote's cue
            if a:
                cand.who, cand.who_at, cand.end = a.group("who"), qe + a.start("who"), qe + a.end()
                break
        else:
            window = max(ps, qs - 200)
            b = _last_match(_BEFORE, text[window:qs])
            if b:
                who, at = _subject(b, window)
                cand.who, cand.who_at, cand.start = who, at, window + b.start()
                lead = _LEAD.sub("", text[window + b.end("cue") : qs])
                if len(lead.split()) >= 2 and not lead.rstrip().endswith((":", ",")):
                    # 'Abe said the deal showed "the unwavering political will" of both sides to
                    # lead': the stance is the whole reported clause, the quote its quoted words
                    stop = re.search(r"[.!?](?=[\"”’]?\s|[\"”’]?$)", text[qe:pe])
                    if content.rstrip().endswith((".", "!", "?")):
                        cand.end = qe  # the quotation ends the sentence itself
                    else:
                        cand.end = qe + stop.end() if stop else pe
                    clause = re.sub(r"[\"“”]", "", lead + text[qs : cand.end])
                    cand.stance = " ".join(clause.split()).strip(" .,")
        found.append(cand)
        covered.add((cand.start, cand.end))

    # "..., the Commission said in a statement.": the clause before the cue is the stance
    for m in _TRAILING.finditer(text):
        ps, _ = _paragraph_bounds(text, m.start())
        clause = _CLAUSE_BEFORE.search(text, max(ps, m.start() - 400), m.start())
        if clause is None or not free(clause.start(), m.end()):
            continue
        found.append(
            _Candidate(
                m.group("who"),
                m.start("who"),
                " ".join(clause.group(0).split()).strip(" ."),
                None,
                clause.start(),
                m.end(),
                ps,
            )
        )
        covered.add((clause.start(), m.end()))

    for m in _REPORTED.finditer(text):
        if free(m.start("content"), m.end("content")):
            ps, _ = _paragraph_bounds(text, m.start())
            who, at = _subject(m, 0)
            stance = _SOURCE_TAIL.sub("", m.group("content")).strip(" .")  # the source is an outlet, not a stance
            if _CIRCUMSTANCE.match(stance):
                continue  # "she wrote in her letter.": a circumstance, not what was said
            found.append(_Candidate(who, at, stance, None, m.start(), m.end(), ps))
            covered.add(m.span())
    for m in _CALLED.finditer(text):
        if free(m.start("content"), m.end("content")):
            ps, _ = _paragraph_bounds(text, m.start())
            found.append(_Candidate(m.group("who"), m.start("who"), m.group("content"), None, m.start(), m.end(), ps))
            covered.add(m.span())
    for pat in (_INSERTED, _ACCORDING, _INVERTED):
        for m in pat.finditer(text):
            ps, pe = _paragraph_bounds(text, m.start())
            sent_end = text.find(".", m.end(), pe)
            end = pe if sent_end < 0 else sent_end + 1
            if pat is _INSERTED:
                start, stance = ps, text[ps : m.start()] + " " + text[m.end() : end]
            elif pat is _INVERTED:
                clause = _CLAUSE_BEFORE.search(text, max(ps, m.start() - 400), m.start())
                if clause is None:
                    continue
                start, end, stance = clause.start(), m.end(), clause.group(0)
            else:
                # the clause before ", according to X" (found from the cue, not by scanning)
                clause = _CLAUSE_BEFORE.search(text, max(ps, m.start() - 400), m.start())
                if clause is None:
                    continue
                start, stance = clause.start(), clause.group(0)
            if not free(start, end):
                continue
            found.append(
                _Candidate(m.group("who"), m.start("who"), " ".join(stance.split()).strip(" ."), None, start, end, ps)
            )
            covered.add((start, end))
    return sorted(found, key=lambda c: c.who_at)


def _resolve(reg: Registry, who: str) -> Entity | None:
    ent = reg.resolve(who)
    words = who.split()
    # "Foreign Minister Wang Yi", "Browns DL Sheldon Richardson": the registry knows the tail
    for i in range(1, len(words)):
        if ent is not None:
            break
        ent = reg.resolve(" ".join(words[i:]))
    return ent


def _sentence_subject(text: str, reg: Registry, at: int) -> Entity | None:
    """The entity named at the start of the sentence holding `at`, if any."""
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1, 0)
    m = _LEADING_NAME.match(text, start, at)
    if not m or m.end(1) >= at:
        return None
    return _resolve(reg, m.group(1))


def _person_after(reg: Registry, start: int, stop: int) -> tuple[Entity, int] | None:
    return next(((ent, end) for _, end, ent in reg.mentions_between(start, stop) if ent.kind == "person"), None)


def _pair_before(text: str, reg: Registry, at: int) -> list[Entity]:
    """Persons named as 'X and Y' in the sentence before `at` (what a bare 'they' points to)."""
    prev_end = len(text[:at].rstrip())
    prev_start = max(text.rfind(". ", 0, prev_end - 1) + 2, text.rfind("\n", 0, prev_end) + 1)
    m = _NAME_PAIR.search(text, prev_start, prev_end)
    if not m:
        return []
    people = [_resolve(reg, m.group(1).rstrip(".,")), _resolve(reg, m.group(2).rstrip(".,"))]
    if all(p is not None and p.kind == "person" for p in people):
        return people
    return []


def find_attributions(text: str, reg: Registry, *, english: bool = True) -> list[Attribution]:
    found: list[Attribution] = []
    last_speaker: Entity | None = None
    by_paragraph: dict[int, Entity] = {}
    orphans: list[_Candidate] = []
    quoted = [m.span() for m in _QUOTE.finditer(text)]
    for c in _candidates(text):
        if c.who is None:
            orphans.append(c)
            continue
        if _OWNER.match(text, c.who_at + len(c.who)):
            continue  # "Austria's interior minister said": the country owns the speaker, it does not speak
        if re.fullmatch(_MEMBERS, c.who):
            noun = c.who.split()[-1].lower().removesuffix("s")
            group = next((e for e in reg.entities if noun in e.name.lower() and e.kind != "person"), None)
            if group is not None:
                last_speaker = group
                found.append(Attribution(group, c.stance, c.quote, c.start, c.end))
            continue
        person_nominal = re.fullmatch(_PERSON_NOMINAL, c.who) is not None and reg.resolve(c.who.split()[-1]) is None
        if c.who.lower() in PRONOUNS or re.fullmatch(_NOMINAL, c.who) or person_nominal:
            pronoun = c.who.lower() if c.who.lower() in PRONOUNS else ("he/she" if person_nominal else "it")
            gender = {"he": "m", "she": "f"}.get(pronoun)
            recent = reg.before(c.who_at, plural=pronoun in ("they", "it"), gender=gender, skip=quoted, count=3)
            subject = _sentence_subject(text, reg, c.who_at)
            if subject is not None and subject in recent:
                speaker = subject  # "Carlineo was arrested for a call in which he said ..."
            else:
                speaker = last_speaker if last_speaker in recent else (recent[0] if recent else None)
            if speaker is not None and gender:
                reg.learn_gender(speaker, gender)  # "Brandt ... He added": Brandt is male from now on
        else:
            speaker = _resolve(reg, c.who)
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
        by_paragraph.setdefault(c.paragraph, speaker)
        direct = not (c.who.lower() in PRONOUNS or re.fullmatch(_NOMINAL, c.who) or person_nominal)
        found.append(Attribution(speaker, c.stance, c.quote, c.start, c.end, direct=direct))
    # A quotation with no cue of its own continues its paragraph's attributed speaker.
    for c in orphans:
        if c.paragraph in by_paragraph and c.quote and len(c.quote.split()) >= 4:
            found.append(Attribution(by_paragraph[c.paragraph], c.stance, c.quote, c.start, c.end))
        elif not english and c.quote:
            # The cue words are English; what holds in any language is a name right after the quote.
            near = _person_after(reg, c.end, c.end + 60)
            if near is not None:
                found.append(Attribution(near[0], c.stance, c.quote, c.start, near[1]))
    return sorted(found, key=lambda a: a.start)
