"""Everything this package takes from instructor, in one place: the OpenAI modes' requests and
re-asks.

instructor's handler for a mode knows how that mode asks for a schema (a forced tool call, a JSON
response format, a schema in the prompt) and how it phrases a re-ask (a tool message, a user
message). We use those two and run the loop ourselves (`llm/reask.py`), so the checks are called
in the open on each answer. `mode_registry` and `prepare_response_model` are instructor's
internal API (`instructor.v2.core`). Preparing a request also walks the whole answer model for
async validators, twice (about 2 ms a request here): `walk_once` remembers the classes that
passed. `tests/test_architecture.py` pins what we rely on; when instructor changes it, that test
says how (a moved walk leaves instructor as it is: correct, only slower).
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import instructor
from instructor.v2.core.registry import mode_registry
from instructor.v2.core.response_model import prepare_response_model
from pydantic import BaseModel

MODES = {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON, "md_json": instructor.Mode.MD_JSON}


def walk_once() -> None:
    """Make instructor's fail-closed walk for async validators remember the classes that passed.

    The walk runs on every request, and its answer for a class never changes once the class is
    built (a class with an async validator still raises, every time: only passes are kept). It
    is replaced in every instructor module that holds it; a moved or renamed walk leaves
    instructor as it is (correct, only slower)."""
    try:
        from instructor.v2.validation import async_validators
    except ImportError:
        return
    walk = getattr(async_validators, "reject_async_validators", None)
    if walk is None or getattr(walk, "remembers", None) is not None:
        return
    passed: set = set()

    def remembering(response_model) -> None:
        try:
            if response_model in passed:
                return
        except TypeError:  # an unhashable annotation: walk it as instructor would
            return walk(response_model)
        walk(response_model)
        passed.add(response_model)

    remembering.remembers = passed
    import sys

    # most callers look it up on its module at call time; a few bound it at their own import
    for name, module in list(sys.modules.items()):
        if name.startswith("instructor") and getattr(module, "reject_async_validators", None) is walk:
            module.reject_async_validators = remembering


walk_once()


@cache
def _handlers(mode: str):
    return mode_registry.get_handlers(instructor.Provider.OPENAI, MODES[mode])


@cache
def prepared(model: type[BaseModel]) -> type[BaseModel]:
    """`model` as instructor wraps it for a request, wrapped once (a new class every call would
    cost about 20 ms of class building)."""
    return prepare_response_model(model)


def request_body(model: type[BaseModel], *, model_name: str, mode: str, messages: list[dict]) -> dict[str, Any]:
    """The chat.completions body that asks for `model` in `mode` (the Batch API sends it too)."""
    kwargs = {"model": model_name, "messages": copy.deepcopy(messages)}  # json modes edit the system message
    _, body = _handlers(mode).request_handler(response_model=prepared(model), kwargs=kwargs)
    return body


def reask_body(body: dict[str, Any], response: Any, *, mode: str, error: str) -> dict[str, Any]:
    """`body` followed by the model's `response` and instructor's re-ask naming `error`."""
    asked = {**body, "messages": list(body["messages"])}  # the earlier request stays as it was sent
    return _handlers(mode).reask_handler(kwargs=asked, response=response, exception=_Named(error))


class _Named(Exception):
    """An error that reads as its message: instructor quotes `str(exception)` in the re-ask."""
