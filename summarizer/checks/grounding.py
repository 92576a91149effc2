"""Grounding: tie every quote the model returns to a verified span of the article.

Matching goes exact -> normalized (whitespace, quote marks, dashes, case) -> elided (fragments
joined by "..." found in order in one paragraph) -> fuzzy above `FUZZY_THRESHOLD`; the kind of
match is recorded on each `Evidence`. What the spans must support (who said it, what was agreed,
which outlet is cited) is checked one layer up, in `checks/`, which builds on this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from ..models import (
    AgreedPoint,
    CitedOutlet,
    Evidence,
    Participant,
    Position,
    SupportSummary,
)
from ..words import content_words

#: Minimum rapidfuzz partial-ratio score (0-100) for a fuzzy match to count as grounded.
FUZZY_THRESHOLD = 90.0
#: Shorter quotes are too easy to find by accident, so they must match without fuzz.
FUZZY_MIN_CHARS = 16
#: Each fragment of an elided quote ("we will ... never give up") must be at least this long.
ELIDED_MIN_FRAGMENT_CHARS = 3

_FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Fold quote marks, dashes, case and whitespace runs; map each output char to its source.

    "..." and "…" both become "…", so an ellipsis matches however it is typed."""
    # Per-character folds keep positions; only "..." and whitespace runs change length, and
    # those are handled span by span (a per-character Python loop is ~10x slower).
    pieces: list[str] = []
    where: list[int] = []
    pos = 0
    for m in re.finditer(r"\s+|\.\.\.", text):
        pieces.append(text[pos : m.start()])
        where.extend(range(pos, m.start()))
        pieces.append(" " if m.group(0) != "..." else "…")
        where.append(m.start())
        pos = m.end()
    pieces.append(text[pos:])
    where.extend(range(pos, len(text)))
    folded = "".join(pieces).translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # rare letters whose lower case is longer (e.g. "İ")
        chars, mapped = [], []
        for ch, i in zip(folded, where, strict=True):
            low = ch.lower()
            chars.append(low)
            mapped.extend([i] * len(low))
        lowered, where = "".join(chars), mapped
    start = len(lowered) - len(lowered.lstrip(" "))
    end = len(lowered.rstrip(" "))
    return lowered[start:end], where[start:end]


def normalize(text: str) -> str:
    return normalize_with_map(text)[0]


@dataclass
class ArticleIndex:
    """The article text plus its normalized form, built once per article."""

    text: str

    @cached_property
    def _normalized(self) -> tuple[str, list[int]]:
        return normalize_with_map(self.text)

    @property
    def norm(self) -> str:
        return self._normalized[0]

    def _span(self, nstart: int, nend: int) -> tuple[int, int]:
        where = self._normalized[1]
        # The span ends where the next normalized character starts, so a folded run (an
        # ellipsis typed as "...") is covered whole; trailing whitespace is not evidence.
        end = where[nend] if nend < len(where) else len(self.text)
        while end > where[nstart] + 1 and self.text[end - 1].isspace():
            end -= 1
        return where[nstart], end

    def locate(self, quote: str) -> Evidence | None:
        """Find `quote` in the article; None when no match reaches the threshold."""
        quote = quote.strip()
        if not quote:
            return None
        start = self._whole_words(quote)
        if start >= 0:
            return Evidence(quote=quote, start=start, end=start + len(quote), match="exact")
        nq = normalize(quote).strip(" \"'")
        if not nq:
            return None
        nstart = self.norm.find(nq)
        if nstart >= 0:
            return self._evidence(nstart, nstart + len(nq), "normalized")
        if "…" in nq:
            elided = self._elided(nq)
            if elided is not None:
                return elided
        if len(nq) < FUZZY_MIN_CHARS:
            return None
        hit = fuzz.partial_ratio_alignment(nq, self.norm, score_cutoff=FUZZY_THRESHOLD)
        if hit is None or hit.dest_end <= hit.dest_start:
            return None
        return self._evidence(hit.dest_start, hit.dest_end, "fuzzy")

    def _whole_words(self, quote: str) -> int:
        """Where `quote` first stands as whole words ("Tunisia", not the start of "Tunisian"),
        else where it first occurs at all; -1 when it does not."""
        first = start = self.text.find(quote)
        while start >= 0:
            before = self.text[start - 1 : start] if start else ""
            after = self.text[start + len(quote) : start + len(quote) + 1]
            if not (before.isalnum() and quote[0].isalnum()) and not (after.isalnum() and quote[-1].isalnum()):
                return start
            start = self.text.find(quote, start + 1)
        return first

    def _elided(self, nq: str) -> Evidence | None:
        """A quote of fragments joined by "..." or "…" grounds when every fragment is found, in
        order, within one paragraph; its evidence runs from the first fragment to the last."""
        fragments = [f.strip(" \"'") for f in nq.split("…")]
        fragments = [f for f in fragments if f]
        if len(fragments) < 2 or any(len(f) < ELIDED_MIN_FRAGMENT_CHARS for f in fragments):
            return None
        norm, where = self.norm, self._normalized[1]
        first = norm.find(fragments[0])
        while first >= 0:
            paragraph_end = self.text.find("\n", where[first])
            paragraph_end = len(self.text) if paragraph_end < 0 else paragraph_end
            pos, end = first + len(fragments[0]), None
            for fragment in fragments[1:]:
                at = norm.find(fragment, pos)
                if at < 0 or where[at] >= paragraph_end:
                    break
                pos = end = at + len(fragment)
            else:
                return self._evidence(first, end, "elided")
            first = norm.find(fragments[0], first + 1)
        return None

    def _evidence(self, nstart: int, nend: int, match: str) -> Evidence:
        start, end = self._span(nstart, nend)
        return Evidence(quote=self.text[start:end], start=start, end=end, match=match)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(content_words(self.text))


@dataclass
class Problem:
    """One item that failed grounding: where it is in the draft, and why."""

    where: str
    label: str
    why: str

    def __str__(self) -> str:
        return f"{self.where} ({self.label!r}): {self.why}"


@dataclass
class Grounded:
    """What survived grounding, and what did not."""

    participants: list[Participant] = field(default_factory=list)
    agreed_points: list[AgreedPoint] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    cited_outlets: list[CitedOutlet] = field(default_factory=list)
    #: Refusals: the items the article contradicts (re-asked, then dropped).
    problems: list[Problem] = field(default_factory=list)
    summary_supported: bool = True
    checks_run: list[str] = field(default_factory=list)
    checks_skipped: list[str] = field(default_factory=list)
    #: What was taken out of a kept item (a role that is not the article's words), as warnings.
    notes: list[str] = field(default_factory=list)

    def items(self) -> list:
        return [*self.participants, *self.agreed_points, *self.positions, *self.cited_outlets]

    def support(self, refused: int = 0) -> SupportSummary:
        """The counts `meta.support` reports; `refused`: refusals dropped when the budget ran out."""
        kept = self.items()
        verified = sum(item.support == "verified" for item in kept)
        return SupportSummary(
            verified=verified,
            unverified=len(kept) - verified,
            refused=refused,
            checks_run=list(self.checks_run),
            checks_skipped=list(self.checks_skipped),
        )

    def warnings(self) -> list[str]:
        lines = [*self.notes[:MAX_PROBLEM_LINES]]
        lines += [f"dropped (refused) {p}" for p in self.problems[:MAX_PROBLEM_LINES]]
        if len(self.problems) > MAX_PROBLEM_LINES:
            lines.append(f"dropped {len(self.problems) - MAX_PROBLEM_LINES} more items that failed the same checks")
        return lines


#: Problems listed one per line in a re-ask or as warnings; the rest are counted in one line.
MAX_PROBLEM_LINES = 50


def short(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters for a problem line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: Share of a summary's content words that must occur in the article. An abstractive summary
#: of the article scores ~0.7-1.0; one about something else scores ~0.2.
SUMMARY_SUPPORT_MIN = 0.5


def summary_support(summary: str, index: ArticleIndex) -> tuple[float, list[str]]:
    """(share of the summary's content words found in the article, the words that were not)."""
    words = content_words(summary)
    if len(words) < 5:
        return 1.0, []
    known = index.vocabulary
    missing = [w for w in words if w not in known]
    return 1 - len(missing) / len(words), missing


def summary_problem(summary: str, index: ArticleIndex) -> Problem | None:
    """The summary's problem when most of its content words are not in the article."""
    share, unknown = summary_support(summary, index)
    if share >= SUMMARY_SUPPORT_MIN:
        return None
    return Problem("summary", short(summary), f"most of its words are not in the article ({', '.join(unknown[:8])})")


def problems_message(problems: list[Problem]) -> str:
    """The re-ask text: every failing item and why, so the model can fix each one."""
    lines = [f"- {p}" for p in problems[:MAX_PROBLEM_LINES]]
    if len(problems) > MAX_PROBLEM_LINES:  # the re-ask stays a message, not a megabyte
        lines.append(f"- ... and {len(problems) - MAX_PROBLEM_LINES} more items with the same kinds of problem")
    return (
        "Checks failed: the article contradicts these items. Every quote must be copied verbatim from "
        "the article, every holder or party must be a listed participant the article names, and each "
        "item must be what its evidence says (who said it, which outlet is cited). Fix or remove "
        "these items:\n" + "\n".join(lines)
    )
