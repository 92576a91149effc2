"""One pass of the rules over an article, shared by everything that needs it: the extractive
brief, the hints the llm engine offers the model, and (later) the checks of a model's answer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..language import detect, is_english
from ..load import Article
from ..words import stopword_share
from .agreements import Agreement, find_agreements
from .entities import Registry
from .outlets import OutletHit, find_outlets
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

    @cached_property
    def agreements(self) -> list[Agreement]:
        return find_agreements(self.article.text, self.registry, self.attributions)


def analyse(article: Article, *, language: str | None = None) -> Analysis:
    """The rules' one pass; `language` (BCP 47) overrides the detected one."""
    text = article.text
    language = language or detect(text)
    english = looks_english(text, language)
    registry = Registry(text)
    attributions = find_attributions(text, registry, english=english)
    return Analysis(article, registry, attributions, find_outlets(text), english, language)
