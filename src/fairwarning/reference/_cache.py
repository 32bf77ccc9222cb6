"""A per-user pickle cache for reference data that is slow to parse and never changes between runs (SCDB's CSV,
courts-db's JSON), so that a command pays the parse once, not on every start.

Files live in the per-user cache directory (``FAIRWARNING_CACHE_DIR`` overrides it), one per (name, key); the key
must change whenever the input or the parser does. A cache that cannot be read or written is ignored: the value is
then built as before. Files are written to a temporary name and renamed, so no reader sees half a file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

__all__ = ["cache_dir", "pickled"]

_T = TypeVar("_T")


def cache_dir() -> Path:
    import platformdirs

    return Path(os.environ.get("FAIRWARNING_CACHE_DIR") or platformdirs.user_cache_dir("fairwarning"))


def pickled(name: str, key: str, build: Callable[[], _T], check: Callable[[object], bool]) -> _T:
    """``build()``, or the value a previous call with the same ``name`` and ``key`` pickled (when ``check``
    accepts it)."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    root = cache_dir() / name
    path = root / f"{digest}.pickle"
    try:
        with path.open("rb") as fh:
            value = pickle.load(fh)
        if check(value):
            return value  # type: ignore[no-any-return]
    except Exception:  # missing, unreadable or from another version: build it
        pass
    value = build()
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = root / f"{digest}.{os.getpid()}.tmp"
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError):
        pass
    return value


def source_key(*files: str | Path) -> str:
    """A key from the size, mtime and path of each file (the data) — the parser's source goes in by the caller."""
    parts = []
    for f in files:
        st = Path(f).stat()
        parts.append(f"{f}:{st.st_size}:{st.st_mtime_ns}")
    return "\0".join(parts)
