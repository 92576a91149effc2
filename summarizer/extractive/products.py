"""Products named in a story: a review's or a shopping list's "Apple AirPods Pro for $235", and
the model names around them ("iPhone 11 Pro Max"). A product is no participant, and a brand's
name inside it ("Apple") is the company's, not an alias of the product.

A product is known by a heading line that is its name and its price ("Sonos Move for $400"; in a
sentence a price is what was paid: "acquired Quorra for $2 billion"), or by a model number between
its words; every other mention of the name, or of its first or last words, is the same product.
"""

from __future__ import annotations

import bisect
import re

from .lexicon import FUNCTION_WORDS
from .mentions import Mention

_LINE_OPENING = re.compile(r"[ \t“\"‘']*(?:[A-Z][\w.&-]*[ \t]+){0,2}")  # (a brand the name runs after: "DJI ")
_HEADING_WORDS = 8  # at most this many words after the name on a product's heading line
# "Sonos Move for $400", "“Rez Infinite” ($30)", "Apple iPhone 11 Pro Max for $999": a price after
# the name, a model's number or words between them
_PRICED = re.compile(
    # (a model's words are capitalized, numbers or "iPhone": not "sold the house for $2 million")
    r"(?P<model>(?:[ \t]+(?:[A-Z0-9][\w.+-]{0,11}|[a-z]{1,3}[A-Z][\w.+-]{0,10})){0,4}?)[ \t”\"’]*"
    r"(?:[ \t]+(?:for|at|from)[ \t]+|[ \t]+\(|[ \t]+[–—-][ \t]+)(?:US)?[$£€]\d"
)
# a heading that is a name and its price: "Fossil Hybrid HR smartwatch for $195", "Amazon Echo Dot
# with clock for $45" (the line ends at the price)
_PRICED_HEADING = re.compile(
    r"(?P<model>(?:[ \t]+[\w.+-]{1,12}){0,3}?)[ \t]+(?:for|at)[ \t]+(?:US)?[$£€][\d.,]+[ \t]*$"
)
# "Pro Max" after "iPhone 11 ": the words of a model after its number
_AFTER_MODEL_NUMBER = re.compile(r"(?<![\w.])(?P<word>(?:[A-Z]|[a-z]{1,3}[A-Z])[\w-]*)[ \t]+\d{1,4}[ \t]+$")


def product_names(text: str, mentions: list[Mention]) -> set[str]:
    """The names the text prices, and their first or last words of two or more ("AirPods Pro" and
    "Apple AirPods" of "Apple AirPods Pro"): each is a product wherever it is written."""
    priced = set()
    breaks = [b.start() for b in re.finditer("\n", text)]  # (found once: a text may be one long line)
    for m in mentions:
        i = bisect.bisect_left(breaks, m.start)
        line_start = breaks[i - 1] + 1 if i else 0
        line_end = breaks[j] if (j := bisect.bisect_left(breaks, m.end)) < len(breaks) else len(text)
        before = text[line_start : m.start]
        if not _LINE_OPENING.fullmatch(before) or len(text[m.end : line_end].split()) > _HEADING_WORDS:
            continue  # in a sentence, a price is what was paid: "acquired Quorra Analytics for $2 billion"
        price = _PRICED.match(text, m.end, line_end) or _PRICED_HEADING.match(text, m.end, line_end)
        # (a one-word name with words before the price is the brand: "Apple iPhone 11 for $999")
        if price and (" " in m.text or not price.group("model")):
            priced.add(m.text)
    parts = {
        " ".join(part)
        for name in priced
        if len(words := name.split()) > 2
        for i in range(1, len(words) - 1)
        for part in (words[i:], words[: i + 1])
    }
    return priced | parts


def is_product(text: str, m: Mention, products: set[str]) -> bool:
    """Whether the mention names a product: a priced name, or the words after a model's number."""
    if m.text in products:
        return True
    after = _AFTER_MODEL_NUMBER.search(text, max(0, m.start - 30), m.start)
    return after is not None and after.group("word") not in FUNCTION_WORDS  # (not "March 15 Trump")
