"""CLI command: ``fairwarning serve`` — the local web application and JSON API (:mod:`fairwarning.web`)."""

from __future__ import annotations

from typing import Annotated

import typer

from fairwarning.cli._app import DbOption, app, db_path

__all__ = ["serve_command"]


@app.command("serve")
def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default; 0.0.0.0 exposes it).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    writable: Annotated[bool, typer.Option("--writable", help="Open the store read-write (default: read-only).")] = False,
) -> None:
    """Serve the web pages and the JSON API over a store: analyze, search, opinions, authority, system view."""
    from fairwarning.corpus.store import Store
    from fairwarning.errors import InputError

    try:
        import uvicorn

        from fairwarning.web.app import create_app
    except ImportError as exc:
        raise InputError(f"the web application needs its extra: install fairwarning[web] ({exc.name} is missing)") from exc
    if not 0 < port < 65536:
        raise InputError(f"--port {port}: use 1..65535")
    path = db_path(db)
    with Store(path, readonly=not writable):  # fail now, with one line, if the store cannot be opened
        pass
    typer.echo(f"fairwarning: serving {path} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    # keep idle connections 30 s (uvicorn's 5 s races clients that reuse a pooled connection as it closes)
    uvicorn.run(create_app(path, readonly=not writable), host=host, port=port, log_level="warning",
                server_header=False, timeout_keep_alive=30)
