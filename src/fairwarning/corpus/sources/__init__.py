"""Source adapters: one record per opinion from every input shape.

``discover(paths, *, max_bytes=...)`` classifies every file (inputs by format, companion tables, rejections);
``read_records(f, companions)`` yields :class:`~fairwarning.models.OpinionRecord` or
:class:`~fairwarning.models.Rejection` for one input. Format modules (protocol in :mod:`.base`):
``courtlistener_json`` (API v2/v3/v4 objects), ``mapped_json`` (JSON records through a field mapping, e.g. the
re-keyed CourtListener sample), ``files`` (plain text, HTML, PDF), ``courtlistener_bulk`` (bulk CSV tables) and
``cap`` (Caselaw Access Project JSONL); companion tables in ``inventory`` and ``courtlistener_bulk``.
See :mod:`fairwarning.corpus.sources.registry` for how each file is classified.
"""

from fairwarning.corpus.sources.base import Companions, FormatModule, InputFile
from fairwarning.corpus.sources.registry import FORMAT_MODULES, discover, format_module, read_records

__all__ = [
    "Companions",
    "FormatModule",
    "InputFile",
    "FORMAT_MODULES",
    "discover",
    "format_module",
    "read_records",
]
