"""The embedded SQLite store (WAL, FTS5). One writer; reads bounded.

Only this module talks to ``sqlite3``; it translates its exceptions into :class:`StoreError` (or
:class:`InputError` for a bad search query). Writing:

- :meth:`Store.add_record` inserts an opinion, or merges it into the stored opinion with the same normalized
  text hash: every ``(source, source_id)`` is kept in ``opinion_sources``, missing metadata is filled from the
  duplicate (its provenance says ``"... via source:id"``), reporter citations are unioned. FTS stays in sync.
- :meth:`Store.add_rejection`, :meth:`Store.mark_file` (resume bookkeeping), :meth:`Store.resolve_citations`.

Reading (bounded: LIMITs and a per-query time limit, like datasette's ``sql_time_limit_ms``):
:meth:`Store.search`, :meth:`Store.get_opinion`, :meth:`Store.stats`, :meth:`Store.rejections`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from fairwarning.corpus.migrations import MIGRATIONS
from fairwarning.errors import InputError, StoreError
from fairwarning.models import OpinionRecord, Rejection

if TYPE_CHECKING:
    from fairwarning.corpus.citations import FoundCitation

__all__ = [
    "AddResult",
    "SearchHit",
    "Store",
    "StoredCitation",
    "StoredOpinion",
    "as_store_error",
    "default_db_path",
    "escape_fts",
    "parse_date_bound",
    "MAX_TERMS",
    "QI_OUTCOMES",
    "SEARCH_SYNTAXES",
]

MAX_LIMIT = 1000
#: most terms (words, phrases, operators) in one search: FTS5 opens every term before the time limit can act
MAX_TERMS = 64
#: ``plain``: user input, escaped (the default); ``fts5``: FTS5 query syntax, passed through
SEARCH_SYNTAXES = ("plain", "fts5")
#: values of a label's ``qi_outcome``
QI_OUTCOMES = ("granted", "denied", "mixed")
_BUSY_MS = 10000  # a statement waits this long for a lock (readers never need one in WAL mode)
_WRITE_POLL_MS = 500  # BEGIN IMMEDIATE waits in steps of this, telling on_wait after the first
_MERGE_FIELDS = ("case_name", "court_id", "date_decided", "docket_number", "url", "cluster_id")
_SEARCH_HINT = (
    'every word and "quoted phrase" must appear; with FTS5 syntax (--fts), combine with AND, OR, NOT in capitals, '
    "group with parentheses, prefix* matches prefixes and words containing punctuation must be quoted (\"42 U.S.C.\")"
)


def default_db_path() -> Path:
    """The per-user default store, used when ``--db`` is not given."""
    return Path(platformdirs.user_data_dir("fairwarning")) / "fairwarning.db"


@dataclass(frozen=True)
class AddResult:
    opinion_id: int
    merged: bool  # the text was already stored: this record was merged into it
    new_source: bool  # its (source, source_id) was not recorded before
    superseded: str | None = None  # another file whose text this source had: replaced by this record's text


@dataclass(frozen=True)
class SearchHit:
    id: int
    case_name: str | None
    court_id: str | None
    date_decided: str | None
    precedential_status: str
    document_type: str
    score: float  # bm25: lower is better
    snippet: str
    citation: str | None = None  # one reporter citation of the opinion (U.S. Reports first)
    qi_decided: bool | None = None  # the label's fields, when the search was asked for a labeler version
    qi_outcome: str | None = None
    rights: tuple[str, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["rights"] = list(self.rights) if self.rights is not None else None
        return out


def _hit(row: sqlite3.Row) -> SearchHit:
    data = dict(row)
    if data["qi_decided"] is not None:
        data["qi_decided"] = bool(data["qi_decided"])
    data["rights"] = tuple(json.loads(data["rights"])) if data["rights"] else (() if data["qi_decided"] is not None
                                                                               else None)
    return SearchHit(**data)


_FTS_BITS = re.compile(r'\s+|(".*?")')
_FTS_TERMS = re.compile(r'"[^"]*"|[^\s()"]+')


def escape_fts(query: str) -> str:
    """Escape user input for an FTS5 MATCH the way sqlite-utils/datasette do: each whitespace-separated word is
    quoted, ``"quoted phrases"`` are kept, an unbalanced ``"`` is closed. ``Rodriguez-Garcia`` -> ``"Rodriguez-Garcia"``
    (a phrase of its tokens), so punctuation never reaches the FTS5 parser as syntax.

    One addition: a bare upper-case ``AND`` between two words is the terms-and-connectors "and" a lawyer types
    (``excessive force AND handcuffed``); every word is required anyway, so it is dropped rather than searched as
    the word "and" (which every opinion contains: the same results, at twice the cost). ``and``, ``"AND"``, a
    leading or trailing ``AND``, ``OR`` and ``NOT`` stay words."""
    if query.count('"') % 2:
        query += '"'
    bits = [b for b in _FTS_BITS.split(query) if b and b != '""']
    bits = [b for i, b in enumerate(bits) if not (b == "AND" and 0 < i < len(bits) - 1)] or bits
    return " ".join(b if b.startswith('"') else f'"{b}"' for b in bits)


def _fts_query(query: str, syntax: str) -> str:
    if syntax not in SEARCH_SYNTAXES:
        raise InputError(f"unknown search syntax {syntax!r}; valid: {', '.join(SEARCH_SYNTAXES)}")
    match = escape_fts(query) if syntax == "plain" else query
    if not match.strip():
        raise InputError(f"the search query is empty. {_SEARCH_HINT}")
    terms = len(_FTS_TERMS.findall(match))
    if terms > MAX_TERMS:
        raise InputError(
            f"the search query has {terms} terms; at most {MAX_TERMS} are searched at once: keep the distinctive "
            "words and phrases"
        )
    return match


@dataclass(frozen=True)
class StoredCitation:
    start: int
    end: int
    matched_text: str
    kind: str
    normalized: str | None
    pin_cite: str | None
    scdb_verified: bool | None
    resolved_opinion_id: int | None


@dataclass(frozen=True)
class StoredOpinion:
    id: int
    text_hash: str
    case_name: str | None
    court_id: str | None
    date_decided: dt.date | None
    precedential_status: str
    docket_number: str | None
    document_type: str
    text: str
    provenance: dict[str, str]
    url: str | None
    cluster_id: str | None
    sources: tuple[tuple[str, str, str | None], ...]  # (source, source_id, path)
    reporter_citations: tuple[str, ...]
    citations: tuple[StoredCitation, ...]
    cited_by: tuple[int, ...]  # stored opinions whose citations resolve to this one

    def to_json(self, *, with_text: bool = True) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["date_decided"] = self.date_decided.isoformat() if self.date_decided else None
        out["sources"] = [{"source": s, "source_id": i, "path": p} for s, i, p in self.sources]
        out["reporter_citations"] = list(self.reporter_citations)
        out["citations"] = [dict(c.__dict__) for c in self.citations]
        out["cited_by"] = list(self.cited_by)
        if not with_text:
            del out["text"]
        return out


def parse_date_bound(value: str | dt.date | None, *, end: bool, name: str = "date") -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> an inclusive ISO bound (start or ``end`` of the period)."""
    if value is None or isinstance(value, dt.date):
        return value.isoformat() if value else None
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return f"{text}-12-31" if end else f"{text}-01-01"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            first = dt.date.fromisoformat(f"{text}-01")
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            return (last if end else first).isoformat()
        return dt.date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise InputError(f"{name} {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2009-06-30)") from exc


class Store:
    """A fairwarning store. ``Store(path)`` opens (creating and migrating) the database file."""

    def __init__(
        self,
        path: str | Path,
        *,
        readonly: bool = False,
        time_limit_ms: int = 2000,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.time_limit_ms = time_limit_ms
        self.on_wait = on_wait  # told once when a write waits for another process's write to finish
        try:
            if readonly:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path}: run `fairwarning ingest PATH --db {self.path}` first")
                self.conn = _connect_readonly(self.path)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute(f"PRAGMA busy_timeout={_BUSY_MS}")
            if not readonly:
                self.migrate()
            else:
                self.conn.execute("SELECT 1 FROM opinions LIMIT 1")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc} (is it a fairwarning store?)") from exc
        except OSError as exc:  # the folder cannot be created
            raise StoreError(f"cannot open store {self.path}: {exc.strerror or exc}") from exc

    # -- schema -----------------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply pending migrations; return the names applied."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_migrations'").fetchone():
            with self.transaction():
                self.conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        done = {r[0] for r in self.conn.execute("SELECT name FROM _migrations")}
        known = {m.name for m in MIGRATIONS}
        unknown = done - known
        if unknown:
            raise StoreError(
                f"store {self.path} has migrations this version does not know ({sorted(unknown)}): "
                "upgrade fairwarning"
            )
        applied = []
        for m in MIGRATIONS:
            if m.name in done:
                continue
            with self.transaction():
                _exec_script(self.conn, m.sql)
                self.conn.execute(
                    "INSERT INTO _migrations VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", (m.name,)
                )
            applied.append(m.name)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (rolled back on error); waits for another writer (see :meth:`begin`)."""
        self.begin()
        try:
            yield self.conn
        except BaseException:
            self.rollback()
            raise
        else:
            self.commit()

    def begin(self) -> None:
        """Start a write transaction unless one is open. Another process writing (an ingest, a label run) holds
        the write lock for one file or batch at a time: this waits its turn -- telling ``on_wait`` once -- for
        as long as it takes (Ctrl-C stops it). Readers never wait: they read the last commit (WAL)."""
        if self.conn.in_transaction:
            return
        told = False
        self.conn.execute(f"PRAGMA busy_timeout={_WRITE_POLL_MS}")  # short waits, so the user hears of it soon
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise StoreError(f"cannot write to store {self.path}: {exc}") from exc
                except sqlite3.Error as exc:
                    raise StoreError(f"cannot write to store {self.path}: {exc}") from exc
                if not told and self.on_wait is not None:
                    self.on_wait(f"waiting for another fairwarning process that is writing to {self.path} "
                                 "(an ingest or label run) to finish its current file or batch ...")
                told = True
                time.sleep(0.05)
        finally:
            self.conn.execute(f"PRAGMA busy_timeout={_BUSY_MS}")

    def commit(self) -> None:
        """Commit the open transaction; a failure (a full disk) is a :class:`StoreError` and nothing is kept."""
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.rollback()
            raise StoreError(f"cannot commit to store {self.path}: {exc}; nothing of this file or batch was "
                             "kept (free some disk space and re-run the same command to resume)") from exc

    def rollback(self) -> None:
        """Roll back the open transaction, if any (never raises)."""
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """Join the caller's transaction, or run in a new one."""
        if self.conn.in_transaction:
            yield self.conn
        else:
            with self.transaction() as conn:
                yield conn

    # -- writing ----------------------------------------------------------------------------------
    def add_record(
        self, record: OpinionRecord, citations: Sequence[FoundCitation] = (), *, text_hash: str | None = None
    ) -> AddResult:
        """Store ``record`` (with the citations found in its text), or merge it into the stored opinion with
        the same text hash. Joins the current transaction when one is open."""
        if text_hash is None:
            from fairwarning.corpus.text import text_hash as _hash

            text_hash = _hash(record.text)
        try:
            with self._writing() as conn:
                row = conn.execute("SELECT * FROM opinions WHERE text_hash = ?", (text_hash,)).fetchone()
                if row is None:
                    opinion_id = self._insert_opinion(record, text_hash, citations)
                else:
                    opinion_id = row["id"]
                    self._merge_into(row, record)
                before = conn.execute(
                    "SELECT opinion_id, path FROM opinion_sources WHERE source = ? AND source_id = ?",
                    (record.source, record.source_id),
                ).fetchone()
                if before is None:
                    conn.execute(
                        "INSERT INTO opinion_sources (source, source_id, opinion_id, path) VALUES (?,?,?,?)",
                        (record.source, record.source_id, opinion_id, record.path),
                    )
                elif before[0] != opinion_id:  # the source now delivers another text: it moves to that opinion
                    conn.execute(
                        "UPDATE opinion_sources SET opinion_id = ?, path = ? WHERE source = ? AND source_id = ?",
                        (opinion_id, record.path, record.source, record.source_id),
                    )
                    self._drop_if_orphan(int(before[0]))
                self._add_reporter_cites(opinion_id, record.reporter_citations)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot store {record.source}:{record.source_id} in {self.path}: {exc}") from exc
        moved = before is not None and before[0] != opinion_id and before[1] and before[1] != record.path
        return AddResult(opinion_id, merged=row is not None, new_source=before is None,
                         superseded=before[1] if moved else None)

    def _drop_if_orphan(self, opinion_id: int) -> None:
        """Delete an opinion that no source delivers any more (its source's text changed: the new text replaced
        it), with its FTS entry, citations, reporter citations and labels; citations that resolved to it are
        unresolved (the ingest's final :meth:`resolve_citations` points them at the new text)."""
        q = self.conn.execute
        if q("SELECT 1 FROM opinion_sources WHERE opinion_id = ? LIMIT 1", (opinion_id,)).fetchone():
            return
        old = q("SELECT case_name, text FROM opinions WHERE id = ?", (opinion_id,)).fetchone()
        if old is None:
            return
        q("INSERT INTO opinions_fts (opinions_fts, rowid, case_name, text) VALUES ('delete', ?, ?, ?)",
          (opinion_id, old["case_name"], old["text"]))
        q("UPDATE citations SET resolved_opinion_id = NULL WHERE resolved_opinion_id = ?", (opinion_id,))
        q("DELETE FROM citations WHERE opinion_id = ?", (opinion_id,))
        q("DELETE FROM reporter_citations WHERE opinion_id = ?", (opinion_id,))
        if q("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'labels'").fetchone():
            q("DELETE FROM labels WHERE opinion_id = ?", (opinion_id,))
        q("DELETE FROM opinions WHERE id = ?", (opinion_id,))

    def _insert_opinion(self, r: OpinionRecord, text_hash: str, citations: Sequence[FoundCitation]) -> int:
        cur = self.conn.execute(
            "INSERT INTO opinions (text_hash, case_name, court_id, date_decided, precedential_status,"
            " docket_number, document_type, text, provenance, url, cluster_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                text_hash, r.case_name, r.court_id, r.date_decided.isoformat() if r.date_decided else None,
                r.precedential_status, r.docket_number, r.document_type, r.text,
                json.dumps(r.provenance, sort_keys=True), r.url, r.cluster_id,
            ),
        )
        opinion_id = int(cur.lastrowid or 0)
        self.conn.execute(
            "INSERT INTO opinions_fts (rowid, case_name, text) VALUES (?,?,?)", (opinion_id, r.case_name, r.text)
        )
        self.conn.executemany(
            "INSERT INTO citations (opinion_id, start, end, matched_text, kind, normalized, pin_cite,"
            " scdb_verified) VALUES (?,?,?,?,?,?,?,?)",
            [
                (opinion_id, c.start, c.end, c.matched_text, c.kind, c.normalized, c.pin_cite,
                 None if c.scdb_verified is None else int(c.scdb_verified))
                for c in citations
            ],
        )
        return opinion_id

    def _merge_into(self, row: sqlite3.Row, r: OpinionRecord) -> None:
        """Fill the stored opinion's missing metadata from a duplicate record, keeping provenance."""
        provenance = json.loads(row["provenance"])
        via = f"{r.source}:{r.source_id}"
        updates: dict[str, Any] = {}
        for name in _MERGE_FIELDS:
            value = getattr(r, name)
            if row[name] is None and value is not None:
                updates[name] = value.isoformat() if isinstance(value, dt.date) else value
        if row["precedential_status"] == "unknown" and r.precedential_status != "unknown":
            updates["precedential_status"] = r.precedential_status
        if not updates:
            return
        for name in updates:
            provenance[name] = f"{r.provenance.get(name, 'source')} via {via}"
        updates["provenance"] = json.dumps(provenance, sort_keys=True)
        sets = ", ".join(f"{k} = ?" for k in updates)
        self.conn.execute(f"UPDATE opinions SET {sets} WHERE id = ?", (*updates.values(), row["id"]))
        if "case_name" in updates:  # keep the external-content FTS index in sync
            self.conn.execute(
                "INSERT INTO opinions_fts (opinions_fts, rowid, case_name, text) VALUES ('delete', ?, ?, ?)",
                (row["id"], row["case_name"], row["text"]),
            )
            self.conn.execute(
                "INSERT INTO opinions_fts (rowid, case_name, text) VALUES (?,?,?)",
                (row["id"], updates["case_name"], row["text"]),
            )

    def _add_reporter_cites(self, opinion_id: int, cites: Sequence[str]) -> None:
        from fairwarning.corpus.citations import normalize_cite

        self.conn.executemany(
            "INSERT OR IGNORE INTO reporter_citations (opinion_id, cite) VALUES (?, ?)",
            [(opinion_id, normalize_cite(c) or " ".join(c.split())) for c in cites if c.strip()],
        )

    def add_rejection(self, rejection: Rejection) -> None:
        """Record (or re-record) an input that was not stored."""
        try:
            with self._writing() as conn:
                conn.execute(
                    "INSERT OR REPLACE INTO rejections (path, source_id, reason, detail) VALUES (?,?,?,?)",
                    (rejection.path, rejection.source_id or "", rejection.reason, rejection.detail),
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot record a rejection in {self.path}: {exc}") from exc

    def mark_file(self, path: str, size: int, mtime_ns: int, status: str) -> None:
        """Record a file as fully processed (call inside the transaction that committed its records)."""
        with self._writing() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO ingested_files (path, size, mtime_ns, status) VALUES (?,?,?,?)",
                (path, size, mtime_ns, status),
            )

    def done_files(self, statuses: Sequence[str] = ("ok", "rejected")) -> dict[str, tuple[int, int]]:
        """path -> (size, mtime_ns) of the files already processed with one of ``statuses``."""
        marks = ",".join("?" * len(statuses))
        rows = self.conn.execute(
            f"SELECT path, size, mtime_ns FROM ingested_files WHERE status IN ({marks})", tuple(statuses)
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    def rejections(self, paths: Sequence[str] | None = None) -> list[Rejection]:
        """Recorded rejections (all, or those of ``paths``), sorted by path."""
        rows = self.conn.execute("SELECT * FROM rejections ORDER BY path, source_id").fetchall()
        wanted = set(paths) if paths is not None else None
        return [
            Rejection(r["path"], r["reason"], r["detail"], r["source_id"] or None)
            for r in rows
            if wanted is None or r["path"] in wanted
        ]

    def resolve_citations(self, opinion_ids: Sequence[int] | None = None) -> int:
        """Point every citation at the stored opinion carrying its normalized reporter citation (lowest id when
        several do; never the citing opinion itself). With ``opinion_ids`` (the opinions an ingest stored or
        merged into), only what they can change: their own citations, and the citations of the reporter
        citations they carry -- the new citations and the new targets, not the whole table (same result).
        Idempotent; returns the number of resolved citations in the store (a maintained count)."""
        target = """(SELECT MIN(rc.opinion_id) FROM reporter_citations rc
                      WHERE rc.cite = citations.normalized AND rc.opinion_id != citations.opinion_id)"""
        try:
            with self._writing() as conn:
                if opinion_ids is None:
                    conn.execute(f"UPDATE citations SET resolved_opinion_id = {target} WHERE normalized IS NOT NULL")
                all_ids = list(opinion_ids or ())
                for start in range(0, len(all_ids), 500):
                    ids = all_ids[start : start + 500]
                    marks = ",".join("?" * len(ids))
                    # two indexed statements (by citing opinion; by cite), not one OR that scans the table
                    conn.execute(
                        f"UPDATE citations SET resolved_opinion_id = {target} WHERE normalized IS NOT NULL AND"
                        f" opinion_id IN ({marks})", ids,
                    )
                    conn.execute(
                        f"UPDATE citations SET resolved_opinion_id = {target} WHERE normalized IN"
                        f" (SELECT cite FROM reporter_citations WHERE opinion_id IN ({marks}))", ids,
                    )
                return self._resolved_count()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot resolve citations in {self.path}: {exc}") from exc

    def _resolved_count(self) -> int:
        has = self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'citation_counts'").fetchone()
        row = self.conn.execute("SELECT n FROM citation_counts WHERE name = 'resolved'").fetchone() if has else None
        if row is not None:
            return int(row[0])
        return int(self.conn.execute("SELECT COUNT(*) FROM citations WHERE resolved_opinion_id IS NOT NULL").fetchone()[0])

    def refresh_counts(self) -> None:
        """Recount the maintained counts (``court_counts``, ``label_counts``, ``citation_counts``) from the tables:
        after a bulk load that bypassed the triggers, or to check them (the triggers keep them otherwise)."""
        with self._writing() as conn:
            conn.execute("DELETE FROM court_counts")
            conn.execute("INSERT INTO court_counts (court_id, opinions) SELECT COALESCE(court_id, ''), COUNT(*) "
                         "FROM opinions GROUP BY 1")
            conn.execute("DELETE FROM label_counts")
            conn.execute("INSERT INTO label_counts (labeler_version, opinions, qi_decided) "
                         "SELECT labeler_version, COUNT(*), SUM(qi_decided != 0) FROM labels GROUP BY 1")
            conn.execute("INSERT INTO label_counts (labeler_version, opinions, qi_decided) "
                         "SELECT '*', COUNT(DISTINCT opinion_id), 0 FROM labels")
            conn.execute("DELETE FROM citation_counts")
            conn.execute("INSERT INTO citation_counts (name, n) VALUES ('all', (SELECT COUNT(*) FROM citations)), "
                         "('resolved', (SELECT COUNT(*) FROM citations WHERE resolved_opinion_id IS NOT NULL))")

    # -- reading ----------------------------------------------------------------------------------
    @contextmanager
    def _time_limit(self, what: str) -> Iterator[None]:
        deadline = time.monotonic() + self.time_limit_ms / 1000
        self.conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 100)
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise StoreError(
                    f"{what} took longer than {self.time_limit_ms} ms on {self.path}: narrow it down "
                    "(a court or date filter, a more specific phrase)"
                ) from exc
            raise
        finally:
            self.conn.set_progress_handler(None, 0)

    def search(
        self,
        query: str,
        *,
        court: str | None = None,
        after: str | dt.date | None = None,
        before: str | dt.date | None = None,
        limit: int = 20,
        syntax: str = "plain",
        labels_version: str | None = None,
        right: str | None = None,
        qi_outcome: str | None = None,
        published: bool | None = None,
    ) -> list[SearchHit]:
        """Full-text search, best bm25 first.

        ``syntax="plain"`` (the default) escapes the query the way sqlite-utils does: every word and every
        ``"quoted phrase"`` must appear, and punctuation (``Rodriguez-Garcia``, ``42 U.S.C.``) is matched as
        text. ``syntax="fts5"`` passes FTS5 query syntax through (AND, OR, NOT, NEAR, ``prefix*``); a malformed
        one is an :class:`InputError`. Either way at most :data:`MAX_TERMS` terms (longer queries are an
        InputError, since FTS5 cannot be interrupted while it opens each term) and the store's time limit.

        ``after``/``before`` are inclusive bounds (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); opinions without a
        date are left out when either is given. ``published`` keeps only opinions whose precedential status is
        published (True) or unpublished (False). With ``labels_version`` each hit carries that labeler version's
        QI label (``qi_decided``, ``qi_outcome``, ``rights``) and ``right`` / ``qi_outcome`` filter on it.
        """
        match = _fts_query(query, syntax)
        if not 1 <= limit <= MAX_LIMIT:
            raise InputError(f"limit {limit} is out of range: use 1..{MAX_LIMIT}")
        lo = parse_date_bound(after, end=False, name="--after")
        hi = parse_date_bound(before, end=True, name="--before")
        if lo and hi and lo > hi:
            raise InputError(f"--after {lo} is later than --before {hi}: swap them")
        if (right or qi_outcome) and labels_version is None:
            raise InputError("filtering by right or QI outcome needs a labeler version (labels_version)")
        if qi_outcome is not None and qi_outcome not in QI_OUTCOMES:
            raise InputError(f"unknown QI outcome {qi_outcome!r}; valid outcomes: {', '.join(QI_OUTCOMES)}")
        where, args = ["opinions_fts MATCH ?"], [match]
        if court is not None:
            where.append("o.court_id = ?")
            args.append(self._check_court(court))
        for bound, op in ((lo, ">="), (hi, "<=")):
            if bound:
                where.append(f"o.date_decided {op} ?")
                args.append(bound)
        if published is not None:
            where.append("o.precedential_status = ?")
            args.append("published" if published else "unpublished")
        label_cols, label_join = "NULL AS qi_decided, NULL AS qi_outcome, NULL AS rights", ""
        if labels_version is not None:
            self._check_labels_table()
            label_cols = ("l.qi_decided AS qi_decided, l.qi_outcome AS qi_outcome,"
                          " json_extract(l.fields, '$.rights') AS rights")
            label_join = " LEFT JOIN labels l ON l.opinion_id = o.id AND l.labeler_version = ?"
            args.insert(0, labels_version)  # the join's placeholder comes before the WHERE's
            if right is not None:
                where.append("EXISTS (SELECT 1 FROM json_each(l.fields, '$.rights') r WHERE r.value = ?)")
                args.append(right)
            if qi_outcome is not None:
                where.append("l.qi_outcome = ?")
                args.append(qi_outcome)
        # two steps: rank every match by bm25 reading only what the filters need, then the snippet, the citation
        # and the label for the ``limit`` best alone. In one query SQLite computed the snippet and the citation
        # subquery for every match before sorting (most of the time at 1M opinions).
        join = "" if len(where) == 1 and not label_join else f" JOIN opinions o ON o.id = opinions_fts.rowid{label_join}"
        ranked_sql = (f"SELECT opinions_fts.rowid, bm25(opinions_fts, 5.0, 1.0) AS score FROM opinions_fts{join}"
                      f" WHERE {' AND '.join(where)} ORDER BY score, opinions_fts.rowid LIMIT ?")
        hit_sql = (
            "SELECT o.id, o.case_name, o.court_id, o.date_decided, o.precedential_status, o.document_type,"
            " ? AS score,"
            " snippet(opinions_fts, 1, '**', '**', ' ... ', 24) AS snippet,"
            " (SELECT cite FROM reporter_citations rc WHERE rc.opinion_id = o.id"
            " ORDER BY cite NOT LIKE '% U.S. %', cite LIMIT 1) AS citation,"
            f" {label_cols}"
            f" FROM opinions_fts JOIN opinions o ON o.id = opinions_fts.rowid{label_join}"
            " WHERE opinions_fts MATCH ? AND opinions_fts.rowid = ?"
        )
        head = [labels_version] if labels_version is not None else []
        try:
            with self._time_limit(f"search {query[:200]!r}"):
                ranked = self.conn.execute(ranked_sql, (*args, limit)).fetchall()
                rows = [row for oid, score in ranked
                        for row in self.conn.execute(hit_sql, (score, *head, match, oid)).fetchall()]
        except sqlite3.OperationalError as exc:
            if re.search(r"fts5|syntax error|no such column|unterminated|unknown special query", str(exc)):
                raise InputError(f"cannot search for {query[:200]!r}: {exc}. {_SEARCH_HINT}") from exc
            raise StoreError(f"search failed on {self.path}: {exc}") from exc
        except sqlite3.Error as exc:
            raise StoreError(f"search failed on {self.path}: {exc}") from exc
        return [_hit(r) for r in rows]

    def _check_labels_table(self) -> None:
        row = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='labels'").fetchone()
        if row is None:
            raise StoreError(
                f"store {self.path} has no labels table: label it once (`fairwarning label --db {self.path}`)"
            )

    def label(self, opinion_id: int, labels_version: str) -> dict[str, Any] | None:
        """The stored label row of one opinion for a labeler version, as ``{"fields": {...}, "evidence": [...],
        "current": bool}`` (``current``: labeled from the text as stored now), or None when it has none."""
        self._check_labels_table()
        try:
            row = self.conn.execute(
                "SELECT l.fields, l.evidence, l.text_hash = o.text_hash AS current FROM labels l"
                " JOIN opinions o ON o.id = l.opinion_id WHERE l.opinion_id = ? AND l.labeler_version = ?",
                (opinion_id, labels_version),
            ).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the label of opinion {opinion_id} from {self.path}: {exc}") from exc
        if row is None:
            return None
        try:
            return {"fields": json.loads(row["fields"]), "evidence": json.loads(row["evidence"]),
                    "current": bool(row["current"])}
        except ValueError as exc:
            raise StoreError(f"label of opinion {opinion_id} in {self.path} is corrupt: {exc}; re-run "
                             "`fairwarning label`") from exc

    def _check_court(self, court: str) -> str:
        """A courts-db id, or InputError naming close valid ids (and the courts present in this store)."""
        from fairwarning.reference.courts import is_court

        court = court.strip().lower()
        if is_court(court):
            return court
        present = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT court_id FROM opinions WHERE court_id IS NOT NULL ORDER BY court_id LIMIT 500")]
        close = difflib.get_close_matches(court, present, n=5) or present[:20]
        raise InputError(
            f"unknown court id {court!r}: use a courts-db id such as ca1, ca9, scotus, mad; "
            f"in this store: {', '.join(close)}"
        )

    def get_opinion(self, ref: int | str) -> StoredOpinion:
        """An opinion by store id (``42``), by ``source:source_id`` (``courtlistener:2673``, ``file:sha256:...``,
        ``cap:...``), by CourtListener id (``cl:2673``) or by reporter citation (``543 U.S. 194``; the lowest id
        when several stored opinions carry it)."""
        opinion_id = self._find_id(ref)
        try:
            row = self.conn.execute("SELECT * FROM opinions WHERE id = ?", (opinion_id,)).fetchone()
            sources = self.conn.execute(
                "SELECT source, source_id, path FROM opinion_sources WHERE opinion_id = ? ORDER BY source, source_id",
                (opinion_id,),
            ).fetchall()
            cites = self.conn.execute(
                "SELECT cite FROM reporter_citations WHERE opinion_id = ? ORDER BY cite", (opinion_id,)
            ).fetchall()
            found = self.conn.execute(
                "SELECT start, end, matched_text, kind, normalized, pin_cite, scdb_verified, resolved_opinion_id"
                " FROM citations WHERE opinion_id = ? ORDER BY start, id", (opinion_id,)
            ).fetchall()
            cited_by = self.conn.execute(
                "SELECT DISTINCT opinion_id FROM citations WHERE resolved_opinion_id = ? ORDER BY opinion_id LIMIT ?",
                (opinion_id, MAX_LIMIT),
            ).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read opinion {ref} from {self.path}: {exc}") from exc
        return StoredOpinion(
            id=row["id"], text_hash=row["text_hash"], case_name=row["case_name"], court_id=row["court_id"],
            date_decided=dt.date.fromisoformat(row["date_decided"]) if row["date_decided"] else None,
            precedential_status=row["precedential_status"], docket_number=row["docket_number"],
            document_type=row["document_type"], text=row["text"], provenance=json.loads(row["provenance"]),
            url=row["url"], cluster_id=row["cluster_id"],
            sources=tuple((s[0], s[1], s[2]) for s in sources),
            reporter_citations=tuple(c[0] for c in cites),
            citations=tuple(
                StoredCitation(
                    start=f[0], end=f[1], matched_text=f[2], kind=f[3], normalized=f[4], pin_cite=f[5],
                    scdb_verified=None if f[6] is None else bool(f[6]), resolved_opinion_id=f[7],
                )
                for f in found
            ),
            cited_by=tuple(c[0] for c in cited_by),
        )

    def summaries(self, opinion_ids: Sequence[int]) -> list[dict[str, Any]]:
        """Id, case name, court, date and one reporter citation (U.S. Reports first) of stored opinions, in the
        order given (unknown ids are left out; at most :data:`MAX_LIMIT`)."""
        ids = list(dict.fromkeys(int(i) for i in opinion_ids))[:MAX_LIMIT]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        try:
            rows = self.conn.execute(
                "SELECT o.id, o.case_name, o.court_id, o.date_decided, o.precedential_status,"
                " (SELECT cite FROM reporter_citations rc WHERE rc.opinion_id = o.id"
                "  ORDER BY cite NOT LIKE '% U.S. %', cite LIMIT 1) AS citation"
                f" FROM opinions o WHERE o.id IN ({marks})", ids).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read opinions from {self.path}: {exc}") from exc
        found = {r["id"]: dict(r) for r in rows}
        return [found[i] for i in ids if i in found]

    def _find_id(self, ref: int | str) -> int:
        text = str(ref).strip()
        if text.isdigit():
            rows = self.conn.execute("SELECT id FROM opinions WHERE id = ?", (int(text),)).fetchall()
        elif ":" in text:
            source, source_id = text.split(":", 1)
            if source.lower() in {"cl", "courtlistener"}:
                rows = self.conn.execute(
                    "SELECT opinion_id FROM opinion_sources WHERE source LIKE 'courtlistener%' AND source_id = ?"
                    " ORDER BY source", (source_id,)).fetchall()
            else:
                rows = self.conn.execute(
                    "SELECT opinion_id FROM opinion_sources WHERE source = ? AND source_id = ?", (source, source_id)
                ).fetchall()
        else:
            from fairwarning.corpus.citations import normalize_cite

            cite = normalize_cite(text)
            if cite is None:
                raise InputError(
                    f"{ref!r} is not an opinion id: use a store id (42), source:source_id (courtlistener:2673), "
                    "cl:<CourtListener id> or a reporter citation (543 U.S. 194)"
                )
            rows = self.conn.execute(
                "SELECT opinion_id FROM reporter_citations WHERE cite = ? ORDER BY opinion_id", (cite,)
            ).fetchall()
        if not rows:
            raise InputError(f"no opinion {ref!r} in {self.path}: find ids with `fairwarning search QUERY --db ...`")
        return int(rows[0][0])

    def stats(self) -> dict[str, Any]:
        """Counts describing the store (JSON-ready)."""
        q = self.conn.execute

        def pairs(sql: str) -> dict[str, int]:
            return {str(k): int(v) for k, v in q(sql).fetchall()}

        def one(sql: str) -> int:
            return int(q(sql).fetchone()[0])

        counted = q("SELECT 1 FROM sqlite_master WHERE name = 'court_counts'").fetchone() is not None

        try:
            return {
                # the maintained counts (migration 0003), not scans (a store opened read-only before it: scans)
                "opinions": one("SELECT COALESCE(SUM(opinions), 0) FROM court_counts" if counted
                                else "SELECT COUNT(*) FROM opinions"),
                "by_court": pairs("SELECT CASE court_id WHEN '' THEN 'unknown' ELSE court_id END, opinions"
                                  " FROM court_counts WHERE opinions > 0 ORDER BY 2 DESC, 1" if counted else
                                  "SELECT COALESCE(court_id, 'unknown'), COUNT(*) FROM opinions GROUP BY 1 ORDER BY 2 DESC, 1"),
                "with_court": one("SELECT COALESCE(SUM(opinions), 0) FROM court_counts WHERE court_id != ''"
                                  if counted else "SELECT COUNT(*) FROM opinions WHERE court_id IS NOT NULL"),
                "with_date": one("SELECT COUNT(*) FROM opinions WHERE date_decided IS NOT NULL"),
                "by_status": pairs("SELECT precedential_status, COUNT(*) FROM opinions GROUP BY 1 ORDER BY 1"),
                "document_types": pairs("SELECT document_type, COUNT(*) FROM opinions GROUP BY 1 ORDER BY 1"),
                "sources": pairs("SELECT source, COUNT(*) FROM opinion_sources GROUP BY 1 ORDER BY 1"),
                "duplicates": one("SELECT (SELECT COUNT(*) FROM opinion_sources) - (SELECT COUNT(*) FROM opinions)"),
                "citations": one("SELECT n FROM citation_counts WHERE name = 'all'" if counted
                                 else "SELECT COUNT(*) FROM citations"),
                "citations_by_kind": pairs("SELECT kind, COUNT(*) FROM citations GROUP BY 1 ORDER BY 1"),
                "resolved_citations": self._resolved_count(),
                "citation_graph_edges": one("SELECT COUNT(*) FROM citation_graph"),
                "scdb_verified": pairs(
                    "SELECT CASE scdb_verified WHEN 1 THEN 'verified' ELSE 'not_in_scdb' END, COUNT(*)"
                    " FROM citations WHERE kind = 'full' AND scdb_verified IS NOT NULL GROUP BY 1 ORDER BY 1"),
                "text_defects_skipped": one(
                    "SELECT COUNT(*) FROM opinions WHERE json_extract(provenance, '$.text_defects') IS NOT NULL"),
                "rejections": pairs("SELECT reason, COUNT(*) FROM rejections GROUP BY 1 ORDER BY 1"),
                "ingested_files": one("SELECT COUNT(*) FROM ingested_files"),
            }
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read statistics from {self.path}: {exc}") from exc

    def verify(self) -> list[str]:
        """Problems found in the store (empty when sound): SQLite's ``integrity_check``, the full-text index
        against the opinions (FTS5 ``integrity-check``), opinions no source delivers (orphans) and sources
        pointing at no opinion."""
        problems: list[str] = []
        try:
            problems += [f"integrity: {r[0]}" for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
            try:
                self.conn.execute("INSERT INTO opinions_fts (opinions_fts, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as exc:
                problems.append(f"full-text index: {exc}")
            orphans = [r[0] for r in self.conn.execute(
                "SELECT id FROM opinions WHERE id NOT IN (SELECT opinion_id FROM opinion_sources) LIMIT 20")]
            if orphans:
                problems.append(f"opinions with no source: {orphans}")
            dangling = self.conn.execute(
                "SELECT COUNT(*) FROM opinion_sources WHERE opinion_id NOT IN (SELECT id FROM opinions)").fetchone()[0]
            if dangling:
                problems.append(f"{dangling} source records point at no opinion")
        except sqlite3.Error as exc:
            problems.append(f"cannot check the store: {exc}")
        return problems

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection; in a folder this process cannot write (where SQLite cannot create the WAL index a
    read-only reader needs), an ``immutable`` one -- nobody can be writing there either."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return conn
    except sqlite3.OperationalError:
        if os.access(path.parent, os.W_OK):
            raise
    return sqlite3.connect(f"file:{path}?immutable=1", uri=True, check_same_thread=False)


def as_store_error(exc: BaseException, path: str | Path | None = None) -> StoreError | None:
    """A :class:`StoreError` saying what a bare ``sqlite3`` error means (corrupt store, full disk, locked), or
    None when ``exc`` is not one. The CLI's error boundary uses it for errors no method translated."""
    if not isinstance(exc, sqlite3.Error):
        return None
    text = str(exc)
    where = f"store {path}" if path else "the store"
    if isinstance(exc, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text):
        return StoreError(f"{where} is corrupt ({text}): restore it from a backup, or delete it and ingest again")
    if "disk is full" in text or "disk I/O" in text:
        return StoreError(f"cannot write to {where}: {text}; free some disk space and re-run to resume")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"cannot write to {where}: {text}; check the permissions of the store and its folder")
    return StoreError(f"{where}: {text}")


def _exec_script(conn: sqlite3.Connection, sql: str) -> None:
    """Run a multi-statement script inside the current transaction (``executescript`` would commit)."""
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            conn.execute(buf)
            buf = ""
    if buf.strip():
        conn.execute(buf)
