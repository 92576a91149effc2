"""Completeness for the llm engine: what the extractive pass found and the model left out
gets one targeted re-ask, within the budget; what is still missing after it is a warning."""

from __future__ import annotations

from ..extractive.outlets import canonical
from ..grounding import Grounded
from .prompting import Hint, Hints


def _outlet_key(name: str) -> str:
    return (canonical(name) or name).casefold()


def missing(hints: Hints, grounded: Grounded) -> tuple[list[Hint], list[Hint]]:
    """(outlets, speakers) that the hints name and the grounded brief does not."""
    have_outlets = {_outlet_key(o.name) for o in grounded.cited_outlets} | {
        _outlet_key(o.as_written) for o in grounded.cited_outlets
    }
    outlets = [h for h in hints.outlets if _outlet_key(h.name) not in have_outlets]

    names = [p.name.casefold() for p in grounded.participants] + [p.holder.casefold() for p in grounded.positions]
    words = {w for n in names for w in n.split()}

    def known(name: str) -> bool:
        key = name.casefold()
        return key in names or key.split()[-1] in words

    speakers = [h for h in hints.speakers if not known(h.name)]
    return outlets, speakers


async def ensure_complete(engine, messages: list[dict], hints: Hints, result, spend, index):
    """At most one re-ask for missing outlets and speakers; returns the (possibly new) result."""
    outlets, speakers = missing(hints, result.grounded)
    if not (outlets or speakers):
        return result
    result = await engine.complete(messages, result, outlets, speakers, spend, index)
    explained = {o.item.casefold() for o in result.draft.omissions or []}
    still = [h.name for h in sum(missing(hints, result.grounded), []) if h.name.casefold() not in explained]
    if still and not any(w.startswith("the model left out") for w in result.warnings):
        result.warnings.append(
            f"after a completeness re-ask the model still leaves out {', '.join(still)} (found by the extractive pass)"
        )
    return result
