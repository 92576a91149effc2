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
__version__ = "0.1.0"

_logging.getLogger("summarizer").addHandler(_logging.NullHandler())
