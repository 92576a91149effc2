"""Stage 1: load an article from a path, stdin or a string, and refuse what is not text."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .errors import InputError

DEFAULT_MAX_BYTES = 2_000_000

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip file",
}


@dataclass
class Article:
    text: str
    source: str = "<text>"
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The first line, when it reads like a headline (news files put it first)."""
        lines = self.text.strip().split("\n", 1)
        if len(lines) < 2:  # a one-paragraph text has no headline line
            return ""
        first = lines[0].strip()
        return first if 0 < len(first.split()) <= 30 else ""


class _TextOnly(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def _html_to_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(line for line in lines if line)


def _decode(data: bytes, source: str, warnings: list[str]) -> str:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{source} is {what}, not text", hint="give a plain-text or HTML article")
    if b"\x00" in data[:8192]:
        raise InputError(f"{source} looks binary (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{source} is not UTF-8 and its encoding could not be detected")
    warnings.append(f"input was not UTF-8; decoded as {best.encoding}")
    return str(best)


def article_from_bytes(data: bytes, source: str = "<bytes>", *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    if len(data) > max_bytes:
        raise InputError(
            f"{source} is {len(data):,} bytes, over the {max_bytes:,}-byte limit",
            hint="raise it with --max-bytes or SUMMARIZER_MAX_BYTES",
        )
    warnings: list[str] = []
    text = _decode(data, source, warnings)
    return article_from_text(text, source, warnings=warnings)


def article_from_text(text: str, source: str = "<text>", *, warnings: list[str] | None = None) -> Article:
    warnings = list(warnings or [])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_like_html(text):
        text = _html_to_text(text)
        warnings.append("input looked like HTML; tags were stripped before reading")
    if not text.strip():
        raise InputError(f"{source} is empty (no text to summarize)")
    return Article(text=text, source=source, warnings=warnings)


def load_article(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read an article from a file path, or from stdin when `path` is "-"."""
    if str(path) == "-":
        return article_from_bytes(sys.stdin.buffer.read(max_bytes + 1), "<stdin>", max_bytes=max_bytes)
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p} does not exist")
    if p.is_dir():
        raise InputError(f"{p} is a directory, not an article file")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{p} is {size:,} bytes, over the {max_bytes:,}-byte limit",
                hint="raise it with --max-bytes or SUMMARIZER_MAX_BYTES",
            )
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {p}: {exc.strerror or exc}") from None
    return article_from_bytes(data, str(p), max_bytes=max_bytes)
