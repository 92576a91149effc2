"""The command line: thin doors onto the library. `cli(argv) -> int`; only `main` exits."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import click
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


def _note(message: str) -> None:
    typer.echo(f"summarizer: {message}", err=True)


@app.command()
def brief(
    article: Annotated[str, typer.Argument(help="Article text file, or - for stdin.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.md,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (atomically).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    engine: Annotated[str | None, typer.Option(help="auto (default), llm or extractive.")] = None,
    model: Annotated[str | None, typer.Option(help="Model name [env SUMMARIZER_MODEL].")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible base URL [env OPENAI_BASE_URL].")] = None,
    api_key: Annotated[str | None, typer.Option(help="API key [env OPENAI_API_KEY].")] = None,
    mode: Annotated[str | None, typer.Option(help="tools (default), json or md_json.")] = None,
    max_calls: Annotated[int | None, typer.Option(help="Most model calls, re-asks included.")] = None,
    max_tokens: Annotated[int | None, typer.Option(help="Most tokens over all calls.")] = None,
    deadline: Annotated[float | None, typer.Option(help="Wall-clock limit in seconds.")] = None,
    transport_retries: Annotated[int | None, typer.Option(help="Retries per call after 429/5xx/timeouts.")] = None,
    max_bytes: Annotated[int | None, typer.Option(help="Refuse larger input files.")] = None,
    fallback: Annotated[
        bool, typer.Option("--fallback/--no-fallback", help="Use the extractive brief if the model fails.")
    ] = True,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="-v progress, -vv HTTP details.")] = 0,
) -> None:
    """Write the brief of one article."""
    from . import pipeline
    from .load import load_article
    from .output import write_atomic
    from .render import to_json, to_markdown

    settings = pipeline.build_settings(
        None,
        engine=engine,
        model=model,
        base_url=base_url,
        api_key=api_key,
        mode=mode,
        max_calls=max_calls,
        max_tokens=max_tokens,
        deadline_s=deadline,
        transport_retries=transport_retries,
        max_bytes=max_bytes,
    )
    _setup_logging(verbose, settings.api_key.get_secret_value() if settings.api_key else None)
    if output is not None and output.exists() and not force:
        from .errors import OutputError

        raise OutputError(f"{output} already exists", hint="pass --force to overwrite it")
    loaded = load_article(article, max_bytes=settings.max_bytes)
    if settings.resolved_engine == "extractive" and settings.engine == "auto":
        _note("extractive engine (no model endpoint configured; set OPENAI_API_KEY or pass --base-url to use an LLM)")
    result = asyncio.run(pipeline.brief_with_fallback(loaded, settings, fallback=fallback, on_fallback=_note))
    text = to_json(result) if fmt is Format.json else to_markdown(result)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text, force=force)
        _note(f"wrote {output}")


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
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        typer.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        typer.echo(f"Error: {exc.format_message()}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug of ours: still one line, details with -vv
        logging.getLogger("summarizer").debug("internal error", exc_info=True)
        typer.echo(f"Error: internal error ({type(exc).__name__}: {exc}); please report it", err=True)
        return 1


def main() -> None:
    sys.exit(cli())
