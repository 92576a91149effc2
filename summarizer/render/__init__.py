"""Stage 6: render a `Brief`. One registry of output formats: add a format by adding a module
here and one line to `RENDERERS`; the CLI, the batch runner and their help texts read it.

A renderer takes the brief and the article text (the HTML page highlights the evidence in it)
and returns text, or bytes for a binary format.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..models import Brief


def _load(module: str, name: str) -> Callable[..., str | bytes]:
    # each renderer (and the models, jinja2, WeasyPrint behind it) is imported when first used,
    # so the CLI's --help and its format checks do not pay for them
    return getattr(import_module(f".{module}", __name__), name)


RENDERERS: dict[str, Callable[..., str | bytes]] = {
    "md": lambda brief, text, **_: _load("markdown", "to_markdown")(brief, text),
    "json": lambda brief, text, **_: _load("json_brief", "to_json")(brief),
    "html": lambda brief, text, **_: _load("html", "to_html")(brief, text),
    "pdf": lambda brief, text, paper="a4", **_: _load("pdf", "to_pdf")(brief, text, paper=paper),
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)
_FUNCTIONS = {"to_markdown": "markdown", "to_json": "json_brief", "to_html": "html", "to_pdf": "pdf"}


def __getattr__(name: str):
    if name in _FUNCTIONS:
        return _load(_FUNCTIONS[name], name)
    if name in ("markdown", "json_brief", "html", "pdf", "ranking"):
        return import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render(brief: Brief, fmt: str, text: str | None = None, **options) -> str | bytes:
    return RENDERERS[fmt](brief, text, **options)


def parse_formats(text: str) -> tuple[str, ...]:
    """ "json,md" -> ("json", "md"), refusing unknown or empty lists with the known names."""
    chosen = tuple(dict.fromkeys(f.strip() for f in text.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in RENDERERS]
    if not chosen or unknown:
        raise ConfigError(f"--format takes {', '.join(FORMATS)} or a comma-separated list of them (got {text!r})")
    return chosen


__all__ = ["FORMATS", "RENDERERS", "parse_formats", "render", "to_html", "to_json", "to_markdown", "to_pdf"]
