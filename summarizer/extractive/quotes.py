"""Quote attribution: cue (said, told, according to...), content (the quoted or reported
clause) and source (the speaker), linked as in BBC's citron, with targeted coreference."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .entities import Entity, Registry
from .lexicon import CUE_VERBS, PRONOUNS

_CUE = r"(?:" + "|".join(CUE_VERBS) + r")"
_NAME = r"[A-Z][\w'’.-]*(?:[ \t]+(?:[A-Z][\w'’.-]*|de|van|von|bin|al))*"
_SPEAKER = rf"(?P<who>{_NAME}|[Hh]e|[Ss]he|[Tt]hey)"
_QUOTE = re.compile(r"“([^”]{3,}?)”|\"([^\"\n]{3,}?)\"")

# After a quotation: ', Lavrov said' / ', he added' / ', said Xi' / 'Wang maintained'.
_AFTER = [
    re.compile(rf"^[\s,]*{_SPEAKER}(?:,[^,\"“”]{{1,80}},)?\s+(?:{_CUE}|was\s+quoted\s+as\s+saying)\b"),
    re.compile(rf"^[\s,]*{_CUE}\s+(?P<who>{_NAME})"),
]
# Before a quotation: 'Lavrov said Beijing ... agreed to "' / 'he condemned "' / 'Maley said on CNBC: "'.
_BEFORE = re.compile(rf"{_SPEAKER}(?:,[^,\"“”]{{1,80}},)?\s+(?:also\s+)?{_CUE}\b[^\"“”.]{{0,120}}$")
# Reported speech: 'Lavrov alleged that the West is seeking ...'.
_REPORTED = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=,\s)|(?<=\bthe\s)|(?<=\bThe\s)){_SPEAKER}(?:,[^,\"“”]{{1,80}},)?\s+(?:also\s+)?(?P<cue>{_CUE})\s+(?:on\s+\w+\s+)?(?:that\s+)?(?P<content>[^\"“”\n]{{20,}}?(?:[.!?](?=\s|$)|(?=\s[\"“])))"
)
# 'China, Xi said, always attaches ...' and '..., according to Xi.'
_INSERTED = re.compile(rf",\s+(?P<who>{_NAME}|he|she)\s+(?:{_CUE}),\s+")
_ACCORDING = re.compile(rf"(?P<content>[^.\"“”\n]{{20,}}),\s+according\s+to\s+(?P<who>{_NAME})")


@dataclass
class Attribution:
    speaker: Entity
    stance: str
    quote: str | None
    start: int
    end: int  # evidence span


def _speaker(reg: Registry, who: str, at: int) -> Entity | None:
    if who.lower() in PRONOUNS:
        return reg.persons_before(at)
    ent = reg.resolve(who)
    if ent is None:
        # "Foreign Minister Wang Yi", "Browns DL Sheldon Richardson": the registry knows the tail
        words = who.split()
        for i in range(1, len(words)):
            ent = reg.resolve(" ".join(words[i:]))
            if ent:
                break
    return ent if ent is not None and ent.kind != "country" or (ent and ent.acts) else ent


def _paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def find_attributions(text: str, reg: Registry) -> list[Attribution]:
    found: list[Attribution] = []
    covered: list[tuple[int, int]] = []
    by_paragraph: dict[int, Entity] = {}
    pending: list[tuple[int, int, str, int]] = []

    for m in _QUOTE.finditer(text):
        qs, qe = m.span()
        content = m.group(1) or m.group(2)
        ps, pe = _paragraph_bounds(text, qs)
        speaker, span = None, (qs, qe)
        after = text[qe:pe]
        for pat in _AFTER:
            a = pat.match(after)
            if a and (speaker := _speaker(reg, a.group("who"), qs)):
                span = (qs, qe + a.end())
                break
        if speaker is None:
            b = _BEFORE.search(text[max(ps, qs - 200) : qs])
            if b and (speaker := _speaker(reg, b.group("who"), qs)):
                span = (max(ps, qs - 200) + b.start(), qe)
        if speaker is None:
            pending.append((qs, qe, content, ps))
            continue
        by_paragraph[ps] = speaker
        found.append(Attribution(speaker, content.strip(" ,."), content.strip(" ,"), *span))
        covered.append(span)

    # A quotation with no cue of its own continues the paragraph's attributed speaker.
    for qs, qe, content, ps in pending:
        if ps in by_paragraph and len(content.split()) >= 4:
            found.append(Attribution(by_paragraph[ps], content.strip(" ,."), content.strip(" ,"), qs, qe))
            covered.append((qs, qe))

    def free(s: int, e: int) -> bool:
        return not any(s < ce and cs < e for cs, ce in covered)

    for m in _REPORTED.finditer(text):
        if not free(m.start("content"), m.end("content")):
            continue
        speaker = _speaker(reg, m.group("who"), m.start())
        if speaker:
            found.append(Attribution(speaker, m.group("content").strip(" ."), None, m.start(), m.end()))
            covered.append(m.span())
    for pat in (_INSERTED, _ACCORDING):
        for m in pat.finditer(text):
            if not free(*m.span()):
                continue
            speaker = _speaker(reg, m.group("who"), m.start())
            if speaker is None:
                continue
            ps, pe = _paragraph_bounds(text, m.start())
            sent_end = text.find(".", m.end(), pe)
            end = pe if sent_end < 0 else sent_end + 1
            start = ps if pat is _INSERTED else m.start()
            stance = (text[start : m.start()] + " " + text[m.end() : end]) if pat is _INSERTED else m.group("content")
            found.append(Attribution(speaker, " ".join(stance.split()).strip(" ."), None, start, end))
            covered.append((start, end))
    return sorted(found, key=lambda a: a.start)
