"""Read-only SQL the analysis needs, over ``Store.conn``. Every function takes the connection and returns plain
values; ``sqlite3`` errors become :class:`~fairwarning.errors.StoreError`."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from fairwarning.errors import StoreError

__all__ = [
    "OpinionMeta",
    "CourtCoverage",
    "StoredLabel",
    "fts_search",
    "bounded_match",
    "FTS_POSTINGS_BUDGET",
    "opinion_meta",
    "opinion_text",
    "reporter_cites",
    "labels_for",
    "labeled_opinion_ids",
    "labeled_count",
    "opinion_count",
    "stale_label_count",
    "indegree_before",
    "coverage",
    "resolve_cite",
    "resolve_cites",
    "cited_ids",
    "citation_spans",
    "has_table",
    "court_years",
    "qi_rulings_before",
    "fts_after",
    "copy_rows",
    "ruling_keys",
    "copy_keys",
    "cite_holders",
    "fts_among",
    "fts_contains",
    "opinion_texts",
    "store_facts",
    "cited_as",
]

_T = TypeVar("_T")


@dataclass(frozen=True)
class OpinionMeta:
    id: int
    case_name: str | None
    court_id: str | None
    date_decided: str | None
    precedential_status: str
    document_type: str


@dataclass(frozen=True)
class CourtCoverage:
    court_id: str
    opinions: int
    first: str | None
    last: str | None


@dataclass(frozen=True)
class StoredLabel:
    opinion_id: int
    fields: dict[str, Any]  # the labeler's fields (Label.fields())
    evidence: list[dict[str, Any]]  # the labeler's evidence items (Evidence.to_dict())


@contextmanager
def _guard(what: str) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read {what} from the store: {exc}; is it a fairwarning store (run ingest)?") from exc


def _chunks(items: Sequence[_T], size: int = 500) -> Iterator[Sequence[_T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    with _guard("the schema"):
        row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return row is not None


#: a ranked full-text query reads at most about this many postings: its OR-ed terms are kept rarest first while
#: the sum of their document counts stays within it (BM25 scores every document matching any term, so an OR of
#: common words costs a pass over most of the store). The analysis's queries on the shared corpus fit whole (at
#: most ~7,200 postings); at 100k opinions and more only the rarest terms are kept. Counting a term's documents stops at the budget, so the bounding costs at
#: most ``_FTS_MAX_TERMS`` short counts, whatever the store's size.
FTS_POSTINGS_BUDGET = 20_000
_FTS_MAX_TERMS = 48
_OR_PART = re.compile(r'"(?:[^"]|"")*"')


def _or_parts(expr: str) -> list[str] | None:
    """The quoted phrases of ``"a" OR "b" OR ...``; None when ``expr`` has another shape."""
    parts = _OR_PART.findall(expr)
    return parts if parts and " OR ".join(parts) == expr.strip() else None


def _doc_count_upto(conn: sqlite3.Connection, phrase: str, cap: int) -> int:
    row = conn.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM opinions_fts WHERE opinions_fts MATCH ? LIMIT ?)", (phrase, cap)
    ).fetchone()
    return int(row[0])


def bounded_match(conn: sqlite3.Connection, match: str, *, budget: int = FTS_POSTINGS_BUDGET) -> str:
    """``match`` with its OR-ed phrases cut to the rarest ones whose document counts sum to at most ``budget``
    (at least the rarest phrase that occurs; order kept). Handles ``"a" OR "b" ...`` and
    ``("a" OR "b" ...) AND <rest>``; any other expression is returned as is."""
    head, rest = match, ""
    if match.startswith("(") and ") AND " in match:
        head, rest = match[1:].split(") AND ", 1)
    parts = _or_parts(head)
    if parts is None or len(parts) < 2:
        return match
    with _guard("full-text statistics"):
        counts = sorted((_doc_count_upto(conn, p, budget + 1), i) for i, p in enumerate(parts))
    keep: list[int] = []
    total = 0
    for df, i in counts:
        if df == 0:
            continue
        if keep and (total + df > budget or len(keep) >= _FTS_MAX_TERMS):
            break
        keep.append(i)
        total += df
    if not keep or len(keep) == len(parts):
        return match
    kept = " OR ".join(parts[i] for i in sorted(keep))
    return f"({kept}) AND {rest}" if rest else kept


def fts_search(conn: sqlite3.Connection, match: str, *, limit: int, before: str | None = None,
               budget: int | None = FTS_POSTINGS_BUDGET) -> list[tuple[int, float]]:
    """(opinion id, BM25 score — higher is better) for an FTS5 MATCH expression, optionally decided before a date.
    An OR of many phrases is first bounded (:func:`bounded_match`; ``budget=None``: not), so the cost does not
    grow with the store."""
    if budget is not None:
        match = bounded_match(conn, match, budget=budget)
    sql = (
        "SELECT f.rowid, -bm25(opinions_fts) AS score FROM opinions_fts f "
        + ("JOIN opinions o ON o.id = f.rowid " if before else "")
        + "WHERE opinions_fts MATCH ? "
        + ("AND o.date_decided < ? " if before else "")
        + "ORDER BY bm25(opinions_fts) LIMIT ?"
    )
    params: tuple[Any, ...] = (match, before, limit) if before else (match, limit)
    with _guard("full-text results"):
        return [(int(r[0]), float(r[1])) for r in conn.execute(sql, params)]


def opinion_meta(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, OpinionMeta]:
    out: dict[int, OpinionMeta] = {}
    with _guard("opinions"):
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            for r in conn.execute(
                "SELECT id, case_name, court_id, date_decided, precedential_status, document_type "
                f"FROM opinions WHERE id IN ({marks})",
                tuple(chunk),
            ):
                out[int(r[0])] = OpinionMeta(int(r[0]), r[1], r[2], r[3], r[4] or "unknown", r[5] or "opinion")
    return out


def opinion_text(conn: sqlite3.Connection, opinion_id: int) -> str:
    with _guard("opinion text"):
        row = conn.execute("SELECT text FROM opinions WHERE id = ?", (opinion_id,)).fetchone()
    return str(row[0]) if row else ""


def reporter_cites(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    with _guard("reporter citations"):
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            for r in conn.execute(
                f"SELECT opinion_id, cite FROM reporter_citations WHERE opinion_id IN ({marks}) ORDER BY cite",
                tuple(chunk),
            ):
                out.setdefault(int(r[0]), []).append(str(r[1]))
    return out


def _current_version() -> str:
    # imported on use: importing the labeler package (its rules) is not needed to import the analysis
    from fairwarning.labeler import LABELER_VERSION

    return LABELER_VERSION


def _latest_label_rows(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> Iterator[sqlite3.Row]:
    """Label rows, the current labeler version's last so it wins (older versions serve when it is missing)."""
    if not has_table(conn, "labels"):
        return iter(())
    order = "ORDER BY opinion_id, labeler_version = ?, labeler_version"
    return iter(conn.execute(f"SELECT * FROM labels {where} {order}", (*params, _current_version())).fetchall())


def labels_for(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, StoredLabel]:
    """The newest stored label per opinion (fields and evidence decoded from JSON)."""
    out: dict[int, StoredLabel] = {}
    with _guard("labels"):
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            for r in _latest_label_rows(conn, f"WHERE opinion_id IN ({marks})", tuple(chunk)):
                oid = int(r["opinion_id"])
                out[oid] = StoredLabel(oid, json.loads(r["fields"]), json.loads(r["evidence"]))
    return out


def labeled_opinion_ids(conn: sqlite3.Connection) -> list[int]:
    with _guard("labels"):
        if not has_table(conn, "labels"):
            return []
        return [int(r[0]) for r in conn.execute("SELECT DISTINCT opinion_id FROM labels ORDER BY opinion_id")]


def _label_counts(conn: sqlite3.Connection) -> dict[str, int] | None:
    """labeler version -> labeled opinions ('*': any version), from the maintained ``label_counts`` table;
    None for a store from before it (read-only, not migrated)."""
    if not has_table(conn, "label_counts"):
        return None
    with _guard("label counts"):
        return {str(r[0]): int(r[1]) for r in conn.execute("SELECT labeler_version, opinions FROM label_counts")}


def labeled_count(conn: sqlite3.Connection) -> int:
    """How many opinions carry a label (of any labeler version): a maintained count, not a scan."""
    counts = _label_counts(conn)
    if counts is not None:
        return counts.get("*", 0)
    return len(labeled_opinion_ids(conn))


def stale_label_count(conn: sqlite3.Connection) -> int:
    """Labeled opinions with no label of the current labeler version (their holdings come from an older one)."""
    version = _current_version()
    counts = _label_counts(conn)
    if counts is not None:
        return counts.get("*", 0) - counts.get(version, 0)
    with _guard("labels"):
        if not has_table(conn, "labels"):
            return 0
        row = conn.execute(
            "SELECT COUNT(DISTINCT opinion_id) FROM labels WHERE opinion_id NOT IN "
            "(SELECT opinion_id FROM labels WHERE labeler_version = ?)", (version,)).fetchone()
        return int(row[0])


def opinion_count(conn: sqlite3.Connection) -> int:
    """How many opinions the store holds: the sum of the maintained per-court counts, not a scan."""
    with _guard("store coverage"):
        if has_table(conn, "court_counts"):
            return int(conn.execute("SELECT COALESCE(SUM(opinions), 0) FROM court_counts").fetchone()[0])
        return int(conn.execute("SELECT COUNT(*) FROM opinions").fetchone()[0])


def indegree_before(conn: sqlite3.Connection, ids: Iterable[int], before: str) -> dict[int, int]:
    """How many distinct stored opinions decided before ``before`` cite each opinion (the graph as of that day)."""
    out: dict[int, int] = {}
    with _guard("the citation graph"):
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            for r in conn.execute(
                "SELECT g.cited_id, COUNT(*) FROM citation_graph g JOIN opinions o ON o.id = g.citing_id "
                f"WHERE g.cited_id IN ({marks}) AND o.date_decided < ? GROUP BY g.cited_id",
                (*chunk, before),
            ):
                out[int(r[0])] = int(r[1])
    return out


def coverage(conn: sqlite3.Connection) -> dict[str, CourtCoverage]:
    """Per court: opinions (a maintained count) and the first and last decision dates (two index seeks)."""
    with _guard("store coverage"):
        if not has_table(conn, "court_counts"):
            rows = conn.execute(
                "SELECT court_id, COUNT(*), MIN(date_decided), MAX(date_decided) FROM opinions "
                "WHERE court_id IS NOT NULL GROUP BY court_id"
            ).fetchall()
        else:
            rows = conn.execute(
                "SELECT c.court_id, c.opinions,"
                " (SELECT MIN(date_decided) FROM opinions WHERE court_id = c.court_id),"
                " (SELECT MAX(date_decided) FROM opinions WHERE court_id = c.court_id)"
                " FROM court_counts c WHERE c.court_id != '' AND c.opinions > 0 ORDER BY c.court_id"
            ).fetchall()
    return {str(r[0]): CourtCoverage(str(r[0]), int(r[1]), r[2], r[3]) for r in rows}


def resolve_cite(conn: sqlite3.Connection, cite: str) -> int | None:
    with _guard("reporter citations"):
        row = conn.execute("SELECT opinion_id FROM reporter_citations WHERE cite = ? LIMIT 1", (cite,)).fetchone()
    return int(row[0]) if row else None


def resolve_cites(conn: sqlite3.Connection, cites: Iterable[str]) -> dict[str, int]:
    """cite -> stored opinion id for each of ``cites`` that resolves, in one query per 500 cites (the same opinion
    :func:`resolve_cite` gives: the first row for the cite in the ``reporter_citations_cite`` index order)."""
    out: dict[str, int] = {}
    unique = list(dict.fromkeys(cites))
    with _guard("reporter citations"):
        for chunk in _chunks(unique):
            marks = ",".join("?" * len(chunk))
            for cite, oid in conn.execute(
                f"SELECT cite, opinion_id FROM reporter_citations WHERE cite IN ({marks}) ORDER BY cite, rowid",
                tuple(chunk),
            ):
                out.setdefault(str(cite), int(oid))
    return out


def cited_ids(conn: sqlite3.Connection, opinion_id: int) -> set[int]:
    with _guard("the citation graph"):
        rows = conn.execute(
            "SELECT DISTINCT resolved_opinion_id FROM citations WHERE opinion_id = ? AND resolved_opinion_id IS NOT NULL "
            "AND resolved_opinion_id != opinion_id",
            (opinion_id,),
        ).fetchall()
    return {int(r[0]) for r in rows}


def citation_spans(conn: sqlite3.Connection, opinion_id: int) -> list[tuple[int, int]]:
    with _guard("citations"):
        rows = conn.execute("SELECT start, end FROM citations WHERE opinion_id = ? ORDER BY start", (opinion_id,))
        return [(int(r[0]), int(r[1])) for r in rows]


def court_years(conn: sqlite3.Connection, court_id: str) -> set[int]:
    """The years in which the store holds at least one opinion of the court."""
    with _guard("store coverage"):
        rows = conn.execute(
            "SELECT DISTINCT CAST(substr(date_decided, 1, 4) AS INTEGER) FROM opinions "
            "WHERE court_id = ? AND date_decided IS NOT NULL",
            (court_id,),
        ).fetchall()
    return {int(r[0]) for r in rows if r[0]}


def fts_after(conn: sqlite3.Connection, match: str, *, after: str, limit: int) -> list[tuple[int, float]]:
    """Like :func:`fts_search` but for opinions decided on or after ``after`` (flagged, never support)."""
    sql = (
        "SELECT f.rowid, -bm25(opinions_fts) FROM opinions_fts f JOIN opinions o ON o.id = f.rowid "
        "WHERE opinions_fts MATCH ? AND o.date_decided >= ? ORDER BY bm25(opinions_fts) LIMIT ?"
    )
    with _guard("full-text results"):
        return [(int(r[0]), float(r[1])) for r in conn.execute(sql, (bounded_match(conn, match), after, limit))]


def qi_rulings_before(conn: sqlite3.Connection, before: str) -> dict[int, tuple[str, ...]]:
    """opinion id -> labeled rights, for labeled opinions that rule on QI and were decided before ``before``
    (one indexed scan of the QI-deciding labels; the current labeler version wins)."""
    if not has_table(conn, "labels"):
        return {}
    sql = ("SELECT l.opinion_id, json_extract(l.fields, '$.rights') FROM labels l JOIN opinions o "
           "ON o.id = l.opinion_id WHERE l.qi_decided = 1 AND o.date_decided < ? "
           "ORDER BY l.opinion_id, l.labeler_version = ?")
    out: dict[int, tuple[str, ...]] = {}
    with _guard("labels"):
        for r in conn.execute(sql, (before, _current_version())):
            try:
                rights = json.loads(r[1]) if r[1] else []
            except ValueError:
                rights = []
            out[int(r[0])] = tuple(str(x) for x in rights)
    return out


def copy_rows(conn: sqlite3.Connection, ids: Iterable[int], head: int = 6000) -> list[dict[str, Any]]:
    """Identity fields of stored opinions (for merging copies and citing them): metadata, the first source,
    the reporter citations and the first ``head`` characters of the text."""
    out: list[dict[str, Any]] = []
    with _guard("opinions"):
        for chunk in _chunks(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(chunk))
            for r in conn.execute(
                "SELECT o.id, o.case_name, o.court_id, o.date_decided, o.precedential_status, o.document_type, "
                "o.docket_number, o.url, o.cluster_id, substr(o.text, 1, ?), "
                "(SELECT s.source FROM opinion_sources s WHERE s.opinion_id = o.id ORDER BY s.rowid LIMIT 1), "
                "(SELECT s.source_id FROM opinion_sources s WHERE s.opinion_id = o.id ORDER BY s.rowid LIMIT 1) "
                f"FROM opinions o WHERE o.id IN ({marks})",
                (head, *chunk),
            ):
                out.append({"id": int(r[0]), "case_name": r[1], "court_id": r[2], "date_decided": r[3],
                            "precedential_status": r[4] or "unknown", "document_type": r[5] or "opinion",
                            "docket_number": r[6], "url": r[7], "cluster_id": r[8], "text_head": r[9] or "",
                            "source": r[10], "source_id": r[11]})
    return out


def ruling_keys(conn: sqlite3.Connection, right: str, version: str | None = None) -> list[tuple[int, bool, str, str]]:
    """(opinion id, QI ruling?, court, date) of every stored ruling on ``right`` of the current labeler version:
    the small columns only (from the per-right index and the rows' first page), for bounding the candidate pool
    before any evidence is parsed or any text read. Empty when the store has no ruling table."""
    if not has_table(conn, "label_rulings"):
        return []
    with _guard("label rulings"):
        return [(int(r[0]), bool(r[1]), r[2] or "", r[3] or "") for r in conn.execute(
            "SELECT opinion_id, qi_decided, court_id, date_decided FROM label_rulings "
            "WHERE labeler_version = ? AND right = ?", (version or _current_version(), right))]


def copy_keys(conn: sqlite3.Connection, court: str, day: str) -> list[tuple[int, str | None]]:
    """(id, docket number) of the stored opinions of ``court`` decided on ``day`` (indexed; at most 200): the
    possible copies of a decision, before any text is read."""
    with _guard("opinions"):
        return [(int(r[0]), r[1]) for r in conn.execute(
            "SELECT id, docket_number FROM opinions WHERE court_id = ? AND date_decided = ? LIMIT 200", (court, day))]


def cite_holders(conn: sqlite3.Connection, cites: Sequence[str]) -> set[int]:
    """Stored opinions holding any of ``cites`` as a reporter citation (indexed)."""
    out: set[int] = set()
    with _guard("opinions"):
        for chunk in _chunks(list(dict.fromkeys(cites))):
            marks = ",".join("?" * len(chunk))
            for r in conn.execute(f"SELECT opinion_id FROM reporter_citations WHERE cite IN ({marks})", tuple(chunk)):
                out.add(int(r[0]))
    return out


def fts_among(conn: sqlite3.Connection, match: str, ids: Iterable[int], *,
              budget: int = FTS_POSTINGS_BUDGET) -> dict[int, float]:
    """BM25 (higher is better) of each of ``ids`` that matches ``match``.

    One ranking pass over the bounded query (:func:`bounded_match`), keeping the candidates: FTS5 does not push
    ``rowid IN (...)`` down, and re-ran the whole MATCH (with BM25's document counts) for every id — 5.3 s for 150
    ids at 100k opinions. The pass costs at most ``budget`` postings, whatever the store's size."""
    wanted = set(ids)
    out: dict[int, float] = {}
    if not wanted:
        return out
    with _guard("full-text results"):
        for r in conn.execute("SELECT rowid, -bm25(opinions_fts) FROM opinions_fts WHERE opinions_fts MATCH ?",
                              (bounded_match(conn, match, budget=budget),)):
            if int(r[0]) in wanted:
                out[int(r[0])] = float(r[1])
    return out


def fts_contains(conn: sqlite3.Connection, match: str, ids: Iterable[int]) -> set[int]:
    """Which of ``ids`` match ``match`` (no ranking): one rowid-equality lookup per id, which FTS5 answers by
    seeking in the doclists — the cost grows with the number of ids, not with the store."""
    out: set[int] = set()
    with _guard("full-text results"):
        for i in ids:
            if conn.execute("SELECT 1 FROM opinions_fts WHERE opinions_fts MATCH ? AND rowid = ?",
                            (match, i)).fetchone():
                out.add(int(i))
    return out


def opinion_texts(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    with _guard("opinion text"):
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            for r in conn.execute(f"SELECT id, text FROM opinions WHERE id IN ({marks})", tuple(chunk)):
                out[int(r[0])] = str(r[1])
    return out


def store_facts(conn: sqlite3.Connection, coverage: dict[str, CourtCoverage] | None = None) -> dict[str, Any]:
    """The store's build date (the last opinion ingested: one rowid seek) and its largest courts (from the
    per-court coverage the caller already read), for the memo header."""
    with _guard("store facts"):
        built = conn.execute("SELECT ingested_at FROM opinions ORDER BY id DESC LIMIT 1").fetchone()
    top = sorted((coverage or {}).values(), key=lambda c: (-c.opinions, c.court_id))[:6]
    return {"built": built[0] if built else None, "by_court": {c.court_id: c.opinions for c in top}}


def cited_as(conn: sqlite3.Connection, name: str, exclude: Sequence[int], *, limit: int = 12) -> list[tuple[str, str]]:
    """(normalized citation, the 200 characters after it) for every full citation that stored opinions print
    right after ``name`` (e.g. "Barton v. Clancy, 632 F.3d 9, 17 (1st Cir. 2011)"): how citing opinions cite a
    decision the store holds without a reporter citation. Bounded: an FTS phrase query for the name, at most
    ``limit`` citing opinions."""
    phrase = '"' + name.replace('"', " ") + '"'
    out: list[tuple[str, str]] = []
    marks = ",".join("?" * len(exclude)) or "NULL"
    with _guard("citing opinions"):
        try:
            hits = [int(r[0]) for r in conn.execute(
                f"SELECT rowid FROM opinions_fts WHERE opinions_fts MATCH ? AND rowid NOT IN ({marks}) LIMIT ?",
                (phrase, *exclude, limit))]
        except sqlite3.OperationalError:  # a name FTS cannot parse as a phrase
            return []
        for oid in hits:
            text = str(conn.execute("SELECT text FROM opinions WHERE id = ?", (oid,)).fetchone()[0])
            folded = name.lower().split()
            for start, end, normalized in conn.execute(
                    "SELECT start, end, normalized FROM citations WHERE opinion_id = ? AND kind = 'full' "
                    "AND normalized IS NOT NULL", (oid,)):
                before = " ".join(text[max(0, start - 120): start].lower().split())
                if before.endswith(" ".join(folded) + ",") or before.endswith(" ".join(folded)):
                    out.append((str(normalized), text[end: end + 200]))
    return out
