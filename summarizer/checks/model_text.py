"""The model's own words: a title, a role, a stance, an agreed point and the summary are the
only text in a brief that no span of the article pins down, so they are where text injected
into the article or the model's answer would land ("URGENT: reset your password at ...").

Each is checked to be made of the article's words: it carries no web or mail address the
article does not, and no sentence of it is mostly words the article never uses. A paraphrase
passes, since it reuses the article's words (compared by stem, so "rejects" matches
"rejected"); an essay of its own does not. Words with no Latin letters are not compared (the
stems below are for alphabets with spaces): such text is left to the other checks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import clip
from ..words import content_words

#: The least share of a sentence's content words that must be the article's own.
OWN_WORDS_MIN = 0.5
#: Fewer content words than this in a sentence are too few to judge by share.
MIN_WORDS = 2
STEM_CHARS = 5  # "negotiations" and "negotiated" meet at "negot"; shorter words compare whole

_ADDRESS = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s\"'<>]+"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|info|biz|xyz|ru|cn|top|example|co|me|ly)\b(?:/[^\s\"'<>]*)?"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def _stem(word: str) -> str:
    return word[:STEM_CHARS] if len(word) > STEM_CHARS else word


@lru_cache(maxsize=8)
def _stems(text: str) -> frozenset[str]:
    """The stems of an article's content words (one article is checked many times over)."""
    return frozenset(_stem(w) for w in content_words(text))


def foreign(written: str, article: str, least: float = OWN_WORDS_MIN, *, words: bool = True) -> str | None:
    """Why `written` is not made of the article's words, or None when it is: an address the
    article does not carry, or a sentence less than `least` of whose words are the article's.
    `words=False` when the brief is written in another language than the article: its words
    cannot be the article's, and only the addresses are compared."""
    lowered = article.lower()
    for m in _ADDRESS.finditer(written):
        address = m.group(0).rstrip(".,;:)")
        if address.lower() not in lowered:
            return f"it carries an address the article does not ({clip(address, 60)})"
    if not words:
        return None
    known = _stems(article)
    for sentence in _SENTENCE.split(written):
        words = content_words(sentence)
        if len(words) < MIN_WORDS:
            continue
        missing = [w for w in words if _stem(w) not in known]
        if len(missing) > len(words) * (1 - least):
            return f"most of its words are not in the article ({', '.join(dict.fromkeys(missing[:6]))})"
    return None
