"""Everything this package takes from instructor, in one place: the OpenAI modes' requests and
re-asks.

instructor's handler for a mode knows how that mode asks for a schema (a forced tool call, a JSON
response format, a schema in the prompt) and how it phrases a re-ask (a tool message, a user
message). We use those two and run the loop ourselves (`llm/reask.py`), so the checks are called
in the open on each answer. `mode_registry` and `prepare_response_model` are instructor's
internal API (`instructor.v2.core`); `tests/test_architecture.py` pins what we rely on. When
instructor changes them, that test says how.
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
