"""Our plumbing around one model call, against a bare openai SDK call with a reused client, in one
run (the scripted server answers at once, in its own process; medians over interleaved rounds).

    python scripts/bench_overhead.py [--rounds N]

Printed, each as a ratio to the bare call measured in the same run (issue 20's targets):
- `summarize()` per brief, minus an extractive brief of the same text (the issue's stand-in for
  the analysis): <= 3x; and, stricter, minus the analysis the llm path really runs (its hints);
- `brief_article` on a shared engine (the batch path), measured the same way: <= 4x;
- our CPU per article (this process's CPU time), the analysis excluded (made ahead, so the path
  runs everything else): <= 2x the bare call's;
- the llm path's analysis as a share of a 2 s model call: <= 10%.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import SEED, Server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--per-round", type=int, default=10)
    args = parser.parse_args()

    import instructor
    from openai import AsyncOpenAI

    from summarizer import summarize
    from summarizer.engine_pool import run_sync, shared_engine
    from summarizer.extractive import analyse
    from summarizer.extractive.engine import hints_for
    from summarizer.llm import engine as llm_engine
    from summarizer.llm.engine import batch_request, messages_for
    from summarizer.llm.reask import ArticleBrief
    from summarizer.load import article_from_text
    from summarizer.pipeline import brief_article, engine_for
    from summarizer.providers.instructor_adapter import prepared
    from summarizer.settings import Settings

    server = Server(0.0)
    try:
        settings = Settings(base_url=server.base_url, api_key="k", model="m")
        article = article_from_text(SEED)
        body = batch_request(article, settings)
        messages = messages_for(article)
        client = AsyncOpenAI(base_url=server.base_url, api_key="k", max_retries=0)
        patched = instructor.patch(create=client.chat.completions.create, mode=instructor.Mode.TOOLS)
        engine = run_sync(shared_engine(settings, engine_for))
        # "the analysis excluded", measured directly: the same path, with the engine's `analyse`
        # answering from an analysis made ahead of time (still through its thread hop, which is ours)
        made = analyse(article, language=settings.article_language)
        real_analyse = llm_engine.analyse

        def batch_path_analysis_made() -> None:
            llm_engine.analyse = lambda *args, **kwargs: made
            try:
                run_sync(brief_article(article, settings, engine=engine))
            finally:
                llm_engine.analyse = real_analyse

        cases = {
            "bare openai SDK call, client reused": lambda: run_sync(client.chat.completions.create(**body)),
            "the same through instructor": lambda: run_sync(
                patched(model="m", messages=messages, response_model=prepared(ArticleBrief), max_retries=0)
            ),
            "summarize(text, base_url=..., model=...)": lambda: summarize(
                SEED, base_url=server.base_url, model="m", api_key="k"
            ),
            "brief_article on a shared engine (batch path)": lambda: run_sync(
                brief_article(article, settings, engine=engine)
            ),
            "batch path, the analysis made ahead": batch_path_analysis_made,
            "extractive brief of the same text": lambda: summarize(SEED, engine="extractive"),
            "the llm path's analysis (hints)": lambda: hints_for(article, analysis=analyse(article)),
        }
        for fn in cases.values():  # warm every path: imports, the parser, the pools
            for _ in range(3):
                fn()
        wall: dict[str, list[float]] = {name: [] for name in cases}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.rounds):
            for name, fn in cases.items():  # interleaved: a slow moment costs every case alike
                w, c = time.perf_counter(), time.process_time()
                for _ in range(args.per_round):
                    fn()
                wall[name].append((time.perf_counter() - w) / args.per_round * 1000)
                cpu[name].append((time.process_time() - c) / args.per_round * 1000)
        run_sync(client.close())
    finally:
        server.close()

    med = {name: statistics.median(v) for name, v in wall.items()}
    cpu_med = {name: statistics.median(v) for name, v in cpu.items()}
    bare = med["bare openai SDK call, client reused"]
    print(f"per brief, no model latency ({args.rounds} rounds of {args.per_round}; medians)")
    for name in cases:
        print(f"  {name:48} {med[name]:7.2f} ms  {med[name] / bare:5.2f}x   cpu {cpu_med[name]:6.2f} ms")
    ext = med["extractive brief of the same text"]
    hints = med["the llm path's analysis (hints)"]
    whole = med["summarize(text, base_url=..., model=...)"]
    batch = med["brief_article on a shared engine (batch path)"]
    print("targets (issue 20):")
    print(f"  summarize() minus the extractive brief:      {(whole - ext) / bare:5.2f}x the bare call (<= 3x)")
    print(f"  summarize() minus the llm path's analysis:   {(whole - hints) / bare:5.2f}x (stricter)")
    print(f"  batch path minus the extractive brief:       {(batch - ext) / bare:5.2f}x (<= 4x)")
    print(f"  batch path minus the llm path's analysis:    {(batch - hints) / bare:5.2f}x (stricter)")
    bare_cpu = cpu_med["bare openai SDK call, client reused"]
    ours_cpu = cpu_med["batch path, the analysis made ahead"]
    print(f"  our CPU per article, analysis excluded:      {ours_cpu / bare_cpu:5.2f}x the bare call's CPU (<= 2x)")
    # the older estimate: the whole path's CPU less the analysis's, each measured on its own (the
    # analysis costs more on a worker thread than alone, so this one runs high)
    whole_cpu = cpu_med["brief_article on a shared engine (batch path)"]
    by_difference = whole_cpu - cpu_med["the llm path's analysis (hints)"]
    print(f"  the same, by difference:                     {by_difference / bare_cpu:5.2f}x")
    print(f"  the llm path's analysis, of a 2 s call:      {hints / 2000:6.1%} (<= 10%)")


if __name__ == "__main__":
    main()
