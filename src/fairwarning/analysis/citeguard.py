"""No invented law: every citation a memo prints must resolve to a stored opinion or a leading case.

Text that enters a memo from elsewhere (evidence quotes from opinions, leading-case holdings) passes through
:func:`mask_unresolved`, which replaces any citation that does not resolve with ``[citation omitted]``.
:func:`unresolved_citations` is the check the tests run over every rendered memo.

Finding the citations is eyecite's work, which is slow to start (importing it, loading the hyperscan database).
So :func:`mask_unresolved` looks them up first:

- the packaged texts (leading-case holdings, the authority rules' reasons and sources, ...) were run through
  eyecite at build time into ``data/citeguard.json`` (``scripts/precompute.py``; a test checks that the file
  equals a fresh computation, so it cannot drift);
- any other text (evidence quotes) is cached on first use in the per-user cache directory
  (``FAIRWARNING_CACHE_DIR`` overrides), keyed by the text and by the extractor's version (eyecite's and reporters-db's
  versions and the source of ``corpus/citations.py``), and found with eyecite's default tokenizer (the same citations as the
  hyperscan one; no database to load for a few short texts). A cache that cannot be read or written is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from fairwarning.corpus.citations import extract_citations

__all__ = ["OMITTED", "mask_unresolved", "mask_cached", "unresolved_citations", "static_texts", "compute_static"]

OMITTED = "[citation omitted]"
#: (start, end, normalized form or None) of each citation eyecite finds, in text order
Span = tuple[int, int, str | None]


def unresolved_citations(text: str, resolves: Callable[[str], bool]) -> list[str]:
    """The matched text of every citation in ``text`` whose normalized form ``resolves`` rejects
    (id./supra citations and unnormalizable ones count as unresolved)."""
    return [c.matched_text for c in extract_citations(text) if not (c.normalized and resolves(c.normalized))]


_MAY_CITE = re.compile(r"\d|id\.|supra", re.IGNORECASE)


def _may_cite(text: str) -> bool:
    return _MAY_CITE.search(text) is not None


def mask_unresolved(text: str, resolves: Callable[[str], bool]) -> str:
    if not _may_cite(text):
        return text
    out, last = [], 0
    for start, end, normalized in sorted(_spans(text), key=lambda c: c[0]):
        if normalized and resolves(normalized):
            continue
        if start < last:
            continue
        out.append(text[last:start])
        out.append(OMITTED)
        last = end
    out.append(text[last:])
    return "".join(out)


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _eyecite_spans(text: str, *, short_text_tokenizer: bool = True) -> list[Span]:
    tokenizer = None
    if short_text_tokenizer:
        from eyecite.tokenizers import default_tokenizer

        tokenizer = default_tokenizer
    return [(c.start, c.end, c.normalized) for c in extract_citations(text, tokenizer=tokenizer)]


@cache
def _spans(text: str) -> tuple[Span, ...]:
    static = _static().get(_key(text))
    if static is not None:
        return static
    cached = _disk_get(text)
    if cached is not None:
        return cached
    found = tuple(_eyecite_spans(text))
    _disk_put(text, found)
    return found


# -- the packaged precomputation -----------------------------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def static_texts() -> list[str]:
    """Every string of the packaged doctrine tables and analysis data that could hold a citation (sorted, unique):
    what the memo may quote from packaged data."""
    from fairwarning.doctrine._data import TABLES, load_table

    values: list[Any] = [load_table(name) for name in TABLES]
    data = resources.files("fairwarning.analysis").joinpath("data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith(".json") and p.name != "citeguard.json"):
        values.append(json.loads(data.joinpath(name).read_text(encoding="utf-8")))
    return sorted({s for v in values for s in _strings(v) if _may_cite(s)})


def compute_static(texts: Iterable[str] | None = None) -> dict[str, Any]:
    """The content of ``data/citeguard.json``: text hash -> citation spans, found with the hyperscan tokenizer
    (the one :func:`unresolved_citations` uses)."""
    out = {}
    for text in texts if texts is not None else static_texts():
        out[_key(text)] = [list(s) for s in _eyecite_spans(text, short_text_tokenizer=False)]
    return {"about": "citations eyecite finds in the packaged texts; regenerate with scripts/precompute.py",
            "texts": dict(sorted(out.items()))}


@cache
def _static() -> dict[str, tuple[Span, ...]]:
    try:
        raw = resources.files("fairwarning.analysis").joinpath("data/citeguard.json").read_text(encoding="utf-8")
    except OSError:  # not built: everything goes through eyecite
        return {}
    return {k: tuple((int(s), int(e), n) for s, e, n in v) for k, v in json.loads(raw)["texts"].items()}


# -- the on-first-use cache --------------------------------------------------------------------------------


@cache
def _extractor_version() -> str:
    from importlib.metadata import version

    import fairwarning.corpus.citations as citations

    source = Path(citations.__file__).read_bytes()
    return f"eyecite {version('eyecite')} reporters-db {version('reporters-db')} {hashlib.sha256(source).hexdigest()[:16]}"


@cache
def _disk() -> sqlite3.Connection | None:
    import platformdirs

    root = os.environ.get("FAIRWARNING_CACHE_DIR") or platformdirs.user_cache_dir("fairwarning")
    try:
        Path(root).mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(Path(root) / "citeguard.sqlite", timeout=2, isolation_level=None,
                               check_same_thread=False)
        conn.execute("CREATE TABLE IF NOT EXISTS spans (key TEXT PRIMARY KEY, spans TEXT NOT NULL)")
    except (OSError, sqlite3.Error):
        return None
    return conn


def _disk_key(text: str) -> str:
    return _key(f"{_extractor_version()}\0{text}")


def _disk_get(text: str) -> tuple[Span, ...] | None:
    conn = _disk()
    if conn is None:
        return None
    try:
        row = conn.execute("SELECT spans FROM spans WHERE key = ?", (_disk_key(text),)).fetchone()
        return tuple((int(s), int(e), n) for s, e, n in json.loads(row[0])) if row else None
    except (sqlite3.Error, ValueError, TypeError):
        return None


def _disk_put(text: str, spans: tuple[Span, ...]) -> None:
    conn = _disk()
    if conn is None:
        return
    with contextlib.suppress(sqlite3.Error):
        conn.execute("INSERT OR REPLACE INTO spans (key, spans) VALUES (?, ?)", (_disk_key(text), json.dumps(spans)))


_CACHE: dict[tuple[str, str], str] = {}


def mask_cached(text: str, resolves: Callable[[str], bool], key: str) -> str:
    """:func:`mask_unresolved` cached by ``(key, text)``: for packaged text (leading-case holdings, rule sources,
    authority reasons) that resolves the same way against the same store (``key`` names the store's state)."""
    k = (key, text)
    if k not in _CACHE:
        if len(_CACHE) > 8192:
            _CACHE.clear()
        _CACHE[k] = mask_unresolved(text, resolves)
    return _CACHE[k]
