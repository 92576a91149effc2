"""Ray throughput against `summarizer batch`, in one run, at the same total concurrency and model
latency, against the scripted server in its own process.

    python scripts/bench_ray.py [--quick] [--articles N] [--latency S] [--concurrency C]

Both sides write the same output folder contents (the Ray driver records rows with the same
`Recorder` as the local runner), so each completion is timed where it is recorded. Printed:
- steady-state throughput (articles/s after the first 10% are recorded, so the start of a pool
  is left out), Ray over local (target >= 0.9x);
- end to end, with the Ray actors' start-up, which a job pays once per window of articles;
- the ideal, concurrency / latency, for scale.
The local Ray cluster is started before timing, as a running cluster would be.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import Server, feed  # noqa: E402


def timed_recorder():
    """Timestamps of every recorded result, from the Recorder both paths share."""
    from summarizer.batch import runner

    stamps: list[float] = []
    original = runner.Recorder.write

    def write(self, briefed, rendered):
        original(self, briefed, rendered)
        stamps.append(time.perf_counter())

    runner.Recorder.write = write
    return stamps


def rates(stamps: list[float], started: float) -> tuple[float, float]:
    """(steady articles/s after the first 10%, end-to-end articles/s)."""
    n = len(stamps)
    k = max(1, n // 10)
    steady = (n - k) / (stamps[-1] - stamps[k - 1])
    return steady, n / (stamps[-1] - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer articles")
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    n = args.articles or (300 if args.quick else 1500)

    import ray

    from summarizer.batch.ray_run import run_ray
    from summarizer.batch.runner import BatchOptions, run_batch
    from summarizer.batch.sources import count_items, iter_items
    from summarizer.settings import Settings

    cores = os.cpu_count()
    ray.init(num_cpus=cores, include_dashboard=False, log_to_driver=False,
             logging_level=logging.ERROR)  # fmt: skip
    server = Server(args.latency)
    stamps = timed_recorder()
    try:
        settings = Settings(base_url=server.base_url, api_key="bench", model="bench")
        with tempfile.TemporaryDirectory() as tmp:
            src = feed(Path(tmp), n)
            total = count_items([str(src)])
            results = {}
            for name in ("local", "ray", "local again", "ray again"):  # interleaved, twice each
                out = Path(tmp) / name.replace(" ", "-")
                opts = BatchOptions(out=out, concurrency=args.concurrency, quiet=True)
                stamps.clear()
                started = time.perf_counter()
                if name.startswith("local"):
                    tally = asyncio.run(run_batch(iter_items([str(src)]), total, settings, opts))
                else:
                    tally = run_ray(iter_items([str(src)]), total, settings, opts)
                assert tally.done == n, f"{name}: {tally.line()}"
                results.setdefault(name.split()[0], []).append(rates(stamps, started))
                lines = (out / "results.jsonl").read_text().splitlines()
                assert len(lines) == n and all(json.loads(line)["status"] == "done" for line in lines)
    finally:
        server.close()
        ray.shutdown()

    def best(side: str, i: int) -> float:
        return max(r[i] for r in results[side])

    ideal = args.concurrency / args.latency
    print(f"{n} articles, concurrency {args.concurrency} in total, {args.latency:g} s model latency, {cores} cores")
    print(f"ideal (concurrency / latency): {ideal:.1f} articles/s")
    for label, i in (("steady state", 0), ("end to end", 1)):
        local, on_ray = best("local", i), best("ray", i)
        print(
            f"{label:>13}: summarizer batch {local:6.1f}/s   --via ray {on_ray:6.1f}/s   "
            f"ray/local {on_ray / local:.2f}x"
        )
    print("(target: steady state ray/local >= 0.9x; end to end includes the Ray actors' start-up)")


if __name__ == "__main__":
    main()
