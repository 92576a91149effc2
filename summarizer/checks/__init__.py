"""Stage 5, in one place: a quote is located in the article (`grounding`), names resolve like a
reader resolves them (`names`), and each item is checked against what the article says
(`support`): a span exists *and* supports its item."""

from .judge import judge
from .names import NameIndex, Resolution
from .support import check

__all__ = ["NameIndex", "Resolution", "check", "judge"]
