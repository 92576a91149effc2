"""`--via batch-api` at scale: request files cut at the API's limits, every batch id tracked and
resumed, and a failed part that costs only its own articles (issue 23).

Model answers come from the SCRIPTED server's fake of the Files and Batches endpoints. The
limits are shrunk in each test (50,000 requests are never sent).
"""

from __future__ import annotations

import asyncio
import json

import pytest

from summarizer.batch import batch_files, openai_batch
from summarizer.batch.batch_files import RequestParts
from summarizer.batch.openai_batch import STATE, run_batch_api
from summarizer.batch.outdir import STATE_DIR
from summarizer.batch.runner import BatchOptions
from summarizer.batch.sources import iter_items
from summarizer.settings import Settings
from summarizer.testing import ScriptedServer
from tests.test_batch import feed, results


def _settings(server) -> Settings:
    return Settings(base_url=server.base_url, api_key="k", model="m")


def test_request_parts_start_a_new_file_at_either_limit(tmp_path):
    lines = [json.dumps({"custom_id": f"a{i}", "pad": "x" * (10 * i)}).encode() + b"\n" for i in range(7)]
    with RequestParts(tmp_path, max_requests=3) as parts:
        for line in lines:
            parts.add(line)
    assert [p["requests"] for p in parts.parts] == [3, 3, 1]
    assert batch_files.custom_ids(tmp_path / parts.parts[1]["file"]) == ["a3", "a4", "a5"]

    by_size = tmp_path / "size"
    by_size.mkdir()
    limit = len(lines[5]) + len(lines[6]) - 1  # the two longest lines do not fit one file together
    with RequestParts(by_size, max_bytes=limit) as parts:
        for line in lines:
            parts.add(line)
    sizes = [(by_size / p["file"]).stat().st_size for p in parts.parts]
    assert all(size <= limit for size in sizes) and sum(p["requests"] for p in parts.parts) == 7
    assert len(parts.parts) >= 3  # more than one cut, and none of them past the limit
    assert not parts.fits(b"y" * (limit + 1)) and parts.fits(lines[0])


def test_the_limits_are_the_apis_own():
    assert batch_files.MAX_REQUESTS_PER_FILE == 50_000 and batch_files.MAX_FILE_BYTES == 200_000_000


async def _stop_once_all_are_created(task, state_path, parts: int) -> None:
    """Stop the run once every part's batch id is saved, as a killed process would be stopped."""
    while not task.done():
        if state_path.exists():
            state = json.loads(state_path.read_text())
            if len([p for p in state["parts"] if p.get("batch_id")]) == parts:
                break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_requests_are_sent_in_parts_and_a_restart_resumes_every_batch(tmp_path, scripted_brief, monkeypatch):
    monkeypatch.setattr(batch_files, "MAX_REQUESTS_PER_FILE", 3)
    src = str(feed(tmp_path, 7))
    out = tmp_path / "out"
    state_path = out / STATE_DIR / STATE
    with ScriptedServer(default_brief=scripted_brief) as server:
        server.batch_polls_to_complete = 10**6  # the batches never finish: the run is stopped polling

        async def interrupted():
            opts = BatchOptions(out=out, concurrency=2, quiet=True)
            task = asyncio.create_task(run_batch_api(iter_items([src]), 7, _settings(server), opts, poll_s=0.05))
            await _stop_once_all_are_created(task, state_path, 3)

        asyncio.run(interrupted())
        state = json.loads(state_path.read_text())
        assert [p["requests"] for p in state["parts"]] == [3, 3, 1]
        assert sorted(p["batch_id"] for p in state["parts"]) == sorted(server.batches)
        sent = [server.files[b["input_file_id"]].decode().splitlines() for b in server.batches.values()]
        assert sorted(len(lines) for lines in sent) == [1, 3, 3]
        ids = [json.loads(line)["custom_id"] for lines in sent for line in lines]
        assert len(ids) == len(set(ids)) == 7  # every article once, in exactly one part

        server.batch_polls_to_complete = 0
        opts = BatchOptions(out=out, concurrency=2, quiet=True)
        tally = asyncio.run(run_batch_api(iter_items([src]), 7, _settings(server), opts, poll_s=0.05))
        assert len(server.batches) == 3  # all three were resumed, none created again
        assert server.requests == []  # and every answer came from a batch: nothing went live
    assert tally.done == 7 and tally.failed == 0
    assert not state_path.exists() and not list((out / STATE_DIR).glob("batch_api_*"))


def test_a_failed_part_costs_only_its_own_articles_and_a_rerun_sends_them_again(
    tmp_path, scripted_brief, monkeypatch, capsys
):
    monkeypatch.setattr(batch_files, "MAX_REQUESTS_PER_FILE", 3)
    src = str(feed(tmp_path, 7))
    out = tmp_path / "out"
    with ScriptedServer(default_brief=scripted_brief) as server:
        server.batch_polls_to_complete = 1
        server.batch_endings["batch_scripted_2"] = "failed"
        opts = BatchOptions(out=out, concurrency=2)
        tally = asyncio.run(run_batch_api(iter_items([src]), 7, _settings(server), opts, poll_s=0.05))
        assert server.requests == []  # the failed part's articles were not sent live at the live price
        lost = {json.loads(line)["custom_id"] for line in server.files["file-scripted-2"].decode().splitlines()}
        recs = {r["id"]: r for r in results(out)}
        assert tally.done == 4 and tally.failed == 3
        assert {i for i, r in recs.items() if r["status"] == "failed"} == lost
        assert all("batch batch_scripted_2 ended failed" in recs[i]["error"] for i in lost)
        assert "3 article(s) recorded as failed; a re-run sends them again" in capsys.readouterr().err

        again = asyncio.run(
            run_batch_api(iter_items([src]), 7, _settings(server), BatchOptions(out=out, quiet=True), poll_s=0.05)
        )
        newest = server.batches[max(server.batches, key=lambda b: int(b.rsplit("_", 1)[-1]))]
        assert len(server.batches) == 4 and {line["custom_id"] for line in newest["lines"]} == lost
    assert again.done == 3 and again.failed == 0 and again.skipped == 4


def test_a_state_file_from_before_parts_is_resumed_not_paid_again(tmp_path, scripted_brief):
    """A run of the previous version kept one batch id and one request file: it is polled."""
    src = str(feed(tmp_path, 2))
    out = tmp_path / "out"
    with ScriptedServer(default_brief=scripted_brief) as server:
        server.batch_polls_to_complete = 10**6
        opts = BatchOptions(out=out, concurrency=2, quiet=True)

        async def interrupted():
            task = asyncio.create_task(run_batch_api(iter_items([src]), 2, _settings(server), opts, poll_s=0.05))
            await _stop_once_all_are_created(task, out / STATE_DIR / STATE, 1)

        asyncio.run(interrupted())
        state = json.loads((out / STATE_DIR / STATE).read_text())
        part = state["parts"][0]
        (out / STATE_DIR / part["file"]).rename(out / STATE_DIR / openai_batch.LEGACY_REQUESTS)
        old = {"batch_id": part["batch_id"], "input_file_id": part["input_file_id"], "requests": part["requests"]}
        (out / STATE_DIR / STATE).unlink()
        (out / STATE).write_text(json.dumps(old))  # where the oldest versions kept it
        server.batch_polls_to_complete = 0
        tally = asyncio.run(run_batch_api(iter_items([src]), 2, _settings(server), opts, poll_s=0.05))
        assert len(server.batches) == 1 and server.requests == []
    assert tally.done == 2 and not (out / STATE).exists()
