"""The `summarizer` command (and `python -m summarizer`): the root's own pages come from
`cli_root` without typer; every other command line goes to `cli.py`."""

import sys

from .cli_root import quick


def main() -> None:
    code = quick(sys.argv[1:])
    if code is None:
        from .cli import cli

        code = cli()
    sys.exit(code)


if __name__ == "__main__":
    main()
