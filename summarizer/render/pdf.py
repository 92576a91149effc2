"""A `Brief` as exactly one printed page (A4 or Letter), from the HTML brief's own template.

The page shows the most salient items (`ranking.py`); what does not fit is "+N more". The caps
shrink step by step until WeasyPrint lays the page out on one sheet. WeasyPrint is an optional
extra (`pip install 'summarizer[pdf]'`): without it, asking for a PDF is a one-line error.
"""

from __future__ import annotations

from ..errors import ConfigError
from ..models import Brief
from .html import Caps, page

PAPERS = {"a4": "A4", "letter": "letter"}
# From generous to bare: the first that fits on one page is used.
_LADDER = (
    Caps(participants=14, agreed_points=6, positions=10, cited_outlets=8, warnings=4, summary_words=80),
    Caps(participants=10, agreed_points=4, positions=7, cited_outlets=6, warnings=3, summary_words=80),
    Caps(participants=7, agreed_points=3, positions=5, cited_outlets=4, warnings=2, summary_words=60),
    Caps(participants=5, agreed_points=2, positions=3, cited_outlets=3, warnings=1, summary_words=45),
    Caps(participants=3, agreed_points=1, positions=2, cited_outlets=2, warnings=0, summary_words=30),
)


def _weasyprint():
    try:
        import weasyprint
    except ImportError:  # the optional extra is not installed
        raise ConfigError("--format pdf needs WeasyPrint", hint="pip install 'summarizer[pdf]'") from None
    return weasyprint


def to_pdf(brief: Brief, text: str | None = None, *, paper: str = "a4") -> bytes:
    """The one-page PDF of the brief (the article itself is not printed; the JSON keeps all)."""
    weasyprint = _weasyprint()
    size = PAPERS.get(paper.lower())
    if size is None:
        raise ConfigError(f"--paper takes {' or '.join(PAPERS)} (got {paper!r})")
    document = None
    for caps in _LADDER:
        html = page(brief, None, caps=caps, paper=size, for_print=True)
        document = weasyprint.HTML(string=html).render()
        if len(document.pages) == 1:
            break
    else:  # even the barest page overflows (a huge title): keep its first page only
        document = document.copy(document.pages[:1])
    return document.write_pdf()
