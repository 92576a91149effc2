"""Issue 20: a loop of `summarize()` calls reuses one engine (one client, one kept-alive
connection), and the fixed part of the prompt stays small, each rule said once.

Model answers come from the SCRIPTED server (queued or default answers, never recordings).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

from summarizer import Settings, asummarize, summarize
from summarizer.llm.engine import batch_request
from summarizer.llm.reask import ArticleBrief, ExplainingPatch
from summarizer.load import article_from_text
from summarizer.providers.instructor_adapter import request_body
from summarizer.testing import ScriptedServer, reply
from tests.helpers import ROOT


def _settings(server, **kw) -> Settings:
    return Settings(**{"base_url": server.base_url, "api_key": "k", "model": "m", **kw})


def test_a_loop_of_summarize_calls_uses_one_client_and_one_connection(seed_text, scripted_brief):
    with ScriptedServer(default_brief=scripted_brief) as server:
        briefs = [summarize(f"{seed_text}\nCopy {i}.", settings=_settings(server)) for i in range(4)]
        assert len(server.requests) == 4 and all(b.meta.engine == "llm" for b in briefs)
        assert len(set(server.peers)) == 1  # every call went over the same kept-alive connection
        summarize(seed_text, settings=_settings(server, model="other"))  # other settings, other engine
        assert len(set(server.peers)) == 2 and server.requests[-1]["model"] == "other"


def test_asummarize_calls_on_one_loop_share_the_engine(seed_text, scripted_brief):
    with ScriptedServer(default_brief=scripted_brief) as server:

        async def three():
            return await asyncio.gather(*(asummarize(seed_text, settings=_settings(server)) for _ in range(3)))

        briefs = asyncio.run(three())
        assert len(briefs) == 3 and len(server.requests) == 3
        assert len(set(server.peers)) <= 3  # concurrent calls may open a connection each, on one client


def test_a_failed_call_does_not_spoil_the_next(seed_text, scripted_brief):
    from summarizer.testing import fault

    with ScriptedServer(default_brief=scripted_brief) as server:
        server.enqueue(*[fault(400, body='{"error": {"message": "scripted bad request"}}')])
        try:
            summarize(seed_text, settings=_settings(server))
        except Exception as exc:  # the scripted 400 is a ModelError
            assert "scripted bad request" in str(exc)
        else:
            raise AssertionError("the scripted 400 did not fail the call")
        assert summarize(seed_text, settings=_settings(server)).meta.engine == "llm"


def test_the_shared_client_is_closed_cleanly_at_exit(scripted_brief):
    """In a fresh interpreter in development mode, which reports unclosed sockets and loops."""
    with ScriptedServer(default_brief=scripted_brief) as server:
        code = (
            "from summarizer import Settings, summarize\n"
            f"s = Settings(base_url={server.base_url!r}, api_key='k', model='m')\n"
            "from pathlib import Path\n"
            "text = Path('seeds/000_46441950d65b9f7a.txt').read_text(encoding='utf-8')\n"
            "for _ in range(2):\n    summarize(text, settings=s)\n"
        )
        proc = subprocess.run([sys.executable, "-X", "dev", "-c", code], capture_output=True, text=True, cwd=ROOT)
        assert len(server.requests) == 2
    assert proc.returncode == 0, proc.stderr
    assert "ResourceWarning" not in proc.stderr and "unclosed" not in proc.stderr.lower()


def _fixed_tokens(body: dict) -> int:
    """The request's size without the article, in tokens of 4 characters, as the SDK sends it."""
    body = json.loads(json.dumps(body))
    body["messages"][1]["content"] = body["messages"][1]["content"].replace("\nARTICLE TEXT\n", "\n\n")
    kept = {k: body[k] for k in ("messages", "tools", "tool_choice")}
    return len(json.dumps(kept, ensure_ascii=False, separators=(",", ":"))) // 4


def test_the_fixed_prompt_is_at_most_a_thousand_tokens():
    body = batch_request(article_from_text("ARTICLE TEXT"), Settings(base_url="http://127.0.0.1:9/v1", model="m"))
    assert _fixed_tokens(body) <= 1000
    tools = json.dumps(body["tools"])
    assert tools.count('"title"') == 1  # only the property named title; pydantic's title keys are gone
    assert '"omissions"' not in tools  # asked for only in the completeness re-ask


def test_each_rule_is_said_once_and_the_reask_schema_asks_for_omissions():
    body = batch_request(article_from_text("ARTICLE TEXT"), Settings(base_url="http://127.0.0.1:9/v1", model="m"))
    system = body["messages"][0]["content"]
    descriptions = json.dumps(body["tools"])
    for rule in ("character for character", "verbatim", "fullest", "usual name", "listed participant"):
        assert (rule in system) + (rule in descriptions) <= 1, rule
    explaining = request_body(ExplainingPatch, model_name="m", mode="tools", messages=body["messages"])
    assert '"omissions"' in json.dumps(explaining["tools"]) and "DraftOmission" in json.dumps(explaining["tools"])
    assert request_body(ArticleBrief, model_name="m", mode="tools", messages=body["messages"]) == body


def test_the_completeness_reask_uses_the_schema_with_omissions(scripted, seed_text, scripted_brief):
    answer = dict(scripted_brief, cited_outlets=[o for o in scripted_brief["cited_outlets"] if o["name"] != "Xinhua"])
    explained = {**answer, "omissions": [{"item": "Xinhua", "reason": "scripted: it only repeats the talks"}]}
    scripted.enqueue(reply(answer), reply(explained))
    brief = summarize(seed_text, settings=_settings(scripted))
    names = [r["tool_choice"]["function"]["name"] for r in scripted.requests]
    assert names == ["ArticleBrief", "ExplainingPatch"]
    assert any("Xinhua" in w and "scripted: it only repeats" in w for w in brief.warnings)


def test_settings_are_kept_for_the_same_arguments_but_follow_the_environment(monkeypatch):
    from pydantic import SecretStr

    from summarizer.settings import build_settings

    monkeypatch.delenv("SUMMARIZER_MAX_CALLS", raising=False)
    first = build_settings(None, model="m", base_url="http://127.0.0.1:9/v1")
    assert build_settings(None, model="m", base_url="http://127.0.0.1:9/v1") is first  # not validated again
    monkeypatch.setenv("SUMMARIZER_MAX_CALLS", "5")
    changed = build_settings(None, model="m", base_url="http://127.0.0.1:9/v1")
    assert changed is not first and changed.max_calls == 5 and first.max_calls != 5
    one = build_settings(None, api_key=SecretStr("sk-one"))
    other = build_settings(None, api_key=SecretStr("sk-two"))  # the same repr, another key
    assert one.api_key.get_secret_value() == "sk-one" and other.api_key.get_secret_value() == "sk-two"


def test_the_answer_is_bounded_only_when_asked():
    from summarizer.providers.openai import body_for

    messages = [{"role": "user", "content": "x"}]
    settings = Settings(base_url="http://127.0.0.1:9/v1", model="m")
    assert "max_tokens" not in body_for(settings, messages, ArticleBrief)
    bounded = settings.model_copy(update={"max_answer_tokens": 600})
    assert body_for(bounded, messages, ArticleBrief)["max_tokens"] == 600
