"""Streaming the stored per-right rulings for the system view: one SQL query, one small row per ruling.

Reads ``label_rulings`` (migration ``0003_label_rulings``) joined to the opinion-level ``labels.fields`` (stage,
official type, interlocutory), never the opinion texts nor the evidence, so it runs the same on the shared sample
and on a store of millions of labels (rows are fetched in batches). The circuit of a ruling is the circuit of its
court: a court of appeals is its own circuit, a district or state court the circuit of its state on the decision
date (Alabama, Florida and Georgia were in the Fifth Circuit until September 30, 1981), the Supreme Court is
``scotus``; a court with no circuit is ``unknown``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from fairwarning.corpus.store import Store, parse_date_bound
from fairwarning.doctrine import circuit_for_forum, circuits, court_kind
from fairwarning.errors import InputError, StoreError
from fairwarning.labeler.model import LABELER_VERSION
from fairwarning.reference import taxonomy

__all__ = ["Filters", "RulingRow", "circuit_of", "court_circuits", "iter_rows", "last_year", "make_filters",
           "outcome_counts"]

#: the last day Alabama, Florida and Georgia were in the Fifth Circuit (jurisdictions table)
_SPLIT = "1981-10-01"
_BATCH = 5000


@dataclass(frozen=True)
class Filters:
    """Which rulings the system view reads: courts-db ``court`` id, ``right`` id, decided in [since, until]."""

    court: str | None = None
    right: str | None = None
    since: str | None = None  # YYYY-MM-DD inclusive
    until: str | None = None  # YYYY-MM-DD inclusive

    def to_json(self) -> dict[str, str | None]:
        return {"court": self.court, "right": self.right, "since": self.since, "until": self.until}


class RulingRow(NamedTuple):
    """One per-right ruling as the system view counts it (no text, no evidence; a tuple: cheap to make)."""

    opinion_id: int
    right: str
    qi_decided: bool
    qi_outcome: str | None
    prong1: str
    prong2: str
    merits_skipped: bool
    court: str | None
    date_decided: str | None
    published: bool | None
    stage: str | None
    interlocutory: bool | None
    official_types: tuple[str, ...]

    @property
    def year(self) -> str:
        return self.date_decided[:4] if self.date_decided else "unknown"

    @property
    def circuit(self) -> str:
        return circuit_of(self.court, self.date_decided)


def make_filters(*, court: str | None = None, right: str | None = None, since: str | dt.date | None = None,
                 until: str | dt.date | None = None) -> Filters:
    """Checked filters: a known courts-db id, a right id of the taxonomy, dates as YYYY[-MM[-DD]]."""
    if court is not None:
        court = court.strip().lower()
        court_kind(court)  # raises InputError listing how to find valid ids
    if right is not None and right not in taxonomy.RIGHTS:
        raise InputError(f"unknown right {right!r}; valid: {', '.join(taxonomy.RIGHTS)}")
    lo = parse_date_bound(since, end=False, name="--since")
    hi = parse_date_bound(until, end=True, name="--until")
    if lo and hi and lo > hi:
        raise InputError(f"--since {lo} is after --until {hi}: nothing can match")
    return Filters(court, right, lo, hi)


@lru_cache(maxsize=4096)
def _circuit(court: str, before_split: bool) -> str:
    if court == "scotus":
        return "scotus"
    if court in circuits():
        return court
    try:
        return circuit_for_forum(court, on="1981-09-30" if before_split else None)
    except InputError:
        return "unknown"


def circuit_of(court: str | None, date_decided: str | None = None) -> str:
    """The circuit of a ruling's court on its decision date (``scotus``, ``unknown`` when there is none)."""
    if not court:
        return "unknown"
    return _circuit(court, bool(date_decided) and str(date_decided) < _SPLIT)


_SQL = """
SELECT r.opinion_id, r.right, r.qi_decided, r.qi_outcome, r.prong1, r.prong2, r.merits_skipped, r.court_id,
       r.date_decided, r.published, json_extract(l.fields, '$.stage'), json_extract(l.fields, '$.interlocutory'),
       json_extract(l.fields, '$.official_type')
FROM label_rulings r
LEFT JOIN labels l ON l.opinion_id = r.opinion_id AND l.labeler_version = r.labeler_version
WHERE r.labeler_version = ?
"""


def _where(filters: Filters, qi_only: bool, version: str, holdings_only: bool = False) -> tuple[str, list[object]]:
    sql, args = _SQL, list[object]([version])
    if holdings_only:
        sql += " AND r.prong1 IN ('violation', 'mixed')"
    if filters.right is not None:
        sql += " AND r.right = ?"
        args.append(filters.right)
    if filters.court is not None:
        sql += " AND r.court_id = ?"
        args.append(filters.court)
    if filters.since is not None:
        sql += " AND r.date_decided >= ?"
        args.append(filters.since)
    if filters.until is not None:
        sql += " AND r.date_decided <= ?"
        args.append(filters.until)
    if qi_only:
        sql += " AND r.qi_decided = 1"
    return sql, args


def _check(store: Store) -> None:
    row = store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name='label_rulings'").fetchone()
    if row is None:
        raise StoreError(f"store {store.path} has no per-right rulings (table label_rulings): run "
                         f"`fairwarning label --db {store.path}` first")


@lru_cache(maxsize=1024)
def _types(value: str | None) -> tuple[str, ...]:
    """The official types of a ``labels.fields`` JSON list (few distinct values: cached)."""
    import json

    if not value:
        return ()
    parsed = json.loads(value)
    return tuple(str(t) for t in parsed) if isinstance(parsed, list) else ()


def iter_rows(store: Store, filters: Filters | None = None, *, qi_only: bool = False, holdings_only: bool = False,
              version: str = LABELER_VERSION) -> Iterator[RulingRow]:
    """Every stored ruling of ``version`` matching ``filters`` (only QI rulings with ``qi_only``; only rulings
    that found a violation, at least in part, with ``holdings_only``), streamed in batches in opinion id order
    (the primary key's order); a ruling without a decision date is kept unless a date filter is given."""
    _check(store)
    sql, args = _where(filters or Filters(), qi_only, version, holdings_only)
    try:
        cursor = store.conn.execute(sql + " ORDER BY r.opinion_id", args)
        while batch := cursor.fetchmany(_BATCH):
            for r in batch:
                yield RulingRow(
                    r[0], r[1], bool(r[2]), r[3], r[4], r[5], bool(r[6]), r[7], r[8],
                    None if r[9] is None else bool(r[9]), r[10], None if r[11] is None else bool(r[11]),
                    _types(r[12]),
                )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read rulings from store {store.path}: {exc}") from exc


def court_circuits(store: Store, *, version: str = LABELER_VERSION) -> set[str]:
    """The circuits (not ``scotus`` nor ``unknown``) of the courts of every stored ruling of ``version``."""
    _check(store)
    sql = ("SELECT DISTINCT court_id, date_decided < ? FROM label_rulings WHERE labeler_version = ? "
           "AND court_id IS NOT NULL")
    try:
        found = {_circuit(str(c), bool(b)) for c, b in store.conn.execute(sql, (_SPLIT, version))}
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read rulings from store {store.path}: {exc}") from exc
    return found - {"scotus", "unknown"}


def outcome_counts(store: Store, *, unit: str, since: str | None = None, until: str | None = None,
                   published: bool | None = None, rights: list[str] | None = None, court: str | None = None,
                   version: str = LABELER_VERSION) -> list[tuple[str | None, str, int]]:
    """(court, outcome, count) of QI decisions, aggregated in SQL. ``unit="ruling"``: one per ruling;
    ``unit="opinion"``: one per opinion, whose outcome is ``granted`` when every ruling granted, ``denied`` when
    every ruling denied, else ``mixed``."""
    _check(store)
    where, args = "labeler_version = ? AND qi_decided = 1", list[object]([version])
    for clause, value in ((" AND date_decided >= ?", since), (" AND date_decided <= ?", until)):
        if value is not None:
            where += clause
            args.append(value)
    if published is not None:
        where += " AND published = ?"
        args.append(int(published))
    if rights:
        where += f" AND right IN ({', '.join('?' for _ in rights)})"
        args += rights
    if court is not None:
        where += " AND court_id = ?"
        args.append(court)
    if unit == "ruling":
        sql = f"SELECT court_id, qi_outcome, COUNT(*) FROM label_rulings WHERE {where} GROUP BY 1, 2"
    else:
        sql = ("SELECT court_id, outcome, COUNT(*) FROM (SELECT court_id, CASE WHEN MIN(qi_outcome) = "
               "MAX(qi_outcome) AND COUNT(qi_outcome) = COUNT(*) THEN MIN(qi_outcome) ELSE 'mixed' END AS outcome "
               f"FROM label_rulings WHERE {where} GROUP BY opinion_id, court_id) GROUP BY 1, 2")
    try:
        return [(r[0], str(r[1] or "none"), int(r[2])) for r in store.conn.execute(sql, args)]
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read rulings from store {store.path}: {exc}") from exc


def last_year(store: Store, *, until: str | None = None, version: str = LABELER_VERSION) -> int | None:
    """The year of the latest stored ruling of ``version`` (decided on or before ``until``), or None."""
    _check(store)
    sql, args = "SELECT MAX(date_decided) FROM label_rulings WHERE labeler_version = ?", [version]
    if until is not None:
        sql += " AND date_decided <= ?"
        args.append(until)
    value = store.conn.execute(sql, args).fetchone()[0]
    return int(str(value)[:4]) if value else None
