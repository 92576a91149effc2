"""Batch progress: a rich bar on a terminal, plain periodic lines otherwise (or with --quiet)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field


@dataclass
class Tally:
    total: int
    done: int = 0
    cached: int = 0
    skipped: int = 0
    failed: int = 0
    tokens: int = 0
    calls: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def finished(self) -> int:
        return self.done + self.cached + self.skipped + self.failed

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        rate = self.finished / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.finished) / rate if rate > 0 else 0.0
        return (
            f"{self.finished}/{self.total} articles: {self.done} done, {self.cached} cached, {self.skipped} skipped, "
            f"{self.failed} failed; {self.calls} model calls, {self.tokens} tokens; {elapsed:.1f}s"
            + (f", ETA {eta:.0f}s" if self.finished < self.total else "")
        )


class Reporter:
    """Shows a `Tally` as it changes; `close()` prints the final summary line."""

    def __init__(self, tally: Tally, *, quiet: bool = False, every_s: float = 5.0) -> None:
        self.tally = tally
        self.quiet = quiet
        self.every_s = every_s
        self._last = time.monotonic()
        self._bar = None
        if not quiet and sys.stderr.isatty():
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("[bold]briefs"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                TextColumn("{task.fields[status]}"),
                TimeRemainingColumn(),
                transient=True,
            )
            self._task = self._bar.add_task("batch", total=tally.total, status="")
            self._bar.start()

    def update(self) -> None:
        t = self.tally
        if self._bar is not None:
            status = f"failed {t.failed} | cached {t.cached} | tokens {t.tokens}"
            self._bar.update(self._task, completed=t.finished, status=status)
        elif not self.quiet and time.monotonic() - self._last >= self.every_s:
            self._last = time.monotonic()
            print(f"summarizer: {t.line()}", file=sys.stderr, flush=True)

    def note(self, message: str) -> None:
        """A one-off line (a warning about the run), shown even with --quiet."""
        if self._bar is not None:
            self._bar.console.print(f"summarizer: {message}", highlight=False)
        else:
            print(f"summarizer: {message}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
        print(f"summarizer: {self.tally.line()}", file=sys.stderr, flush=True)
