"""Stage 5, beyond grounding: a span exists *and* supports its item. Names resolve like a reader
resolves them (`names`), and each item is checked against what the article says (`support`)."""

from .judge import judge
from .names import NameIndex, Resolution
from .support import check

__all__ = ["NameIndex", "Resolution", "check", "judge"]
