"""Briefs on a Ray cluster: `BriefRows`, a callable class for `Dataset.map_batches` that holds
one engine per actor, and `brief_dataset`, which wires it with a sensible pool and batch size.

Each actor runs exactly the per-article path of `summarizer batch` (`runner.brief_item`): the
same loading, engine, checks and budget per article, the cache when one is named. A failed
article is a row with its error, never an exception that stops the job. Ray restarts an actor
that dies (a SIGKILL, an out-of-memory kill) and retries its batch, so every row still comes
out. The driver behind `summarizer batch --via ray` is `ray_run`.

Ray is an optional extra (`pip install 'grounded-news-brief[ray]'`); this module imports it
only where a Dataset is built, so the callable itself can be pickled to any worker.
"""

from __future__ import annotations

import asyncio
import math
from pathlib import Path
from typing import Any

from ..settings import Settings
from .cache import BriefCache
from .ratelimit import RateGate
from .runner import BatchOptions, Briefed, Prior, brief_item, failed_result, with_outputs
from .sources import NO_ARTICLE, Item

#: Columns an input row may have: `id` and one of `text`, `url` or `path` (a path is read by
#: the worker, so on a cluster it must be on storage every node sees).
INPUT_COLUMNS = ("id", "source", "text", "url", "path", "error")
#: Articles each actor has in flight when `brief_dataset` is not told otherwise.
PER_ACTOR_DEFAULT = 8


def _schema(formats: tuple[str, ...]):
    import pyarrow as pa

    usage = pa.struct([(k, pa.int64()) for k in ("prompt_tokens", "completion_tokens", "total_tokens")])
    fields = [
        ("id", pa.string()),
        ("source", pa.string()),
        ("status", pa.string()),  # done, cached, skipped or failed
        ("brief", pa.string()),  # the brief as JSON (the public contract), or null
        ("error", pa.string()),
        ("usage", usage),
        ("attempts", pa.int64()),
        ("sha256", pa.string()),  # the article text's content hash
        ("engine", pa.string()),
        ("model", pa.string()),
        ("warnings", pa.int64()),
        ("replaced", pa.bool_()),
    ]
    fields += [(f"output_{fmt}", pa.binary() if fmt == "pdf" else pa.string()) for fmt in formats]
    return pa.schema(fields)


class BriefRows:
    """`ds.map_batches(BriefRows, fn_constructor_kwargs={...}, concurrency=N, batch_size=B)`.

    Takes rows with `id` and `text`, `url` or `path`; returns one row per input row with `id`,
    `status` (done, cached, skipped or failed), `brief` (its JSON), `error`, `usage`,
    `attempts`, `sha256` (the article's content hash), `engine`, `model`, `warnings` and, for
    each format asked for, `output_<format>`. Rows may also carry `skip` (a content hash whose
    brief already exists, "*" for any) and `replaced`, as the CLI's driver sets them.

    One engine per actor, made on the first article, so its client and connections are reused
    across every batch the actor gets. `concurrency` is the articles one actor has in flight;
    `rpm`/`tpm` are this actor's share of the limits (`brief_dataset` divides them)."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        formats: tuple[str, ...] = (),
        paper: str = "a4",
        concurrency: int = PER_ACTOR_DEFAULT,
        rpm: float | None = None,
        tpm: float | None = None,
        cache_path: str | None = None,
    ) -> None:
        self.settings = settings if settings is not None else Settings()
        self.formats = tuple(formats)
        self.schema = _schema(self.formats)
        self.opts = BatchOptions(
            out=Path("."),  # never written: the driver owns the output folder
            concurrency=concurrency,
            formats=self.formats,
            cache=BriefCache(cache_path) if cache_path else None,
            gate=RateGate(rpm, tpm) if rpm or tpm else None,
            quiet=True,
            paper=paper,
        )
        self._engine = None
        self._limit: asyncio.Semaphore | None = None

    def _engine_now(self):
        if self._engine is None:
            from ..pipeline import engine_for

            self._engine = engine_for(self.settings, gate=self.opts.gate)
        return self._engine

    async def __call__(self, batch: Any):
        """Ray runs several batches of one actor at once on its event loop (an async UDF); the
        semaphore keeps the actor's articles in flight at `concurrency` over all of them."""
        import pyarrow as pa

        if self._limit is None:
            self._limit = asyncio.Semaphore(self.opts.concurrency)
        rows = _rows_of(batch)
        done = await asyncio.gather(*(self._one(row) for row in rows))
        return pa.Table.from_pylist(done, schema=self.schema)

    async def _one(self, row: dict) -> dict:
        try:
            return await self._brief_row(row)
        except Exception as exc:  # a row Ray could not even make an item of: still only a failed row
            record = {"id": str(row.get("id")), "source": str(row.get("source") or row.get("id"))}
            return _row_of(failed_result(record, exc), {}, self.formats)

    async def _brief_row(self, row: dict) -> dict:
        has_article = any(row.get(k) is not None for k in ("text", "url", "path"))
        item = Item(
            str(row.get("id")),
            str(row.get("source") or row.get("id")),
            text=row.get("text"),
            url=row.get("url"),
            path=Path(row["path"]) if row.get("path") else None,
            error=row.get("error") or (None if has_article else NO_ARTICLE),
        )
        prior = Prior(skip=row.get("skip") or None, replaced=bool(row.get("replaced")))
        async with self._limit:
            briefed = await brief_item(item, self.settings, self._engine_now, self.opts, prior)
            briefed, rendered = await asyncio.to_thread(with_outputs, briefed, self.formats, self.opts.paper)
        return _row_of(briefed, rendered, self.formats)

    def __del__(self) -> None:
        if self.opts.cache is not None:
            self.opts.cache.close()


def _rows_of(batch: Any) -> list[dict]:
    """A batch in any of Ray's formats (dict of arrays, pandas, pyarrow) as a list of rows."""
    if hasattr(batch, "to_pylist"):
        return batch.to_pylist()
    if hasattr(batch, "to_dict") and hasattr(batch, "columns"):
        return batch.to_dict("records")
    columns = {k: (v.tolist() if hasattr(v, "tolist") else list(v)) for k, v in batch.items()}
    length = len(next(iter(columns.values()), []))
    return [{k: v[i] for k, v in columns.items()} for i in range(length)]


def _row_of(briefed: Briefed, rendered: dict, formats: tuple[str, ...]) -> dict:
    record = briefed.record
    usage = record.get("usage") or {}
    row = {
        "id": record["id"],
        "source": record.get("source"),
        "status": briefed.status,
        "brief": briefed.brief.model_dump_json() if briefed.brief is not None else None,
        "error": record.get("error"),
        "usage": {k: usage.get(k, 0) for k in ("prompt_tokens", "completion_tokens", "total_tokens")},
        "attempts": record.get("attempts") or 0,
        "sha256": record.get("sha256"),
        "engine": record.get("engine"),
        "model": record.get("model"),
        "warnings": record.get("warnings") or 0,
        "replaced": bool(record.get("replaced")),
    }
    for fmt in formats:
        row[f"output_{fmt}"] = rendered.get(fmt)
    return row


def record_of(row: dict) -> Briefed:
    """The driver's view of an output row: the results line `summarizer batch` would write."""
    record: dict = {"id": row["id"], "source": row["source"]}
    if row.get("sha256"):
        record["sha256"] = row["sha256"]
    if row.get("replaced"):
        record["replaced"] = True
    status = row["status"]
    record.update(status=status, outputs=[])
    if status in ("done", "cached"):
        record.update(engine=row["engine"], model=row["model"])
    usage = row.get("usage") or {}
    record.update(
        attempts=row["attempts"],
        usage=dict(usage) if status != "failed" or any(usage.values()) else None,
        error=row.get("error"),
    )
    if status in ("done", "cached"):
        record["warnings"] = row["warnings"]
    return Briefed(status, record)


def pool_size(actors: int | None) -> int:
    """Actors to run: as asked, else one per CPU of the cluster (each actor's articles are
    mostly waiting on the model; its own CPU is the analysis and the checks)."""
    if actors:
        return actors
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def brief_dataset(
    ds,
    settings: Settings | None = None,
    *,
    formats: tuple[str, ...] = (),
    paper: str = "a4",
    concurrency: int | None = None,
    actors: int | None = None,
    rpm: float | None = None,
    tpm: float | None = None,
    cache_path: str | Path | None = None,
    num_cpus: float = 1,
):
    """The briefs of a Dataset of articles, as a Dataset (lazy, like any Ray Data transform).

    `concurrency` is the articles in flight over the whole pool (default 8 per actor), split
    evenly over `actors` (default: one per CPU); `rpm` and `tpm` are limits over the whole
    pool, each actor pacing itself at its share. The batch size is the per-actor concurrency,
    so Ray's overlapping of batches on an actor keeps its articles in flight."""
    actors = pool_size(actors)
    per_actor = max(1, math.ceil(concurrency / actors)) if concurrency else PER_ACTOR_DEFAULT
    kwargs = {
        "settings": settings if settings is not None else Settings(),
        "formats": tuple(formats),
        "paper": paper,
        "concurrency": per_actor,
        "rpm": rpm / actors if rpm else None,
        "tpm": tpm / actors if tpm else None,
        "cache_path": str(cache_path) if cache_path else None,
    }
    from ray.data import ActorPoolStrategy

    # Ray's defaults for an actor pool restart a dead actor and retry its tasks without limit,
    # which is what keeps every row through a killed worker; they are left as they are.
    return ds.map_batches(
        BriefRows,
        fn_constructor_kwargs=kwargs,
        compute=ActorPoolStrategy(size=actors),
        batch_size=per_actor,
        batch_format="pyarrow",  # None stays None (numpy would turn an empty column into NaN)
        num_cpus=num_cpus,
    )
