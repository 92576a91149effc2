"""A `Brief` as exactly one printed page (A4 or Letter), from the HTML brief's own template.

The page shows the most salient items (`ranking.py`); what does not fit is "+N more". The caps
shrink step by step until WeasyPrint lays the page out on one sheet. WeasyPrint is an optional
extra (`pip install -e '.[pdf]'` in a clone, `pip install weasyprint` beside a wheel): without it,
asking for a PDF is a one-line error that says which.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import ConfigError
from ..install_hint import extra
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


def require_weasyprint():
    try:
        import weasyprint
    except ImportError:  # the optional extra is not installed
        raise ConfigError("--format pdf needs WeasyPrint", hint=extra("pdf")) from None
    return weasyprint


def to_pdf(brief: Brief, text: str | None = None, *, paper: str = "a4") -> bytes:
    """The one-page PDF of the brief (the article itself is not printed; the JSON keeps all)."""
    weasyprint = require_weasyprint()
    size = PAPERS.get(paper.lower())
    if size is None:
        raise ConfigError(f"--paper takes {' or '.join(PAPERS)} (got {paper!r})")
    fits = None
    for caps in _LADDER:
        document = weasyprint.HTML(string=page(brief, text, caps=caps, paper=size, for_print=True, article=False))
        document = document.render()
        if len(document.pages) == 1:
            fits = (caps, document)
            break
    if fits is None:  # even the barest page overflows (a huge title): keep its first page only
        return document.copy(document.pages[:1]).write_pdf()
    return _filled(weasyprint, brief, text, size, fits).write_pdf()


#: The order in which a page that fits takes back what the ladder's step cut: what a reader
#: scans first first.
_FILL_ORDER = ("positions", "participants", "agreed_points", "cited_outlets", "warnings")
MAX_FILL_RENDERS = 12


def _filled(weasyprint, brief: Brief, text: str | None, size: str, fits):
    """The page that fits, with items added back one at a time while it still fits on one
    sheet: a step of the ladder can cut more than the overflow needed (a fifth of a page left
    empty with "+2 more positions" was seen), so the space is filled before anything is cut."""
    caps, document = fits
    counts = {
        "positions": len(brief.positions),
        "participants": len(brief.participants),
        "agreed_points": len(brief.agreed_points),
        "cited_outlets": len(brief.cited_outlets),
        "warnings": len(brief.warnings),
    }
    renders, blocked = 0, set()
    while renders < MAX_FILL_RENDERS and len(blocked) < len(_FILL_ORDER):
        for field in _FILL_ORDER:
            if field in blocked or renders >= MAX_FILL_RENDERS:
                continue
            if getattr(caps, field) >= counts[field]:
                blocked.add(field)  # every item of it is shown already
                continue
            more = replace(caps, **{field: getattr(caps, field) + 1})
            trial = weasyprint.HTML(string=page(brief, text, caps=more, paper=size, for_print=True, article=False))
            trial = trial.render()
            renders += 1
            if len(trial.pages) == 1:
                caps, document = more, trial
            else:
                blocked.add(field)
    return document
