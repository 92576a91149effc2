"""What the llm engine needs of a model provider, and what a provider hands back.

A provider turns the engine's messages and the answer's schema into its own request, makes one
model call of it, and returns the answer's JSON text and its usage. It raises `Transient` for a
fault worth trying again (`transport` retries it within the brief's budget, whatever the
provider, and the model never sees it) and a `ModelError` for one that is not. The re-ask loop
(`llm/reask.py`) asks the provider to phrase a re-ask in its own message format; what is wrong
with an answer is the loop's to say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel

from ..models import Usage


class Transient(Exception):
    """A fault of the endpoint, not of the answer (a 429, a 5xx, a timeout, a reset, a body that
    is not a completion): retried within the budget, never shown to the model."""

    def __init__(self, what: str, *, status: int | None = None, retry_after_s: float | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.status = status
        self.retry_after_s = retry_after_s


@dataclass
class Request:
    """One request in a provider's own format (`body`), with the chat messages it carries."""

    messages: list[dict[str, Any]]
    answer: type[BaseModel]
    body: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reply:
    """A model's answer: its JSON text ("" when it gave none), what it cost, and how it ended."""

    text: str
    usage: Usage | None = None
    cut_off: bool = False  # stopped at the output length limit: the JSON is incomplete
    refusal: str | None = None  # the model declined, in its own words
    raw: Any = None  # the provider's own response, for its `reask`


class Provider(Protocol):
    name: str

    def request(self, messages: list[dict[str, Any]], answer: type[BaseModel]) -> Request:
        """The request that asks for an `answer` to these messages."""
        ...

    async def complete(self, request: Request, timeout_s: float) -> Reply:
        """One model call, within `timeout_s`; no retries (the caller retries `Transient`)."""
        ...

    def reask(self, request: Request, reply: Reply, error: str) -> Request:
        """`request` followed by `reply` and a message that names `error` and asks again."""
        ...

    async def aclose(self) -> None: ...
