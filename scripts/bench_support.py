"""The support checks against a SIMULATED model that errs as real models do (no model is called).

For each dev-set article, answers are written from its gold labels, as a model would write them:
a capable model's answer (every item right, names in the article's own forms), and a typical
model's answer with the deviations real models make:
  right items, written differently: a title or "Mr." before a surname, a surname alone, a
  leading "the", a quote whose middle is elided with "...";
  wrong items: a real quote credited to another participant, a stance made up around a real
  sentence, an agreement backed by an unrelated sentence, a wire service the article never cites.
Every item is labelled right or wrong; `check()` (the same code the llm engine re-asks on) keeps
or drops it. Calls per article are counted as the engine would make them: the first answer, one
re-ask when any item fails (the simulated model then removes what was named), and the
completeness re-ask when the hints name someone the brief lacks.

    python scripts/bench_support.py [DEVSET]     # default ../shared/devset
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from summarizer.checks import check
from summarizer.extractive import analyse, hints_for
from summarizer.extractive.lexicon import TITLES
from summarizer.extractive.sentences import sentence_spans
from summarizer.grounding import ArticleIndex
from summarizer.llm.completeness import missing
from summarizer.load import article_from_text
from summarizer.models import DraftBrief
from summarizer.words import content_words

SEED = 7
MAX_CALLS = 3
WIRES = ("Reuters", "AP", "AFP", "Bloomberg")


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


def answers(gold: dict, text: str, rng: random.Random) -> tuple[dict, list[tuple[str, int, bool]]]:
    """(typical answer, [(list, index, is_right)]) and the capable answer is the right items alone."""
    by_name = {p["name"]: p for p in gold["participants"]}
    parts, positions, agreements, outlets, labels = [], [], [], [], []

    def forms(name: str) -> list[str]:
        p = by_name.get(name, {"name": name, "aliases": []})
        return [p["name"], *p.get("aliases", [])]

    def variant(name: str) -> str:
        """How a model writes a name: as listed, or a reader's variant of it."""
        p = by_name.get(name)
        if not p or rng.random() < 0.5:
            return name
        words = [w for w in name.split() if w.rstrip(".").casefold() not in ("jr", "sr", "ii", "iii")]
        if p.get("kind") == "person" and len(words) > 1:
            role = (p.get("role") or "").split()
            title = role[0] if role and role[0].casefold() in TITLES else "Mr."
            return rng.choice([words[-1], f"Mr. {words[-1]}", f"{title} {words[-1]}"])
        return rng.choice([f"the {name}", name])

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
    for g in gold["positions"]:
        if g["holder"] not in listed:
            continue
        quote = g.get("quote")
        if quote:
            evidence = quote
            words = quote.split()
            if len(words) >= 10 and rng.random() < 0.3:  # elided: the model drops the middle
                quote = evidence = " ".join(words[:4]) + " ... " + " ".join(words[-4:])
        else:
            evidence = _sentence_with(text, forms(g["holder"]), set(content_words(g["stance"])))
            if evidence is None:
                continue
        positions.append(
            {"holder": variant(g["holder"]), "stance": g["stance"], "quote": quote, "evidence": {"quote": evidence}}
        )
        labels.append(("positions", len(positions) - 1, True))
    for g in gold["agreed_points"]:
        if all(x in listed for x in g["parties"]):
            agreements.append(
                {
                    "point": g["point"],
                    "parties": [variant(x) for x in g["parties"]],
                    "evidence": {"quote": g["evidence"]},
                }
            )
            labels.append(("agreed_points", len(agreements) - 1, True))
    for g in gold["cited_outlets"]:
        outlets.append(
            {
                "name": g["name"],
                "as_written": _first(text, [g["name"], *g.get("aliases", [])]) or g["name"],
                "evidence": {"quote": g["evidence"]},
            }
        )
        labels.append(("cited_outlets", len(outlets) - 1, True))
    right = {
        "participants": list(parts),
        "positions": list(positions),
        "agreed_points": list(agreements),
        "cited_outlets": list(outlets),
    }

    # the errors real models make
    quoted = [g for g in gold["positions"] if g.get("quote") and g["holder"] in listed]

    def others(holder: str) -> list[str]:
        people = [n for n in listed if n != holder and by_name.get(n, {}).get("kind") == "person"]
        return people or [n for n in listed if n != holder]

    if quoted and len(listed) > 1:
        g = rng.choice(quoted)
        if others(g["holder"]):
            positions.append(
                {
                    "holder": rng.choice(others(g["holder"])),
                    "stance": g["stance"],
                    "quote": g["quote"],
                    "evidence": {"quote": g["quote"]},
                }
            )
            labels.append(("positions", len(positions) - 1, False))
    spans = list(sentence_spans(text))
    if listed and spans:
        a, b = rng.choice(spans[1:] or spans)
        positions.append(
            {
                "holder": rng.choice(listed),
                "stance": "wants the government to ban all foreign imports at once",
                "quote": None,
                "evidence": {"quote": text[a:b]},
            }
        )
        labels.append(("positions", len(positions) - 1, False))
    if len(listed) > 1 and spans:
        a, b = rng.choice(spans[1:] or spans)
        agreements.append(
            {
                "point": "They agreed to cooperate closely",
                "parties": rng.sample(listed, 2),
                "evidence": {"quote": text[a:b]},
            }
        )
        labels.append(("agreed_points", len(agreements) - 1, False))
    wire = next((w for w in WIRES if not re.search(rf"(?<!\w){w}(?!\w)", text)), None)
    if wire and spans:
        a, b = spans[min(1, len(spans) - 1)]
        outlets.append({"name": wire, "as_written": wire, "evidence": {"quote": text[a:b]}})
        labels.append(("cited_outlets", len(outlets) - 1, False))
    typical = {"participants": parts, "positions": positions, "agreed_points": agreements, "cited_outlets": outlets}
    return right, typical, labels


def calls(draft: dict, text: str, index: ArticleIndex, analysis, hints) -> int:
    grounded = check(DraftBrief.model_validate({"title": "", "summary": "", **draft}), index, analysis)
    n = 1
    if grounded.problems:  # the model removes what was named; the second answer passes
        n += 1
    if missing(hints, grounded):
        n += 1
    return min(n, MAX_CALLS)


def main() -> None:
    devset = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "devset"
    rng = random.Random(SEED)
    right_total = right_dropped = wrong_total = wrong_kept = 0
    typical_calls, capable_calls, articles = 0, 0, 0
    kinds: dict[str, list[int]] = {}
    for gold_path in sorted((devset / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (devset / "articles" / gold["article"]).read_text(encoding="utf-8")
        article = article_from_text(text)
        index, analysis = ArticleIndex(article.text), analyse(article)
        hints = hints_for(article, analysis=analysis)
        right, typical, labels = answers(gold, article.text, rng)
        grounded = check(DraftBrief.model_validate({"title": "", "summary": "", **typical}), index, analysis)
        failed = {p.where for p in grounded.problems}
        for section, i, is_right in labels:
            dropped = f"{section}[{i}]" in failed
            kind = f"{'right' if is_right else 'wrong'} {section}"
            kinds.setdefault(kind, [0, 0])
            kinds[kind][0] += 1
            kinds[kind][1] += dropped
            if is_right:
                right_total, right_dropped = right_total + 1, right_dropped + dropped
            else:
                wrong_total, wrong_kept = wrong_total + 1, wrong_kept + (not dropped)
        typical_calls += calls(typical, article.text, index, analysis, hints)
        capable_calls += calls(right, article.text, index, analysis, hints)
        articles += 1
    print(f"simulated model on {articles} dev articles (seed {SEED}; answers written from gold, errors injected)")
    for kind, (n, dropped) in sorted(kinds.items()):
        print(f"   {kind:<24} {n:4d} items, {dropped:4d} dropped")
    print(
        f"right items dropped: {right_dropped}/{right_total} = {right_dropped / max(right_total, 1):.1%} (target <= 1%)"
    )
    print(f"wrong items kept:    {wrong_kept}/{wrong_total} = {wrong_kept / max(wrong_total, 1):.1%} (target <= 10%)")
    print(f"calls per article, typical errors: {typical_calls / articles:.2f} (target <= 2.0)")
    print(f"calls per article, capable model:  {capable_calls / articles:.2f} (target <= 1.05)")


if __name__ == "__main__":
    main()
