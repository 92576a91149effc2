"""The root's pages come from `cli_root` without typer; they must be exactly typer's."""

from __future__ import annotations

import subprocess
import sys

import pytest

from summarizer import cli_root
from summarizer.cli import app, cli


@pytest.mark.parametrize("columns", [40, 60, 80, 101, 200])
@pytest.mark.parametrize(("argv", "code"), [(["--help"], 0), ([], 2), (["--version"], 0)])
def test_the_quick_root_pages_are_typers_own_at_every_width(monkeypatch, capsys, columns, argv, code):
    monkeypatch.setenv("COLUMNS", str(columns))
    assert cli(argv) == code
    typer_page = capsys.readouterr()
    assert cli_root.quick(argv) == code
    quick_page = capsys.readouterr()
    assert (quick_page.out, quick_page.err) == (typer_page.out, typer_page.err)
    assert "brief" in typer_page.out + typer_page.err


def test_every_command_is_on_the_quick_page_in_typers_order():
    assert [c.name for c in app.registered_commands] == list(cli_root.COMMANDS)


def test_any_other_command_line_goes_to_typer():
    assert cli_root.quick(["--help", "brief"]) is None
    assert cli_root.quick(["brief", "--help"]) is None
    assert cli_root.quick(["--nope"]) is None


def test_the_command_answers_its_root_page_without_typer_or_pydantic():
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "summarizer", "--help"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.startswith("Usage: summarizer [OPTIONS] COMMAND")
    loaded = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert "summarizer" in loaded
    assert not loaded & {"typer", "click", "pydantic", "openai"}
