"""The root's own pages (`summarizer`, `summarizer --help`, `summarizer --version`), answered
without loading typer; `__main__.main`, the command, asks here first and hands every other command
line to `cli.py`.

Those three are what a new user types first. typer's import alone costs more than a bare
`import pydantic` (issue 20), and the root page needs none of it. `cli.py` builds its typer app
from the words here, and `tests/test_cli_root.py` checks that this page is byte for byte typer's
at several terminal widths. Change a command there and this page follows, or the test fails.
"""

from __future__ import annotations

import shutil
import sys
import textwrap

PROG = "summarizer"
HELP = "Turn a news article into a grounded one-page brief."
VERSION_HELP = "Print the version and exit."
EPILOG = (
    "Settings also come from the environment: OPENAI_API_KEY or SUMMARIZER_API_KEY, OPENAI_BASE_URL or "
    "SUMMARIZER_BASE_URL, and SUMMARIZER_<SETTING> for every other one (SUMMARIZER_MODEL, SUMMARIZER_ENGINE, "
    "SUMMARIZER_MAX_CALLS, ...). Flags win over the environment."
)
#: Each command's line on the root page, in the order the page lists them.
COMMANDS = {
    "brief": "Write the brief of one article.",
    "batch": "Brief every article of folders, files or a JSONL feed.",
    "eval": "Score an engine's briefs against gold labels.",
    "cache": "Check or clear the brief cache that `summarizer batch` keeps.",
    "extract": "Print exactly the text a brief's offsets refer to.",
    "schema": "Print the JSON Schema of the brief (the public contract).",
}
MAX_WIDTH = 100  # the app's max_content_width
_INDENT = "  "


def _width() -> int:
    # click's own rule: the terminal (or $COLUMNS), capped, less a margin, never under 50
    return max(min(shutil.get_terminal_size().columns, MAX_WIDTH) - 2, 50)


def _fill(text: str, width: int, indent: str = "") -> str:
    return textwrap.TextWrapper(width, initial_indent=indent, subsequent_indent=indent, replace_whitespace=False).fill(
        text
    )


def _rows(rows: dict[str, str], width: int) -> list[str]:
    """click's definition list: names in a column, their text wrapped beside them."""
    first = max(map(len, rows)) + 2
    lines = []
    for name, text in rows.items():
        wrapped = _fill(text, max(width - first - 2, 10)).splitlines()
        lines.append(f"{_INDENT}{name:<{first}}{wrapped[0]}")
        lines.extend(" " * (first + len(_INDENT)) + line for line in wrapped[1:])
    return lines


def root_help(width: int | None = None) -> str:
    """The root's help page, as typer prints it at this width."""
    width = _width() if width is None else width
    return "\n".join(
        [
            f"Usage: {PROG} [OPTIONS] COMMAND [ARGS]...",
            "",
            _fill(HELP, width, _INDENT),
            "",
            "Options:",
            *_rows({"--version": VERSION_HELP, "--help": "Show this message and exit."}, width),
            "",
            "Commands:",
            *_rows(COMMANDS, width),
            "",
            _fill(EPILOG, width, _INDENT),
        ]
    )


def quick(argv: list[str]) -> int | None:
    """The exit code, when `argv` asks only for a root page (printed here); else None."""
    if argv == ["--help"]:
        sys.stdout.write(root_help() + "\n")
        return 0
    if not argv:  # as typer: the page on stderr, and the usage error's code
        sys.stderr.write(root_help() + "\n")
        return 2
    if argv == ["--version"]:
        sys.stdout.write(version_line() + "\n")
        return 0
    return None


def version_line() -> str:
    from .install_hint import DISTRIBUTION
    from .version import __version__

    return f"{PROG} {__version__} ({DISTRIBUTION})"
