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
