"""CourtListener bulk-data CSV exports: the opinions table, streamed, joined to its companion tables.

CourtListener publishes its database as PostgreSQL ``COPY ... TO STDOUT WITH (FORMAT csv, HEADER)`` exports
(``opinions-<date>.csv.bz2``, ``opinion-clusters-<date>.csv.bz2``, ``dockets-<date>.csv.bz2``,
``citations-<date>.csv.bz2``, ...). The opinions table is the input; the others are *companions* that supply
what an opinion row lacks: case name, decision date (``cluster.date_filed``), precedential status, docket number,
court id (``docket.court_id``) and reporter citations (``citation.volume reporter page``).

Quirks handled here (all from the export scripts, not guessed):

- Two CSV dialects. Older exports used ``FORCE_QUOTE *`` with the default escape, so every non-NULL value is
  quoted and a quote inside a value is doubled (``""``). Current exports add ``ESCAPE '\\'`` and quote only when
  needed: inside a quoted value a quote is ``\\"`` and a backslash is ``\\\\``; unquoted values are raw. The
  dialect is recognized from the first data row (a quoted integer id means ``FORCE_QUOTE``); backslash
  escapes inside quoted values are rewritten to doubled quotes line by line (tracking the quoting state across
  lines) before Python's ``csv`` parses them, and raw backslashes in unquoted values are kept.
- Columns are matched by header name, never by position (new exports dump every column in table order).
- NULL and the empty string both arrive as an empty value; both mean "absent" here.
- Booleans are ``t``/``f``; ``date_filed_is_approximate = t`` means the date is a guess: it is not used.
- Files may be bzip2-, gzip- or xz-compressed; they are decompressed while streaming.
- Values can be many megabytes (``html_with_citations``): the ``csv`` field size limit is raised.

Memory: the opinions file is streamed row by row and never held. Companion tables are loaded into a SQLite
index holding only the needed columns (clusters: id, docket, names, date, status, slug; dockets: id, court,
docket number, case name; citations: cluster id and cite). Small tables (< 64 MB in total) are indexed in
memory; larger ones in a cache file under the user cache directory keyed by the tables' paths, sizes and mtimes,
built once (atomically) and reused by every worker and later run. Peak memory is therefore one CSV row plus
SQLite's page cache, whatever the table sizes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import lzma
import os
import re
import sqlite3
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import platformdirs

from fairwarning.corpus.defects import TextAssessment, choose_text
from fairwarning.corpus.metadata import Fields, recover
from fairwarning.corpus.sources.base import CLUSTER_CITE_FIELDS, Companions, InputFile
from fairwarning.corpus.sources.streams import (
    RECORD_CHARS,
    is_compressed,
    open_text,
    text_encoding,
)
from fairwarning.corpus.text import clean_text, unescape_entities
from fairwarning.errors import SourceError
from fairwarning.models import OpinionRecord, PrecedentialStatus, Rejection

__all__ = [
    "FORMAT",
    "STREAMING",
    "SOURCE",
    "COMPANION_KINDS",
    "sniff",
    "sniff_companion",
    "read",
    "open_text",
    "head_text",
    "iter_csv_rows",
    "best_text",
    "metadata_fields",
]

FORMAT = "courtlistener-bulk"
#: ``OpinionRecord.source`` of every record: the same opinion from bulk, API or JSON dedups by CL opinion id
SOURCE = "courtlistener"
#: reads its input as a stream (any size): discovery should not reject it for size
STREAMING = True

# the same preference as fairwarning.corpus.sources.courtlistener_json, so one opinion gets one text (and text hash)
_OPINION_TEXT_COLUMNS = (
    "plain_text",
    "html_with_citations",
    "html",
    "html_lawbox",
    "html_columbia",
    "xml_harvard",
    "html_anon_2020",
)
_OPINION_REQUIRED = frozenset({"id", "cluster_id"})
_CLUSTER_REQUIRED = frozenset({"id", "docket_id", "date_filed", "case_name"})
_DOCKET_REQUIRED = frozenset({"id", "court_id", "docket_number"})
_CITATION_REQUIRED = frozenset({"volume", "reporter", "page", "cluster_id"})
#: companion kinds this module recognizes, with the header columns that identify each table
COMPANION_KINDS: dict[str, frozenset[str]] = {
    "cl-bulk-clusters": _CLUSTER_REQUIRED | {"precedential_status"},
    "cl-bulk-dockets": _DOCKET_REQUIRED | {"pacer_case_id"},
    "cl-bulk-citations": _CITATION_REQUIRED | {"type"},
}
_STATUS: dict[str, PrecedentialStatus] = {"published": "published", "unpublished": "unpublished"}
_MEMORY_INDEX_LIMIT = 64 * 1024 * 1024
_FIELD_LIMIT = RECORD_CHARS  # one field is bounded like one record
_QUOTED_BODY = re.compile(r'[^"\\]*(?:\\[\s\S][^"\\]*)*')  # unrolled: fast on long values


# -- opening and CSV dialects -------------------------------------------------------------------------------
def head_text(path: str | Path, head: bytes, size: int = 65536) -> str:
    """The first characters of ``path`` as text: decompressed when ``head`` shows a compressed file, decoded by
    byte-order mark (UTF-16 too); ``""`` when a compressed stream is corrupt."""
    if is_compressed(head):
        try:
            with open_text(path) as fh:
                return fh.read(size)
        except (OSError, EOFError, lzma.LZMAError, zlib.error, UnicodeDecodeError, SourceError):
            return ""
    encoding = text_encoding(head)
    return head.decode("utf-16" if encoding == "utf-16" else "utf-8", errors="replace").lstrip("\ufeff")


def _header(text: str) -> list[str]:
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    # a JSON document is no CSV table: not parsed as one (a one-line JSON opinion made a header of thousands of
    # "columns", most of the cost of discovering a folder of JSON files)
    if not first or "," not in first or first.lstrip()[:1] in ("{", "["):
        return []
    try:
        return [c.strip() for c in next(csv.reader([first]))]
    except (csv.Error, StopIteration):
        return []


def _escapes_to_doubled(body: str) -> str:
    # PostgreSQL text cannot hold NUL, so it can stand in for an escaped backslash while quotes are rewritten
    if "\\" not in body:
        return body
    return body.replace("\\\\", "\x00").replace('\\"', '""').replace("\x00", "\\")


def _from_backslash_dialect(lines: Iterable[str]) -> Iterator[str]:
    """Rewrite ``ESCAPE '\\'`` CSV lines to the doubled-quote dialect Python's ``csv`` reads.

    Inside quoted values ``\\"`` becomes ``""`` and ``\\\\`` one backslash; unquoted values (which cannot
    contain a quote) are left as they are, so a raw backslash in them survives. The quoting state is carried
    from line to line because quoted values span lines; lines with no quote or backslash pass unchanged."""
    in_quote = False
    for line in lines:
        if '"' not in line and (not in_quote or "\\" not in line):
            yield line
            continue
        out: list[str] = []
        pos, end = 0, len(line)
        while pos < end:
            if in_quote:
                m = _QUOTED_BODY.match(line, pos)
                out.append(_escapes_to_doubled(m.group(0)) if m else "")
                pos = m.end() if m else pos
                if pos < end and line[pos] == '"':
                    out.append('"')
                    pos += 1
                    in_quote = False
                else:
                    out.append(line[pos:])  # a lone trailing backslash (malformed): kept as is
                    break
            else:
                quote = line.find('"', pos)
                if quote < 0:
                    out.append(line[pos:])
                    break
                out.append(line[pos : quote + 1])
                pos = quote + 1
                in_quote = True
        yield "".join(out)


def iter_csv_rows(fh: Iterable[str]) -> Iterator[dict[str, str]]:
    """Rows of a CourtListener bulk CSV as dicts keyed by header name, streaming, either dialect.

    Raises :class:`csv.Error` on malformed CSV (e.g. a file truncated inside a quoted value)."""
    csv.field_size_limit(_FIELD_LIMIT)
    lines = iter(fh)
    header_line = next(lines, None)
    if header_line is None:
        return
    header = _header(header_line)
    first = next(lines, None)
    if first is None:
        return
    stream: Iterator[str] = itertools.chain([first], lines)
    if not first.startswith('"'):  # no FORCE_QUOTE: the ESCAPE '\' export
        stream = _from_backslash_dialect(stream)
    width = len(header)
    for number, row in enumerate(csv.reader(stream, strict=True), start=1):
        if len(row) != width:
            raise csv.Error(f"data row {number} has {len(row)} fields, the header has {width}")
        yield dict(zip(header, row, strict=True))


# -- sniffing -------------------------------------------------------------------------------------------------
def sniff(path: Path, head: bytes) -> bool:
    """True for a CourtListener opinions table (header has ``id``, ``cluster_id`` and a text column)."""
    cols = set(_header(head_text(path, head)))
    return cols >= _OPINION_REQUIRED and any(c in cols for c in _OPINION_TEXT_COLUMNS)


def sniff_companion(path: Path, head: bytes) -> str | None:
    """The companion kind (``cl-bulk-clusters`` / ``cl-bulk-dockets`` / ``cl-bulk-citations``) of a
    CourtListener bulk table, or None when ``path`` is not one."""
    cols = set(_header(head_text(path, head)))
    if not cols or sniff(path, head):
        return None
    for kind, required in COMPANION_KINDS.items():
        if required <= cols:
            return kind
    return None


# -- the companion index --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _ClusterInfo:
    case_name: str | None
    date_filed: dt.date | None
    precedential_status: str | None
    slug: str | None
    docket_id: str | None
    legacy_cites: tuple[str, ...]


_SCHEMA = """
CREATE TABLE IF NOT EXISTS clusters (id TEXT PRIMARY KEY, docket_id TEXT, case_name TEXT, date_filed TEXT,
    approximate INTEGER, precedential_status TEXT, slug TEXT, legacy_cites TEXT);
CREATE TABLE IF NOT EXISTS dockets (id TEXT PRIMARY KEY, court_id TEXT, docket_number TEXT, case_name TEXT);
CREATE TABLE IF NOT EXISTS citations (cluster_id TEXT, seq INTEGER, cite TEXT);
"""


class _Index:
    """Lookups into the companion tables (a SQLite database built from them)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def cluster(self, cluster_id: str) -> _ClusterInfo | None:
        row = self.conn.execute(
            "SELECT case_name, date_filed, approximate, precedential_status, slug, docket_id, legacy_cites "
            "FROM clusters WHERE id = ?",
            (cluster_id,),
        ).fetchone()
        if row is None:
            return None
        date = None if row[2] else _parse_date(row[1])
        legacy = tuple(c for c in (row[6] or "").split("\x1f") if c)
        return _ClusterInfo(row[0] or None, date, row[3] or None, row[4] or None, row[5] or None, legacy)

    def docket(self, docket_id: str) -> tuple[str | None, str | None, str | None] | None:
        row = self.conn.execute(
            "SELECT court_id, docket_number, case_name FROM dockets WHERE id = ?", (docket_id,)
        ).fetchone()
        return None if row is None else (row[0] or None, row[1] or None, row[2] or None)

    def citations(self, cluster_id: str) -> tuple[str, ...]:
        rows = self.conn.execute(
            "SELECT cite FROM citations WHERE cluster_id = ? ORDER BY seq", (cluster_id,)
        )
        return tuple(r[0] for r in rows)


_INDEXES: dict[str, _Index] = {}


def _companion_tables(companions: Companions) -> list[tuple[str, str]]:
    return sorted((k, p) for k, p in companions.files if k in COMPANION_KINDS)


def _index_for(companions: Companions) -> _Index | None:
    tables = _companion_tables(companions)
    if not tables:
        return None
    stats = [(k, os.path.abspath(p), os.stat(p).st_size, os.stat(p).st_mtime_ns) for k, p in tables]
    key = hashlib.sha256(repr(stats).encode()).hexdigest()[:24]
    if key in _INDEXES:
        return _INDEXES[key]
    if sum(_expanded_size(p, s[2]) for (_, p), s in zip(tables, stats, strict=True)) < _MEMORY_INDEX_LIMIT:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        _build_index(conn, tables)
    else:
        conn = _disk_index(key, tables)
    _INDEXES.clear()  # one index per process: a new set of companions replaces the old
    _INDEXES[key] = _Index(conn)
    return _INDEXES[key]


#: a compressed table is counted at this many times its file size (bzip2 exports of CourtListener's tables
#: expand about 5-10x), so a small .bz2 of a big table is indexed on disk, not in memory
_COMPRESSED_EXPANSION = 10


def _expanded_size(path: str, size: int) -> int:
    """About how many bytes of CSV the table at ``path`` holds (its size, times the expansion if compressed)."""
    try:
        with open(path, "rb") as fh:
            magic = fh.read(6)
    except OSError:
        return size
    return size * _COMPRESSED_EXPANSION if magic.startswith((b"BZh", b"\x1f\x8b", b"\xfd7zXZ")) else size


def _disk_index(key: str, tables: list[tuple[str, str]]) -> sqlite3.Connection:
    cache = Path(platformdirs.user_cache_dir("fairwarning"))
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"cl-bulk-index-{key}.sqlite"
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=cache, suffix=".building")
        os.close(fd)
        try:
            with closing(sqlite3.connect(tmp)) as conn:
                conn.execute("PRAGMA journal_mode=OFF")
                conn.execute("PRAGMA synchronous=OFF")
                _build_index(conn, tables)
            os.replace(tmp, target)
        finally:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
    return sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)


def _build_index(conn: sqlite3.Connection, tables: list[tuple[str, str]]) -> None:
    conn.executescript(_SCHEMA)
    for kind, path in tables:
        try:
            with open_text(path) as fh:
                rows = iter_csv_rows(fh)
                if kind == "cl-bulk-clusters":
                    conn.executemany(
                        "INSERT OR REPLACE INTO clusters VALUES (?,?,?,?,?,?,?,?)", map(_cluster_row, rows)
                    )
                elif kind == "cl-bulk-dockets":
                    conn.executemany(
                        "INSERT OR REPLACE INTO dockets VALUES (?,?,?,?)", map(_docket_row, rows)
                    )
                else:
                    conn.executemany("INSERT INTO citations VALUES (?,?,?)", _citation_rows(rows))
        except (OSError, EOFError, lzma.LZMAError, zlib.error, csv.Error, UnicodeDecodeError, SourceError) as exc:
            raise SourceError(
                f"cannot read CourtListener {kind} table: {exc}; re-download it or remove it from the input",
                path=path,
                reason="malformed",
            ) from exc
    conn.execute("CREATE INDEX IF NOT EXISTS citations_cluster ON citations (cluster_id)")
    conn.commit()


def _cluster_row(r: dict[str, str]) -> tuple[object, ...]:
    name = r.get("case_name") or r.get("case_name_full") or r.get("case_name_short") or ""
    legacy = "\x1f".join(r[c].strip() for c in CLUSTER_CITE_FIELDS if r.get(c, "").strip())
    approximate = 1 if r.get("date_filed_is_approximate", "").lower() in {"t", "true", "1"} else 0
    return (
        r["id"],
        r["docket_id"],
        name,
        r["date_filed"],
        approximate,
        r.get("precedential_status", ""),
        r.get("slug", ""),
        legacy,
    )


def _docket_row(r: dict[str, str]) -> tuple[object, ...]:
    name = r.get("case_name") or r.get("case_name_full") or r.get("case_name_short") or ""
    return (r["id"], r["court_id"], r["docket_number"], name)


def _citation_rows(rows: Iterable[dict[str, str]]) -> Iterator[tuple[object, ...]]:
    for seq, r in enumerate(rows):
        cite = " ".join(p for p in (r["volume"].strip(), r["reporter"].strip(), r["page"].strip()) if p)
        if cite:
            yield (r["cluster_id"], seq, cite)


# -- records ---------------------------------------------------------------------------------------------------
def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def best_text(obj: Mapping[str, object]) -> tuple[str, str, TextAssessment]:
    """The cleaned text of a CourtListener opinion (bulk row or API object), the field it came from and its
    defect assessment: the first usable of ``plain_text`` (HTML entities decoded), ``html_with_citations``,
    ``html``, ``html_lawbox``, ``html_columbia``, ``xml_harvard``, ``html_anon_2020`` -- the order
    :mod:`fairwarning.corpus.sources.courtlistener_json` uses -- skipping converter messages and failure notices
    (:func:`fairwarning.corpus.defects.choose_text`). Empty text means none was usable (see the assessment)."""
    candidates = (
        (
            column,
            clean_text(
                unescape_entities(raw) if column == "plain_text" else raw, html=column != "plain_text"
            ),
        )
        for column in _OPINION_TEXT_COLUMNS
        if isinstance(raw := obj.get(column), str) and raw.strip()
    )
    return choose_text(candidates)


@dataclass
class _Meta:
    case_name: str | None = None
    court_id: str | None = None
    date_decided: dt.date | None = None
    cl_status: str = ""
    docket_number: str | None = None
    reporter_citations: tuple[str, ...] = ()
    url: str | None = None


def _record(row: dict[str, str], path: str, index: _Index | None) -> OpinionRecord | Rejection:
    opinion_id = row["id"].strip()
    text, column, assessment = best_text(row)
    if not assessment.ok:
        reason = assessment.reject or "empty"
        detail = assessment.detail if column else "every text column is empty"
        return Rejection(path, reason, f"opinion {opinion_id}: {detail}", source_id=opinion_id)
    cluster_id = row.get("cluster_id", "").strip() or None
    meta = _join(index, cluster_id) if index is not None and cluster_id else _Meta()
    download_url = (row.get("download_url") or "").strip() or None
    fields = metadata_fields(
        meta.case_name, meta.court_id, meta.date_decided, meta.cl_status, meta.docket_number
    )
    recover(fields, text, urls=(download_url, meta.url))
    provenance = {"text": f"source:{column}", **fields.provenance}
    if assessment.skipped:
        provenance["text_defects"] = "; ".join(assessment.skipped)
    if meta.reporter_citations:
        provenance["reporter_citations"] = "source"
    return OpinionRecord(
        source=SOURCE,
        source_id=opinion_id,
        text=text,
        case_name=_field(fields, "case_name", str),
        court_id=_field(fields, "court_id", str),
        date_decided=_field(fields, "date_decided", dt.date),
        precedential_status=_STATUS.get(str(fields.values.get("precedential_status", "")), "unknown"),
        docket_number=_field(fields, "docket_number", str),
        reporter_citations=meta.reporter_citations,
        document_type="errata" if meta.cl_status.lower() == "errata" else assessment.document_type,
        provenance=provenance,
        path=path,
        url=download_url or meta.url,
        cluster_id=cluster_id,
    )


T = TypeVar("T")


def _field(fields: Fields, name: str, kind: type[T]) -> T | None:
    value = fields.values.get(name)
    return value if isinstance(value, kind) else None


def metadata_fields(
    case_name: str | None,
    court_id: str | None,
    date_decided: dt.date | None,
    cl_status: str | None,
    docket_number: str | None,
) -> Fields:
    """A :class:`~fairwarning.corpus.metadata.Fields` holding CourtListener's own values (``how="source"``);
    a CL precedential status other than Published/Unpublished (Errata, Separate, Unknown...) is left unset."""
    fields = Fields()
    fields.set("case_name", case_name)
    fields.set("court_id", court_id)
    fields.set("date_decided", date_decided)
    fields.set("precedential_status", _STATUS.get((cl_status or "").lower()))
    fields.set("docket_number", docket_number)
    return fields


def _join(index: _Index, cluster_id: str) -> _Meta:
    cluster = index.cluster(cluster_id)
    if cluster is None:
        return _Meta()
    docket = index.docket(cluster.docket_id) if cluster.docket_id else None
    return _Meta(
        case_name=cluster.case_name or (docket[2] if docket else None),
        court_id=docket[0] if docket else None,
        date_decided=cluster.date_filed,
        cl_status=cluster.precedential_status or "",
        docket_number=docket[1] if docket else None,
        reporter_citations=tuple(dict.fromkeys(index.citations(cluster_id) + cluster.legacy_cites)),
        url=f"https://www.courtlistener.com/opinion/{cluster_id}/{cluster.slug}/" if cluster.slug else None,
    )


def read(f: InputFile, companions: Companions) -> Iterator[OpinionRecord | Rejection]:
    """One record per row of a CourtListener opinions table, streamed; metadata joined from the companion
    cluster / docket / citation tables when given. A malformed or truncated file yields a rejection for the
    rest of the file after the rows read so far."""
    index = _index_for(companions)
    count = 0
    try:
        with open_text(f.path) as fh:
            for row in iter_csv_rows(fh):
                count += 1
                if not (row.get("id") or "").strip():
                    yield Rejection(f.path, "malformed", f"data row {count} has no opinion id")
                    continue
                yield _record(row, f.path, index)
    except UnicodeDecodeError as exc:
        yield Rejection(f.path, "not_utf8", f"after data row {count}: {exc}")
    except SourceError as exc:
        yield Rejection(f.path, exc.reason, f"after data row {count}: {exc}")
    except (EOFError, lzma.LZMAError, zlib.error) as exc:
        yield Rejection(f.path, "truncated", f"compressed stream ends early after data row {count}: {exc}")
    except csv.Error as exc:
        reason = "truncated" if "unexpected end of data" in str(exc) else "malformed"
        yield Rejection(f.path, reason, f"CSV error after data row {count}: {exc}")
    except OSError as exc:
        yield Rejection(f.path, "malformed", f"cannot read: {exc}")
