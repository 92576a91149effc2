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


# --- 15. bad input from the user is one line, with the right exit code ---------------------------


@pytest.mark.parametrize("url", ["not-a-url", "ftp://127.0.0.1/v1", "http://127.0.0.1:70000/v1", "http://:8080/v1"])
def test_a_malformed_base_url_is_a_configuration_error_at_once(url, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", __import__("io").TextIOWrapper(__import__("io").BytesIO(SEED.read_bytes())))
    assert cli(["brief", "-", "--base-url", url]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "base URL" in err and "transport" not in err


def test_a_lone_surrogate_in_a_feed_fails_its_record_only(tmp_path):
    feed = tmp_path / "feed.jsonl"
    good = SEED.read_text(encoding="utf-8")
    feed.write_text(
        '{"id": "bad\\ud800", "text": "Title\\n\\nA text with \\ud800 in it."}\n'
        + json.dumps({"id": "ok", "text": good})
    )
    out = tmp_path / "out"
    opts = BatchOptions(out=out, quiet=True)
    tally = asyncio.run(run_batch(iter_items([str(feed)]), 2, Settings(engine="extractive"), opts))
    assert (tally.done, tally.failed) == (1, 1)
    failed = [json.loads(x) for x in (out / RESULTS).read_text().splitlines() if '"failed"' in x]
    assert "unpaired surrogate" in failed[0]["error"]


def test_a_latin1_file_is_read_as_western_european_and_says_so(tmp_path):
    from summarizer.load import load_article

    text = "Talks in Madrid\n\nSergeï Lavrov met Ana Núñez in Madrid on Monday, and the talks went well.\n"
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    article = load_article(path)
    assert article.text == text and "Sergeï" in article.text and "Núñez" in article.text
    assert article.warnings == ["input was not UTF-8; decoded as cp1252"]


def test_a_feed_line_over_the_bound_is_skipped_not_read_whole(tmp_path, monkeypatch):
    import summarizer.batch.sources as sources

    monkeypatch.setattr(sources, "MAX_LINE_CHARS", 1_000)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "huge", "text": "x" * 5_000}) + "\n" + json.dumps({"id": "small", "text": "y"}))
    items = list(iter_items([str(feed)]))
    assert [(i.id, bool(i.error)) for i in items] == [("feed-line-1", True), ("small", False)]
    assert "over 1,000 characters" in items[0].error


def test_wrong_types_in_results_jsonl_do_not_stop_the_batch(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / RESULTS).write_text(
        '{"id": "a0", "status": "done", "outputs": 5}\n{"id": "a1", "status": "done", "outputs": [1, null]}\n'
        '{"id": 7}\n["not", "a", "record"]\n'
    )
    tally = _batch(tmp_path, out)
    assert tally.done == 2


def test_a_folder_symlink_out_of_the_folder_is_not_read(tmp_path, victim):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "real.txt").write_text(SEED.read_text(encoding="utf-8"))
    secret = tmp_path / "secret.txt"
    secret.write_text("a private file outside the folder")
    (folder / "leak.txt").symlink_to(secret)
    items = {i.id: i for i in iter_items([str(folder)])}
    assert items["real"].error is None and "symlink out of" in items["leak"].error


# --- 16. an endpoint failure is one line -------------------------------------------------------


def test_an_endpoint_that_is_down_is_said_in_one_line(capsys):
    code = cli(["brief", str(SEED), "--base-url", "http://127.0.0.1:9/v1", "--no-fallback", "--transport-retries", "2"])
    err = capsys.readouterr().err
    assert code == 6 and err.count("\n") == 1 and err.startswith("Error:") and "WARNING" not in err
    cli(["brief", str(SEED), "--base-url", "http://127.0.0.1:9/v1", "--no-fallback", "--transport-retries", "1", "-v"])
    assert "transport fault" in capsys.readouterr().err  # -v shows each retry


# --- 17. what reaches a terminal or a Markdown viewer ---------------------------------------


OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # "write this to the clipboard"


def test_markdown_escapes_html_and_shows_terminal_escapes_as_replacement_characters(tmp_path, capsys):
    article = tmp_path / "a.txt"
    body = SEED.read_text(encoding="utf-8").replace("Lavrov", f"Lavrov{OSC52}", 1)
    article.write_text("<img src=x onerror=alert(1)> " + body)  # in the headline, which the brief shows
    assert cli(["brief", str(article), "--engine", "extractive", "-f", "md"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out


def test_extract_to_a_terminal_shows_escapes_harmlessly_and_keeps_offsets(tmp_path, capsys, monkeypatch):
    article = tmp_path / "a.txt"
    text = f"Title\n\nA line with {OSC52} in it, and more words after it for length.\n"
    article.write_text(text)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert cli(["extract", str(article)]) == 0
    shown = capsys.readouterr().out
    assert "\x1b" not in shown and len(shown) == len(text)  # one character for one
    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    assert cli(["extract", str(article)]) == 0
    assert capsys.readouterr().out == text  # a pipe gets the exact text the offsets refer to
