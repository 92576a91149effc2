"""The public contract: `Brief`, as `schemas/brief.schema.json` publishes it. What a model fills
is `drafts.py`; what the rules hand the model is `hints.py`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# 1.1: match kind "elided"; 1.2: meta.source for web pages; 1.3: a support verdict on every item
# (`support`, `support_note`), `meta.support` and `meta.language`; 1.4: `meta.brief_language`
SCHEMA_VERSION = "1.4"

Kind = Literal["person", "organization", "government", "country", "group"]
MatchKind = Literal["exact", "normalized", "elided", "fuzzy"]
EngineName = Literal["llm", "extractive"]
#: verified: a check confirmed that the span supports the item; unverified: the span exists, but
#: no check could confirm the support (the note says what). A refused item (the article
#: contradicts it) never reaches a brief: it is re-asked, then dropped with a warning.
Support = Literal["verified", "unverified"]


class Evidence(BaseModel):
    """A span of the article: `article[start:end] == quote` (quote is always article text)."""

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    match: MatchKind


class _Supported(BaseModel):
    """An item of the brief carries its verdict. An item no check has looked at is unverified."""

    support: Support = "unverified"
    #: What could not be confirmed (null when verified): the reader's reason to look for themselves.
    support_note: str | None = None


class Participant(_Supported):
    name: str
    kind: Kind
    role: str | None = None
    evidence: Evidence


class AgreedPoint(_Supported):
    point: str
    parties: list[str]
    evidence: Evidence


class Position(_Supported):
    holder: str
    stance: str
    quote: str | None = None
    evidence: Evidence


class CitedOutlet(_Supported):
    name: str
    as_written: str
    evidence: Evidence


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def add(self, other: Usage) -> None:
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.total_tokens += other.total_tokens


class Source(BaseModel):
    """Where a web page came from, as the page says (every field only when it has it)."""

    url: str | None = None
    title: str | None = None
    site_name: str | None = None
    published: str | None = None
    author: str | None = None
    language: str | None = None


class SupportSummary(BaseModel):
    """How far the brief's items could be checked against the article."""

    verified: int = 0
    unverified: int = 0
    #: Items the article contradicted that were still wrong when the budget ran out (dropped).
    refused: int = 0
    #: The checks that could run on this article, and those that could not (with why): checks
    #: that read English cue words do not run on an article in another language.
    checks_run: list[str] = Field(default_factory=list)
    checks_skipped: list[str] = Field(default_factory=list)


class Meta(BaseModel):
    engine: EngineName
    model: str | None = None
    prompt_version: str
    schema_version: str = SCHEMA_VERSION
    attempts: int = 0
    usage: Usage = Field(default_factory=Usage)
    elapsed_s: float = 0.0
    #: The page a URL or a saved web page came from; null for plain text.
    source: Source | None = None
    #: The article's language (BCP 47), detected or given; null when too short to tell.
    language: str | None = None
    #: The language the brief's own words are written in (BCP 47) when asked for one; null: the
    #: article's. Quotes and evidence are always the article's own text.
    brief_language: str | None = None
    support: SupportSummary = Field(default_factory=SupportSummary)


class Brief(BaseModel):
    """A one-page brief of one article; every evidence span is verified against the text."""

    model_config = ConfigDict(title="Brief")

    title: str
    summary: str
    participants: list[Participant] = Field(default_factory=list)
    agreed_points: list[AgreedPoint] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)
    cited_outlets: list[CitedOutlet] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    meta: Meta


def brief_json_schema() -> dict:
    """The JSON Schema of `Brief`, as checked in at `schemas/brief.schema.json`."""
    schema = Brief.model_json_schema()
    schema["$id"] = f"https://summarizer.invalid/schemas/brief-{SCHEMA_VERSION}.json"
    schema["x-schema-version"] = SCHEMA_VERSION
    return schema
