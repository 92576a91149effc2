"""Articles in any language (issue 21): a brief in the reader's language with evidence in the
article's, pages that say each part's language and direction, offsets that hold on any script.

The four articles in tests/fixtures/languages/ (German, Russian, Chinese, Arabic) were written
for these tests. The model is the SCRIPTED server: `_answer` builds, from each request, the
brief a careful model would write in English, its quotes copied from the article."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from summarizer import Settings, summarize
from summarizer.checks.grounding import ArticleIndex
from summarizer.language import detect, direction_of_text
from summarizer.llm.chunking import estimate_tokens
from summarizer.render import render
from summarizer.testing import TestModel

ARTICLES = Path(__file__).parent / "fixtures" / "languages"
SPEC = {
    "de": ("Ilse Marten", "Das ist die Verbindung, auf die die Insel gewartet hat", "Tomas Berg",
           "Das Geld fehlt jetzt für die Straßen auf dem Festland"),
    "ru": ("Ильза Мартен", "Это та связь, которую остров ждал много лет", "Томас Берг",
           "Этих денег теперь не хватит на дороги на материке"),
    "zh": ("伊尔莎·马滕", "这是岛上等待已久的交通线。", "托马斯·贝里", "这笔钱本该用于大陆上的道路。"),
    "ar": ("إلسا مارتن", "هذا هو الخط الذي انتظرته الجزيرة طويلاً", "توماس بيرغ",
           "هذه الأموال كانت مخصصة لطرق البر الرئيسي"),
}  # fmt: skip


def _answer(request) -> dict:
    """SCRIPTED: an English brief of whichever article the request holds."""
    text = request.messages[-1]["content"]
    lang = next(code for code, spec in SPEC.items() if spec[1] in text)
    speaker, quote, critic, complaint = SPEC[lang]
    return {
        "title": "Vestia harbour council approves a new ferry line",
        "summary": "The harbour council of Vestia approved a ferry line to the island of Mirel after two years.",
        "participants": [
            {"name": speaker, "kind": "person", "role": "council member", "evidence": {"quote": speaker}},
            {"name": critic, "kind": "person", "role": "mayor", "evidence": {"quote": critic}},
        ],
        "positions": [
            {"holder": speaker, "stance": "welcomes the ferry line", "quote": quote, "evidence": {"quote": quote}},
            {
                "holder": critic,
                "stance": "says the money is missing for roads",
                "quote": complaint,
                "evidence": {"quote": complaint},
            },
        ],  # fmt: skip
        "agreed_points": [],
        "cited_outlets": [],
    }


def _brief(lang: str, **kw):
    text = (ARTICLES / f"{lang}.txt").read_text(encoding="utf-8")
    model = TestModel(respond=_answer)  # in-process: the requests are read from the model
    brief = summarize(text, provider=model, settings=Settings(**kw))
    return brief, text, [r.messages for r in model.requests]


@pytest.mark.parametrize("lang", list(SPEC))
def test_a_brief_in_english_keeps_the_original_quotes_and_every_span_holds(lang):
    brief, text, sent = _brief(lang, brief_language="en")
    speaker, quote, critic, complaint = SPEC[lang]
    assert brief.meta.language == lang and brief.meta.brief_language == "en"
    assert "Write the title, the summary, every stance, agreed point and role in English" in json.dumps(
        sent[0], ensure_ascii=False
    )
    assert [p.quote for p in brief.positions] == [quote, complaint]  # verbatim, in the original
    assert {p.name for p in brief.participants} == {speaker, critic}  # names as the article writes them
    for item in [*brief.participants, *brief.positions]:
        assert text[item.evidence.start : item.evidence.end] == item.evidence.quote
    for position in brief.positions:  # a translation cannot be compared word for word: unverified, kept
        assert position.support == "unverified" and "written in English and its evidence in" in position.support_note
    assert brief.meta.support.refused == 0 and len(sent) == 1
    assert brief.title == "Vestia harbour council approves a new ferry line"


def test_a_model_that_answers_in_english_unasked_is_not_refused_for_it():
    brief, _, sent = _brief("de")  # no --brief-language: the prompt says nothing of languages
    assert "Write the title" not in json.dumps(sent[0], ensure_ascii=False)
    assert len(brief.positions) == 2 and brief.meta.support.refused == 0


def test_the_prompt_is_unchanged_when_the_brief_is_in_the_articles_language():
    from summarizer.llm.engine import messages_for
    from summarizer.load import article_from_text

    article = article_from_text((ARTICLES / "ru.txt").read_text(encoding="utf-8"))
    assert messages_for(article, brief_language="ru") == messages_for(article)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="no Chromium here (.ci/run installs it)")
@pytest.mark.parametrize("lang, direction", [("ar", "rtl"), ("ru", "ltr"), ("zh", "ltr")])
def test_the_page_gives_each_part_its_language_and_direction_in_chromium(tmp_path, lang, direction):
    brief, text, _ = _brief(lang, brief_language="en")
    page = tmp_path / "brief.html"
    page.write_text(render(brief, "html", text), encoding="utf-8")
    script = (
        "<script>document.title=JSON.stringify({html:[document.documentElement.lang,document.dir],"
        "main:[document.querySelector('main').lang,getComputedStyle(document.querySelector('main')).direction],"
        "article:[document.querySelector('div.article').lang,"
        "getComputedStyle(document.querySelector('div.article')).direction]})</script>"
    )
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
    dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, timeout=120, text=True).stdout
    seen = json.loads(dom.split("<title>", 1)[1].split("</title>", 1)[0].replace("&quot;", '"'))
    assert seen == {"html": ["en", "ltr"], "main": ["en", "ltr"], "article": [lang, direction]}


@pytest.mark.parametrize("lang", ["ru", "zh", "de", "ar"])
def test_the_pdf_text_layer_holds_the_original_names(lang):
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    brief, text, _ = _brief(lang, brief_language="en")
    layer = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render(brief, "pdf", text))).pages)
    speaker, _, critic, _ = SPEC[lang]
    squeeze = "".join(layer.split())
    assert "".join(speaker.split()) in squeeze and "".join(critic.split()) in squeeze


def test_an_arabic_pdf_prints_arabic_glyphs():
    """The Arabic names are set in a font that has them (DejaVu): the text layer holds Arabic
    letters, in whichever of the two orders the extractor reads them."""
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    brief, text, _ = _brief("ar", brief_language="en")
    layer = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render(brief, "pdf", text))).pages)
    arabic = [c for c in layer if "\u0600" <= c <= "\u06ff" or "\ufe70" <= c <= "\ufeff"]
    assert len(arabic) >= 10 and "\ufffd" not in layer


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "Fährlinie genehmigt\n\nDer Rat hat am Dienstag die neue Linie zur Insel beschlossen, "
            "sagte die Sprecherin.",
            "de",
        ),
        ("Паромная линия одобрена\n\nСовет во вторник одобрил новую линию до острова, сообщила пресс-служба.", "ru"),
        ("新渡轮航线获批\n\n委员会周二批准了通往该岛的新航线，发言人表示。", "zh"),
        ("الموافقة على خط العبارات\n\nوافق المجلس يوم الثلاثاء على الخط الجديد إلى الجزيرة، بحسب المتحدثة.", "ar"),
        (
            "Ferry line approved\n\nThe council approved the new line to the island on Tuesday, a spokeswoman said.",
            "en",
        ),
        (
            "Ligne de ferry approuvée\n\nLe conseil a approuvé mardi la nouvelle ligne vers l'île, "
            "a dit la porte-parole.",
            "fr",
        ),
    ],
)
def test_language_detection_on_a_headline_and_one_paragraph(text, lang):
    assert detect(text) == lang


def test_the_token_estimate_counts_scripts_without_spaces_and_other_alphabets():
    assert estimate_tokens("a" * 400) == 101  # Latin: 4 characters a token
    assert estimate_tokens("中" * 400) == 401  # CJK: one a character (4 a token would be 101)
    assert estimate_tokens("д" * 400) == 201  # Cyrillic: two a token
    from summarizer.llm.chunking import split

    text = (ARTICLES / "zh.txt").read_text(encoding="utf-8") * 40
    for part in split(text, window_tokens=4_000, fixed_tokens=1_400):
        assert estimate_tokens(part.text) <= (4_000 - 1_400 - 1_500)


@pytest.mark.parametrize(
    "article, quote",
    [
        ("委员会表示：“这是岛上等待已久的交通线。”市长批评了补贴。", "这是岛上等待已久的交通线。"),
        ("Cafe\u0301 owners said \u201cprices will rise\u201d today.", "prices will rise"),
        ("Le maire\u200f a dit\uff1a\uff02nous refusons\uff02 hier.", "nous refusons"),
        ("وقال المتحدث\u200f: «نحن نرفض» أمس.", "نحن نرفض"),
    ],
    ids=["cjk", "combining-marks", "rlm-fullwidth", "arabic-rlm"],
)
def test_offsets_hold_on_any_script(article, quote):
    index = ArticleIndex(article)
    found = index.locate(quote)
    assert found is not None and article[found.start : found.end] == found.quote == quote
    spaced = " ".join(quote.split()) + " "  # a normalized match must not shift the span either
    near = index.locate(spaced)
    assert near is not None and article[near.start : near.end] == near.quote


def test_direction_follows_the_script():
    assert direction_of_text((ARTICLES / "ar.txt").read_text(encoding="utf-8")) == "rtl"
    assert direction_of_text((ARTICLES / "ru.txt").read_text(encoding="utf-8")) == "ltr"


@pytest.mark.parametrize("lang", list(SPEC))
def test_the_extractive_engine_gives_no_items_it_cannot_read(lang):
    """Rules written for English read junk into other languages (a water temperature as a
    person): on another language the extractive brief is the lead and a warning, no items."""
    brief = summarize((ARTICLES / f"{lang}.txt").read_text(encoding="utf-8"), engine="extractive")
    assert not (brief.participants or brief.positions or brief.agreed_points or brief.cited_outlets)
    assert brief.summary and any(f"not in English ({lang})" in w for w in brief.warnings)
    assert brief.meta.language == lang
