"""News outlets an article cites: the media lexicon (`media_names`) plus citation patterns, so
an outlet missing from the list is still caught by how the article cites it."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .lexicon import CAPITALS, DEMONYMS, FUNCTION_WORDS, GOVERNMENT_WORDS, ORG_WORDS, TITLES, country_names
from .media_names import ALIAS_TO_CANON, MEDIA_WORDS, canonical

# Capitalized words that are never an outlet on their own, whatever cue precedes them.
_NOT_OUTLETS = FUNCTION_WORDS | GOVERNMENT_WORDS | ORG_WORDS | {t.title() for t in TITLES} | {"Congress", "Parliament"}

# An outlet's name is at most 8 words: bounded, so hostile runs of capitals are read once.
_NAME = r"(?:[Tt]he[ \t]+)?[A-Z][\w&.'’/-]{0,40}(?:[ \t]+(?:[A-Z][\w&.'’/-]{0,40}|of|and|de|du|della|&)){0,7}"
# Cues after which a name is the source of what follows. "Strong" cues (an interview, telling)
# are ones a person is rarely the object of in news copy, so an unknown name there is an outlet.
_STRONG_CUE = (
    r"telling|tells|told|in\s+an\s+interview\s+with|speaking\s+to|said\s+to|confirmed\s+to"
    r"|said\s+in\s+an\s+interview\s+with"
)
_CUE_BEFORE = (
    rf"(?i:(?P<strong>{_STRONG_CUE})|according\s+to|via|citing|(?:first\s+)?reported\s+by|cited\s+by|said\s+on"
    r"|wrote\s+in|obtained\s+by|seen\s+by|reviewed\s+by|published\s+by|in\s+a\s+report\s+by)"
)
# A web site written as its domain, in lower case as often as not: "cityreport.net"
_SITE = r"[a-z][\w-]*(?:\.[\w-]+)*\.(?:com|net|org|news|tv|io|co\.uk|info)\b"
# Nouns that, right after a name, say the name is a medium: "the Independent newspaper".
_MEDIA_NOUN = re.compile(
    r"[ \t]+(?:newspaper|magazine|daily|weekly|tabloid|broadcaster|network|channel|news\s+agency|agency"
    r"|news\s+site|website|outlet|radio|television|TV|wire\s+service)\b"
)
# Cue, then the outlet: "according to X", "told X", "via a reporter of X", "news agency X".
# (A bare dateline credit, "BRUSSELS (Reuters) -", is authorship, not a citation: no pattern.)
_FORWARD = [
    re.compile(rf"\b{_CUE_BEFORE}\s+(?P<name>{_NAME}|{_SITE})"),
    # "via Brian Batko of the Pittsburgh Post-Gazette", "told a reporter from The Hill"
    re.compile(
        rf"\b(?:via|according\s+to|told|said\s+to)\s+(?:[A-Z][\w.'’-]*\s+){{1,3}}(?:of|from|at)\s+(?P<name>{_NAME})"
    ),
    re.compile(rf"\bnews\s+agency\s+(?P<name>{_NAME})"),
    # "an AP journalist reported", "a Time magazine article found", "a Reuters tally showed"
    re.compile(
        rf"\b(?:[Aa]n?|[Tt]he)\s+(?P<name>{_NAME})(?:[ \t]+(?:magazine|newspaper))?[ \t]+(?:journalist|reporter|"
        r"correspondent|photographer|camera\s+crew|crew|article|report|story|investigation|analysis|tally|poll|"
        r"survey|interview|editorial|commentary|review)s?\b(?P<verb>\s+(?:\w+\s+){0,4}?(?:reported|found|showed|said"
        r"|saw|witnessed|counted|revealed|confirmed|quoted|cited|described|noted|published|obtained))?"
    ),
]
# The outlet, then the cue: "X reported", "X's report said", "X news agency", "X said in a
# commentary", "X contributed to this report". Found from the cue backwards: a name-first pattern
# would be tried at every capital letter of the text.
_BACKWARD = [
    re.compile(r"(?:’s|'s)?\s+(?:has\s+|had\s+|first\s+|also\s+)?(?:reported|reports|said\s+in\s+a\s+report)\b"),
    re.compile(r"\s+news\s+agency\b"),
    re.compile(r"\s+said\s+in\s+(?:a|an|its)\s+(?:\w+\s+)?(?:commentary|editorial|article|column|op-ed)\b"),
    re.compile(r"\s+contributed\s+(?:reporting\s+)?to\s+(?:this|the)\s+(?:report|story|article)\b"),
    # "Xinhua said", "the People’s Daily, the party's mouthpiece, warned": a medium that says
    # something is cited as the source of it. Any name says things, so only a name known as a
    # medium (the lexicon, or a medium's word in it) counts here.
    re.compile(
        rf"(?:{_MEDIA_NOUN.pattern})?(?:,[^,.;\"“”\n]{{1,80}},)?\s+(?:has\s+|had\s+|also\s+)?(?:said|says|warned"
        r"|wrote|writes|stated|noted|added|commented|claimed|quoted|cited|announced|reported)\b"
    ),
]
# "..., Yahoo Finance reported earlier this year.": a name that closes a reported sentence with
# "reported" is the outlet it comes from, known to the lexicon or not
_CLOSING_REPORT = re.compile(r"\s+reported(?:\s+(?:on|last|earlier|this|late|in)\b[^.,;\n]{0,30})?\.(?=\s|$)")
_SAYS = _BACKWARD[-1]
_SENTENCE_END = re.compile(r"(?<=[a-z]{2})\.(?=\s)")
_NAME_AT_END = re.compile(rf"(?P<name>{_NAME})$")
_DOMAIN = re.compile(r"^[A-Za-z][\w-]*(?:\.[\w-]+)*\.(?:com|net|org|news|tv|io|co\.uk|co|info)$")
_LEXICON_RE = re.compile(
    r"(?<![\w&])(" + "|".join(re.escape(a) for a in sorted(ALIAS_TO_CANON, key=len, reverse=True)) + r")(?![\w&])"
)


@dataclass
class OutletHit:
    name: str
    as_written: str
    start: int
    end: int  # evidence span: the citing phrase
    #: In the lexicon, or named with a medium's word ("Springfield Gazette"): not a guess from
    #: the shape of an unknown word.
    sure: bool = True


def _trim(name: str) -> str:
    # "CNBC's Trading Nation" -> "CNBC"; "The Hill in a statement" never gets here (pattern stops).
    for sep in ("’s ", "'s "):
        if sep in name:
            name = name.split(sep, 1)[0]
    return name.rstrip(".,’'s").strip() if name.endswith(("’s", "'s")) else name.strip(" .,")


def _resolve(written: str, *, media_noun: bool = False) -> tuple[str, str] | None:
    """(canonical, as_written) for a name a pattern found, when its shape says it is an outlet."""
    # the lexicon may know a shorter leading part: "USA Today Sports" -> "USA Today"; and a
    # possessive may be part of the name ("People’s Daily"), so it is tried before the trim
    for form in (written.strip(" .,"), _trim(written)):
        for m in _LEXICON_RE.finditer(form):
            if m.start() == 0 or form[: m.start()].strip().lower() in ("the",):
                return ALIAS_TO_CANON[m.group(1)], m.group(1)
    written = _trim(written)
    words = written.split()
    bare = written.removeprefix("the ").removeprefix("The ")
    if bare in _NOT_OUTLETS:  # "The agency said": the medium's noun names no medium by itself
        return None
    if media_noun or (len(words) >= 2 and any(w.strip(".,") in MEDIA_WORDS for w in words[1:])):
        return bare, bare if written.startswith("the ") else written
    return None


_WORD_RUN = re.compile(r"[\w-]+")  # a word as the boundaries (?<![\w-]) ... (?![\w-]) delimit it


def _unknown_source(text: str, written: str, words: set[str], counts: Counter) -> bool:
    """After a strong cue ("told X", "in an interview with X"), a name is an outlet when it is a
    web domain, or a single word the article uses nowhere else and that is no known kind of
    thing (a person is named in full before being "told" anything)."""
    written = _trim(written)
    if _DOMAIN.match(written):
        return True
    if " " in written or not written[:1].isupper() or written.lower() in words:
        return False
    if written in _NOT_OUTLETS or written in country_names() or written in CAPITALS or written in DEMONYMS:
        return False
    if _WORD_RUN.fullmatch(written):  # counted once per article, not rescanned per cue
        return counts[written] == 1
    return len(re.findall(rf"(?<![\w-]){re.escape(written)}(?![\w-])", text)) == 1


def _ends_as_medium(written: str) -> bool:
    # "Vremya News Agency": an agency is a medium's only after a medium's word
    words = [w.strip(".,") for w in written.split()]
    return words[-1] in MEDIA_WORDS or (len(words) > 1 and words[-1] == "Agency" and words[-2] in MEDIA_WORDS)


def find_outlets(text: str) -> list[OutletHit]:
    """Outlets the article cites as a source, each with the citing phrase as evidence."""
    hits: dict[str, OutletHit] = {}
    lower_words = {w.lower() for w in re.findall(r"\b[a-z][\w-]*\b", text)}
    counts = Counter(_WORD_RUN.findall(text))

    def add(
        name: str,
        span_start: int,
        span_end: int,
        *,
        strong: bool = False,
        name_end: int | None = None,
        known: bool = False,
        closing: bool = False,
    ) -> None:
        cut = _SENTENCE_END.search(name)
        if cut:  # "via Bangladesh. Following ...": a name does not run past its sentence, nor its evidence
            name, name_end = name[: cut.start() + 1], None
            span_end = min(span_end, text.find(name, span_start) + len(name))
        media_noun = name_end is not None and _MEDIA_NOUN.match(text, name_end) is not None
        resolved = _resolve(name, media_noun=media_noun)
        if resolved is None and strong and _unknown_source(text, name, lower_words, counts):
            resolved = (_trim(name), _trim(name))
        if resolved is None and closing and _trim(name) not in _NOT_OUTLETS | set(country_names()):
            resolved = (_trim(name), _trim(name))
        if resolved is None:
            return
        canon, written = resolved
        if known and not media_noun and canonical(canon) is None and not _ends_as_medium(written):
            return  # "Press Secretary Stephanie Grisham said": a medium's word inside a person's title
        start = text.find(written, span_start)
        if start >= 0 and canon not in hits:
            sure = canonical(canon) is not None or any(w.strip(".,") in MEDIA_WORDS for w in written.split()[1:])
            hits[canon] = OutletHit(canon, written, min(start, span_start), max(span_end, start + len(written)), sure)

    # Order matters only for which phrase becomes an outlet's evidence: the first one found.
    for pattern in (_FORWARD[0], *_BACKWARD, *_FORWARD[1:]):
        for m in pattern.finditer(text):
            if pattern is _FORWARD[3]:
                # "the Springfield Shopper article": a medium by its noun; it is a citation
                # when a verb of reporting follows or the name is an outlet by itself
                add(
                    m.group("name"),
                    m.start("name"),
                    m.end(),
                    strong=False,
                    name_end=m.end("name") if m.group("verb") else None,
                )
            elif pattern in _FORWARD:
                strong = bool(m.groupdict().get("strong"))
                add(m.group("name"), m.start(), m.end(), strong=strong, name_end=m.end("name"))
            elif named := _NAME_AT_END.search(text, max(0, m.start() - 80), m.start()):
                strong = pattern not in (_BACKWARD[0], _SAYS)
                add(
                    named.group("name"),
                    named.start(),
                    m.end(),
                    strong=strong,
                    name_end=m.start(),
                    known=pattern is _SAYS,
                )
    for m in _CLOSING_REPORT.finditer(text):
        named = _NAME_AT_END.search(text, max(0, m.start() - 60), m.start())
        if named and text[max(0, named.start() - 2) : named.start()] == ", ":
            add(named.group("name"), named.start(), m.end(), name_end=m.start(), closing=True)
    return sorted(hits.values(), key=lambda h: h.start)
