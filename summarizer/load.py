"""Stage 1: an article from a path, a URL, stdin, bytes or a string; what is not text is refused.

This module dispatches; each kind of input has its module: `reading` (a file, within the size
limit), `decoding` (bytes to text), `web` (a URL fetched), `page_text` (HTML, the one path for a
saved page, a fetched one, or HTML that arrives as text).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from . import web
from .article import Article
from .decoding import decode, refuse_binary
from .errors import InputError
from .page_text import looks_like_html, page_text
from .reading import DEFAULT_MAX_BYTES, read_limited, too_large

__all__ = ["DEFAULT_MAX_BYTES", "Article", "article_from_bytes", "article_from_page", "article_from_text",
           "article_from_url", "load_article"]  # fmt: skip


def article_from_bytes(data: bytes, source: str = "<bytes>", *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    if len(data) > max_bytes:
        raise too_large(source, len(data), max_bytes)
    warnings: list[str] = []
    text = decode(data, source, warnings)
    return _article(text, source, warnings)


def article_from_text(
    text: str, source: str = "<text>", *, warnings: list[str] | None = None, max_bytes: int | None = None
) -> Article:
    """An article from a string. `max_bytes` applies the same limit as for files (to its UTF-8
    size), so a feed record or an API caller cannot pass what a file could not."""
    if not isinstance(text, str):
        raise InputError(
            f"{source} is {type(text).__name__}, not text",
            hint="pass the article as str, or as bytes to have it decoded like a file",
        )
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # a lone surrogate ("\ud800" in JSON) is no character
        raise InputError(
            f"{source} has an unpaired surrogate (\\u{ord(text[exc.start]):04x}) at character {exc.start}, "
            "which is not text",
            hint="fix the encoding of the text that produced it",
        ) from None
    if max_bytes is not None and size > max_bytes:
        raise too_large(source, size, max_bytes)
    return _article(text, source, list(warnings or []))


def _article(text: str, source: str, warnings: list[str]) -> Article:
    # A BOM that survived decoding (text read with plain "utf-8") is not part of the article.
    text = text.removeprefix("\ufeff")
    if looks_like_html(text):  # a page piped in or pasted: read as a page is
        article = article_from_page(text, source, fragment_ok=True)
        done = "tags were stripped" if article.origin.pop("stripped", False) else "its main text was extracted"
        article.warnings[:0] = [*warnings, f"input looked like HTML; {done} before reading"]
    else:
        article = Article(text=text, source=source, warnings=warnings)
    if not article.text.strip():
        raise InputError(f"{source} is empty (no text to summarize)")
    return article


HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def _from_stdin(source, *, max_bytes: int, **_) -> Article:
    return article_from_bytes(sys.stdin.buffer.read(max_bytes + 1), "<stdin>", max_bytes=max_bytes)


def _from_url(source, *, max_bytes: int, allow_private: bool, typed: bool) -> Article:
    return article_from_url(source, max_bytes=max_bytes, allow_private=allow_private, typed=typed)


def _existing(source) -> Path:
    path = Path(source)
    if not path.exists():
        raise InputError(f"{path} does not exist")
    return path


def _from_saved_page(source, *, max_bytes: int, **_) -> Article:
    article = article_from_page(read_limited(_existing(source), max_bytes), str(source))
    # as for HTML on stdin or in a .txt: the reader learns the text is the page's extract
    article.warnings.insert(0, "input is a web page; its main text was extracted before reading")
    return article


def _from_file(source, *, max_bytes: int, **_) -> Article:
    return article_from_bytes(read_limited(_existing(source), max_bytes), str(source), max_bytes=max_bytes)


#: Each kind of input: whether a source names it, and how to load it. The first kind that claims
#: a source loads it, and a file of text is the last resort. Add a kind with one line here.
INPUT_KINDS: list[tuple[Callable[[str | Path], bool], Callable[..., Article]]] = [
    (lambda source: str(source) == "-", _from_stdin),
    (lambda source: isinstance(source, str) and web.is_url(source), _from_url),
    (lambda source: Path(source).suffix.lower() in HTML_SUFFIXES, _from_saved_page),
]


def load_article(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, allow_private: bool = False, typed: bool = True
) -> Article:
    """Read an article from a URL, a file path (a saved web page is extracted), or stdin ("-").
    A URL must resolve to a public address unless `allow_private`, except the first hop of one
    the user `typed` (see `web.fetch`)."""
    options = {"max_bytes": max_bytes, "allow_private": allow_private, "typed": typed}
    for claims, load in INPUT_KINDS:
        if claims(path):
            return load(path, **options)
    return _from_file(path, **options)


def article_from_url(
    url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, allow_private: bool = False, typed: bool = True
) -> Article:
    body, final_url, kind = web.fetch(url, max_bytes=max_bytes, allow_private=allow_private, typed=typed)
    if kind.startswith("text/plain"):
        article = article_from_bytes(body, url, max_bytes=max_bytes)
        article.origin = {"url": final_url}
        return article
    return article_from_page(body, url, url=final_url)


def article_from_page(html: bytes | str, source: str, url: str | None = None, *, fragment_ok: bool = False) -> Article:
    """A web page's main text (trafilatura), its title first, with what the page says of itself.
    `fragment_ok`: a snippet too small for an article has its tags stripped instead."""
    if isinstance(html, bytes):
        refuse_binary(html, source, "a web page")
    text, origin = page_text(html, source, url, fragment_ok=fragment_ok)
    warnings = []
    if dropped := origin.pop("dropped", None):
        kinds = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in dropped.items())
        warnings.append(f"left out {sum(dropped.values())} line(s) of the page that are not the article ({kinds})")
    return Article(text=text, source=source, origin=origin, warnings=warnings)
