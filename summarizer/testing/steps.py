"""The steps a SCRIPTED server can be given: a brief to answer with, a fault to inject (an HTTP
status, a slow or trickled answer, a reset connection, raw bytes), and the chat.completion
objects they become. None of it is a recording of a real model."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Step:
    """One scripted answer: a brief to return, or a fault to inject."""

    kind: str  # "reply", "status", "slow", "reset", "raw"
    brief: dict[str, Any] | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    delay_s: float = 0.0
    usage: tuple[int, int] | None = None


def reply(brief: dict[str, Any], *, usage: tuple[int, int] | None = None, delay_s: float = 0.0) -> Step:
    """Answer with `brief` as a tool call (TOOLS mode) or as JSON message content."""
    return Step("reply", brief=brief, usage=usage, delay_s=delay_s)


def reply_as_content(brief: dict[str, Any], *, fenced: bool = False) -> Step:
    """Answer with the JSON in the message content even when tools were asked for."""
    text = json.dumps(brief)
    return raw(json.dumps(completion({}, content=f"```json\n{text}\n```" if fenced else text, usage=(900, 400))))


def fault(status: int, *, retry_after: str | None = None, body: str | None = None) -> Step:
    """An HTTP error status, optionally with a Retry-After header."""
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    payload = body if body is not None else json.dumps({"error": {"message": f"scripted {status}", "type": "scripted"}})
    return Step("status", status=status, headers=headers, body=payload.encode())


def slow(delay_s: float, brief: dict[str, Any] | None = None) -> Step:
    """Answer only after `delay_s` seconds (longer than a client timeout, usually)."""
    return Step("reply" if brief else "slow", brief=brief, delay_s=delay_s)


def trickle(interval_s: float = 0.5) -> Step:
    """Send the headers, then one byte of the body every `interval_s` (a per-read timeout never
    fires, so only a deadline around the whole call stops it)."""
    return Step("trickle", delay_s=0.0, body=b" " * 4096, headers={"interval": str(interval_s)})


def reset() -> Step:
    """Promise a body, send half of it, then drop the connection."""
    return Step("reset")


def raw(body: bytes | str, *, status: int = 200, content_type: str = "application/json") -> Step:
    """Send exactly these bytes (malformed JSON, empty choices, a refusal...)."""
    data = body.encode() if isinstance(body, str) else body
    return Step("raw", status=status, body=data, headers={"Content-Type": content_type})


def completion(
    request: dict[str, Any],
    *,
    content: str | None = None,
    arguments: str | None = None,
    usage: tuple[int, int] | None = None,
    refusal: str | None = None,
    finish_reason: str = "stop",
) -> dict[str, Any]:
    """A chat.completion object shaped as the request asked (tool call or message content)."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message["refusal"] = refusal
    if arguments is not None:
        message["tool_calls"] = [
            {
                "id": "call_scripted",
                "type": "function",
                "function": {"name": tool_name(request), "arguments": arguments},
            }
        ]
    prompt_tokens, completion_tokens = usage or (
        len(json.dumps(request.get("messages", []))) // 4,
        len(arguments or content or "") // 4 + 1,
    )
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": 0,
        "model": request.get("model", "scripted"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def tool_name(request: dict[str, Any]) -> str:
    choice = request.get("tool_choice")
    if isinstance(choice, dict):
        return choice.get("function", {}).get("name", "ArticleBrief")
    tools = request.get("tools") or [{}]
    return tools[0].get("function", {}).get("name", "ArticleBrief")


def answer_for(request: dict[str, Any], brief: dict[str, Any], usage: tuple[int, int] | None = None) -> dict[str, Any]:
    text = json.dumps(brief)
    if request.get("tools"):
        return completion(request, arguments=text, usage=usage, finish_reason="tool_calls")
    return completion(request, content=text, usage=usage)
