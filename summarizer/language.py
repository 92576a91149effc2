"""The article's language, by py3langid: a naive Bayes model over byte n-grams that ships in the
wheel, so it needs no download and no spaces between words (Chinese and Japanese work).

The checks that read English cue words ("agreed", "reported") and the rules of the extractive
engine run only on English; every other check runs on any language.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from .words import stopword_share

#: Fewer letters than this are too few to tell a language by (a title alone).
MIN_LETTERS = 20
#: The classifier's normalized probability below which it is not trusted to say "not English" on
#: Latin text that reads as English by its stopwords.
MIN_CONFIDENCE = 0.5
#: Shares of English stopwords above which a text is English without asking the classifier, and
#: above which an unsure classifier is overruled. English news runs at about 0.4; German,
#: French or Polish at 0.05 or less.
ENGLISH_SURE_SHARE = 0.3
ENGLISH_LIKELY_SHARE = 0.2
MIN_WORDS = 30  # fewer words are too few to count stopwords on
#: Only this much of a long article is read: the language shows in its first paragraphs.
SAMPLE_CHARS = 1_500
# Codes py3langid uses for what BCP 47 writes otherwise, or for varieties a reader calls one
# language: Wu and Cantonese text is written Chinese to a brief's reader.
_BCP47 = {"wuu": "zh", "yue": "zh", "cmn": "zh", "nb": "no", "nn": "no"}
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str | None:
    """The BCP 47 code of `text`'s language ("en", "zh", "ar"), or None when it is too short."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    if _reads_english(sample, ENGLISH_SURE_SHARE):
        return "en"  # the common case, in a tenth of the classifier's time
    with _LOCK:  # the identifier keeps no state per call, but its first load must happen once
        ident = _identifier()
    code, confidence = ident.classify(sample)
    code = _BCP47.get(code, code)
    if code != "en" and confidence < MIN_CONFIDENCE and _reads_english(sample, ENGLISH_LIKELY_SHARE):
        return "en"
    return code


def _reads_english(text: str, least: float) -> bool:
    """A quarter or more of English prose is stopwords; no other language's text has that many
    of them, and a text in a script without them has none."""
    words = text.split()
    return len(words) >= MIN_WORDS and stopword_share(text) >= least


def is_english(code: str | None) -> bool:
    """Whether checks that read English words can run (an undetermined language counts as English:
    a text too short to tell is judged by the same rules it always was)."""
    return code is None or code == "en" or code.startswith("en-")


def primary(code: str | None) -> str | None:
    """The language of a BCP 47 tag without its region or script ("pt-BR" -> "pt")."""
    return code.split("-", 1)[0].casefold() if code else None


def same_language(a: str | None, b: str | None) -> bool:
    """Whether two tags name one language (an unknown one is taken as the same)."""
    return a is None or b is None or primary(a) == primary(b)


def name_of(code: str | None) -> str:
    """The English name of a language ("ru" -> "Russian"), for a prompt or a note."""
    if not code:
        return "the article's language"
    import pycountry

    found = pycountry.languages.get(alpha_2=primary(code)) or pycountry.languages.get(alpha_3=primary(code))
    return found.name if found is not None else code


#: Languages written right to left; a brief in one of them is laid out right to left.
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"})
_RTL_RANGES = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))


def direction_of_language(code: str | None) -> str:
    return "rtl" if primary(code) in RTL_LANGUAGES else "ltr"


def direction_of_text(text: str) -> str:
    """ "rtl" when most of the letters of `text` are of a right-to-left script (Hebrew, Arabic,
    Syriac, Thaana...), else "ltr": the script decides, whatever the language was said to be."""
    rtl = ltr = 0
    for ch in text[:SAMPLE_CHARS]:
        if ch.isalpha():
            if any(lo <= ord(ch) <= hi for lo, hi in _RTL_RANGES):
                rtl += 1
            else:
                ltr += 1
    return "rtl" if rtl > ltr else "ltr"
