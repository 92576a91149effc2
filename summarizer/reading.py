"""Reading an article file: a regular file only (not a folder, a FIFO or a device), and never
more than the size limit, whatever the file claims."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError

DEFAULT_MAX_BYTES = 2_000_000


def too_large(source: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        f"{source} is {size:,} bytes, over the {max_bytes:,}-byte limit",
        hint="raise it with --max-bytes or SUMMARIZER_MAX_BYTES",
    )


def regular_file(path: Path, noun: str, *, follow: bool = True, hint: str | None = None) -> os.stat_result:
    """The status of `path` when it is a regular file; else one line saying what it is (a
    folder, or a FIFO that would block forever, /dev/zero that would never end). `follow=False`
    judges a symlink itself, not its target."""
    try:
        st = path.stat() if follow else path.lstat()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path} is a directory, not {noun}")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path} is not a regular file", hint=hint)
    return st


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, reading at most `max_bytes + 1` whatever the file claims:
    a device or a file that grows cannot make us read without end."""
    st = regular_file(path, "an article file", hint="give an article file, or - to read stdin")
    if st.st_size > max_bytes:
        raise too_large(str(path), st.st_size, max_bytes)
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise too_large(str(path), len(data), max_bytes)
    return data
