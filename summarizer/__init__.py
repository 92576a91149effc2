"""summarizer: a news article in, a grounded one-page brief out."""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING

from .errors import (
    BudgetExceeded,
    ConfigError,
    InputError,
    ModelError,
    OutputError,
    SummarizerError,
)
from .version import __version__ as __version__

# The public names are loaded on first use, not at `import summarizer`: the models and the
# pipeline import pydantic's whole machinery, which `summarizer --help` and every command that
# fails early would otherwise pay for (about 150 ms). `from summarizer import summarize` works
# as before.
_LAZY = {
    "Brief": "models",
    "Evidence": "models",
    "Budget": "budget",
    "Settings": "settings",
    "asummarize": "pipeline",
    "summarize": "pipeline",
}

if TYPE_CHECKING:
    from .budget import Budget
    from .models import Brief, Evidence
    from .pipeline import asummarize, summarize
    from .settings import Settings


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(_import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value  # found once; later lookups do not come back here
        return value
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Brief",
    "Budget",
    "BudgetExceeded",
    "ConfigError",
    "Evidence",
    "InputError",
    "ModelError",
    "OutputError",
    "Settings",
    "SummarizerError",
    "asummarize",
    "summarize",
]
