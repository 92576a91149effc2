"""Bytes to article text: a byte-order mark, UTF-8, or a detected legacy encoding (with a
warning); an image, a PDF or an archive refused by its magic number. Newlines are left as they
are, so every offset of a brief holds on the decoded text."""

from __future__ import annotations

import unicodedata

from .errors import InputError

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip file",
}


# Byte-order marks that say how a file is encoded (Notepad's "Unicode" is UTF-16 LE); the
# longer UTF-32 marks first, since UTF-32 LE starts like UTF-16 LE.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def refuse_binary(data: bytes, source: str, wanted: str) -> None:
    """An image, a PDF or an archive given as an article: one line that says what it is."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{source} is {what}, not {wanted}", hint="give a plain-text or HTML article")


def decode(data: bytes, source: str, warnings: list[str]) -> str:
    """The article text: the bytes decoded, a byte-order mark removed, newlines untouched
    (every offset in a brief holds on exactly this text)."""
    refuse_binary(data, source, "text")
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
