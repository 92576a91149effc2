"""Small units: rate gate, progress lines, input ids, and the Python API's bad-input errors."""

from __future__ import annotations

import asyncio
import json

import pytest

from summarizer import InputError, summarize
from summarizer.batch.progress import Reporter, Tally
from summarizer.batch.ratelimit import RateGate
from summarizer.batch.sources import iter_items, safe_id


class FakeClock:
    """Time that moves only when the gate sleeps: pacing is exact and the test never waits."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_token_bucket_paces_by_tokens_and_a_pause_holds_everyone():
    clock = FakeClock()

    async def run() -> tuple[float, float]:
        gate = RateGate(tpm=120_000, clock=clock, sleep=clock.sleep)  # 2,000 tokens/s, a 1 s burst
        for _ in range(6):
            await gate.acquire(1000)
        paced = clock.now
        gate.pause(0.3)
        started = clock.now
        await asyncio.gather(*(gate.acquire(0) for _ in range(3)))
        return paced, clock.now - started

    paced, paused = asyncio.run(run())
    # 6,000 tokens: 2,000 from the burst, 1,000 on credit, the other 3,000 at 2,000 a second
    assert paced == pytest.approx(1.5, abs=0.01)
    # all three waited out the one shared pause (0.3 s), then the last 1,000 tokens taken on credit
    # (0.5 s at 2,000 a second, 0.3 s of it refilled during the pause)
    assert paused == pytest.approx(0.5, abs=0.01)


def test_requests_per_minute_are_paced_evenly():
    clock = FakeClock()

    async def run() -> list[float]:
        gate = RateGate(rpm=120, clock=clock, sleep=clock.sleep)
        times = []
        for _ in range(4):
            await gate.acquire(0)
            times.append(clock.now)
        return times

    times = asyncio.run(run())
    assert [round(b - a, 2) for a, b in zip(times, times[1:], strict=False)] == [0.5, 0.5, 0.5]


def test_progress_prints_plain_lines_when_not_a_terminal(capsys):
    tally = Tally(total=3)
    reporter = Reporter(tally, every_s=0.0)
    tally.done, tally.tokens, tally.calls = 1, 50, 1
    reporter.update()
    tally.failed = 2
    reporter.close()
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("summarizer: 1/3 articles: 1 done") and "ETA" in err[0]
    assert err[-1].startswith(
        "summarizer: 3/3 articles: 1 done, 0 cached, 0 skipped, 2 failed; 1 model calls, 50 tokens"
    )


def test_quiet_progress_prints_only_the_summary(capsys):
    tally = Tally(total=1)
    reporter = Reporter(tally, quiet=True, every_s=0.0)
    tally.done = 1
    reporter.update()
    reporter.close()
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_ids_are_stable_safe_and_distinct(tmp_path):
    assert safe_id("plain-id_1.x") == "plain-id_1.x"
    assert safe_id("a/b") != safe_id("a:b") and "/" not in safe_id("a/b")
    feed = tmp_path / "f.jsonl"
    feed.write_text("\n".join(json.dumps({"id": "same", "text": t}) for t in ("one", "two")) + "\n[]\n")
    items = list(iter_items([str(feed)]))
    assert len({i.id for i in items}) == 3 and items[2].error
    assert [i.id for i in iter_items([str(feed)])] == [i.id for i in items]  # stable across runs


@pytest.mark.parametrize("text", ["", "   \n\t"])
def test_python_api_rejects_empty_text(text):
    with pytest.raises(InputError, match="empty"):
        summarize(text)


def test_python_api_strips_html_with_a_warning():
    brief = summarize("<html><body><p>Officials said the talks ended, Reuters reported.</p></body></html>")
    assert brief.cited_outlets[0].name == "Reuters" and any("HTML" in w for w in brief.warnings)
