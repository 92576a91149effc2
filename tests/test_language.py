"""Language detection on short texts (a headline and one paragraph, invented for the test), in
scripts with and without spaces; and what the checks do with the answer."""

from __future__ import annotations

import pytest

from summarizer.language import detect, is_english

SHORT = {
    "en": "Port deal signed\n\nThe city council and the shipping firm signed a ten-year lease for the old harbour on "
    "Monday, the mayor said, ending months of talks over rent and jobs.",
    "de": "Hafenvertrag unterzeichnet\n\nDer Stadtrat und die Reederei haben am Montag einen Pachtvertrag über zehn "
    "Jahre für den alten Hafen unterzeichnet, sagte die Bürgermeisterin.",
    "fr": "Accord sur le port\n\nLe conseil municipal et l'armateur ont signé lundi un bail de dix ans pour le vieux "
    "port, a déclaré la maire, après des mois de négociations.",
    "pl": "Umowa portowa podpisana\n\nRada miasta i armator podpisali w poniedziałek dziesięcioletnią umowę dzierżawy "
    "starego portu, poinformowała burmistrz po miesiącach rozmów.",
    "ru": "Подписан договор о порте\n\nГородской совет и судоходная компания в понедельник подписали договор аренды "
    "старого порта на десять лет, сообщила мэр города.",
    "zh": "港口协议签署\n\n市议会和航运公司周一签署了旧港口十年租约，市长表示，这结束了数月来关于租金和就业的谈判。",
    "ar": "توقيع اتفاق الميناء\n\nوقع مجلس المدينة وشركة الشحن يوم الاثنين عقد إيجار لمدة عشر سنوات للميناء القديم، "
    "بحسب ما قالت رئيسة البلدية.",
}


@pytest.mark.parametrize("code", sorted(SHORT))
def test_a_headline_and_one_paragraph_are_enough(code):
    assert detect(SHORT[code]) == code


def test_too_little_text_is_undetermined_and_judged_as_english():
    assert detect("Deal") is None and is_english(None)


def test_only_english_runs_the_english_checks():
    assert is_english("en") and is_english("en-GB")
    assert not any(is_english(code) for code in ("de", "pl", "zh", "ar"))


def test_the_brief_records_the_language_and_the_user_can_override_it():
    from summarizer import Settings, summarize

    polish = SHORT["pl"] + "\n\n" + SHORT["pl"].split("\n\n")[1]
    brief = summarize(polish, engine="extractive")
    assert brief.meta.language == "pl" and brief.meta.support.checks_skipped
    told = summarize(polish, settings=Settings(engine="extractive", article_language="en"))
    assert told.meta.language == "en" and not told.meta.support.checks_skipped
