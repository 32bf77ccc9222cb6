"""Case identity and citation form, read from what a store already holds (additive: no schema change).

- :func:`inventory_cites` — reporter citations that a companion inventory (the First Circuit's ``ca1-inventory.csv``)
  carries in its download URLs (``.../c/F2/983/983.F2d.332.92-1558.html`` -> ``983 F.2d 332`` for docket
  ``92-1558``), keyed by docket number: another CourtListener copy of the same decision often has the cite.
- :func:`published_from_cites` — publication status from the reporter: a full-text circuit opinion with an
  F.2d/F.3d/F.4th cite is published (a one-line table disposition is not; see the rule's guards).
- :func:`short_case_name` — a caption in citation form ("Damaris Rivera-Ruiz v. Leonardo Gonzalez-Rivera, Etc."
  -> "Rivera-Ruiz v. Gonzalez-Rivera").
- :func:`merge_key` — the keys under which two stored copies are one decision (docket + court + date, reporter
  citation, CourtListener cluster).
- :func:`courtlistener_url` — a CourtListener link for a stored opinion.
"""

from __future__ import annotations

import csv
import os
import re
import sqlite3
from functools import cache
from pathlib import Path

__all__ = ["find_by_citation", "inventory_cites", "published_from_cites", "short_case_name", "merge_keys", "courtlistener_url",
           "normalize_docket", "is_table_disposition"]

_BULK = re.compile(r"/c/F([234])/(\d+)/\d+\.F[234]d\.(\d+)\.([^/]*?)\.html$", re.IGNORECASE)
_DOCKET = re.compile(r"\d{2}-\d{1,5}")
_CL = "https://www.courtlistener.com"


def normalize_docket(docket: str | None) -> tuple[str, ...]:
    """The docket numbers in a docket field ("Nos. 92-1558, 92-1559" -> ("92-1558", "92-1559"))."""
    if not docket:
        return ()
    return tuple(dict.fromkeys(_DOCKET.findall(docket)))


#: bump when :func:`_read_inventory` changes what it makes (the per-user cache is keyed by it)
_INVENTORY_PARSER = "1"


@cache
def _parse_inventory(path: str, mtime_ns: int) -> dict[str, tuple[str, ...]]:
    """docket -> reporter cites of one inventory file; parsed once per file version and kept in the per-user cache
    (34,835 rows took 0.2 s on every `analyze`)."""
    from fairwarning.reference._cache import pickled

    try:
        size = os.stat(path).st_size
    except OSError:
        return {}
    return pickled("inventory", f"{_INVENTORY_PARSER}\0{path}\0{size}\0{mtime_ns}", lambda: _read_inventory(path),
                   lambda v: isinstance(v, dict))


def _read_inventory(path: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                m = _BULK.search(row.get("download_url") or "")
                if not m:
                    continue
                cite = f"{m.group(2)} F.{m.group(1)}d {m.group(3)}"
                for docket in _DOCKET.findall(m.group(4).replace("_", "-")):
                    out.setdefault(docket, [])
                    if cite not in out[docket]:
                        out[docket].append(cite)
    except (OSError, csv.Error, UnicodeDecodeError):
        return {}
    return {k: tuple(v) for k, v in out.items()}


def inventory_cites(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """docket number -> reporter citations from the companion inventories the store was ingested with (read in
    place, cached per file version; empty when none is recorded or readable)."""
    try:
        rows = conn.execute("SELECT path, mtime_ns FROM ingested_files WHERE status = 'companion:ca1-inventory'"
                            ).fetchall()
    except sqlite3.Error:
        return {}
    return _merged(tuple((str(p), int(m)) for p, m in rows if Path(p).is_file()))


@cache
def _merged(files: tuple[tuple[str, int], ...]) -> dict[str, tuple[str, ...]]:
    if len(files) == 1:
        return _parse_inventory(*files[0])
    out: dict[str, tuple[str, ...]] = {}
    for path, mtime in files:
        for k, v in _parse_inventory(path, mtime).items():
            out[k] = tuple(dict.fromkeys((*out.get(k, ()), *v)))
    return out


_FED_APPELLATE = re.compile(r"^\d+ F\.(?:2d|3d|4th) \d+$")
_TABLE_HINTS = re.compile(r"\b(?:table of decisions without reported opinions|unpublished disposition|"
                          r"not for publication|not selected for publication)\b", re.IGNORECASE)


def is_table_disposition(text: str) -> bool:
    """A one-line table entry or an opinion marked as not for publication (its F.3d cite is a table cite)."""
    return len(text) < 1500 or bool(_TABLE_HINTS.search(text[:6000]))


def published_from_cites(status: str, cites: list[str] | tuple[str, ...], court_kind_appellate: bool,
                         text: str) -> tuple[str, str]:
    """(status, how it was known): the stored status when it is known; else "published" for a full-text
    federal appellate opinion printed in F.2d/F.3d/F.4th (reporter), else "unknown"."""
    if status in ("published", "unpublished"):
        return status, "source"
    if court_kind_appellate and any(_FED_APPELLATE.match(c) for c in cites) and not is_table_disposition(text):
        return "published", "reporter"
    return status, "source"


_CORP = re.compile(r"\b(?:inc|corp|co|company|llc|ltd|bank|association|ass'n|department|dept|commission|comm'n|"
                   r"board|bd|city|county|town|state|states|commonwealth|people|republic|party|union|authority|"
                   r"school|district|dist|university|secretary|office|agency|police|hospital|church|committee|"
                   r"council|municipality|administration|compania|puerto|america|government|court|of|the|"
                   r"partnership|trust|fund|services?|servs|center|insurance|ins|revenue|commissioner|heirs|others|warden|"
                   r"corporation|incorporated|enterprises|associates|group|holdings|industries|systems|products|"
                   r"distributing|international|national|federal|estate)\b", re.IGNORECASE)
_ETC = re.compile(r",?\s*\b(?:etc|et al|et ux|individually|in (?:his|her|their) (?:official|individual) "
                  r"capacit(?:y|ies))\.?.*$", re.IGNORECASE)
_SUFFIX = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


_STATES = re.compile(r"\b(?:alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|"
                     r"hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|"
                     r"michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|hampshire|jersey|mexico|york|"
                     r"carolina|dakota|ohio|oklahoma|oregon|pennsylvania|rhode|tennessee|texas|utah|vermont|"
                     r"virginia|washington|wisconsin|wyoming|rico|guam)\b", re.IGNORECASE)


def _party(raw: str, shorten: bool) -> str:
    p = _ETC.sub("", raw.strip()).strip(" ,")
    p = re.split(r"\s+and\s+", p, maxsplit=1)[0] if shorten else p
    p = re.sub(r"\s*\(.*?\)\s*", " ", p).strip()
    if re.fullmatch(r"(?i)united states(?: of america)?|u\.?s\.?a?\.?", p):
        return "United States"
    if p.isupper() and len(p) > 3:
        p = p.title()
    words = p.split()
    if not words:
        return raw.strip()
    if not shorten or _CORP.search(p) or _STATES.search(p) or len(words) == 1:
        return p
    # a personal name: the surname (Spanish compound surnames are hyphenated or two words; keep hyphenated)
    while len(words) > 1 and words[-1].lower().strip(",") in _SUFFIX:
        words = words[:-1]
    last = words[-1].strip(",")
    if last.isupper() and len(last) > 2:
        last = last.title()
    return last


def short_case_name(name: str | None) -> str:
    """The caption in citation form: each party's surname or entity name, "v." between them."""
    if not name:
        return ""
    parts = re.split(r"\s+v(?:s)?\.?\s+", name, maxsplit=1)
    if len(parts) != 2:
        return name.strip()
    # shorten personal names to surnames only in a full caption (both sides several words: "Damaris Rivera-Ruiz
    # v. Leonardo Gonzalez-Rivera"); "Jones Bey v. Johnson" is already in citation form
    shorten = all(len(_ETC.sub("", x).split()) > 1 for x in parts)
    left, right = _party(parts[0], shorten), _party(parts[1], shorten)
    return f"{left} v. {right}"


def merge_keys(court: str | None, date: str | None, docket: str | None, cites: list[str] | tuple[str, ...],
               cluster: str | None) -> set[str]:
    """Keys shared by copies of one decision: docket+court+date, each reporter citation, the CourtListener
    cluster. Two stored opinions that share any key are one case."""
    keys = {f"cite:{c}" for c in cites}
    for d in normalize_docket(docket):
        if court and date:
            keys.add(f"docket:{court}:{d}:{date}")
    if cluster:
        keys.add(f"cluster:{cluster}")
    return keys


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "opinion"


def courtlistener_url(url: str | None, cluster: str | None, source: str | None, source_id: str | None,
                      name: str | None) -> str | None:
    """A CourtListener link: the stored CourtListener path, else the cluster or CourtListener opinion id."""
    if url and url.startswith("/opinion/"):
        return _CL + url
    if url and url.startswith(_CL):
        return url
    pk = cluster or (source_id if source and source.startswith("courtlistener") else None)
    if pk and str(pk).isdigit():
        return f"{_CL}/opinion/{pk}/{_slug(name or '')}/"
    return None


_DOCKET_FORM = re.compile(r"\bNos?\.\s*(?P<docket>\d{2}-\d{1,5})[^()]*\((?P<court>[^()]*?)\s*"
                          r"(?:[A-Z][a-z]{2,4}\.?\s+\d{1,2},\s*)?(?P<year>\d{4})\)")
_CITE_FORM = re.compile(r"\b\d{1,4}\s+[A-Z][A-Za-z0-9.\s]{0,20}?\s+\d{1,5}\b")


def find_by_citation(conn: sqlite3.Connection, ref: str) -> list[int]:
    """Stored opinions a citation names: a reporter citation ("983 F.2d 332", also one the inventory gives for a
    stored docket) or the docket form ("No. 08-2479 (1st Cir. Jan. 14, 2011)"), with or without the case name.
    Opinion copies first. Empty when nothing matches."""
    from fairwarning.corpus.citations import normalize_cite
    from fairwarning.reference.courts import court_from_name

    ids: list[int] = []
    dockets: list[tuple[str, str | None, str | None]] = []
    m = _DOCKET_FORM.search(ref)
    if m:
        court = court_from_name(m.group("court"), fuzzy=False) if m.group("court").strip() not in ("", "U.S.") \
            else "scotus"
        dockets.append((m.group("docket"), court, m.group("year")))
    else:
        for found in _CITE_FORM.findall(ref):
            cite = normalize_cite(" ".join(found.split())) or " ".join(found.split())
            ids += [int(r[0]) for r in conn.execute("SELECT opinion_id FROM reporter_citations WHERE cite = ?", (cite,))]
            if not ids:
                for docket, cites in inventory_cites(conn).items():
                    if cite in cites:
                        dockets.append((docket, None, None))
    for docket, court, year in dockets:
        sql = "SELECT id, court_id, date_decided FROM opinions WHERE docket_number LIKE ?"
        for oid, c, day in conn.execute(sql, (f"%{docket}%",)):
            if docket in normalize_docket(conn.execute("SELECT docket_number FROM opinions WHERE id = ?",
                                                       (oid,)).fetchone()[0]) and \
                    (court is None or c == court) and (year is None or (day or "")[:4] == year):
                ids.append(int(oid))
    ids = list(dict.fromkeys(ids))
    if len(ids) > 1:
        kinds = dict(conn.execute(f"SELECT id, document_type FROM opinions WHERE id IN ({','.join('?' * len(ids))})",
                                  ids).fetchall())
        ids.sort(key=lambda i: (kinds.get(i) != "opinion", i))
    return ids
