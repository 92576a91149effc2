"""Long articles: split on paragraph boundaries into parts that fit the model's context window,
each carrying the title and the dateline paragraph (so "the company said" keeps its referent),
with one paragraph of overlap; the parts' answers are merged into one brief.

Token counts are estimates (`estimate_tokens`): no tokenizer can be downloaded here, so a
token is taken as `CHARS_PER_TOKEN` characters of Latin script (about right for English with
OpenAI's and Llama's tokenizers), two letters of Cyrillic, Greek, Arabic or Hebrew, and one
CJK character; each on the safe side.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..checks import NameIndex
from ..drafts import DraftBrief
from ..errors import ConfigError
from ..hints import Hints

CHARS_PER_TOKEN = 4
ANSWER_TOKENS = 1_500  # room left in the window for the model's answer
SAFETY = 0.9  # the estimate may be off: fill at most this share of what is left
OVERLAP_PARAGRAPHS = 1
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


#: Characters of the scripts that tokenizers cut into about one token each (or more): Chinese,
#: Japanese kana and Korean Hangul. 4 characters a token, right for English, would undercount
#: a Chinese article four-fold and overflow the window.
_DENSE = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


#: Letters of the other non-Latin alphabets (Cyrillic, Greek, Arabic, Hebrew, Devanagari...):
#: about two to a token.
_NON_LATIN = re.compile(r"[\u0370-\u0fff]")
NON_LATIN_CHARS_PER_TOKEN = 2


def estimate_tokens(text: str) -> int:
    """Tokens of `text`, estimated without a tokenizer: one per CJK character (cl100k and
    Llama's tokenizers give 0.7-1.5 for Chinese), one per two letters of the other non-Latin
    alphabets, and `CHARS_PER_TOKEN` characters a token for the rest (Latin scripts, digits,
    spaces, punctuation). On the safe side for each, and linear in the text."""
    dense = len(_DENSE.findall(text))
    alphabetic = len(_NON_LATIN.findall(text))
    rest = len(text) - dense - alphabetic
    return dense + alphabetic // NON_LATIN_CHARS_PER_TOKEN + rest // CHARS_PER_TOKEN + 1


def messages_tokens(messages: list[dict]) -> int:
    return estimate_tokens(json.dumps(messages, ensure_ascii=False))


@dataclass
class Part:
    text: str  # what the model reads: title, dateline paragraph, then this part's paragraphs
    start: int  # where this part's own paragraphs start and end in the whole article
    end: int


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _PARAGRAPH.finditer(text):
        if text[pos : m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


MIN_PART_TOKENS = 250  # less article than this per call is not worth a call: the window is too small
MAX_PARTS = 24  # parts sent for one article unless --max-calls allows more


def min_window(fixed_tokens: int) -> int:
    """The smallest window in which the prompt, an answer and a useful part of article fit."""
    return fixed_tokens + ANSWER_TOKENS + int(MIN_PART_TOKENS / SAFETY) + 1


def split(text: str, *, window_tokens: int, fixed_tokens: int) -> list[Part]:
    """Parts of `text` that each fit `window_tokens` with the prompt's fixed part (the whole
    request: messages, and the schema as the mode sends it) and the answer."""
    # the room in characters, at this article's own characters per token (about 1 for Chinese)
    per_token = max(1.0, len(text) / estimate_tokens(text)) if text else CHARS_PER_TOKEN
    room_tokens = int((window_tokens - fixed_tokens - ANSWER_TOKENS) * SAFETY)
    room = int(room_tokens * per_token)
    if room_tokens < MIN_PART_TOKENS:
        raise ConfigError(
            f"a {window_tokens:,}-token context window cannot hold the prompt (about {fixed_tokens:,} tokens), "
            f"an answer ({ANSWER_TOKENS:,}) and a part of the article",
            hint=f"use a model or server with a window of at least {min_window(fixed_tokens):,} tokens",
        )
    paragraphs = _paragraphs(text)
    # the title and the dateline paragraph go with every part, when they leave room for the
    # body: a long first paragraph stays in the body instead, and a long title is cut
    head = paragraphs[:2]
    while head and sum(b - a + 2 for a, b in head) > room // 2:
        head = head[:-1]
    head_text = "\n\n".join(text[a:b] for a, b in head) if head else ""
    body = paragraphs[len(head) :]
    budget = room - len(head_text)
    pieces: list[tuple[int, int]] = []
    for a, b in body:  # a paragraph longer than a part is cut at sentence ends, or anywhere
        while b - a > budget:
            cut = max(text.rfind(". ", a, a + budget) + 1, a + max(1, budget // 2))
            pieces.append((a, cut))
            a = cut
        pieces.append((a, b))
    parts, i = [], 0
    while i < len(pieces):
        j, size = i, 0
        while j < len(pieces) and size + (pieces[j][1] - pieces[j][0]) + 2 <= budget:
            size += pieces[j][1] - pieces[j][0] + 2
            j += 1
        j = max(j, i + 1)
        chosen = pieces[i:j]
        own = [text[a:b] for a, b in chosen]
        parts.append(Part("\n\n".join([head_text, *own] if head_text else own), chosen[0][0], chosen[-1][1]))
        if j >= len(pieces):
            break
        i = max(j - OVERLAP_PARAGRAPHS, i + 1)
    return parts or [Part(text, 0, len(text))]


def hints_in(hints: Hints, part: Part) -> Hints:
    """The hints whose evidence this part holds."""
    return Hints(
        outlets=[h for h in hints.outlets if h.quote in part.text],
        speakers=[h for h in hints.speakers if h.quote in part.text],
    )


def merge(drafts: list[DraftBrief]) -> DraftBrief:
    """One draft of every part's items (duplicates are removed after grounding, by span). Built
    without validation: each part's answer passed the caps, and their sum may exceed a cap that
    is there to bound one answer, not a whole long article."""
    first = drafts[0]
    return DraftBrief.model_construct(
        title=first.title,
        summary=first.summary,  # the first part holds the title and the lead
        participants=[p for d in drafts for p in d.participants],
        agreed_points=[a for d in drafts for a in d.agreed_points],
        positions=[p for d in drafts for p in d.positions],
        cited_outlets=[o for d in drafts for o in d.cited_outlets],
        omissions=[o for d in drafts for o in d.omissions or []] or None,
    )


def dedupe(grounded) -> int:
    """Remove items two parts both found (the same span, for the same holder, point or outlet);
    returns how many were removed."""
    removed = 0
    # participants: one per person or body, however each part wrote the name ("Smith", "Jane
    # Smith"); the fullest form is kept, and every holder and party is renamed to it
    kept: list = []
    rename: dict[str, str] = {}
    for p in sorted(grounded.participants, key=lambda p: -len(p.name)):
        same = NameIndex(kept).resolve(p.name).name if kept else None
        if same:
            rename[p.name] = same
            removed += 1
        else:
            kept.append(p)
    grounded.participants = sorted(kept, key=lambda p: p.evidence.start)
    for pos in grounded.positions:
        pos.holder = rename.get(pos.holder, pos.holder)
    for a in grounded.agreed_points:
        a.parties = list(dict.fromkeys(rename.get(n, n) for n in a.parties))
    keys = {
        "positions": lambda x: (x.holder, x.evidence.start, x.evidence.end),
        "agreed_points": lambda x: (tuple(sorted(x.parties)), x.evidence.start, x.evidence.end),
        "cited_outlets": lambda x: x.name.casefold(),
    }
    for field, key in keys.items():
        seen, kept = set(), []
        for item in getattr(grounded, field):
            k = key(item)
            if k in seen:
                removed += 1
                continue
            seen.add(k)
            kept.append(item)
        setattr(grounded, field, kept)
    return removed
