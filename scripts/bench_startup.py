"""Cold start: how long a fresh process takes, each against `python -c "import pydantic"` from the
same run (medians over interleaved repetitions).

    python scripts/bench_startup.py [--runs N]

Targets (issue 20): `summarizer --help` <= 1.3x the baseline; neither --help nor the extractive
path imports openai or instructor (checked here too, with -X importtime).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_46441950d65b9f7a.txt"

CASES = {
    "python -c 'import pydantic' (baseline)": [sys.executable, "-c", "import pydantic"],
    "python -c 'import summarizer'": [sys.executable, "-c", "import summarizer"],
    "summarizer --help": [sys.executable, "-m", "summarizer", "--help"],
    # a command's own page still goes through typer (only the root's pages skip it)
    "summarizer brief --help": [sys.executable, "-m", "summarizer", "brief", "--help"],
    "summarizer brief --engine extractive (sample)": [
        sys.executable,
        "-m",
        "summarizer",
        "brief",
        str(SEED),
        "--engine",
        "extractive",
    ],  # fmt: skip
}


def once(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def imports(argv: list[str]) -> set[str]:
    """Top-level packages the process imports (from -X importtime)."""
    proc = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], capture_output=True, text=True)
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[-1].strip().split(".")[0])
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    for argv in CASES.values():  # warm the file cache once, so the first case is not penalised
        once(argv)
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(args.runs):
        for name, argv in CASES.items():  # interleaved: a slow moment costs every case alike
            times[name].append(once(argv))
    base = statistics.median(next(iter(times.values())))
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"{name:48} {median * 1000:7.1f} ms  {median / base:5.2f}x")
    print("(target: summarizer --help <= 1.30x the baseline)")
    for name in ("summarizer --help", "summarizer brief --engine extractive (sample)"):
        heavy = sorted(imports(CASES[name]) & {"openai", "instructor"})
        print(f"{name}: imports {', '.join(heavy) if heavy else 'neither openai nor instructor'}")


if __name__ == "__main__":
    main()
