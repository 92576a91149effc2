"""The HTTP library the OpenAI SDK brought, chosen in one place: httpx, or its successor httpx2
(openai 3.x), with the connection layer that goes with it. The fetch of web pages and the
bounded client under the SDK both build on it, so neither adds a second HTTP stack."""

from __future__ import annotations


def httpx():
    try:
        import httpx2 as found
    except ImportError:
        import httpx as found
    return found


def httpcore():
    try:
        import httpcore2 as found
    except ImportError:
        import httpcore as found
    return found
