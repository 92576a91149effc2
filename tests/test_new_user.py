"""What a new user meets (issue 22): the version, the help, one exit code for a bad choice, the
output's extension choosing its format, the PDF using its page, one order in every format, and
a Python call that says when no model was used."""

from __future__ import annotations

import io

import pytest

from summarizer import summarize
from summarizer.cli import cli
from summarizer.models import Brief
from summarizer.render import render
from tests.helpers import SEED


def test_version(capsys):
    from summarizer.version import __version__

    assert cli(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"summarizer {__version__} (grounded-news-brief)"


def test_the_help_shows_no_value_for_a_flag_names_every_option_whole_and_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    assert cli(["brief", "--help"]) == 0
    out = capsys.readouterr().out
    assert "<bool>" not in out and "<int>" not in out.split("--verbose", 1)[1].split("\n", 1)[0]
    for flag in ("--force", "--verified-only", "--allow-private-urls", "--transport-retries", "--article-language"):
        assert flag in out, flag
    assert "<auto|llm|extractive>" in out and "SUMMARIZER_BASE_URL" in out
    assert cli(["--help"]) == 0
    assert "SUMMARIZER_<SETTING>" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [["--format", "docx"], ["--paper", "a5"], ["--engine", "gpt"], ["--mode", "xml"], ["-o", "b.pdf", "-f", "md"]],
)
def test_a_bad_choice_is_a_usage_error_before_any_work(args, capsys):
    assert cli(["brief", str(SEED), *args]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Invalid value" in err


@pytest.mark.parametrize(
    "suffix, starts", [(".html", "<!doctype html>"), (".json", "{"), (".md", "# "), (".pdf", "%PDF")]
)
def test_the_extension_of_o_chooses_the_format(tmp_path, suffix, starts):
    if suffix == ".pdf":
        pytest.importorskip("weasyprint")
    out = tmp_path / f"brief{suffix}"
    assert cli(["brief", str(SEED), "--engine", "extractive", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.lstrip().startswith(starts.encode()), data[:40]


def test_summarize_without_an_endpoint_says_so_in_the_brief(monkeypatch, caplog):
    for name in ("OPENAI_API_KEY", "SUMMARIZER_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    brief = summarize(SEED.read_text(encoding="utf-8"), model="gpt-4o-mini")
    assert brief.meta.engine == "extractive"
    assert brief.warnings[0].startswith("no model endpoint is configured, so the extractive engine wrote this brief")
    assert "gpt-4o-mini was not called" in brief.warnings[0]
    assert "no model endpoint is configured" in caplog.text
    quiet = summarize(SEED.read_text(encoding="utf-8"), engine="extractive")  # chosen, so nothing to say
    assert not any("no model endpoint" in w for w in quiet.warnings)


def _sample() -> tuple[Brief, str]:
    from summarizer.load import load_article
    from summarizer.pipeline import extractive_brief

    article = load_article(SEED)
    return extractive_brief(article), article.text


def test_a_stance_that_is_its_quote_is_printed_once():
    from summarizer.render.ranking import quote_adds

    assert not quote_adds("“We will not accept this,”", "We will not accept this")
    assert not quote_adds("We will not accept this.", "we will not accept this")
    assert quote_adds("rejects the plan", "We will not accept this")
    brief, text = _sample()
    same = brief.positions[0].model_copy(update={"stance": f"“{brief.positions[0].evidence.quote}.”"})
    same = same.model_copy(update={"quote": brief.positions[0].evidence.quote})
    one = brief.model_copy(update={"positions": [same]})
    html = render(one, "html", text)
    row = html.split('id="item-positions-0"', 1)[1].split("</li>", 1)[0]
    assert "&ldquo;" not in row and row.count("to impose its will") == 1  # no bracketed repeat
    other = brief.model_copy(update={"positions": [same.model_copy(update={"stance": "criticises the West"})]})
    row = render(other, "html", text).split('id="item-positions-0"', 1)[1].split("</li>", 1)[0]
    assert "(&ldquo;" in row  # a stance in other words still shows its quote


def test_every_format_lists_participants_and_positions_in_one_order():
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    brief, text = _sample()
    md = render(brief, "md", text)
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render(brief, "pdf", text))).pages)
    html = render(brief, "html", text)

    def order(doc: str, names: list[str]) -> list[str]:
        found = [(doc.find(n), n) for n in names if doc.find(n) >= 0]
        return [n for _, n in sorted(found)]

    names = [p.name for p in brief.participants]
    md_order = order(md.split("## Participants", 1)[1].split("## Agreed", 1)[0], names)
    pdf_order = order(pdf.split("Participants", 1)[1], names)
    html_order = order(html.split("Participants", 1)[1], names)
    assert md_order[: len(pdf_order)] == pdf_order[: len(md_order)] and md_order == html_order[: len(md_order)]


def test_the_pdf_fills_its_page_before_it_cuts():
    """A section cut to "+N more" is cut because one more item would not fit: with that one
    more, the page runs onto a second sheet."""
    weasyprint = pytest.importorskip("weasyprint")
    from dataclasses import replace

    from summarizer.render import pdf
    from summarizer.render.html import Caps, page
    from tests.helpers import crowded_article

    for article_text in (SEED.read_text(encoding="utf-8"), crowded_article(3000, 30)):
        from summarizer.load import article_from_text
        from summarizer.pipeline import extractive_brief

        article = article_from_text(article_text)
        brief = extractive_brief(article)
        chosen: list[Caps] = []

        def spy(*args, caps=None, _seen=chosen, _page=page, **kw):
            _seen.append(caps)
            return _page(*args, caps=caps, **kw)

        pdf.page = spy
        try:
            pdf.to_pdf(brief, article.text)
        finally:
            pdf.page = page
        fitted = _last_fitting(weasyprint, brief, article.text, chosen)
        for field in ("positions", "participants"):
            shown, total = getattr(fitted, field), len(getattr(brief, field))
            if shown < total:
                more = replace(fitted, **{field: shown + 1})
                html = page(brief, article.text, caps=more, paper="A4", for_print=True, article=False)
                assert len(weasyprint.HTML(string=html).render().pages) > 1, (field, shown, total)


def _last_fitting(weasyprint, brief, text, tried):
    from summarizer.render.html import page

    fitting = [
        c
        for c in tried
        if len(
            weasyprint.HTML(string=page(brief, text, caps=c, paper="A4", for_print=True, article=False)).render().pages
        )
        == 1
    ]
    return max(fitting, key=lambda c: (c.positions, c.participants, c.agreed_points, c.cited_outlets))


def test_the_pdf_renders_without_a_warning_from_weasyprint(caplog):
    """A CSS rule WeasyPrint cannot read prints a WARNING on every PDF a user makes."""
    pytest.importorskip("weasyprint")
    brief, text = _sample()
    with caplog.at_level("WARNING", logger="weasyprint"):
        render(brief, "pdf", text)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
