"""Test doubles that ship with the package, so scripts and users' own tests can use them: a
SCRIPTED OpenAI-compatible server (real HTTP on 127.0.0.1; every answer is queued, none is a
recording) and the fault scenarios run by `tests/test_faults.py` and `scripts/fault_report.py`.
The core never imports this package."""

from .server import ScriptedServer
from .steps import (
    Step,
    answer_for,
    completion,
    fault,
    raw,
    reply,
    reply_as_content,
    reset,
    slow,
    trickle,
)

__all__ = [
    "ScriptedServer",
    "Step",
    "answer_for",
    "completion",
    "fault",
    "raw",
    "reply",
    "reply_as_content",
    "reset",
    "slow",
    "trickle",
]
