"""Resumable, incremental sync of one court's opinions from the live CourtListener API into the store.

:func:`sync` fetches one court's opinions decided in ``[since, until]``: it pages through the search API
(``type=o``, ``court=<id>``, every precedential status, oldest first), fetches each opinion not already in the
store from ``opinions/<id>/`` for its text, turns it into an :class:`~fairwarning.models.OpinionRecord`
(``source="courtlistener"``, ``source_id`` = CL opinion id, so it dedups with the same opinion from bulk data or
a JSON file) and hands each page to a writer (default :func:`fairwarning.corpus.ingest.ingest_records`). After a page
is written its position is saved in the store's ``cl_sync_state`` table (created here if missing), so:

- an interrupted sync re-run with the same arguments resumes at the page after the last one written;
- a later sync without ``--since`` continues from the latest decision date already synced for that court;
- opinions already in the store are skipped (not even fetched), so nothing is stored twice.

The client and the pure mapping of API objects to records are in :mod:`fairwarning.corpus.sources.courtlistener_api`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from fairwarning.corpus.ingest import ingest_records
from fairwarning.corpus.sources.courtlistener_api import (
    CourtListenerClient,
    Page,
    _date,
    _id_of,
    record_from_objects,
    record_from_search_result,
)
from fairwarning.corpus.sources.courtlistener_bulk import SOURCE
from fairwarning.corpus.store import Store
from fairwarning.errors import InputError, StoreError
from fairwarning.models import OpinionRecord

__all__ = ["STATE_TABLE_SQL", "SyncState", "SyncSummary", "load_state", "sync", "sync_pages"]

#: the sync position per court, kept in the store (``CREATE TABLE IF NOT EXISTS``: not a migration)
STATE_TABLE_SQL = """
CREATE TABLE IF NOT EXISTS cl_sync_state (
    court TEXT PRIMARY KEY,
    query_since TEXT,            -- the since/until of the run that next_url belongs to
    query_until TEXT,
    next_url TEXT,               -- the page to fetch next (NULL once that run finished)
    last_date TEXT,              -- latest decision date of the pages written (ISO)
    opinions INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
)
"""


# -- sync -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SyncState:
    court: str
    query_since: str | None
    query_until: str | None
    next_url: str | None
    last_date: str | None
    opinions: int


@dataclass
class SyncSummary:
    court: str
    since: str | None
    until: str | None
    resumed: bool = False
    pages: int = 0
    results: int = 0
    fetched: int = 0
    written: int = 0
    skipped_existing: int = 0
    without_text: list[str] = field(default_factory=list)
    last_date: str | None = None
    requests: int = 0

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


Writer = Callable[[list[OpinionRecord], Store], object]


def load_state(store: Store, court: str) -> SyncState | None:
    """The saved sync position of ``court`` in ``store`` (None when it was never synced)."""
    try:
        store.conn.execute(STATE_TABLE_SQL)
        row = store.conn.execute("SELECT * FROM cl_sync_state WHERE court = ?", (court,)).fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the sync position in store {store.path}: {exc}") from exc
    return None if row is None else SyncState(*tuple(row)[:6])


def _save_state(store: Store, state: SyncState) -> None:
    try:
        store.conn.execute(
            "INSERT OR REPLACE INTO cl_sync_state VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (
                state.court,
                state.query_since,
                state.query_until,
                state.next_url,
                state.last_date,
                state.opinions,
            ),
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot save the sync position in store {store.path}: {exc}") from exc


def _stored(store: Store, opinion_id: str) -> bool:
    try:
        row = store.conn.execute(
            "SELECT 1 FROM opinion_sources WHERE source = ? AND source_id = ?", (SOURCE, opinion_id)
        ).fetchone()
    except sqlite3.OperationalError:  # a store without the corpus tables has nothing stored
        return False
    return row is not None


def _check_court(court: str) -> str:
    from fairwarning.reference.courts import court_name

    court = court.strip().lower()
    court_name(court)  # InputError listing close courts-db ids (CourtListener uses the same) when unknown
    return court


def sync_pages(
    client: CourtListenerClient,
    court: str,
    since: dt.date | None,
    until: dt.date | None,
    *,
    start_url: str | None = None,
    is_stored: Callable[[str], bool] = lambda _id: False,
    summary: SyncSummary | None = None,
) -> Iterator[tuple[list[OpinionRecord], Page]]:
    """Each search page of ``court``'s opinions as ``(records, page)``; opinions for which ``is_stored(id)``
    is true are not fetched. Pure iteration over the API: nothing is written."""
    summary = summary or SyncSummary(court, None, None)
    seen: set[str] = set()
    for page in client.search(court, since, until, start_url=start_url):
        records: list[OpinionRecord] = []
        for result in page.results:
            summary.results += 1
            for sub in result.get("opinions") or []:
                opinion_id = _id_of(sub.get("id")) if isinstance(sub, dict) else None
                if opinion_id is None or opinion_id in seen:
                    continue
                seen.add(opinion_id)
                if is_stored(opinion_id):
                    summary.skipped_existing += 1
                    continue
                summary.fetched += 1
                record = _fetch_record(client, result, opinion_id)
                if record is None:
                    summary.without_text.append(opinion_id)
                else:
                    records.append(record)
        yield records, page


def _fetch_record(
    client: CourtListenerClient, result: Mapping[str, Any], opinion_id: str
) -> OpinionRecord | None:
    """The opinion's record: metadata from the search result, or -- when the result lacks the court or date --
    from the opinion's cluster and docket objects."""
    opinion = client.opinion(opinion_id)
    if result.get("court_id") and result.get("dateFiled"):
        return record_from_search_result(result, opinion)
    cluster_id = (
        _id_of(opinion.get("cluster_id"))
        or _id_of(opinion.get("cluster"))
        or _id_of(result.get("cluster_id"))
    )
    cluster = client.cluster(cluster_id) if cluster_id else {}
    docket_id = _id_of(cluster.get("docket_id")) or _id_of(cluster.get("docket"))
    return record_from_objects(opinion, cluster, client.docket(docket_id) if docket_id else None)


def sync(
    store: Store,
    court: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    *,
    client: CourtListenerClient | None = None,
    writer: Writer | None = None,
) -> SyncSummary:
    """Fetch ``court``'s opinions decided in ``[since, until]`` into ``store``, resumably (see module doc).

    Without ``since`` the sync continues from the latest decision date already synced for the court (the
    whole history on the first run). ``writer(records, store)`` stores one page of records (default
    :func:`fairwarning.corpus.ingest.ingest_records`); the position is saved after each page is written."""
    court = _check_court(court)
    if since and until and since > until:
        raise InputError(f"--since {since} is after --until {until}: swap them")
    write: Writer = writer or ingest_records
    own_client = client is None
    client = client or CourtListenerClient()
    try:
        return _run(store, court, since, until, client, write)
    finally:
        if own_client:
            client.close()


def _same_run(state: SyncState, since: dt.date | None, until: dt.date | None) -> bool:
    """True when a sync asked with ``since``/``until`` (None = not given) continues ``state``'s unfinished run."""
    return (since is None or since.isoformat() == state.query_since) and (
        until is None or until.isoformat() == state.query_until
    )


def _run(
    store: Store,
    court: str,
    since: dt.date | None,
    until: dt.date | None,
    client: CourtListenerClient,
    write: Writer,
) -> SyncSummary:
    state = load_state(store, court)
    resume = None
    if state and state.next_url and _same_run(state, since, until):
        resume = state.next_url  # an interrupted run of the same query: continue at its next page
        since = dt.date.fromisoformat(state.query_since) if state.query_since else None
        until = dt.date.fromisoformat(state.query_until) if state.query_until else None
    elif since is None and state and state.last_date:
        since = dt.date.fromisoformat(state.last_date)  # incremental: from the latest date synced
    q_since, q_until = (since.isoformat() if since else None), (until.isoformat() if until else None)
    summary = SyncSummary(court, q_since, q_until, resumed=resume is not None)
    last_date = state.last_date if state else None
    total = state.opinions if state else 0
    pages = sync_pages(
        client, court, since, until, start_url=resume, is_stored=lambda i: _stored(store, i), summary=summary
    )
    for records, page in pages:
        if records:
            write(records, store)
        summary.pages += 1
        summary.written += len(records)
        total += len(records)
        dates = [r.date_decided.isoformat() for r in records if r.date_decided]
        dates += [d.isoformat() for d in (_date(x.get("dateFiled")) for x in page.results) if d]
        last_date = max([d for d in [last_date, *dates] if d], default=None)
        _save_state(store, SyncState(court, q_since, q_until, page.next_url, last_date, total))
    summary.last_date = last_date
    summary.requests = client.requests
    summary.resumed = summary.resumed and not client.cursor_rejected
    return summary
