"""A `Brief` as one self-contained HTML page: the brief as a one-pager, then the article with
every evidence span highlighted; the same template, without the article and capped to fit,
makes the one-page PDF (`pdf.py`).

Every highlight is an `<a class="ev">` carrying `data-start`/`data-end` (the JSON offsets), an
`id`, its section and match kind; its text is exactly `article[start:end]`, and it links back to
its item, which links to it. Spans that overlap another highlight (a position and an agreed
point quoting one sentence) cannot nest inside links, so each is shown whole, in its context,
under "Overlapping evidence": all are visible and linked, none is skipped. Article and model
text are escaped (Jinja2 autoescape, `markupsafe.escape` for the article pieces).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup, escape

from ..language import direction_of_language, direction_of_text
from ..models import Brief
from .ranking import quote_adds, rank

SECTIONS = (
    # (field, heading, css, noun, empty text)
    ("participants", "Participants", "part", "participants", "None found."),
    ("agreed_points", "Agreed points", "agr", "agreed points", "Nothing agreed in the article."),
    ("positions", "Positions", "pos", "positions", "None found."),
    ("cited_outlets", "Cited outlets", "out", "outlets", "No outlet cited as a source."),
)
CONTEXT_CHARS = 80  # around an overlapping span, shown whole below the article


@dataclass(frozen=True)
class Caps:
    """How many items of each section a page shows (the rest is "+N more")."""

    participants: int | None = None
    agreed_points: int | None = None
    positions: int | None = None
    cited_outlets: int | None = None
    warnings: int | None = None
    summary_words: int | None = None


@cache
def _env() -> jinja2.Environment:
    folder = resources.files("summarizer") / "render" / "templates"
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), autoescape=True, undefined=jinja2.StrictUndefined
    )


def _row_html(field: str, item) -> Markup:
    if field == "participants":
        role = f" — {item.role}" if item.role else ""
        return Markup("<strong>{}</strong> <span class=kind>{}</span>{}").format(item.name, item.kind, role)
    if field == "agreed_points":
        return Markup("<strong>{}</strong>: {}").format(", ".join(item.parties), item.point)
    if field == "positions":
        quote = Markup(" (&ldquo;{}&rdquo;)").format(item.quote) if quote_adds(item.stance, item.quote) else ""
        return Markup("<strong>{}</strong>: {}{}").format(item.holder, item.stance, quote)
    written = f' (as "{item.as_written}")' if item.as_written != item.name else ""
    return Markup("<strong>{}</strong>{}: &ldquo;{}&rdquo;").format(item.name, written, item.evidence.quote)


def _anchor(span: dict, text: str) -> Markup:
    return Markup(
        '<a class="ev {field}" id="{id}" href="#{item}" data-start="{start}" data-end="{end}" data-match="{match}" '
        'data-item="{item}" title="{label}: {match} match">{body}</a>'
    ).format(body=escape(text[span["start"] : span["end"]]), label=span["field"].replace("_", " "), **span)


_GAP = Markup('<span class="gap"></span>')


def _between(piece: str) -> Markup:
    """Article text between highlights, escaped, with a visible gap after each line break:
    paragraphs one newline apart would otherwise run together. The gap holds no text, so the
    page's text is still exactly the article's."""
    return (Markup("\n") + _GAP).join(escape(line) for line in piece.split("\n"))


def _article(text: str, spans: list[dict]) -> tuple[Markup, list[dict]]:
    """The article with the spans that do not overlap one another as links in place; the rest,
    each whole in its context, for the overlap list."""
    placed, overlaps, last_end = [], [], -1
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if span["start"] >= last_end:
            placed.append(span)
            last_end = span["end"]
        else:
            overlaps.append(span)
    pieces, pos = [], 0
    for span in placed:
        pieces += [_between(text[pos : span["start"]]), _anchor(span, text)]
        pos = span["end"]
    pieces.append(_between(text[pos:]))
    shown = [
        {
            "before": escape(text[max(0, s["start"] - CONTEXT_CHARS) : s["start"]]),
            "html": _anchor(s, text),
            "after": escape(text[s["end"] : s["end"] + CONTEXT_CHARS]),
        }
        for s in overlaps
    ]
    return Markup("").join(pieces), shown


def page(
    brief: Brief,
    text: str | None,
    *,
    caps: Caps | None = None,
    paper: str = "A4",
    for_print: bool = False,
    article: bool = True,
) -> str:
    """The page: the whole brief and, when `text` is given and `article`, the article with its
    evidence. The text ranks the items either way, so every format shows them in one order."""
    caps = caps or Caps()
    ranked = rank(brief, text or "")
    if not article:
        text = None
    sections, spans = [], []
    for field, heading, css, noun, empty in SECTIONS:
        items = getattr(ranked, field)
        cap = getattr(caps, field)
        shown = items if cap is None else items[:cap]
        rows = []
        for i, item in enumerate(shown):
            row_id, ev_id = f"item-{field}-{i}", f"ev-{field}-{i}"
            rows.append(
                {
                    "id": row_id,
                    "html": _row_html(field, item),
                    "link": ev_id if text is not None else None,
                    "support": item.support,
                    "note": item.support_note,
                }
            )
            ev = item.evidence
            spans.append(
                {"id": ev_id, "item": row_id, "field": field, "start": ev.start, "end": ev.end, "match": ev.match}
            )
        sections.append(
            {
                "heading": heading,
                "css": css,
                "rows": rows,
                "more": len(items) - len(shown),
                "noun": noun,
                "empty": empty,
            }
        )
    summary = brief.summary
    if caps.summary_words is not None and len(summary.split()) > caps.summary_words:
        summary = " ".join(summary.split()[: caps.summary_words]) + " …"
    warnings = brief.warnings if caps.warnings is None else brief.warnings[: caps.warnings]
    article_html, overlaps = _article(text, spans) if text is not None else (None, [])
    m = brief.meta
    who = f"{m.engine} engine" + (f", model {m.model}" if m.model else "")
    footer = (
        f"{who}; schema {m.schema_version}; {m.attempts} call(s), {m.usage.total_tokens} tokens. "
        "Every quote is verbatim from the article."
    )
    return (
        _env()
        .get_template("page.html.j2")
        .render(
            brief=brief.model_copy(update={"summary": summary}),
            sections=sections,
            warnings=warnings,
            more_warnings=len(brief.warnings) - len(warnings),
            article_html=article_html,
            overlaps=overlaps,
            footer=footer,
            support=m.support,
            # each part in its own language and direction: the brief's words are in the brief's
            # language; the article column is the article's, its direction decided by its script
            brief_lang=m.brief_language or m.language or "en",
            brief_dir=direction_of_language(m.brief_language or m.language)
            if (m.brief_language or m.language)
            else direction_of_text(brief.summary),
            article_lang=m.language or "und",
            article_dir=direction_of_text(text) if text else direction_of_language(m.language),
            paper=paper,
            print=for_print,
        )
    )


def to_html(brief: Brief, text: str | None = None) -> str:
    return page(brief, text)
