"""A web page's main text. trafilatura finds the article (no navigation, ads, related stories or
cookie banners) and `boilerplate` removes what a site puts around every story; a fragment too
small for trafilatura has its tags stripped instead. The text is the title, a blank line, then
the paragraphs; every offset of the brief refers to exactly that text, which `summarizer
extract` prints."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from . import boilerplate
from .errors import InputError

MIN_ARTICLE_CHARS = 200  # less than this is not an article (a paywall stub, a script-only page)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def page_text(html: str | bytes, source: str, url: str | None = None, *, fragment_ok: bool = False) -> tuple[str, dict]:
    """(article text, metadata) of a web page. `fragment_ok`: a snippet of HTML with too little
    text for an article (pasted, or piped in) has its tags stripped instead of being refused;
    the metadata then says `stripped`."""
    try:
        return extract(html, source, url)
    except InputError:
        if not fragment_ok:
            raise
    text = strip_tags(html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
    return text, {"stripped": True}


def extract(html: str | bytes, source: str, url: str | None = None) -> tuple[str, dict]:
    """(article text, metadata) of a web page: the main text, its title first."""
    import trafilatura

    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, favor_precision=True)
    doc = found.as_dict() if found is not None and not isinstance(found, dict) else (found or {})
    body = (doc.get("text") or "").strip()
    if len(body) < MIN_ARTICLE_CHARS:
        raise InputError(
            f"{source}: no article text found",
            hint="the page may be behind a paywall or need JavaScript; save the text and brief the file",
        )
    raw_title = (doc.get("title") or "").strip()
    title = boilerplate.clean_title(raw_title, doc.get("sitename"))
    paragraphs, dropped = boilerplate.clean_paragraphs([p.strip() for p in body.split("\n") if p.strip()])
    # a page that repeats its headline as the first line of the body: said once
    while title and paragraphs and _same_line(paragraphs[0], title, raw_title):
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise InputError(f"{source}: no article text found", hint="the page holds only links and promos")
    text = "\n\n".join([title, *paragraphs] if title else paragraphs)
    meta = {
        "url": url or doc.get("url"),
        "title": title or None,
        "site_name": doc.get("sitename"),
        "published": doc.get("date"),
        "author": doc.get("author"),
        "language": doc.get("language") or _declared_language(html),
    }
    if dropped:
        meta["dropped"] = dropped
    return text, {k: v for k, v in meta.items() if v}


def _same_line(line: str, *titles: str) -> bool:
    def plain(x: str) -> str:
        return " ".join(x.casefold().split())

    return any(t and plain(line) == plain(t) for t in titles)


_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)", re.I)


def _declared_language(html: str | bytes) -> str | None:
    """The language the page declares (`<html lang="en">`), when trafilatura found none."""
    head = html[:4096] if isinstance(html, bytes) else html[:4096].encode("utf-8", "replace")
    found = _HTML_LANG.search(head)
    return found.group(1).decode("ascii") if found else None


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


def strip_tags(html: str) -> str:
    """The text of an HTML fragment, a paragraph for each block, scripts and styles left out."""
    parser = _TextOnly()
    parser.feed(html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(line for line in lines if line)
