"""The article every stage reads: its text (every offset of a brief refers to exactly this
text), where it came from, and what loading it had to say."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    text: str
    source: str = "<text>"
    warnings: list[str] = field(default_factory=list)
    #: Where a web page came from: url, title, site_name, published, author, language (as found).
    origin: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The first line, when it reads like a headline (news files put it first)."""
        lines = self.text.strip().split("\n", 1)
        if len(lines) < 2:  # a one-paragraph text has no headline line
            return ""
        first = lines[0].strip()
        return first if 0 < len(first.split()) <= 30 else ""
