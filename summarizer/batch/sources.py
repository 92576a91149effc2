"""Batch inputs: files, folders (recursive) and JSONL records, each with a stable id."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .outdir import RESERVED_STEMS

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm", ".text"}


@dataclass(frozen=True)
class Item:
    """One article to brief: its id, and either its text or the path to read it from."""

    id: str
    source: str
    text: str | None = None
    path: Path | None = None
    error: str | None = None
    url: str | None = None  # a bad JSONL record: recorded as failed, never stops the batch


NO_ARTICLE = 'record has none of "text", "url", "path"'
MAX_ID_CHARS = 80  # file names stay well under every file system's limit, with room for a hash


def safe_id(raw: str) -> str:
    """A file-name-safe id; a short hash keeps distinct raw ids distinct after cleaning."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", raw).strip(".-")[:MAX_ID_CHARS] or "article"
    if cleaned != raw:
        cleaned += "-" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return cleaned


def _folder_items(root: Path) -> Iterator[Item]:
    # a symlink in the folder that leads out of it (to ~/.ssh, /etc) is not one of its articles
    inside = [Path(os.path.realpath(root))]
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES):
        rel = path.relative_to(root).with_suffix("")
        item_id = safe_id("__".join(rel.parts))
        if not _confined(path, inside):
            yield Item(id=item_id, source=str(path), error=f"{path} is a symlink out of {root}; not read")
            continue
        yield Item(id=item_id, source=str(path), path=path)


#: The longest feed line read; a longer one is skipped, not read whole into memory. Far above
#: any article the size limit lets through, even JSON-escaped.
MAX_LINE_CHARS = 16_000_000


def _lines(fh) -> Iterator[tuple[int, str | None]]:
    """(number, line) of a feed; None for a line over `MAX_LINE_CHARS`, whose rest is skipped."""
    n = 0
    while line := fh.readline(MAX_LINE_CHARS):
        n += 1
        if len(line) == MAX_LINE_CHARS and not line.endswith("\n"):
            while (rest := fh.readline(MAX_LINE_CHARS)) and not rest.endswith("\n"):
                pass
            yield n, None
            continue
        yield n, line


def _confined(target: Path, roots: list[Path]) -> bool:
    real = Path(os.path.realpath(target))  # symlinks and ".." resolved: where it really is
    return any(real == root or root in real.parents for root in roots)


def _jsonl_items(path: Path, allow: list[Path]) -> Iterator[Item]:
    # A feed names files relative to its own folder; reading anywhere else (/etc/shadow,
    # ../../secrets) and sending it to an endpoint takes an explicit --allow-paths.
    roots = [Path(os.path.realpath(path.parent)), *(Path(os.path.realpath(a)) for a in allow)]
    with path.open(encoding="utf-8", errors="replace") as fh:
        for n, line in _lines(fh):
            where = f"{path}:{n}"
            if line is None:
                error = f"the line is over {MAX_LINE_CHARS:,} characters; skipped"
                yield Item(id=safe_id(f"{path.stem}-line-{n}"), source=where, error=error)
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError("not an object")
            except ValueError as exc:
                yield Item(id=safe_id(f"{path.stem}-line-{n}"), source=where, error=f"bad JSONL record ({exc})")
                continue
            raw_id = str(record.get("id") or f"{path.stem}-line-{n}")
            if isinstance(record.get("text"), str):
                yield Item(id=safe_id(raw_id), source=where, text=record["text"])
            elif isinstance(record.get("url"), str):
                yield Item(id=safe_id(raw_id), source=where, url=record["url"])
            elif isinstance(record.get("path"), str):
                target = Path(record["path"])
                target = target if target.is_absolute() else path.parent / target
                if not _confined(target, roots):
                    error = f"{record['path']} is outside the feed's folder (pass --allow-paths DIR to allow it)"
                    yield Item(id=safe_id(raw_id), source=where, error=error)
                else:
                    yield Item(id=safe_id(raw_id), source=where, path=target)
            else:
                yield Item(id=safe_id(raw_id), source=where, error=NO_ARTICLE)


class _Names:
    """Output names handed out so far, compared without case: on macOS and Windows "Dup" and
    "dup" are one file, so two articles must never get them."""

    def __init__(self) -> None:
        self.used = set(RESERVED_STEMS)

    def take(self, wanted: str, source: str) -> str:
        name = wanted
        if name.casefold() in self.used:
            name = safe_id(f"{wanted}@{source}")  # stable for the same input, whatever the order
            n = 2
            while name.casefold() in self.used:  # never over a name already handed out
                name = f"{wanted}-{n}"
                n += 1
        self.used.add(name.casefold())
        return name


def iter_items(inputs: list[str], *, allow_paths: list[Path] | None = None) -> Iterator[Item]:
    """Every article named by the inputs, lazily (texts are read by the workers)."""
    names = _Names()
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            items = _folder_items(path)
        elif path.suffix.lower() == ".jsonl" and path.is_file():
            items = _jsonl_items(path, list(allow_paths or []))
        elif path.is_file():
            items = iter([Item(id=safe_id(path.stem), source=str(path), path=path)])
        elif path.exists():
            raise InputError(f"{path} is not a regular file", hint="give article files, folders or .jsonl feeds")
        else:
            raise InputError(f"{path} does not exist")
        for item in items:
            name = names.take(item.id, item.source)
            if name != item.id:
                item = Item(name, item.source, item.text, item.path, item.error, item.url)
            yield item


def count_items(inputs: list[str], *, allow_paths: list[Path] | None = None) -> int:
    return sum(1 for _ in iter_items(inputs, allow_paths=allow_paths))
