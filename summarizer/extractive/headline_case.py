"""Names in a headline written in title case, where every word has a capital: only the runs of
its words that the body also capitalizes are names. A line in capitals alone marks none."""

from __future__ import annotations

import bisect
import re

_HEADLINE_WORD = re.compile(r"[A-Za-z][\w'’-]{3,}")


def title_case_headline(text: str) -> int:
    """Where the headline ends, when it capitalizes its words ("So This Is the Future of Apple
    Innovation"); 0 when it is in sentence case, so its capitals mark names."""
    end = text.find("\n")
    words = _HEADLINE_WORD.findall(text[:end]) if end > 0 else []
    return end if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words) else 0


def named_in_body(raw: str, text: str, headline_end: int) -> list[str]:
    """The names inside a run of a title-case headline: the longest runs of its words that the
    body also writes with capitals ("Apple" in "Future of Apple Innovation"). A capital in such a
    headline says nothing by itself."""
    words, out, i = raw.split(), [], 0
    while i < len(words):
        for j in range(len(words), i, -1):
            run = " ".join(words[i:j])
            if run[0].isupper() and re.search(rf"(?<![\w-]){re.escape(run)}(?![\w-])", text[headline_end:]):
                out.append(run)
                i = j
                break
        else:
            i += 1
    return out


_SHOUTED_WORD = re.compile(r"[A-Z][A-Z'’-]+")


class CapitalLines:
    """The lines written in capitals alone, two words at least ("HOW WILL OBAMA PLAY?", "FRANCE
    WINS"): subheads, where a capital says nothing of a name. The body names whoever matters in
    them in its own case. (A lone acronym on its line is still read.)"""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        start = 0
        for line in text.split("\n"):
            if not any(ch.islower() for ch in line) and len(_SHOUTED_WORD.findall(line)) >= 2:
                self.starts.append(start)
                self.ends.append(start + len(line))
            start += len(line) + 1

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]
