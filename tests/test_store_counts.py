"""A store that stays fast as it grows: maintained counts equal the scans they replace, whatever wrote the rows;
incremental citation resolution equals the full one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fairwarning.analysis import queries
from fairwarning.corpus.ingest import ingest
from fairwarning.corpus.store import Store
from fairwarning.labeler import LABELER_VERSION, label_store


def _scans(conn: sqlite3.Connection) -> dict[str, object]:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "opinions": one("SELECT COUNT(*) FROM opinions"),
        "labeled": one("SELECT COUNT(DISTINCT opinion_id) FROM labels"),
        "stale": one("SELECT COUNT(DISTINCT opinion_id) FROM labels WHERE opinion_id NOT IN "
                     f"(SELECT opinion_id FROM labels WHERE labeler_version = '{LABELER_VERSION}')"),
        "coverage": {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
            "SELECT court_id, COUNT(*), MIN(date_decided), MAX(date_decided) FROM opinions "
            "WHERE court_id IS NOT NULL GROUP BY court_id")},
        "citations": one("SELECT COUNT(*) FROM citations"),
        "resolved": one("SELECT COUNT(*) FROM citations WHERE resolved_opinion_id IS NOT NULL"),
        "qi": {r[0]: r[1] for r in conn.execute(
            "SELECT labeler_version, SUM(qi_decided != 0) FROM labels GROUP BY 1")},
    }


def _counted(store: Store) -> dict[str, object]:
    conn = store.conn
    stats = store.stats()
    assert stats["opinions"] == queries.opinion_count(conn)
    return {
        "opinions": queries.opinion_count(conn),
        "labeled": queries.labeled_count(conn),
        "stale": queries.stale_label_count(conn),
        "coverage": {k: (v.opinions, v.first, v.last) for k, v in queries.coverage(conn).items()},
        "citations": stats["citations"],
        "resolved": stats["resolved_citations"],
        "qi": {r[0]: r[1] for r in conn.execute(
            "SELECT labeler_version, qi_decided FROM label_counts WHERE labeler_version != '*' AND opinions > 0")}
        if queries.has_table(conn, "label_counts") else _scans(conn)["qi"],
    }


@pytest.fixture(scope="module")
def small_store(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("counts") / "store.db"
    with Store(path) as store:
        ingest([corpus_dir / "scotus-recent"], store, workers=1)
        label_store(store)
    return path


def test_counts_equal_scans_through_ingest_label_merge_and_delete(small_store: Path, corpus_dir: Path,
                                                                    tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    path.write_bytes(small_store.read_bytes())
    with Store(path) as store:
        conn = store.conn
        assert _counted(store) == _scans(conn)
        assert queries.labeled_count(conn) > 0 and queries.opinion_count(conn) > 0
        ingest([corpus_dir / "scotus"], store, workers=1)  # more opinions (some may merge into stored ones)
        assert _counted(store) == _scans(conn)
        label_store(store)
        assert _counted(store) == _scans(conn)
        with store.transaction():  # an older labeler's labels: stale where the current one is missing
            ids = [r[0] for r in conn.execute("SELECT id FROM opinions ORDER BY id LIMIT 5")]
            conn.executemany("INSERT INTO labels (opinion_id, labeler_version, text_hash, qi_decided, fields, evidence)"
                             " SELECT opinion_id, 'rules-0.1', text_hash, 1 - qi_decided, fields, evidence FROM labels"
                             " WHERE opinion_id = ? AND labeler_version = ?", [(i, LABELER_VERSION) for i in ids])
            conn.execute("DELETE FROM labels WHERE opinion_id IN (?, ?) AND labeler_version = ?",
                         (ids[0], ids[1], LABELER_VERSION))
            conn.execute("UPDATE labels SET qi_decided = 1 - qi_decided WHERE opinion_id = ?", (ids[2],))
        assert queries.stale_label_count(conn) == 2
        assert _counted(store) == _scans(conn)
        with store.transaction():  # a court recovered later (a merge fills it), an opinion removed
            oid, court = conn.execute("SELECT id, court_id FROM opinions WHERE court_id IS NOT NULL LIMIT 1").fetchone()
            conn.execute("UPDATE opinions SET court_id = NULL WHERE id = ?", (oid,))
            assert _counted(store) == _scans(conn)
            conn.execute("UPDATE opinions SET court_id = ? WHERE id = ?", (court, oid))
            gone = conn.execute("SELECT MAX(id) FROM opinions").fetchone()[0]
            for table in ("labels", "label_rulings", "citations", "reporter_citations", "opinion_sources"):
                conn.execute(f"DELETE FROM {table} WHERE opinion_id = ?", (gone,))
            conn.execute("UPDATE citations SET resolved_opinion_id = NULL WHERE resolved_opinion_id = ?", (gone,))
            conn.execute("DELETE FROM opinions WHERE id = ?", (gone,))
        assert _counted(store) == _scans(conn)
        with store.transaction():  # labels moved to another version (as a test of old labels does) or opinion
            conn.execute("UPDATE labels SET labeler_version = 'x', qi_decided = 1 - qi_decided WHERE opinion_id = ? "
                         "AND labeler_version = ?", (ids[3], LABELER_VERSION))
            assert _counted(store) == _scans(conn)
            conn.execute("UPDATE labels SET opinion_id = ? WHERE opinion_id = ? AND labeler_version = 'x'",
                         (ids[4], ids[3]))
            assert _counted(store) == _scans(conn)
            conn.execute("UPDATE labels SET labeler_version = 'rules-0.0' WHERE labeler_version = ?", (LABELER_VERSION,))
        assert _counted(store) == _scans(conn)
        assert queries.stale_label_count(conn) == queries.labeled_count(conn) > 0


def test_migration_backfills_counts_and_refresh_recounts(small_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    path.write_bytes(small_store.read_bytes())
    conn = sqlite3.connect(path)  # back to a store from before migration 0003
    for (kind, name) in conn.execute("SELECT type, name FROM sqlite_master WHERE name LIKE '%count%' "
                                     "AND type IN ('table', 'trigger')").fetchall():
        conn.execute(f"DROP {kind} IF EXISTS {name}")
    conn.execute("DROP INDEX labels_qi_decided")
    conn.execute("DELETE FROM _migrations WHERE name = '0004_store_counts'")
    conn.commit()
    expected = _scans(conn)
    conn.close()
    with Store(path, readonly=True) as old:  # read-only, not migrated: the queries fall back to scans
        assert _counted(old) == expected
    with Store(path) as store:
        assert _counted(store) == expected
        store.conn.execute("UPDATE court_counts SET opinions = opinions + 7")
        store.refresh_counts()
        assert _counted(store) == expected


def test_incremental_resolution_equals_full(corpus_dir: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as a:
        # three ingests: citing opinions first, their targets later (old citations gain new targets)
        ingest([p for p in sorted((corpus_dir / "courtlistener-ca1").rglob("*")) if p.is_file()][:60], a, workers=1)
        ingest([corpus_dir / "scotus-recent"], a, workers=1)
        ingest([corpus_dir / "scotus"], a, workers=1)
        incremental = a.conn.execute("SELECT id, resolved_opinion_id FROM citations ORDER BY id").fetchall()
        resolved = a.stats()["resolved_citations"]
        assert resolved == a.resolve_citations()  # the full pass changes nothing
        full = a.conn.execute("SELECT id, resolved_opinion_id FROM citations ORDER BY id").fetchall()
    assert [tuple(r) for r in incremental] == [tuple(r) for r in full]
    assert resolved == sum(1 for r in full if r[1] is not None) > 0
