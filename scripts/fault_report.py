"""Run the whole fault-injection matrix against the scripted server and print a table.

    python scripts/fault_report.py

Last line: `faults: N injected, N handled, 0 crashes, 0 hangs`. Exit code 1 if any fault was
not handled (wrong outcome, budget overrun, crash or hang).
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path

from summarizer.testing.faults import SCENARIOS, run_scenario

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' judgement of each outcome, not the package's own
from tests.test_faults import verdict  # noqa: E402


async def main() -> int:
    # The library logs every retry; the table below says the same thing, once.
    logging.disable(logging.CRITICAL)
    article = (ROOT / "seeds" / "000_46441950d65b9f7a.txt").read_text(encoding="utf-8")
    good = json.loads((ROOT / "tests" / "fixtures" / "seed_scripted_brief.json").read_text(encoding="utf-8"))
    good.pop("_label")
    print(f"{'fault':<38} {'outcome':<15} {'ok':<3} {'requests':>8} {'calls':>5} {'tokens':>6} {'seconds':>7}")
    outcomes = []
    for scenario in SCENARIOS:
        o = await run_scenario(scenario, article, good)
        problems = verdict(o, good)
        outcomes.append((o, not problems))
        print(
            f"{scenario.name:<38} {o.result:<15} {'NO' if problems else 'yes':<3} {o.requests:>8} {o.attempts:>5} "
            f"{o.tokens:>6} {o.elapsed_s:>7.2f}"
        )
        for problem in problems:
            print(f"    -> {problem}", file=sys.stderr)
    handled = sum(ok for _, ok in outcomes)
    crashes = sum(o.crashed for o, _ in outcomes)
    hangs = sum(o.hung for o, _ in outcomes)
    print(f"faults: {len(outcomes)} injected, {handled} handled, {crashes} crashes, {hangs} hangs")
    return 0 if handled == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
