"""Both cores in a batch (issue 20): worker processes brief, the parent records.

Model answers come from the SCRIPTED server (queued or default answers, never recordings).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from summarizer.batch import processes
from summarizer.batch.cache import BriefCache
from summarizer.batch.runner import BatchOptions, run_batch
from summarizer.batch.sources import iter_items
from summarizer.settings import Settings
from summarizer.testing import ScriptedServer, fault, reply
from tests.helpers import ROOT, clean_env, proc_files
from tests.test_batch import brief_files, feed, results


def _settings(server) -> Settings:
    return Settings(base_url=server.base_url, api_key="k", model="m")


def test_workers_write_what_one_process_writes(tmp_path, scripted_brief):
    src = str(feed(tmp_path, 80, bad=True))
    with ScriptedServer(default_brief=scripted_brief) as server:
        for name, workers in (("one", 1), ("two", 2)):
            opts = BatchOptions(out=tmp_path / name, concurrency=8, formats=("json", "md"), quiet=True, workers=workers)
            tally = asyncio.run(run_batch(iter_items([src]), 82, _settings(server), opts))
            assert (tally.done, tally.failed) == (80, 2)
        assert len(server.requests) == 160
    assert brief_files(tmp_path / "two") == brief_files(tmp_path / "one") and len(brief_files(tmp_path / "one")) == 80
    lines = {name: {r["id"]: r for r in results(tmp_path / name)} for name in ("one", "two")}
    assert lines["two"] == lines["one"]  # the same results.jsonl, line for line (in any order)


def test_a_cached_rerun_starts_no_worker(tmp_path, scripted_brief, monkeypatch):
    src = str(feed(tmp_path, 40))
    cache = BriefCache(tmp_path / "cache.sqlite")
    made: list = []
    real = processes.multiprocessing.get_context

    class Counting:  # the spawn context, counting the workers it starts
        def __init__(self, method):
            self._context = real(method)

        def __getattr__(self, name):
            return getattr(self._context, name)

        def Process(self, *args, **kwargs):  # noqa: N802 (multiprocessing's own name)
            made.append(1)
            return self._context.Process(*args, **kwargs)

    monkeypatch.setattr(processes.multiprocessing, "get_context", Counting)
    with ScriptedServer(default_brief=scripted_brief) as server:
        first = BatchOptions(out=tmp_path / "a", concurrency=8, quiet=True, workers=2, cache=cache)
        asyncio.run(run_batch(iter_items([src]), 40, _settings(server), first))
        assert len(made) == 2 and len(server.requests) == 40
        again = BatchOptions(out=tmp_path / "b", concurrency=8, quiet=True, workers=2, cache=cache)
        tally = asyncio.run(run_batch(iter_items([src]), 40, _settings(server), again))
        assert tally.cached == 40 and len(server.requests) == 40  # every brief from the cache...
    assert len(made) == 2  # ...and no worker was started for them
    assert multiprocessing.active_children() == []  # the first run's workers were reaped


def test_a_killed_worker_costs_only_what_it_held(tmp_path, scripted_brief):
    src = str(feed(tmp_path, 120))
    out = tmp_path / "out"
    killed: list[int] = []
    with ScriptedServer(default_brief=scripted_brief, latency_s=0.2) as server:

        def kill_a_worker_mid_run() -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not killed:
                children = multiprocessing.active_children()
                if len(server.requests) >= 20 and children:
                    killed.append(children[0].pid)
                    os.kill(children[0].pid, signal.SIGKILL)
                time.sleep(0.05)

        threading.Thread(target=kill_a_worker_mid_run, daemon=True).start()
        opts = BatchOptions(out=out, concurrency=8, quiet=True, workers=2)
        tally = asyncio.run(run_batch(iter_items([src]), 120, _settings(server), opts))
        assert killed
        recs = results(out)
        failed = [r for r in recs if r["status"] == "failed"]
        assert tally.done + tally.failed == 120 and len(recs) == 120
        # at most what the killed worker held: its share of the concurrency and the few queued at it
        assert 1 <= len(failed) <= 4 + processes.AHEAD
        assert all("worker process briefing it died (signal 9)" in r["error"] for r in failed)
        again = asyncio.run(run_batch(iter_items([src]), 120, _settings(server), BatchOptions(out=out, quiet=True)))
    assert again.done == len(failed) and again.skipped == 120 - len(failed)  # a re-run briefs just those


def test_the_concurrency_is_kept_over_all_processes(tmp_path, scripted_brief):
    # each worker is handed its share and AHEAD more: only its share may be at the model at once
    with ScriptedServer(default_brief=scripted_brief, latency_s=0.1) as server:
        opts = BatchOptions(out=tmp_path / "out", concurrency=4, quiet=True, workers=2)
        tally = asyncio.run(run_batch(iter_items([str(feed(tmp_path, 40))]), 40, _settings(server), opts))
    assert tally.done == 40
    assert server.peak_in_flight == 4  # all of the concurrency used, and never more


def test_a_429_pauses_the_workers_of_every_process(tmp_path, scripted_brief):
    # 0.2 s a call: each process has its two articles in flight, so in the moment before the
    # refusing process sets the shared pause the other can send at most what it has in hand
    with ScriptedServer(default_brief=scripted_brief, latency_s=0.2) as server:
        # the 429 answers the ninth request, once both processes are warm and briefing
        server.enqueue(*[reply(scripted_brief, delay_s=0.2)] * 8, fault(429, retry_after="2"))
        opts = BatchOptions(out=tmp_path / "out", concurrency=4, quiet=True, workers=2)
        tally = asyncio.run(run_batch(iter_items([str(feed(tmp_path, 24))]), 24, _settings(server), opts))
        times = sorted(server.times)
    assert tally.done == 24 and server.peak_in_flight <= 4
    refused, after = times[8], times[9:]
    # Inside the Retry-After only what was already under way arrives (at most the concurrency).
    # Were the pause not shared, the other process would go on at two calls per 0.2 s and send
    # most of its half in those two seconds.
    early = [t for t in after if t - refused < 1.8]
    assert len(early) <= 4 and len(after) - len(early) >= 11


def test_how_many_workers_a_batch_gets():
    assert processes.workers_for(BatchOptions(out=Path("."), workers=4, concurrency=2), 1000) == 2
    assert processes.workers_for(BatchOptions(out=Path("."), workers=None, concurrency=32), 10) == 1
    auto = processes.workers_for(BatchOptions(out=Path("."), workers=None, concurrency=32), 10_000)
    assert auto == min(processes.cores(), 32, 10_000 // processes.MIN_ITEMS_PER_WORKER)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads parents from /proc")
def test_workers_leave_when_their_batch_is_killed(tmp_path, scripted_brief):
    def children_of(pid: int) -> set[int]:
        stats = proc_files("stat").items()
        return {child for child, stat in stats if int(stat.rsplit(b")", 1)[1].split()[1]) == pid}

    def alive(pid: int) -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        return state != "Z"

    with ScriptedServer(default_brief=scripted_brief, latency_s=1.0) as server:
        args = ["--base-url", server.base_url, "--model", "m", "--api-key", "k", "--workers", "2", "--quiet"]
        cmd = [
            sys.executable,
            "-m",
            "summarizer",
            "batch",
            str(feed(tmp_path, 40)),
            "--out",
            str(tmp_path / "o"),
            *args,
        ]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=clean_env(), stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(server.requests) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = {c for c in children_of(proc.pid) if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text()}
        assert workers, "the batch started no worker process"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 20
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
    assert not any(alive(w) for w in workers)  # none left briefing for a batch that is gone
