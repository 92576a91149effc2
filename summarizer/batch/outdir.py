"""The batch output folder: the tool's own files in a reserved namespace, the results log, and an
exclusive lock so two runs never brief into one folder at once.

Layout of `--out DIR`:
  DIR/<id>.<format>        one file per article and format (ids never start with a dot)
  DIR/results.jsonl        one line per article (the report users read and resume from)
  DIR/.summarizer/         the tool's state: the lock, and the Batch API's batch id and sidecars
"""

from __future__ import annotations

import json
import os
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
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Finished:
    """What `results.jsonl` says is finished: id -> content hash (None for lines written
    before hashes were recorded), and how many lines could not be read."""

    done: dict[str, str | None] = field(default_factory=dict)
    unreadable: int = 0


def read_finished(out: Path) -> Finished:
    """Ids recorded as done or cached whose outputs are all still there."""
    found = Finished()
    path = out / RESULTS
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
            if rec.get("status") in ("done", "cached") and all((out / p).exists() for p in rec.get("outputs", [])):
                found.done[rec["id"]] = rec.get("sha256")
            elif rec["id"] in found.done and rec.get("status") == "failed":
                found.done.pop(rec["id"])  # a later failure (changed content) supersedes
    return found


class ResultsLog:
    """Appends one JSON line per article, flushed at once: a killed process loses nothing
    finished. A torn last line from an earlier kill is ended first, so it cannot swallow the
    next record."""

    def __init__(self, out: Path, durable: bool) -> None:
        path = out / RESULTS
        self.fh = path.open("a+b")
        self.durable = durable
        if self.fh.tell() > 0:
            self.fh.seek(-1, os.SEEK_END)
            if self.fh.read(1) != b"\n":
                self.fh.write(b"\n")
        self.fh.seek(0, os.SEEK_END)

    def write(self, record: dict) -> None:
        self.fh.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        self.fh.flush()  # in the OS now: a killed process cannot lose it
        if self.durable:
            os.fsync(self.fh.fileno())

    def close(self) -> None:
        self.fh.close()


class FolderLock:
    """An exclusive lock on an output folder, held for a whole run. The lock file records the
    holder's PID for the message; the lock itself is the OS's (flock), so it is released when
    the process dies, however it dies, and a stale file never blocks a later run."""

    def __init__(self, out: Path, *, wait: bool = False) -> None:
        self.path = state_dir(out) / LOCK
        self.wait = wait
        self.fd: int | None = None

    def __enter__(self) -> FolderLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
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
