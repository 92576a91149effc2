"""Stage 4, the llm engine: hints -> prompt -> ask (re-asks, salvage) -> completeness -> Brief.

Validation failures (bad JSON, schema errors, ungrounded quotes) are re-asked by instructor with
the specific error (`reask`); transport faults are retried below it (`transport`). Both draw on
the same `Spend`. The endpoint is a `ChatProvider` (`provider`).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from ..budget import Spend
from ..errors import redact
from ..extractive import Analysis, analyse, hints_for, lead_summary
from ..grounding import ArticleIndex
from ..load import Article
from ..models import Brief, Meta
from ..settings import Settings
from .completeness import ensure_complete
from .instructor_adapter import request_body
from .prompting import prompt_version, render_messages
from .provider import OpenAIProvider, Prefetched
from .reask import Answer, ArticleBrief, ask
from .transport import RateGate


def messages_for(article: Article, analysis: Analysis | None = None) -> list[dict]:
    """The chat messages for an article: the prompt, the fenced article and the rules' hints."""
    return render_messages(article.text, hints_for(article, analysis=analysis or analyse(article)))


def batch_request(article: Article, settings: Settings) -> dict:
    """The chat.completions body a live call would send for this article (for the Batch API)."""
    return request_body(ArticleBrief, model_name=settings.model, mode=settings.mode, messages=messages_for(article))


class LLMEngine:
    """Briefs articles through one provider; a batch shares one engine (and one client)."""

    name = "llm"

    def __init__(self, settings: Settings, gate: RateGate | None = None) -> None:
        self.settings = settings
        self.provider = OpenAIProvider(settings, gate=gate)

    async def brief(self, article: Article, *, first_answer: Any = None) -> Brief:
        """The brief of one article. `first_answer`, when given, is the model's answer to the
        first request fetched ahead (OpenAI Batch API); re-asks go live."""
        settings, started = self.settings, time.monotonic()
        spend = Spend(settings.budget())
        index = ArticleIndex(article.text)
        analysis = await asyncio.to_thread(analyse, article)  # CPU-bound: off the event loop
        hints = hints_for(article, analysis=analysis)
        messages = render_messages(article.text, hints)
        provider = Prefetched(self.provider, first_answer) if first_answer is not None else self.provider

        async def ask_model(msgs: list[dict]) -> Answer:
            return await ask(
                provider,
                msgs,
                spend,
                index,
                model=settings.model,
                mode=settings.mode,
                max_calls=settings.max_calls,
                analysis=analysis,  # the checks reuse the analysis made for the hints: no second pass
            )

        answer = await ensure_complete(ask_model, messages, hints, await ask_model(messages), spend)
        brief = self._assemble(article, answer, spend, started)
        secret = settings.api_key.get_secret_value() if settings.api_key else None
        return redact_brief(brief, secret) if secret else brief

    def _assemble(self, article: Article, answer: Answer, spend: Spend, started: float) -> Brief:
        g = answer.grounded
        omitted = [f"the model left out {o.item}: {o.reason}" for o in answer.draft.omissions or []]
        summary = answer.draft.summary
        if not g.summary_supported:  # only after the budget ran out: the lead of the article stands in
            summary = lead_summary(article)
            omitted.append("the model's summary was not supported by the article; the article's lead is used instead")
        elif not summary.strip():  # a brief always has a summary: the lead stands in for none
            summary = lead_summary(article)
            omitted.append("the model wrote no summary; the article's lead is used instead")
        return Brief(
            title=answer.draft.title.strip() or article.title,
            summary=summary,
            participants=g.participants,
            agreed_points=g.agreed_points,
            positions=g.positions,
            cited_outlets=g.cited_outlets,
            warnings=[*article.warnings, *answer.warnings, *omitted],
            meta=Meta(
                engine="llm",
                model=self.settings.model,
                prompt_version=prompt_version(),
                attempts=spend.calls,
                usage=spend.usage,
                elapsed_s=round(time.monotonic() - started, 4),
            ),
        )

    async def aclose(self) -> None:
        await self.provider.aclose()


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
