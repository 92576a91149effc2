"""Typed errors. Each one carries fix-it text and maps to a documented exit code."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from .words import clip as clip  # re-exported: messages quote through it; it lives below the models

if TYPE_CHECKING:
    from .models import Usage


class SummarizerError(Exception):
    """Base class: `str(err)` is the one line the CLI prints after `Error: `."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(SummarizerError):
    """The article could not be read: missing, empty, binary, too large, undecodable."""

    exit_code = 3


class ConfigError(SummarizerError):
    """A setting is missing or contradictory (a developer's mistake, not a runtime fault)."""

    exit_code = 4


class OutputError(SummarizerError):
    """The brief could not be written where the user asked (exists, unwritable)."""

    exit_code = 5


class ModelError(SummarizerError):
    """The endpoint failed after transport retries, or rejected the request outright."""

    exit_code = 6

    def __init__(self, message: str, *, hint: str | None = None, usage: Usage | None = None, attempts: int = 0) -> None:
        super().__init__(message, hint=hint)
        from .models import Usage

        self.usage = usage or Usage()
        self.attempts = attempts


class ContextTooLong(ModelError):
    """The endpoint refused a request for being longer than its context window."""

    def __init__(self, message: str, *, limit_tokens: int | None, **kw) -> None:
        super().__init__(message, **kw)
        self.limit_tokens = limit_tokens


class BudgetExceeded(ModelError):
    """The call, token or time budget ran out before the model gave a usable brief."""

    exit_code = 7

    def __init__(
        self,
        message: str,
        *,
        usage: Usage | None = None,
        attempts: int = 0,
        last_error: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint, usage=usage, attempts=attempts)
        self.last_error = last_error

    def __str__(self) -> str:
        text = super().__str__()
        u = self.usage
        tail = f"; {self.attempts} model call(s), {u.total_tokens} tokens used"
        if self.last_error:
            tail += f"; last error: {self.last_error}"
        return text + tail


EXIT_INTERRUPTED = 130


def redact(text: str, secret: str | None) -> str:
    """Remove a secret from text meant for a log line, an error message or a brief: in clear, and
    base64-encoded as an HTTP Basic credential or an echoed header would carry it."""
    if secret and len(secret) >= 4:
        text = text.replace(secret, "***")
        for form in (secret, f":{secret}"):
            encoded = base64.b64encode(form.encode()).decode().rstrip("=")
            if len(encoded) >= 8:
                text = text.replace(encoded, "***")
    return text


def redact_error(exc: SummarizerError, secret: str | None) -> SummarizerError:
    """`exc` with the secret removed from its message, hint and last error, in place: the CLI
    prints them, a fallback brief quotes them and a batch writes them to results.jsonl."""
    if secret:
        exc.message = redact(exc.message, secret)
        exc.hint = exc.hint and redact(exc.hint, secret)
        if getattr(exc, "last_error", None):
            exc.last_error = redact(exc.last_error, secret)
        exc.args = (exc.message,)
    return exc
