"""The command line: thin doors onto the library. `cli(argv) -> int`; only `main` exits."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .errors import EXIT_INTERRUPTED, SummarizerError, redact

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn a news article into a grounded one-page brief.",
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    md = "md"
    json = "json"


class _Redact(logging.Filter):
    def __init__(self, secret: str | None) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secret:
            record.msg = redact(record.getMessage(), self.secret)
            record.args = ()
        return True


def _setup_logging(verbose: int, secret: str | None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_Redact(secret))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    # -v shows our own progress and retries; -vv adds the HTTP and SDK libraries.
    root.setLevel(logging.DEBUG if verbose >= 2 else logging.WARNING)
    logging.getLogger("summarizer").setLevel(
        logging.DEBUG if verbose >= 2 else logging.INFO if verbose else logging.WARNING
    )
    if verbose < 2:
        for noisy in ("instructor", "httpx", "httpx2", "openai", "httpcore"):
            logging.getLogger(noisy).setLevel(logging.CRITICAL)


# Options shared by the commands that call a model: declared once, used by each.
EngineOpt = Annotated[str | None, typer.Option(help="auto (default), llm or extractive.")]
ModelOpt = Annotated[str | None, typer.Option(help="Model name [env SUMMARIZER_MODEL].")]
BaseUrlOpt = Annotated[str | None, typer.Option(help="OpenAI-compatible base URL [env OPENAI_BASE_URL].")]
ApiKeyOpt = Annotated[str | None, typer.Option(help="API key [env OPENAI_API_KEY].")]
ModeOpt = Annotated[str | None, typer.Option(help="tools (default), json or md_json.")]
MaxCallsOpt = Annotated[int | None, typer.Option(help="Most model calls per article, re-asks included.")]
MaxTokensOpt = Annotated[int | None, typer.Option(help="Most tokens per article over all calls.")]
DeadlineOpt = Annotated[float | None, typer.Option(help="Wall-clock limit per article, in seconds.")]
RetriesOpt = Annotated[int | None, typer.Option(help="Retries per call after 429/5xx/timeouts.")]
MaxBytesOpt = Annotated[int | None, typer.Option(help="Refuse larger input files.")]
VerboseOpt = Annotated[int, typer.Option("--verbose", "-v", count=True, help="-v progress, -vv HTTP details.")]


# CLI option name -> Settings field, for the options above.
_SETTING_OF = {
    "engine": "engine", "model": "model", "base_url": "base_url", "api_key": "api_key", "mode": "mode",
    "max_calls": "max_calls", "max_tokens": "max_tokens", "deadline": "deadline_s",
    "transport_retries": "transport_retries", "max_bytes": "max_bytes",
}  # fmt: skip


def _settings(params: dict):
    """Settings from a command's parameters (its `locals()`), then logging set up for them."""
    from .pipeline import build_settings

    settings = build_settings(None, **{field: params[name] for name, field in _SETTING_OF.items()})
    _setup_logging(params["verbose"], settings.api_key.get_secret_value() if settings.api_key else None)
    return settings


def _engine_note(settings) -> None:
    if settings.resolved_engine == "extractive" and settings.engine == "auto":
        _note("extractive engine (no model endpoint configured; set OPENAI_API_KEY or pass --base-url to use an LLM)")


def _note(message: str) -> None:
    typer.echo(f"summarizer: {message}", err=True)


@app.command()
def brief(
    article: Annotated[str, typer.Argument(help="Article text file, or - for stdin.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.md,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (atomically).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    engine: EngineOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    api_key: ApiKeyOpt = None,
    mode: ModeOpt = None,
    max_calls: MaxCallsOpt = None,
    max_tokens: MaxTokensOpt = None,
    deadline: DeadlineOpt = None,
    transport_retries: RetriesOpt = None,
    max_bytes: MaxBytesOpt = None,
    fallback: Annotated[
        bool, typer.Option("--fallback/--no-fallback", help="Use the extractive brief if the model fails.")
    ] = True,
    verbose: VerboseOpt = 0,
) -> None:
    """Write the brief of one article."""
    from . import pipeline
    from .load import load_article
    from .output import write_atomic
    from .render import to_json, to_markdown

    settings = _settings(locals())
    if output is not None and not force:
        from .errors import OutputError
        from .output import exists_as_file

        if exists_as_file(output):  # checked before the model is paid for
            raise OutputError(f"{output} already exists", hint="pass --force to overwrite it")
    loaded = load_article(article, max_bytes=settings.max_bytes)
    _engine_note(settings)
    result = asyncio.run(pipeline.brief_with_fallback(loaded, settings, fallback=fallback, on_fallback=_note))
    text = to_json(result) if fmt is Format.json else to_markdown(result)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text, force=force)
        _note(f"wrote {output}")


EXIT_BATCH_FAILURES = 8


@app.command()
def batch(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or .jsonl of {id, text|path}.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder (one file per article + results.jsonl).")],
    concurrency: Annotated[int, typer.Option(min=1, max=512, help="Articles in flight at once.")] = 8,
    formats: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: json, md.")] = "json",
    cache: Annotated[Path | None, typer.Option(help="Cache file (default: the user cache folder).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
    rpm: Annotated[float | None, typer.Option(help="Most requests per minute, over all workers.")] = None,
    tpm: Annotated[float | None, typer.Option(help="Most tokens per minute, over all workers.")] = None,
    via: Annotated[str, typer.Option(help="live (default) or batch-api (the OpenAI Batch API).")] = "live",
    poll: Annotated[float, typer.Option(help="First Batch API poll interval in seconds (then backs off).")] = 5.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Plain lines only at the end.")] = False,
    durable: Annotated[bool, typer.Option("--durable", help="fsync each output (power-loss safe; slower).")] = False,
    allow_paths: Annotated[
        list[Path] | None,
        typer.Option("--allow-paths", help="Let JSONL path records read files under DIR too (repeatable)."),
    ] = None,
    wait: Annotated[bool, typer.Option("--wait", help="Wait for another run on the same --out to finish.")] = False,
    engine: EngineOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    api_key: ApiKeyOpt = None,
    mode: ModeOpt = None,
    max_calls: MaxCallsOpt = None,
    max_tokens: MaxTokensOpt = None,
    deadline: DeadlineOpt = None,
    transport_retries: RetriesOpt = None,
    max_bytes: MaxBytesOpt = None,
    verbose: VerboseOpt = 0,
) -> None:
    """Brief every article of folders, files or a JSONL feed: resumable, cached, concurrent."""
    from .batch.cache import BriefCache, default_cache_path
    from .batch.ratelimit import RateGate
    from .batch.runner import BatchOptions, run_batch
    from .batch.sources import count_items, iter_items
    from .errors import ConfigError

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    if not chosen or set(chosen) - {"json", "md"}:
        raise ConfigError(f"--format takes json, md or json,md (got {formats!r})")
    if via not in ("live", "batch-api"):
        raise ConfigError(f"--via takes live or batch-api (got {via!r})")
    settings = _settings(locals())
    total = count_items(inputs, allow_paths=allow_paths)
    _engine_note(settings)
    store = None if no_cache else BriefCache(cache or default_cache_path(), warn=_note)
    opts = BatchOptions(
        out=out,
        concurrency=concurrency,
        formats=chosen,
        cache=store,
        gate=RateGate(rpm, tpm) if rpm or tpm else None,
        quiet=quiet,
        durable=durable,
        wait=wait,
    )
    try:
        if via == "batch-api":
            from .batch.openai_batch import run_batch_api

            tally = asyncio.run(
                run_batch_api(iter_items(inputs, allow_paths=allow_paths), total, settings, opts, poll_s=poll)
            )
        else:
            tally = asyncio.run(run_batch(iter_items(inputs, allow_paths=allow_paths), total, settings, opts))
    finally:
        if store is not None:
            store.close()
    if tally.failed:
        _note(f"{tally.failed} article(s) failed: see {out / 'results.jsonl'}")
        raise typer.Exit(EXIT_BATCH_FAILURES)


@app.command("eval")
def evaluate(
    articles: Annotated[Path, typer.Argument(help="Folder of article .txt files.")],
    gold: Annotated[Path, typer.Argument(help="Folder of gold .json files (GOLD_SPEC.md format).")],
    engine: Annotated[str, typer.Option(help="extractive (default) or llm.")] = "extractive",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    model: Annotated[str | None, typer.Option(help="Model name, for --engine llm.")] = None,
    base_url: Annotated[str | None, typer.Option(help="Base URL, for --engine llm.")] = None,
    api_key: Annotated[str | None, typer.Option(help="API key, for --engine llm.")] = None,
) -> None:
    """Score an engine's briefs against gold labels: P/R/F1, agreement recall, grounding."""
    from . import pipeline
    from .errors import InputError
    from .evaluate import Score, format_table, load_gold, score_brief
    from .load import load_article

    settings = pipeline.build_settings(None, engine=engine, model=model, base_url=base_url, api_key=api_key)
    golds = load_gold(gold)
    if not golds:
        raise InputError(f"no gold .json files in {gold}")
    scores, total = [], Score(article="TOTAL")
    for name, g in golds.items():
        article = load_article(articles / name)
        result = asyncio.run(pipeline.brief_article(article, settings))
        s = score_brief(result, g, article.text)
        scores.append(s)
        total.add(s)
    if as_json:
        sys.stdout.write(
            json.dumps({"articles": [s.as_dict() for s in scores], "total": total.as_dict()}, indent=2) + "\n"
        )
    else:
        sys.stdout.write(format_table(scores, total) + "\n")


@app.command("cache")
def cache_cmd(
    check: Annotated[bool, typer.Option("--check", help="Check the cache's integrity (exit 3 if unusable).")] = False,
    clear: Annotated[bool, typer.Option("--clear", help="Delete the cache.")] = False,
    path: Annotated[Path | None, typer.Option("--cache", help="Cache file (default: the user cache folder).")] = None,
) -> None:
    """Check or clear the brief cache that `summarizer batch` keeps."""
    from .batch.cache import check_cache, clear_cache, default_cache_path
    from .errors import InputError

    target = path or default_cache_path()
    if clear:
        removed = clear_cache(target)
        _note(f"removed {target}" if removed else f"{target}: no cache to remove")
    elif check:
        healthy, line = check_cache(target)
        if not healthy:
            raise InputError(line, hint="run `summarizer cache --clear`; the next batch rebuilds it")
        typer.echo(line)
    else:
        typer.echo(str(target))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the brief (the public contract)."""
    from .models import brief_json_schema

    sys.stdout.write(json.dumps(brief_json_schema(), indent=2, ensure_ascii=False) + "\n")


def cli(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; errors become one `Error: ...` line."""
    try:
        # typer turns Ctrl-C into an exit code (130) and returns it in non-standalone mode
        rv = app(args=argv, prog_name="summarizer", standalone_mode=False)
        if rv == EXIT_INTERRUPTED:
            typer.echo("Interrupted.", err=True)
        return rv if isinstance(rv, int) else 0
    except SummarizerError as exc:
        typer.echo(f"Error: {exc}", err=True)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        typer.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except typer.TyperException as exc:  # usage errors (typer's own copy of click's): usage + one line
        exc.show()
        return getattr(exc, "exit_code", 2)
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug of ours: still one line, details with -vv
        logging.getLogger("summarizer").debug("internal error", exc_info=True)
        typer.echo(f"Error: internal error ({type(exc).__name__}: {exc}); please report it", err=True)
        return 1


def main() -> None:
    sys.exit(cli())
