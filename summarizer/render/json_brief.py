"""A `Brief` as JSON: the public contract, exactly as `schemas/brief.schema.json` describes it."""

from __future__ import annotations

from ..models import Brief


def to_json(brief: Brief) -> str:
    return brief.model_dump_json(indent=2) + "\n"
