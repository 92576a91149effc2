"""The command line: thin doors onto the library. `cli(argv) -> int`; the command itself is
`__main__.main`, which answers the root's own pages first and is the only one that exits."""

# No `from __future__ import annotations` here: typer reads every command's annotations on each
# run, and string annotations cost it an eval apiece (7 ms of a 15 ms `--help`).

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .cli_options import VerboseOpt, model_options
from .cli_root import COMMANDS, EPILOG, HELP, MAX_WIDTH, PROG, VERSION_HELP, version_line
from .errors import EXIT_INTERRUPTED, SummarizerError
from .render import FORMATS

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=HELP,
    epilog=EPILOG,
    pretty_exceptions_enable=False,
    # click's plain help: flags show no value placeholder, and option names are never cut
    rich_markup_mode=None,
    context_settings={"max_content_width": MAX_WIDTH},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(version_line())
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help=VERSION_HELP)] = False,
) -> None:
    """Turn a news article into a grounded one-page brief."""


# The output formats come from the render registry: add one there and it appears here.
Format = Enum("Format", {name: name for name in FORMATS}, type=str)
Paper = Enum("Paper", {"a4": "a4", "letter": "letter"}, type=str)
Via = Enum("Via", {"live": "live", "batch-api": "batch-api", "ray": "ray"}, type=str)
#: An output file's extension names its format, unless --format says otherwise.
_EXTENSIONS = {".md": "md", ".markdown": "md", ".json": "json", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def _output_format(fmt, output: Path | None) -> str:
    """The format to write: --format, else the extension of -o, else Markdown. A --format that
    contradicts the extension (`-o brief.pdf -f md`) is a usage error, before any work."""
    implied = _EXTENSIONS.get(output.suffix.lower()) if output is not None else None
    if fmt is not None and implied is not None and fmt.value != implied:
        raise typer.BadParameter(
            f"-o {output.name} is a .{output.suffix.lower().lstrip('.')} file, but --format is {fmt.value}",
            param_hint="'--format'",
        )
    return fmt.value if fmt is not None else implied or "md"


def _engine_note(settings) -> None:
    if settings.resolved_engine == "extractive" and settings.engine == "auto":
        _note("extractive engine (no model endpoint configured; set OPENAI_API_KEY or pass --base-url to use an LLM)")


def _note(message: str) -> None:
    typer.echo(f"summarizer: {message}", err=True)


@app.command("brief", short_help=COMMANDS["brief"])
@model_options
def brief(
    article: Annotated[str, typer.Argument(help="Article file (text or a saved web page), a URL, or - for stdin.")],
    fmt: Annotated[
        Format | None, typer.Option("--format", "-f", help="Output format (default: from -o's extension, else md).")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (atomically).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    paper: Annotated[Paper, typer.Option(help="Paper for --format pdf.")] = Paper.a4,
    open_page: Annotated[
        bool, typer.Option("--open", help="Open an HTML or PDF brief in the default browser (if there is one).")
    ] = False,
    fallback: Annotated[
        bool, typer.Option("--fallback/--no-fallback", help="Use the extractive brief if the model fails.")
    ] = True,
    verbose: VerboseOpt = 0,
    settings=None,
) -> None:
    """Write the brief of one article."""
    from . import pipeline
    from .load import load_article
    from .output import write_atomic
    from .render import render

    chosen = _output_format(fmt, output)
    if chosen == "pdf":  # a missing extra is said before the model is paid for
        from .render.pdf import require_weasyprint

        require_weasyprint()
    if output is not None and not force:
        from .errors import OutputError
        from .output import exists_as_file

        if exists_as_file(output):  # checked before the model is paid for
            raise OutputError(f"{output} already exists", hint="pass --force to overwrite it")
    loaded = load_article(article, max_bytes=settings.max_bytes, allow_private=settings.allow_private_urls)
    _engine_note(settings)
    import asyncio  # here, not at the top: --help should not import it

    result = asyncio.run(pipeline.brief_with_fallback(loaded, settings, fallback=fallback, on_fallback=_note))
    text = render(result, chosen, loaded.text, paper=paper.value)
    if output is None and isinstance(text, bytes) and sys.stdout.isatty():
        from .errors import ConfigError

        raise ConfigError("a PDF is not for the terminal", hint="pass -o brief.pdf, or redirect stdout to a file")
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        if open_page:
            _note("--open needs -o FILE (the page must be saved to be opened)")
    else:
        write_atomic(output, text, force=force)
        _note(f"wrote {output}")
        if open_page:
            _open(output)


def _open(path: Path) -> None:
    """Open a written page in the default browser; harmless (a note) where there is none."""
    import webbrowser

    try:
        opened = webbrowser.open(path.resolve().as_uri())
    except Exception:  # a broken browser setting is not the brief's failure
        opened = False
    if not opened:
        _note(f"no browser to open {path} (it is written)")


EXIT_BATCH_FAILURES = 8


@app.command("batch", short_help=COMMANDS["batch"])
@model_options
def batch(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or .jsonl of {id, text|path}.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder (one file per article + results.jsonl).")],
    concurrency: Annotated[int, typer.Option(min=1, max=512, help="Articles in flight at once.")] = 8,
    formats: Annotated[str, typer.Option("--format", "-f", help=f"Comma-separated: {', '.join(FORMATS)}.")] = "json",
    cache: Annotated[Path | None, typer.Option(help="Cache file (default: the user cache folder).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
    rpm: Annotated[float | None, typer.Option(help="Most requests per minute, over all workers.")] = None,
    tpm: Annotated[float | None, typer.Option(help="Most tokens per minute, over all workers.")] = None,
    via: Annotated[
        Via, typer.Option(help="live (this process), batch-api (the OpenAI Batch API) or ray (a Ray cluster).")
    ] = Via.live,
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address", help="With --via ray: a running cluster (auto, or ray://HOST:10001)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=256, help="Worker processes (default: one per core for a large batch)."),
    ] = None,
    actors: Annotated[
        int | None, typer.Option(min=1, help="With --via ray: actors in the pool (default: one per CPU).")
    ] = None,
    poll: Annotated[float, typer.Option(help="First Batch API poll interval in seconds (then backs off).")] = 5.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Plain lines only at the end.")] = False,
    durable: Annotated[bool, typer.Option("--durable", help="fsync each output (power-loss safe; slower).")] = False,
    allow_paths: Annotated[
        list[Path] | None,
        typer.Option("--allow-paths", help="Let JSONL path records read files under DIR too (repeatable)."),
    ] = None,
    wait: Annotated[bool, typer.Option("--wait", help="Wait for another run on the same --out to finish.")] = False,
    paper: Annotated[Paper, typer.Option(help="Paper for pdf outputs.")] = Paper.a4,
    verbose: VerboseOpt = 0,
    settings=None,
) -> None:
    """Brief every article of folders, files or a JSONL feed: resumable, cached, concurrent."""
    from .batch.cache import BriefCache, default_cache_path
    from .batch.ratelimit import RateGate
    from .batch.runner import BatchOptions, run_batch
    from .batch.sources import count_items, iter_items
    from .errors import ConfigError
    from .render import parse_formats

    try:
        chosen = parse_formats(formats)
    except ConfigError as exc:  # a bad choice on the command line: usage (exit 2), as for brief
        raise typer.BadParameter(exc.message, param_hint="'--format'") from None
    if "pdf" in chosen:  # a missing extra is said before any article is briefed
        from .render.pdf import require_weasyprint

        require_weasyprint()
    total = count_items(inputs, allow_paths=allow_paths)
    _engine_note(settings)
    store = None if no_cache else BriefCache(cache or default_cache_path(), warn=_note)
    opts = BatchOptions(
        out=out,
        concurrency=concurrency,
        formats=chosen,
        cache=store,
        gate=RateGate(rpm, tpm) if rpm or tpm else None,
        rpm=rpm,
        tpm=tpm,
        workers=workers,
        quiet=quiet,
        durable=durable,
        wait=wait,
        paper=paper.value,
    )
    if via.value == "ray":  # said before anything is read or sent, like a missing pdf extra
        from .batch.ray_run import require_ray

        require_ray()
    elif ray_address or actors:
        raise typer.BadParameter("only with --via ray", param_hint="'--ray-address' / '--actors'")
    import asyncio  # here, not at the top: --help should not import it

    try:
        if via.value == "ray":
            from .batch.ray_run import run_ray

            items = iter_items(inputs, allow_paths=allow_paths)
            tally = run_ray(items, total, settings, opts, address=ray_address, actors=actors, rpm=rpm, tpm=tpm)
        elif via.value == "batch-api":
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


@app.command("eval", short_help=COMMANDS["eval"])
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
    from .evaluate import evaluate_folder, format_table
    from .settings import build_settings

    settings = build_settings(None, engine=engine, model=model, base_url=base_url, api_key=api_key)
    scores, total = evaluate_folder(articles, gold, settings)
    if as_json:
        sys.stdout.write(
            json.dumps({"articles": [s.as_dict() for s in scores], "total": total.as_dict()}, indent=2) + "\n"
        )
    else:
        sys.stdout.write(format_table(scores, total) + "\n")


@app.command("cache", short_help=COMMANDS["cache"])
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
        removed = clear_cache(target, ours=path is None)
        _note(f"removed {target}" if removed else f"{target}: no cache to remove")
    elif check:
        healthy, line = check_cache(target)
        if not healthy:
            raise InputError(line, hint="run `summarizer cache --clear`; the next batch rebuilds it")
        typer.echo(line)
    else:
        typer.echo(str(target))


@app.command("extract", short_help=COMMANDS["extract"])
def extract_cmd(
    source: Annotated[str, typer.Argument(help="A URL, a saved web page, a text file, or - for stdin.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON: the text and what the page says of itself.")
    ] = False,
    max_bytes: Annotated[int | None, typer.Option(help="Refuse larger inputs.")] = None,
    allow_private_urls: Annotated[
        bool, typer.Option("--allow-private-urls", help="Let redirects reach private addresses.")
    ] = False,
) -> None:
    """Print exactly the text a brief's offsets refer to, so anyone can check a span."""
    from .load import DEFAULT_MAX_BYTES, load_article

    article = load_article(source, max_bytes=max_bytes or DEFAULT_MAX_BYTES, allow_private=allow_private_urls)
    if as_json:
        sys.stdout.write(
            json.dumps({"text": article.text, "source": article.origin or None}, ensure_ascii=False) + "\n"
        )
    elif sys.stdout.isatty():  # escape codes in a page must not drive the terminal (OSC 52 writes
        from .render.markdown import terminal_safe  # the clipboard); a pipe gets the exact text

        sys.stdout.write(terminal_safe(article.text))
    else:
        sys.stdout.write(article.text)


@app.command("schema", short_help=COMMANDS["schema"])
def schema() -> None:
    """Print the JSON Schema of the brief (the public contract)."""
    from .models import brief_json_schema

    sys.stdout.write(json.dumps(brief_json_schema(), indent=2, ensure_ascii=False) + "\n")


def cli(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; errors become one `Error: ...` line."""
    try:
        # typer turns Ctrl-C into an exit code (130) and returns it in non-standalone mode
        rv = app(args=argv, prog_name=PROG, standalone_mode=False)
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
        import logging

        logging.getLogger("summarizer").debug("internal error", exc_info=True)
        typer.echo(f"Error: internal error ({type(exc).__name__}: {exc}); please report it", err=True)
        return 1
