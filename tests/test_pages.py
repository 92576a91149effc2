"""Pages people read: the HTML brief with its evidence view (checked in a real browser), the
one-page PDF, and the capped Markdown."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from summarizer.batch.runner import BatchOptions, run_batch
from summarizer.batch.sources import iter_items
from summarizer.cli import cli
from summarizer.extractive import extract_brief
from summarizer.load import article_from_text
from summarizer.models import Brief
from summarizer.render import render, to_html, to_markdown, to_pdf
from summarizer.render.markdown import MAX_MD_PARTICIPANTS
from summarizer.settings import Settings
from tests.helpers import SEED, crowded_article


class _Evidence(HTMLParser):
    """The `a.ev` elements of a page, with their exact text, and every id and href."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.spans: list[dict] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.scripts = 0
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.hrefs.append(a["href"][1:])
        if tag == "script":
            self.scripts += 1
        if tag == "a" and "ev" in a.get("class", "").split():
            self._open = {**a, "text": ""}

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.spans.append(self._open)
            self._open = None


def _evidences(brief: Brief) -> list:
    return [x.evidence for x in [*brief.participants, *brief.agreed_points, *brief.positions, *brief.cited_outlets]]


def _check_page(html: str, text: str, brief: Brief) -> _Evidence:
    page = _Evidence()
    page.feed(html)
    assert len(page.spans) == len(_evidences(brief))  # one highlight per evidence span, none skipped
    for span in page.spans:
        start, end = int(span["data-start"]), int(span["data-end"])
        assert span["text"] == text[start:end]
        assert span["href"][1:] in page.ids  # the span links back to its item
    assert all(h in page.ids for h in page.hrefs)  # every link resolves
    return page


def test_html_highlights_every_span_with_exact_text_and_links_both_ways(seed_text):
    brief = extract_brief(article_from_text(seed_text))
    page = _check_page(to_html(brief, seed_text), seed_text, brief)
    assert {s["id"] for s in page.spans} <= set(page.hrefs)  # every item links to its span
    assert {s["data-match"] for s in page.spans} <= {"exact", "normalized", "elided", "fuzzy"}


def test_overlapping_spans_are_all_shown_and_linked(seed_text):
    brief = extract_brief(article_from_text(seed_text))
    same = brief.positions[0].evidence
    doubled = brief.model_copy(
        update={"agreed_points": [*brief.agreed_points, brief.agreed_points[0].model_copy(update={"evidence": same})]}
    )
    html = to_html(doubled, seed_text)
    _check_page(html, seed_text, doubled)
    assert "Overlapping evidence" in html


def test_article_and_model_text_are_escaped():
    text = 'Title\n\nAcme Corp said "we <script>alert(1)</script> won" on Monday. The </mark> ended it, Acme Corp said.'
    brief = extract_brief(article_from_text(text))
    brief = brief.model_copy(update={"summary": "<b>bold</b> </mark><script>x()</script>"})
    html = to_html(brief, text)
    page = _check_page(html, text, brief)
    assert page.scripts == 0 and "<b>bold</b>" not in html and "&lt;script&gt;" in html


def test_markdown_is_ranked_and_capped(seed_text):
    text = crowded_article(3000, 40)
    brief = extract_brief(article_from_text(text))
    assert len(brief.participants) > MAX_MD_PARTICIPANTS
    md = to_markdown(brief, text)
    table = [line for line in md.splitlines() if line.startswith("| ") and not line.startswith("| Name")]
    assert len(table) == MAX_MD_PARTICIPANTS
    assert f"+{len(brief.participants) - MAX_MD_PARTICIPANTS} more participants" in md


# --- the PDF --------------------------------------------------------------------------------


def _pdf(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def test_the_sample_pdf_is_one_page_with_its_title_and_outlets(seed_text):
    brief = extract_brief(article_from_text(seed_text))
    reader = _pdf(to_pdf(brief, seed_text))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Russia, China vow to strengthen" in text
    assert all(o.name in text for o in brief.cited_outlets) and brief.cited_outlets
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4, in points


def test_a_long_crowded_article_is_still_one_page_in_letter_size():
    text = crowded_article()
    brief = extract_brief(article_from_text(text))
    assert len(text.split()) >= 7000 and len(brief.participants) >= 60
    reader = _pdf(to_pdf(brief, text, paper="letter"))
    assert len(reader.pages) == 1 and round(float(reader.pages[0].mediabox.width)) == 612
    assert "more participants" in reader.pages[0].extract_text()


def test_non_latin_names_get_real_glyphs(seed_text):
    brief = extract_brief(article_from_text(seed_text))
    names = ["Łukasz Żółkiewski", "محمد الحسن", "王毅"]
    extra = [p.model_copy(update={"name": n}) for p, n in zip(brief.participants, names, strict=False)]
    brief = brief.model_copy(update={"participants": extra})
    reader = _pdf(to_pdf(brief, seed_text))
    fonts = set()
    for obj in reader.pages[0]["/Resources"]["/Font"].values():
        fonts.add(str(obj.get_object().get("/BaseFont")))
    text = reader.pages[0].extract_text()
    assert "Żółkiewski" in text and "王毅" in text
    assert any("Droid" in f or "CJK" in f for f in fonts), fonts  # a font that has Chinese glyphs, not boxes


def test_pdf_without_weasyprint_is_a_one_line_hint(monkeypatch, capsys, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if the extra were not installed
    assert cli(["brief", str(SEED), "--format", "pdf", "-o", str(tmp_path / "b.pdf")]) == 4
    err = capsys.readouterr().err
    assert "needs WeasyPrint (pip install -e '.[pdf]' (in the clone))" in err and not (tmp_path / "b.pdf").exists()
    assert "Traceback" not in err  # said before the brief is computed, and in one line


# --- CLI and batch ------------------------------------------------------------------------


@pytest.mark.parametrize("browser", ["none", "broken"])
def test_open_is_harmless_without_a_browser(tmp_path, monkeypatch, capsys, browser):
    import webbrowser

    def no_browser(url):  # what webbrowser does with no browser, or with a broken BROWSER setting
        if browser == "broken":
            raise webbrowser.Error("could not locate runnable browser")
        return False

    monkeypatch.setattr(webbrowser, "open", no_browser)
    page = tmp_path / "b.html"
    assert cli(["brief", str(SEED), "--format", "html", "-o", str(page), "--open"]) == 0
    assert page.read_text().startswith("<!doctype html>")
    assert f"summarizer: no browser to open {page} (it is written)" in capsys.readouterr().err


def test_batch_writes_every_requested_format(tmp_path):
    import asyncio

    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"))
    items = list(iter_items([str(tmp_path / "a.txt")]))
    opts = BatchOptions(out=tmp_path / "out", formats=("json", "md", "html", "pdf"), quiet=True)
    tally = asyncio.run(run_batch(items, 1, Settings(engine="extractive"), opts))
    assert tally.done == 1
    assert {p.suffix for p in (tmp_path / "out").glob("a.*")} == {".json", ".md", ".html", ".pdf"}
    assert len(_pdf((tmp_path / "out" / "a.pdf").read_bytes()).pages) == 1


# --- a real browser -------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _chromium(*args: str) -> subprocess.CompletedProcess:
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"]
    return subprocess.run([*base, *args], capture_output=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="no Chromium here (.ci/run installs it)")
def test_the_page_in_headless_chromium(tmp_path, seed_text):
    assert CHROMIUM, "Chromium is missing: .ci/run installs the Debian package"
    brief = extract_brief(article_from_text(seed_text))
    page = tmp_path / "brief.html"
    page.write_text(render(brief, "html", seed_text), encoding="utf-8")
    dom = _chromium("--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-500:]
    _check_page(dom.stdout.decode("utf-8"), seed_text, brief)  # the DOM after the browser parsed it
    shot = tmp_path / "shot.png"
    assert _chromium(f"--screenshot={shot}", "--window-size=1200,1400", page.as_uri()).returncode == 0
    from PIL import Image

    image = Image.open(shot).convert("L")
    low, high = image.getextrema()
    assert image.size == (1200, 1400) and high - low > 100  # not blank
    assert len(image.resize((120, 140)).getcolors(maxcolors=1 << 16)) > 20  # text and highlights, not one colour


def _with_an_unverified_position(seed_text) -> Brief:
    from summarizer.pipeline import extractive_brief

    brief = extractive_brief(article_from_text(seed_text))
    brief.positions[0].support = "unverified"
    brief.positions[0].support_note = "no check could confirm that the article gives this to Sergey Lavrov"
    return brief


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="no Chromium here (.ci/run installs it)")
def test_an_unverified_item_shows_its_mark_and_note_in_chromium(tmp_path, seed_text):
    brief = _with_an_unverified_position(seed_text)
    page = tmp_path / "brief.html"
    page.write_text(render(brief, "html", seed_text), encoding="utf-8")
    dom = _chromium("--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-500:]
    html = dom.stdout.decode("utf-8")
    rows = [r for r in html.split("<li ")[1:] if 'data-support="unverified"' in r]
    verified = [r for r in html.split("<li ")[1:] if 'data-support="verified"' in r]
    items = [*brief.participants, *brief.agreed_points, *brief.positions, *brief.cited_outlets]
    shown = sum(item.support == "unverified" for item in items)
    assert len(rows) == shown
    flagged = next(r for r in rows if "no check could confirm that the article gives this to Sergey Lavrov" in r)
    assert 'class="mark unverified"' in flagged and 'class="note"' in flagged
    assert verified and all('class="mark verified"' in r and 'class="note"' not in r for r in verified)
    assert "unverified: the evidence is in the article" in html  # the legend says what the marks mean


def test_markdown_flags_an_unverified_item_with_its_note(seed_text):
    brief = _with_an_unverified_position(seed_text)
    md = to_markdown(brief, seed_text)
    flagged = [line for line in md.splitlines() if "⚠ _unverified" in line]
    assert any("no check could confirm that the article gives this to Sergey Lavrov" in line for line in flagged)
    assert any(line.startswith("_") and "items verified" in line and "unverified" in line for line in md.splitlines())
