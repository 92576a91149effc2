"""The chat endpoint behind the llm engine: one `create` per model call, with transport retries,
usage accounting, refusal detection and repair of servers that ignore tool calls.

`OpenAIProvider` talks to any OpenAI-compatible endpoint. `Prefetched` serves an answer that
came back through the OpenAI Batch API for a brief's first call, then hands over to the live
provider for any re-ask. Swap the provider layer here: the engine sees only `ChatProvider`.
"""

from __future__ import annotations

import json
import re
from typing import Any, Protocol

from ..budget import Spend
from ..errors import ConfigError, ModelError
from ..models import Usage
from ..settings import Settings
from .bounded_http import bounded_client
from .transport import RateGate, call_with_retries

#: A rough prompt-plus-answer token estimate for the rate gate, corrected after the call:
#: about 4 characters a token, plus room for the answer.
CHARS_PER_TOKEN = 4
ANSWER_TOKENS_ESTIMATE = 1_500
REFUSAL_CHARS = 200  # how much of a refusal an error quotes

_FENCED = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)


class ChatProvider(Protocol):
    async def create(self, spend: Spend, **request: Any) -> Any: ...

    async def aclose(self) -> None: ...


def make_client(settings: Settings):
    from openai import AsyncOpenAI

    if not settings.endpoint_configured:
        raise ConfigError(
            "no model endpoint is configured",
            hint="set OPENAI_API_KEY, or --base-url for a local server (Ollama, vLLM, llama.cpp), "
            "or use --engine extractive",
        )
    key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
    # max_retries=0: transport retries belong to tenacity, inside our budget.
    return AsyncOpenAI(
        api_key=key,
        base_url=settings.base_url,
        max_retries=0,
        timeout=settings.request_timeout_s,
        http_client=bounded_client(settings.request_timeout_s),
    )


def usage_of(response: Any) -> Usage | None:
    u = getattr(response, "usage", None)
    if u is None:
        return None
    return Usage(
        prompt_tokens=u.prompt_tokens or 0, completion_tokens=u.completion_tokens or 0, total_tokens=u.total_tokens or 0
    )


def content_as_tool_call(message: Any, request: dict) -> None:
    """A server that ignores `tools` but answers with the JSON in its message (many local
    servers do) is taken at its word: the JSON becomes the forced tool call."""
    text = message.content.strip()
    if fenced := _FENCED.match(text):
        text = fenced.group(1)
    if not text.startswith("{"):
        return
    from openai.types.chat.chat_completion_message_tool_call import ChatCompletionMessageToolCall, Function

    name = ((request.get("tool_choice") or {}).get("function") or {}).get("name", "ArticleBrief")
    message.tool_calls = [
        ChatCompletionMessageToolCall(
            id="call_from_content", type="function", function=Function(name=name, arguments=text)
        )
    ]


class OpenAIProvider:
    """Any OpenAI-compatible endpoint; one client, shared by every brief of a batch."""

    def __init__(self, settings: Settings, gate: RateGate | None = None) -> None:
        self.settings = settings
        self.gate = gate
        self.client = make_client(settings)
        self.secret = settings.api_key.get_secret_value() if settings.api_key else None

    async def create(self, spend: Spend, *, answer: Any = None, **request: Any) -> Any:
        """One model call: `answer`, when given, stands in for the request (fetched ahead)."""
        spend.reserve()

        async def send(timeout: float):
            if answer is not None:
                return answer
            return await self.client.chat.completions.create(**request, timeout=timeout)

        estimate = len(json.dumps(request.get("messages", []))) // CHARS_PER_TOKEN + ANSWER_TOKENS_ESTIMATE
        try:
            response = await call_with_retries(
                send,
                spend,
                request_timeout_s=self.settings.request_timeout_s,
                retry_after_cap_s=self.settings.retry_after_cap_s,
                secret=self.secret,
                gate=self.gate if answer is None else None,
                est_tokens=estimate,
            )
        except BaseException:
            spend.release()
            raise
        usage = usage_of(response)
        spend.record(usage)
        if self.gate is not None and usage is not None and answer is None:
            self.gate.settle(estimate, usage.total_tokens)
        message = response.choices[0].message
        refusal = getattr(message, "refusal", None)
        if refusal and not (message.content or message.tool_calls):
            # Asking the same question again rarely changes a refusal; say so instead.
            spend.last_error = f"the model refused: {refusal[:REFUSAL_CHARS]}"
            raise ModelError(
                f"the model refused to write the brief: {refusal[:REFUSAL_CHARS]}",
                hint="try another model, or --engine extractive",
                usage=spend.usage.model_copy(),
                attempts=spend.calls,
            )
        if self.settings.mode == "tools" and not message.tool_calls and message.content:
            content_as_tool_call(message, request)
        return response

    async def aclose(self) -> None:
        await self.client.close()


class Prefetched:
    """A brief's first answer, fetched ahead through the OpenAI Batch API: served (and counted)
    once, for the first call; every later call of the brief goes to the live provider."""

    def __init__(self, live: OpenAIProvider, answer: Any) -> None:
        self.live = live
        self.answer = answer

    async def create(self, spend: Spend, **request: Any) -> Any:
        answer, self.answer = self.answer, None
        return await self.live.create(spend, answer=answer, **request)

    async def aclose(self) -> None:  # the live provider belongs to the engine
        pass
