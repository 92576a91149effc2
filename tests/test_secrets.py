"""No secret is ever written to a cassette, a log, or an output."""

from __future__ import annotations

import logging
import re

import pytest

from summarizer import ModelError, Settings, summarize
from summarizer.testing import fault, reply
from tests.helpers import ROOT

KEYLIKE = re.compile(
    r"(?i)(authorization\s*:|api-key\s*:|bearer\s+[A-Za-z0-9._-]{8,}|sk-[A-Za-z0-9_-]{16,}|set-cookie\s*:)"
)


def test_cassettes_hold_no_key_or_auth_header():
    files = list((ROOT / "cassettes").rglob("*.yaml"))
    assert files, "expected at least one recorded cassette"
    for path in files:
        hits = KEYLIKE.findall(path.read_text(encoding="utf-8"))
        assert not hits, f"{path} contains {hits[:3]}"


def test_key_never_reaches_logs_or_errors(scripted, seed_text, scripted_brief, caplog):
    key = "sk-secret-must-not-leak-0123456789"
    caplog.set_level(logging.DEBUG)
    scripted.enqueue(
        fault(500), reply(scripted_brief), fault(401, body='{"error": {"message": "bad key ' + key + '"}}')
    )
    settings = Settings(base_url=scripted.base_url, api_key=key, model="m")
    brief = summarize(seed_text, settings=settings)
    assert key not in brief.model_dump_json()
    with pytest.raises(ModelError) as info:
        summarize(seed_text, settings=settings)
    assert key not in str(info.value) and "***" in str(info.value)
    assert key not in caplog.text
    assert key not in repr(settings) and key not in settings.model_dump_json()
