"""The whole path: load -> extractive pass -> prompt -> model call -> ground -> Brief.

`asummarize` is the one implementation; `summarize` is a thin synchronous door onto it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping

from pydantic import ValidationError

from .budget import Spend
from .errors import ConfigError, ModelError, redact
from .grounding import ArticleIndex
from .llm.completeness import ensure_complete
from .llm.prompting import Hints, prompt_version, render_messages
from .load import Article, article_from_bytes, article_from_text
from .models import Brief, Meta
from .settings import Settings


def build_settings(settings: Settings | Mapping | None = None, **overrides) -> Settings:
    """Keyword arguments win over `settings`, which wins over the environment. `settings` may be a
    `Settings` or a mapping of its fields (validated the same way)."""
    given = {k: v for k, v in overrides.items() if v is not None}
    if isinstance(settings, Mapping):
        settings, given = None, {**settings, **given}
    elif settings is not None and not isinstance(settings, Settings):
        raise ConfigError(
            f"settings must be a Settings or a dict, not {type(settings).__name__}",
            hint="pass settings=Settings(max_calls=2) or settings={'max_calls': 2}",
        )
    try:
        if settings is None:
            return Settings(**given)
        return Settings(**{**settings.model_dump(), **given}) if given else settings
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid setting ({problems})") from None


async def brief_article(article: Article, settings: Settings, *, engine=None) -> Brief:
    """Brief one loaded article with the engine the settings choose."""
    started = time.monotonic()
    index = ArticleIndex(article.text)
    if settings.resolved_engine == "extractive":
        from .extractive import extract_brief

        # CPU-bound: off the event loop, so one long article does not stall a batch's other workers
        brief = await asyncio.to_thread(extract_brief, article, index=index)
        brief.meta.elapsed_s = round(time.monotonic() - started, 4)
        return brief

    from .llm.engine import LLMEngine

    if engine is None:
        engine = LLMEngine(settings)
        try:
            return await _brief_llm(article, settings, engine, index, started)
        finally:
            await engine.aclose()
    return await _brief_llm(article, settings, engine, index, started)


async def _brief_llm(article: Article, settings: Settings, engine, index: ArticleIndex, started: float) -> Brief:
    spend = Spend(settings.budget())
    hints = await asyncio.to_thread(_hints, article, index)
    messages = render_messages(article.text, hints)
    result = await engine.ask(messages, spend, index)
    result = await ensure_complete(engine, messages, hints, result, spend, index)
    g = result.grounded
    omitted = [f"the model left out {o.item}: {o.reason}" for o in result.draft.omissions or []]
    summary = result.draft.summary
    if not g.summary_supported:  # only after the budget ran out: the lead of the article stands in
        from .extractive.engine import lead_summary

        summary = lead_summary(article)
        omitted.append("the model's summary was not supported by the article; the article's lead is used instead")
    brief = Brief(
        title=result.draft.title.strip() or article.title,
        summary=summary,
        participants=g.participants,
        agreed_points=g.agreed_points,
        positions=g.positions,
        cited_outlets=g.cited_outlets,
        warnings=[*article.warnings, *result.warnings, *omitted],
        meta=Meta(
            engine="llm",
            model=settings.model,
            prompt_version=prompt_version(),
            attempts=spend.calls,
            usage=spend.usage,
            elapsed_s=round(time.monotonic() - started, 4),
        ),
    )
    secret = settings.api_key.get_secret_value() if settings.api_key else None
    return redact_brief(brief, secret) if secret else brief


def redact_brief(brief: Brief, secret: str) -> Brief:
    """The brief with the key removed from every string the model wrote or a warning quotes (a
    model can echo what it was sent). Evidence quotes are the article's own characters and
    stay exact: the span invariant `article[start:end] == quote` must hold."""

    def scrub(value):
        if isinstance(value, str):
            return redact(value, secret)
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if isinstance(value, dict):
            return {k: v if k == "evidence" else scrub(v) for k, v in value.items()}
        return value

    data = brief.model_dump()
    return Brief.model_validate({k: v if k == "meta" else scrub(v) for k, v in data.items()})


async def brief_with_fallback(article: Article, settings: Settings, *, fallback: bool, on_fallback=None) -> Brief:
    """Like `brief_article`, but a failed model call can fall back to the extractive brief."""
    try:
        return await brief_article(article, settings)
    except ModelError as exc:
        if not fallback or settings.resolved_engine != "llm":
            raise
        why = f"the llm engine failed ({exc}); this brief comes from the extractive engine"
        if on_fallback:
            on_fallback(why)
        brief = await brief_article(article, settings.model_copy(update={"engine": "extractive"}))
        brief.warnings.insert(0, why)
        return brief


def _hints(article: Article, index: ArticleIndex) -> Hints:
    from .extractive import hints_for

    return hints_for(article, index=index)


async def asummarize(
    text: str | bytes,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    engine: str | None = None,
    settings: Settings | None = None,
    fallback: bool = False,
) -> Brief:
    """Brief one article's text (`str`, or `bytes` decoded like a file). Raises a `SummarizerError` subclass on failure, unless
    `fallback=True`, which returns the extractive brief (with a warning) when the model fails."""
    settings = build_settings(settings, model=model, base_url=base_url, api_key=api_key, engine=engine)
    if isinstance(text, (bytes, bytearray, memoryview)):
        article = article_from_bytes(bytes(text), max_bytes=settings.max_bytes)  # decoded like a file
    else:
        article = article_from_text(text, max_bytes=settings.max_bytes)
    return await brief_with_fallback(article, settings, fallback=fallback)


def summarize(
    text: str | bytes,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    engine: str | None = None,
    settings: Settings | None = None,
    fallback: bool = False,
) -> Brief:
    """Synchronous twin of `asummarize` (same code path, run on a fresh event loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        raise ConfigError("summarize() was called inside a running event loop", hint="await asummarize() instead")
    return asyncio.run(
        asummarize(
            text, model=model, base_url=base_url, api_key=api_key, engine=engine, settings=settings, fallback=fallback
        )
    )
