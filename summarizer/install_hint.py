"""How to install an optional extra, said so that it works where the user is. The distribution
is `grounded-news-brief` (the name `summarizer` on PyPI is someone else's project); the import
package and the command stay `summarizer`. From a clone (an editable install, or the source
tree itself) the extra is installed from `.`; from an installed wheel, its own requirements are
named, since they install the same whatever the distribution is called."""

from __future__ import annotations

from pathlib import Path

DISTRIBUTION = "grounded-news-brief"
EXTRAS = {"pdf": "weasyprint>=60"}


def from_clone() -> bool:
    """Whether this package is run from a source checkout (its pyproject.toml beside it)."""
    project = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        return f'name = "{DISTRIBUTION}"' in project.read_text(encoding="utf-8")
    except OSError:
        return False


def extra(name: str) -> str:
    """The install command for the extra `name`, correct for a clone and for a wheel."""
    if from_clone():
        return f"pip install -e '.[{name}]' (in the clone)"
    return f"pip install '{EXTRAS[name]}'"
