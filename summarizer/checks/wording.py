"""The English words by which a sentence states an agreement or cites a source. They can confirm an
item, never refuse one: a sentence may agree or cite in words no list holds ("claimed to CNN
Español", "in its coverage, the Times"), and an article in another language uses none of them.
"""

from __future__ import annotations

import re

from ..words import content_words

AGREEMENT_CUE = re.compile(
    r"\b(?:agree\w*|sign\w*|deals?|accords?|settle\w*|reach\w*|approv\w*|pledg\w*|vow\w*|treat(?:y|ies)|pacts?"
    r"|contract\w*|partner\w*|acquir\w*|merg\w*|truce|cease-?fire|compromise|joint(?:ly)?|together|swap\w*"
    r"|exchang\w*|order\w*|stake|commit\w*|arrangement|memorandum|alliance|bought|buy\w*|purchas\w*|hire\w*|join\w*"
    r"|allow\w*|permi\w*|licen[cs]\w*|coordinat\w*|collaborat\w*|cooperat\w*|accept\w*|grant\w*|consent\w*)\b",
    re.I,
)
CITATION_CUE = re.compile(
    r"\b(?:report\w*|told|tell\w*|according|said|says|interview\w*|contribut\w*|quot\w*|cit\w*|wrote|writes"
    r"|published|broadcast\w*|journalist|correspondent|reporter|agency|newspaper|magazine|commentary|editorial"
    r"|article|analysis|poll|survey|found|revealed|obtained|coverage|claimed|aired|posted)\b",
    re.I,
)

#: Share of a free-text claim's content words that its evidence sentence and its neighbours must
#: hold for the claim to count as what the span says: a paraphrase keeps its key nouns; a claim
#: made up around an unrelated sentence shares almost none. A stance interprets its holder's
#: words ("got what was coming to him" for "can't antagonize a fight and then claim bullying"),
#: so it needs less than an agreed point, which restates its sentence.
STANCE_SUPPORT_MIN = 0.25
AGREEMENT_SUPPORT_MIN = 0.34
#: Claims this short ("denies it") are not measured: too few words to judge a paraphrase by.
CLAIM_MIN_WORDS = 3


def shared_share(claim: str, context: str) -> float | None:
    """The share of `claim`'s content words found in `context`; None when the claim is too short
    to judge."""
    words = set(content_words(claim))
    if len(words) < CLAIM_MIN_WORDS:
        return None
    return len(words & set(content_words(context))) / len(words)
