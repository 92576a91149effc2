"""Completeness: what the extractive analysis found and the model left out (outlets, speakers)
gets one targeted re-ask within the budget, answered with only what to add. This module owns
the whole follow-up: finding what is missing, asking, and saying in the brief's warnings what
is still missing and why."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from ..budget import Spend
from ..checks import NameIndex
from ..checks.grounding import Grounded
from ..errors import BudgetExceeded, ModelError
from ..extractive.media_names import canonical
from ..hints import Hint, Hints
from .patches import names_kept
from .prompting import render_completeness
from .reask import Answer

# (messages, explain_over=None): with a draft, asks what to add to it and why anything is left out
Ask = Callable[..., Awaitable[Answer]]


def _outlet_key(name: str) -> str:
    return (canonical(name) or name).casefold()


def left_out_warning(names: list[str], *, asked_again: bool) -> str:
    """The warning for what the rules found and the brief still lacks."""
    said = "after a completeness re-ask the model still leaves out" if asked_again else "the model left out"
    return f"{said} {', '.join(names)} (found by the extractive pass)"


def missing(hints: Hints, grounded: Grounded) -> list[Hint]:
    """The outlets and speakers that the hints are sure of and the grounded brief lacks."""
    have_outlets = {_outlet_key(o.name) for o in grounded.cited_outlets} | {
        _outlet_key(o.as_written) for o in grounded.cited_outlets
    }
    outlets = [h for h in hints.outlets if h.sure and _outlet_key(h.name) not in have_outlets]

    # a speaker the brief names in any form a reader would accept ("Lavrov" for "Sergey Lavrov")
    names = NameIndex(grounded.participants)
    return [*outlets, *(h for h in hints.speakers if h.sure and names.resolve(h.name).name is None)]


async def ensure_complete(
    ask: Ask, messages: list[dict], hints: Hints, first: Answer, spend: Spend, fits: Callable | None = None
) -> Answer:
    """At most one re-ask for missing outlets and speakers; returns the answer to use, with a
    warning for anything still missing that the model did not explain. `fits(messages)` says
    whether a request fits the model's context window (a re-ask is longer than the first ask)."""
    left_out = missing(hints, first.grounded)
    if not left_out:
        return first
    names = ", ".join(h.name for h in left_out)
    try:
        spend.check_before_call()
    except BudgetExceeded as exc:
        first.warnings.append(f"the model left out {names}; no budget left to ask again ({exc.message})")
        return first
    # the model is not sent its brief again: it is told what is missing and whom the brief lists,
    # and answers with what to add (a patch merged into the first answer)
    followup = [
        *messages,
        {"role": "user", "content": render_completeness(
            [h for h in left_out if h in hints.outlets], [h for h in left_out if h in hints.speakers],
            names_kept(first.draft),
        )},
    ]  # fmt: skip
    if fits is not None and not fits(followup):
        first.warnings.append(f"the model left out {names}; a re-ask would not fit the context window")
        return first
    try:
        second = await ask(followup, explain_over=first.draft)
    except ModelError as exc:
        first.warnings.append(f"the model left out {names}; asking again failed ({exc.message})")
        return first
    second.warnings[:0] = first.warnings
    explained = {o.item.casefold() for o in second.draft.omissions or []}
    still = [h.name for h in missing(hints, second.grounded) if h.name.casefold() not in explained]
    if still:
        second.warnings.append(left_out_warning(still, asked_again=True))
    return second
