"""Caselaw Access Project (CAP) bulk JSONL: one case per line.

A CAP case object (bulk ``data/data.jsonl.xz`` or the v1 API with ``full_case=true``) carries ``id``, ``name``,
``name_abbreviation``, ``decision_date``, ``docket_number``, ``citations`` (``[{"type", "cite"}]``), ``court``
(``{"name", "name_abbreviation", "slug", ...}``), ``jurisdiction``, ``frontend_url`` and ``casebody``. The text is
in ``casebody.data.opinions`` (``[{"type": "majority"|"dissent"|..., "author", "text"}]``) with
``casebody.data.head_matter``; for ``body_format=xml``/``html`` exports ``casebody.data`` is one markup string;
the 2024 static exports drop the ``data`` level (``casebody.opinions``). ``casebody.status`` other than ``ok``
(e.g. ``error_auth_required``) means the text was withheld.

**One record per case**, like CourtListener's ``010combined`` opinions: the head matter then every opinion
(majority, concurrences, dissents) in order, separated by blank lines. A case's reporter citation names the case,
not one of its opinions, so one record per case keeps citation resolution one-to-one.

Fields: ``source="cap"``, ``source_id`` = CAP case id; ``decision_date`` only when it is a full ``YYYY-MM-DD``
(CAP has ``YYYY-MM`` and ``YYYY`` dates: those are not dates and are left empty); court id from the court name
through courts-db (``inferred:court-name``); precedential status ``published`` (CAP holds only cases printed in
official reporters: ``inferred:official-reporter``); citations official first. Fields CAP lacks are recovered
with :func:`fairwarning.corpus.metadata.recover` (a date recovered from the text is kept only when it agrees with
CAP's partial date); the text is screened by :func:`fairwarning.corpus.defects.assess_text` (errata / orders flagged,
converter messages rejected).
Files may be plain or xz/gzip/bzip2-compressed and are streamed line by line.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import lzma
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fairwarning.corpus.defects import assess_text
from fairwarning.corpus.metadata import Fields, recover
from fairwarning.corpus.sources.base import Companions, InputFile
from fairwarning.corpus.sources.courtlistener_bulk import head_text
from fairwarning.corpus.sources.streams import open_text
from fairwarning.errors import SourceError
from fairwarning.models import OpinionRecord, Rejection

__all__ = ["FORMAT", "STREAMING", "sniff", "read", "case_to_record"]

FORMAT = "cap"
#: reads its input as a stream (any size): discovery should not reject it for size
STREAMING = True
_KEYS = re.compile(r'"(?:casebody|name_abbreviation|decision_date|frontend_url|cites_to)"\s*:')
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def sniff(path: Path, head: bytes) -> bool:
    """True for JSON Lines whose first object has CAP case keys (``casebody``, ``name_abbreviation``,
    ``decision_date``...), plain or compressed."""
    text = head_text(path, head)
    first = text.lstrip("\ufeff \t\r\n")
    if not first.startswith("{"):
        return False
    line = first.split("\n", 1)[0]
    return len(set(_KEYS.findall(line))) >= 2


def read(f: InputFile, companions: Companions) -> Iterator[OpinionRecord | Rejection]:
    """One record per CAP case (line), streamed; a line that is not a usable case yields a rejection."""
    number = 0
    try:
        with open_text(f.path) as fh:
            for number, line in enumerate(fh, start=1):
                if line.strip():
                    yield _from_line(line, f.path, number)
    except UnicodeDecodeError as exc:
        yield Rejection(f.path, "not_utf8", f"after line {number}: {exc}")
    except SourceError as exc:
        yield Rejection(f.path, exc.reason, f"after line {number}: {exc}")
    except (EOFError, lzma.LZMAError, zlib.error) as exc:
        yield Rejection(f.path, "truncated", f"compressed stream ends early after line {number}: {exc}")
    except OSError as exc:
        yield Rejection(f.path, "malformed", f"cannot read after line {number}: {exc}")


def _from_line(line: str, path: str, number: int) -> OpinionRecord | Rejection:
    try:
        case = json.loads(line)
    except json.JSONDecodeError as exc:
        reason = "truncated" if not line.endswith("\n") else "malformed"
        return Rejection(path, reason, f"line {number}: not a JSON object ({exc.msg} at column {exc.colno})")
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number; nesting deeper than Python recurses
        return Rejection(path, "malformed", f"line {number}: unreadable JSON ({type(exc).__name__}: {str(exc)[:120]})")
    if not isinstance(case, dict) or "id" not in case:
        return Rejection(path, "malformed", f"line {number}: not a CAP case object (no id)")
    return case_to_record(case, path=path)


def case_to_record(case: dict[str, Any], *, path: str | None = None) -> OpinionRecord | Rejection:
    """The record for one CAP case object (pure)."""
    case_id = str(case["id"])
    body = case.get("casebody") or {}
    status = body.get("status", "ok") if isinstance(body, dict) else "ok"
    if status != "ok":
        return Rejection(
            path or "", "empty", f"case {case_id}: casebody status {status!r}", source_id=case_id
        )
    text = _case_text(body)
    assessment = assess_text(text) if text else None
    if assessment is None or not assessment.ok:
        reason = assessment.reject or "empty" if assessment else "empty"
        detail = assessment.detail if assessment else "casebody has no text"
        return Rejection(path or "", reason, f"case {case_id}: {detail}", source_id=case_id)
    url = _str(case.get("frontend_url")) or _str(case.get("url"))
    fields = Fields()
    fields.set("case_name", _str(case.get("name_abbreviation")) or _str(case.get("name")))
    fields.set("court_id", _court(case.get("court")), "inferred:court-name")
    fields.set("date_decided", _full_date(case.get("decision_date")))
    fields.set("precedential_status", "published", "inferred:official-reporter")
    fields.set("docket_number", _str(case.get("docket_number")))
    recover(fields, text, urls=(url,))
    cites = _citations(case.get("citations"))
    provenance = {"text": "source:casebody", **fields.provenance}
    if cites:
        provenance["reporter_citations"] = "source"
    values = fields.values
    date = _consistent(values.get("date_decided"), case.get("decision_date"), provenance)
    return OpinionRecord(
        source=FORMAT,
        source_id=case_id,
        text=text,
        case_name=_str(values.get("case_name")),
        court_id=_str(values.get("court_id")),
        date_decided=date,
        precedential_status="published",
        docket_number=_str(values.get("docket_number")),
        reporter_citations=cites,
        document_type=assessment.document_type,
        provenance=provenance,
        path=path,
        url=url,
    )


def _case_text(body: Any) -> str:
    from fairwarning.corpus.text import clean_text

    if not isinstance(body, dict):
        return ""
    data = body.get("data", body)
    if isinstance(data, str):  # body_format=xml / html
        return clean_text(data, html=True)
    if not isinstance(data, dict):
        return ""
    parts = [_str(data.get("head_matter")) or ""]
    for opinion in data.get("opinions") or []:
        if isinstance(opinion, dict):
            parts.append(_str(opinion.get("text")) or "")
    return clean_text("\n\n".join(p for p in parts if p.strip()), html=False)


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _full_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not _FULL_DATE.match(value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _consistent(date: object, cap_date: Any, provenance: dict[str, str]) -> dt.date | None:
    """A date recovered from the text is kept only when it agrees with CAP's partial ``YYYY``/``YYYY-MM``."""
    if not isinstance(date, dt.date):
        return None
    partial = cap_date.strip() if isinstance(cap_date, str) else ""
    if partial and provenance.get("date_decided") != "source" and not date.isoformat().startswith(partial):
        provenance.pop("date_decided", None)
        return None
    return date


def _citations(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    ranked: list[tuple[int, str]] = []
    for item in value:
        if isinstance(item, str) and item.strip():
            ranked.append((1, item.strip()))
        elif isinstance(item, dict) and _str(item.get("cite")):
            ranked.append((0 if item.get("type") == "official" else 1, str(item["cite"]).strip()))
    return tuple(dict.fromkeys(c for _, c in sorted(ranked, key=lambda rc: rc[0])))


def _court(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    for key in ("name", "name_abbreviation"):
        name = _str(value.get(key))
        if name:
            court = _court_from_name(name)
            if court:
                return court
    return None


@functools.lru_cache(maxsize=4096)
def _court_from_name(name: str) -> str | None:
    """courts-db id for a CAP court name: :func:`fairwarning.reference.courts.court_from_name`, else courts-db's own
    search restricted to (non-)bankruptcy courts as the name says, when that finds exactly one court."""
    from courts_db import find_court

    from fairwarning.reference.courts import court_from_name

    found = court_from_name(name)
    if found:
        return str(found)
    matches = find_court(name, bankruptcy="bankruptcy" in name.lower())
    return matches[0] if len(matches) == 1 else None
