"""The vocabulary of verdicts: the names of the checks as `meta.support` lists them, and what
the checks found for one item (contradictions refuse it; doubts leave it unverified)."""

from __future__ import annotations

from dataclasses import dataclass, field

# The names of the checks, as `meta.support` lists them.
SPANS, NAMES, ATTRIBUTION, OWN_WORDS = "spans", "names", "attribution", "the article's words"
CLAIMS, AGREEMENT_WORDS, CITATION_WORDS = "claim wording", "agreement wording", "citation wording"
ENGLISH_ONLY = (CLAIMS, AGREEMENT_WORDS, CITATION_WORDS)


@dataclass
class Verdict:
    """What the checks found for one item: contradictions (refuse) and doubts (unverified)."""

    refuse: list[str] = field(default_factory=list)
    doubt: list[str] = field(default_factory=list)

    def support(self) -> dict:
        if self.doubt:
            return {"support": "unverified", "support_note": "; ".join(dict.fromkeys(self.doubt))}
        return {"support": "verified", "support_note": None}
