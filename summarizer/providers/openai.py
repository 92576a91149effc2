"""Any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, llama.cpp, LM Studio...).

Everything OpenAI-shaped lives here: the client, the modes (through instructor), which SDK
errors are transient, the repair of servers that ignore tool calls, and the client the Batch API
uses. The engine sees only the `Provider` protocol (`base.py`).
"""

from __future__ import annotations

import json
import re
from typing import Any

import openai
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from ..errors import ConfigError, ContextTooLong, ModelError, redact
from ..models import Usage
from ..settings import Settings
from .base import Reply, Request, Transient
from .bounded_http import ResponseTooLarge, bounded_client
from .instructor_adapter import reask_body, request_body
from .transport import retry_after_s

DETAIL_CHARS = 200  # how much of an endpoint's error message an error quotes

_TRANSIENT_STATUS = {408, 409, 425, 429}
_FENCED = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)
_FIX = {
    401: "check the API key (--api-key or OPENAI_API_KEY)",
    403: "check the API key's permissions for this model",
    404: "check --model and --base-url (an OpenAI-compatible base URL usually ends in /v1)",
    400: "the endpoint rejected the request; if it cannot do tool calls, try --mode json",
    422: "the endpoint rejected the request; if it cannot do tool calls, try --mode json",
}
# How servers say a request is longer than the model's context window: OpenAI and vLLM
# ("context_length_exceeded", "maximum context length is 4096 tokens"), llama.cpp ("exceeds the
# available context size", "n_ctx"), Ollama and others ("prompt is too long", "context window").
_CONTEXT_WORDS = re.compile(
    r"context_length_exceeded|maximum context length|context (?:window|size|length)|n_ctx|prompt is too long"
    r"|too many tokens",
    re.I,
)
_CONTEXT_LIMIT = re.compile(
    r"(?:maximum context length is|context (?:window|size|length)(?: of| is)?|n_ctx\D{0,5})\s*(\d{3,7})", re.I
)


def make_client(settings: Settings) -> openai.AsyncOpenAI:
    if not settings.endpoint_configured:
        raise ConfigError(
            "no model endpoint is configured",
            hint="set OPENAI_API_KEY, or --base-url for a local server (Ollama, vLLM, llama.cpp), "
            "or use --engine extractive",
        )
    key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
    # max_retries=0: transport retries belong to tenacity, inside our budget.
    return openai.AsyncOpenAI(
        api_key=key,
        base_url=settings.base_url,
        max_retries=0,
        timeout=settings.request_timeout_s,
        http_client=bounded_client(settings.request_timeout_s),
    )


def is_transient(exc: BaseException) -> bool:
    """Whether an SDK error is the endpoint's passing fault (the Batch API's calls retry these too)."""
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError, Transient)):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
    return False


def describe(exc: BaseException) -> str:
    """A short, secret-free description of an SDK error."""
    if isinstance(exc, openai.APITimeoutError):
        return "request timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "connection failed or was reset"
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code} from the endpoint"
    return type(exc).__name__


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


def answer_text(message: Any, mode: str) -> str:
    """The answer's JSON as the mode carries it: the forced tool call's arguments, the message,
    or the last JSON object in it (md_json); "" when there is none."""
    if mode == "tools":
        calls = getattr(message, "tool_calls", None) or []
        arguments = calls[0].function.arguments if calls else None
        return arguments if isinstance(arguments, str) else json.dumps(arguments) if arguments is not None else ""
    content = message.content or ""
    if mode == "md_json":
        from instructor.v2.core.json import extract_json_from_codeblock

        try:
            return extract_json_from_codeblock(content)
        except ValueError:
            return content
    return content


def permanent(exc: openai.APIError, secret: str | None) -> ModelError:
    """A refusal of the request itself, as our error: with the fix for its status, and the
    context window's size when the endpoint says that is what was exceeded."""
    what = describe(exc)
    detail = redact(getattr(exc, "message", "") or "", secret)
    code = getattr(exc, "code", None)
    if getattr(exc, "status_code", None) in (400, 413, 422) and (
        code == "context_length_exceeded" or _CONTEXT_WORDS.search(detail)
    ):
        limit = _CONTEXT_LIMIT.search(detail)
        return ContextTooLong(
            f"the request is longer than the model's context window ({what}): {detail[:DETAIL_CHARS]}",
            limit_tokens=int(limit.group(1)) if limit else None,
            hint="pass --context-window TOKENS to brief the article in parts that fit",
        )
    return ModelError(
        f"the endpoint refused the request ({what}){': ' + detail[:DETAIL_CHARS] if detail else ''}",
        hint=_FIX.get(getattr(exc, "status_code", 0)),
    )


def body_for(settings: Settings, messages: list[dict], answer: type[BaseModel]) -> dict:
    """The chat.completions body that asks for `answer` (the Batch API writes it ahead)."""
    body = request_body(answer, model_name=settings.model, mode=settings.mode, messages=messages)
    if settings.max_answer_tokens is not None:  # a small local model can ramble to its context's end
        body["max_tokens"] = settings.max_answer_tokens
    return body


class OpenAIProvider:
    """Any OpenAI-compatible endpoint; one client, shared by every brief of a batch."""

    name = "openai"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = make_client(settings)
        self.secret = settings.api_key.get_secret_value() if settings.api_key else None

    def request(self, messages: list[dict], answer: type[BaseModel]) -> Request:
        body = body_for(self.settings, messages, answer)
        return Request(messages=body["messages"], answer=answer, body=body)

    def reask(self, request: Request, reply: Reply, error: str) -> Request:
        body = reask_body(request.body, reply.raw, mode=self.settings.mode, error=error)
        return Request(messages=body["messages"], answer=request.answer, body=body)

    async def complete(self, request: Request, timeout_s: float) -> Reply:
        return self.reply_of(await self._send(request.body, timeout_s), request.body)

    def reply_of(self, response: Any, body: dict) -> Reply:
        """A completion (live, or from a Batch API output file) as a `Reply`."""
        choice = response.choices[0]
        message = choice.message
        refusal = getattr(message, "refusal", None)
        if self.settings.mode == "tools" and not message.tool_calls and message.content:
            content_as_tool_call(message, body)
        return Reply(
            text=answer_text(message, self.settings.mode),
            usage=usage_of(response),
            cut_off=choice.finish_reason == "length",
            refusal=refusal if refusal and not (message.content or message.tool_calls) else None,
            raw=response,
        )

    async def _send(self, body: dict, timeout: float) -> Any:
        """One HTTP request; its faults as `Transient` or as our error."""
        try:
            # The body is already plain JSON (instructor's request, built once per request):
            # `chat.completions.create(**body)` would walk it again against the SDK's TypedDicts
            # and change nothing, about 1.5 ms of CPU a call (issue 20). The options are the ones
            # `create` passes: the timeout, and the API key as a bearer token.
            response = await self.client.post(
                "/chat/completions",
                cast_to=ChatCompletion,
                body=body,
                options={"timeout": timeout, "security": {"bearer_auth": True}},
            )
        except ResponseTooLarge as exc:  # not retried: the same server would send as much again
            raise ModelError(str(exc)) from None
        except RecursionError:
            raise Transient("the endpoint answered with a body nested too deeply to read") from None
        except (ValueError, openai.APIResponseValidationError) as exc:  # a 200 whose body is not JSON
            raise Transient(f"the endpoint answered with a malformed body ({type(exc).__name__})") from exc
        except openai.APIError as exc:
            if is_transient(exc):
                response = getattr(exc, "response", None)
                raise Transient(
                    describe(exc),
                    status=getattr(exc, "status_code", None),
                    retry_after_s=retry_after_s(getattr(response, "headers", None)),
                ) from exc
            raise permanent(exc, self.secret) from None
        if not getattr(response, "choices", None):
            raise Transient("the endpoint answered with an empty choices list")
        return response

    async def aclose(self) -> None:
        await self.client.close()
