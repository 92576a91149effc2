"""The re-ask loop: instructor asks until the answer validates and grounds, re-asking the model
with every specific error; when the budget runs out, the last structurally valid answer is
kept with its ungrounded items dropped, each drop a warning.

The article reaches the grounding validator through a context variable rather than
instructor's `context=`, because instructor also renders message text as Jinja with that
context, and the article is untrusted text that must reach the model byte for byte.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass, field

import instructor
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import Field, ValidationError, model_validator

from ..budget import Spend
from ..checks import check
from ..errors import BudgetExceeded, ModelError, SummarizerError, clip
from ..extractive import Analysis
from ..grounding import ArticleIndex, Grounded, problems_message
from ..logs import logger
from ..models import DraftBrief, DraftOmission
from .instructor_adapter import MODES, prepared
from .provider import ChatProvider

log = logger("summarizer.llm")
# instructor logs every failed attempt at ERROR; a library must not print that on its own
# (Python's last-resort handler would), but an application that configures logging still sees it.
logging.getLogger("instructor").addHandler(logging.NullHandler())

ERRORS_SHOWN = 3  # validation errors named in a one-line failure
ERROR_CHARS = 200


@dataclass
class _Session:
    index: ArticleIndex
    analysis: Analysis | None = None
    brief_language: str | None = None
    draft: DraftBrief | None = None
    grounded: Grounded | None = None


_SESSION: ContextVar[_Session | None] = ContextVar("summarizer_grounding_session", default=None)


class ArticleBrief(DraftBrief):
    """The article's brief."""  # sent as the tool's description: the rules are in the system prompt

    @model_validator(mode="after")
    def _grounded(self) -> ArticleBrief:
        session = _SESSION.get()
        if session is not None:
            grounded = check(self, session.index, session.analysis, brief_language=session.brief_language)
            session.draft, session.grounded = self, grounded
            if grounded.problems:
                raise ValueError(problems_message(grounded.problems))
        return self


class ExplainingBrief(ArticleBrief):
    """The article's brief, with what was left out on purpose."""  # the completeness re-ask's schema

    omissions: list[DraftOmission] | None = Field(default=None, description="Items deliberately left out, and why.")


@dataclass
class Answer:
    """A grounded answer, and what the reader must know about how it was obtained."""

    draft: DraftBrief
    grounded: Grounded
    warnings: list[str] = field(default_factory=list)
    #: Refused items dropped from this answer (the budget ran out before the model fixed them).
    refused: int = 0


def brief_error(exc: BaseException | None) -> str:
    """One line naming what was wrong with the model's last answer."""
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors()[:ERRORS_SHOWN]:
            # a key the model made up can be a megabyte long: every part is bounded
            loc = ".".join(clip(x, 40) for x in err["loc"]) or "brief"
            parts.append(f"{clip(loc, 120)}: {clip(err['msg'], ERROR_CHARS)}")
        more = f" (+{exc.error_count() - ERRORS_SHOWN} more)" if exc.error_count() > ERRORS_SHOWN else ""
        return "; ".join(parts) + more
    if exc is None:
        return "unknown error"
    if isinstance(exc, RecursionError):
        return "the answer was nested too deeply to read (a malformed or hostile body)"
    return f"{type(exc).__name__}: {clip(str(exc).splitlines()[0], ERROR_CHARS) if str(exc).strip() else ''}"


async def ask(
    provider: ChatProvider,
    messages: list[dict],
    spend: Spend,
    index: ArticleIndex,
    *,
    model: str,
    mode: str,
    max_calls: int,
    analysis: Analysis | None = None,
    brief_language: str | None = None,
    response_model: type[ArticleBrief] = ArticleBrief,
) -> Answer:
    """Ask until the answer validates, grounds and is supported, or the budget runs out.
    `response_model`: `ExplainingBrief` when the model is asked to explain what it left out."""

    async def create(**request):
        return await provider.create(spend, **request)

    patched = instructor.patch(create=create, mode=MODES[mode])
    session = _Session(index=index, analysis=analysis, brief_language=brief_language)
    token = _SESSION.set(session)
    try:
        while True:
            try:
                # One more re-ask than the budget allows, so that the budget (not instructor)
                # decides when to stop and says why.
                draft = await patched(
                    model=model, messages=messages, response_model=prepared(response_model), max_retries=max_calls
                )
                break
            except IncompleteOutputException:
                # Cut off at the server's length limit: ask afresh while the budget allows.
                spend.last_error = "the answer was cut off at the model's output length limit"
                log.warning("%s; asking again", spend.last_error)
                spend.check_before_call()
        grounded = session.grounded or check(draft, index, analysis, brief_language=brief_language)
        return Answer(draft=draft, grounded=grounded)
    except BudgetExceeded as exc:
        if session.draft is None or session.grounded is None:
            raise
        return _salvage(session, exc)
    except InstructorRetryException as exc:
        error = _translate(exc, spend)
        if session.draft is None or session.grounded is None:
            error.usage, error.attempts = spend.usage.model_copy(), spend.calls
            raise error from None
        return _salvage(session, error)
    finally:
        _SESSION.reset(token)


def _translate(exc: InstructorRetryException, spend: Spend) -> ModelError:
    """instructor's retry failure as our error: the budget's or the endpoint's, with the last
    answer's problem as `last_error`."""
    cause = exc.__cause__
    if exc.failed_attempts:
        spend.last_error = brief_error(exc.failed_attempts[-1].exception)
    if isinstance(cause, SummarizerError):
        error = cause if isinstance(cause, ModelError) else ModelError(str(cause))
        if isinstance(error, BudgetExceeded) and error.last_error is None:
            error.last_error = spend.last_error
        return error
    spend.last_error = brief_error(cause)
    return spend.exceeded(f"no valid brief after {spend.calls} model call(s)")


def _salvage(session: _Session, error: ModelError) -> Answer:
    """Keep the last structurally valid answer, minus what failed grounding, and say so."""
    warnings = [
        f"the model's answer still failed checks when the budget ran out ({error.message}); "
        "its ungrounded items were dropped",
        *session.grounded.warnings(),
    ]
    return Answer(
        draft=session.draft, grounded=session.grounded, warnings=warnings, refused=len(session.grounded.problems)
    )
