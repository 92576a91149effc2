"""Test doubles that ship with the package, so scripts and users' own tests can use them: a
SCRIPTED OpenAI-compatible server (real HTTP on 127.0.0.1; every answer is queued, none is a
recording), an in-process SCRIPTED model provider (`TestModel`), and the fault scenarios run by
`tests/test_faults.py` and `scripts/fault_report.py`. The core imports this package only when
asked for the "test" provider by name."""

from .model import TestModel, model_reply
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
    "TestModel",
    "Step",
    "answer_for",
    "completion",
    "model_reply",
    "fault",
    "raw",
    "reply",
    "reply_as_content",
    "reset",
    "slow",
    "trickle",
]
