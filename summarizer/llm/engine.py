"""Stage 4, the llm engine: hints -> prompt -> ask (re-asks, salvage) -> completeness -> Brief.

Validation failures (bad JSON, schema errors, what the checks refuse) are re-asked with the
specific error (`reask`); transport faults are retried below it, inside the provider
(`providers/transport`). Both draw on the same `Spend`. The model is a `Provider`
(`providers/`), chosen by `Settings.provider` or handed in.
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
from dataclasses import replace

from ..article import Article
from ..budget import Spend
from ..checks import check
from ..checks.grounding import ArticleIndex, Grounded
from ..checks.model_text import foreign
from ..drafts import DraftBrief
from ..errors import ConfigError, ContextTooLong, SummarizerError, clip, redact, redact_error
from ..extractive import Analysis, analyse, hints_for, lead_summary
from ..hints import Hints
from ..language import name_of, same_language
from ..models import Brief, Meta
from ..providers import Provider, RateGate, Transport, make_provider
from ..settings import Settings
from . import chunking
from .chunking import messages_tokens
from .completeness import ensure_complete, left_out_warning, missing
from .prompting import prompt_version, render_messages
from .reask import Answer, ArticleBrief, ExplainingPatch, ask


def languages_for(brief_language: str | None, article_language: str | None) -> dict[str, str] | None:
    """What the prompt says of languages: None when the brief is in the article's own language."""
    if same_language(brief_language, article_language):
        return None
    return {"article": name_of(article_language), "brief": name_of(brief_language)}


def messages_for(article: Article, analysis: Analysis | None = None, brief_language: str | None = None) -> list[dict]:
    """The chat messages for an article: the prompt, the fenced article and the rules' hints."""
    analysis = analysis or analyse(article)
    languages = languages_for(brief_language, analysis.language)
    return render_messages(article.text, hints_for(article, analysis=analysis), languages)


def batch_request(article: Article, settings: Settings) -> dict:
    """The body a live first call would send for this article (the OpenAI Batch API sends it ahead)."""
    from ..providers.openai import body_for

    messages = messages_for(article, analyse(article, language=settings.article_language), settings.brief_language)
    return body_for(settings, messages, ArticleBrief)


class LLMEngine:
    """Briefs articles through one provider; a batch shares one engine (and one client).
    `provider`: a model to use instead of the one `settings.provider` names (a test model)."""

    name = "llm"

    def __init__(self, settings: Settings, gate: RateGate | None = None, provider: Provider | None = None) -> None:
        self.settings = settings
        self.provider = provider if provider is not None else make_provider(settings)
        self._owns_provider = provider is None
        self.transport = Transport(settings.request_timeout_s, settings.retry_after_cap_s, gate)
        self._fixed: int | None = None  # tokens of a request with no article, and of its schema
        self._schema = 0

    def using(self, provider: Provider) -> LLMEngine:
        """This engine briefing through `provider` (the Batch API's prefetched answer), sharing
        its settings and its measure of the prompt; closing it leaves the provider open."""
        view = copy.copy(self)
        view.provider, view._owns_provider = provider, False
        return view

    async def brief(self, article: Article) -> Brief:
        """The brief of one article."""
        secret = self.settings.api_key.get_secret_value() if self.settings.api_key else None
        try:
            brief = await self._brief(article)
        except SummarizerError as exc:  # a refusal or an endpoint's error can quote what it was sent
            raise redact_error(exc, secret) from exc.__cause__
        return redact_brief(brief, secret) if secret else brief

    async def _brief(self, article: Article) -> Brief:
        settings, started = self.settings, time.monotonic()
        spend = Spend(settings.budget())
        index = ArticleIndex(article.text)
        # CPU-bound: off the event loop
        analysis = await asyncio.to_thread(analyse, article, language=settings.article_language)
        hints = hints_for(article, analysis=analysis)
        languages = languages_for(settings.brief_language, analysis.language)
        translate = languages is not None
        messages = render_messages(article.text, hints, languages)
        brief_language = settings.brief_language if translate else None

        def checker(draft) -> Grounded:  # the checks reuse the analysis made for the hints: no second pass
            return check(draft, index, analysis, brief_language=brief_language)

        async def ask_model(msgs: list[dict], explain_over: DraftBrief | None = None) -> Answer:
            if explain_over is None:
                return await ask(self.provider, msgs, spend, checker, transport=self.transport)
            # what to add to `explain_over`, and why anything is left out: a patch merged into it
            return await ask(
                self.provider, msgs, spend, checker, response_model=ExplainingPatch, base=explain_over,
                transport=self.transport,
            )  # fmt: skip

        window = settings.context_window
        if window and not self._fits(messages, window):
            answer = await self._in_parts(article, hints, analysis, index, spend, window, ask_model, languages)
        else:
            try:
                first = await ask_model(messages)
            except ContextTooLong as exc:  # the server says how much fits, or half of this is tried
                window = exc.limit_tokens or messages_tokens(messages) // 2
                answer = await self._in_parts(article, hints, analysis, index, spend, window, ask_model, languages)
            else:
                # the hints are English rules: on another language they are no reason to pay again
                sure = hints if analysis.english else Hints()
                fits = (lambda msgs: self._fits(msgs, window)) if window else None
                answer = await ensure_complete(ask_model, messages, sure, first, spend, fits)
        return self._assemble(article, answer, analysis, spend, started)

    async def _in_parts(
        self, article, hints, analysis, index, spend: Spend, window: int, ask_model, languages=None
    ) -> Answer:
        """Brief a long article in parts that fit `window` tokens, concurrently, within the one
        budget (`max_calls` rises to parts + 2 unless set explicitly), then merge: duplicates
        removed by span, every offset into the whole article (the parts are grounded against it),
        the support checks and completeness run on the merged brief."""
        fixed = self._fixed_tokens()
        fitted = window
        for _ in range(3):  # the hints a part carries are known only after the split: refit
            parts = chunking.split(article.text, window_tokens=fitted, fixed_tokens=fixed)
            asks = [render_messages(part.text, chunking.hints_in(hints, part), languages) for part in parts]
            over = max(messages_tokens(m) + self._schema + chunking.ANSWER_TOKENS - window for m in asks)
            if over <= 0:
                break
            fitted -= over
        self._check_parts(parts, fixed, window, spend)
        if "max_calls" not in self.settings.model_fields_set:
            spend.budget = replace(spend.budget, max_calls=max(spend.budget.max_calls, spend.calls + len(parts) + 2))
        answers = await asyncio.gather(
            *(ask_model(messages) for messages in asks),
            return_exceptions=True,
        )
        good = [a for a in answers if isinstance(a, Answer)]
        failed = [a for a in answers if isinstance(a, BaseException)]
        if not good:
            raise failed[0]
        merged = chunking.merge([a.draft for a in good])
        grounded = check(merged, index, analysis, brief_language=self.settings.brief_language if languages else None)
        removed = chunking.dedupe(grounded)
        warnings = [w for a in good for w in a.warnings]
        warnings.append(
            f"the article was briefed in {len(parts)} parts to fit a {window}-token context window; "
            f"{removed} duplicate item(s) merged" + (f"; {len(failed)} part(s) failed ({failed[0]})" if failed else "")
        )
        warnings += grounded.warnings()
        if lacking := [h.name for h in missing(hints, grounded)]:
            warnings.append(left_out_warning(lacking, asked_again=False))
        # reported above; each part's refusals were re-asked of that part alone, so what the merged
        # brief still refuses is dropped, not sent to every part again
        refused, grounded.problems = len(grounded.problems), []
        return Answer(draft=merged, grounded=grounded, warnings=warnings, refused=refused)

    def _fixed_tokens(self) -> int:
        """What every request costs before the article: the messages and the answer's schema
        as this mode sends it (in json modes instructor writes the schema into the prompt)."""
        if self._fixed is None:
            empty = render_messages("", Hints())
            body = self.provider.request(empty, ArticleBrief).body
            self._fixed = chunking.estimate_tokens(json.dumps(body, ensure_ascii=False))
            self._schema = self._fixed - messages_tokens(empty)
        return self._fixed

    def _fits(self, messages: list[dict], window: int) -> bool:
        """Whether a request of these messages, with the schema and room for the answer, fits."""
        self._fixed_tokens()
        return messages_tokens(messages) + self._schema + chunking.ANSWER_TOKENS <= window

    def _check_parts(self, parts: list, fixed: int, window: int, spend: Spend) -> None:
        """Refuse, before anything is sent, an article whose parts the budget cannot pay for: the
        calls (`--max-calls` when given, else `chunking.MAX_PARTS`) and the tokens (each part's
        request, and half the answer room, a typical answer)."""
        explicit = "max_calls" in self.settings.model_fields_set
        calls = spend.budget.max_calls - spend.calls if explicit else chunking.MAX_PARTS
        tokens = spend.budget.max_tokens
        needed = sum(fixed + chunking.estimate_tokens(p.text) + chunking.ANSWER_TOKENS // 2 for p in parts)
        if len(parts) > calls or (tokens is not None and needed > tokens - spend.usage.total_tokens):
            limit = f"{calls} model call(s)" if len(parts) > calls else f"{tokens:,} tokens (about {needed:,} needed)"
            raise ConfigError(
                f"the article needs {len(parts)} parts at a {window:,}-token context window; the budget allows {limit}",
                hint="use a model with a larger window, or raise --max-calls and --max-tokens",
            )

    def _assemble(self, article: Article, answer: Answer, analysis: Analysis, spend: Spend, started: float) -> Brief:
        g = answer.grounded
        omitted = model_omissions(answer.draft.omissions or [])
        summary = answer.draft.summary
        if not g.summary_supported:  # only after the budget ran out: the lead of the article stands in
            summary = lead_summary(article)
            omitted.append("the model's summary was not supported by the article; the article's lead is used instead")
        elif not summary.strip():  # a brief always has a summary: the lead stands in for none
            summary = lead_summary(article)
            omitted.append("the model wrote no summary; the article's lead is used instead")
        title = answer.draft.title.strip()
        own_words = same_language(self.settings.brief_language, analysis.language)
        if title and (
            why := foreign(title, article.text, words=own_words and analysis.english)
        ):  # a title is the model's words too
            omitted.append(f"the model's title was replaced by the article's headline: {why}")
            title = ""
        return Brief(
            title=title or article.title,
            summary=summary,
            participants=g.participants,
            agreed_points=g.agreed_points,
            positions=g.positions,
            cited_outlets=g.cited_outlets,
            warnings=[*article.warnings, *answer.warnings, *omitted],
            meta=Meta(
                engine="llm",
                # another provider's model of the same name is another model: a re-run, a cache
                # or a reader must not take a test model's brief for the endpoint's
                model=self.settings.model
                if self.provider.name == "openai"
                else f"{self.provider.name}/{self.settings.model}",
                prompt_version=prompt_version(),
                attempts=spend.calls,
                usage=spend.usage,
                elapsed_s=round(time.monotonic() - started, 4),
                language=analysis.language,
                brief_language=None if own_words else self.settings.brief_language,
                support=g.support(refused=answer.refused or len(g.problems)),
            ),
        )

    async def aclose(self) -> None:
        if self._owns_provider:
            await self.provider.aclose()


OMISSIONS_SHOWN = 10  # a model can list 200; a reader needs the first few and a count


def model_omissions(omissions: list) -> list[str]:
    """The model's own account of what it left out: its words, quoted, bounded and labeled as
    its words (they are not checked against the article, and a warning is no place for an
    injected essay)."""
    shown = [
        f'the model says it left out "{clip(o.item, 80)}": "{clip(o.reason, 160)}"' for o in omissions[:OMISSIONS_SHOWN]
    ]
    if len(omissions) > OMISSIONS_SHOWN:
        shown.append(f"the model says it left out {len(omissions) - OMISSIONS_SHOWN} more item(s), not shown")
    return shown


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
