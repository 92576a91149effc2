"""The support checks against SIMULATED answers (no model is called): for each dev-set article, a
perfect answer from its gold labels, a typical one with the deviations and errors real models
make (`summarizer.testing.simulated`), and the hand-written careful answers in
`tests/fixtures/capable/`. Prints, per kind: right items refused (the expensive error), right
items verified, wrong items shown as verified, and calls per article.

    python scripts/bench_support.py [DEVSET]     # default ../shared/devset
"""

from __future__ import annotations

import sys
from pathlib import Path

from summarizer.testing.simulated import measure

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "perfect": "targets: right refused 0, calls <= 1.05 (a model that repeats its answer)",
    "capable": "targets: right refused 0, calls <= 1.10 (hand-written careful answers, repeated when re-asked)",
    "typical": "targets: right refused <= 1%, wrong verified <= 5%, right verified >= 85%, calls <= 1.8",
}


def main() -> None:
    devset = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "devset"
    totals = measure(devset, capable=ROOT / "tests" / "fixtures" / "capable")
    for kind, tally in totals.items():
        print(f"{kind:<8} {tally.articles:2d} articles: {tally.line()}")
        print(f"         {TARGETS[kind]}")


if __name__ == "__main__":
    main()
