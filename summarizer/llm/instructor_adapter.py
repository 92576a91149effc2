"""Everything this package needs from instructor beyond `instructor.patch`, in one place.

`prepare_response_model` is private instructor API (`instructor.v2.core`): instructor wraps a
plain response model in a new class on every call (about 20 ms of class building); handing it
the wrapped class once makes that a no-op. instructor also walks the whole response model for
async validators, three times per call (about 4 ms a brief here): `walk_once` remembers the
model classes that passed. `tests/test_architecture.py` pins what we rely on. When instructor
changes it: if the import fails, fall back to the plain model (correct, only slower) and
re-measure `scripts/bench_overhead.py`; if the behaviour changes, the pinning test says how.
"""

from __future__ import annotations

from functools import cache

import instructor

from ..errors import ConfigError

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
def prepared(model: type) -> type:
    """`model` as instructor would wrap it on every call, wrapped once."""
    try:
        from instructor.v2.core.response_model import prepare_response_model
    except ImportError:  # the private API moved: correct without it, only slower
        return model
    return prepare_response_model(model)


def request_body(model: type, *, model_name: str, mode: str, messages: list[dict]) -> dict:
    """The exact chat.completions body instructor sends for these messages (the Batch API
    needs it ahead of time). instructor has no public way to build it, so a stand-in `create`
    records the body instructor hands it and stops the call there."""
    captured: dict = {}

    class _Captured(Exception):
        pass

    def capture(**kwargs):
        captured.update(kwargs)
        raise _Captured

    patched = instructor.patch(create=capture, mode=MODES[mode])
    try:
        patched(model=model_name, messages=messages, response_model=prepared(model), max_retries=0)
    except Exception as exc:  # instructor wraps our sentinel; anything else is a real error
        if not captured:
            raise ConfigError(f"could not build the request body: {exc}") from None
    captured.pop("timeout", None)
    return captured
