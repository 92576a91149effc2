"""The batch output folder: the tool's own files in a reserved namespace, the results log, and an
exclusive lock so two runs never brief into one folder at once.

Layout of `--out DIR`:
  DIR/<id>.<format>        one file per article and format (ids never start with a dot)
  DIR/results.jsonl        one line per article (the report users read and resume from)
  DIR/.summarizer/         the tool's state: the lock, and the Batch API's batch id and sidecars
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutputError

RESULTS = "results.jsonl"
STATE_DIR = ".summarizer"
LOCK = "lock"
#: Output stems an article id may not take, compared without case (`results.json` beside
#: `results.jsonl` would read as the tool's own file).
RESERVED_STEMS = frozenset({"results"})
_WAIT_POLL_S = 0.2


def state_dir(out: Path) -> Path:
    path = out / STATE_DIR
    if path.is_symlink():  # a planted link would send the lock and the batch state elsewhere
        raise OutputError(f"{path} is a symlink; the tool keeps its state only in a folder it made")
    path.mkdir(parents=True, exist_ok=True)
    return path


def open_own(path: Path, flags: int) -> int:
    """A descriptor on one of the tool's own files in the output folder, never through a
    symlink and only on a regular file: a link planted at `results.jsonl` or the lock must not
    make us append to, or truncate, whatever it points at."""
    try:
        fd = os.open(path, flags | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        if path.is_symlink():
            raise OutputError(f"{path} is a symlink, not a file this tool wrote; it was left alone") from None
        raise OutputError(f"cannot open {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputError(f"{path} is not a regular file; it was left alone")
    return fd


@dataclass(frozen=True)
class Made:
    outputs: set[str]
    engine: str | None
    model: str | None


@dataclass
class Finished:
    """What `results.jsonl` says is finished: id -> content hash (None for lines written
    before hashes were recorded), and how many lines could not be read."""

    done: dict[str, str | None] = field(default_factory=dict)
    unreadable: int = 0
    #: What each finished brief was made as: its output files, engine and model.
    made: dict[str, Made] = field(default_factory=dict)

    def covers(self, item_id: str, outputs: set[str], engine: str, model: str | None) -> bool:
        """Whether the finished brief of `item_id` is what this run would make: every output it
        asks for, by the same engine (and model, for the llm engine). Records from before
        engines and models were written cover only their outputs."""
        made = self.made.get(item_id)
        if made is None or not outputs <= made.outputs:
            return False
        if made.engine is not None and made.engine != engine:
            return False
        return engine != "llm" or made.model is None or made.model == model


def read_finished(out: Path) -> Finished:
    """Ids recorded as done or cached whose outputs are all still there."""
    found = Finished()
    path = out / RESULTS
    if path.is_symlink():
        raise OutputError(f"{path} is a symlink, not a file this tool wrote; it was left alone")
    if not path.exists():
        return found
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict) or not isinstance(rec.get("id"), str):
                    raise ValueError("not a result record")
            except ValueError:  # a line cut short by a kill: counted, and that article is redone
                found.unreadable += 1
                continue
            outputs = rec.get("outputs")
            outputs = [p for p in outputs if isinstance(p, str)] if isinstance(outputs, list) else []
            if rec.get("status") in ("done", "cached") and all((out / p).exists() for p in outputs):
                found.done[rec["id"]] = rec.get("sha256") if isinstance(rec.get("sha256"), str) else None
                found.made[rec["id"]] = Made(set(outputs), rec.get("engine"), rec.get("model"))
            elif rec["id"] in found.done and rec.get("status") == "failed":
                found.done.pop(rec["id"])  # a later failure (changed content) supersedes
                found.made.pop(rec["id"], None)
    return found


class ResultsLog:
    """Appends one JSON line per article, written at once: a killed process loses nothing
    finished. A torn last line from an earlier kill is ended first, so it cannot swallow the
    next record; a write the disk cannot take is taken back, so none is left torn."""

    def __init__(self, out: Path, durable: bool) -> None:
        self.path = out / RESULTS
        self.fd = open_own(self.path, os.O_RDWR | os.O_APPEND)
        self.durable = durable
        size = os.fstat(self.fd).st_size
        if size and os.pread(self.fd, 1, size - 1) != b"\n":
            self._append(b"\n")

    def write(self, record: dict) -> None:
        self._append((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))

    def _append(self, data: bytes) -> None:
        before = os.fstat(self.fd).st_size
        try:
            view = memoryview(data)
            while view:  # O_APPEND: each write lands at the end, in the OS at once
                view = view[os.write(self.fd, view) :]
            if self.durable:
                os.fsync(self.fd)
        except OSError as exc:  # a full disk, a read-only mount
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, before)
            raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def close(self) -> None:
        os.close(self.fd)


class FolderLock:
    """An exclusive lock on an output folder, held for a whole run. The lock file records the
    holder's PID for the message; the lock itself is the OS's (flock), so it is released when
    the process dies, however it dies, and a stale file never blocks a later run."""

    def __init__(self, out: Path, *, wait: bool = False) -> None:
        self.path = state_dir(out) / LOCK
        self.wait = wait
        self.fd: int | None = None

    def __enter__(self) -> FolderLock:
        fd = open_own(self.path, os.O_RDWR)
        try:
            while not _try_lock(fd):
                if not self.wait:
                    raise OutputError(
                        f"another summarizer run{_holder(self.path)} is writing to {self.path.parent.parent}",
                        hint="wait for it to finish, pass --wait to queue behind it, or use another --out",
                    )
                time.sleep(_WAIT_POLL_S)
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock
            self.fd = None


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: msvcrt locks a byte range instead
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _holder(path: Path) -> str:
    try:
        pid = path.read_text().strip()
    except OSError:
        return ""
    return f" (PID {pid})" if pid.isdigit() else ""
