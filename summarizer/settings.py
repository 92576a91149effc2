"""Settings from keyword arguments, then the environment (pydantic-settings)."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource, SettingsConfigDict

from .budget import Budget
from .errors import ConfigError, clip
from .reading import DEFAULT_MAX_BYTES

DEFAULT_MODEL = "gpt-4o-mini"
#: The smallest --context-window accepted: the prompt with its schema (about 950 tokens in
#: tools mode, 1,550 in json modes), an answer (1,500) and a useful part of the article fit in
#: it in every mode (tests/test_long_articles.py briefs an article at exactly this window).
MIN_CONTEXT_WINDOW = 4_000


class _BlankIsUnset(EnvSettingsSource):
    """The environment without its blank variables. `env_ignore_empty` drops only "", and a
    field reads the first of its aliases that is present, so SUMMARIZER_API_KEY=' ' would hide a
    real OPENAI_API_KEY behind a blank one (and then be no key at all)."""

    def _load_env_vars(self):
        return {k: v for k, v in super()._load_env_vars().items() if v is None or v.strip()}


class Settings(BaseSettings):
    """Every knob in one place; the CLI and `summarize()` both build one of these."""

    # An empty variable (OPENAI_API_KEY=) is unset, not a key of "" that selects the llm engine.
    model_config = SettingsConfigDict(
        env_prefix="SUMMARIZER_", extra="ignore", populate_by_name=True, env_ignore_empty=True
    )

    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("api_key", "SUMMARIZER_API_KEY", "OPENAI_API_KEY")
    )
    base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("base_url", "SUMMARIZER_BASE_URL", "OPENAI_BASE_URL")
    )
    model: str = Field(default=DEFAULT_MODEL, validation_alias=AliasChoices("model", "SUMMARIZER_MODEL"))
    engine: Literal["auto", "llm", "extractive"] = "auto"
    #: Who answers for the llm engine: a name in `summarizer.providers.PROVIDERS` ("openai": any
    #: OpenAI-compatible endpoint; "test": the in-process SCRIPTED test model).
    provider: str = "openai"
    #: How the model is asked for structure: forced tool call, JSON mode, or JSON in a Markdown block.
    mode: Literal["tools", "json", "md_json"] = "tools"
    # the budget's defaults are declared once, on `Budget`
    max_calls: int = Field(default=Budget.max_calls, ge=1)
    max_tokens: int | None = Field(default=Budget.max_tokens, ge=1)
    deadline_s: float = Field(default=Budget.deadline_s, gt=0)
    transport_retries: int = Field(default=Budget.transport_retries, ge=0)
    request_timeout_s: float = Field(default=60.0, gt=0)
    #: The most tokens the model may write in one answer (sent as `max_tokens`); unset: the
    #: server's own limit. An answer cut off there is asked afresh, within the budget.
    max_answer_tokens: int | None = Field(default=None, gt=0)
    retry_after_cap_s: float = Field(default=30.0, ge=0)
    max_bytes: int = Field(default=DEFAULT_MAX_BYTES, gt=0)
    #: The model's context window in tokens: a longer article is briefed in parts that fit.
    #: Unset means "send the whole article" (a server that refuses it is recovered from).
    context_window: int | None = Field(default=None, gt=0)
    #: Keep only the items a check verified (precision before recall); unverified ones are left out.
    verified_only: bool = False
    #: Fetch feed URLs and redirect targets that resolve to loopback or private addresses.
    allow_private_urls: bool = False
    #: The article's language (BCP 47), when the detector should not decide it.
    article_language: str | None = None
    #: The language the brief's own words are written in (BCP 47); unset: the article's.
    brief_language: str | None = None
    #: The spaCy pipeline the extractive analysis reads English with (any installed one, such as
    #: en_core_web_trf); unset: en_core_web_sm 3.8.0 as installed.
    spacy_pipeline: str | None = None

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, _BlankIsUnset(settings_cls), dotenv_settings, file_secret_settings

    @field_validator("api_key", "base_url", mode="before")
    @classmethod
    def _empty_is_unset(cls, value):
        if isinstance(value, str) and not value.strip():
            return None  # "--api-key ''" or api_key="" mean no key, as an empty variable does
        return value

    @field_validator("context_window")
    @classmethod
    def _window_fits_the_prompt(cls, value: int | None) -> int | None:
        if value is not None and value < MIN_CONTEXT_WINDOW:
            raise ValueError(
                f"a {value:,}-token window cannot hold the prompt and an answer (about 3,600 tokens in json "
                f"mode); the least is {MIN_CONTEXT_WINDOW:,}"
            )
        return value

    @field_validator("base_url")
    @classmethod
    def _no_credentials_in_url(cls, value: str | None) -> str | None:
        # user:pass@ in the URL would be logged with every request, echoed by servers, and sent
        # as Basic auth in place of the key; the message never repeats them.
        if not value:
            return value
        parts = urlsplit(value.strip())
        if "@" in parts.netloc:
            raise ValueError(
                "the base URL carries credentials (user:password@); remove them and pass the key with "
                "--api-key or OPENAI_API_KEY"
            )
        # a malformed URL is a setting to fix, not a transport fault to retry for seconds
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise ValueError(
                f"the base URL must be http:// or https:// with a host, like http://127.0.0.1:8080/v1 "
                f"(got {clip(value, 80)!r})"
            )
        try:
            port = parts.port  # urlsplit checks the port only when asked for it
        except ValueError:
            port = 0
        if port == 0:
            raise ValueError(f"the base URL's port is not a number from 1 to 65535 (got {clip(value, 80)!r})")
        return value.strip()

    @property
    def endpoint_configured(self) -> bool:
        return self.api_key is not None or self.base_url is not None

    @property
    def resolved_engine(self) -> Literal["llm", "extractive"]:
        if self.engine != "auto":
            return self.engine
        return "llm" if self.endpoint_configured or self.provider != "openai" else "extractive"

    def budget(self) -> Budget:
        return Budget(
            max_calls=self.max_calls,
            max_tokens=self.max_tokens,
            deadline_s=self.deadline_s,
            transport_retries=self.transport_retries,
        )


def build_settings(settings: Settings | Mapping | None = None, **overrides) -> Settings:
    """Keyword arguments win over `settings`, which wins over the environment. `settings` may be a
    `Settings` or a mapping of its fields (validated the same way)."""
    given = {k: v for k, v in overrides.items() if v is not None}
    if isinstance(settings, Mapping):
        settings, given = None, {**settings, **given}
    elif settings is not None and not isinstance(settings, Settings):
        raise ConfigError(
            f"settings must be a Settings or a dict, not {type(settings).__name__}",
            hint="pass settings=Settings(max_calls=2) or settings={'max_calls': 2}",
        )
    try:
        if settings is None:
            return _from_environment(given)
        # only what was set: a default must stay a default (max_calls rises for a long article
        # only when nobody chose it)
        return Settings(**{**settings.model_dump(include=settings.model_fields_set), **given}) if given else settings
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid setting ({problems})") from None


# Settings() reads and validates the environment: about 0.8 ms, paid by every summarize() call.
# The same arguments with the same environment give the same settings, so the last few are kept,
# keyed by the arguments and by every variable Settings can read (any change misses).
_RECENT: OrderedDict[tuple, Settings] = OrderedDict()
_RECENT_MAX = 16
_RECENT_LOCK = threading.Lock()
_READ_ALSO = frozenset({"OPENAI_API_KEY", "OPENAI_BASE_URL"})


def _environment() -> tuple:
    prefix = Settings.model_config["env_prefix"]
    return tuple(
        sorted((k, v) for k, v in os.environ.items() if k.upper().startswith(prefix) or k.upper() in _READ_ALSO)
    )


def _from_environment(given: dict) -> Settings:
    try:
        plain = tuple(sorted((k, v.get_secret_value() if isinstance(v, SecretStr) else v) for k, v in given.items()))
        key = (plain, _environment())
        hash(key)
    except TypeError:  # an unhashable argument (a dict of budget fields): not kept
        return Settings(**given)
    with _RECENT_LOCK:
        found = _RECENT.get(key)
        if found is not None:
            _RECENT.move_to_end(key)
            return found
    made = Settings(**given)
    with _RECENT_LOCK:
        _RECENT[key] = made
        if len(_RECENT) > _RECENT_MAX:
            _RECENT.popitem(last=False)
    return made
