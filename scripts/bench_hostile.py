"""The extractive engine on hostile text: is it linear whatever the input?

For each shape (runs of abbreviations, one huge token, stacked combining accents, capitals with
no full stop, quotation marks without end, and ordinary news), times the engine on the text
and on the same shape twice as long, and prints the ratio: about 2 is linear, about 4
quadratic. Baseline per shape: its own half-size run, in the same process.

    python scripts/bench_hostile.py            # sizes as in the issue (40-80 KB, 50k accents, 2 MB)
    python scripts/bench_hostile.py --quick    # a tenth of that
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from summarizer.extractive import extract_brief
from summarizer.load import Article

SEED = (Path(__file__).resolve().parent.parent / "seeds" / "000_46441950d65b9f7a.txt").read_text(encoding="utf-8")
LINEAR_MAX_RATIO = 3.0  # doubling the input may cost at most this much (2.0 is linear)


def shapes(scale: float) -> dict[str, callable]:
    def sized(unit: str, kb: float):
        return lambda k: unit * max(1, int(kb * k * 1000 / len(unit)))

    return {
        '"Mr. " repeated': sized("Mr. ", 40 * scale),
        "one token, no space": sized("A", 40 * scale),
        "combining accents": lambda k: "e" + "\u0301" * int(50_000 * scale * k),
        "capitals, no stop": sized("Alpha Beta Gamma Delta ", 40 * scale),
        "open quotes": sized('"Alpha said ', 40 * scale),
        "ordinary news": sized(SEED + "\n\n", 1_000 * scale),
    }


def timed(text: str) -> float:
    start = time.perf_counter()
    extract_brief(Article("Title\n\n" + text))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the issue's sizes")
    args = parser.parse_args()
    timed(SEED)  # warm-up: regex compilation, pycountry
    print(f"{'shape':<22} {'size':>10} {'time':>8} {'2x size':>8} {'ratio':>6}  verdict")
    worst = 0.0
    for name, make in shapes(0.1 if args.quick else 1.0).items():
        one, two = make(1), make(2)
        t1, t2 = timed(one), timed(two)
        ratio = t2 / t1 if t1 > 0 else 0.0
        worst = max(worst, ratio)
        verdict = "linear" if ratio <= LINEAR_MAX_RATIO else "SUPERLINEAR"
        print(f"{name:<22} {len(one.encode()):>9,}B {t1:>7.2f}s {t2:>7.2f}s {ratio:>6.2f}  {verdict}")
    print(f"worst ratio for doubling the input: {worst:.2f} (linear is 2.0; limit {LINEAR_MAX_RATIO})")


if __name__ == "__main__":
    main()
