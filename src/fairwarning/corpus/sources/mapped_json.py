"""JSON opinion records in a foreign shape, read through a field mapping (packaged data, not code).

``data/field_mappings.json`` names each mapping and, per record field, the dotted paths to try in order
(``CL_opinion_cluster.CL_cluster_docket.CL_docket_court.CL_court_resource_uri``). A mapping applies to an object
that has all of its ``detect`` keys. Nested values that were exported as Python ``repr`` strings
(``"{'CL_court_id': 'ca4', ...}"``, ``"'01-6322'"``, ``"None"``) are decoded with :func:`ast.literal_eval` (literals
only, never code). Text fields are ``[path, "plain"|"html"|"auto"]`` (``auto`` decides by content).

The shared corpus's ``courtlistener-sample`` (a third-party re-keyed export of CourtListener v3 data) is one such
mapping: its ``CL_opinion_id`` is the CourtListener opinion id, so records get ``source="courtlistener"`` and dedup
with the same opinion from the API or bulk files. Court: the nested docket court id / court URL [source], else the
``Court`` name through courts-db [inferred:court-name]; date: the cluster's ``date_filed`` / ``Opinion_Date``
[source]; then :func:`fairwarning.corpus.metadata.recover` for anything missing.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from fairwarning.corpus.defects import choose_text
from fairwarning.corpus.metadata import Fields, parse_date, recover
from fairwarning.corpus.sources.base import Companions, InputFile
from fairwarning.corpus.sources.registry import load_json
from fairwarning.corpus.text import clean_text, looks_like_html, unescape_entities
from fairwarning.errors import DataError
from fairwarning.models import OpinionRecord, Rejection
from fairwarning.reference.courts import court_from_name, court_from_url, is_court

__all__ = ["FORMAT", "sniff", "read", "mappings", "map_object"]

FORMAT = "mapped-json"
_STATUS = {"published": "published", "unpublished": "unpublished"}
_ID = re.compile(r"/opinions?/(\d+)/")
_CLUSTER = re.compile(r"/clusters/(\d+)/")


@cache
def mappings() -> dict[str, dict[str, Any]]:
    """The packaged field mappings by name."""
    path = resources.files("fairwarning.corpus.sources").joinpath("data/field_mappings.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return dict(data["mappings"])
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"field_mappings.json is unreadable: {exc}; reinstall fairwarning") from exc


def sniff(path: Path, head: bytes) -> bool:
    """True for a JSON object whose first bytes show a detect key of some mapping."""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if not text.startswith(("{", "[")):
        return False
    return any(f'"{key}"' in text for m in mappings().values() for key in m["detect"])


def read(f: InputFile, companions: Companions) -> Iterator[OpinionRecord | Rejection]:
    """One record per mapped object in the file (an object or a list of objects)."""
    data = load_json(f.path)
    if isinstance(data, Rejection):
        yield data
        return
    for obj in data if isinstance(data, list) else [data]:
        if not isinstance(obj, dict):
            yield Rejection(f.path, "malformed", f"expected a JSON object, found {type(obj).__name__}")
            continue
        name = next((n for n, m in mappings().items() if all(k in obj for k in m["detect"])), None)
        if name is None:
            known = ", ".join(f"{n} ({'+'.join(m['detect'])})" for n, m in mappings().items())
            yield Rejection(f.path, "unknown_format", f"no field mapping fits this object; known: {known}")
            continue
        yield map_object(obj, name, path=f.path)


def _literal(value: Any) -> Any:
    """Decode a Python-repr string (``"'01-6322'"``, ``"None"``, ``"{'a': 1}"``); other values unchanged."""
    if isinstance(value, str) and (value in ("None", "True", "False") or value[:1] in ("{", "[", "'", '"')):
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return value
    return value


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = _literal(obj)
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return _literal(obj)


def _first(obj: dict[str, Any], paths: list[str]) -> tuple[Any, str | None]:
    for p in paths:
        v = _get(obj, p)
        if v not in (None, "", [], {}):
            return v, p
    return None, None


def map_object(obj: dict[str, Any], mapping: str, *, path: str | None = None) -> OpinionRecord | Rejection:
    """An :class:`OpinionRecord` from ``obj`` through the named mapping."""
    m = mappings()[mapping]
    where = path or "<object>"
    source_id = _source_id(obj, m)
    if source_id is None:
        return Rejection(where, "malformed", f"no id at {', '.join(m['id'])}")
    text, text_field, assessment = choose_text(_texts(obj, m["text"]))
    if not assessment.ok:
        return Rejection(where, assessment.reject or "empty", assessment.detail, source_id)
    fields = _mapped_fields(obj, m)
    cites = tuple(
        dict.fromkeys(
            str(c).strip() for p in m["citations"] if isinstance(c := _get(obj, p), str) and c.strip()
        )
    )
    urls = tuple(str(u) for p in m["url"] if isinstance(u := _get(obj, p), str) and u)
    recover(fields, text, urls=urls)
    cluster_url, _ = _first(obj, m["cluster_url"])
    cm = _CLUSTER.search(
        str(cluster_url.get("CL_cluster_resource_uri") if isinstance(cluster_url, dict) else cluster_url)
    )
    return OpinionRecord(
        source=m.get("source", FORMAT),
        source_id=source_id,
        text=text,
        **fields.record_fields(),
        reporter_citations=cites,
        document_type=assessment.document_type,
        provenance={
            **fields.provenance,
            "text": f"source:{text_field}",
            **({"reporter_citations": "source"} if cites else {}),
            **({"text_defects": "; ".join(assessment.skipped)} if assessment.skipped else {}),
        },
        path=path,
        url=urls[0] if urls else None,
        cluster_id=cm.group(1) if cm else None,
    )


def _texts(obj: dict[str, Any], spec: list[list[str]]) -> Iterator[tuple[str, str]]:
    """Cleaned text of each mapped text field, lazily, in preference order."""
    for field, kind in spec:
        raw = _get(obj, field)
        if isinstance(raw, str) and raw.strip():
            is_html = looks_like_html(raw) if kind == "auto" else kind == "html"
            yield field, clean_text(raw if is_html else unescape_entities(raw), html=is_html)


def _source_id(obj: dict[str, Any], m: dict[str, Any]) -> str | None:
    for p in m["id"]:
        v = _get(obj, p)
        if isinstance(v, int) or (isinstance(v, str) and v.strip().isdigit()):
            return str(v).strip()
        found = _ID.search(str(v or ""))
        if found:
            return found.group(1)
    return None


def _mapped_fields(obj: dict[str, Any], m: dict[str, Any]) -> Fields:
    fields = Fields()
    name, _ = _first(obj, m["case_name"])
    fields.set("case_name", name.strip() if isinstance(name, str) else None)
    court, _ = _first(obj, m["court_id"])
    fields.set("court_id", court if isinstance(court, str) and is_court(court) else None)
    url, _ = _first(obj, m["court_url"])
    fields.set("court_id", court_from_url(url) if isinstance(url, str) else None)
    if fields.missing("court_id"):
        for p in m["court_name"]:
            v = _get(obj, p)
            fields.set("court_id", court_from_name(v) if isinstance(v, str) else None, "inferred:court-name")
    for p in m["date_decided"]:
        v = _get(obj, p)
        fields.set("date_decided", parse_date(v) if isinstance(v, str) and v.strip() else None)
    status, _ = _first(obj, m["precedential_status"])
    fields.set("precedential_status", _STATUS.get(str(status or "").lower()))
    docket, _ = _first(obj, m["docket_number"])
    fields.set("docket_number", str(docket).strip() if isinstance(docket, str | int) else None)
    return fields
