"""`summarizer eval`: score briefs against gold files (format of shared/devset/GOLD_SPEC.md)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .checks.grounding import ArticleIndex
from .errors import InputError
from .extractive.media_names import canonical as outlet_canonical
from .models import Brief
from .words import content_words


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    article: str
    participants: Counts = field(default_factory=Counts)
    outlets: Counts = field(default_factory=Counts)
    holders: Counts = field(default_factory=Counts)
    agreements_found: int = 0
    agreements_gold: int = 0
    agreements_right: int = 0  # predicted agreements that match a gold one
    agreements_predicted: int = 0
    attributions_right: int = 0  # predicted positions on a gold quote that name its holder
    attributions_total: int = 0
    spans_verified: int = 0
    spans_total: int = 0

    @property
    def agreement_recall(self) -> float:
        return self.agreements_found / self.agreements_gold if self.agreements_gold else 1.0

    @property
    def agreement_precision(self) -> float:
        return self.agreements_right / self.agreements_predicted if self.agreements_predicted else 1.0

    @property
    def attribution(self) -> float:
        return self.attributions_right / self.attributions_total if self.attributions_total else 1.0

    @property
    def grounding(self) -> float:
        return self.spans_verified / self.spans_total if self.spans_total else 1.0

    def add(self, other: Score) -> None:
        for name in ("participants", "outlets", "holders"):
            getattr(self, name).add(getattr(other, name))
        for name in (
            "agreements_found",
            "agreements_gold",
            "agreements_right",
            "agreements_predicted",
            "attributions_right",
            "attributions_total",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.spans_verified += other.spans_verified
        self.spans_total += other.spans_total

    def as_dict(self) -> dict:
        d = asdict(self)
        for name in ("participants", "outlets", "holders"):
            c = getattr(self, name)
            d[name].update(precision=round(c.precision, 4), recall=round(c.recall, 4), f1=round(c.f1, 4))
        d["agreement_recall"] = round(self.agreement_recall, 4)
        d["agreement_precision"] = round(self.agreement_precision, 4)
        d["attribution"] = round(self.attribution, 4)
        d["grounding"] = round(self.grounding, 4)
        return d


def _key(s: str) -> str:
    # a leading "the" is not part of a name: "the Trump administration" ~ "Trump administration"
    return " ".join(s.replace("’", "'").casefold().split()).removeprefix("the ")


def _is_mentioned(name: str, neutral: set[str]) -> bool:
    """A prediction that names a `mentioned` entry, in full or by its last word after a title
    ("Pence" for "Vice President Pence"), is neither a hit nor an error."""
    key = _key(name)
    return key in neutral or any(m.endswith(" " + key) for m in neutral)


def _gold_forms(entry: dict) -> set[str]:
    return {_key(entry["name"]), *(_key(a) for a in entry.get("aliases", []))}


def _matches_participant(name: str, gold: dict) -> bool:
    key = _key(name)
    if key in _gold_forms(gold):
        return True
    if gold.get("kind") == "person":
        # surname match: "Lavrov" ~ "Sergey Lavrov"; suffixes like Jr. are not surnames
        def last(s: str) -> list[str]:
            return [w for w in _key(s).split() if w.rstrip(".") not in ("jr", "sr", "ii", "iii")][-1:]

        return bool(last(name)) and last(name) == last(gold["name"])
    return False


def _match_set(predicted: list[str], gold: list[dict], neutral: set[str], same) -> Counts:
    counts = Counts()
    matched: set[int] = set()
    for name in dict.fromkeys(predicted):
        hit = next((i for i, g in enumerate(gold) if i not in matched and same(name, g)), None)
        if hit is None:
            if any(same(name, g) for g in gold):
                continue  # a second form of an already matched gold entry: not an error
            if not _is_mentioned(name, neutral):
                counts.fp += 1
            continue
        matched.add(hit)
        counts.tp += 1
    counts.fn = len(gold) - len(matched)
    return counts


def _same_outlet(name: str, gold: dict) -> bool:
    forms = _gold_forms(gold)
    canon = outlet_canonical(name)
    return _key(name) in forms or (
        canon is not None and (_key(canon) in forms or canon == outlet_canonical(gold["name"]))
    )


def _content_words(s: str) -> set[str]:
    return set(content_words(s))


def score_brief(brief: Brief, gold: dict, text: str) -> Score:
    """Score one brief against one gold file (see GOLD_SPEC.md)."""
    score = Score(article=gold.get("article", ""))
    neutral = {_key(m) for m in gold.get("mentioned", [])}
    participants = gold.get("participants", [])
    score.participants = _match_set([p.name for p in brief.participants], participants, neutral, _matches_participant)
    score.outlets = _match_set(
        [o.name for o in brief.cited_outlets], gold.get("cited_outlets", []), set(), _same_outlet
    )

    gold_holders = [g for g in participants if g["name"] in {p["holder"] for p in gold.get("positions", [])}]
    score.holders = _match_set(
        [p.holder for p in brief.positions],
        gold_holders,
        {_key(g["name"]) for g in participants} | neutral,
        _matches_participant,
    )

    _score_agreements(score, brief, gold, text)
    _score_attribution(score, brief, gold, text)

    index = ArticleIndex(text)
    for item in [*brief.participants, *brief.agreed_points, *brief.positions, *brief.cited_outlets]:
        ev = item.evidence
        score.spans_total += 1
        if text[ev.start : ev.end] == ev.quote or (ev.match != "exact" and index.locate(ev.quote) is not None):
            score.spans_verified += 1
    return score


def _gold_span(text: str, verbatim: str | None) -> tuple[int, int] | None:
    start = text.find(verbatim) if verbatim else -1
    return (start, start + len(verbatim)) if start >= 0 else None


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int]) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


def _score_agreements(score: Score, brief: Brief, gold: dict, text: str) -> None:
    """An agreement matches a gold one when their evidence overlaps or the predicted point and
    evidence hold at least half of the gold point's content words; recall and precision alike."""

    def same(p, g) -> bool:
        words = _content_words(g["point"])
        shared = words and len(words & (_content_words(p.point) | _content_words(p.evidence.quote))) >= len(words) / 2
        return _overlaps(_gold_span(text, g["evidence"]), (p.evidence.start, p.evidence.end)) or bool(shared)

    golds = gold.get("agreed_points", [])
    score.agreements_gold += len(golds)
    score.agreements_found += sum(any(same(p, g) for p in brief.agreed_points) for g in golds)
    score.agreements_predicted += len(brief.agreed_points)
    score.agreements_right += sum(any(same(p, g) for g in golds) for p in brief.agreed_points)


def _score_attribution(score: Score, brief: Brief, gold: dict, text: str) -> None:
    """Among predicted positions whose evidence overlaps a gold quote: the share that name the
    holder the gold file gives that quote (any of them, when one span holds two gold quotes)."""
    by_holder = {g["name"]: g for g in gold.get("participants", [])}
    quotes = [(_gold_span(text, g.get("quote")), g["holder"]) for g in gold.get("positions", [])]
    for p in brief.positions:
        span = (p.evidence.start, p.evidence.end)
        holders = {h for q, h in quotes if _overlaps(q, span) and h in by_holder}
        if holders:
            score.attributions_total += 1
            score.attributions_right += any(_matches_participant(p.holder, by_holder[h]) for h in holders)


def evaluate_folder(articles: Path, gold: Path, settings) -> tuple[list[Score], Score]:
    """Brief every article that has a gold file, with the engine the settings choose, and score
    each brief: (one score per article, their total)."""
    import asyncio

    from .errors import InputError
    from .load import load_article
    from .pipeline import brief_article

    golds = load_gold(gold)
    if not golds:
        raise InputError(f"no gold .json files in {gold}")
    scores, total = [], Score(article="TOTAL")
    for name, g in golds.items():
        article = load_article(articles / name)
        s = score_brief(asyncio.run(brief_article(article, settings)), g, article.text)
        scores.append(s)
        total.add(s)
    return scores, total


def load_gold(gold_dir: Path) -> dict[str, dict]:
    if not gold_dir.is_dir():
        raise InputError(f"{gold_dir} is not a folder of gold files")
    golds = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise InputError(f"{path} is not valid JSON: {exc}") from None
        golds[gold.get("article") or path.stem + ".txt"] = gold
    return golds


def format_table(scores: list[Score], total: Score) -> str:
    head = (
        f"{'article':<42} {'part P':>6} {'part R':>6} {'out F1':>6} {'hold R':>6} {'agr R':>6} {'agr P':>6} "
        f"{'attrib':>6} {'ground':>6}"
    )
    lines = [head, "-" * len(head)]
    for s in [*scores, total]:
        if s is total:
            lines.append("-" * len(head))
        lines.append(
            f"{s.article[:42]:<42} {s.participants.precision:>6.2f} {s.participants.recall:>6.2f} "
            f"{s.outlets.f1:>6.2f} {s.holders.recall:>6.2f} {s.agreement_recall:>6.2f} {s.agreement_precision:>6.2f} "
            f"{s.attribution:>6.2f} {s.grounding:>6.1%}"
        )
    return "\n".join(lines)
