"""Stage 1: load an article from a path, stdin or a string, and refuse what is not text."""

from __future__ import annotations

import os
import stat
import sys
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from . import web
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
    #: Where a web page came from: url, title, site_name, published, author, language (as found).
    origin: dict = field(default_factory=dict)

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


# Byte-order marks that say how a file is encoded (Notepad's "Unicode" is UTF-16 LE); the
# longer UTF-32 marks first, since UTF-32 LE starts like UTF-16 LE.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _refuse_binary(data: bytes, source: str, wanted: str) -> None:
    """An image, a PDF or an archive given as an article: one line that says what it is."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{source} is {what}, not {wanted}", hint="give a plain-text or HTML article")


def _decode(data: bytes, source: str, warnings: list[str]) -> str:
    """The article text: the bytes decoded, a byte-order mark removed, newlines untouched
    (every offset in a brief holds on exactly this text)."""
    _refuse_binary(data, source, "text")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)  # these codecs drop the mark itself
            except UnicodeDecodeError:
                raise InputError(f"{source} starts with a {codec} byte-order mark but is not {codec}") from None
    if b"\x00" in data:
        raise InputError(f"{source} looks binary (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = _best_legacy_decoding(data)
    if best is None:
        raise InputError(f"{source} is not UTF-8 and its encoding could not be detected")
    warnings.append(f"input was not UTF-8; decoded as {best.encoding}")
    return str(best)


# charset_normalizer ranks ties between legacy encodings arbitrarily: Latin-1 text is also
# valid cp1250, with "ï" read as "ď", and Polish cp1250 is also valid cp1252, with "Ł" read as
# "£". Among the encodings that read a file with the least mess, the one that turns the fewest
# bytes into symbols (¯ ± ¤ ·: rare in prose, common in a wrong reading) wins, and on a tie
# Western European (cp1252), the most common encoding of news outside Unicode.
_WESTERN = "cp1252"


def _best_legacy_decoding(data: bytes):
    from charset_normalizer import from_bytes

    found = list(from_bytes(data))
    if not found:
        return None
    least = min(m.chaos for m in found)

    def symbols(match) -> int:
        # currency signs are left out: "£" is common in news, and a Latin-1 "£" must not lose to Ł
        return sum(ord(c) > 127 and unicodedata.category(c) in ("Sm", "Sk", "So") for c in str(match))

    calm = [m for m in found if m.chaos <= least]
    return min(calm, key=lambda m: (symbols(m), m.encoding != _WESTERN, calm.index(m)))


def _too_large(source: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        f"{source} is {size:,} bytes, over the {max_bytes:,}-byte limit",
        hint="raise it with --max-bytes or SUMMARIZER_MAX_BYTES",
    )


def article_from_bytes(data: bytes, source: str = "<bytes>", *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    if len(data) > max_bytes:
        raise _too_large(source, len(data), max_bytes)
    warnings: list[str] = []
    text = _decode(data, source, warnings)
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
        raise _too_large(source, size, max_bytes)
    return _article(text, source, list(warnings or []))


def _article(text: str, source: str, warnings: list[str]) -> Article:
    # A BOM that survived decoding (text read with plain "utf-8") is not part of the article.
    text = text.removeprefix("\ufeff")
    if _looks_like_html(text):
        try:
            text = web.extract(text, source)[0]
            warnings.append("input looked like HTML; its main text was extracted before reading")
        except InputError:  # a fragment too small for trafilatura: strip the tags instead
            text = _html_to_text(text)
            warnings.append("input looked like HTML; tags were stripped before reading")
    if not text.strip():
        raise InputError(f"{source} is empty (no text to summarize)")
    return Article(text=text, source=source, warnings=warnings)


def regular_file(path: Path, noun: str, *, follow: bool = True, hint: str | None = None) -> os.stat_result:
    """The status of `path` when it is a regular file; else one line saying what it is (a
    folder, or a FIFO that would block forever, /dev/zero that would never end). `follow=False`
    judges a symlink itself, not its target."""
    try:
        st = path.stat() if follow else path.lstat()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path} is a directory, not {noun}")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path} is not a regular file", hint=hint)
    return st


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, reading at most `max_bytes + 1` whatever the file claims:
    a device or a file that grows cannot make us read without end."""
    st = regular_file(path, "an article file", hint="give an article file, or - to read stdin")
    if st.st_size > max_bytes:
        raise _too_large(str(path), st.st_size, max_bytes)
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise _too_large(str(path), len(data), max_bytes)
    return data


HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def load_article(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, allow_private: bool = False, typed: bool = True
) -> Article:
    """Read an article from a URL, a file path (a saved web page is extracted), or stdin ("-").
    A URL must resolve to a public address unless `allow_private`, except the first hop of one
    the user `typed` (see `web.fetch`)."""
    if str(path) == "-":
        return article_from_bytes(sys.stdin.buffer.read(max_bytes + 1), "<stdin>", max_bytes=max_bytes)
    if isinstance(path, str) and web.is_url(path):
        return article_from_url(path, max_bytes=max_bytes, allow_private=allow_private, typed=typed)
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p} does not exist")
    data = read_limited(p, max_bytes)
    if p.suffix.lower() in HTML_SUFFIXES:
        article = article_from_page(data, str(p))
        # as for HTML on stdin or in a .txt: the reader learns the text is the page's extract
        article.warnings.insert(0, "input is a web page; its main text was extracted before reading")
        return article
    return article_from_bytes(data, str(p), max_bytes=max_bytes)


def article_from_url(
    url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, allow_private: bool = False, typed: bool = True
) -> Article:
    body, final_url, kind = web.fetch(url, max_bytes=max_bytes, allow_private=allow_private, typed=typed)
    if kind.startswith("text/plain"):
        article = article_from_bytes(body, url, max_bytes=max_bytes)
        article.origin = {"url": final_url}
        return article
    return article_from_page(body, url, url=final_url)


def article_from_page(html: bytes | str, source: str, url: str | None = None) -> Article:
    """A web page's main text (trafilatura), its title first, with what the page says of itself."""
    if isinstance(html, bytes):
        _refuse_binary(html, source, "a web page")
    text, origin = web.extract(html, source, url)
    warnings = []
    if dropped := origin.pop("dropped", None):
        kinds = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in dropped.items())
        warnings.append(f"left out {sum(dropped.values())} line(s) of the page that are not the article ({kinds})")
    return Article(text=text, source=source, origin=origin, warnings=warnings)
