"""A `Brief` as a one-page Markdown brief."""

from __future__ import annotations

import re

from ..models import Brief
from .ranking import quote_adds, rank

MAX_MD_PARTICIPANTS = 15  # a table longer than this is no longer a one-page brief


# Terminal control characters (ESC starts the sequences that move the cursor, retitle the
# window or, as OSC 52, write the clipboard): a brief printed to a terminal must not run them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def safe(text: str | None) -> str:
    """Article or model text as Markdown shows it: HTML escaped (a Markdown viewer would render
    a `<script>` or `<img onerror>`), control characters shown as U+FFFD. Each character stays
    one character, and the JSON keeps the exact text."""
    return _CONTROL.sub("\ufffd", (text or "").translate(_HTML))


def terminal_safe(text: str) -> str:
    """Text for a terminal: control characters shown as U+FFFD, one for one, so every offset
    into the text still holds."""
    return _CONTROL.sub("\ufffd", text)


def _cell(text: str | None) -> str:
    return safe(text).replace("|", "\\|").replace("\n", " ")


def _mark(item) -> str:
    """The verdict as a reader sees it: nothing for verified, a flag and the note for unverified."""
    if item.support == "verified":
        return ""
    return " ⚠ _unverified" + (f": {_cell(item.support_note)}_" if item.support_note else "_")


def to_markdown(brief: Brief, text: str | None = None) -> str:
    """The brief in Markdown: complete, in the page's order of salience, with the participants
    table capped at `MAX_MD_PARTICIPANTS` rows ("+N more"; the JSON keeps every one)."""
    ranked = rank(brief, text or "")
    out: list[str] = [f"# {safe(brief.title) or 'Untitled article'}", "", safe(brief.summary) or "_No summary._", ""]

    out += ["## Participants", ""]
    if ranked.participants:
        out += ["| Name | Kind | Role |", "|---|---|---|"]
        out += [
            f"| {_cell(p.name)}{_mark(p)} | {p.kind} | {_cell(p.role)} |"
            for p in ranked.participants[:MAX_MD_PARTICIPANTS]
        ]
        if len(ranked.participants) > MAX_MD_PARTICIPANTS:
            out += ["", f"_+{len(ranked.participants) - MAX_MD_PARTICIPANTS} more participants (all are in the JSON)._"]
    else:
        out.append("_None found._")

    out += ["", "## Agreed points", ""]
    out += [
        f"- **{safe(', '.join(a.parties))}**: {safe(a.point)}{_mark(a)}  \n  > {_cell(a.evidence.quote)}"
        for a in ranked.agreed_points
    ] or ["_Nothing agreed in the article._"]

    out += ["", "## Positions", ""]
    for p in ranked.positions:
        line = f"- **{safe(p.holder)}**: {safe(p.stance)}"
        if quote_adds(p.stance, p.quote):
            line += f' ("{_cell(p.quote)}")'
        out.append(line + _mark(p))
    if not brief.positions:
        out.append("_None found._")

    out += ["", "## Cited outlets", ""]
    out += [
        f"- **{safe(o.name)}**"
        + (f' (as "{safe(o.as_written)}")' if o.as_written != o.name else "")
        + f': "{_cell(o.evidence.quote)}"{_mark(o)}'
        for o in ranked.cited_outlets
    ] or ["_No outlet cited as a source._"]

    if brief.warnings:
        out += ["", "## Warnings", ""] + [f"- {_cell(w)}" for w in brief.warnings]

    m = brief.meta
    who = f"{m.engine} engine" + (f", model {m.model}" if m.model else "")
    checked = (
        f"{m.support.verified} items verified, {m.support.unverified} unverified (⚠: the evidence is in the article,"
        " but no check could confirm the item)"
        + (f"; {m.support.refused} contradicted by the article and dropped" if m.support.refused else "")
        + (f"; not run: {'; '.join(m.support.checks_skipped)}" if m.support.checks_skipped else "")
    )
    out += [
        "",
        f"_{checked}._",
        "",
        "---",
        f"_{who}; prompt {m.prompt_version}, schema {m.schema_version}; {m.attempts} call(s), "
        f"{m.usage.total_tokens} tokens, {m.elapsed_s:.2f}s. Every quote above is verbatim from the article._",
    ]
    return "\n".join(out) + "\n"
