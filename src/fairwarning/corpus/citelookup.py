"""Reporter citations for stored decisions that have none, from the live CourtListener API: an explicit step
(``fairwarning sync-citations``), never part of ``analyze`` (which stays offline).

For every stored opinion without a reporter citation whose CourtListener cluster id the store knows, it asks
``clusters/<id>/`` (API v4) for the cluster's ``citations`` (objects ``{volume, reporter, page, type}``) and
stores the reporter citations among them -- those whose reporter reporters-db knows; LEXIS and Westlaw ids
(types 6 and 7) are not reporter citations and are skipped -- on every stored copy of that cluster, with
provenance ``reporter_citations: courtlistener-api`` in the opinion's provenance. Citations in other opinions
that name the new cites are then resolved to it, as after an ingest. A cluster that answers with no reporter
citation, or 404, is recorded (``reporter_citations_lookup`` in the provenance) and not asked again unless
``recheck`` is set. Each cluster is written in its own transaction, so an interrupted run loses nothing and a
re-run continues with what is left. Retries of 429/5xx and request spacing are the client's
(:class:`~fairwarning.corpus.sources.courtlistener_api.CourtListenerClient`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from fairwarning.corpus.citations import normalize_cite
from fairwarning.corpus.sources.courtlistener_api import CourtListenerClient
from fairwarning.corpus.store import Store
from fairwarning.errors import RemoteError

__all__ = ["PROVENANCE", "CiteLookupSummary", "cluster_reporter_cites", "lookup_citations", "pending_clusters"]

#: the provenance recorded for a reporter citation fetched here
PROVENANCE = "courtlistener-api"
_MISS_KEY = "reporter_citations_lookup"
#: CourtListener citation types that are not reporter citations (LEXIS, Westlaw)
_NOT_REPORTER_TYPES = frozenset({6, 7})


@dataclass
class CiteLookupSummary:
    pending: int = 0  # clusters of stored opinions without a reporter citation (not yet asked, or recheck)
    asked: int = 0  # clusters asked this run
    found: int = 0  # clusters that answered with at least one reporter citation
    not_found: int = 0  # clusters CourtListener does not have (404)
    without_cites: int = 0  # clusters that answered with no reporter citation
    opinions_updated: int = 0
    cites_added: int = 0
    without_cluster: int = 0  # stored opinions without a reporter citation and without a cluster id (not asked)
    requests: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def cluster_reporter_cites(cluster: Mapping[str, Any]) -> tuple[str, ...]:
    """The reporter citations of a v4 cluster object, normalized (``"983 F.2d 332"``), in the API's order."""
    out: list[str] = []
    for c in cluster.get("citations") or []:
        if not isinstance(c, Mapping) or c.get("type") in _NOT_REPORTER_TYPES:
            continue
        raw = " ".join(str(c.get(k) or "").strip() for k in ("volume", "reporter", "page"))
        cite = normalize_cite(" ".join(raw.split()))
        if cite:
            out.append(cite)
    return tuple(dict.fromkeys(out))


def pending_clusters(store: Store, *, recheck: bool = False) -> tuple[dict[str, list[int]], int]:
    """(cluster id -> the stored opinions of that cluster without a reporter citation, opinions without a
    reporter citation that have no cluster id)."""
    rows = store.conn.execute(
        "SELECT id, cluster_id, provenance FROM opinions o WHERE NOT EXISTS "
        "(SELECT 1 FROM reporter_citations r WHERE r.opinion_id = o.id) ORDER BY id"
    ).fetchall()
    pending: dict[str, list[int]] = {}
    without = 0
    for oid, cluster, prov in rows:
        if not cluster or not str(cluster).strip().isdigit():
            without += 1
            continue
        if not recheck and _MISS_KEY in _provenance(prov):
            continue
        pending.setdefault(str(cluster).strip(), []).append(int(oid))
    return pending, without


def _provenance(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _record(store: Store, ids: list[int], cites: tuple[str, ...], miss: str | None) -> None:
    """Store ``cites`` (or the miss) on the opinions ``ids``, in one transaction, and resolve citations to them."""
    with store.transaction() as conn:
        for oid in ids:
            row = conn.execute("SELECT provenance FROM opinions WHERE id = ?", (oid,)).fetchone()
            if row is None:
                continue
            prov = _provenance(row[0])
            if cites:
                conn.executemany("INSERT OR IGNORE INTO reporter_citations (opinion_id, cite) VALUES (?, ?)",
                                 [(oid, c) for c in cites])
                prov["reporter_citations"] = PROVENANCE
                prov.pop(_MISS_KEY, None)
            else:
                prov[_MISS_KEY] = f"{PROVENANCE}:{miss}"
            conn.execute("UPDATE opinions SET provenance = ? WHERE id = ?", (json.dumps(prov, sort_keys=True), oid))
        if cites:
            store.resolve_citations(ids)


def lookup_citations(
    store: Store,
    client: CourtListenerClient,
    *,
    limit: int | None = None,
    recheck: bool = False,
    on_progress: Callable[[CiteLookupSummary], None] | None = None,
) -> CiteLookupSummary:
    """Ask CourtListener for the reporter citations of the stored decisions that have none (at most ``limit``
    clusters); see the module docstring."""
    pending, without = pending_clusters(store, recheck=recheck)
    summary = CiteLookupSummary(pending=len(pending), without_cluster=without)
    start = client.requests
    for n, (cluster_id, ids) in enumerate(sorted(pending.items(), key=lambda kv: kv[1][0])):
        if limit is not None and n >= limit:
            break
        summary.asked += 1
        try:
            cluster = client.cluster(cluster_id)
        except RemoteError as exc:
            if getattr(exc.__cause__, "status_code", None) != 404:
                raise  # the token refused, retries exhausted...: stop; a re-run continues with what is left
            summary.not_found += 1
            _record(store, ids, (), "not found")
            continue
        cites = cluster_reporter_cites(cluster)
        if cites:
            summary.found += 1
            summary.opinions_updated += len(ids)
            summary.cites_added += len(cites) * len(ids)
        else:
            summary.without_cites += 1
        _record(store, ids, cites, None if cites else "no reporter citation")
        summary.requests = client.requests - start
        if on_progress is not None:
            on_progress(summary)
    summary.requests = client.requests - start
    return summary
