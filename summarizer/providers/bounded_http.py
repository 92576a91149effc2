"""The HTTP client under the OpenAI SDK, with a bound on what an endpoint may send back. The SDK
reads a whole response into memory before it parses it, so a broken or hostile server that
answers with gigabytes would take that much memory: the body is counted as it arrives and
the read stops at `MAX_RESPONSE_BYTES`. Our answers are a few kilobytes; an error page a few
more.
"""

from __future__ import annotations

from functools import lru_cache

import openai

from .. import http_lib

MAX_RESPONSE_BYTES = 8_000_000


class ResponseTooLarge(openai.OpenAIError):
    """The endpoint sent more than the bound. An OpenAIError, so the SDK passes it through
    unwrapped (not as a connection error to retry)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the endpoint's answer is over the {limit:,}-byte limit; it was not read further")
        self.limit = limit


@lru_cache(maxsize=1)
def shared_ssl_context():
    """One TLS context for every client the process makes. Building one reads the CA bundle and
    costs about 20 ms, more than our whole plumbing around a local model's answer; a context is
    safe to share between clients and threads. (It is made on first use, from the environment
    then: SSL_CERT_FILE set later in the same process is not seen.)"""
    return http_lib.httpx().create_ssl_context()


def bounded_client(timeout: float, limit: int | None = None):
    """An `AsyncClient` for `AsyncOpenAI(http_client=...)` whose responses stop at `limit`."""
    httpx = http_lib.httpx()
    limit = limit or MAX_RESPONSE_BYTES

    class Capped(httpx.AsyncByteStream):
        def __init__(self, inner) -> None:
            self._inner = inner

        async def __aiter__(self):
            size = 0
            async for chunk in self._inner:
                size += len(chunk)
                if size > limit:
                    raise ResponseTooLarge(limit)
                yield chunk

        async def aclose(self) -> None:
            await self._inner.aclose()

    class Transport(httpx.AsyncHTTPTransport):
        async def handle_async_request(self, request):
            response = await super().handle_async_request(request)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                await response.aclose()
                raise ResponseTooLarge(limit)
            response.stream = Capped(response.stream)
            return response

    return openai.DefaultAsyncHttpxClient(transport=Transport(verify=shared_ssl_context()), timeout=timeout)
