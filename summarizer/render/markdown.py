"""A `Brief` as a one-page Markdown brief."""

from __future__ import annotations

from ..models import Brief


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def to_markdown(brief: Brief) -> str:
    out: list[str] = [f"# {brief.title or 'Untitled article'}", "", brief.summary or "_No summary._", ""]

    out += ["## Participants", ""]
    if brief.participants:
        out += ["| Name | Kind | Role |", "|---|---|---|"]
        out += [f"| {_cell(p.name)} | {p.kind} | {_cell(p.role)} |" for p in brief.participants]
    else:
        out.append("_None found._")

    out += ["", "## Agreed points", ""]
    out += [f"- **{', '.join(a.parties)}**: {a.point}  \n  > {a.evidence.quote}" for a in brief.agreed_points] or [
        "_Nothing agreed in the article._"
    ]

    out += ["", "## Positions", ""]
    for p in brief.positions:
        line = f"- **{p.holder}**: {p.stance}"
        if p.quote and p.quote not in p.stance:
            line += f' ("{p.quote}")'
        out.append(line)
    if not brief.positions:
        out.append("_None found._")

    out += ["", "## Cited outlets", ""]
    out += [
        f"- **{o.name}**" + (f' (as "{o.as_written}")' if o.as_written != o.name else "") + f': "{o.evidence.quote}"'
        for o in brief.cited_outlets
    ] or ["_No outlet cited as a source._"]

    if brief.warnings:
        out += ["", "## Warnings", ""] + [f"- {w}" for w in brief.warnings]

    m = brief.meta
    who = f"{m.engine} engine" + (f", model {m.model}" if m.model else "")
    out += [
        "",
        "---",
        f"_{who}; prompt {m.prompt_version}, schema {m.schema_version}; {m.attempts} call(s), "
        f"{m.usage.total_tokens} tokens, {m.elapsed_s:.2f}s. Every quote above is verbatim from the article._",
    ]
    return "\n".join(out) + "\n"
