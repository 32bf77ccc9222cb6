"""Shared helpers for the analysis tests (no tests here): one labeled shared-corpus store per test session.

The store is built once per process (ingest of the whole shared corpus, then every opinion labeled through the
labeler API) and reused by every analysis test module; the ``corpus_db`` fixture is used when the suite has it.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

_BUILT: dict[str, Path] = {}


def _label_all(db: Path) -> None:
    from fairwarning import labeler
    from fairwarning.store import Store

    try:
        from fairwarning.labeler.storage import label_store
    except ImportError:
        label_store = None
    with Store(db) as store:
        if label_store is not None:
            label_store(store)
            return
        conn = store.conn
        conn.execute(
            "CREATE TABLE IF NOT EXISTS labels (opinion_id INTEGER PRIMARY KEY, labeler_version TEXT, "
            "text_hash TEXT, fields TEXT, evidence TEXT)"
        )
        rows = conn.execute(
            "SELECT id, text, court_id, date_decided, precedential_status, text_hash FROM opinions"
        ).fetchall()
        with store.transaction():
            for oid, text, court, date, status, text_hash in rows:
                lab = labeler.label_opinion(text, court_id=court, date_decided=date, precedential_status=status)
                conn.execute(
                    "INSERT OR REPLACE INTO labels (opinion_id, labeler_version, text_hash, fields, evidence) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (oid, labeler.LABELER_VERSION, text_hash, json.dumps(lab.fields()),
                     json.dumps([e.to_dict() for e in lab.evidence])),
                )


def labeled_store(request: pytest.FixtureRequest, corpus_dir: Path) -> Path:
    """Path to a labeled store of the whole shared corpus (built once per test process)."""
    if "db" in _BUILT:
        return _BUILT["db"]
    tmp = Path(tempfile.mkdtemp(prefix="fairwarning-analysis-"))
    atexit.register(shutil.rmtree, tmp, True)
    db = tmp / "labeled.db"
    source: Any = None
    try:
        source = request.getfixturevalue("corpus_db")
    except pytest.FixtureLookupError:
        source = None
    if source is not None:
        shutil.copy(source, db)
        for suffix in ("-wal", "-shm"):
            if Path(f"{source}{suffix}").exists():
                shutil.copy(f"{source}{suffix}", f"{db}{suffix}")
    else:
        from fairwarning.ingest import ingest
        from fairwarning.store import Store

        with Store(db) as store:
            ingest([corpus_dir], store)
    _label_all(db)
    _BUILT["db"] = db
    return db
