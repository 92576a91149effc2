"""The public contract (`Brief`) and the reduced schema the model fills (`Draft*`).

`Draft*` mirrors `Brief` field for field, except that evidence is only a quote: offsets and
match kinds are added by grounding, never trusted from the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from .words import clip

# 1.1: match kind "elided"; 1.2: meta.source for web pages; 1.3: a support verdict on every item
# (`support`, `support_note`), `meta.support` and `meta.language`; 1.4: `meta.brief_language`
SCHEMA_VERSION = "1.4"
SUMMARY_MAX_WORDS = 80

# Caps on what a model may send (a hostile or broken endpoint can send a 50 MB title or 5,000
# items). They are checked by a validator, not declared in the JSON Schema, so the schema the
# model sees (and the recorded cassettes) stay as they are; a breach is re-asked like any error.
MAX_NAME_CHARS = 300  # names, roles, outlet names, the title
MAX_TEXT_CHARS = 2_000  # stances, points, quotes, the summary
MAX_ITEMS = 200  # per list

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


# --- what the model fills -------------------------------------------------------------------
# The tool schema is sent with every request, so it says only what the system prompt does not:
# each rule is written once (prompts/system.j2 holds the field rules), and pydantic's "title"
# keys, which repeat every field's name, are left out (the top-level one names the tool), as
# are empty defaults, which "required" already implies.


def _untitled_fields(schema: dict, model: type) -> None:
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)
        if prop.get("default", 0) in (None, ""):
            del prop["default"]


def _untitled(schema: dict, model: type) -> None:
    _untitled_fields(schema, model)
    schema.pop("title", None)  # a nested model's schema sits in $defs, under its name already


_NESTED = ConfigDict(json_schema_extra=_untitled)


class DraftEvidence(BaseModel):
    model_config = _NESTED
    quote: str


class DraftParticipant(BaseModel):
    model_config = _NESTED
    name: str
    kind: Kind
    role: str | None = Field(default=None, description="Role in this story, e.g. 'Russian Foreign Minister'.")
    evidence: DraftEvidence


class DraftAgreedPoint(BaseModel):
    model_config = _NESTED
    point: str = Field(description="What was agreed, in one neutral sentence.")
    parties: list[str]
    evidence: DraftEvidence


class DraftPosition(BaseModel):
    model_config = _NESTED
    holder: str
    stance: str = Field(description="The stance itself, with its verb and any negation.")
    quote: str | None = None
    evidence: DraftEvidence


class DraftCitedOutlet(BaseModel):
    model_config = _NESTED
    name: str
    as_written: str
    evidence: DraftEvidence


class DraftOmission(BaseModel):
    model_config = _NESTED
    item: str = Field(description="The outlet or person left out.")
    reason: str = Field(description="Why it does not belong in the brief.")


class DraftBrief(BaseModel):
    """The article's brief."""

    model_config = ConfigDict(json_schema_extra=_untitled_fields)

    title: str = ""
    summary: str
    participants: list[DraftParticipant] = Field(default_factory=list)
    agreed_points: list[DraftAgreedPoint] = Field(default_factory=list)
    positions: list[DraftPosition] = Field(default_factory=list)
    cited_outlets: list[DraftCitedOutlet] = Field(default_factory=list)
    # Not in the first request's schema: only the completeness re-ask asks for it, and its
    # schema (llm.reask.ExplainingBrief) shows it; an answer that has it anyway is still read.
    omissions: Annotated[list[DraftOmission] | None, SkipJsonSchema()] = None

    @model_validator(mode="before")
    @classmethod
    def _within_caps(cls, data):
        if isinstance(data, dict):
            problems = list(_cap_problems(data))
            if problems:
                shown = "; ".join(problems[:MAX_CAP_PROBLEMS])
                more = f" (+{len(problems) - MAX_CAP_PROBLEMS} more)" if len(problems) > MAX_CAP_PROBLEMS else ""
                raise ValueError(f"answer too large: {shown}{more}")
        return data

    @field_validator("summary")
    @classmethod
    def _summary_length(cls, value: str) -> str:
        words = len(value.split())
        if words > SUMMARY_MAX_WORDS:
            raise ValueError(f"summary has {words} words; shorten it to at most {SUMMARY_MAX_WORDS}")
        return value.strip()


MAX_CAP_PROBLEMS = 5
_SHORT_FIELDS = {"name", "role", "as_written", "holder", "title", "item"}


def _cap_problems(data: dict, where: str = ""):
    """Every field or list of a raw answer over its cap, as 'path: what' lines."""
    for key, value in data.items():
        name = clip(str(key), 40)  # a key the model made up can be a megabyte long
        path = f"{where}.{name}" if where else name
        if isinstance(value, str):
            cap = MAX_NAME_CHARS if key in _SHORT_FIELDS else MAX_TEXT_CHARS
            if len(value) > cap:
                yield f"{path} has {len(value):,} characters (at most {cap:,})"
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                yield f"{path} has {len(value):,} items (at most {MAX_ITEMS})"
            for i, item in enumerate(value[:MAX_ITEMS]):
                if isinstance(item, dict):
                    yield from _cap_problems(item, f"{path}[{i}]")
                elif isinstance(item, str) and len(item) > MAX_NAME_CHARS:
                    yield f"{path}[{i}] has {len(item):,} characters (at most {MAX_NAME_CHARS:,})"
        elif isinstance(value, dict):
            yield from _cap_problems(value, path)


@dataclass(frozen=True)
class Hint:
    """One thing the extractive analysis found: a name and the span of the article that shows it."""

    name: str
    quote: str
    #: The rules are sure of it: worth a paid completeness re-ask when the model leaves it out.
    #: Every hint is offered in the prompt; only sure ones are asked about again.
    sure: bool = True

    def __str__(self) -> str:
        return self.name


@dataclass
class Hints:
    """What the extractive analysis found, offered to the model as things to check."""

    outlets: list[Hint] = field(default_factory=list)
    speakers: list[Hint] = field(default_factory=list)


def brief_json_schema() -> dict:
    """The JSON Schema of `Brief`, as checked in at `schemas/brief.schema.json`."""
    schema = Brief.model_json_schema()
    schema["$id"] = f"https://summarizer.invalid/schemas/brief-{SCHEMA_VERSION}.json"
    schema["x-schema-version"] = SCHEMA_VERSION
    return schema
