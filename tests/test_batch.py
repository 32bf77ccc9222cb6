"""Batch ingest + label on Dask gives the same store as serial ``ingest`` + ``label``, row for row, on real
opinions of the shared corpus (the two Supreme Court folders and 100 First Circuit files with the circuit's
inventory); resumes per partition; streams bulk CSVs by row ranges."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fairwarning.batch import batch_ingest
from fairwarning.batch.pipeline import _plan_ingest
from fairwarning.corpus.ingest import ingest
from fairwarning.corpus.sources import discover
from fairwarning.corpus.store import Store
from fairwarning.labeler.storage import label_store

#: every table an ingest or label run writes, with its row order; timestamps are left out
TABLES = {
    "opinions": "SELECT id, text_hash, case_name, court_id, date_decided, precedential_status, docket_number,"
                " document_type, text, provenance, url, cluster_id FROM opinions ORDER BY id",
    "opinion_sources": "SELECT * FROM opinion_sources ORDER BY source, source_id",
    "reporter_citations": "SELECT * FROM reporter_citations ORDER BY opinion_id, cite",
    "citations": "SELECT * FROM citations ORDER BY id",
    "labels": "SELECT opinion_id, labeler_version, text_hash, qi_decided, qi_outcome, fields, evidence"
              " FROM labels ORDER BY opinion_id, labeler_version",
    "rejections": "SELECT * FROM rejections ORDER BY path, source_id",
    "ingested_files": "SELECT * FROM ingested_files ORDER BY path",
}


def _content(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out = {name: conn.execute(sql).fetchall() for name, sql in TABLES.items()}
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'label_rulings'").fetchone():  # per-right rulings
            out["label_rulings"] = conn.execute(
                "SELECT * FROM label_rulings ORDER BY opinion_id, labeler_version, right").fetchall()
        return out
    finally:
        conn.close()


@pytest.fixture(scope="module")
def subset(corpus_dir: Path) -> list[Path]:
    """Real inputs, read in place: both scotus folders, the ca1 inventory and its first 100 opinion files."""
    ca1 = corpus_dir / "courtlistener-ca1"
    opinions = sorted((ca1 / "opinions").iterdir())
    assert len(opinions) >= 100, f"the shared ca1 corpus is missing at {ca1}"
    return [corpus_dir / "scotus", corpus_dir / "scotus-recent", ca1 / "ca1-inventory.csv", *opinions[:100]]


@pytest.fixture(scope="module")
def serial_db(subset: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("serial") / "serial.db"
    with Store(db) as store:
        ingest(subset, store, workers=1)
        label_store(store)
    return db


def test_dask_store_equals_serial_store_row_for_row(subset, serial_db, tmp_path):
    db = tmp_path / "dask.db"
    with Store(db) as store:
        summary = batch_ingest(subset, store, workers=2, partition_size=7, label=True)
    serial, dask = _content(serial_db), _content(db)
    assert len(serial["opinions"]) > 120 and len(serial["citations"]) > 1000 and serial["labels"]
    assert set(dask) == set(serial)
    for table in serial:
        assert dask[table] == serial[table], f"table {table} differs"
    assert summary.workers == 2 and summary.partitions > 2 * 2 and summary.ingest.ingested == len(serial["opinions"])
    assert summary.labeled == len(serial["labels"])
    assert not Path(summary.shard_dir).exists()  # removed after a complete run


def test_interrupted_run_resumes_and_complete_shards_are_reused(subset, tmp_path):
    """Stop the merge after a few partitions: the re-run skips the committed files and ends with the store a
    serial run builds; a run into another store with the same shard folder recomputes nothing."""
    scotus = subset[:2]
    with Store(tmp_path / "serial.db") as store:
        ingest(scotus, store, workers=1)
        label_store(store)
    db, shards = tmp_path / "dask.db", tmp_path / "shards"

    class Stop(Exception):
        pass

    def stop_after_three(p) -> None:
        if p.partitions_done == 3:
            raise Stop

    with Store(db) as store, pytest.raises(Stop):
        batch_ingest(scotus, store, workers=2, partition_size=5, shard_dir=shards, progress=stop_after_three)
    assert len(list(shards.glob("*.parquet"))) >= 3
    with Store(db) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM opinions").fetchone()[0] >= 10
        again = batch_ingest(scotus, store, workers=1, partition_size=5, shard_dir=shards, keep_shards=True,
                             label=True)
    assert again.ingest.skipped >= 10 and again.kept_shards
    assert _content(db) == _content(tmp_path / "serial.db")
    with Store(tmp_path / "other.db") as store:
        reused = batch_ingest(scotus, store, workers=1, partition_size=5, shard_dir=shards, label=True)
    assert reused.reused_shards == reused.partitions + reused.label_partitions and reused.label_partitions > 0
    assert _content(tmp_path / "other.db") == _content(tmp_path / "serial.db")


def test_bulk_csv_is_partitioned_by_row_ranges(tmp_path):
    """A CourtListener bulk CSV (bz2) is cut into row ranges, and the store equals the serial one."""
    bulk = Path(__file__).parent / "fixtures" / "feeds" / "bulk"
    files, companions, _ = discover([bulk])
    streamed = [f for f in files if f.format == "courtlistener-bulk"]
    assert streamed, "no bulk CSV among the fixtures"
    parts = list(_plan_ingest(streamed[:1], companions, {}, 2))
    rows = [p for p in parts if p.kind == "rows"]
    assert len(rows) >= 2 and [p.start for p in rows] == [2 * i for i in range(len(rows))]
    assert parts[-1].kind == "end"
    with Store(tmp_path / "serial.db") as store:
        ingest([bulk], store, workers=1)
    with Store(tmp_path / "dask.db") as store:
        batch_ingest([bulk], store, workers=1, partition_size=2)
    assert _content(tmp_path / "dask.db") == _content(tmp_path / "serial.db")


def test_cli_batch_ingest_and_bad_input(subset, tmp_path):
    db = tmp_path / "cli.db"
    scotus = [str(p) for p in subset[:2]]
    cmd = [sys.executable, "-m", "fairwarning", "batch", "ingest", *scotus, "--db", str(db), "--workers", "1",
           "--partition-size", "10", "--label", "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["ingest"]["ingested"] == 34 and out["labeled"] == 34 and out["workers"] == 1
    assert out["extra"]["worker_cpu_seconds"] > 0.5  # the worker parsed, extracted and labeled 34 opinions
    bad = subprocess.run([*cmd[:5], str(tmp_path / "missing"), "--db", str(db)], capture_output=True, text=True,
                         timeout=120)
    assert bad.returncode == 2 and "no such file" in bad.stderr and "Traceback" not in bad.stderr
    nowhere = subprocess.run([*cmd[:5], scotus[0], "--db", str(tmp_path / "x.db"), "--scheduler",
                              "tcp://127.0.0.1:9"], capture_output=True, text=True, timeout=120)
    assert nowhere.returncode == 2 and "scheduler" in nowhere.stderr and "Traceback" not in nowhere.stderr


def test_labels_made_on_workers_are_redone_when_a_later_copy_fills_the_metadata(corpus_dir, tmp_path, monkeypatch):
    """An opinion is labeled on the worker that parsed it; when a later copy of the same text fills a field the
    first copy lacked (here the publication status), that label no longer describes the stored opinion: it is dropped
    and the label stage labels the opinion again, so the store still equals serial ingest + label."""
    from fairwarning.labeler import storage

    src = json.loads((corpus_dir / "scotus" / "opinions" / "111397.json").read_text())  # Tennessee v. Garner
    inputs = tmp_path / "in"
    inputs.mkdir()
    first = {k: v for k, v in src.items() if k != "precedential_status"} | {"id": "900001"}
    (inputs / "900001.json").write_text(json.dumps(first))
    (inputs / "900002.json").write_text(json.dumps(src | {"id": "900002"}))
    with Store(tmp_path / "serial.db") as store:
        ingest([inputs], store, workers=1)
        label_store(store)
    dropped: list[int] = []
    real = storage.drop_label
    monkeypatch.setattr(storage, "drop_label", lambda conn, oid, version: (dropped.append(oid), real(conn, oid, version)))
    with Store(tmp_path / "dask.db") as store:
        summary = batch_ingest([inputs], store, workers=1, partition_size=1, label=True)
    serial = _content(tmp_path / "serial.db")
    assert len(serial["opinions"]) == 1 and serial["opinions"][0][5] == "published", "the second copy gives it"
    assert _content(tmp_path / "dask.db") == serial
    assert dropped == [serial["opinions"][0][0]] and summary.label_partitions == 1 and summary.labeled == 1


def test_most_labels_are_made_on_the_workers(subset, tmp_path):
    with Store(tmp_path / "dask.db") as store:
        summary = batch_ingest(subset[:2], store, workers=1, partition_size=10, label=True)
    assert summary.labeled == summary.ingest.ingested > 30 and summary.label_partitions == 0
