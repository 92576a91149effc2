"""The public contract (`Brief`) and the reduced schema the model fills (`Draft*`).

`Draft*` mirrors `Brief` field for field, except that evidence is only a quote: offsets and
match kinds are added by grounding, never trusted from the model.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "1.0"
SUMMARY_MAX_WORDS = 80

Kind = Literal["person", "organization", "government", "country", "group"]
MatchKind = Literal["exact", "normalized", "fuzzy"]
EngineName = Literal["llm", "extractive"]


class Evidence(BaseModel):
    """A span of the article: `article[start:end] == quote` (quote is always article text)."""

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    match: MatchKind


class Participant(BaseModel):
    name: str
    kind: Kind
    role: str | None = None
    evidence: Evidence


class AgreedPoint(BaseModel):
    point: str
    parties: list[str]
    evidence: Evidence


class Position(BaseModel):
    holder: str
    stance: str
    quote: str | None = None
    evidence: Evidence


class CitedOutlet(BaseModel):
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


class Meta(BaseModel):
    engine: EngineName
    model: str | None = None
    prompt_version: str
    schema_version: str = SCHEMA_VERSION
    attempts: int = 0
    usage: Usage = Field(default_factory=Usage)
    elapsed_s: float = 0.0


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


class DraftEvidence(BaseModel):
    quote: str = Field(description="A short span copied character for character from the article.")


class DraftParticipant(BaseModel):
    name: str = Field(description="Fullest form of the name used in the article.")
    kind: Kind
    role: str | None = Field(default=None, description="Role in this story, e.g. 'Russian Foreign Minister'.")
    evidence: DraftEvidence


class DraftAgreedPoint(BaseModel):
    point: str = Field(description="What was agreed, in one neutral sentence.")
    parties: list[str] = Field(description="Names of the participants who agreed; each must be a listed participant.")
    evidence: DraftEvidence


class DraftPosition(BaseModel):
    holder: str = Field(description="Name of a listed participant.")
    stance: str = Field(description="What the holder wants, opposes, claims or denies.")
    quote: str | None = Field(default=None, description="Their words copied verbatim from the article, or null.")
    evidence: DraftEvidence


class DraftCitedOutlet(BaseModel):
    name: str = Field(description="Canonical outlet name, e.g. 'Xinhua'.")
    as_written: str = Field(description="The outlet's name exactly as the article writes it.")
    evidence: DraftEvidence


class DraftOmission(BaseModel):
    item: str = Field(description="The outlet or person left out.")
    reason: str = Field(description="Why it does not belong in the brief.")


class DraftBrief(BaseModel):
    """Structured brief of a news article; every evidence quote is copied verbatim from it."""

    title: str = ""
    summary: str = Field(description=f"Neutral summary, at most {SUMMARY_MAX_WORDS} words.")
    participants: list[DraftParticipant] = Field(default_factory=list)
    agreed_points: list[DraftAgreedPoint] = Field(default_factory=list)
    positions: list[DraftPosition] = Field(default_factory=list)
    cited_outlets: list[DraftCitedOutlet] = Field(default_factory=list)
    omissions: list[DraftOmission] | None = Field(
        default=None, description="Only when asked: items deliberately left out, and why."
    )

    @field_validator("summary")
    @classmethod
    def _summary_length(cls, value: str) -> str:
        words = len(value.split())
        if words > SUMMARY_MAX_WORDS:
            raise ValueError(f"summary has {words} words; shorten it to at most {SUMMARY_MAX_WORDS}")
        return value.strip()


def brief_json_schema() -> dict:
    """The JSON Schema of `Brief`, as checked in at `schemas/brief.schema.json`."""
    schema = Brief.model_json_schema()
    schema["$id"] = f"https://summarizer.invalid/schemas/brief-{SCHEMA_VERSION}.json"
    schema["x-schema-version"] = SCHEMA_VERSION
    return schema
