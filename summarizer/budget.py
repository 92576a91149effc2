"""One budget for a brief: model calls, tokens and a wall-clock deadline, shared by the
transport retries and the validation re-asks, with a running account of what was spent."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .errors import BudgetExceeded
from .models import Usage


@dataclass(frozen=True)
class Budget:
    max_calls: int = 3
    """Model answers (first answer plus re-asks); transport retries are bounded separately."""
    max_tokens: int | None = 60_000
    deadline_s: float = 180.0
    transport_retries: int = 4
    """Retries of one call after a 429, 5xx, timeout or reset; never shown to the model."""


@dataclass
class Spend:
    """What one brief has spent so far; raises `BudgetExceeded` before a call would overrun."""

    budget: Budget
    started: float = field(default_factory=time.monotonic)
    calls: int = 0
    requests: int = 0
    transport_retries: int = 0
    usage: Usage = field(default_factory=Usage)
    last_error: str | None = None
    in_flight: int = 0  # calls reserved and not yet answered (the parts of a long article run at once)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def remaining_s(self) -> float:
        return self.budget.deadline_s - self.elapsed()

    def exceeded(self, why: str) -> BudgetExceeded:
        return BudgetExceeded(
            f"budget exhausted: {why}",
            usage=self.usage.model_copy(),
            attempts=self.calls,
            last_error=self.last_error,
            hint="raise --max-calls, --max-tokens or --deadline, or check the endpoint",
        )

    def reserve(self) -> None:
        """Check the budget and hold one call for a request about to be sent; `record` or
        `release` ends the hold. Concurrent callers cannot overrun `max_calls` together."""
        self.check_before_call()
        self.in_flight += 1

    def release(self) -> None:
        self.in_flight = max(0, self.in_flight - 1)

    def check_before_call(self) -> None:
        b = self.budget
        if self.calls + self.in_flight >= b.max_calls:
            raise self.exceeded(f"all {b.max_calls} model call(s) used")
        if b.max_tokens is not None and self.usage.total_tokens >= b.max_tokens:
            raise self.exceeded(f"{self.usage.total_tokens} of {b.max_tokens} tokens used")
        if self.remaining_s() <= 0:
            raise self.exceeded(f"deadline of {b.deadline_s:g}s passed")

    def record(self, usage: Usage | None) -> None:
        self.release()
        self.calls += 1
        if usage is not None:
            self.usage.add(usage)
