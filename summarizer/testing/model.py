"""An in-process model provider for tests: SCRIPTED, never a recording and never a real model.

It answers each call from a queue of answers you give it, then from a function of the request,
then with a default; it records every request it saw, as llm's mock model and pydantic-ai's
`FunctionModel` do. Nothing goes over a network, so the whole engine (prompt, re-asks, checks,
completeness, budget) runs in microseconds per call. Transport faults need real HTTP: use
`ScriptedServer` for those.

    model = TestModel({"summary": "...", "participants": [...]})
    brief = summarize(text, provider=model)
    model.requests[0].messages  # what the engine asked
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from functools import cache
from typing import Any

from pydantic import BaseModel

from ..models import Usage
from ..providers.base import Reply, Request

#: What the default answer is: a brief with nothing in it (the engine puts the article's lead in
#: for the empty summary).
EMPTY_BRIEF = {"title": "", "summary": "", "participants": [], "agreed_points": [], "positions": [],
               "cited_outlets": []}  # fmt: skip
USAGE = (1_000, 200)  # (prompt, completion) tokens each scripted answer reports
REASK = "Validation Error found:\n{error}\nRecall the function correctly, fix the errors"

Answer = dict[str, Any] | str | Reply | BaseException


@cache
def _schema(answer: type[BaseModel]) -> dict[str, Any]:
    return answer.model_json_schema()


class TestModel:
    """A SCRIPTED provider. Each answer is a dict (sent as its JSON), a str (sent as is, so a
    malformed answer can be tested), a `Reply` (to script a cut-off or a refusal), or an
    exception (raised, such as `Transient` or `ModelError`)."""

    __test__ = False  # not a pytest test class, despite its name
    name = "test"

    def __init__(
        self,
        *answers: Answer,
        respond: Callable[[Request], Answer] | None = None,
        default: Answer | None = None,
        usage: tuple[int, int] = USAGE,
    ) -> None:
        self.queue: deque[Answer] = deque(answers)
        self.respond = respond
        self.default = EMPTY_BRIEF if default is None else default
        self.usage = usage
        self.requests: list[Request] = []

    def enqueue(self, *answers: Answer) -> TestModel:
        self.queue.extend(answers)
        return self

    def request(self, messages: list[dict], answer: type[BaseModel]) -> Request:
        return Request(messages=list(messages), answer=answer, body={"messages": messages, "schema": _schema(answer)})

    def reask(self, request: Request, reply: Reply, error: str) -> Request:
        asked = [*request.messages, {"role": "assistant", "content": reply.text},
                 {"role": "user", "content": REASK.format(error=error)}]  # fmt: skip
        return Request(messages=asked, answer=request.answer, body={**request.body, "messages": asked})

    async def complete(self, request: Request, timeout_s: float) -> Reply:
        self.requests.append(request)
        if self.queue:
            answer = self.queue.popleft()
        elif self.respond is not None:
            answer = self.respond(request)
        else:
            answer = self.default
        if isinstance(answer, BaseException):
            raise answer
        return answer if isinstance(answer, Reply) else model_reply(answer, usage=self.usage)

    async def aclose(self) -> None:
        pass

    @property
    def asked(self) -> list[str]:
        """The last message of each request: the prompt's article, then each re-ask."""
        return [str(r.messages[-1].get("content", "")) for r in self.requests]


def model_reply(
    brief: dict[str, Any] | str, *, usage: tuple[int, int] = USAGE, cut_off: bool = False,
    refusal: str | None = None,
) -> Reply:  # fmt: skip
    """A SCRIPTED answer with its usage, or one cut off at the length limit, or a refusal."""
    text = brief if isinstance(brief, str) else json.dumps(brief, ensure_ascii=False)
    prompt, completion = usage
    spent = Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion)
    return Reply(text=text, usage=spent, cut_off=cut_off, refusal=refusal)


def from_settings(settings: Any) -> TestModel:
    """`--provider test`: the test model with no script, answering every call with an empty
    brief (the brief is the article's lead, and each item the rules find is re-asked once)."""
    return TestModel()
