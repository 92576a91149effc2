"""A provider whose first answer is already in hand (the OpenAI Batch API fetched it ahead):
that answer is served once, for the brief's first call, and every later call (a re-ask) goes
to the live provider. To the engine it is just another provider."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .base import Reply, Request
from .openai import OpenAIProvider


class Prefetched:
    def __init__(self, live: OpenAIProvider, completion: Any) -> None:
        self.live = live
        self.name = live.name
        self._completion = completion

    def request(self, messages: list[dict], answer: type[BaseModel]) -> Request:
        return self.live.request(messages, answer)

    def reask(self, request: Request, reply: Reply, error: str) -> Request:
        return self.live.reask(request, reply, error)

    async def complete(self, request: Request, timeout_s: float) -> Reply:
        completion, self._completion = self._completion, None
        if completion is None:
            return await self.live.complete(request, timeout_s)
        return self.live.reply_of(completion, request.body)

    async def aclose(self) -> None:  # the live provider belongs to the engine
        pass
