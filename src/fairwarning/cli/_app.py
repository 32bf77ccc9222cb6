"""The shared Typer app and the error boundary."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

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


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; on success it replaces ``path`` in one step (``os.replace``), on any
    failure (a full disk) it is removed and an existing ``path`` is left as it was -- never half-written."""
    from fairwarning.errors import InputError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        os.close(fd)
    except OSError as exc:
        raise InputError(f"cannot write to {path}: {exc.strerror or exc}") from exc
    tmp = Path(name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would make the output private
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write to {path}: {exc.strerror or exc}; nothing was written") from exc
    finally:
        with suppress(OSError):
            tmp.unlink()


@contextmanager
def atomic_output(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """``open(path, "w")`` that replaces ``path`` only once everything was written and synced (see
    :func:`atomic_path`)."""
    with atomic_path(path) as tmp, (open(tmp, "wb") if binary else open(tmp, "w", encoding="utf-8", newline="")) as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


@contextmanager
def errors_as_json(as_json: bool) -> Iterator[None]:
    """With ``--json``, print a library error as JSON on stdout (``{"error": {"type": kind, "message": ...}}``, the shape
    of every ``--json`` command) and exit 2; without, let :func:`main` print it as one line on stderr."""
    try:
        yield
    except FairwarningError as exc:
        if not as_json:
            raise
        print_json(exc.to_json())
        raise typer.Exit(2) from exc


#: exit codes: 0 done; 1 done, but some inputs were rejected (ingest); 2 bad input or an environment problem
#: (a missing, locked or corrupt store, a full disk); 3 an internal error -- a bug in fairwarning
EXIT_OK, EXIT_REJECTED, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
#: set to 1 to see the traceback of an internal error
DEBUG_ENV = "FAIRWARNING_DEBUG"


def wait_notice(message: str) -> None:
    """Tell the user a write is waiting for another process (``Store(on_wait=...)``)."""
    err_console.print(message, highlight=False, soft_wrap=True, markup=False)


def main() -> None:
    """Console-script entry point: run the app; a library error is one clear line and exit 2, anything else an
    internal error (exit 3, one line; ``FAIRWARNING_DEBUG=1`` prints the traceback). Never a bare traceback."""
    import os

    try:
        app()
    except FairwarningError as exc:
        _fail(str(exc), EXIT_INTERNAL if exc.kind == "data_error" else EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:  # `fairwarning export labels | head`: the reader left
        sys.stderr.close()
        sys.exit(EXIT_OK)
    except Exception as exc:
        from fairwarning.corpus.store import as_store_error

        translated = as_store_error(exc)
        if translated is not None:
            _fail(str(translated), EXIT_BAD_INPUT)
        if isinstance(exc, OSError) and exc.errno is not None:  # a full disk, a permission: the environment's
            _fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), EXIT_BAD_INPUT)
        if os.environ.get(DEBUG_ENV):
            import traceback

            traceback.print_exc()
        detail = " ".join(str(exc).split())[:300]
        _fail(f"internal error ({type(exc).__name__}: {detail}) -- a bug in fairwarning; nothing half-written was "
              f"kept. Please report it; {DEBUG_ENV}=1 shows the traceback", EXIT_INTERNAL)


def _fail(message: str, code: int) -> None:
    err_console.print(f"[bold red]error:[/] {escape(_printable(message))}", highlight=False, soft_wrap=True)
    sys.exit(code)


def _printable(text: str) -> str:
    """``text`` without terminal control characters (an ANSI escape in a file name must not reach the screen)."""
    return "".join(ch if ch.isprintable() or ch in "\t" else "\ufffd" for ch in text)
