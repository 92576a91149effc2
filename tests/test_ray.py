"""Briefs on Ray (issue 23): `brief_dataset` and `summarizer batch --via ray` on a local Ray
started inside the tests (2 CPUs, no dashboard).

Model answers come from the SCRIPTED server (queued or default answers, never recordings).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import threading
import time

import pytest

ray = pytest.importorskip("ray")  # in the [test] extra: CI always has it

from summarizer.batch.ray_data import BriefRows, brief_dataset  # noqa: E402
from summarizer.batch.ray_run import run_ray  # noqa: E402
from summarizer.batch.runner import BatchOptions, run_batch  # noqa: E402
from summarizer.batch.sources import iter_items  # noqa: E402
from summarizer.settings import Settings  # noqa: E402
from summarizer.testing import ScriptedServer, reply, slow  # noqa: E402
from tests.helpers import SEED, proc_files, run_cli  # noqa: E402
from tests.test_batch import brief_files, feed, results  # noqa: E402


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield ray
    ray.shutdown()


def _settings(server) -> Settings:
    return Settings(base_url=server.base_url, api_key="k", model="m")


def test_two_hundred_articles_give_the_same_briefs_as_summarizer_batch(local_ray, tmp_path, scripted_brief):
    src = str(feed(tmp_path, 200, bad=True))  # and two bad records, which fail alike
    with ScriptedServer(default_brief=scripted_brief) as server:
        opts = BatchOptions(out=tmp_path / "local", concurrency=8, formats=("json", "md"), quiet=True)
        local = asyncio.run(run_batch(iter_items([src]), 202, _settings(server), opts))
        opts = BatchOptions(out=tmp_path / "ray", concurrency=8, formats=("json", "md"), quiet=True)
        on_ray = run_ray(iter_items([src]), 202, _settings(server), opts)
        assert len(server.requests) == 400  # each article asked once per run
        again = run_ray(iter_items([src]), 202, _settings(server), BatchOptions(out=tmp_path / "ray", quiet=True))
        assert len(server.requests) == 400  # a re-run on Ray skips what results.jsonl records as done
    assert (local.done, local.failed) == (on_ray.done, on_ray.failed) == (200, 2)
    assert (again.skipped, again.failed, again.done) == (200, 2, 0)
    assert brief_files(tmp_path / "ray") == brief_files(tmp_path / "local")
    md = sorted(p.name for p in (tmp_path / "ray").glob("*.md"))
    assert md == sorted(p.name for p in (tmp_path / "local").glob("*.md")) and len(md) == 200
    timeless = [re.sub(r"\d+\.\d+s\b", "<time>", (tmp_path / run / md[0]).read_text()) for run in ("ray", "local")]
    assert timeless[0] == timeless[1] and "<time>" in timeless[0]  # the same page, but for the time it took

    def lines(name: str) -> dict[str, dict]:
        recs = {}
        for rec in results(tmp_path / name)[:202]:  # the first run's lines
            rec.pop("source") if rec["status"] == "done" else None
            recs[rec["id"]] = rec
        return recs

    assert lines("ray") == lines("local")  # the same results.jsonl, line for line (in any order)


def test_a_failing_article_is_a_failed_row_and_the_others_come_through(local_ray, tmp_path, scripted_brief):
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    rows = [
        {"id": "good", "text": SEED.read_text(encoding="utf-8")},
        {"id": "empty", "text": ""},
        {"id": "nothing"},
        {"id": "from-a-file", "path": str(tmp_path / "a.txt")},
        {"id": "missing-file", "path": str(tmp_path / "nope.txt")},
    ]
    with ScriptedServer(default_brief=scripted_brief) as server:
        out = brief_dataset(ray.data.from_items(rows), _settings(server), actors=1, concurrency=2).take_all()
    by_id = {row["id"]: row for row in out}
    assert sorted(by_id) == sorted(r["id"] for r in rows)
    assert {i for i, r in by_id.items() if r["status"] == "done"} == {"good", "from-a-file"}
    assert "empty" in by_id["empty"]["error"] and by_id["empty"]["brief"] is None
    assert "none of" in by_id["nothing"]["error"] and "nope.txt" in by_id["missing-file"]["error"]
    good = json.loads(by_id["good"]["brief"])
    assert good["participants"] and by_id["good"]["attempts"] == 1 and by_id["good"]["usage"]["total_tokens"] > 0
    assert len(by_id["good"]["sha256"]) == 64 and by_id["good"]["sha256"] == by_id["from-a-file"]["sha256"]


def _map_workers() -> set[int]:
    """The PIDs of Ray's actor processes for our callable (Ray names the process after it)."""
    return {pid for pid, title in proc_files("cmdline").items() if b"MapWorker(MapBatches(BriefRows))" in title}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the worker through /proc")
def test_workers_killed_with_sigkill_mid_run_still_yield_every_article(local_ray, tmp_path, scripted_brief):
    rows = [{"id": f"a{i:03d}", "text": f"{SEED.read_text(encoding='utf-8')}\nCopy {i}."} for i in range(200)]
    killed: list[int] = []
    earlier = _map_workers()  # processes an earlier test's pool may leave: not this run's workers
    at_kill: list[int] = []
    with ScriptedServer(default_brief=scripted_brief) as server:
        # thirty answers at once, then the server holds what comes next: when the workers die,
        # every one that is briefing has articles at the model, unanswered
        server.enqueue(*[reply(scripted_brief)] * 30, *[slow(5.0, scripted_brief)] * 40)

        def kill_the_workers_while_they_wait() -> None:
            deadline = time.monotonic() + 120  # a bound on waiting, not on speed
            while time.monotonic() < deadline and not killed:
                workers = _map_workers() - earlier
                if len(server.requests) >= 34 and workers:
                    at_kill.append(len(server.requests))
                    for pid in workers:
                        os.kill(pid, signal.SIGKILL)
                    killed.extend(workers)
                    server.queue.clear()  # what the replacements ask is answered at once
                time.sleep(0.05)

        killer = threading.Thread(target=kill_the_workers_while_they_wait, daemon=True)
        killer.start()
        out = brief_dataset(ray.data.from_items(rows), _settings(server), actors=2, concurrency=8).take_all()
        killer.join(timeout=5)
        asked = len(server.requests)
    assert killed, "the test never found a worker to kill"
    assert at_kill[0] < 200, "the kill came after every article was asked: it proved nothing"
    assert sorted(row["id"] for row in out) == [r["id"] for r in rows]  # every article, once
    assert all(row["status"] == "done" for row in out)
    assert asked > 200  # the killed workers' unfinished batches were briefed again by their replacements


def test_rpm_and_tpm_are_split_evenly_over_the_actors(monkeypatch):
    seen: dict = {}

    class Recording:  # stands in for a Dataset: records how map_batches is called
        def map_batches(self, fn, **kwargs):
            seen.update(kwargs, fn=fn)
            return self

    brief_dataset(Recording(), Settings(), actors=4, concurrency=32, rpm=600, tpm=200_000)
    kwargs = seen["fn_constructor_kwargs"]
    assert seen["fn"] is BriefRows and seen["compute"].min_size == seen["compute"].max_size == 4
    assert kwargs["rpm"] == 150 and kwargs["tpm"] == 50_000 and kwargs["concurrency"] == 8
    assert seen["batch_size"] == 8 and seen["batch_format"] == "pyarrow"
    actor = BriefRows(Settings(), rpm=kwargs["rpm"], tpm=kwargs["tpm"])
    assert actor.opts.gate.requests.rate == pytest.approx(150 / 60)  # each actor paces at its share
    assert actor.opts.gate.tokens.rate == pytest.approx(50_000 / 60)


def test_the_cli_door_starts_a_local_ray_and_writes_what_batch_writes(tmp_path, scripted_brief):
    """`summarizer batch --via ray` in its own process: it starts (and stops) a local cluster."""
    out = tmp_path / "out"
    with ScriptedServer(default_brief=scripted_brief) as server:
        args = ["--base-url", server.base_url, "--model", "m", "--api-key", "k", "--actors", "2", "-f", "json,md"]
        proc = run_cli("batch", str(feed(tmp_path, 5, bad=True)), "--out", str(out), "--via", "ray", *args)
    assert proc.returncode == 8, proc.stderr  # the two bad records failed; the exit code says so
    assert "Traceback" not in proc.stderr and "7/7 articles: 5 done" in proc.stderr
    recs = results(out)
    assert sorted(r["status"] for r in recs) == ["done"] * 5 + ["failed"] * 2
    assert all((out / name).is_file() for r in recs for name in r["outputs"]) and len(list(out.glob("*.md"))) == 5


def test_the_cli_joins_a_running_cluster_and_leaves_it_running(local_ray, tmp_path, scripted_brief):
    address = ray.get_runtime_context().gcs_address
    with ScriptedServer(default_brief=scripted_brief) as server:
        args = ["--base-url", server.base_url, "--model", "m", "--api-key", "k", "--ray-address", address]
        proc = run_cli("batch", str(feed(tmp_path, 3)), "--out", str(tmp_path / "out"), "--via", "ray", *args)
        assert len(server.requests) == 3
    assert proc.returncode == 0, proc.stderr
    assert sorted(r["status"] for r in results(tmp_path / "out")) == ["done"] * 3
    assert ray.get(ray.put("still up")) == "still up"  # the driver did not stop a cluster it only joined


def test_an_address_that_does_not_answer_is_one_line_at_once(tmp_path):
    """Checked before Ray is asked, which would retry for minutes, a warning line each time."""
    proc = run_cli("batch", str(feed(tmp_path, 1)), "--out", str(tmp_path / "out"), "--via", "ray",
                   "--ray-address", "127.0.0.1:9", "--engine", "extractive")  # fmt: skip
    assert proc.returncode == 4 and "no Ray cluster answers at 127.0.0.1:9" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_via_ray_without_ray_installed_is_a_one_line_hint(tmp_path):
    src = feed(tmp_path, 1)
    blocker = tmp_path / "no_ray"
    blocker.mkdir()
    (blocker / "ray.py").write_text("raise ImportError('ray is hidden for this test')\n")
    proc = run_cli("batch", str(src), "--out", str(tmp_path / "out"), "--via", "ray", env={"PYTHONPATH": str(blocker)})
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "--via ray needs Ray Data" in proc.stderr and "grounded-news-brief[ray]" in proc.stderr
    assert not (tmp_path / "out").exists()  # nothing was read or written before the hint


def test_ray_options_without_via_ray_are_a_usage_error(tmp_path):
    proc = run_cli("batch", str(feed(tmp_path, 1)), "--out", str(tmp_path / "out"), "--ray-address", "auto")
    assert proc.returncode == 2 and "only with --via ray" in proc.stderr and "Traceback" not in proc.stderr
