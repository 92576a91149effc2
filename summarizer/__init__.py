"""summarizer: a news article in, a grounded one-page brief out."""

import logging as _logging

from .budget import Budget
from .errors import (
    BudgetExceeded,
    ConfigError,
    InputError,
    ModelError,
    OutputError,
    SummarizerError,
)
from .models import Brief, Evidence
from .pipeline import asummarize, summarize
from .settings import Settings
from .version import __version__ as __version__

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

_logging.getLogger("summarizer").addHandler(_logging.NullHandler())
