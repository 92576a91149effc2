"""Stage 3: render the prompt from the Jinja2 templates under `prompts/`."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from ..drafts import SUMMARY_MAX_WORDS, DraftBrief, DraftOmission, DraftPatch
from ..hints import Hint, Hints

TEMPLATES = ("system.j2", "user.j2", "completeness.j2", "repair.j2")


def _prompts_dir() -> Path:
    # In a wheel the templates are packaged as summarizer/prompts; in a checkout they live
    # at the repository root, which is where contributors edit them.
    packaged = Path(str(resources.files("summarizer"))) / "prompts"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "prompts"


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_prompts_dir()),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


@cache
def prompt_version() -> str:
    """A short hash of the templates' content and of the answer's schema (the tool definition
    is part of every request too): it changes whenever either does."""
    digest = hashlib.sha256()
    for name in TEMPLATES:
        digest.update(name.encode())
        digest.update((_prompts_dir() / name).read_bytes())
    for model in (DraftBrief, DraftOmission, DraftPatch):
        digest.update(json.dumps(model.model_json_schema(), sort_keys=True).encode())
    return digest.hexdigest()[:12]


def fence_for(article: str) -> str:
    # The fence depends on the article's own hash, so text inside it cannot predict and
    # close it; the loop covers the (theoretical) case of the article containing it.
    salt = 0
    while True:
        fence = "ARTICLE_" + hashlib.sha256(f"{salt}:{article}".encode()).hexdigest()[:16].upper()
        if fence not in article:
            return fence
        salt += 1


def render_messages(
    article: str, hints: Hints | None = None, languages: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """The chat messages for one article: system rules, then the fenced article. `languages`
    ({"article": "Russian", "brief": "English"}) when the brief is written in another language
    than the article's; otherwise the prompt says nothing of languages."""
    hints = hints or Hints()
    system = _env().get_template("system.j2").render(max_words=SUMMARY_MAX_WORDS)
    user = (
        _env()
        .get_template("user.j2")
        .render(article=article, hints=hints, fence=fence_for(article), languages=languages)
    )
    return [{"role": "system", "content": system.strip()}, {"role": "user", "content": user.strip()}]


def render_completeness(outlets: list[Hint], speakers: list[Hint], participants: list[str] = ()) -> str:
    """The one targeted re-ask for items the extractive pass found and the model left out;
    `participants`, the brief's own, which a new position may name as its holder."""
    template = _env().get_template("completeness.j2")
    return template.render(outlets=outlets, speakers=speakers, participants=participants).strip()


def render_repair(items: list[dict], *, more: int, participants: list[str], summary: bool) -> str:
    """The re-ask for refused items: `items` are {where, json, why}; `summary` when it is one."""
    template = _env().get_template("repair.j2")
    return template.render(items=items, more=more, participants=participants, summary=summary).strip()
