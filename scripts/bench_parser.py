"""The extractive engine on its parser: what our own work costs on top of spaCy, and whether the
whole stays linear.

1. On the dev-set articles (or the seeds), the parse alone (`nlp.pipe` over the same pieces the
   engine gives it) against the whole extractive brief with the parser; our work is the
   difference. Target: our work <= 0.5x the parse.
2. On news full of distinct names, and on ordinary news, a ladder of sizes doubling up to the
   2 MB input limit, parse included. Target: each doubling costs <= 2.3x (2.0 is linear).

Every figure is a ratio to a baseline from the same run.

    python scripts/bench_parser.py            # ladders up to 2 MB (a few minutes)
    python scripts/bench_parser.py --quick    # ladders up to 256 KB
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_hostile import LINEAR_MAX_RATIO, MAX_BYTES, SEED, distinct_news, per_doubling  # noqa: E402

from summarizer.extractive import analyse, extract_brief  # noqa: E402
from summarizer.extractive.parse import parse, pipeline_for  # noqa: E402
from summarizer.load import Article, load_article  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUR_WORK_MAX = 0.5  # our work on top of the parse, as a share of the parse's own time


def _best(fn, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def brief_with_parser(article: Article):
    return extract_brief(article, analysis=analyse(article, parsed=True))


def on_articles(folder: Path, rounds: int) -> float:
    nlp = pipeline_for("en")
    articles = [load_article(p) for p in sorted(folder.glob("*.txt"))]
    for a in articles:  # warm-up: the pipeline's load, regexes, lexicons
        brief_with_parser(a)
    parse_s = whole_s = 0.0
    for a in articles:  # interleaved, so a slow moment of the machine hits both alike
        parse_s += _best(lambda a=a: parse(a.text, nlp), rounds)
        whole_s += _best(lambda a=a: brief_with_parser(a), rounds)
    ours = whole_s - parse_s
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words:,} words")
    print(f"  parse alone (nlp.pipe)      {parse_s * 1e3:8.1f} ms  ({words / parse_s:,.0f} words/s)")
    print(f"  whole brief with the parser {whole_s * 1e3:8.1f} ms")
    print(f"  our work on top of the parse {ours / parse_s:.2f}x the parse (target <= {OUR_WORK_MAX})")
    return ours / parse_s


def ladder(name: str, make, top: int) -> float:
    sizes = [top // 2**k for k in range(5, -1, -1)]
    texts = [make(size) for size in sizes]
    times = [
        _best(lambda t=t: brief_with_parser(Article("Title\n\n" + t)), 1 if len(t) > 300_000 else 2) for t in texts
    ]
    ratio = per_doubling(sizes, times)
    verdict = "linear" if ratio <= LINEAR_MAX_RATIO else "SUPERLINEAR"
    print(f"  {name:<22} {len(texts[-1].encode()):>10,}B {times[-1]:>8.2f}s  per doubling {ratio:.2f}  {verdict}")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="ladders up to 256 KB, not 2 MB")
    parser.add_argument("--rounds", type=int, default=3)
    default = ROOT.parent / "shared" / "devset" / "articles"
    parser.add_argument("articles", nargs="?", type=Path, default=default if default.is_dir() else ROOT / "seeds")
    args = parser.parse_args()
    share = on_articles(args.articles, args.rounds)
    top = 256_000 if args.quick else MAX_BYTES
    print(f"ladder of sizes, each twice the last, up to {top:,} bytes (parse included)")
    worst = max(
        ladder("distinct names, news", distinct_news, top),
        ladder("ordinary news", lambda size: (SEED + "\n\n") * max(1, size // len(SEED.encode())), top),
    )
    print(
        f"our work {share:.2f}x the parse (target <= {OUR_WORK_MAX}); worst doubling {worst:.2f}x "
        f"(target <= {LINEAR_MAX_RATIO})"
    )


if __name__ == "__main__":
    main()
