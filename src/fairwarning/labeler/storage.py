"""Labels in the store: table ``labels`` (migration ``0002_labels``), keyed by (opinion_id, labeler_version),
with the opinion's ``text_hash`` at labeling time so a changed opinion is labeled again; and the per-right
rulings of each label in ``label_rulings`` (migration ``0003_label_rulings``), written in the same transaction,
read with :func:`load_rulings` (by right, court and date, from an index).

I/O edge of the labeler: reads opinions and writes labels through :class:`~fairwarning.corpus.store.Store.conn`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from fairwarning.corpus.store import Store
from fairwarning.errors import StoreError
from fairwarning.labeler.model import GOLD_FIELDS, LABELER_VERSION, Label, Ruling

__all__ = [
    "LabelRun",
    "StoredLabel",
    "StoredRuling",
    "load_rulings",
    "pending_count",
    "label_store",
    "load_labels",
    "export_records",
    "opinion_ids_for_sources",
    "EXPORT_KEYS",
]

#: keys of an exported label record, in order: ``evidence`` is the gold schema's list of verbatim quotes (each
#: sentence once); ``evidence_spans`` says which field each quote supports and where it is in the stored text
EXPORT_KEYS = ("opinion_id", "source", "source_id", "cl_opinion_id", "case_name", "court", "date_decided",
               *GOLD_FIELDS, "published", "confidence", "evidence", "evidence_spans", "labeler_version")

#: opinions with no label of a version (the ``?``), or labeled from a text that has changed since
_PENDING_FROM = """
FROM opinions o
LEFT JOIN labels l ON l.opinion_id = o.id AND l.labeler_version = ?
WHERE l.opinion_id IS NULL OR l.text_hash != o.text_hash
"""
_PENDING_COUNT = f"SELECT COUNT(*) {_PENDING_FROM}"

_UPSERT = """
INSERT INTO labels (opinion_id, labeler_version, text_hash, qi_decided, qi_outcome, fields, evidence)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (opinion_id, labeler_version) DO UPDATE SET
    text_hash = excluded.text_hash, qi_decided = excluded.qi_decided, qi_outcome = excluded.qi_outcome,
    fields = excluded.fields, evidence = excluded.evidence,
    labeled_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
"""


_DELETE_RULINGS = "DELETE FROM label_rulings WHERE opinion_id = ? AND labeler_version = ?"
_INSERT_RULING = """
INSERT INTO label_rulings (opinion_id, labeler_version, right, qi_decided, qi_outcome, prong1, prong2,
                           merits_skipped, defendant, court_id, date_decided, published, evidence)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


@dataclass(frozen=True)
class LabelRun:
    """What one ``label_store`` run did."""

    labeled: int  # opinions (re)labeled in this run
    up_to_date: int  # opinions whose label for this version was current already
    total: int  # opinions in the store
    qi_decided: int  # of those labeled in this run, how many decide QI
    version: str


@dataclass(frozen=True)
class StoredLabel:
    opinion_id: int
    source: str | None
    source_id: str | None
    text_hash: str
    label: Label
    case_name: str | None = None
    court: str | None = None  # courts-db id of the deciding court
    date_decided: str | None = None  # YYYY-MM-DD


@dataclass(frozen=True)
class StoredRuling:
    """One stored per-right ruling, with the deciding opinion's court, date and publication (as labeled)."""

    opinion_id: int
    ruling: Ruling
    court: str | None
    date_decided: str | None  # YYYY-MM-DD
    published: bool | None
    labeler_version: str


def _check_table(store: Store) -> None:
    row = store.conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='labels'").fetchone()
    if row is None:
        raise StoreError(
            f"store {store.path} has no labels table: open it writable once (e.g. `fairwarning label --db "
            f"{store.path}`) so migration 0002_labels is applied"
        )


def pending_count(store: Store, *, version: str = LABELER_VERSION) -> int:
    """How many opinions have no current label for ``version``."""
    _check_table(store)
    return int(store.conn.execute(_PENDING_COUNT, (version,)).fetchone()[0])


def _rules() -> Callable[..., Label]:
    from fairwarning.labeler.core import label_opinion

    return label_opinion


def label_store(
    store: Store,
    *,
    version: str = LABELER_VERSION,
    labeler: Callable[..., Label] | None = None,
    progress: Callable[[int], None] | None = None,
    batch: int = 200,
) -> LabelRun:
    """Label every opinion that is new or changed since it was labeled with ``version``.

    Incremental and resumable: labels are committed every ``batch`` opinions. ``progress(n)`` is called after
    each committed batch with the number just labeled.
    """
    _check_table(store)
    total = int(store.conn.execute("SELECT COUNT(*) FROM opinions").fetchone()[0])
    todo = pending_count(store, version=version)
    done = decided = 0
    for rows in pending_batches(store, version=version, batch=batch):
        items = [label_pending(r, version=version, labeler=labeler) for r in rows]
        decided += sum(int(row[3]) for row, _ in items)  # the labels row's qi_decided column
        write_label_rows(store, items)
        done += len(rows)
        if progress is not None:
            progress(len(rows))
    return LabelRun(labeled=done, up_to_date=total - todo, total=total, qi_decided=decided, version=version)


def _row(opinion_id: int, version: str, text_hash: str, lab: Label) -> tuple[Any, ...]:
    evidence = json.dumps([e.to_dict() for e in lab.evidence], ensure_ascii=False)
    fields = json.dumps(lab.fields(), ensure_ascii=False, sort_keys=True)
    return (opinion_id, version, text_hash, int(lab.qi_decided), lab.qi_outcome, fields, evidence)


def _ruling_rows(opinion_id: int, version: str, lab: Label, court: str | None,
                 date_decided: str | None) -> list[tuple[Any, ...]]:
    published = None if lab.published is None else int(lab.published)
    return [
        (opinion_id, version, r.right, int(r.qi_decided), r.qi_outcome, r.prong1, r.prong2, int(r.merits_skipped),
         r.defendant, court, date_decided, published,
         json.dumps([e.to_dict() for e in r.evidence], ensure_ascii=False))
        for r in lab.rulings
    ]


def _write(store: Store, rows: list[tuple[Any, ...]], rulings: list[tuple[Any, ...]] | None = None) -> None:
    try:
        with store.transaction() as conn:
            _write_rows(conn, rows, rulings or [])
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write labels to store {store.path}: {exc}") from exc


def _best_source(store: Store) -> dict[int, tuple[str, str]]:
    """opinion id -> (source, source_id), preferring a CourtListener id."""
    best: dict[int, tuple[str, str]] = {}
    for r in store.conn.execute("SELECT opinion_id, source, source_id FROM opinion_sources ORDER BY source, source_id"):
        oid, src, sid = int(r[0]), str(r[1]), str(r[2])
        current = best.get(oid)
        if current is None or (_is_cl(src) and not _is_cl(current[0])):
            best[oid] = (src, sid)
    return best


def _is_cl(source: str) -> bool:
    return source.startswith("courtlistener")


def load_labels(store: Store, *, version: str = LABELER_VERSION, qi_only: bool = False) -> Iterator[StoredLabel]:
    """Stored labels of ``version`` (all opinions, or only those deciding QI), in opinion id order."""
    _check_table(store)
    sources = _best_source(store)
    sql = ("SELECT l.opinion_id, l.text_hash, l.fields, l.evidence, l.labeler_version, o.case_name, o.court_id, "
           "o.date_decided FROM labels l JOIN opinions o ON o.id = l.opinion_id WHERE l.labeler_version = ?")
    if qi_only:
        sql += " AND l.qi_decided = 1"
    for r in store.conn.execute(sql + " ORDER BY l.opinion_id", (version,)):
        try:
            lab = Label.from_fields(json.loads(r["fields"]), json.loads(r["evidence"]), r["labeler_version"])
        except (ValueError, KeyError) as exc:
            raise StoreError(f"label of opinion {r['opinion_id']} in {store.path} is corrupt: {exc}; re-run "
                             "`fairwarning label`") from exc
        src = sources.get(int(r["opinion_id"]))
        yield StoredLabel(int(r["opinion_id"]), src[0] if src else None, src[1] if src else None, r["text_hash"], lab,
                          r["case_name"], r["court_id"], r["date_decided"])


def load_rulings(
    store: Store,
    *,
    version: str = LABELER_VERSION,
    right: str | None = None,
    courts: list[str] | None = None,
    before: str | None = None,
    qi_only: bool = False,
    opinion_ids: Collection[int] | None = None,
) -> Iterator[StoredRuling]:
    """Stored per-right rulings of ``version``, optionally only on ``right``, from ``courts``, decided strictly
    before ``before`` (YYYY-MM-DD), only QI rulings, or only of ``opinion_ids``; in (date, opinion id, right)
    order, from an index."""
    _check_table(store)
    if opinion_ids is not None:
        ids = sorted(set(opinion_ids))
        chunks = [ids[i:i + 500] for i in range(0, len(ids), 500)]
        rows = [r for chunk in chunks for r in _load_rulings(store, version, right, courts, before, qi_only, chunk)]
        yield from sorted(rows, key=lambda r: (r.date_decided or "", r.opinion_id, r.ruling.right))
        return
    yield from _load_rulings(store, version, right, courts, before, qi_only, None)


def _load_rulings(store: Store, version: str, right: str | None, courts: list[str] | None, before: str | None,
                  qi_only: bool, ids: list[int] | None) -> Iterator[StoredRuling]:
    sql = ("SELECT opinion_id, right, qi_decided, qi_outcome, prong1, prong2, merits_skipped, defendant, court_id, "
           "date_decided, published, evidence, labeler_version FROM label_rulings WHERE labeler_version = ?")
    args: list[Any] = [version]
    if ids is not None:
        sql += f" AND opinion_id IN ({', '.join('?' for _ in ids)})"
        args += ids
    if right is not None:
        sql += " AND right = ?"
        args.append(right)
    if courts is not None:
        sql += f" AND court_id IN ({', '.join('?' for _ in courts)})"
        args += courts
    if before is not None:
        sql += " AND date_decided < ?"
        args.append(before)
    if qi_only:
        sql += " AND qi_decided = 1"
    try:
        rows = store.conn.execute(sql + " ORDER BY date_decided, opinion_id, right", args).fetchall()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read rulings from store {store.path}: {exc}") from exc
    for r in rows:
        fields = {"right": r[1], "qi_decided": r[2], "qi_outcome": r[3], "prong1": r[4], "prong2": r[5],
                  "merits_skipped": r[6], "defendant": r[7]}
        yield StoredRuling(int(r[0]), Ruling.from_fields(fields, json.loads(r[11])), r[8], r[9],
                           None if r[10] is None else bool(r[10]), r[12])


def export_records(store: Store, *, version: str = LABELER_VERSION, qi_only: bool = False) -> Iterator[dict[str, Any]]:
    """One flat record per label: ``opinion_id``, ``source``, ``source_id``, then the gold schema's keys and values
    (``cl_opinion_id``, ``case_name``, ``court``, ``date_decided``, the label fields, ``evidence``), then where each
    evidence quote is (field, cue, character offsets)."""
    for s in load_labels(store, version=version, qi_only=qi_only):
        cl_id = s.source_id if s.source and _is_cl(s.source) else None
        rec: dict[str, Any] = {"opinion_id": s.opinion_id, "source": s.source, "source_id": s.source_id,
                               "cl_opinion_id": cl_id, "case_name": s.case_name, "court": s.court,
                               "date_decided": s.date_decided}
        rec.update(s.label.fields())
        rec["evidence"] = list(dict.fromkeys(e.text for e in s.label.evidence))
        rec["evidence_spans"] = [{"field": e.field, "cue": e.cue, "start": e.start, "end": e.end}
                                 for e in s.label.evidence]
        rec["labeler_version"] = s.label.labeler_version
        yield {k: rec[k] for k in EXPORT_KEYS}


def opinion_ids_for_sources(store: Store, source_ids: list[str], *, source_prefix: str = "courtlistener") -> dict[str, int]:
    """CourtListener opinion ids (as in the gold file) -> stored opinion ids, for those that are stored."""
    out: dict[str, int] = {}
    wanted = set(source_ids)
    for r in store.conn.execute("SELECT source, source_id, opinion_id FROM opinion_sources"):
        if str(r[0]).startswith(source_prefix) and str(r[1]) in wanted:
            out.setdefault(str(r[1]), int(r[2]))
    return out


# -- the steps of label_store, public for fairwarning.batch (labels computed on Dask workers are written exactly
# as label_store writes them) ------------------------------------------------------------------------------------
def pending_batches(store: Store, *, version: str = LABELER_VERSION, batch: int = 200) -> Iterator[list[dict[str, Any]]]:
    """The opinions :func:`label_store` would label, in the same (id) order, ``batch`` at a time, as dicts with
    ``id``, ``text``, ``text_hash``, ``court_id``, ``date_decided``, ``precedential_status``. The pending ids are
    read first and each batch's rows whole, so no read cursor stays open while the caller writes: a read cursor
    pins a snapshot, and BEGIN IMMEDIATE on a connection reading an old snapshot fails at once with "database is
    locked" (SQLITE_BUSY_SNAPSHOT) whenever another process (an ingest) has committed since."""
    _check_table(store)
    ids = [int(r[0]) for r in store.conn.execute(f"SELECT o.id {_PENDING_FROM} ORDER BY o.id", (version,))]
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(
            "SELECT id, text, text_hash, court_id, date_decided, precedential_status FROM opinions"
            f" WHERE id IN ({marks}) ORDER BY id", chunk
        ).fetchall()
        if rows:
            yield [dict(r) for r in rows]


def label_pending(row: dict[str, Any], *, version: str = LABELER_VERSION,
                  labeler: Callable[..., Label] | None = None) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    """What :func:`label_store` writes for one :func:`pending_batches` row: its labels-table row and (where the
    store keeps per-right rulings) its rulings rows. Pure: runs on a worker. ``labeler`` defaults to the rules
    (:func:`fairwarning.labeler.core.label_opinion`, imported here: reading stored labels compiles no rule)."""
    labeler = labeler or _rules()
    lab = labeler(row["text"], court_id=row["court_id"], date_decided=row["date_decided"],
                  precedential_status=row["precedential_status"] or "unknown")
    rulings = _ruling_rows(row["id"], version, lab, row["court_id"], row["date_decided"])
    return _row(row["id"], version, row["text_hash"], lab), rulings


def write_label_rows(store: Store, items: list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]) -> None:
    """Write items made by :func:`label_pending` in one transaction, as :func:`label_store` writes a batch."""
    rows = [tuple(row) for row, _ in items]
    rulings = [tuple(r) for _, rs in items for r in rs]
    _write(store, rows, rulings)


def write_label_rows_for(conn: sqlite3.Connection, opinion_id: int,
                         item: tuple[tuple[Any, ...], list[tuple[Any, ...]]]) -> None:
    """Write one :func:`label_pending` item made before the opinion had an id (any id in it is replaced by
    ``opinion_id``), inside the caller's open transaction."""
    row, rulings = item
    _write_rows(conn, [(opinion_id, *tuple(row)[1:])], [(opinion_id, *tuple(r)[1:]) for r in rulings])


def _write_rows(conn: sqlite3.Connection, rows: list[tuple[Any, ...]], rulings: list[tuple[Any, ...]]) -> None:
    """Labels rows (replacing each opinion's rulings of that version by ``rulings``), in the caller's transaction."""
    conn.executemany(_UPSERT, rows)
    conn.executemany(_DELETE_RULINGS, [(r[0], r[1]) for r in rows])
    conn.executemany(_INSERT_RULING, rulings)


def drop_label(conn: sqlite3.Connection, opinion_id: int, version: str) -> None:
    """Remove one opinion's label and rulings of ``version`` (it is pending again), inside the caller's
    transaction."""
    conn.execute("DELETE FROM labels WHERE opinion_id = ? AND labeler_version = ?", (opinion_id, version))
    conn.execute(_DELETE_RULINGS, (opinion_id, version))
