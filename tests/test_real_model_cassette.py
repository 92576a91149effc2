"""Replays a RECORDED exchange with a real model (SmolLM2-135M-Instruct served by
`python -m llama_cpp.server`, instructor TOOLS mode). See README "Re-recording cassettes".

The model is tiny: the point is the real wire format, usage accounting and the budget path,
not the quality of its brief.
"""

from __future__ import annotations

import json

import pytest

from summarizer import Settings, summarize

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
        base_url=BASE_URL,
        api_key="sk-recording-placeholder",
        model="smollm2",
        max_calls=2,
        max_tokens=None,
        # a CPU-served model is slow to record (replay is instant), and this tiny one can ramble
        # to the end of its context under the tool's grammar: its answers are bounded
        deadline_s=900,
        request_timeout_s=600,
        max_answer_tokens=600,
    )
    brief = summarize(seed_text, settings=settings)
    total, calls = _recorded_usage(vcr)
    # What this recording holds, pinned: the tiny model's first answer is a summary and nothing
    # else, so it leaves out every outlet and quoted speaker the extractive pass is sure of, and
    # the one completeness re-ask is made (the second recorded call). It is answered with a patch
    # (`ExplainingPatch`): the model adds one participant, "Lavrov", which is merged into the
    # first answer (whose summary stays); what is still missing is a warning.
    assert calls == 2 and brief.meta.attempts == 2 and brief.meta.usage.total_tokens == total == 2811
    assert brief.meta.engine == "llm" and brief.meta.model == "smollm2"
    assert brief.summary.startswith("Russia, China, and a range of international actors")
    assert [p.name for p in brief.participants] == ["Lavrov"]
    assert brief.warnings == [
        "after a completeness re-ask the model still leaves out RIA Novosti, Xinhua, Wang Yi "
        "(found by the extractive pass)"
    ]
    assert brief.positions == brief.cited_outlets == []
    requests = [json.loads(r.body) for r in vcr.requests]
    assert [r["tool_choice"]["function"]["name"] for r in requests] == ["ArticleBrief", "ExplainingPatch"]
    assert [m["role"] for m in requests[1]["messages"]] == ["system", "user", "user"]  # no draft resent
