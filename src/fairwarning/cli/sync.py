"""CLI command ``fairwarning sync``: fetch one court's opinions from the live CourtListener API (thin)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer

from fairwarning.cli._app import DbOption, app, db_path, err_console, wait_notice

__all__ = ["sync_citations_command", "sync_command"]


def _date(value: str | None, flag: str) -> dt.date | None:
    from fairwarning.errors import InputError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{flag} {value!r} is not a date: use YYYY-MM-DD, e.g. {flag} 2015-01-31") from exc


@app.command("sync")
def sync_command(
    court: Annotated[
        str, typer.Option("--court", help="courts-db / CourtListener court id, e.g. ca1, scotus.")
    ],
    since: Annotated[
        str | None,
        typer.Option(
            help="First decision date (YYYY-MM-DD). Default: continue after the last sync of this court."
        ),
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Last decision date (YYYY-MM-DD). Default: today.")
    ] = None,
    db: DbOption = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="API base URL (default: CourtListener's REST v4).")
    ] = None,
    min_interval: Annotated[
        float, typer.Option("--min-interval", help="Seconds between requests (0.75 stays under 5,000/hour).")
    ] = 0.75,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Sync a court's opinions from CourtListener into the store (needs COURTLISTENER_TOKEN or COURTLISTENER_API_TOKEN; resumable:
    re-run the same command after an interruption and it continues where it stopped)."""
    from fairwarning.corpus.sources.courtlistener_api import CourtListenerClient
    from fairwarning.corpus.store import Store
    from fairwarning.corpus.sync import sync

    start, end = _date(since, "--since"), _date(until, "--until")
    # raises a clear error without COURTLISTENER_TOKEN or COURTLISTENER_API_TOKEN
    client = CourtListenerClient(base_url=base_url, min_interval=max(min_interval, 0.0))
    with client, Store(db_path(db), on_wait=wait_notice) as store:
        summary = sync(store, court, start, end, client=client)
    if as_json:
        typer.echo(json.dumps(summary.to_json(), indent=2))
        return
    err_console.print(
        f"synced {summary.court}: {summary.written} opinions written, {summary.skipped_existing} already stored, "
        f"{len(summary.without_text)} without text; {summary.pages} pages, {summary.requests} requests"
        + (" (resumed)" if summary.resumed else "")
        + (f"; synced through {summary.last_date}" if summary.last_date else ""),
        highlight=False,
    )


@app.command("sync-citations")
def sync_citations_command(
    db: DbOption = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="API base URL (default: CourtListener's REST v4).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Ask about at most this many decisions (clusters).")
    ] = None,
    recheck: Annotated[
        bool, typer.Option("--recheck", help="Ask again about decisions an earlier run found without a citation.")
    ] = False,
    min_interval: Annotated[
        float, typer.Option("--min-interval", help="Seconds between requests (0.75 stays under 5,000/hour).")
    ] = 0.75,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Fetch reporter citations from CourtListener (clusters API, v4) for stored decisions that have none and a
    CourtListener cluster id; stored with provenance "courtlistener-api", so memos print them like any stored
    citation. Needs COURTLISTENER_TOKEN or COURTLISTENER_API_TOKEN; resumable (each decision is written as it
    is fetched). analyze never goes online: run this step first."""
    from fairwarning.corpus.citelookup import lookup_citations
    from fairwarning.corpus.sources.courtlistener_api import CourtListenerClient
    from fairwarning.corpus.store import Store

    # raises a clear error without COURTLISTENER_TOKEN or COURTLISTENER_API_TOKEN, before the store is opened
    client = CourtListenerClient(base_url=base_url, min_interval=max(min_interval, 0.0))
    with client, Store(db_path(db), on_wait=wait_notice) as store:
        summary = lookup_citations(store, client, limit=limit, recheck=recheck)
    if as_json:
        typer.echo(json.dumps(summary.to_json(), indent=2))
        return
    s = summary
    err_console.print(
        f"citations: asked {s.asked} of {s.pending} decisions without a reporter citation; {s.found} found "
        f"({s.cites_added} citations on {s.opinions_updated} stored opinions), {s.without_cites} without one, "
        f"{s.not_found} not found; {s.without_cluster} stored opinions have no CourtListener cluster id; "
        f"{s.requests} requests",
        highlight=False,
    )
