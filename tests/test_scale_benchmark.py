"""benchmarks/scale.py builds its stores right: the asked number of unique opinions, citations and labels copied
with their opinion, the full-text index and the maintained counts up to date."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

from fairwarning.corpus.ingest import ingest
from fairwarning.corpus.store import Store
from fairwarning.labeler import label_store

REPO = Path(__file__).resolve().parents[1]


def test_scale_build(corpus_dir: Path, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("scale", REPO / "benchmarks" / "scale.py")
    assert spec and spec.loader
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    source = tmp_path / "source.db"
    with Store(source) as store:
        ingest([corpus_dir / "scotus-recent"], store, workers=1)
        label_store(store)
        n_src = store.conn.execute("SELECT COUNT(*) FROM opinions").fetchone()[0]
        n_cit = store.conn.execute("SELECT COUNT(*) FROM citations").fetchone()[0]
    n = 2 * n_src + 3
    db = tmp_path / "scale.db"
    scale.build(db, source, n)
    conn = sqlite3.connect(db)
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    assert one("SELECT COUNT(*) FROM opinions") == n == one("SELECT COUNT(DISTINCT text_hash) FROM opinions")
    assert one("SELECT COUNT(DISTINCT text) FROM opinions") == n  # every text unique
    assert one("SELECT MAX(id) FROM opinions") < 3 * scale.OFFSET
    assert one("SELECT COUNT(*) FROM citations") > 2 * n_cit
    assert one("SELECT COUNT(*) FROM labels") == n
    assert one("SELECT COUNT(*) FROM opinions_fts WHERE opinions_fts MATCH 'benchmark'") == n - n_src
    with Store(db, readonly=True) as store:
        stats = store.stats()
    assert stats["opinions"] == n and stats["citations"] == one("SELECT COUNT(*) FROM citations")
    assert one("SELECT opinions FROM label_counts WHERE labeler_version = '*'") == n
