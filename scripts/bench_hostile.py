"""The extractive engine on hostile text: is it linear whatever the input?

For each shape (runs of abbreviations, one huge token, stacked combining accents, capitals with
no full stop, quotation marks without end, a cue before ever the same word, a long list of
distinct names, news full of distinct names, and ordinary news), times the engine on a ladder
of sizes, each twice the last, up to the input limit (2 MB), and prints the worst ratio between
neighbours: about 2 is linear, about 4 quadratic. Baseline per step: the run half its size,
in the same process.

    python scripts/bench_hostile.py            # ladders up to 2 MB (a few minutes)
    python scripts/bench_hostile.py --quick    # up to 256 KB
    python scripts/bench_hostile.py --parsed   # with the spaCy parse, as the extractive engine runs
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import time
from pathlib import Path

from summarizer.extractive import analyse, extract_brief
from summarizer.load import Article

SEED = (Path(__file__).resolve().parent.parent / "seeds" / "000_46441950d65b9f7a.txt").read_text(encoding="utf-8")
LINEAR_MAX_RATIO = 2.3  # doubling the input may cost at most this much (2.0 is linear)
MAX_BYTES = 2_000_000  # the input limit (load.DEFAULT_MAX_BYTES): no larger text is ever read
_SYLLABLES = "ka lo mi ra te zu ven dor bel sin ta rop gu ne fi".split()


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(3)).title()


def distinct_names(size: int) -> str:
    rng = random.Random(size)
    names, total = [], 0
    while total < size:  # a running total: summing the list each time made the generator quadratic
        names.append(f"{_name(rng)} {_name(rng)}")
        total += len(names[-1]) + 2
    return ", ".join(names)


def distinct_news(size: int) -> str:
    """News paragraphs in which every person, company and place is new."""
    rng = random.Random(size)
    paragraphs, total = [], 0
    while total < size:
        a, b, c, d = (f"{_name(rng)} {_name(rng)}" for _ in range(4))
        firm, town = _name(rng), _name(rng)
        paragraph = (
            f"{a}, a spokesman for {firm} Corp, said the talks with {b} would continue in {town}. "
            f'"We agreed to meet again," {a.split()[1]} told reporters. {c} of the {firm} Workers Union '
            f"rejected the offer, and {d} said {firm} had not paid."
        )
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def shapes() -> dict[str, callable]:
    def repeated(unit: str):
        return lambda size: unit * max(1, size // len(unit.encode()))

    return {
        '"Mr. " repeated': repeated("Mr. "),
        "one token, no space": repeated("A"),
        "combining accents": lambda size: "e" + "\u0301" * (size // 2),
        "capitals, no stop": repeated("Alpha Beta Gamma Delta "),
        "open quotes": repeated('"Alpha said '),
        '"told Alpha " repeated': repeated("told Alpha "),
        "distinct names, a list": distinct_names,
        "distinct names, news": distinct_news,
        "ordinary news": repeated(SEED + "\n\n"),
    }


PARSED = False  # --parsed: the engine as it runs, with the parse


def timed(text: str) -> float:
    """Seconds to brief `text` once; garbage from earlier runs is collected first, so one run
    does not pay for another's objects."""
    gc.collect()
    start = time.perf_counter()
    article = Article("Title\n\n" + text)
    extract_brief(article, analysis=analyse(article, parsed=PARSED))
    return time.perf_counter() - start


def ladder(texts: list[str], rounds: int = 3) -> list[float]:
    """The best time of each text over `rounds` interleaved rounds (each round runs the whole
    ladder, so a slow moment of the machine hits every size alike, not one); a run over 2 s
    is taken once."""
    best = [float("inf")] * len(texts)
    for _ in range(rounds):
        for i, text in enumerate(texts):
            if best[i] < 2.0 or best[i] == float("inf"):
                best[i] = min(best[i], timed(text))
    return best


def per_doubling(sizes: list[int], times: list[float]) -> float:
    """The cost of doubling the input, from the least-squares slope of log time on log size
    over the whole ladder (2.0 is linear, 4.0 quadratic): steadier than any one pair."""
    points = [
        (math.log2(n), math.log2(t)) for n, t in zip(sizes, times, strict=True) if t > 0.05
    ]  # under 50 ms is noise
    if len(points) < 2:
        return 0.0
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    return 2**slope


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="ladders up to 256 KB, not 2 MB")
    parser.add_argument("--parsed", action="store_true", help="with the spaCy parse (as the engine runs)")
    parser.add_argument("--shape", action="append", help="run only this shape (repeatable; a part of its name)")
    args = parser.parse_args()
    global PARSED
    PARSED = args.parsed
    top = 256_000 if args.quick else MAX_BYTES
    timed(SEED)  # warm-up: regex compilation, pycountry
    timed(distinct_names(2_000))  # and the language identifier's model (loaded for non-English text)
    print(f"{'shape':<24} {'largest':>10} {'time':>8}  {'per doubling':>12}  {'worst pair':>10}  verdict")
    worst = 0.0
    for name, make in shapes().items():
        if args.shape and not any(part in name for part in args.shape):
            continue
        sizes = [top // 2**k for k in range(5, -1, -1)]  # top/32 ... top
        times = ladder([make(size) for size in sizes])
        ratio = per_doubling(sizes, times)
        pairs = max((b / a for a, b in zip(times, times[1:], strict=False) if a > 0.05), default=0.0)
        worst = max(worst, ratio)
        verdict = "linear" if ratio <= LINEAR_MAX_RATIO else "SUPERLINEAR"
        print(
            f"{name:<24} {len(make(top).encode()):>9,}B {times[-1]:>7.2f}s  {ratio:>12.2f}  {pairs:>10.2f}  {verdict}"
        )
    print(f"worst cost of doubling the input: {worst:.2f}x (linear is 2.0; limit {LINEAR_MAX_RATIO})")


if __name__ == "__main__":
    main()
