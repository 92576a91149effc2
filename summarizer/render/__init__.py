"""Stage 6: render a `Brief`. One registry of output formats: add a format by adding a module
here and one line to `RENDERERS`; the CLI, the batch runner and their help texts read it."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ConfigError
from ..models import Brief
from .json_brief import to_json
from .markdown import to_markdown

RENDERERS: dict[str, Callable[[Brief], str]] = {"md": to_markdown, "json": to_json}
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def render(brief: Brief, fmt: str) -> str:
    return RENDERERS[fmt](brief)


def parse_formats(text: str) -> tuple[str, ...]:
    """ "json,md" -> ("json", "md"), refusing unknown or empty lists with the known names."""
    chosen = tuple(dict.fromkeys(f.strip() for f in text.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in RENDERERS]
    if not chosen or unknown:
        raise ConfigError(f"--format takes {', '.join(FORMATS)} or a comma-separated list of them (got {text!r})")
    return chosen


__all__ = ["FORMATS", "RENDERERS", "parse_formats", "render", "to_json", "to_markdown"]
