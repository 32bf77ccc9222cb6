"""Companion metadata tables joined to opinions by CourtListener opinion id.

Two kinds are recognized by their CSV header (content, not file name):

- ``ca1-inventory`` — the First Circuit inventory (``file_name, year, case_name, alt_case_name, circuit,
  local_path, absolute_url, ..., download_url, ...``): one row per opinion; the id is in ``absolute_url``
  (``/opinion/<id>/<slug>/``) or ``file_name`` (``<id>.json``). It gives a case name (``US_v._Davila-Gonzalez``), a
  court (``circuit``), a download URL (whose host and file naming tell court and publication status) and a year.
  **A year alone is not a decision date**: it is only used as a sanity check on a date read from the text.
- ``opinion-manifest`` — any other table with an ``opinion_id`` column and at least one of ``case_name``,
  ``date_filed``, ``court_id``, ``docket_number``, ``us_citation`` (e.g. ``scotus/manifest.csv``). Its
  ``date_filed`` is a full date and is used when the opinion lacks one.

Tables are read once per process (cached by path, size and mtime) into an id-keyed dict of the few columns used;
the 34,834-row inventory takes ~15 MB (tracemalloc). Provenance of joined values: ``inferred:ca1-inventory`` /
``inferred:manifest``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fairwarning.corpus.metadata import parse_date
from fairwarning.corpus.sources.base import Companions
from fairwarning.errors import SourceError

__all__ = ["CompanionRow", "sniff_companion", "lookup", "KINDS"]

KINDS = ("ca1-inventory", "opinion-manifest")
_INVENTORY_COLUMNS = frozenset({"file_name", "year", "case_name", "alt_case_name", "circuit", "absolute_url"})
_MANIFEST_ID = "opinion_id"
_MANIFEST_FIELDS = frozenset({"case_name", "date_filed", "court_id", "docket_number", "us_citation"})
_OPINION_ID = re.compile(r"/opinion/(\d+)/")
_FILE_ID = re.compile(r"^(\d+)\.json$")


@dataclass(frozen=True)
class CompanionRow:
    kind: str
    case_name: str | None = None
    court_id: str | None = None
    year: int | None = None
    date_filed: dt.date | None = None
    download_url: str | None = None
    docket_number: str | None = None
    citation: str | None = None

    @property
    def how(self) -> str:
        return "inferred:ca1-inventory" if self.kind == "ca1-inventory" else "inferred:manifest"


def _header(head: bytes) -> set[str]:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    first = text.split("\n", 1)[0].rstrip("\r")
    if "," not in first or first.lstrip()[:1] in ("{", "["):  # a JSON document is no CSV table
        return set()
    try:
        return {c.strip() for c in next(csv.reader(io.StringIO(first)))}
    except (csv.Error, StopIteration):
        return set()


def sniff_companion(path: Path, head: bytes) -> str | None:
    """``"ca1-inventory"`` / ``"opinion-manifest"`` when ``head`` is the start of such a CSV table, else None."""
    cols = _header(head)
    if cols >= _INVENTORY_COLUMNS:
        return "ca1-inventory"
    if _MANIFEST_ID in cols and cols & _MANIFEST_FIELDS:
        return "opinion-manifest"
    return None


def lookup(companions: Companions, opinion_id: str) -> CompanionRow | None:
    """The companion row for a CourtListener opinion id, from the first table (in kind order) that has it."""
    for kind in KINDS:
        for path in companions.paths(kind):
            row = _table(path, kind, *_stamp(path)).get(opinion_id)
            if row is not None:
                return row
    return None


def _stamp(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError as exc:
        raise SourceError(f"companion table is gone: {exc}", path=path, reason="missing") from exc
    return st.st_size, st.st_mtime_ns


@lru_cache(maxsize=8)
def _table(path: str, kind: str, size: int, mtime_ns: int) -> dict[str, CompanionRow]:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = [_row(kind, r) for r in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(
            f"cannot read companion table: {exc}; fix or remove the file", path=path, reason="malformed"
        ) from exc
    return {k: v for k, v in rows if k}


def _row(kind: str, r: dict[str, str]) -> tuple[str | None, CompanionRow]:
    get = lambda key: (r.get(key) or "").strip() or None  # noqa: E731
    if kind == "ca1-inventory":
        m = _OPINION_ID.search(r.get("absolute_url") or "") or _FILE_ID.match(r.get("file_name") or "")
        name = get("case_name")
        year = get("year")
        return (m.group(1) if m else None), CompanionRow(
            kind=kind,
            case_name=_inventory_name(name) if name else None,
            court_id=get("circuit"),
            year=int(year) if year and year.isdigit() else None,
            download_url=get("download_url"),
        )
    date = get("date_filed")
    return get(_MANIFEST_ID), CompanionRow(
        kind=kind,
        case_name=get("case_name"),
        court_id=get("court_id"),
        date_filed=parse_date(date) if date else None,
        docket_number=get("docket_number"),
        citation=get("us_citation"),
    )


def _inventory_name(name: str) -> str | None:
    """``US_v._Davila-Gonzalez`` -> ``US v. Davila-Gonzalez``; ``..._v._Nashua_City_of`` -> ``... v. City of
    Nashua``; the placeholder ``Unknown_case_name`` -> None."""
    if name.lower() in ("unknown_case_name", "0"):
        return None
    name = re.sub(r"\.(?:wpd|pdf|txt|doc|html?)$", "", name, flags=re.IGNORECASE)
    name = name.replace("_", " ").strip()
    while (bare := re.sub(r",?\s+(?:et\.?\s+al|etc)\.?$", "", name, flags=re.IGNORECASE)) != name:
        name = bare  # "Nikas v. Quinlan etc. et al" -> "Nikas v. Quinlan"
    return _INVERTED.sub(r"\g<kind> of \g<place>", name) or None


# "Harrington v. Nashua City of" (an index's inverted "Nashua, City of") -> "Harrington v. City of Nashua"
_INVERTED = re.compile(r"(?<= v\. )(?P<place>[A-Z][\w .'-]*?) (?P<kind>City|Town|County|State|Village|Borough|Commonwealth) of$")
