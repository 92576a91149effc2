"""Helpers shared by the test suites (paths, a credential-free environment, CLI flags for a
scripted endpoint, and running the CLI as a subprocess where the process boundary matters)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_46441950d65b9f7a.txt"
DEVSET = ROOT.parent / "shared" / "devset"


CREDENTIAL_PREFIXES = ("OPENAI_", "SUMMARIZER_")


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a CLI subprocess, without a developer's key or endpoint."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith(CREDENTIAL_PREFIXES)}, **extra}


def endpoint_args(server, key: str = "k") -> list[str]:
    """CLI flags that point the llm engine at a scripted server."""
    return ["--base-url", server.base_url, "--api-key", key, "--model", "m"]


def run_cli(*args: str, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    """`summarizer ARGS` in a subprocess: for what only a real process shows (tracebacks,
    signals, exit through `main`). Elsewhere tests call `cli([...])` in-process."""
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=timeout,
        **kw,
    )
