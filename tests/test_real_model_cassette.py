"""Replays a RECORDED exchange with a real model (SmolLM2-135M-Instruct served by
`python -m llama_cpp.server`, instructor TOOLS mode). See README "Re-recording cassettes".

The model is tiny: the point is the real wire format, usage accounting and the budget path,
not the quality of its brief.
"""

from __future__ import annotations

import json

import pytest

from summarizer import BudgetExceeded, Settings, summarize

BASE_URL = "http://127.0.0.1:8765/v1"  # where the recording was made; replay never connects


def _recorded_usage(cassette) -> tuple[int, int]:
    total, calls = 0, 0
    for response in cassette.responses:
        body = response["body"]["string"]
        body = json.loads(body.decode() if isinstance(body, bytes) else body)
        if "usage" in body:
            total += body["usage"]["total_tokens"]
            calls += 1
    return total, calls


@pytest.mark.vcr
def test_smollm2_recorded_brief(seed_text, vcr):
    settings = Settings(
        base_url=BASE_URL, api_key="sk-recording-placeholder", model="smollm2", max_calls=2, max_tokens=None
    )
    try:
        brief = summarize(seed_text, settings=settings)
    except BudgetExceeded as err:  # the tiny model may never satisfy the schema: still accounted
        total, calls = _recorded_usage(vcr)
        assert err.attempts == calls == 2 and err.usage.total_tokens == total > 0
        assert err.last_error
        return
    total, calls = _recorded_usage(vcr)
    assert brief.meta.engine == "llm" and brief.meta.model == "smollm2"
    assert brief.meta.attempts == calls and brief.meta.usage.total_tokens == total > 0
    if calls == 2:  # the tiny model left out what the extractive pass found: one completeness re-ask
        assert any("completeness re-ask" in w and "Xinhua" in w for w in brief.warnings), brief.warnings
    for item in [*brief.participants, *brief.positions, *brief.agreed_points, *brief.cited_outlets]:
        assert seed_text[item.evidence.start : item.evidence.end] == item.evidence.quote
