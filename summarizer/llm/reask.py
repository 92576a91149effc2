"""The re-ask loop, in the open: ask the provider, parse the answer, run the checks on it, and
re-ask with every specific error until it validates and grounds; when the budget runs out, the
last structurally valid answer is kept with its refused items dropped, each drop a warning.

An answer that does not parse is re-asked as a turn of the conversation (the model must see
what it sent). An answer the checks refuse items of is re-asked for those items only: the
article's messages again, the refused items and why, and a patch's schema; the patch is merged
into the draft (`patches.py`), so the model neither reads nor rewrites its whole draft.

The provider phrases a request and a re-ask in its own format (`providers/`); what is wrong with
an answer is said here, from the parser's errors and the checks' verdicts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import Field, ValidationError

from ..budget import Spend
from ..checks.grounding import Grounded
from ..drafts import DraftBrief, DraftOmission, DraftPatch
from ..errors import ModelError, clip
from ..logs import logger
from ..providers import Provider, Reply, Request, Transport
from ..providers.transport import call_with_retries
from .chunking import ANSWER_TOKENS, messages_tokens
from .patches import merge, repair_message

log = logger("summarizer.llm")

ERRORS_SHOWN = 3  # validation errors named in a one-line failure
ERROR_CHARS = 200
REFUSAL_CHARS = 200  # how much of a refusal an error quotes
NO_ANSWER = "the reply held no answer: call the function with the brief as its arguments"

DIRECT = Transport()  # no rate gate, the default timeouts

#: The checks of one answer: its verdicts, and the problems a re-ask names.
Checker = Callable[[DraftBrief], Grounded]


class ArticleBrief(DraftBrief):
    """The article's brief."""  # sent as the tool's description: the rules are in the system prompt


class ArticlePatch(DraftPatch):
    """Only the brief's items asked for: the others are kept as they are."""  # a repair re-ask's schema


class ExplainingPatch(ArticlePatch):
    """Only the items to add to the brief, and what was left out on purpose."""  # the completeness re-ask's

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
    provider: Provider,
    messages: list[dict],
    spend: Spend,
    checker: Checker,
    *,
    response_model: type[DraftBrief] | type[DraftPatch] = ArticleBrief,
    base: DraftBrief | None = None,
    transport: Transport = DIRECT,
) -> Answer:
    """Ask until the answer validates and the checks find nothing to refuse, or the budget runs
    out. With `base`, each answer is a patch (`response_model`, such as `ExplainingPatch`, which
    asks what was left out) merged into `base` before the checks."""
    schema = response_model
    fresh = request = provider.request(messages, schema)
    refused: list = []  # the items of `base` that the patch being asked for replaces
    last: tuple[DraftBrief, Grounded] | None = None  # the last answer that parsed, and its verdicts
    while True:
        try:
            reply = await _call(provider, request, spend, transport)
        except ModelError as exc:
            if last is None:
                exc.usage, exc.attempts = spend.usage.model_copy(), spend.calls
                raise
            return _salvage(*last, exc)
        if reply.refusal:  # asking the same question again rarely changes a refusal; say so instead
            spend.last_error = f"the model refused: {clip(reply.refusal, REFUSAL_CHARS)}"
            raise ModelError(
                f"the model refused to write the brief: {clip(reply.refusal, REFUSAL_CHARS)}",
                hint="try another model, or --engine extractive",
                usage=spend.usage.model_copy(),
                attempts=spend.calls,
            )
        if reply.cut_off:  # stopped at the server's length limit: ask afresh while the budget allows
            spend.last_error = "the answer was cut off at the model's output length limit"
            log.warning("%s; asking again", spend.last_error)
            request = fresh
            continue
        try:
            if not reply.text.strip():
                raise ValueError(NO_ANSWER)
            answer = schema.model_validate_json(reply.text)
        except (ValidationError, ValueError) as exc:
            spend.last_error = brief_error(exc)
            request = provider.reask(request, reply, str(exc))
            continue
        draft = answer if base is None else merge(base, answer, refused)
        grounded = checker(draft)  # the checks, on this answer
        if not grounded.problems:
            return Answer(draft=draft, grounded=grounded)
        last = (draft, grounded)
        spend.last_error = f"the checks refused {len(grounded.problems)} item(s)"
        # the refused items only, merged into this draft when they come back
        base, refused = draft, grounded.problems
        schema = ExplainingPatch if issubclass(schema, ExplainingPatch) else ArticlePatch
        repair = {"role": "user", "content": repair_message(draft, refused)}
        fresh = request = provider.request([*messages, repair], schema)


async def _call(provider: Provider, request: Request, spend: Spend, transport: Transport) -> Reply:
    """One model call, counted against the budget (which raises before a call would overrun),
    its transport faults retried within it."""
    spend.reserve()
    # what the rate gate holds for the call, corrected once the usage is known
    estimate = messages_tokens(request.messages) + ANSWER_TOKENS if transport.gate is not None else 0
    try:
        reply = await call_with_retries(
            lambda timeout: provider.complete(request, timeout),
            spend,
            request_timeout_s=transport.request_timeout_s,
            retry_after_cap_s=transport.retry_after_cap_s,
            gate=transport.gate,
            est_tokens=estimate,
        )
    except BaseException:
        spend.release()
        raise
    spend.record(reply.usage)
    if transport.gate is not None and reply.usage is not None:
        transport.gate.settle(estimate, reply.usage.total_tokens)
    return reply


def _salvage(draft: DraftBrief, grounded: Grounded, error: ModelError) -> Answer:
    """Keep the last structurally valid answer, minus what the checks refused, and say so."""
    warnings = [
        f"the model's answer still failed checks when the budget ran out ({error.message}); "
        "its ungrounded items were dropped",
        *grounded.warnings(),
    ]
    return Answer(draft=draft, grounded=grounded, warnings=warnings, refused=len(grounded.problems))
