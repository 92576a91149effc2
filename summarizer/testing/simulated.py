"""A SIMULATED model for measuring the support checks (no model is called).

Answers are written from gold labels in the format of `../shared/devset/GOLD_SPEC.md`:

- a **perfect** answer: every gold item, names in the article's own forms;
- a **typical** answer: the perfect one written the way real models write it (a title or "Mr."
  before a surname, a surname alone, a leading "the", a quote elided with "...") plus the errors
  real models make, each labelled wrong: a real quote credited to another participant, a stance
  made up around a real sentence, an agreement backed by an unrelated sentence, a wire service
  the article never cites, a quote that is not in the article, a holder the article never names.

`measure` runs `check()` (the code the llm engine re-asks on) and counts, per answer kind: right
items refused (the expensive error), wrong items shown as verified, right items verified, and the
calls the engine would make: the first answer; when anything is refused, one re-ask (the typical
model then fixes what was named) or, for a model that repeats its answer, re-asks until the
budget ends; and the completeness re-ask when the hints are sure of something the brief lacks.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import check
from ..checks.grounding import ArticleIndex
from ..drafts import DraftBrief
from ..extractive import analyse, hints_for
from ..extractive.lexicon import TITLES
from ..extractive.sentences import sentence_spans
from ..llm.completeness import missing
from ..load import article_from_text
from ..words import content_words

MAX_CALLS = 3
#: How often a typical answer makes each kind of error. Real models make some, not all, of them
#: in one answer; the rate sets the calls a simulated article costs, not the share of errors caught.
ERROR_RATE = 0.3
WIRES = ("Reuters", "AP", "AFP", "Bloomberg")
SECTIONS = ("participants", "agreed_points", "positions", "cited_outlets")


def _first(text: str, forms: list[str]) -> str | None:
    for form in forms:
        if form and re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            return form
    return None


def _sentence_with(text: str, forms: list[str], words: set[str]) -> str | None:
    """The sentence a careful model cites for a paraphrased stance: the one sharing most words
    with the stance, preferring one that names the holder (as a reader would point to it)."""
    best, score = None, 0.0
    for a, b in sentence_spans(text):
        sentence = text[a:b]
        shared = len(words & set(content_words(sentence)))
        points = shared + (1.5 if any(f and f in sentence for f in forms) else 0)
        if points > score:
            best, score = sentence, points
    return best


@dataclass
class Labelled:
    """An answer, and for each of its agreed points, positions and outlets whether it is right."""

    answer: dict
    right: dict[tuple[str, int], bool] = field(default_factory=dict)


def perfect_answer(gold: dict, text: str) -> Labelled:
    """Every gold item as a model that gets them all right would write it."""
    return _answers(gold, text, None)[0]


def typical_answer(gold: dict, text: str, rng: random.Random) -> Labelled:
    """The gold items as real models write them, plus the errors they make (labelled wrong)."""
    return _answers(gold, text, rng)[1]


def _answers(gold: dict, text: str, rng: random.Random | None) -> tuple[Labelled, Labelled]:
    by_name = {p["name"]: p for p in gold["participants"]}

    def forms(name: str) -> list[str]:
        p = by_name.get(name, {"name": name, "aliases": []})
        return [p["name"], *p.get("aliases", [])]

    def variant(name: str) -> str:
        """How a model writes a name: as listed, or a reader's variant of it."""
        p = by_name.get(name)
        if rng is None or not p or rng.random() < 0.5:
            return name
        words = [w for w in name.split() if w.rstrip(".").casefold() not in ("jr", "sr", "ii", "iii")]
        if p.get("kind") == "person" and len(words) > 1:
            role = (p.get("role") or "").split()
            title = role[0] if role and role[0].casefold() in TITLES else "Mr."
            return rng.choice([words[-1], f"Mr. {words[-1]}", f"{title} {words[-1]}"])
        return rng.choice([f"the {name}", name])

    parts = []
    for p in gold["participants"]:
        found = _first(text, forms(p["name"]))
        if found:
            parts.append(
                {
                    "name": p["name"],
                    "kind": p.get("kind", "person"),
                    "role": p.get("role"),
                    "evidence": {"quote": found},
                }
            )
    listed = [p["name"] for p in parts]
    answer: dict[str, list] = {"participants": parts, "positions": [], "agreed_points": [], "cited_outlets": []}
    right: dict[tuple[str, int], bool] = {}

    def add(section: str, item: dict, is_right: bool) -> None:
        answer[section].append(item)
        right[(section, len(answer[section]) - 1)] = is_right

    for g in gold["positions"]:
        if g["holder"] not in listed:
            continue
        quote = g.get("quote")
        if quote:
            evidence = quote
            words = quote.split()
            if rng is not None and len(words) >= 10 and rng.random() < 0.3:  # elided: the middle dropped
                quote = evidence = " ".join(words[:4]) + " ... " + " ".join(words[-4:])
        else:
            evidence = _sentence_with(text, forms(g["holder"]), set(content_words(g["stance"])))
            if evidence is None:
                continue
        add(
            "positions",
            {"holder": variant(g["holder"]), "stance": g["stance"], "quote": quote, "evidence": {"quote": evidence}},
            True,
        )
    for g in gold["agreed_points"]:
        if all(x in listed for x in g["parties"]):
            item = {
                "point": g["point"],
                "parties": [variant(x) for x in g["parties"]],
                "evidence": {"quote": g["evidence"]},
            }
            add("agreed_points", item, True)
    for g in gold["cited_outlets"]:
        written = _first(text, [g["name"], *g.get("aliases", [])]) or g["name"]
        add("cited_outlets", {"name": g["name"], "as_written": written, "evidence": {"quote": g["evidence"]}}, True)
    perfect = Labelled(json.loads(json.dumps(answer)), dict(right))
    if rng is None:
        return perfect, perfect
    _add_errors(gold, text, rng, listed, by_name, add)
    return perfect, Labelled(answer, right)


def _add_errors(gold, text, rng, listed, by_name, add) -> None:
    """The errors real models make: each kind an article allows, at `ERROR_RATE`."""

    def sometimes(section: str, item: dict, is_right: bool) -> None:
        if rng.random() < ERROR_RATE:
            add(section, item, is_right)

    quoted = [g for g in gold["positions"] if g.get("quote") and g["holder"] in listed]
    spans = list(sentence_spans(text))

    def people(holder: str) -> list[str]:
        return [n for n in listed if n != holder and by_name.get(n, {}).get("kind") == "person"]

    if quoted and len(listed) > 1:
        g = rng.choice(quoted)
        others = people(g["holder"]) or [n for n in listed if n != g["holder"]]
        if others:
            wrong = {"holder": rng.choice(others), "stance": g["stance"], "quote": g["quote"]}
            sometimes("positions", {**wrong, "evidence": {"quote": g["quote"]}}, False)
    if listed and spans:
        a, b = rng.choice(spans[1:] or spans)
        made_up = {"holder": rng.choice(listed), "stance": "wants the government to ban all foreign imports at once"}
        sometimes("positions", {**made_up, "quote": None, "evidence": {"quote": text[a:b]}}, False)
        invented = "we will never accept these terms under any circumstances"
        sometimes(
            "positions",
            {
                "holder": rng.choice(listed),
                "stance": "rejects the terms",
                "quote": invented,
                "evidence": {"quote": invented},
            },
            False,
        )
        a, b = rng.choice(spans)
        sometimes(
            "positions",
            {"holder": "Johnathan Q. Fairweather", "stance": "supports the plan", "evidence": {"quote": text[a:b]}},
            False,
        )
    if len(listed) > 1 and spans:
        a, b = rng.choice(spans[1:] or spans)
        fake = {"point": "They agreed to cooperate closely", "parties": rng.sample(listed, 2)}
        sometimes("agreed_points", {**fake, "evidence": {"quote": text[a:b]}}, False)
    wire = next((w for w in WIRES if not re.search(rf"(?<!\w){w}(?!\w)", text)), None)
    if wire and spans:
        a, b = spans[min(1, len(spans) - 1)]
        sometimes("cited_outlets", {"name": wire, "as_written": wire, "evidence": {"quote": text[a:b]}}, False)


@dataclass
class Tally:
    """The figures for one kind of answer over a set of articles."""

    articles: int = 0
    calls: int = 0
    right: int = 0
    right_refused: int = 0
    right_verified: int = 0
    wrong: int = 0
    wrong_verified: int = 0
    wrong_refused: int = 0
    refusals: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self) -> str:
        pct = lambda n, d: f"{n}/{d} = {n / d:.1%}" if d else "n/a"  # noqa: E731
        precision = 1 - self.right_refused / self.refusals if self.refusals else 1.0
        return (
            f"right refused {pct(self.right_refused, self.right)}; right verified "
            f"{pct(self.right_verified, self.right)}; wrong verified {pct(self.wrong_verified, self.wrong)}; "
            f"wrong refused {pct(self.wrong_refused, self.wrong)}; refusal precision {precision:.2f}; "
            f"calls/article {self.calls / max(self.articles, 1):.2f}"
        )


def score(labelled: Labelled, text: str, *, repeats: bool) -> Tally:
    """Check one answer and count its verdicts and the calls it costs. `repeats`: the model sends
    the same answer when re-asked (a replay), so a refusal costs every call the budget has left."""
    article = article_from_text(text)
    index, analysis = ArticleIndex(article.text), analyse(article)
    draft = DraftBrief.model_validate({"title": "", "summary": "", **labelled.answer})
    grounded = check(draft, index, analysis)
    refused = {p.where for p in grounded.problems}
    kept = {section: iter(getattr(grounded, section)) for section in SECTIONS}
    tally = Tally(articles=1, refusals=len([w for w in refused if not w.startswith(("participants", "summary"))]))
    for section in ("agreed_points", "positions", "cited_outlets"):
        for i, _ in enumerate(labelled.answer.get(section, [])):
            is_right = labelled.right.get((section, i), True)
            refused_here = f"{section}[{i}]" in refused
            verified = not refused_here and next(kept[section]).support == "verified"
            if is_right:
                tally.right += 1
                tally.right_refused += refused_here
                tally.right_verified += verified
            else:
                tally.wrong += 1
                tally.wrong_refused += refused_here
                tally.wrong_verified += verified
    calls = 1
    if grounded.problems:
        calls = MAX_CALLS if repeats else 2
    if calls < MAX_CALLS and missing(hints_for(article, analysis=analysis), grounded):
        calls += 1
    tally.calls = calls
    return tally


def devset_pairs(devset: Path):
    """(gold, article text) for each gold file of a dev set laid out as ../shared/devset is."""
    for gold_path in sorted((devset / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        yield gold, (devset / "articles" / gold["article"]).read_text(encoding="utf-8")


def measure(devset: Path, *, seed: int = 7, capable: Path | None = None) -> dict[str, Tally]:
    """The figures for the perfect, typical and (when given a folder of hand-written answers)
    capable answers over a dev set."""
    rng = random.Random(seed)
    totals = {"perfect": Tally(), "typical": Tally()}
    for gold, text in devset_pairs(devset):
        totals["perfect"].add(score(perfect_answer(gold, text), text, repeats=True))
        totals["typical"].add(score(typical_answer(gold, text, rng), text, repeats=False))
    if capable is not None:
        totals["capable"] = Tally()
        for path in sorted(capable.glob("*.json")):
            fixture = json.loads(path.read_text(encoding="utf-8"))
            text = (devset / "articles" / fixture["article"]).read_text(encoding="utf-8")
            totals["capable"].add(score(Labelled(fixture["answer"]), text, repeats=True))
    return totals
