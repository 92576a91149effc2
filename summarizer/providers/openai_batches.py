"""The OpenAI Batch API's calls: upload a request file, create its batch, poll it, download its
output. `batch/openai_batch.py` drives a run (its parts, its state file, resuming); this module
is all it knows of the SDK. Each call is tried again on a transient fault: a batch lives for up
to a day, and one dropped poll must not end the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from ..settings import Settings
from .openai import is_transient, make_client

CONTROL_ATTEMPTS = 6  # a poll, upload or download that meets a transient fault is tried again


@dataclass(frozen=True)
class BatchStatus:
    id: str
    status: str
    completed: int | None
    total: int | None
    output_file_id: str | None
    why: str | None  # the first error the batch reports, when it reports one


class OpenAIBatches:
    def __init__(self, settings: Settings) -> None:
        self.client = make_client(settings)

    @staticmethod
    def completion(body: dict) -> Any:
        """An output line's body as the completion a live call returns."""
        from openai.types.chat import ChatCompletion

        return ChatCompletion.model_validate(body)

    async def upload(self, name: str, data: bytes) -> str:
        upload = await _control(lambda: self.client.files.create(file=(name, data), purpose="batch"))
        return upload.id

    async def create(self, input_file_id: str, metadata: dict[str, str]) -> str:
        batch = await _control(
            lambda: self.client.batches.create(
                input_file_id=input_file_id,
                endpoint="/v1/chat/completions",
                completion_window="24h",
                metadata=metadata,
            )
        )
        return batch.id

    async def status(self, batch_id: str) -> BatchStatus:
        batch = await _control(lambda: self.client.batches.retrieve(batch_id))
        counts = getattr(batch, "request_counts", None)
        errors = getattr(getattr(batch, "errors", None), "data", None) or []
        return BatchStatus(
            id=batch.id,
            status=batch.status,
            completed=getattr(counts, "completed", None),
            total=getattr(counts, "total", None),
            output_file_id=batch.output_file_id,
            why=getattr(errors[0], "message", None) if errors else None,
        )

    async def download(self, file_id: str) -> str:
        content = await _control(lambda: self.client.files.content(file_id))
        return content.text

    async def aclose(self) -> None:
        await self.client.close()


async def _control(call):
    async for attempt in AsyncRetrying(
        retry=retry_if_exception(is_transient),
        stop=stop_after_attempt(CONTROL_ATTEMPTS),
        wait=wait_exponential(multiplier=0.5, max=30),
        reraise=True,
    ):
        with attempt:
            return await call()
