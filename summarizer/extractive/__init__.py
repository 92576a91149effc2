"""The extractive engine: a deterministic brief from rules alone (no model, no network)."""

from .engine import extract_brief, hints_for

__all__ = ["extract_brief", "hints_for"]
