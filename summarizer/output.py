"""Write outputs so that nothing a user has is lost: atomically for regular files, in place for
pipes and devices, through symlinks to their targets, and never over a file unless asked."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import OutputError

_NEW_FILE_MODE = 0o666  # before the umask, as open() and every shell tool create files


def _umask() -> int:
    """The process umask, read without changing it where the OS allows (os.umask can only be read
    by setting it, which would race with other threads creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def is_special(path: Path) -> bool:
    """A FIFO, a device or a socket: written in place, since renaming over it would replace the
    pipe or device with a regular file (`-o /dev/null`, `-o /dev/stdout`, `mkfifo f; -o f`)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def exists_as_file(path: Path) -> bool:
    """Whether writing `path` would replace a regular file the user has (a symlink counts as its
    target; a pipe or device holds nothing to lose)."""
    return path.exists() and not path.is_dir() and not is_special(path)


#: Temporary files are named `.summarizer-<random>.tmp` beside the output: short, whatever the
#: output's name (a 255-byte name still fits), and never a name a user's own file would have.
TEMP_PREFIX, TEMP_SUFFIX = ".summarizer-", ".tmp"


def write_atomic(
    path: str | Path, text: str | bytes, *, force: bool = False, durable: bool = True, own: bool = False
) -> Path:
    """Write `text` to `path` so that no reader ever sees half a file.

    A regular file is written to a temp file beside it and renamed over it, keeping the mode
    the file had (or the umask's, for a new one). A symlink is followed and its target written
    the same way, so the link stays a link. A FIFO or character device is written in place,
    with no rename; a block device (a disk) is refused. An existing regular file is replaced
    only with `force`. `own`: the path is one of the tool's own files in a folder it manages
    (a batch's outputs), so a symlink or a special file planted there is refused, never
    followed. `durable=False` skips the fsync: the rename alone already survives a killed
    process; fsync adds power-loss safety."""
    path = Path(path)
    if own and (path.is_symlink() or is_special(path)):
        raise OutputError(f"{path} is a symlink or a special file, not one this tool wrote; it was left alone")
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.is_dir():
        raise OutputError(f"{path} is a directory", hint="give a file path to -o")
    if _is_block_device(path):
        raise OutputError(f"{path} is a block device (a disk); refused", hint="give a file path to -o")
    if is_special(path):
        return _write_in_place(path, text)
    if path.exists() and not force:
        raise OutputError(f"{path} already exists", hint="pass --force to overwrite it")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"folder {parent} does not exist")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = _NEW_FILE_MODE & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write in {parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
            fh.flush()
            os.fchmod(fh.fileno(), mode)  # mkstemp makes 0600; the user's file keeps its mode
            if durable:
                os.fsync(fh.fileno())
        if not force and path.exists():  # lost a race with another writer
            raise OutputError(f"{path} already exists", hint="pass --force to overwrite it")
        os.replace(tmp, path)
    except OSError as exc:  # a full disk, a read-only mount: said in one line, nothing half-written
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _is_block_device(path: Path) -> bool:
    try:
        return stat.S_ISBLK(path.stat().st_mode)
    except OSError:
        return False


def _write_in_place(path: Path, text: str | bytes) -> Path:
    try:
        with path.open("wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
    except OSError as exc:
        raise OutputError(f"cannot write to {path}: {exc.strerror or exc}") from None
    return path
