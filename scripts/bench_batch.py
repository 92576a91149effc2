"""Benchmarks for `summarizer batch`, against the scripted server in its own process.

    python scripts/bench_batch.py [--quick]

Prints, each with its baseline measured in the same run:
1. throughput at 200 ms model latency, 200 articles, concurrency 1, 8 and 32, as a ratio to
   the ideal N / latency (target >= 0.9 at 8 and 32);
2. library overhead per brief at zero latency, as a ratio to a bare openai SDK call that
   returns the same response (target <= 1.5x), with instructor alone in between;
3. peak memory (max RSS) of 1,000- and 10,000-article batches (target: flat);
4. the cache: a second run of a 200-article batch (model calls, and time as a share of the
   first run's; target 0 calls and < 5%).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "000_46441950d65b9f7a.txt").read_text(encoding="utf-8")
BRIEF = ROOT / "tests" / "fixtures" / "seed_scripted_brief.json"


class Server:
    """The scripted server in a child process (so it does not share our interpreter lock)."""

    def __init__(self, latency: float) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "summarizer.testing", str(BRIEF), "--latency", str(latency)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.base_url = self.proc.stdout.readline().strip()

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def feed(folder: Path, n: int, words: int | None = None) -> Path:
    text = SEED if words is None else " ".join(SEED.split()[:words])
    path = folder / f"feed-{n}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"a{i:05d}", "text": f"{text}\nCopy {i}."}) + "\n")
    return path


def run_cli(*args: str) -> tuple[float, str, int]:
    """(seconds, stderr, max RSS in MiB) of one `summarizer batch` process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarizer", "batch", *args], stderr=subprocess.PIPE, text=True, env=env
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    err = proc.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"batch failed: {err}")
    return elapsed, err, usage.ru_maxrss // 1024


async def _run_batch(src: Path, out: Path, settings, concurrency: int, cache=None, workers: int = 1):
    from summarizer.batch.runner import BatchOptions, run_batch
    from summarizer.batch.sources import count_items, iter_items

    opts = BatchOptions(out=out, concurrency=concurrency, quiet=True, cache=cache, workers=workers)
    started = time.perf_counter()
    tally = await run_batch(iter_items([str(src)]), count_items([str(src)]), settings, opts)
    return time.perf_counter() - started, tally


async def _bare_rate(base_url: str, n: int, concurrency: int) -> float:
    """Seconds for n bare SDK calls at this concurrency: the ceiling for any client here."""
    from openai import AsyncOpenAI

    from summarizer.llm.engine import batch_request
    from summarizer.load import article_from_text
    from summarizer.settings import Settings

    body = batch_request(article_from_text(SEED), Settings(api_key="k", model="m"))
    client = AsyncOpenAI(base_url=base_url, api_key="k", max_retries=0)
    gate = asyncio.Semaphore(concurrency)

    async def one():
        async with gate:
            await client.chat.completions.create(**body)

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(n)))
    elapsed = time.perf_counter() - started
    await client.close()
    return elapsed


def throughput(tmp: Path, n: int) -> None:
    from summarizer.settings import Settings

    latency = 0.2
    server = Server(latency)
    settings = Settings(base_url=server.base_url, api_key="k", model="m")
    src = feed(tmp, n)
    print(f"1. throughput: {n} articles, scripted model latency {latency * 1000:.0f} ms (after warm-up)")
    try:
        asyncio.run(_run_batch(feed(tmp, 10), tmp / "warm", settings, 8))
        for conc in (1, 8, 32):
            elapsed, tally = asyncio.run(_run_batch(src, tmp / f"tp{conc}", settings, conc))
            assert tally.done == n, tally.line()
            bare = n / asyncio.run(_bare_rate(server.base_url, n, conc))
            rate, ideal = n / elapsed, conc / latency
            print(
                f"   concurrency {conc:>2}: {rate:6.1f} articles/s; ideal {ideal:6.1f}; ratio {rate / ideal:.2f} "
                f"(bare openai SDK, same requests: {bare:6.1f}/s, ratio {bare / ideal:.2f})"
            )
    finally:
        server.close()
    from summarizer.batch.processes import cores

    both = cores()
    slow = 2.0
    many = 20 * 32  # twenty full rounds of 32: with 200, the last partial round alone caps the ratio at 0.89
    src_many = feed(tmp, many)
    server = Server(slow)
    settings = Settings(base_url=server.base_url, api_key="k", model="m")
    try:
        for workers in (1, both):
            elapsed, tally = asyncio.run(_run_batch(src_many, tmp / f"tp-slow{workers}", settings, 32, workers=workers))
            assert tally.done == many, tally.line()
            rate, ideal = many / elapsed, 32 / slow
            print(
                f"   {many} articles at {slow:g} s latency, concurrency 32, {workers} process(es): {rate:6.1f} "
                f"articles/s; ideal {ideal:6.1f}; ratio {rate / ideal:.2f}"
            )
    finally:
        server.close()
    server = Server(0.0)
    settings = Settings(base_url=server.base_url, api_key="k", model="m")
    big = 5 * n  # enough articles for the workers' start-up (about 1.5 s each) to be paid back
    src_big = feed(tmp, big)
    try:  # CPU-bound: no model latency at all, so our own work is all there is to do
        for workers in (1, both):
            cpu = _cpu_s()
            elapsed, tally = asyncio.run(_run_batch(src_big, tmp / f"tp-cpu{workers}", settings, 32, workers=workers))
            assert tally.done == big, tally.line()
            used = (_cpu_s() - cpu) / elapsed
            print(
                f"   CPU-bound ({big} articles, no latency, concurrency 32), {workers} process(es): "
                f"{big / elapsed:6.1f} articles/s, {used:.2f} of {os.cpu_count()} cores (start-up included)"
            )
    finally:
        server.close()


def _cpu_s() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


async def _overhead(n: int) -> None:
    from openai import AsyncOpenAI

    from summarizer.llm.engine import LLMEngine, batch_request, messages_for
    from summarizer.llm.reask import ArticleBrief
    from summarizer.load import article_from_text
    from summarizer.pipeline import brief_article
    from summarizer.providers.instructor_adapter import prepared
    from summarizer.settings import Settings

    server = Server(0.0)
    try:
        settings = Settings(base_url=server.base_url, api_key="k", model="m")
        article = article_from_text(SEED)
        messages = messages_for(article)
        body = batch_request(article, settings)
        bare = AsyncOpenAI(base_url=server.base_url, api_key="k", max_retries=0)
        engine = LLMEngine(settings)

        async def bare_call():
            await bare.chat.completions.create(**body)

        async def instructor_call():
            import instructor

            patched = instructor.patch(create=bare.chat.completions.create, mode=instructor.Mode.TOOLS)
            await patched(model="m", messages=messages, response_model=prepared(ArticleBrief), max_retries=0)

        async def ours():
            await brief_article(article, settings, engine=engine)

        async def timed(fn) -> float:
            for _ in range(10):
                await fn()
            started = time.perf_counter()
            for _ in range(n):
                await fn()
            return (time.perf_counter() - started) / n * 1000

        t_bare, t_instr, t_ours = await timed(bare_call), await timed(instructor_call), await timed(ours)
        print(f"2. overhead per brief at zero latency ({n} sequential calls, server in another process):")
        print(f"   bare openai SDK call     {t_bare:6.2f} ms  (baseline)")
        print(f"   + instructor parse       {t_instr:6.2f} ms  ({t_instr / t_bare:.2f}x)")
        print(f"   summarizer brief_article {t_ours:6.2f} ms  ({t_ours / t_bare:.2f}x; target <= 1.5x)")
        await bare.close()
        await engine.aclose()
    finally:
        server.close()


def memory(tmp: Path, sizes: tuple[int, ...]) -> None:
    print("3. peak memory (max RSS of the batch process), extractive engine, 100-word articles:")
    for n in sizes:
        src = feed(tmp, n, words=100)
        elapsed, _, rss = run_cli(
            str(src),
            "--out",
            str(tmp / f"mem{n}"),
            "--engine",
            "extractive",
            "--no-cache",
            "--quiet",
            "--concurrency",
            "8",
        )
        print(f"   {n:>6} articles: {rss:5d} MiB in {elapsed:5.1f}s")


def cache(tmp: Path, n: int) -> None:
    from summarizer.batch.cache import BriefCache
    from summarizer.settings import Settings

    server = Server(0.2)
    src = feed(tmp, n)
    print(f"4. cache, {n} articles at 200 ms latency, concurrency 8 (new output folder, same cache):")
    try:
        settings = Settings(base_url=server.base_url, api_key="k", model="m")
        store = BriefCache(tmp / "cache-lib.sqlite")
        first, t1 = asyncio.run(_run_batch(src, tmp / "l1", settings, 8, store))
        second, t2 = asyncio.run(_run_batch(src, tmp / "l2", settings, 8, store))
        store.close()
        print(
            f"   in-process: first {first:5.2f}s ({t1.calls} model calls); second {second:5.2f}s = "
            f"{second / first:.1%} of the first ({t2.calls} model calls, {t2.cached} cached)"
        )
        common = [
            "--cache",
            str(tmp / "cache-cli.sqlite"),
            "--quiet",
            "--concurrency",
            "8",
            "--base-url",
            server.base_url,
            "--api-key",
            "k",
            "--model",
            "m",
        ]
        first, _, _ = run_cli(str(src), "--out", str(tmp / "c1"), *common)
        second, err2, _ = run_cli(str(src), "--out", str(tmp / "c2"), *common)
        calls = err2.split("; ")[1].split(" model calls")[0] if " model calls" in err2 else "?"
        print(
            f"   CLI, whole process (start-up included): first {first:5.2f}s; second {second:5.2f}s = "
            f"{second / first:.1%} of the first ({calls} model calls)"
        )
    finally:
        server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        throughput(tmp, 40 if args.quick else 200)
        asyncio.run(_overhead(20 if args.quick else 200))
        memory(tmp, (100, 1000) if args.quick else (1000, 10000))
        cache(tmp, 40 if args.quick else 200)


if __name__ == "__main__":
    main()
