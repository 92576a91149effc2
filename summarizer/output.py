"""Write outputs atomically, and never over an existing file unless asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def write_atomic(path: str | Path, text: str, *, force: bool = False, durable: bool = True) -> Path:
    """Write via a temp file in the same folder and rename, so no reader sees half a file.

    `durable=False` skips the fsync: the rename alone already survives a killed process, and
    fsync only adds safety against power loss, at ~1 ms a file."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path} is a directory", hint="give a file path to -o")
    if path.exists() and not force:
        raise OutputError(f"{path} already exists", hint="pass --force to overwrite it")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"folder {parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write in {parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if not force and path.exists():  # lost a race with another writer
            raise OutputError(f"{path} already exists", hint="pass --force to overwrite it")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
