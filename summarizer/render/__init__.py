"""Stage 6: render a `Brief`. One registry of output formats: add a format by adding a module
here and one line to `RENDERERS`; the CLI, the batch runner and their help texts read it.

A renderer takes the brief and the article text (the HTML page highlights the evidence in it)
and returns text, or bytes for a binary format.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ConfigError
from ..models import Brief
from .html import to_html
from .json_brief import to_json
from .markdown import to_markdown
from .pdf import to_pdf

RENDERERS: dict[str, Callable[..., str | bytes]] = {
    "md": lambda brief, text, **_: to_markdown(brief, text),
    "json": lambda brief, text, **_: to_json(brief),
    "html": lambda brief, text, **_: to_html(brief, text),
    "pdf": lambda brief, text, paper="a4", **_: to_pdf(brief, text, paper=paper),
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)
BINARY = frozenset({"pdf"})


def render(brief: Brief, fmt: str, text: str | None = None, **options) -> str | bytes:
    return RENDERERS[fmt](brief, text, **options)


def parse_formats(text: str) -> tuple[str, ...]:
    """ "json,md" -> ("json", "md"), refusing unknown or empty lists with the known names."""
    chosen = tuple(dict.fromkeys(f.strip() for f in text.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in RENDERERS]
    if not chosen or unknown:
        raise ConfigError(f"--format takes {', '.join(FORMATS)} or a comma-separated list of them (got {text!r})")
    return chosen


__all__ = ["BINARY", "FORMATS", "RENDERERS", "parse_formats", "render", "to_html", "to_json", "to_markdown", "to_pdf"]
