"""The corpus: opinions from every source into one SQLite + FTS5 store, with metadata and a citation graph.

Stage one of the pipeline (corpus -> doctrine/labels -> analysis/system view -> web/CLI). Modules:

- :mod:`.sources` -- one adapter per input shape (CourtListener API JSON and bulk CSV, Caselaw Access Project
  JSONL, field-mapped JSON, text/HTML/PDF files), format recognized by content; the CourtListener API client.
- :mod:`.text`, :mod:`.metadata`, :mod:`.defects` -- cleaning, metadata recovery with provenance, detection of
  texts that are not opinions.
- :mod:`.citations` -- eyecite extraction and reporters-db normalization.
- :mod:`.store`, :mod:`.migrations` -- the store (WAL, FTS5) and its schema migrations.
- :mod:`.ingest` -- the resumable, parallel ingest; :mod:`.sync` -- the resumable CourtListener sync.

The package re-exports the names users reach for; ``ingest`` and ``sync`` stay module names (the functions are
``fairwarning.corpus.ingest.ingest`` and ``fairwarning.corpus.sync.sync``), so no function shadows its module.

Depends only on :mod:`fairwarning.reference`, :mod:`fairwarning.errors` and :mod:`fairwarning.models`.

>>> from fairwarning.corpus import Store
>>> Store.__name__
'Store'
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fairwarning.corpus.ingest import IngestProgress, IngestSummary, ingest_records
    from fairwarning.corpus.sources import discover, read_records
    from fairwarning.corpus.store import Store, default_db_path
    from fairwarning.corpus.sync import SyncSummary

#: exported name -> the module defining it; imported on first use (PEP 562), so importing the package (or one of
#: its light modules) does not import its heavy ones
_EXPORTS = {
    "IngestProgress": "fairwarning.corpus.ingest",
    "IngestSummary": "fairwarning.corpus.ingest",
    "ingest_records": "fairwarning.corpus.ingest",
    "discover": "fairwarning.corpus.sources",
    "read_records": "fairwarning.corpus.sources",
    "Store": "fairwarning.corpus.store",
    "default_db_path": "fairwarning.corpus.store",
    "SyncSummary": "fairwarning.corpus.sync",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

__all__ = [
    "IngestProgress",
    "IngestSummary",
    "Store",
    "SyncSummary",
    "default_db_path",
    "discover",
    "ingest_records",
    "read_records",
]
