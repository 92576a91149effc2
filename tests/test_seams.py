"""The README's "where to change what", each proven with a second implementation added the way it
says: an input kind (one line in `load.INPUT_KINDS`), an output format (one line in
`render.RENDERERS`), a provider (one line in `providers.PROVIDERS`; the test model is the second)
and a check (a module in `checks/` and its call in `support.py`: `citation` and `attribution`).
"""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

import pytest

from summarizer import ConfigError, Settings, providers, render, summarize
from summarizer import load as load_module
from summarizer.batch.runner import BatchOptions, run_batch
from summarizer.batch.sources import iter_items
from summarizer.checks import check
from summarizer.checks.grounding import ArticleIndex
from summarizer.drafts import DraftBrief
from summarizer.load import article_from_bytes, load_article
from summarizer.testing import TestModel
from tests.helpers import SEED


def test_an_input_kind_is_one_line_in_the_registry(tmp_path, monkeypatch):
    """A gzip-compressed article: claimed by its suffix, decompressed, then decoded like a file."""

    def from_gzip(source, *, max_bytes, **_):
        data = gzip.decompress(Path(source).read_bytes())
        return article_from_bytes(data, str(source), max_bytes=max_bytes)

    kinds = [(lambda source: str(source).endswith(".gz"), from_gzip), *load_module.INPUT_KINDS]
    monkeypatch.setattr(load_module, "INPUT_KINDS", kinds)
    packed = tmp_path / "article.txt.gz"
    packed.write_bytes(gzip.compress(SEED.read_bytes()))
    article = load_article(str(packed))
    assert article.text == SEED.read_text(encoding="utf-8") and article.source == str(packed)
    assert load_article(str(SEED)).text == article.text  # the other kinds are as they were


def test_an_output_format_is_one_line_in_the_registry(tmp_path, monkeypatch):
    """A plain-text format: the batch runner and the format parser read it from the registry."""

    def to_text(brief, text, **_):
        return "\n".join([brief.title, *(f"- {p.name}" for p in brief.participants)]) + "\n"

    monkeypatch.setitem(render.RENDERERS, "txt", to_text)
    assert render.parse_formats("json,txt") == ("json", "txt")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(SEED.read_text(encoding="utf-8"))
    opts = BatchOptions(out=tmp_path / "out", formats=("json", "txt"), quiet=True)
    tally = asyncio.run(run_batch(iter_items([str(tmp_path / "in" / "a.txt")]), 1, Settings(engine="extractive"), opts))
    assert tally.done == 1
    written = (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")
    assert written.startswith("Russia, China vow") and "- Sergey Lavrov" in written


_BUILT: list[Settings] = []


def _canned(settings: Settings) -> TestModel:
    """A provider's entry in the registry: what builds it from the settings."""
    _BUILT.append(settings)
    return TestModel(_CANNED_ANSWER[0])


_CANNED_ANSWER: list[dict] = []


def test_a_provider_is_one_line_in_the_registry(monkeypatch, seed_text, scripted_brief):
    """A provider registered by name is built from the settings and briefs through the engine."""
    monkeypatch.setitem(providers.PROVIDERS, "canned", f"{__name__}:_canned")
    monkeypatch.setattr(f"{__name__}._CANNED_ANSWER", [scripted_brief])
    _BUILT.clear()
    brief = summarize(seed_text, provider="canned", model="any-model")
    assert len(_BUILT) == 1 and _BUILT[0].model == "any-model" and _BUILT[0].provider == "canned"
    assert brief.meta.engine == "llm" and brief.meta.attempts == 1 and len(brief.cited_outlets) == 2
    with pytest.raises(ConfigError, match="unknown provider 'nope'"):
        providers.make_provider(Settings(provider="nope"))


@pytest.mark.parametrize(
    ("item", "why"),
    [
        # citation's finding, a refusal: an outlet the article does not name at its evidence
        ({"cited_outlets": [{"name": "TASS", "as_written": "TASS", "evidence": {"quote": "RIA Novosti reported"}}]},
         "the outlet's name does not occur in the article as a word"),
        # attribution's finding, a refusal: words the article gives to another speaker at the cue
        ({"positions": [{"holder": "Wang Yi", "stance": "The West seeks to impede China's development",
                         "evidence": {"quote": "Lavrov alleged that the West is seeking to impede China's"}}]},
         "the article attributes these words to Sergey Lavrov, not Wang Yi"),
    ],
    ids=["citation", "attribution"],
)  # fmt: skip
def test_each_check_module_turns_its_finding_into_a_verdict(seed_text, item, why):
    participants = [
        {"name": "Sergey Lavrov", "kind": "person", "evidence": {"quote": "Sergey Lavrov"}},
        {"name": "Wang Yi", "kind": "person", "evidence": {"quote": "Wang Yi"}},
    ]
    draft = DraftBrief.model_validate({"summary": "s", "participants": participants, **item})
    from summarizer.extractive import analyse
    from summarizer.load import article_from_text

    grounded = check(draft, ArticleIndex(seed_text), analyse(article_from_text(seed_text)))
    (problem,) = grounded.problems  # refused, and re-asked with what the check found
    assert problem.where == f"{next(iter(item))}[0]" and why in problem.why
