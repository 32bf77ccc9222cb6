"""The shared Typer app and the error boundary."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from fairwarning.errors import FairwarningError

app = typer.Typer(
    name="fairwarning",
    help="Qualified-immunity research over real case law.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
#: ``fairwarning export ...`` and ``fairwarning eval ...`` sub-groups
export_app = typer.Typer(help="Export data from the store.", no_args_is_help=True)
eval_app = typer.Typer(help="Evaluate labels and retrieval against held-out data.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(eval_app, name="eval")

err_console = Console(stderr=True)

#: the ``--db`` option every store command takes
DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Store file (default: the per-user data directory's fairwarning.db).", show_default=False),
]


def db_path(db: Path | None) -> Path:
    """The store a command uses: ``--db`` or the per-user default."""
    from fairwarning.corpus.store import default_db_path

    return db if db is not None else default_db_path()


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


@contextmanager
def errors_as_json(as_json: bool) -> Iterator[None]:
    """With ``--json``, print a library error as JSON on stdout (``{"error": kind, "message": ...}``, the shape
    of every ``--json`` command) and exit 2; without, let :func:`main` print it as one line on stderr."""
    try:
        yield
    except FairwarningError as exc:
        if not as_json:
            raise
        print_json(exc.to_json())
        raise typer.Exit(2) from exc


def main() -> None:
    """Console-script entry point: run the app, turning library errors into one clear line and exit 2."""
    try:
        app()
    except FairwarningError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
