"""The CLI's shared parts: logging that never shows the key, and the model options every
command that calls a model takes, declared once (Settings field, flag, type, help)."""

from __future__ import annotations

import functools
import inspect
import sys
from enum import Enum
from typing import Annotated

import typer

from .errors import redact


class Redact:
    """A logging filter (any object with `filter` is one) that takes the key out of each line."""

    def __init__(self, secret: str | None) -> None:
        self.secret = secret

    def filter(self, record) -> bool:
        if self.secret:
            record.msg = redact(record.getMessage(), self.secret)
            record.args = ()
        return True


def setup_logging(verbose: int, secret: str | None) -> None:
    import logging  # here: --help configures no logging and should not import it

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(Redact(secret))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    # -v shows our own progress and retries; -vv adds the HTTP and SDK libraries.
    root.setLevel(logging.DEBUG if verbose >= 2 else logging.WARNING)
    logging.getLogger("summarizer").setLevel(
        logging.DEBUG if verbose >= 2 else logging.INFO if verbose else logging.WARNING
    )
    if verbose < 2:
        for noisy in ("instructor", "httpx", "httpx2", "openai", "httpcore", "trafilatura", "htmldate", "courlan"):
            logging.getLogger(noisy).setLevel(logging.CRITICAL)


VerboseOpt = Annotated[
    int, typer.Option("--verbose", "-v", count=True, show_default=False, help="-v progress, -vv HTTP details.")
]

# The options shared by the commands that call a model, declared once: Settings field, CLI
# name, type and help. `model_options` adds them to a command's signature.
_MODEL_OPTIONS: tuple[tuple[str, str, type, str], ...] = (
    ("engine", "engine", ("auto", "llm", "extractive"), "auto (default): llm when an endpoint is set."),
    ("provider", "provider", str, "Who answers: openai (default; any OpenAI-compatible endpoint), or test."),
    ("model", "model", str, "Model name (env SUMMARIZER_MODEL)."),
    ("base_url", "base_url", str, "OpenAI-compatible base URL (env OPENAI_BASE_URL or SUMMARIZER_BASE_URL)."),
    ("api_key", "api_key", str, "API key (env OPENAI_API_KEY or SUMMARIZER_API_KEY)."),
    ("mode", "mode", ("tools", "json", "md_json"), "How structure is asked for: tools (default), json, md_json."),
    ("max_calls", "max_calls", int, "Most model calls per article, re-asks included."),
    ("max_tokens", "max_tokens", int, "Most tokens per article over all calls."),
    ("deadline_s", "deadline", float, "Wall-clock limit per article, in seconds."),
    ("transport_retries", "transport_retries", int, "Retries per call after 429/5xx/timeouts."),
    ("max_bytes", "max_bytes", int, "Refuse larger inputs."),
    ("context_window", "context_window", int, "The model's context window in tokens: longer articles go in parts."),
    ("verified_only", "verified_only", bool, "Keep only the items a check verified (leave unverified ones out)."),
    ("article_language", "article_language", str, "The article's language (BCP 47, e.g. pl), not the detected one."),
    ("brief_language", "brief_language", str, "Write the brief in this language (BCP 47, e.g. en); quotes stay."),
    ("spacy_pipeline", "spacy_pipeline", str, "The spaCy pipeline the extractive analysis reads English with."),
    ("allow_private_urls", "allow_private_urls", bool, "Let feed URLs and redirects reach private addresses."),
)


def model_options(command):
    """Give `command` the shared model options; it receives them as `settings` (validated, with
    logging set up for them) in place of ten parameters of its own."""
    signature = inspect.signature(command, eval_str=True)  # real types: typer reads them
    own = [p for p in signature.parameters.values() if p.name != "settings"]
    shared = [
        inspect.Parameter(
            cli_name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=_option(cli_name, kind, text)
        )
        for _, cli_name, kind, text in _MODEL_OPTIONS
    ]

    @functools.wraps(command)
    def wrapper(**params):
        from .settings import build_settings

        values = {field: params.pop(cli_name) for field, cli_name, _, _ in _MODEL_OPTIONS}
        values = {k: v.value if isinstance(v, Enum) else v for k, v in values.items()}
        settings = build_settings(None, **values)
        setup_logging(params.get("verbose", 0), settings.api_key.get_secret_value() if settings.api_key else None)
        return command(**params, settings=settings)

    wrapper.__signature__ = signature.replace(parameters=[*own, *shared])
    return wrapper


def _option(cli_name: str, kind, text: str):
    """The typer annotation of one shared option: a flag for a bool (no value to type), a
    choice for a tuple of values (a bad one is a usage error, exit 2, before any work)."""
    flag = "--" + cli_name.replace("_", "-")
    if kind is bool:
        return Annotated[bool | None, typer.Option(flag, help=text, show_default=False)]
    if isinstance(kind, tuple):
        choice = Enum(cli_name.title(), {value: value for value in kind}, type=str)
        return Annotated[choice | None, typer.Option(flag, help=text)]
    return Annotated[kind | None, typer.Option(flag, help=text)]
