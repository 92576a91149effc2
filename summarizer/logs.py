"""The package's loggers. The library's NullHandler is attached by the first module that logs,
not by `import summarizer`: importing `logging` costs about 10 ms, which `summarizer --help`
and every quick command would pay for nothing."""

from __future__ import annotations

import logging


def logger(name: str) -> logging.Logger:
    """`logging.getLogger(name)`, with a NullHandler on "summarizer" (once): a library that logs
    never prints through Python's last-resort handler unless the application configures it."""
    package = logging.getLogger("summarizer")
    if not any(isinstance(h, logging.NullHandler) for h in package.handlers):
        package.addHandler(logging.NullHandler())
    return logging.getLogger(name)
