"""A content-addressed cache of briefs (SQLite), so an unchanged re-run makes no model call.

The key covers everything that changes a brief: the article's text, the prompt and schema
versions, the package version (the extractive rules), the engine and the model settings.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
from pathlib import Path

from platformdirs import user_cache_dir

from ..errors import InputError
from ..llm.prompting import prompt_version
from ..logs import logger
from ..models import SCHEMA_VERSION, Brief
from ..reading import regular_file
from ..settings import Settings
from ..version import __version__

log = logger("summarizer.cache")


def default_cache_path() -> Path:
    return Path(user_cache_dir("summarizer")) / "briefs.sqlite"


def cache_key(text: str, settings: Settings) -> str:
    engine = settings.resolved_engine
    parts = {
        "article": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "schema": SCHEMA_VERSION,
        "package": __version__,
        "engine": engine,
        "prompt": prompt_version() if engine == "llm" else None,
        "model": [settings.provider, settings.model, settings.base_url, settings.mode, settings.max_calls]
        # (only when set, so the keys of every brief cached before it existed still hold)
        + ([settings.max_answer_tokens] if settings.max_answer_tokens is not None else [])
        if engine == "llm"
        else None,
        # what the brief keeps and how it reads the article change the brief too
        "output": [settings.verified_only, settings.article_language, settings.brief_language, settings.spacy_pipeline],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class BriefCache:
    """Briefs by key. A cache that cannot be opened, read or written (random bytes, a truncated
    file, a read-only folder, a corrupted page) never stops a batch: the first failure warns
    once, naming the path, and the run goes on without the cache."""

    def __init__(self, path: Path | str, *, warn=None) -> None:
        self.path = Path(path)
        self.warn = warn or (lambda message: log.warning("%s", message))
        self.db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # one connection, used from the batch's threads (the loader's, the event loop's) in
            # turn: the lock below serialises every use, so SQLite's same-thread check is off
            self.db = sqlite3.connect(self.path, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS briefs (key TEXT PRIMARY KEY, brief TEXT NOT NULL)")
            self.db.commit()
        except (sqlite3.Error, OSError) as exc:
            self._disable(exc)

    def _disable(self, exc: BaseException) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None
        self.warn(
            f"the cache {self.path} cannot be used ({type(exc).__name__}: {exc}); continuing without it "
            "(run `summarizer cache --check` or `--clear`)"
        )

    def get(self, key: str) -> Brief | None:
        with self._lock:  # one use at a time; the first failure disables it, and warns, once
            if self.db is None:
                return None
            try:
                row = self.db.execute("SELECT brief FROM briefs WHERE key = ?", (key,)).fetchone()
                return Brief.model_validate_json(row[0]) if row else None
            except (sqlite3.Error, ValueError) as exc:
                self._disable(exc)
                return None

    def put(self, key: str, brief: Brief) -> None:
        with self._lock:
            if self.db is None:
                return
            try:
                self.db.execute(
                    "INSERT OR REPLACE INTO briefs (key, brief) VALUES (?, ?)", (key, brief.model_dump_json())
                )
                self.db.commit()
            except sqlite3.Error as exc:
                self._disable(exc)

    def close(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            self.db = None


def check_cache(path: Path) -> tuple[bool, str]:
    """(healthy, one line saying so): SQLite's own integrity check, and that every row parses."""
    if not path.exists():
        return True, f"{path}: no cache yet"
    _refuse_what_is_not_a_cache(path)
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                return False, f"{path}: corrupt ({verdict.splitlines()[0]})"
            rows = db.execute("SELECT brief FROM briefs").fetchall()
        finally:
            db.close()
        for (text,) in rows:
            Brief.model_validate_json(text)
    except (sqlite3.Error, ValueError) as exc:
        return False, f"{path}: unusable ({type(exc).__name__}: {str(exc).splitlines()[0]})"
    return True, f"{path}: ok, {len(rows)} brief(s)"


SQLITE_HEADER = b"SQLite format 3\x00"


def _refuse_what_is_not_a_cache(path: Path, *, ours: bool = False) -> None:
    """A cache is a regular file that SQLite wrote and that holds our table: `--cache thesis.txt`
    or a device must never be deleted, and a FIFO must not be opened (it would block). `ours`:
    the default cache path, in the tool's own cache folder, where a damaged file is still ours."""
    regular_file(path, "a cache file", follow=False, hint="so not a cache; nothing was touched")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if head != SQLITE_HEADER and not ours:
        raise InputError(
            f"{path} is not a summarizer cache (not an SQLite file); nothing was touched",
            hint="if it is a damaged cache, delete it yourself",
        )
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            db.close()
    except sqlite3.Error:
        return  # a damaged cache is still ours to check or clear
    if tables and "briefs" not in tables:
        raise InputError(f"{path} is an SQLite file but not a summarizer cache; nothing was touched")


def clear_cache(path: Path, *, ours: bool = False) -> int:
    """Delete the cache file and SQLite's side files; returns how many files were removed.
    Only a file that is a cache is deleted (see `_refuse_what_is_not_a_cache`)."""
    if not path.exists() and not path.is_symlink():
        return 0
    _refuse_what_is_not_a_cache(path, ours=ours)
    removed = 0
    for suffix in ("", "-wal", "-shm", "-journal"):
        target = Path(f"{path}{suffix}")
        if target.is_file() and not target.is_symlink():
            target.unlink()
            removed += 1
    return removed
