"""The extractive engine: a deterministic brief from rules alone (no model, no network)."""

from .analysis import Analysis, analyse
from .engine import extract_brief, hints_for, lead_summary

__all__ = ["Analysis", "analyse", "extract_brief", "hints_for", "lead_summary"]
