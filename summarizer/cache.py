"""A content-addressed cache of briefs (SQLite), so an unchanged re-run makes no model call.

The key covers everything that changes a brief: the article's text, the prompt and schema
versions, the package version (the extractive rules), the engine and the model settings.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from platformdirs import user_cache_dir

from . import __version__
from .models import SCHEMA_VERSION, Brief
from .prompting import prompt_version
from .settings import Settings


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
        "model": [settings.model, settings.base_url, settings.mode, settings.max_calls] if engine == "llm" else None,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class BriefCache:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS briefs (key TEXT PRIMARY KEY, brief TEXT NOT NULL)")
        self.db.commit()

    def get(self, key: str) -> Brief | None:
        row = self.db.execute("SELECT brief FROM briefs WHERE key = ?", (key,)).fetchone()
        return Brief.model_validate_json(row[0]) if row else None

    def put(self, key: str, brief: Brief) -> None:
        self.db.execute("INSERT OR REPLACE INTO briefs (key, brief) VALUES (?, ?)", (key, brief.model_dump_json()))
        self.db.commit()

    def close(self) -> None:
        self.db.close()
