"""The whole path: load -> extractive analysis -> prompt -> model -> ground and check -> Brief.

Engines sit behind one interface (`Engine.brief(article) -> Brief`): `llm` (`llm/engine.py`)
and `extractive` (`extractive/`). `asummarize` is the one implementation of the Python API;
`summarize` is a thin synchronous door onto it.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Protocol

from .errors import ConfigError, ModelError
from .language import name_of, same_language
from .load import Article, article_from_bytes, article_from_text
from .logs import logger
from .models import Brief, Source
from .settings import Settings, build_settings

__all__ = ["Engine", "ExtractiveEngine", "asummarize", "brief_article", "build_settings", "engine_for", "summarize"]
log = logger("summarizer")


class Engine(Protocol):
    name: str

    async def brief(self, article: Article) -> Brief: ...

    async def aclose(self) -> None: ...


class ExtractiveEngine:
    """The rules alone: no model, no network."""

    name = "extractive"

    def __init__(self, language: str | None = None, pipeline: str | None = None) -> None:
        self.language = language  # the article's, when the user says it
        self.pipeline = pipeline  # the spaCy pipeline's name, when the user names one
        if pipeline:  # a name that is not installed is a setting to fix before any article is read
            from .extractive.parse import pipeline_for

            pipeline_for("en", pipeline)

    async def brief(self, article: Article) -> Brief:
        started = time.monotonic()
        # CPU-bound: off the event loop, so one long article does not stall a batch's other workers
        brief = await asyncio.to_thread(extractive_brief, article, language=self.language, pipeline=self.pipeline)
        brief.meta.elapsed_s = round(time.monotonic() - started, 4)
        return brief

    async def aclose(self) -> None:
        pass


def extractive_brief(article: Article, *, language: str | None = None, pipeline: str | None = None) -> Brief:
    """The rules' brief of an article, every item with the checks' verdict."""
    from .checks import judge
    from .checks.grounding import ArticleIndex
    from .extractive import analyse, extract_brief

    analysis = analyse(article, language=language, parsed=True, pipeline=pipeline)
    return judge(extract_brief(article, analysis=analysis), ArticleIndex(article.text), analysis)


def engine_for(settings: Settings, *, gate=None, provider=None) -> Engine:
    """The engine the settings choose (`gate`: a shared rate limit for the llm engine;
    `provider`: a model to use instead of the one the settings name)."""
    if settings.resolved_engine == "extractive" and provider is None:
        return ExtractiveEngine(settings.article_language, settings.spacy_pipeline)
    from .llm.engine import LLMEngine

    return LLMEngine(settings, gate=gate, provider=provider)


async def brief_article(article: Article, settings: Settings, *, engine: Engine | None = None) -> Brief:
    """Brief one loaded article with `engine`, or with the kind the settings choose: for the llm
    engine, the one this event loop shares for these settings (`engine_pool`), left open."""
    if engine is None and settings.resolved_engine == "llm":
        from .engine_pool import shared_engine

        engine = await shared_engine(settings, engine_for)  # one client per endpoint and settings, kept open
    elif engine is None:
        engine = engine_for(settings)
    return _with_source(await engine.brief(article), article, settings)


def _with_source(brief: Brief, article: Article, settings: Settings | None = None) -> Brief:
    if article.origin:
        brief.meta.source = Source(**article.origin)
    wanted = settings.brief_language if settings is not None else None
    if brief.meta.engine == "extractive" and not same_language(wanted, brief.meta.language):
        brief.warnings.append(
            f"the extractive engine quotes the article and cannot write in {name_of(wanted)}; "
            "--brief-language needs the llm engine"
        )
    return keep_verified(brief) if settings is not None and settings.verified_only else brief


def keep_verified(brief: Brief) -> Brief:
    """The brief with only its verified items. A participant that a kept item names stays, so
    every holder and party is still a listed participant; a warning counts what was left out."""
    agreed = [a for a in brief.agreed_points if a.support == "verified"]
    positions = [p for p in brief.positions if p.support == "verified"]
    outlets = [o for o in brief.cited_outlets if o.support == "verified"]
    named = {p.holder for p in positions} | {n for a in agreed for n in a.parties}
    participants = [p for p in brief.participants if p.support == "verified" or p.name in named]
    left_out = sum(map(len, (brief.participants, brief.agreed_points, brief.positions, brief.cited_outlets))) - sum(
        map(len, (participants, agreed, positions, outlets))
    )
    warnings = list(brief.warnings)
    if left_out:
        warnings.append(f"{left_out} unverified item(s) left out (verified only)")
    return brief.model_copy(
        update={
            "participants": participants,
            "agreed_points": agreed,
            "positions": positions,
            "cited_outlets": outlets,
            "warnings": warnings,
        }
    )


async def brief_with_fallback(
    article: Article, settings: Settings, *, fallback: bool, on_fallback=None, engine: Engine | None = None
) -> Brief:
    """Like `brief_article`, but a failed model call can fall back to the extractive brief."""
    try:
        return await brief_article(article, settings, engine=engine)
    except ModelError as exc:
        if not fallback or settings.resolved_engine != "llm":
            raise
        why = f"the llm engine failed ({exc}); this brief comes from the extractive engine"
        if on_fallback:
            on_fallback(why)
        brief = _with_source(
            await ExtractiveEngine(settings.article_language, settings.spacy_pipeline).brief(article), article, settings
        )
        brief.warnings.insert(0, why)
        return brief


async def asummarize(
    text: str | bytes,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    engine: str | None = None,
    settings: Settings | None = None,
    fallback: bool = False,
    verified_only: bool | None = None,
    brief_language: str | None = None,
    provider: Any = None,
) -> Brief:
    """Brief one article's text (`str`, or `bytes` decoded like a file). Raises a
    `SummarizerError` subclass on failure, unless `fallback=True`, which returns the extractive
    brief (with a warning) when the model fails. `verified_only=True` keeps only the items a
    check verified. `brief_language` ("en"): the language the brief's own words are written in
    (the llm engine; quotes and evidence stay the article's). `provider`: who answers for the
    llm engine, by name ("openai") or as an object (`summarizer.testing.TestModel()`, or your
    own `summarizer.providers.Provider`), which you keep and close."""
    named = provider if isinstance(provider, str) else None
    settings = build_settings(
        settings,
        model=model,
        base_url=base_url,
        api_key=api_key,
        engine=engine or ("llm" if provider is not None and named is None else None),
        verified_only=verified_only,
        brief_language=brief_language,
        provider=named,
    )
    if isinstance(text, (bytes, bytearray, memoryview)):
        article = article_from_bytes(bytes(text), max_bytes=settings.max_bytes)  # decoded like a file
    else:
        article = article_from_text(text, max_bytes=settings.max_bytes)
    given = engine_for(settings, provider=provider) if provider is not None and named is None else None
    brief = await brief_with_fallback(article, settings, fallback=fallback, engine=given)
    if settings.engine == "auto" and settings.resolved_engine == "extractive":
        # asked for a model (or nothing) without an endpoint: say so, as the CLI does, rather
        # than hand back a rules-only brief that looks like the model's
        asked = f" (model {settings.model} was not called)" if "model" in settings.model_fields_set else ""
        brief.warnings.insert(0, f"no model endpoint is configured, so the extractive engine wrote this brief{asked}")
        log.warning("no model endpoint is configured: the extractive engine briefs instead")
    return brief


def summarize(
    text: str | bytes,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    engine: str | None = None,
    settings: Settings | None = None,
    fallback: bool = False,
    verified_only: bool | None = None,
    brief_language: str | None = None,
    provider: Any = None,
) -> Brief:
    """Synchronous twin of `asummarize` (same code path, run on a fresh event loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        raise ConfigError("summarize() was called inside a running event loop", hint="await asummarize() instead")
    from .engine_pool import run_sync

    # the thread's persistent loop, so the engine (its client, its connections) is reused by
    # the next call instead of being rebuilt
    return run_sync(
        asummarize(
            text,
            model=model,
            base_url=base_url,
            api_key=api_key,
            engine=engine,
            settings=settings,
            fallback=fallback,
            verified_only=verified_only,
            brief_language=brief_language,
            provider=provider,
        )
    )
