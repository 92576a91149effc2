"""Stage 4 (llm engine): ask an OpenAI-compatible model through instructor.

Validation failures (bad JSON, schema errors, ungrounded quotes) are re-asked by instructor
with the specific error; transport faults are retried below it, in `transport`. Both draw on
the same `Spend`.
"""

from __future__ import annotations

import json
import logging
import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

import instructor
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import ValidationError, model_validator

from ..batch.ratelimit import RateGate
from ..budget import Spend
from ..errors import BudgetExceeded, ConfigError, ModelError, SummarizerError
from ..grounding import ArticleIndex, Grounded, ground, problems_message
from ..models import DraftBrief, Usage
from ..settings import Settings
from .prompting import Hint, render_completeness
from .transport import call_with_retries

log = logging.getLogger("summarizer.llm")
# instructor logs every failed attempt at ERROR; a library must not print that on its own
# (Python's last-resort handler would), but an application that configures logging still sees it.
logging.getLogger("instructor").addHandler(logging.NullHandler())

MODES = {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON, "md_json": instructor.Mode.MD_JSON}


@dataclass
class _Session:
    index: ArticleIndex
    draft: DraftBrief | None = None
    grounded: Grounded | None = None


# The article reaches the validator through a context variable rather than instructor's
# `context=`, because instructor also renders message text as Jinja with that context, and
# the article is untrusted text that must reach the model byte for byte.
_SESSION: ContextVar[_Session | None] = ContextVar("summarizer_grounding_session", default=None)


#: A completion fetched ahead of time (OpenAI Batch API) to stand in for the first call.
PREFETCHED: ContextVar[object | None] = ContextVar("summarizer_prefetched_completion", default=None)


class ArticleBrief(DraftBrief):
    """Structured brief of a news article; every evidence quote is copied verbatim from it."""

    @model_validator(mode="after")
    def _grounded(self) -> ArticleBrief:
        session = _SESSION.get()
        if session is not None:
            grounded = ground(self, session.index)
            session.draft, session.grounded = self, grounded
            if grounded.problems:
                raise ValueError(problems_message(grounded.problems))
        return self


@cache
def _response_model() -> type[ArticleBrief]:
    # instructor wraps a plain model in a new class on every call (~20 ms of class building);
    # handing it the wrapped class once makes that a no-op.
    from instructor.v2.core.response_model import prepare_response_model

    return prepare_response_model(ArticleBrief)


@dataclass
class LLMResult:
    draft: DraftBrief
    grounded: Grounded
    warnings: list[str]


_FENCED = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)


def _content_as_tool_call(message, request: dict) -> None:
    """A server that ignores `tools` but answers with the JSON in its message (many local
    servers do) is taken at its word: the JSON becomes the forced tool call."""
    text = message.content.strip()
    if fenced := _FENCED.match(text):
        text = fenced.group(1)
    if not text.startswith("{"):
        return
    from openai.types.chat.chat_completion_message_tool_call import ChatCompletionMessageToolCall, Function

    name = ((request.get("tool_choice") or {}).get("function") or {}).get("name", "ArticleBrief")
    message.tool_calls = [
        ChatCompletionMessageToolCall(
            id="call_from_content", type="function", function=Function(name=name, arguments=text)
        )
    ]


def _usage_of(response) -> Usage | None:
    u = getattr(response, "usage", None)
    if u is None:
        return None
    return Usage(
        prompt_tokens=u.prompt_tokens or 0,
        completion_tokens=u.completion_tokens or 0,
        total_tokens=u.total_tokens or 0,
    )


def _brief_error(exc: BaseException | None) -> str:
    """One line naming what was wrong with the model's last answer."""
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors()[:3]:
            loc = ".".join(str(x) for x in err["loc"]) or "brief"
            parts.append(f"{loc}: {err['msg'].splitlines()[0]}")
        more = f" (+{exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
        return "; ".join(parts) + more
    if exc is None:
        return "unknown error"
    if isinstance(exc, RecursionError):
        return "the answer was nested too deeply to read (a malformed or hostile body)"
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"


def make_client(settings: Settings):
    from openai import AsyncOpenAI

    if not settings.endpoint_configured:
        raise ConfigError(
            "no model endpoint is configured",
            hint="set OPENAI_API_KEY, or --base-url for a local server (Ollama, vLLM, llama.cpp), or use --engine extractive",
        )
    key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
    # max_retries=0: transport retries belong to tenacity, inside our budget.
    return AsyncOpenAI(api_key=key, base_url=settings.base_url, max_retries=0, timeout=settings.request_timeout_s)


class LLMEngine:
    """One brief per `run`; holds the client so a batch reuses connections."""

    def __init__(self, settings: Settings, client=None, gate: RateGate | None = None) -> None:
        self.settings = settings
        self.gate = gate
        self.client = client or make_client(settings)
        self.secret = settings.api_key.get_secret_value() if settings.api_key else None

    async def _create(self, spend: Spend, **kwargs):
        spend.check_before_call()
        prefetched = PREFETCHED.get()
        if prefetched is not None:
            # The first answer already came back through the Batch API: use it, once; any
            # re-ask it needs goes live.
            PREFETCHED.set(None)

            async def send(timeout: float):
                return prefetched
        else:

            async def send(timeout: float):
                return await self.client.chat.completions.create(**kwargs, timeout=timeout)

        # A rough prompt-plus-answer estimate for the token bucket, corrected after the call.
        estimate = len(json.dumps(kwargs.get("messages", []))) // 4 + 1500
        response = await call_with_retries(
            send,
            spend,
            request_timeout_s=self.settings.request_timeout_s,
            retry_after_cap_s=self.settings.retry_after_cap_s,
            secret=self.secret,
            gate=self.gate,
            est_tokens=estimate,
        )
        usage = _usage_of(response)
        spend.record(usage)
        if self.gate is not None and usage is not None:
            self.gate.settle(estimate, usage.total_tokens)
        message = response.choices[0].message
        refusal = getattr(message, "refusal", None)
        if refusal and not (message.content or message.tool_calls):
            # Asking the same question again rarely changes a refusal; say so instead.
            spend.last_error = f"the model refused: {refusal[:200]}"
            raise ModelError(
                f"the model refused to write the brief: {refusal[:200]}",
                hint="try another model, or --engine extractive",
                usage=spend.usage.model_copy(),
                attempts=spend.calls,
            )
        if self.settings.mode == "tools" and not message.tool_calls and message.content:
            _content_as_tool_call(message, kwargs)
        return response

    async def ask(self, messages: list[dict], spend: Spend, index: ArticleIndex) -> LLMResult:
        """Ask until the answer validates and grounds, or the budget runs out.

        When the budget runs out after at least one structurally valid answer, that answer is
        kept with its ungrounded items dropped, and each drop is recorded as a warning.
        """

        async def create(**kwargs):
            return await self._create(spend, **kwargs)

        patched = instructor.patch(create=create, mode=MODES[self.settings.mode])
        session = _Session(index=index)
        token = _SESSION.set(session)
        try:
            while True:
                try:
                    # One more re-ask than the budget allows, so that the budget (not
                    # instructor) decides when to stop and says why.
                    draft = await patched(
                        model=self.settings.model,
                        messages=messages,
                        response_model=_response_model(),
                        max_retries=self.settings.max_calls,
                    )
                    break
                except IncompleteOutputException:
                    # Cut off at the server's length limit: ask afresh while the budget allows.
                    spend.last_error = "the answer was cut off at the model's output length limit"
                    log.warning("%s; asking again", spend.last_error)
                    spend.check_before_call()
            return LLMResult(draft=draft, grounded=session.grounded or ground(draft, index), warnings=[])
        except BudgetExceeded as exc:
            if session.draft is None or session.grounded is None:
                raise
            return self._salvage(session, exc)
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if exc.failed_attempts:
                spend.last_error = _brief_error(exc.failed_attempts[-1].exception)
            if isinstance(cause, SummarizerError):
                error: ModelError = cause if isinstance(cause, ModelError) else ModelError(str(cause))
                if isinstance(error, BudgetExceeded) and error.last_error is None:
                    error.last_error = spend.last_error
            else:
                spend.last_error = _brief_error(cause)
                error = spend.exceeded(f"no valid brief after {spend.calls} model call(s)")
            if session.draft is None or session.grounded is None:
                error.usage, error.attempts = spend.usage.model_copy(), spend.calls
                raise error from None
            return self._salvage(session, error)
        finally:
            _SESSION.reset(token)

    @staticmethod
    def _salvage(session: _Session, error: ModelError) -> LLMResult:
        """Keep the last structurally valid answer, minus what failed grounding, and say so."""
        warnings = [
            f"the model's answer still failed checks when the budget ran out ({error.message}); "
            "its ungrounded items were dropped",
            *session.grounded.warnings(),
        ]
        return LLMResult(draft=session.draft, grounded=session.grounded, warnings=warnings)

    async def aclose(self) -> None:
        await self.client.close()

    async def complete(
        self,
        messages: list[dict],
        first: LLMResult,
        outlets: list[Hint],
        speakers: list[Hint],
        spend: Spend,
        index: ArticleIndex,
    ) -> LLMResult:
        """At most one targeted re-ask for outlets and speakers the model left out."""
        if not (outlets or speakers):
            return first
        left_out = ", ".join(h.name for h in [*outlets, *speakers])
        try:
            spend.check_before_call()
        except BudgetExceeded as exc:
            first.warnings.append(f"the model left out {left_out}; no budget left to ask again ({exc.message})")
            return first
        followup = [
            *messages,
            {"role": "assistant", "content": first.draft.model_dump_json(exclude={"omissions"})},
            {"role": "user", "content": render_completeness(outlets, speakers)},
        ]
        try:
            second = await self.ask(followup, spend, index)
        except ModelError as exc:
            first.warnings.append(f"the model left out {left_out}; asking again failed ({exc.message})")
            return first
        second.warnings[:0] = first.warnings
        return second


def request_body(settings: Settings, messages: list[dict]) -> dict:
    """The exact chat.completions body instructor sends for these messages (for the Batch API)."""
    captured: dict = {}

    class _Captured(Exception):
        pass

    def capture(**kwargs):
        captured.update(kwargs)
        raise _Captured

    patched = instructor.patch(create=capture, mode=MODES[settings.mode])
    try:
        patched(model=settings.model, messages=messages, response_model=_response_model(), max_retries=0)
    except Exception as exc:  # instructor wraps our sentinel; anything else is a real error
        if not captured:
            raise ConfigError(f"could not build the request body: {exc}") from None
    captured.pop("timeout", None)
    return captured
