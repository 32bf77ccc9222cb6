"""Values passed between stages. Frozen dataclasses; no I/O here.

:class:`OpinionRecord` is what every source adapter yields: one record per opinion, with ``provenance``
saying how each metadata field was obtained (``"source"`` when read from a field of the input, or
``"inferred:<how>"`` e.g. ``"inferred:caption"``, ``"inferred:url"``, ``"inferred:inventory"``).
:class:`Rejection` is what an adapter yields for an input that is not a usable opinion.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["OpinionRecord", "Rejection", "PrecedentialStatus"]

PrecedentialStatus = Literal["published", "unpublished", "unknown"]


@dataclass(frozen=True)
class OpinionRecord:
    source: str  # adapter name: "courtlistener-json", "courtlistener-bulk", "cap", "file", "mapped-json", "courtlistener-api"
    source_id: str  # id within that source (CourtListener opinion id when known)
    text: str  # plain text of the opinion, as extracted (not yet normalized)
    case_name: str | None = None
    court_id: str | None = None  # courts-db id
    date_decided: dt.date | None = None
    precedential_status: PrecedentialStatus = "unknown"
    docket_number: str | None = None
    reporter_citations: tuple[str, ...] = ()  # e.g. ("533 U.S. 194",)
    document_type: Literal["opinion", "errata", "order"] = "opinion"
    provenance: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    path: str | None = None  # file the record came from, when any
    url: str | None = None  # download_url / absolute_url when known
    cluster_id: str | None = None  # CourtListener cluster id when known


@dataclass(frozen=True)
class Rejection:
    """An input that was not stored, with where and why. ``reason`` is a short code
    (``malformed``, ``not_utf8``, ``empty``, ``too_large``, ``truncated``, ``not_an_opinion``, ``unknown_format``,
    ``unreadable``, ``not_a_file``, ``superseded`` -- its source id now has another file's text -- or
    ``reader_error``, an unexpected failure reading one record: a bug, reported instead of stopping the run)."""

    path: str
    reason: str
    detail: str
    source_id: str | None = None
