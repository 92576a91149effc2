"""Where an article quotes or reports someone: the cue (said, told, according to...), the content
(the quotation or the reported clause) and the words the cue names as its source, found by
patterns over the whole text. `quotes.py` resolves those words to an entity."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..words import CREDIT
from . import stance_shapes as shape
from .clauses import KEEPS_VERB
from .lexicon import CUE_AS_ACTION, CUE_VERBS
from .mentions import BODY_NOUNS
from .sentences import ABBREVIATED, CLAUSE_STOP, INNER_STOP, sentence_spans
from .spans import Spans, paragraph_index


def _cue(verb: str) -> str:
    after = CUE_AS_ACTION.get(verb)
    return rf"{verb}(?!\s+(?:{'|'.join(after)})\s)" if after else verb


def _keeps_verb(cue: str) -> bool:
    """Whether a cue as written is a stance verb of its own ("denied", "urges", "rejects")."""
    w = cue.lower()
    return bool({w, w[:-1], w[:-2], w[:-3] + "y"} & KEEPS_VERB)


_CUE = r"(?:" + "|".join(map(_cue, CUE_VERBS)) + r")"
#: The longest reported clause read after a cue (bounded so a paragraph with no full stop is
#: not re-read from every cue).
MAX_CLAUSE_CHARS = 1_000
# A name is at most MAX_NAME_TOKENS words: unbounded, "Mr. Mr. Mr. ..." would be re-read from
# every capital letter (quadratic time on hostile text).
MAX_NAME_TOKENS = 8
# (an Arabic name's article is lowercase inside it: "Khaled Battal al-Najm")
_ARTICLE_NAME = r"(?:al|el|ad|ash|as|az)-[A-Z][\w'’-]{0,40}"
_NAME = (
    rf"[A-Z][\w'’.-]{{0,40}}(?:[ \t]+(?:[A-Z][\w'’.-]{{0,40}}|de|van|von|bin|al|{_ARTICLE_NAME}))"
    rf"{{0,{MAX_NAME_TOKENS - 1}}}"
)
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
# An appositive between a speaker and the cue: no quote or sentence end inside it, and a comma only
# before a capitalized word, the comma inside a place's or a body's name ("a lawyer in Austin,
# Texas", "at Kestrel Defense, Space, and Security")
_APPOS = r"(?:(?![.!?]\s)(?:[^,\"“”\n]|,(?=[ \t]+(?:and[ \t]+)?[A-Z]))){1,120}"
# Lowercase words that may stand before a speaker's name: "company CEO Andy Vesey said"
_LOWER_PREFIX = r"(?:(?:[a-z][\w’'-]*|\d[\w-]*)[ \t]+){0,3}?"
# Adverbs and auxiliaries between a speaker and the cue: "has always denied", "had said"
_AUX = (
    r"(?:(?:also|has|have|had|later|previously|repeatedly|always|publicly|once|then|reportedly|earlier|again"
    r"|is|are|was|were|would)\s+){0,3}"
)
# Quotations: curly, straight, or mixed (“...," as careless copy has it), German and French.
_QUOTE = re.compile(
    # (an opening mark ends the search for the previous one's close: an unclosed mark is read once,
    # not to the end of the text from every later mark)
    r"“([^”“]{3,}?)”|[“\"]([^“”\"\n]{3,}?)[”\"]"
    r"|„([^„“”\n]{3,}?)[“”]|«\s?([^»«\n]{3,}?)\s?»"
    # a quotation that runs on into the next paragraph is closed only there: it ends with its own
    r"|[“\"]([^“”\"\n]{3,})(?=\n)"
)

# A body and a role in front of a name: "Pentagon spokesman [Sam Reyes]", "NASA administrator [Jim
# Bridenstine]", "Apple's chief executive [Tim Cook]". The speaker is the person; the body is
# whom they speak for. (Not "Amnesty International on Tuesday": no preposition or verb is a role.)
_NOT_ROLE_WORD = (
    r"(?:on|in|at|during|to|for|with|from|by|and|or|but|the|a|an|of|who|which|that|is|was|has|had|have"
    r"|said|says|told|added|reported|would|will)\b"
)
_BODY_ROLE = rf"(?:{_NAME}(?:['’]s)?[ \t]+(?:(?!{_NOT_ROLE_WORD})[a-z][\w-]*[ \t]+){{1,3}})?"
# After a quotation: ', Lavrov said' / ', he added' / ', said Xi' / 'Wang maintained'.
_AFTER = [
    re.compile(
        rf"^[\s,]*{_LOWER_PREFIX}{_BODY_ROLE}{_SPEAKER}(?:,{_APPOS},)?\s+{_AUX}(?:{_CUE}|was\s+quoted\s+as\s+saying)\b"
    ),
    # (a title in lower case before the name: ', said chief inspector Jennifer Mattinson from ...')
    re.compile(rf"^[\s,]*{_CUE}\s+{_BODY_ROLE}(?:(?!{_NOT_ROLE_WORD})[a-z][\w-]*[ \t]+){{0,2}}(?P<who>{_NAME})"),
]
# Before a quotation: 'Lavrov said Beijing ... agreed to "' / 'he condemned "'.
_BEFORE = re.compile(
    # (a possessive is no speaker: "denied Rask’s claims, saying")
    rf"(?<![\w’'.&-]){_SPEAKER}(?<![’']s)(?:,(?P<appos>{_APPOS}),)?\s+{_AUX}"
    rf"(?P<cue>{_CUE})\b(?:[^\"“”.]|{ABBREVIATED}\.){{0,120}}$"
)
_LEAD = re.compile(r"^\s*(?:that\s+)?")
# 'told CNN in 2018 that Trump "dictated ...', 'told the U.N. General Assembly 18 months ago that':
# whom and when, up to the "that" of the clause
# (only names, numbers and the words of a time or a channel: not 'in the release this case
# demonstrates that', whose words before "that" are a clause of their own)
_ASIDE_WORD = (
    r"(?:[A-Z0-9][\w.'’-]*|the|a|an|in|on|at|to|during|last|this|earlier|week|month|year|night|morning"
    r"|evening|interview|statement|reporters|journalists|media|press|days|weeks|months|years|ago|memo|speech"
    r"|letter|email|internal|televised|written|address|time)"
)
_ASIDE_THAT = re.compile(rf"^\s*(?:{_ASIDE_WORD}\s+){{1,8}}?that\s+")
# Whom a speaker told, before the "that" of what: "told friends and family that", "told his aides that"
_TOLD_WHOM = re.compile(r"^\s*(?:(?:the|his|her|their|its)\s+)?[a-z]+(?:\s+and\s+[a-z]+)?\s+that\s+")
# Reported speech: 'Lavrov alleged that the West is seeking ...'.
# Whom a speaker "told": a name or a plain noun, skipped so the stance starts at "that".
_ADDRESSEE = (
    r"(?:(?<=told\s)(?:the\s+)?(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}|reporters|journalists|lawmakers"
    r"|police|investigators|officials|supporters|members|[a-z]+(?:\s+and\s+[a-z]+)?)"
    r"\s+(?=(?:on\s+\w+\s+)?(?:in\s+\w+\s+\w+\s+)?that\b))?"
)
_FIRST_SENTENCE = re.compile(r"([^.!?]+)[.!?]\s+[A-Z“\"]")
# ("... was otherwise fine and the military said it was keeping him safe": any "the" noun speaks too)
_NEXT_SPEAKER = re.compile(rf",?\s+(?:and|but|while|whereas)\s+(?:{_SPEAKER}|[Tt]he\s+[a-z]+)\s+{_AUX}(?:{_CUE})\b")
#: A named speaker and a speech cue right before a reported clause's subject: "Urso said (that) "
_REPORTER = re.compile(rf"(?<![\w’'.-])(?P<who>{_NAME})\s+{_AUX}(?:said|says|told\s+\w+)\s+(?:that\s+)?$")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|been|being)\s+$")
_REPORTED = re.compile(
    rf"(?<![\w’'.&-]){_SPEAKER}(?<![’']s)(?:,(?P<appos>{_APPOS}),)?\s+{_AUX}"
    rf"(?P<cue>{_CUE})[ \t]+{_ADDRESSEE}(?:on\s+\w+\s+)?"
    r"(?:in\s+(?:a|an|the)\s+(?:\w+\s+)?"
    r"(?:statement|interview|letter|post|release|filing|email|tweet|memo|speech|briefing)\s+)?"
    # (a full stop before a lowercase word is inside the clause: "said the U.S. government was")
    rf"(?:that\s+)?(?P<content>[^\"“”\n]{{12,{MAX_CLAUSE_CHARS}}}?"
    rf"(?:{CLAUSE_STOP}(?=\s(?!\s*[a-z])|$)|(?=\s[\"“])))"
)
# 'China, Xi said, always attaches ...' and '..., according to Xi.'
# (not "After that, Ford wrote, and wrote": a verb repeated, nothing inserted)
# ("This system, says Ivo Brandt, a biologist at ..., helps direct": the cue first, and an appositive)
_INSERTED = re.compile(
    rf",\s+(?P<pre>(?:says|said)\s+)?(?P<who>{_NAME}|he|she)(?(pre)(?:,\s+(?:a|an|the)\s+[^.\"“”\n]{{1,120}}?)??"
    rf"|\s+(?:{_CUE})),\s+(?!(?:and|or|but|then)\b)(?(pre)(?=[a-z])(?!(?:a|an|the)\b))"
)
# (inserted: "Trump, according to the White House, made an unscheduled trip")
# "According to Swift, her former label is preventing her ...": the source opens the sentence
_OPENING_ACCORDING = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=[.!?][\"”’]\s))According\s+to\s+(?:the\s+)?(?P<who>{_NAME}),\s+(?=\S)", re.M
)
_ACCORDING = re.compile(rf",\s+according\s+to\s+(?:the\s+)?(?P<who>{_NAME})(?P<inserted>,\s+(?=[a-z]))?")
_TRAILING = re.compile(
    rf",\s+(?:the\s+)?(?P<who>{_NOMINAL}|{_BODY_SPEAKER}|{_NAME}|he|she|they|it)"
    r"\s+(?P<cue>said|says|added|stated|noted|told\s+\w+)"
    rf"(?:\s+(?:in|on|at|during|to)\s+[^.,\"“”\n]{{1,40}})?(?=[.!?](?:\s|$))"
)
# "..., said Mark Quinlan, the utility's director." / "..., said Amnesty International on Tuesday.":
# the inverted cue closes a reported clause; the name may carry a time and an appositive
_INVERTED = re.compile(
    rf",\s+(?:{_CUE})\s+{_BODY_ROLE}(?P<who>{_NAME})(?:\s+(?:on|in|at|during)\s+[^.,\"“”\n]{{1,30}})?"
    rf"(?:,\s+(?:[^.\"“”\n]|{INNER_STOP}){{1,150}}?)?(?=[.!?](?:\s|$))"
)
# "The White House called the process a sham.": calling something a name is a stance
_CALLED = re.compile(
    rf"(?<![\w’'.&-]){_SPEAKER}\s+{_AUX}called\s+(?P<content>(?:the|this|that|his|her|their|its|it|them|him)\b"
    rf"[^.\"“”\n]{{3,120}}?\s+(?:a|an)\s+[^.\"“”\n]{{3,80}}?)(?=[.!?](?:\s|$))"
)
_OWNER = re.compile(r"['’]s\s+[a-z]")
# A name right after "ambassador to", "minister of", "chief executive at": the object of a role,
# not the subject of the cue that follows it
_OBJECT_OF = re.compile(r"\b[a-z]{3,}\s+(?:to|of|for|at|from)\s+(?:the\s+)?$")
# ", according to the White House," inside a sentence: the source of the sentence, not an object
INSERTED_ACCORDING = re.compile(r",\s+according\s+to\s+(?:the\s+)?$")
_NAME_ONLY = re.compile(rf"\s*{_NAME}\s*")
# A quotation that is a short name in title case, with no cue of its own, names a work (a film, a
# show, a book, a campaign), not words anyone said: “Wild Rose”, “The One I Love”, “War & Peace”
_TITLE = re.compile(
    r"(?:[A-Z0-9][\w’'&.-]*)(?:[ \t]+(?:[A-Z0-9&][\w’'&.-]*|a|an|the|of|and|in|on|to|for|with|at|from|by|or)){0,6}"
)
_LEADING_NAME = re.compile(rf"\s*(?:The\s+)?({_NAME})")
_NAME_PAIR = re.compile(rf"({_NAME})\s+and\s+(?:[a-z]+\s+)?({_NAME})")
# "Volker and Morrison said": the first of two joined speakers
_PAIR_BEFORE = re.compile(rf"(?P<first>{_NAME})\s+and\s+$")
_CLAUSE_BEFORE = re.compile(rf"(?:[^.\"“”\n]|{INNER_STOP}){{20,}}$")


MAX_ROLE_CANDIDATES = 6  # persons named before a role description that it may refer to
_SENTENCE_PRONOUNS = {"He", "She", "They", "It"}


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


def _last_match(pattern: re.Pattern, text: str) -> re.Match | None:
    """The match whose cue is nearest the end ("That said, the DEA says that ... \"" is the
    DEA's), with the longest speaker before that cue ("U.S. Attorney James Kennedy Jr.", not "Jr.")."""
    best, pos = None, 0
    while (m := pattern.search(text, pos)) is not None:
        if best is None or m.start("cue") > best.start("cue"):
            best = m
        pos = m.start() + 1
    return best


# after a quotation, the sentence going on with a verb of its own: '"..." meant there were few'
_RUNS_ON = re.compile(
    rf"[\"”’]?\s+(?!(?:{_CUE}|and|or|but|to|as|in|on|at|for|with|from|by|of|that|which|while|when)\b)[a-z]+\s+[a-z]"
)
_AFTER_REACH = 400  # a cue after a quotation ('," said Jane Doe, the ... of ...') is this close
_STOP = re.compile(r"[.!?](?=[\"”’]?\s|[\"”’]?$)")


def _inserted_source(text: str, start: int, end: int):
    """An inserted ", according to X," in the sentence that runs up to `end`, if any."""
    stop = text.rfind(". ", start, end)
    sentence = stop + 2 if stop >= 0 else start
    hits = [m for m in _ACCORDING.finditer(text, sentence, end) if m.group("inserted")]
    return hits[-1] if hits else None


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    covered = Spans()
    free = covered.free
    bounds = paragraph_index(text)

    for m in _QUOTE.finditer(text):
        qs, qe = m.span()
        if found and found[-1].start <= qs < found[-1].end:
            continue  # already inside the previous quotation's reported clause
        content = next(g for g in m.groups() if g)
        ps, pe = bounds(qs)
        cand = _Candidate(None, qs, content.strip(" ,."), content.strip(" ,"), qs, qe, ps)
        after = text[qe : min(pe, qe + _AFTER_REACH)]
        # 'not the "jobs machine" it thinks it is': quoted inside a noun phrase, no utterance with a cue
        closed = content.rstrip().endswith((".", "!", "?", ","))
        in_phrase = shape.DETERMINED.search(text, max(ps, qs - 8), qs) and not closed
        for pat in [] if in_phrase else _AFTER:
            a = pat.match(after)
            if a and content.rstrip().endswith((".", "!", "?")) and a.group("who") in _SENTENCE_PRONOUNS:
                continue  # '“... lives.” She said residents ...': a new sentence, not this quote's cue
            if a:
                cand.who, cand.who_at, cand.end = a.group("who"), qe + a.start("who"), qe + a.end()
                break
        else:
            if _TITLE.fullmatch(content.strip(" ,")):
                continue  # (“The Discovery,” “The One I Love”): a work's name, not words anyone said
            window = max(ps, qs - 200)
            b = _last_match(_BEFORE, text[window:qs])
            if b:
                who, at = _subject(b, window)
                cand.who, cand.who_at, cand.start = who, at, window + b.start()
                # a stance verb keeps its verb: "has denied the claims", "condemned Wednesday's attack"
                object_next = shape.OBJECT_NEXT.match(text, window + b.end("cue"))
                takes = not shape.REPORTS.fullmatch(b.group("cue")) and object_next
                cue_at = b.start("cue") if _keeps_verb(b.group("cue")) or takes else b.end("cue")
                lead = _LEAD.sub("", text[window + cue_at : qs])
                if len(lead.split()) >= 2 and not lead.rstrip().endswith((":", ",")):
                    lead = _ASIDE_THAT.sub("", shape.SETTING_THAT.sub("", lead))
                    if b.group("cue") == "told":
                        lead = _TOLD_WHOM.sub("", lead)
                    # 'Abe said the deal showed "the unwavering political will" of both sides to
                    # lead': the stance is the whole reported clause, the quote its quoted words
                    stop = _STOP.search(text, qe, pe)
                    if content.rstrip().endswith((".", "!", "?")):
                        cand.end = qe  # the quotation ends the sentence itself
                    else:
                        cand.end = stop.end() if stop else pe
                    clause = re.sub(r"[\"“”]", "", lead + text[qs : cand.end])
                    cand.stance = shape.SOURCE_TAIL.sub("", " ".join(clause.split()).strip(" .,"))
                elif _RUNS_ON.match(text, qe) and not closed:
                    # 'he admitted "politics in this town" meant there were few options': the
                    # quoted words open the reported clause, which runs on to the sentence's end
                    stop = _STOP.search(text, qe, pe)
                    cand.end = stop.end() if stop else pe
                    cand.stance = " ".join(re.sub(r"[\"“”]", "", text[qs : cand.end]).split()).strip(" .,")
            elif (source := _inserted_source(text, max(ps, qs - 300), qs)) is not None:
                # 'Trump, according to the White House, made a trip for a "quick exam and labs"'
                stop = _STOP.search(text, qe, pe)
                cand.who, cand.who_at, cand.end = source.group("who"), source.start("who"), stop.end() if stop else pe
                # (without the paragraph's credit: "(CNN) President Donald Trump ...")
                head = CREDIT.sub("", text[window : source.start()]) if window == ps else text[window : source.start()]
                clause = head + " " + text[source.end() : cand.end]
                cand.start, cand.stance = window, " ".join(re.sub(r"[\"“”]", "", clause).split()).strip(" .,")
        found.append(cand)
        covered.add((cand.start, cand.end))

    # "..., the Commission said in a statement.": the clause before the cue is the stance
    for m in _TRAILING.finditer(text):
        ps, _ = bounds(m.start())
        clause = _CLAUSE_BEFORE.search(text, max(ps, m.start() - 400), m.start())
        if clause is None or not free(clause.start(), m.end()):
            continue
        start, stance = clause.start(), clause.group(0)
        if start == ps and (credit := CREDIT.match(stance)) is not None:
            start, stance = ps + credit.end(), stance[credit.end() :]  # "ROME (Reuters) - Italy expects"
        stance = shape.OWN_CUE.sub("", stance)  # "He added that stopping the flow could freeze pipes, he said"
        found.append(
            _Candidate(m.group("who"), m.start("who"), " ".join(stance.split()).strip(" ."), None, start, m.end(), ps)
        )
        covered.add((clause.start(), m.end()))

    def sourced(*patterns: re.Pattern) -> None:
        for pat in patterns:
            for m in pat.finditer(text):
                ps, pe = bounds(m.start())
                sent_end = text.find(".", m.end(), pe)
                end = pe if sent_end < 0 else sent_end + 1
                if pat is _INSERTED or (pat is _ACCORDING and m.group("inserted")):
                    start, stance = ps, text[ps : m.start()] + " " + text[m.end() : end]
                elif pat is _OPENING_ACCORDING:
                    start, stance = m.start(), text[m.end() : end]
                elif pat is _INVERTED:
                    clause = _CLAUSE_BEFORE.search(text, max(ps, m.start() - 400), m.start())
                    if clause is None:
                        continue
                    start, end, stance = clause.start(), m.end(), clause.group(0)
                    if start == ps and (credit := CREDIT.match(stance)) is not None:
                        start, stance = ps + credit.end(), stance[credit.end() :]
                else:
                    # the clause before ", according to X" (found from the cue, not by scanning)
                    clause = _CLAUSE_BEFORE.search(text, max(ps, m.start() - 400), m.start())
                    if clause is None:
                        continue
                    start, stance = clause.start(), clause.group(0)
                if not free(start, end):
                    continue
                found.append(
                    _Candidate(
                        m.group("who"), m.start("who"), " ".join(stance.split()).strip(" ."), None, start, end, ps
                    )
                )
                covered.add((start, end))

    # "The union rejected the offer, said Mara Lind": the inverted cue names the speaker of the whole
    # clause, so it is read before a cue verb inside that clause ("rejected") can claim it
    sourced(_INVERTED)
    pos = 0
    while (m := _REPORTED.search(text, pos)) is not None:
        pos = m.end()
        if _PASSIVE.search(text, max(0, m.start("cue") - 12), m.start("cue")) and not m.group("cue").endswith("ing"):
            continue  # "since it was announced last year": what was said, not who said it
        content_end = m.end("content")
        # "X rejected the offer, and Y said it was sorry": the next speaker's clause is not X's
        if (nxt := _NEXT_SPEAKER.search(text, m.start("content"), content_end)) is not None:
            content_end = pos = nxt.start()
        if free(m.start("content"), content_end):
            ps, _ = bounds(m.start())
            who, at = _subject(m, 0)
            content = text[m.start("content") : content_end]
            stance = shape.SOURCE_TAIL.sub("", content).strip(" .,")  # the source is an outlet, not a stance
            if re.match(r"(?:at|in|on|during|last|earlier)\s", stance):
                stance = _ASIDE_THAT.sub("", shape.SETTING_THAT.sub("", stance))  # "acknowledged at the time that"
            first = _FIRST_SENTENCE.match(stance)
            if shape.ECHO.match(stance) or shape.GAPPED.match(stance):
                continue  # "the jobs machine it thinks it is", "prices it said were ...": no stance
            if shape.CIRCUMSTANCE.match(stance) or (first and shape.CIRCUMSTANCE.match(first.group(1))):
                # "she wrote in her letter.", "they said in an email. It is unclear ...": a
                # circumstance, and the next sentence is not what was said
                continue
            _, own_end = next(sentence_spans(stance), (0, len(stance)))
            if own_end < len(stance) and len(stance[:own_end].split()) >= 3:
                # "Brandt said he was fine. The team won.": a clause shorter than the least the
                # pattern reads ends with its own sentence, not with the next one
                content_end = m.start("content") + content.index(stance) + own_end
                stance = stance[:own_end].rstrip(" .")
            found.append(_Candidate(who, at, stance, None, m.start(), content_end, ps))
            covered.add((m.start(), content_end))
    for m in _CALLED.finditer(text):
        if free(m.start("content"), m.end("content")):
            ps, _ = bounds(m.start())
            found.append(_Candidate(m.group("who"), m.start("who"), m.group("content"), None, m.start(), m.end(), ps))
            covered.add(m.span())
    sourced(_INSERTED, _ACCORDING, _OPENING_ACCORDING)
    return sorted(found, key=lambda c: c.who_at)
