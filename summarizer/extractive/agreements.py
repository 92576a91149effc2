"""Agreement sentences (agreed, signed, reached a deal, settled, vowed...) and their parties."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .entities import Entity, Registry
from .quotes import Attribution

_CUE = re.compile(
    r"\b(?:agreed|agree|agrees|agreeing|signed|signs|reached\s+(?:a|an)\s+(?:\w+\s+)?(?:deal|agreement|settlement|accord)"
    r"|settled|vowed|vow|pledged|pledge|committed\s+to|struck\s+(?:a|an)\s+(?:\w+\s+)?deal|inked|sealed"
    r"|(?:has|have|had)\s+accepted|agreement\s+(?:with|between)|deal\s+(?:with|between))\b"
)
_NEGATED = re.compile(r"\b(?:not|never|no|refused|failed|declined|n't)\b[^.]{0,25}$")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’]?|(?=\n)|$)")


@dataclass
class Agreement:
    point: str
    parties: list[Entity]
    start: int
    end: int


def find_agreements(text: str, reg: Registry, attributions: list[Attribution]) -> list[Agreement]:
    out: list[Agreement] = []
    for s in _SENTENCE.finditer(text):
        sentence = s.group(0)
        cue = _CUE.search(sentence)
        if not cue or _NEGATED.search(sentence[: cue.start()]):
            continue
        parties: list[Entity] = []
        for ent in reg.entities:
            if ent.kind == "unknown":
                continue
            forms = {ent.name, *ent.aliases}
            if any(re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", sentence) for f in forms):
                parties.append(ent)
        # "President Putin and I have agreed": the speaker of a first-person quote is a party
        if re.search(r"\b(?:I|we|We)\b[^.]{0,30}" + re.escape(cue.group(0)), sentence):
            for att in attributions:
                if att.start <= s.start() + cue.start() < att.end and att.speaker not in parties:
                    parties.append(att.speaker)
        if not parties:
            continue
        start = s.start() + len(sentence) - len(sentence.lstrip())
        point = " ".join(sentence.split()).strip(' "“”')
        out.append(Agreement(point, parties, start, s.end()))
    return out
