"""Shared test fixtures. The real shared corpus is required: tests fail (never skip) when it is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _shared_dir() -> Path:
    path = Path(os.environ.get("FAIRWARNING_SHARED", REPO.parent / "shared")).resolve()
    if not (path / "corpus").is_dir():
        raise RuntimeError(
            f"the shared data directory is missing at {path}: tests need ../shared beside the checkout "
            "(or FAIRWARNING_SHARED pointing at it)"
        )
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _shared_dir()


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    return shared_dir / "corpus"


@pytest.fixture(scope="session")
def corpus_db(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path to a store ingested from the whole shared corpus, built once per test session (read it with
    ``Store(path, readonly=True)``; do not write to it). ``FAIRWARNING_TEST_CORPUS_DB`` may name an existing
    store to reuse while developing (it must have been built from the same corpus by the same code)."""
    from fairwarning.corpus.ingest import ingest
    from fairwarning.corpus.store import Store

    reuse = os.environ.get("FAIRWARNING_TEST_CORPUS_DB")
    if reuse and Path(reuse).is_file():
        return Path(reuse)
    path = tmp_path_factory.mktemp("corpus-db") / "corpus.db"
    with Store(path) as store:
        ingest([corpus_dir], store, workers=2)
    return path
