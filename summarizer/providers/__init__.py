"""Model providers: what the llm engine asks a model through (`base.Provider`).

Add one: write a module with a class that does `request`, `complete`, `reask` and `aclose`, and
add one line to `PROVIDERS` naming what builds it from the settings. `Settings.provider`
(`--provider`, `SUMMARIZER_PROVIDER`) picks it by name; `summarize(..., provider=obj)` takes an
instance instead.
"""

from __future__ import annotations

import importlib

from ..errors import ConfigError
from ..settings import Settings
from .base import Provider, Reply, Request, Transient
from .transport import RateGate, Transport

__all__ = ["PROVIDERS", "Provider", "RateGate", "Reply", "Request", "Transient", "Transport", "make_provider"]

#: name -> "module:class", imported only when chosen (the OpenAI SDK costs ~0.3 s to import)
PROVIDERS = {
    "openai": "summarizer.providers.openai:OpenAIProvider",  # any OpenAI-compatible endpoint
    "test": "summarizer.testing.model:from_settings",  # in-process and SCRIPTED: answers you give it
}


def make_provider(settings: Settings) -> Provider:
    """The provider `settings.provider` names."""
    where = PROVIDERS.get(settings.provider)
    if where is None:
        known = ", ".join(sorted(PROVIDERS))
        raise ConfigError(f"unknown provider {settings.provider!r}", hint=f"use one of: {known}")
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)(settings)
