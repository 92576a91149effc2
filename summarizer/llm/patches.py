"""Re-asks that send only what is at stake, and the merge of what comes back.

When the checks refuse items of a brief that parsed, the model is sent the article's messages
again with the refused items and why, not its whole draft; the completeness re-ask names what
the brief lacks. Either way the model answers with a `DraftPatch` (only those items), which is
merged into the draft here: the refused items are replaced, every other item stays as it was.
The model writes a few items instead of the whole brief again (issue 20).

A corrected item takes the refused one's place, so the brief keeps the model's order. A model
that answers with its whole brief anyway is merged the same way: an item the draft already holds
is not added twice.
"""

from __future__ import annotations

import json
import re

from ..checks.grounding import Problem
from ..checks.names import key
from ..drafts import MAX_ITEMS, DraftBrief, DraftPatch
from ..errors import clip
from .prompting import render_repair

LISTS = ("participants", "agreed_points", "positions", "cited_outlets")
MAX_ITEMS_SHOWN = 20  # refused items quoted in one re-ask (the rest are counted)
MAX_NAMES_SHOWN = 30  # participants named as the brief's own
_AT = re.compile(r"^(\w+)\[(\d+)\]$")


def _place(where: str) -> tuple[str, int] | None:
    """("positions", 2) for "positions[2]"; None for the summary."""
    m = _AT.match(where)
    return (m.group(1), int(m.group(2))) if m and m.group(1) in LISTS else None


def _identity(section: str, item) -> tuple:
    """What makes two items of a list the same item, whoever wrote them."""
    if section == "participants":
        return (key(item.name),)
    if section == "cited_outlets":
        return (key(item.name), item.evidence.quote.strip())
    if section == "positions":
        return (key(item.holder), item.stance.strip().casefold(), item.evidence.quote.strip())
    return (item.point.strip().casefold(), item.evidence.quote.strip())


def _places(refused: list[Problem]) -> set[tuple[str, int]]:
    """The list places of the refused items (the summary has none)."""
    return {place for p in refused if (place := _place(p.where))}


def merge(draft: DraftBrief, patch: DraftPatch, refused: list[Problem] = ()) -> DraftBrief:
    """`draft` with its `refused` items replaced by the patch's, in their places, and any further
    patch items after its own (an item it already holds is not added twice); a refused summary
    gives way to the patch's, or to none."""
    dropped = _places(refused)
    fields: dict = {}
    for section in LISTS:
        items = getattr(draft, section)
        slots = [i for i in range(len(items)) if (section, i) in dropped]
        seen = {_identity(section, item) for i, item in enumerate(items) if (section, i) not in dropped}
        new = []
        for item in getattr(patch, section):
            if (identity := _identity(section, item)) not in seen:
                seen.add(identity)
                new.append(item)
        merged = list(items)
        for slot, item in zip(slots, new, strict=False):  # fewer corrections than slots is usual
            merged[slot] = item
        gone = set(slots[len(new) :])  # refused and not corrected: left out
        merged = [item for i, item in enumerate(merged) if i not in gone]
        fields[section] = (merged + new[len(slots) :])[:MAX_ITEMS]
    summary = draft.summary
    if patch.summary and patch.summary.strip():
        summary = patch.summary
    elif any(p.where == "summary" for p in refused):
        summary = ""  # refused and not rewritten: the brief says so and uses the article's lead
    if patch.omissions:
        fields["omissions"] = [*(draft.omissions or []), *patch.omissions]
    return draft.model_copy(update={**fields, "summary": summary})


def _item_json(draft: DraftBrief, where: str) -> str:
    place = _place(where)
    if place is None:
        return json.dumps(draft.summary, ensure_ascii=False)
    section, i = place
    items = getattr(draft, section)
    return items[i].model_dump_json(exclude_none=True) if i < len(items) else "{}"


def names_kept(draft: DraftBrief, refused: list[Problem] = ()) -> list[str]:
    """The draft's participants that stay: what a patch's holders and parties may name."""
    dropped = _places(refused)
    names = [p.name for i, p in enumerate(draft.participants) if ("participants", i) not in dropped]
    return [clip(n, 80) for n in dict.fromkeys(names)][:MAX_NAMES_SHOWN]


def repair_message(draft: DraftBrief, refused: list[Problem]) -> str:
    """The re-ask for refused items: each with its place, the item as the model wrote it, and
    every reason it was refused."""
    items = [{"where": p.where, "json": _item_json(draft, p.where), "why": p.why} for p in refused[:MAX_ITEMS_SHOWN]]
    return render_repair(
        items,
        more=max(len(refused) - MAX_ITEMS_SHOWN, 0),
        participants=names_kept(draft, refused),
        summary=any(p.where == "summary" for p in refused),
    )
