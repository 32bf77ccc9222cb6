"""Shared helpers for the analysis tests (no tests here): one labeled shared-corpus store per test session.

The store is built once per process (a copy of the ``corpus_db`` fixture's ingest of the whole shared corpus, every
opinion then labeled with :func:`fairwarning.labeler.storage.label_store`) and reused by every analysis test module.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from fairwarning.corpus.store import Store
from fairwarning.labeler.storage import label_store

_BUILT: dict[str, Path] = {}


def labeled_store(corpus_db: Path) -> Path:
    """Path to a labeled copy of the ``corpus_db`` store (labeled once per test process)."""
    if "db" in _BUILT:
        return _BUILT["db"]
    tmp = Path(tempfile.mkdtemp(prefix="fairwarning-analysis-"))
    atexit.register(shutil.rmtree, tmp, True)
    db = tmp / "labeled.db"
    shutil.copy(corpus_db, db)
    for suffix in ("-wal", "-shm"):
        if Path(f"{corpus_db}{suffix}").exists():
            shutil.copy(f"{corpus_db}{suffix}", f"{db}{suffix}")
    with Store(db) as store:
        label_store(store)
    _BUILT["db"] = db
    return db
