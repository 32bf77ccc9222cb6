"""The embedded SQLite store (WAL, FTS5). One writer; reads bounded.

Only this module talks to ``sqlite3``; it translates its exceptions into :class:`StoreError`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

from fairwarning.errors import StoreError
from fairwarning.migrations import MIGRATIONS

__all__ = ["Store", "default_db_path"]


def default_db_path() -> Path:
    """The per-user default store, used when ``--db`` is not given."""
    return Path(platformdirs.user_data_dir("fairwarning")) / "fairwarning.db"


class Store:
    """A fairwarning store. ``Store(path)`` opens (creating and migrating) the database file."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        try:
            if readonly:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path}: run `fairwarning ingest PATH --db {self.path}` first")
                self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=10000")
            if not readonly:
                self.migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    # -- schema -----------------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply pending migrations; return the names applied."""
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
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (rolled back on error)."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc}") from exc
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
