"""CourtListener REST API opinion objects (v2, v3 and v4 shapes), one JSON file each or an API list page.

A file holds one opinion object, or a list page (``{"count": ..., "results": [...]}``) or a JSON array of them.
Recognized by content: a JSON object whose first bytes show CourtListener opinion keys (``plain_text``,
``html_with_citations``, ``resource_uri``, ...) or an ``/api/rest/vN/`` URL.

Every record has ``source="courtlistener"`` and ``source_id`` = the CourtListener opinion id (``id``, else the
number in ``resource_uri``/``absolute_url``, else the file name), so the same opinion arriving through any API
version, the bulk CSVs or the mapped sample dedups on (source, source_id).

Text: the first usable of ``plain_text`` (plain; HTML entities decoded), ``html_with_citations``, ``html``,
``html_lawbox``, ``html_columbia``, ``html_anon_2020``, ``xml_harvard`` (HTML) — a field holding a converter's usage message or an
extraction failure notice is skipped (see :mod:`fairwarning.corpus.defects`); ``provenance["text"]`` names the field used
(``"source:plain_text"``).

Metadata, in order of preference (provenance in brackets):

- v2 objects carry ``citation`` (``case_name``, ``docket_number``, ``federal_cite_one``...), ``date_filed``,
  ``precedential_status`` and a ``court`` URL (``/api/rest/v2/jurisdiction/scotus/``) [source];
- v4 objects (or objects with an embedded ``cluster``/``docket``) carry them on the cluster/docket [source];
- v3 objects carry none of them: the companion table row (``ca1-inventory.csv``) gives case name and court
  [inferred:ca1-inventory]; then :func:`fairwarning.corpus.metadata.recover` reads the download URL host
  (``www.ca1.uscourts.gov`` -> ca1) [inferred:url], the caption [inferred:caption], the ``Decided``/date line
  [inferred:text], publication markers [inferred:text] or the court's file naming [inferred:url], and the slug
  [inferred:slug]; a date still missing (errata sheets carry none of their own) comes from the ``local_path``
  storage path, which CourtListener names by the document's filing date [inferred:local_path].
  ``date_created``/``date_modified`` are import dates and are never used.
- reporter citations: the object's citation fields [source], else the manifest's ``us_citation``
  [inferred:manifest], else the ``<p class="case_cite">`` lines at the top of its HTML [inferred:html].
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fairwarning.corpus.defects import choose_text
from fairwarning.corpus.metadata import Fields, complete_from_text, name_with_slug, parse_date, recover
from fairwarning.corpus.sources import inventory
from fairwarning.corpus.sources.base import CLUSTER_CITE_FIELDS, VENDOR_CITE_FIELDS, Companions, InputFile
from fairwarning.corpus.sources.registry import load_json
from fairwarning.corpus.text import clean_text, unescape_entities
from fairwarning.models import OpinionRecord, Rejection
from fairwarning.reference.courts import court_from_name, court_from_url, is_court

__all__ = [
    "FORMAT",
    "SOURCE",
    "sniff",
    "read",
    "object_to_record",
    "opinion_id",
    "case_cites",
    "local_path_date",
]

FORMAT = "courtlistener-json"
SOURCE = "courtlistener"
_KEYS = re.compile(
    r'"(?:plain_text|html_with_citations|html_lawbox|html_columbia|opinions_cited|download_url|local_path|'
    r'resource_uri|absolute_url|author_str|extracted_by_ocr)"\s*:'
)
#: the metadata keys of a flat, v4-like opinion object (the cluster's fields copied onto the opinion)
_FLAT_KEYS = re.compile(r'"(?:case_name|date_filed|docket_number|precedential_status|cluster_id)"\s*:')
_TEXT_KEYS = re.compile(
    r'"(?:plain_text|html|html_with_citations|html_lawbox|html_columbia|html_anon_2020|xml_harvard)"\s*:'
)
_TEXT_FIELDS: tuple[tuple[str, bool], ...] = (
    ("plain_text", False),
    ("html_with_citations", True),
    ("html", True),
    ("html_lawbox", True),
    ("html_columbia", True),
    ("html_anon_2020", True),
    ("xml_harvard", True),
)
_ID_IN_URL = re.compile(r"/(?:opinions?|document)/(\d+)/")
_CLUSTER_ID = re.compile(r"/clusters/(\d+)/")
_CITE_FIELDS = tuple(k for k in CLUSTER_CITE_FIELDS if k not in VENDOR_CITE_FIELDS)
_STATUS = {"published": "published", "unpublished": "unpublished"}
#: keys whose value is text: a list, number or object there (a broken export) is treated as absent
_TEXT_VALUED = frozenset({
    "download_url", "absolute_url", "resource_uri", "local_path", "case_name", "docket_number", "date_filed",
    "precedential_status", *(name for name, _ in _TEXT_FIELDS),
})


def sniff(path: Path, head: bytes) -> bool:
    """True for a JSON object (or array / list page) with CourtListener opinion keys in its first bytes, and not
    a re-keyed export (``CL_opinion_*`` keys belong to :mod:`fairwarning.corpus.sources.mapped_json`).

    An opinion key is a text field (``plain_text``, ``html_with_citations``...) with either a second opinion key
    (``download_url``, ``resource_uri``...), an API URL, or two of the cluster fields a flat, v4-like object
    carries (``case_name``, ``date_filed``, ``docket_number``, ``precedential_status``, ``cluster_id``): e.g.
    ``{"id": 1, "case_name": ..., "date_filed": ..., "plain_text": ...}``.
    """
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if not text.startswith(("{", "[")) or '"CL_opinion_' in text:
        return False
    if not _TEXT_KEYS.search(text):  # a cluster, docket or other object: not an opinion
        return False
    return (
        len(set(_KEYS.findall(text))) >= 2
        or len(set(_FLAT_KEYS.findall(text))) >= 2
        or bool(re.search(r"/api/rest/v\d/(?:opinions|document)/", text))
    )


def read(f: InputFile, companions: Companions) -> Iterator[OpinionRecord | Rejection]:
    """One record (or rejection) per opinion object in the file."""
    data = load_json(f.path)
    if isinstance(data, Rejection):
        yield data
        return
    objects = data.get("results") if isinstance(data, dict) and "results" in data else data
    if isinstance(objects, dict):
        objects = [objects]
    if not isinstance(objects, list):
        yield Rejection(
            f.path, "malformed", "JSON is not an opinion object, a list of them or a results page"
        )
        return
    for obj in objects:
        if not isinstance(obj, dict):
            yield Rejection(f.path, "malformed", f"expected an opinion object, found {type(obj).__name__}")
            continue
        yield object_to_record(obj, path=f.path, companions=companions)


def opinion_id(obj: dict[str, Any], path: str | None = None) -> str | None:
    """The CourtListener opinion id of an API object (``id``, resource_uri, absolute_url, or file name)."""
    if isinstance(obj.get("id"), int | str) and str(obj["id"]).isdigit():
        return str(obj["id"])
    for key in ("resource_uri", "absolute_url"):
        m = _ID_IN_URL.search(str(obj.get(key) or ""))
        if m:
            return m.group(1)
    stem = Path(path).stem if path else ""
    return stem if stem.isdigit() else None


def object_to_record(
    obj: dict[str, Any], *, path: str | None = None, companions: Companions | None = None
) -> OpinionRecord | Rejection:
    """An :class:`OpinionRecord` from one CourtListener opinion object (any API version)."""
    obj = {k: v for k, v in obj.items() if k not in _TEXT_VALUED or v is None or isinstance(v, str)}
    source_id = opinion_id(obj, path)
    where = path or "<api>"
    if source_id is None:
        return Rejection(where, "malformed", "no opinion id (no id, resource_uri or absolute_url)")
    candidates = (
        (name, clean_text(unescape_entities(raw) if not is_html else raw, html=is_html))
        for name, is_html in _TEXT_FIELDS
        if isinstance(raw := obj.get(name), str) and raw.strip()
    )
    text, field, assessment = choose_text(candidates)
    if not assessment.ok:
        return Rejection(where, assessment.reject or "empty", assessment.detail, source_id)
    fields = Fields()
    cites = _source_fields(obj, fields)
    row = inventory.lookup(companions, source_id) if companions else None
    fields.set("court_id", court_from_url(obj.get("download_url")), "inferred:url")
    if row is not None:
        _companion_fields(row, fields, obj.get("absolute_url"), text)
    if assessment.skipped:  # a defect in a preferred field (a converter's usage message...): report it
        fields.provenance["text_defects"] = "; ".join(assessment.skipped)
    urls = (obj.get("download_url"), row.download_url if row else None, obj.get("absolute_url"))
    recover(fields, text, urls=urls)
    fields.set("date_decided", local_path_date(obj.get("local_path")), "inferred:local_path")
    if cites:
        fields.provenance["reporter_citations"] = "source"
    elif row is not None and row.citation:
        cites = (row.citation,)
        fields.provenance["reporter_citations"] = row.how
    elif cites := case_cites(obj):
        fields.provenance["reporter_citations"] = "inferred:html"
    _sanity_check_year(fields, row)
    return _record(obj, source_id, text, fields, cites, path, field, assessment.document_type)


def _record(
    obj: dict[str, Any],
    source_id: str,
    text: str,
    fields: Fields,
    cites: tuple[str, ...],
    path: str | None,
    field: str,
    document_type: Any,
) -> OpinionRecord:
    provenance = dict(fields.provenance)
    provenance["text"] = f"source:{field}"
    cluster = obj.get("cluster")
    cluster_url = cluster.get("resource_uri") if isinstance(cluster, dict) else cluster
    m = _CLUSTER_ID.search(str(cluster_url or "")) or re.match(r"(\d+)$", str(obj.get("cluster_id") or ""))
    return OpinionRecord(
        source=SOURCE,
        source_id=source_id,
        text=text,
        **fields.record_fields(),
        reporter_citations=cites,
        document_type=document_type,
        provenance=provenance,
        path=path,
        url=obj.get("download_url") or obj.get("absolute_url") or None,
        cluster_id=m.group(1) if m else None,
    )


def _source_fields(obj: dict[str, Any], fields: Fields) -> tuple[str, ...]:
    """Set what the object itself says (v2 ``citation``, embedded v4 cluster/docket); return its citations."""
    cluster = _dict(obj.get("cluster"))
    citation = _dict(obj.get("citation"))
    docket = _dict(cluster.get("docket"))
    for holder in (obj, citation, cluster, docket):
        fields.set("case_name", _str(holder.get("case_name")))
        fields.set("docket_number", _str(holder.get("docket_number")))
        fields.set("date_decided", _date(holder.get("date_filed")))
        status = _STATUS.get(str(holder.get("precedential_status") or "").lower())
        fields.set("precedential_status", status)
        court = holder.get("court_id") or holder.get("court")
        if isinstance(court, str):
            fields.set("court_id", court if is_court(court) else court_from_url(court))
    cites: list[str] = []
    for holder in (citation, cluster, obj):
        cites.extend(c for key in _CITE_FIELDS if (c := _str(holder.get(key))))
        for c in holder.get("citations") or () if isinstance(holder.get("citations"), list) else ():
            if isinstance(c, dict) and c.get("volume") and c.get("reporter") and c.get("page"):
                cites.append(f"{c['volume']} {c['reporter']} {c['page']}")
            elif isinstance(c, str) and not c.startswith("http"):
                cites.append(c)
    return tuple(dict.fromkeys(cites))


_CASE_CITE = re.compile(r'<p class="case_cite">(.*?)</p>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_CITE_SHAPE = re.compile(r"^\d{1,4} [A-Z][A-Za-z0-9. ]{0,30}? \d{1,5}$")


def case_cites(obj: dict[str, Any]) -> tuple[str, ...]:
    """The opinion's own reporter citations from the ``<p class="case_cite">`` lines CourtListener puts at the
    top of its HTML (``14 F.3d 666``), when the object has no citation fields."""
    out: list[str] = []
    for name in ("html_with_citations", "html", "html_lawbox", "html_columbia"):
        raw = obj.get(name)
        if not isinstance(raw, str) or "case_cite" not in raw[:5000]:
            continue
        for m in _CASE_CITE.finditer(raw[:5000]):
            cite = " ".join(unescape_entities(_TAG.sub(" ", m.group(1))).split()).rstrip(".")
            if _CITE_SHAPE.match(cite):
                out.append(cite)
    return tuple(dict.fromkeys(out))


def _companion_fields(row: inventory.CompanionRow, fields: Fields, slug_url: Any = None, text: str = "") -> None:
    """Joined values; the table's case name is checked against (and, cut short, completed from) the slug, and
    completed or respelled from the caption (see :func:`fairwarning.corpus.metadata.complete_from_text`)."""
    name = row.case_name and name_with_slug(row.case_name, slug_url if isinstance(slug_url, str) else None)
    how = row.how if name == row.case_name else f"{row.how}+slug"
    if name and (completed := complete_from_text(name, text)) != name:
        name, how = completed, f"{how}+caption"
    fields.set("case_name", name, how)
    fields.set("date_decided", row.date_filed, row.how)
    fields.set("docket_number", row.docket_number, row.how)
    if row.court_id:
        fields.set("court_id", court_from_name(row.court_id), row.how)


_LOCAL_PATH_DATE = re.compile(r"^[a-z0-9]+/(\d{4})/(\d{2})/(\d{2})/")


def local_path_date(local_path: Any) -> dt.date | None:
    """The date in a CourtListener ``local_path`` (``pdf/2010/05/28/Braga_v._Hodgson.pdf``). CourtListener names
    stored files by the document's ``date_filed`` when it was stored (its ``make_upload_path``), so this is
    CourtListener's filing date for the opinion; on the First Circuit files it equals the date in the opinion's
    own header for 273 of 289 opinions that have both (13 more within a week)."""
    m = _LOCAL_PATH_DATE.match(local_path) if isinstance(local_path, str) else None
    if not m:
        return None
    try:
        d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return d if dt.date(1750, 1, 1) <= d <= dt.date.today() else None


def _sanity_check_year(fields: Fields, row: inventory.CompanionRow | None) -> None:
    """A date read from the text more than a year away from the inventory's year is dropped (it is another
    date in the header, e.g. of the judgment appealed from)."""
    date = fields.values.get("date_decided")
    if row is None or row.year is None or not isinstance(date, dt.date):
        return
    if fields.provenance.get("date_decided") == "inferred:text" and abs(date.year - row.year) > 1:
        del fields.values["date_decided"]
        del fields.provenance["date_decided"]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _date(value: Any) -> dt.date | None:
    return parse_date(value) if isinstance(value, str) and value.strip() else None
