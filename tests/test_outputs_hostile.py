"""Where the tool writes, under a hostile or broken output folder (issue 18, items 11, 12, 14
and 17): planted symlinks and devices are never written through, a full disk is one line
with exit 5 and no torn record, and a re-run makes what is missing."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import stat
from pathlib import Path

import pytest

from summarizer import OutputError, Settings
from summarizer.batch.outdir import LOCK, RESULTS, STATE_DIR, ResultsLog
from summarizer.batch.runner import BatchOptions, run_batch
from summarizer.batch.sources import iter_items
from summarizer.cli import cli
from summarizer.output import write_atomic
from tests.helpers import SEED


def _feed(tmp: Path, n: int = 2) -> Path:
    path = tmp / "feed.jsonl"
    seed = SEED.read_text(encoding="utf-8")
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": f"{seed}\nCopy {i}."}) + "\n" for i in range(n)))
    return path


def _batch(tmp: Path, out: Path, formats=("json",), **settings):
    opts = BatchOptions(out=out, quiet=True, formats=list(formats))
    return asyncio.run(run_batch(iter_items([str(_feed(tmp))]), 2, Settings(engine="extractive", **settings), opts))


@pytest.fixture
def victim(tmp_path) -> Path:
    path = tmp_path / "victim.txt"
    path.write_text("the user's own file\n")
    return path


# --- 11. writes never follow planted symlinks ------------------------------------------------


@pytest.mark.parametrize("planted", [f"{STATE_DIR}/{LOCK}", RESULTS])
def test_a_symlinked_lock_or_results_log_stops_the_batch_and_leaves_its_target(tmp_path, victim, planted, capsys):
    out = tmp_path / "out"
    (out / STATE_DIR).mkdir(parents=True)
    (out / planted).symlink_to(victim)
    code = cli(["batch", str(_feed(tmp_path)), "--out", str(out), "--engine", "extractive", "-q"])
    err = capsys.readouterr().err
    assert code == 5 and "is a symlink" in err and err.count("\n") == 1
    assert victim.read_text() == "the user's own file\n"


def test_a_symlinked_output_fails_only_its_article_and_leaves_its_target(tmp_path, victim):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a0.json").symlink_to(victim)
    tally = _batch(tmp_path, out)
    assert (tally.done, tally.failed) == (1, 1)
    assert victim.read_text() == "the user's own file\n" and (out / "a0.json").is_symlink()
    failed = [json.loads(x) for x in (out / RESULTS).read_text().splitlines() if '"failed"' in x]
    assert "is a symlink or a special file" in failed[0]["error"]


def test_a_block_device_is_refused_even_with_force(tmp_path):
    disk = tmp_path / "disk"
    try:  # a device number no driver has: nothing could be written even if the check failed
        os.mknod(disk, stat.S_IFBLK | 0o600, os.makedev(259, 999))
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here")
    for force in (False, True):
        with pytest.raises(OutputError, match="is a block device"):
            write_atomic(disk, "brief", force=force)


# --- 12. a re-run makes what is missing --------------------------------------------------------


def test_a_rerun_with_more_formats_makes_the_missing_ones(tmp_path):
    out = tmp_path / "out"
    _batch(tmp_path, out, formats=("json",))
    tally = _batch(tmp_path, out, formats=("json", "md"))
    assert (out / "a0.md").exists() and (out / "a1.md").exists()
    assert tally.skipped == 0 and tally.done == 2
    again = _batch(tmp_path, out, formats=("json", "md"))
    assert again.skipped == 2  # now everything asked for is there


def test_a_rerun_with_another_engine_or_model_briefs_again(tmp_path, scripted_brief):
    from summarizer.testing import ScriptedServer

    out = tmp_path / "out"
    _batch(tmp_path, out)
    with ScriptedServer(default_brief=scripted_brief) as server:
        opts = BatchOptions(out=out, quiet=True)
        llm = Settings(base_url=server.base_url, api_key="k", model="m1")
        tally = asyncio.run(run_batch(iter_items([str(_feed(tmp_path))]), 2, llm, opts))
        assert tally.done == 2 and json.loads((out / "a0.json").read_text())["meta"]["engine"] == "llm"
        tally = asyncio.run(run_batch(iter_items([str(_feed(tmp_path))]), 2, llm, BatchOptions(out=out, quiet=True)))
        assert tally.skipped == 2  # the same engine and model: done
        other = Settings(base_url=server.base_url, api_key="k", model="m2")
        tally = asyncio.run(run_batch(iter_items([str(_feed(tmp_path))]), 2, other, BatchOptions(out=out, quiet=True)))
        assert tally.done == 2 and json.loads((out / "a0.json").read_text())["meta"]["model"] == "m2"


# --- 14. a full disk or a read-only folder is one line, exit 5 -----------------------------------


def test_a_full_disk_is_exit_5_with_one_line(capsys):
    assert cli(["brief", str(SEED), "--engine", "extractive", "-o", "/dev/full"]) == 5
    err = capsys.readouterr().err
    assert err.startswith("Error:") and "No space left on device" in err and err.count("\n") == 1


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_an_output_the_disk_refuses_is_an_output_error_and_leaves_no_temp_file(tmp_path, monkeypatch, code):
    import summarizer.output as output

    def refuse(fd, mode):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(output.os, "fchmod", refuse)
    with pytest.raises(OutputError, match=os.strerror(code)):
        write_atomic(tmp_path / "brief.md", "text")
    assert list(tmp_path.iterdir()) == []


def test_a_results_line_the_disk_cannot_take_is_taken_back_whole(tmp_path, monkeypatch):
    import summarizer.batch.outdir as outdir

    log = ResultsLog(tmp_path, durable=False)
    log.write({"id": "first"})
    real_write = os.write

    def half_then_full(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(outdir.os, "write", half_then_full)
    with pytest.raises(OutputError, match="No space left on device"):
        log.write({"id": "second", "padding": "x" * 100})
    monkeypatch.undo()
    log.close()
    assert (tmp_path / RESULTS).read_text() == '{"id": "first"}\n'  # no torn half line


# --- 17. temp files, and the user's own ---------------------------------------------------------


def test_a_batch_leaves_the_users_own_tmp_files_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".draft.tmp").write_text("my draft")
    _batch(tmp_path, out)
    assert (out / ".draft.tmp").read_text() == "my draft"


def test_an_output_name_of_255_bytes_is_written(tmp_path):
    name = "b" * 250 + ".json"
    assert len(name.encode()) == 255
    write_atomic(tmp_path / name, "{}")
    assert (tmp_path / name).read_text() == "{}"
