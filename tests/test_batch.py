"""`summarizer batch`: outputs, results.jsonl, resume, cache, SIGKILL, rate limits, Batch API.

Model answers come from the SCRIPTED server (queued or default answers, never recordings).
"""

from __future__ import annotations

import asyncio
import copy
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer.batch.cache import BriefCache
from summarizer.batch.openai_batch import STATE, run_batch_api
from summarizer.batch.outdir import STATE_DIR
from summarizer.batch.ratelimit import RateGate
from summarizer.batch.runner import BatchOptions, run_batch
from summarizer.batch.sources import iter_items
from summarizer.settings import Settings
from summarizer.testing import ScriptedServer, fault, reply, slow
from tests.helpers import SEED, clean_env, endpoint_args
from tests.helpers import run_cli as cli


def feed(tmp: Path, n: int, *, bad: bool = False) -> Path:
    """n copies of the sample article (each a little different), as a JSONL feed."""
    seed = SEED.read_text(encoding="utf-8")
    path = tmp / "feed.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"art/{i:03d}", "text": f"{seed}\nCopy {i}."}) + "\n")
        if bad:
            fh.write("{not json\n")
            fh.write(json.dumps({"id": "no-text"}) + "\n")
    return path


def results(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]


def brief_files(out: Path) -> dict[str, dict]:
    """Every brief written, without the one field that differs between two runs (its time)."""
    briefs = {}
    for path in sorted(out.glob("*.json")):
        brief = json.loads(path.read_text(encoding="utf-8"))
        brief["meta"].pop("elapsed_s")
        briefs[path.name] = brief
    return briefs


def test_batch_writes_one_output_per_article_and_records_failures(tmp_path, scripted_brief):
    (tmp_path / "folder" / "sub").mkdir(parents=True)
    (tmp_path / "folder" / "sub" / "a.txt").write_text(SEED.read_text(encoding="utf-8"))
    (tmp_path / "folder" / "empty.txt").write_text("")
    with ScriptedServer(default_brief=scripted_brief) as server:
        proc = cli(
            "batch",
            str(feed(tmp_path, 5, bad=True)),
            str(tmp_path / "folder"),
            "--out",
            str(tmp_path / "out"),
            "--concurrency",
            "4",
            "--format",
            "json,md",
            "--no-cache",
            *endpoint_args(server),
        )
        calls = len(server.requests)
    assert proc.returncode == 8, proc.stderr  # some articles failed: non-zero, but the batch finished
    recs = {r["id"]: r for r in results(tmp_path / "out")}
    assert len(recs) == 9 and calls == 6
    done = [r for r in recs.values() if r["status"] == "done"]
    assert len(done) == 6 and all(r["attempts"] == 1 and r["usage"]["total_tokens"] > 0 for r in done)
    assert {r["error"].split(" ")[0] for r in recs.values() if r["status"] == "failed"} >= {"bad"}
    assert any("is empty" in (r["error"] or "") for r in recs.values())
    brief = json.loads((tmp_path / "out" / f"{done[0]['id']}.json").read_text())
    assert brief["meta"]["engine"] == "llm" and len(brief["cited_outlets"]) == 2
    assert (tmp_path / "out" / "sub__a.md").read_text().startswith("# Russia")
    assert "9/9 articles: 6 done, 0 cached, 0 skipped, 3 failed" in proc.stderr


def test_rerun_skips_finished_articles_and_cache_serves_a_new_folder(tmp_path, scripted_brief):
    src = feed(tmp_path, 6)
    args = ["--cache", str(tmp_path / "cache.sqlite"), "--api-key", "k", "--model", "m", "--quiet"]
    with ScriptedServer(default_brief=scripted_brief) as server:
        first = cli("batch", str(src), "--out", str(tmp_path / "a"), "--base-url", server.base_url, *args)
        after_first = len(server.requests)
        again = cli("batch", str(src), "--out", str(tmp_path / "a"), "--base-url", server.base_url, *args)
        fresh = cli("batch", str(src), "--out", str(tmp_path / "b"), "--base-url", server.base_url, *args)
        assert len(server.requests) == after_first == 6  # neither re-run made a model call
        other_model = cli(
            "batch",
            str(src),
            "--out",
            str(tmp_path / "c"),
            "--base-url",
            server.base_url,
            *args[:-3],
            "--model",
            "other",
            "--quiet",
        )
        assert len(server.requests) == 12  # a changed model misses the cache
    assert first.returncode == again.returncode == fresh.returncode == other_model.returncode == 0
    assert "0 done, 0 cached, 6 skipped" in again.stderr
    assert "0 done, 6 cached" in fresh.stderr
    assert {r["status"] for r in results(tmp_path / "b")} == {"cached"}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigkill_loses_nothing_finished_and_a_rerun_completes(tmp_path, scripted_brief):
    src = feed(tmp_path, 40)
    out = tmp_path / "out"
    with ScriptedServer(default_brief=scripted_brief) as server:
        # five answers, then the server holds every request: the kill comes with exactly five done
        server.enqueue(*[reply(scripted_brief)] * 5, *[slow(600, scripted_brief)] * 35)
        args = [
            "batch",
            str(src),
            "--out",
            str(out),
            "--concurrency",
            "2",
            "--no-cache",
            "--quiet",
            *endpoint_args(server),
            "--format",
            "json,md",
        ]
        proc = subprocess.Popen([sys.executable, "-m", "summarizer", *args], env=clean_env(), stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60  # a bound on waiting, not on speed
        while time.monotonic() < deadline and (
            len(server.requests) < 7 or not (out / "results.jsonl").exists() or len(results(out)) < 5
        ):
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)  # two articles are at the model, held, when it dies
        proc.wait(timeout=10)
        killed_at = results(out)
        assert len(killed_at) == 5 and len(server.requests) == 7
        server.queue.clear()  # the re-run is answered at once
        for rec in killed_at:  # everything recorded is complete on disk
            for name in rec["outputs"]:
                text = (out / name).read_text()
                assert json.loads(text)["meta"]["engine"] == "llm" if name.endswith(".json") else text.endswith("._\n")
        rerun = cli(*args)
    assert rerun.returncode == 0, rerun.stderr
    final = results(out)
    assert len({r["id"] for r in final if r["status"] == "done"}) == 40
    assert not list(out.glob(".*.tmp"))
    assert f"{len(killed_at)} skipped" in rerun.stderr


def _settings(server, **kw) -> Settings:
    return Settings(base_url=server.base_url, api_key="k", model="m", **kw)


def test_429_with_retry_after_pauses_every_worker(tmp_path, scripted_brief):
    with ScriptedServer(default_brief=scripted_brief) as server:
        server.enqueue(fault(429, retry_after="1"))
        opts = BatchOptions(out=tmp_path / "out", concurrency=4, gate=RateGate(), quiet=True)
        tally = asyncio.run(run_batch(iter_items([str(feed(tmp_path, 8))]), 8, _settings(server), opts))
        times = sorted(server.times)
    assert tally.done == 8
    first, rest = times[0], times[1:]
    # the other workers were already in flight when the 429 came; after it, nobody asks for 1 s
    paused = [t for t in rest if first + 0.2 < t < first + 0.95]
    assert paused == [], [round(t - first, 2) for t in rest]


def test_rpm_limit_paces_requests(tmp_path, scripted_brief):
    with ScriptedServer(default_brief=scripted_brief) as server:
        opts = BatchOptions(out=tmp_path / "out", concurrency=8, gate=RateGate(rpm=240), quiet=True)
        asyncio.run(run_batch(iter_items([str(feed(tmp_path, 9))]), 9, _settings(server), opts))
        times = sorted(server.times)
    assert len(times) == 9
    assert times[-1] - times[0] >= 8 / 4 - 0.3  # 240 rpm = 4 per second


def test_batch_api_reasks_live_and_resumes_without_paying_twice(tmp_path, scripted_brief):
    src = str(feed(tmp_path, 4))
    out = tmp_path / "out"
    ungrounded = copy.deepcopy(scripted_brief)
    ungrounded["positions"][0]["quote"] = "never said"
    with ScriptedServer(default_brief=scripted_brief) as server:
        server.batch_answers["art-002-" + __import__("hashlib").sha256(b"art/002").hexdigest()[:8]] = ungrounded
        server.batch_polls_to_complete = 10**6  # the batch never finishes: we stop waiting
        opts = BatchOptions(out=out, concurrency=2, quiet=True)

        async def interrupted_once_polling():
            # stop the run once it is polling (its state written), as a killed process would be;
            # waiting on the state, not on a clock, so a slow first import cannot race it
            task = asyncio.create_task(run_batch_api(iter_items([src]), 4, _settings(server), opts, poll_s=0.05))
            while not (out / STATE_DIR / STATE).exists() and not task.done():
                await asyncio.sleep(0.02)
            await asyncio.sleep(0.2)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(interrupted_once_polling())
        assert (out / STATE_DIR / STATE).exists() and len(server.batches) == 1
        server.batch_polls_to_complete = 0
        server.enqueue(reply(scripted_brief))  # the live re-ask for the ungrounded answer
        opts = BatchOptions(out=out, concurrency=2, quiet=True)
        tally = asyncio.run(run_batch_api(iter_items([src]), 4, _settings(server), opts, poll_s=0.05))
        assert len(server.batches) == 1  # resumed polling: no second batch was created
        assert len(server.requests) == 1  # only the re-ask went live
        body = json.loads(server.files["file-scripted-1"].decode().splitlines()[0])["body"]
        assert body["tool_choice"]["function"]["name"] == "ArticleBrief" and body["messages"][0]["role"] == "system"
    assert tally.done == 4 and not (out / STATE_DIR / STATE).exists()
    recs = {r["id"]: r for r in results(out)}
    assert sorted(r["attempts"] for r in recs.values()) == [1, 1, 1, 2]


def test_a_batch_output_with_bad_lines_keeps_the_good_ones_and_asks_the_rest_live(tmp_path, scripted_brief, capsys):
    """Issue 18.8: one line that is not JSON, one with no custom_id and one that is no completion
    used to fail the whole collection, every re-run alike, with the state kept."""
    import hashlib

    src = str(feed(tmp_path, 4))
    ids = [f"art-00{n}-" + hashlib.sha256(f"art/00{n}".encode()).hexdigest()[:8] for n in range(4)]
    out = tmp_path / "out"
    with ScriptedServer(default_brief=scripted_brief) as server:
        server.batch_answers[ids[1]] = b"{not json"
        server.batch_answers[ids[2]] = json.dumps({"response": {"status_code": 200, "body": {}}}).encode()
        bogus = {"custom_id": ids[3], "response": {"status_code": 200, "body": {"choices": "none"}}}
        server.batch_answers[ids[3]] = json.dumps(bogus).encode()
        server.batch_polls_to_complete = 0
        opts = BatchOptions(out=out, concurrency=2)
        tally = asyncio.run(run_batch_api(iter_items([src]), 4, _settings(server), opts, poll_s=0.05))
        live = len(server.requests)
    err = capsys.readouterr().err
    assert tally.done == 4 and live == 3  # the good answer was used; the three bad ones were asked live
    assert "batch output line 2: not JSON; skipped" in err and "line 3: no custom_id" in err
    assert f"for {ids[3]}: not a chat completion" in err and "Traceback" not in err
    assert not (out / STATE_DIR / STATE).exists()  # collected: a re-run starts afresh, it does not fail again


def test_cache_unit(tmp_path, seed_text):
    from summarizer.batch.cache import cache_key
    from summarizer.extractive import extract_brief
    from summarizer.load import article_from_text

    cache = BriefCache(tmp_path / "c.sqlite")
    s1, s2 = Settings(engine="extractive"), Settings(engine="llm", api_key="k", model="a")
    brief = extract_brief(article_from_text(seed_text))
    cache.put(cache_key(seed_text, s1), brief)
    assert cache.get(cache_key(seed_text, s1)) == brief
    assert cache.get(cache_key(seed_text + " ", s1)) is None
    assert cache_key(seed_text, s2) != cache_key(seed_text, s2.model_copy(update={"model": "b"}))
    cache.close()
