from __future__ import annotations

import json
import re

import pytest

from summarizer.testing import ScriptedServer, TestModel
from tests.helpers import CREDENTIAL_PREFIXES, ROOT, SEED


@pytest.fixture(autouse=True)
def _no_ambient_credentials(monkeypatch):
    """Tests never pick up a developer's key or endpoint from the environment."""
    import os

    for name in list(os.environ):
        if name.startswith(CREDENTIAL_PREFIXES):
            monkeypatch.delenv(name)


_LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def _no_network_beyond_loopback(monkeypatch):
    """A test that would reach a real endpoint (a model, a web page) fails instead: sockets of
    this process connect to 127.0.0.1 only (pydantic-ai's ALLOW_MODEL_REQUESTS, for sockets).
    Subprocesses get no key and no endpoint (above) and point at 127.0.0.1 by their arguments."""
    import socket

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def checked(address) -> None:
        family_is_ip = isinstance(address, tuple)
        if family_is_ip and address[0] not in _LOOPBACK:
            raise ConnectionRefusedError(f"a test tried to reach {address[0]}: tests reach 127.0.0.1 only")

    def connect(self, address):
        checked(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        checked(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


@pytest.fixture
def model() -> TestModel:
    """The in-process SCRIPTED model (`summarizer.testing.TestModel`): queue answers, read requests."""
    return TestModel()


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def scripted_brief() -> dict:
    """A hand-written (SCRIPTED, not recorded) model answer for the seed article."""
    data = json.loads((ROOT / "tests" / "fixtures" / "seed_scripted_brief.json").read_text(encoding="utf-8"))
    data.pop("_label")
    return data


@pytest.fixture
def scripted():
    """A scripted OpenAI-compatible server on 127.0.0.1 (answers are queued, not recorded)."""
    with ScriptedServer() as server:
        yield server


# --- cassettes (pytest-recording / vcrpy) ----------------------------------------------------

_PYDANTIC_URL = re.compile(r"https://errors\.pydantic\.dev/[0-9.]+/")


def _normalized_body(request) -> object:
    body = request.body or b""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    # Re-ask messages quote pydantic's error URLs, which carry its version.
    body = _PYDANTIC_URL.sub("https://errors.pydantic.dev/X/", body)
    try:
        return json.loads(body)
    except ValueError:
        return body


def _body_matcher(r1, r2) -> None:
    assert _normalized_body(r1) == _normalized_body(r2), "request bodies differ"


def _scrub_response(response):
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in ("set-cookie", "openai-organization"):
            headers.pop(name)
    return response


def pytest_recording_configure(config, vcr):
    vcr.register_matcher("normalized_body", _body_matcher)


@pytest.fixture(scope="module")
def vcr_config():
    # No record_mode here: it would silently override --record-mode on the command line.
    return {
        "filter_headers": ["authorization", "api-key", "x-api-key", "openai-organization", "cookie"],
        "before_record_response": _scrub_response,
        "decode_compressed_response": True,
        "match_on": ["method", "path", "normalized_body"],
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request) -> str:
    return str(ROOT / "cassettes" / request.module.__name__.rsplit(".", 1)[-1])
