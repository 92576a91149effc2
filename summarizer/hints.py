"""What the extractive analysis hands the llm engine: names it found, each with the span that
shows it, offered in the prompt and asked about again when the model leaves out a sure one."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hint:
    """One thing the extractive analysis found: a name and the span of the article that shows it."""

    name: str
    quote: str
    #: The rules are sure of it: worth a paid completeness re-ask when the model leaves it out.
    #: Every hint is offered in the prompt; only sure ones are asked about again.
    sure: bool = True

    def __str__(self) -> str:
        return self.name


@dataclass
class Hints:
    """What the extractive analysis found, offered to the model as things to check."""

    outlets: list[Hint] = field(default_factory=list)
    speakers: list[Hint] = field(default_factory=list)
