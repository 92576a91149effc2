"""What the model fills: the reduced schema of a brief (`DraftBrief`), and the caps on what a
model may send.

`Draft*` mirrors `models.Brief` field for field, except that evidence is only a quote: offsets
and match kinds are added by grounding, never trusted from the model.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from .models import Kind
from .words import clip

SUMMARY_MAX_WORDS = 80
# Caps on what a model may send (a hostile or broken endpoint can send a 50 MB title or 5,000
# items). They are checked by a validator, not declared in the JSON Schema, so the schema the
# model sees (and the recorded cassettes) stay as they are; a breach is re-asked like any error.
MAX_NAME_CHARS = 300  # names, roles, outlet names, the title
MAX_TEXT_CHARS = 2_000  # stances, points, quotes, the summary
MAX_ITEMS = 200  # per list

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


class _Capped(BaseModel):
    """The caps on a raw answer, checked before its fields are read (no field of its own, so a
    schema built on it is unchanged)."""

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


class DraftBrief(_Capped):
    """The article's brief."""

    model_config = ConfigDict(json_schema_extra=_untitled_fields)

    title: str = ""
    summary: str
    participants: list[DraftParticipant] = Field(default_factory=list)
    agreed_points: list[DraftAgreedPoint] = Field(default_factory=list)
    positions: list[DraftPosition] = Field(default_factory=list)
    cited_outlets: list[DraftCitedOutlet] = Field(default_factory=list)
    # Not in the first request's schema: only the completeness re-ask asks for it, and its
    # schema (llm.reask.ExplainingPatch) shows it; an answer that has it anyway is still read.
    omissions: Annotated[list[DraftOmission] | None, SkipJsonSchema()] = None

    @field_validator("summary")
    @classmethod
    def _summary_length(cls, value: str | None) -> str | None:
        if value is None:  # (a patch need not rewrite the summary)
            return None
        words = len(value.split())
        if words > SUMMARY_MAX_WORDS:
            raise ValueError(f"summary has {words} words; shorten it to at most {SUMMARY_MAX_WORDS}")
        return value.strip()


class DraftPatch(DraftBrief):
    """Items to merge into a brief already made: the corrections of its refused items, or what
    it left out. A re-ask asks for this instead of the whole brief again (issue 20): the model
    is sent the items at stake, not its whole draft, and writes only those. The lists are the
    brief's own; the title is not asked for, and the summary only when it was refused."""

    title: Annotated[str, SkipJsonSchema()] = ""
    summary: str | None = Field(default=None, description="Only when the summary is asked for.")


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
