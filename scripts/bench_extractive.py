"""Benchmark: extractive engine speed, in ms per 1,000 words after warm-up.

Target: <= 20 ms per 1,000-word article. Prints the figure, the ratio to the target, and the
ratio to a baseline measured in the same run (one regex tokenization pass over the same text),
so the number means something on any machine.

    python scripts/bench_extractive.py [ARTICLES_DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from summarizer.extractive import extract_brief
from summarizer.load import load_article

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS_PER_1000_WORDS = 20.0


def _time(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT.parent / "shared" / "devset" / "articles"
    parser.add_argument("articles", nargs="?", type=Path, default=default if default.is_dir() else ROOT / "seeds")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    articles = [load_article(p) for p in sorted(args.articles.glob("*.txt"))]
    if not articles:
        raise SystemExit(f"no .txt articles in {args.articles}")
    for a in articles:  # warm-up: imports, regex compilation, lexicon caches
        extract_brief(a)

    print(f"{'article':<44} {'words':>6} {'ms':>8} {'ms/1000w':>9} {'x baseline':>10}")
    total_words = total_s = total_base = 0.0
    for a in articles:
        words = len(a.text.split())
        seconds = _time(lambda a=a: extract_brief(a), args.repeat)
        base = _time(lambda a=a: re.findall(r"\w+", a.text), args.repeat)
        total_words, total_s, total_base = total_words + words, total_s + seconds, total_base + base
        print(
            f"{Path(a.source).name[:44]:<44} {words:>6} {seconds * 1e3:>8.2f} "
            f"{seconds * 1e6 / words:>9.2f} {seconds / base:>10.0f}"
        )
    per_1000 = total_s * 1e6 / total_words
    print(
        f"extractive: {per_1000:.2f} ms per 1,000 words (target <= {TARGET_MS_PER_1000_WORDS:.0f}: "
        f"{per_1000 / TARGET_MS_PER_1000_WORDS:.2f}x of target); "
        f"{total_s / total_base:.0f}x a regex tokenization baseline"
    )


if __name__ == "__main__":
    main()
