"""The architecture's rules, checked: the import contracts in pyproject.toml (import-linter),
small modules, and the one private instructor API we use, pinned."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

MAX_MODULE_LINES = 400


def test_import_contracts_hold():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    proc = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def _lint_a_copy(tmp_path: Path, change) -> subprocess.CompletedProcess:
    """`lint-imports` on a copy of the package with one change made to it."""
    shutil.copytree(ROOT / "summarizer", tmp_path / "summarizer", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    change(tmp_path / "summarizer")
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}  # the copy, not the checkout, is analysed
    return subprocess.run([lint], cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)


def test_an_upward_import_breaks_the_contracts(tmp_path):
    """Issue 19's probe: settings importing the llm engine made a real cycle and every contract
    still passed. Now every module is in a layer, so it is caught."""

    def probe(package: Path) -> None:
        settings = package / "settings.py"
        settings.write_text(settings.read_text(encoding="utf-8") + "\nfrom .llm import engine  # the probe\n")

    proc = _lint_a_copy(tmp_path, probe)
    assert proc.returncode != 0
    assert "summarizer.settings is not allowed to import summarizer.llm" in proc.stdout


def test_a_module_in_no_layer_breaks_the_contracts(tmp_path):
    proc = _lint_a_copy(tmp_path, lambda package: (package / "stray.py").write_text("X = 1\n"))
    assert proc.returncode != 0 and "stray" in proc.stdout


@pytest.mark.parametrize("path", sorted((ROOT / "summarizer").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_the_size_limit(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


def test_the_private_instructor_api_still_prepares_asks_and_reasks():
    """instructor's internals we run our own loop on (`mode_registry`'s handlers and
    `prepare_response_model`, instructor.v2.core): if this fails after an instructor upgrade, see
    the docstring of summarizer/providers/instructor_adapter.py."""
    from instructor.v2.core.response_model import prepare_response_model
    from openai.types.chat import ChatCompletion

    from summarizer.llm.reask import ArticleBrief
    from summarizer.providers.instructor_adapter import prepared, reask_body, request_body

    once = prepared(ArticleBrief)
    assert once is prepared(ArticleBrief)  # built once, then cached
    assert once is not ArticleBrief and issubclass(once, ArticleBrief)
    assert prepare_response_model(once) is once  # instructor does no more work on it per call

    messages = [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}]
    tools = request_body(ArticleBrief, model_name="m", mode="tools", messages=messages)
    assert tools["tool_choice"]["function"]["name"] == "ArticleBrief" and tools["messages"] == messages
    json_body = request_body(ArticleBrief, model_name="m", mode="json", messages=messages)
    assert json_body["response_format"] == {"type": "json_object"} and "participants" in str(json_body["messages"])
    assert messages[0]["content"] == "S"  # the json mode's schema went into a copy, not the caller's list

    arguments = '{"summary": "x"}'
    call = {"id": "t1", "type": "function", "function": {"name": "ArticleBrief", "arguments": arguments}}
    message = {"role": "assistant", "content": None, "tool_calls": [call]}
    answered = ChatCompletion.model_validate({
        "id": "c", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
    })  # fmt: skip
    again = reask_body(tools, answered, mode="tools", error="positions[0]: quote not found")
    assert len(tools["messages"]) == 2  # the first request is left as it was sent
    assistant, tool = again["messages"][2:]
    assert assistant["tool_calls"][0]["function"]["arguments"] == arguments
    assert (
        tool["role"] == "tool" and tool["tool_call_id"] == "t1" and "positions[0]: quote not found" in tool["content"]
    )


def test_the_batch_request_body_is_what_a_live_call_sends(scripted, seed_text, scripted_brief):
    from summarizer import Settings, summarize
    from summarizer.llm.engine import batch_request
    from summarizer.load import article_from_text
    from summarizer.testing import reply

    settings = Settings(base_url=scripted.base_url, api_key="k", model="m")
    scripted.enqueue(reply(scripted_brief))
    summarize(seed_text, settings=settings)
    body = batch_request(article_from_text(seed_text), settings)
    assert body == scripted.requests[0]


def _modules_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has imported after running `code`."""
    probe = f"import sys\n{code}\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.split())


def test_help_imports_no_model_sdk_and_no_pydantic_models():
    """Issue 20: `summarizer --help` pays for typer and our CLI only, not the SDKs or the schema."""
    loaded = _modules_after(
        "from summarizer.cli import app\n"
        "try:\n    app(['--help'], prog_name='summarizer')\nexcept SystemExit:\n    pass"
    )
    assert "typer" in loaded  # the probe did run the CLI
    assert not loaded & {"openai", "instructor", "pydantic", "spacy", "jinja2", "weasyprint"}


def test_the_extractive_path_imports_no_model_sdk():
    loaded = _modules_after(
        "from summarizer import summarize\n"
        "b = summarize(open('seeds/000_46441950d65b9f7a.txt').read(), engine='extractive')\n"
        "assert b.participants"
    )
    assert "spacy" in loaded and "pydantic" in loaded  # the brief was really made
    assert not loaded & {"openai", "instructor"}


def test_the_code_is_linted_and_formatted_with_long_lines_refused():
    """Issue 19: `ruff format`, and `ruff check` with E501 on (120 characters): a module kept under
    the size limit by dense lines fails here."""
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    folders = ["summarizer", "tests", "scripts"]
    lint = subprocess.run([ruff, "check", *folders], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert lint.returncode == 0, lint.stdout
    fmt = subprocess.run([ruff, "format", "--check", *folders], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert fmt.returncode == 0, fmt.stdout


def test_instructors_async_validator_walk_is_remembered_but_still_fails_closed():
    """The walk (instructor.v2.validation.async_validators, private) is replaced by one that
    keeps the classes that passed; a class with an async validator must still be refused."""
    from instructor.v2.core import patch
    from instructor.v2.validation import async_validators
    from pydantic import BaseModel

    from summarizer.llm.reask import ArticleBrief
    from summarizer.providers.instructor_adapter import prepared

    walk = async_validators.reject_async_validators
    assert walk.remembers is not None  # installed when the adapter is imported
    assert patch.reject_async_validators is walk  # also where instructor bound it at import
    walk(prepared(ArticleBrief))
    assert prepared(ArticleBrief) in walk.remembers

    class Sneaky(BaseModel):
        x: int = 0

        def check(self):  # marked the way instructor marks an async validator
            return None

    setattr(Sneaky.check, async_validators.ASYNC_VALIDATOR_KEY, "x")
    for _ in range(2):  # refused every time: a failure is never remembered
        with pytest.raises(ValueError, match="async validators are not supported"):
            walk(Sneaky)
    assert Sneaky not in walk.remembers
