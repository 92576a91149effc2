"""The command line: a subprocess where the process is the point (no traceback reaches the user,
stdin, the entry point's exit), `cli([...])` in-process where only the exit code and the
output are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.cli import cli
from summarizer.testing import ScriptedServer, reply
from tests.helpers import SEED, endpoint_args, run_cli

EXIT = {"ok": 0, "usage": 2, "input": 3, "config": 4, "output": 5, "model": 6, "budget": 7}


def run(*args: str, stdin: bytes | None = None, env: dict | None = None):
    return run_cli(*args, input=stdin, env=env, text=False, timeout=120)


def _err(proc) -> str:
    return proc.stderr.decode("utf-8", "replace")


def _bad_inputs(tmp: Path) -> dict[str, tuple[str, str]]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "blank.txt").write_bytes(b"  \n\t\n ")
    (tmp / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp / "nul.bin").write_bytes(b"abc\x00def" * 10)
    (tmp / "big.txt").write_bytes(b"word " * 2_100_000)
    (tmp / "folder").mkdir()
    return {
        "missing": (str(tmp / "nope.txt"), "does not exist"),
        "directory": (str(tmp / "folder"), "is a directory"),
        "empty": (str(tmp / "empty.txt"), "is empty"),
        "whitespace": (str(tmp / "blank.txt"), "is empty"),
        "png": (str(tmp / "image.png"), "PNG image"),
        "binary": (str(tmp / "nul.bin"), "looks binary"),
        "too big": (str(tmp / "big.txt"), "over the"),
    }


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "whitespace", "png", "binary", "too big"])
def test_bad_input_is_one_line_and_exit_3(tmp_path, case):
    path, expected = _bad_inputs(tmp_path)[case]
    proc = run("brief", path)
    err = _err(proc)
    assert proc.returncode == EXIT["input"], err
    assert "Traceback" not in err and expected in err
    assert err.strip().count("\n") == 0 and err.startswith("Error: ")


def test_latin1_is_decoded_with_a_warning(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("Beijing", "Pékin")
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    proc = run("brief", str(path), "--format", "json")
    assert proc.returncode == 0, _err(proc)
    brief = json.loads(proc.stdout)
    assert any("not UTF-8" in w for w in brief["warnings"])
    # decoded as Latin-1, not mangled: the evidence holds the accented word, at its offsets
    spans = [p["evidence"] for p in brief["positions"] + brief["agreed_points"] if "Pékin" in p["evidence"]["quote"]]
    assert spans and all(text[e["start"] : e["end"]] == e["quote"] for e in spans)


def test_stdin_and_html_input():
    html = (
        "<html><head><title>x</title><script>var a=1;</script></head><body><p>Officials said the deal was signed.</p>"
        "<p>Acme Corp agreed to pay $5m, Reuters reported.</p></body></html>"
    )
    proc = run("brief", "-", "--format", "json", stdin=html.encode())
    assert proc.returncode == 0, _err(proc)
    brief = json.loads(proc.stdout)
    assert any("HTML" in w for w in brief["warnings"])
    assert [o["name"] for o in brief["cited_outlets"]] == ["Reuters"]
    assert "var a" not in proc.stdout.decode()


def test_default_engine_without_endpoint_is_extractive_and_says_so():
    proc = run("brief", str(SEED))
    assert proc.returncode == 0
    assert proc.stdout.decode().startswith("# Russia, China vow")
    assert "extractive engine" in _err(proc) and "OPENAI_API_KEY" in _err(proc)


def test_output_file_is_never_overwritten_without_force(tmp_path, capsys):
    out = tmp_path / "brief.md"
    out.write_text("keep me")
    assert cli(["brief", str(SEED), "-o", str(out)]) == EXIT["output"]
    assert "--force" in capsys.readouterr().err and out.read_text() == "keep me"
    assert cli(["brief", str(SEED), "-o", str(out), "--force"]) == 0 and out.read_text().startswith("# Russia")
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]  # no temp file left behind


def test_invalid_setting_is_a_config_error(capsys, monkeypatch):
    assert cli(["brief", str(SEED), "--engine", "bogus"]) == EXIT["usage"]  # a bad choice on the line: usage
    monkeypatch.setenv("SUMMARIZER_ENGINE", "bogus")  # in the environment: configuration
    assert cli(["brief", str(SEED)]) == EXIT["config"]
    monkeypatch.delenv("SUMMARIZER_ENGINE")
    monkeypatch.setenv("SUMMARIZER_MAX_CALLS", "many")
    assert cli(["brief", str(SEED)]) == EXIT["config"] and "max_calls" in capsys.readouterr().err


def test_llm_via_cli_against_scripted_server(seed_text, scripted_brief):
    key = "sk-cli-secret-abcdef123456"
    with ScriptedServer() as server:
        server.enqueue(reply(scripted_brief))
        proc = run("brief", str(SEED), "--format", "json", *endpoint_args(server, key), "-vv")
    assert proc.returncode == 0, _err(proc)
    brief = json.loads(proc.stdout)
    assert brief["meta"]["engine"] == "llm" and brief["meta"]["attempts"] == 1
    assert key not in proc.stdout.decode() and key not in _err(proc)  # not even at -vv


def test_endpoint_down_falls_back_to_extractive_unless_told_not_to():
    args = (
        "brief",
        str(SEED),
        "--format",
        "json",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--api-key",
        "x",
        "--transport-retries",
        "1",
    )
    proc = run(*args)
    assert proc.returncode == 0, _err(proc)
    brief = json.loads(proc.stdout)
    assert brief["meta"]["engine"] == "extractive" and "llm engine failed" in brief["warnings"][0]
    proc = run(*args, "--no-fallback")
    assert proc.returncode == EXIT["model"] and "Traceback" not in _err(proc)


def test_schema_command_prints_the_contract(capsys):
    assert cli(["schema"]) == 0 and json.loads(capsys.readouterr().out)["title"] == "Brief"


@pytest.mark.parametrize("args", [[], ["brief"], ["brief", str(SEED), "--bogus"], ["batch", str(SEED)]])
def test_usage_errors_exit_2_without_traceback(args):
    proc = run(*args)
    assert proc.returncode == 2 and "Traceback" not in _err(proc) and "internal error" not in _err(proc)
