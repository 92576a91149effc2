"""Helpers shared by the test suites (paths, a credential-free environment, CLI flags for a
scripted endpoint, and running the CLI as a subprocess where the process boundary matters)."""

from __future__ import annotations

import os
import random
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


def run_cli(
    *args: str, timeout: float = 300, env: dict | None = None, text: bool = True, **kw
) -> subprocess.CompletedProcess:
    """`summarizer ARGS` in a subprocess: for what only a real process shows (tracebacks,
    signals, stdin, exit through `main`). Elsewhere tests call `cli([...])` in-process."""
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        capture_output=True,
        text=text,
        env=clean_env(**(env or {})),
        timeout=timeout,
        **kw,
    )


FIRST = ["Anna", "Jon", "Maria", "Lars", "Ines", "Paul", "Olga", "Tomas", "Lena", "Omar", "Wei", "Hana", "Piotr",
         "Aiko",
         "Samir", "Rosa"]  # fmt: skip
LAST = ["Keller", "Reyes", "Novak", "Berg", "Walder", "Marsh", "Ivanova", "Dahl", "Park", "Haddad", "Chen", "Sato",
        "Kowalski", "Mendes", "Okafor"]  # fmt: skip


def crowded_article(words: int = 7000, names: int = 80) -> str:
    """An invented long article: `names` people, each quoted, in about `words` words."""
    rng = random.Random(3)
    people = [f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}{'' if i < 60 else 'son'}" for i in range(names)]
    people = list(dict.fromkeys(people))
    paragraphs, count, i = ["Council of ministers debates the harbor plan for the coastal region"], 0, 0
    filler = "the harbor plan would change how the region trades, builds and votes over the next decade".split()
    while count < words:
        who = people[i % len(people)]
        body = " ".join(rng.choice(filler) for _ in range(28))
        paragraphs.append(f'"We will not accept {body}," {who} said on Monday. {who.split()[-1]} argued that {body}.')
        count += len(paragraphs[-1].split())
        i += 1
    return "\n\n".join(paragraphs)


def proc_files(name: str) -> dict[int, bytes]:
    """Each running process's /proc/PID/NAME ("cmdline", "stat"), by PID (Linux only): for
    tests that look for the worker processes a run started."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                found[int(entry)] = Path(f"/proc/{entry}/{name}").read_bytes()
            except OSError:
                continue  # it ended while we looked
    return found
