"""Precedent retrieval: candidates from the store and two rankers.

- ``bm25`` — the floor: every distinct content word of the narrative, OR-ed, ranked by FTS5 BM25.
- ``fairwarning`` — BM25 over a *selected* query (the narrative's most distinctive words by tf·idf plus the cue
  phrases of the claimed rights), a wider candidate pool (labeled opinions on the claimed rights, stored leading
  cases for those rights), re-ranked by a weighted sum of: normalized BM25, right match from the labels,
  authority tier for the forum, citation in-degree as of the conduct date (only citing opinions decided before it),
  the leading-case prior (doctrine leading cases and the taxonomy's leading standard for the claimed rights), and a
  penalty for the generic QI-standard cases (Harlow, Saucier, ...: never on-point precedent). The weights are
  :data:`DEFAULT_WEIGHTS` (chosen by a small grid search on the shared-corpus development store — few queries, so
  treat them as a starting point); ``evaluate`` measures both rankers on the same queries.

Only opinions decided strictly before the conduct date are candidates (later decisions cannot clearly establish
anything; the analysis lists Supreme Court leading cases decided later separately, flagged).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from fairwarning.analysis import _domain, queries
from fairwarning.errors import InputError

__all__ = ["RetrievalQuery", "Ranked", "RANKERS", "DEFAULT_WEIGHTS", "rank", "query_terms", "generic_standard_ids"]

DEFAULT_WEIGHTS: dict[str, float] = {
    "text": 1.0,
    "right": 0.3,
    "authority": 0.4,
    "graph": 1.0,
    "leading": 0.5,
    "short_document": -0.5,
    "generic": -1.0,
    "qi_ruling": 0.0,
}
_AUTHORITY_VALUE = {"controlling": 1.0, "persuasive": 0.4, "not_binding": 0.0, "after_conduct": -1.0}
_MAX_TERMS = 256
_SELECTED_TERMS = 96
_POOL = 200
_WORD = re.compile(r"[a-z][a-z]+")
_STOPWORDS = frozenset(  # noqa: SIM905 - a word list reads better as one string
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most", "must", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "own", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "said", "says", "also", "however", "thus", "therefore", "whether", "within", "without", "one", "two", "three", "court", "district", "circuit", "appeal", "appeals", "plaintiff", "plaintiffs", "defendant", "defendants", "case", "cases", "opinion", "id", "see", "supra", "infra", "cir", "app", "supp", "cert", "ed", "rev", "inc", "co", "corp", "ann", "stat"]
)


@dataclass(frozen=True)
class RetrievalQuery:
    narrative: str
    conduct_date: dt.date
    place: str  # forum: state code or courts-db id
    rights: tuple[str, ...] = ()
    exclude: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Ranked:
    opinion_id: int
    score: float
    features: dict[str, float] = field(default_factory=dict, hash=False, compare=False)


def query_terms(text: str) -> list[str]:
    """Distinct content words of a narrative, in order of first appearance."""
    seen: dict[str, None] = {}
    for w in _WORD.findall(text.lower()):
        if len(w) > 2 and w not in _STOPWORDS:
            seen.setdefault(w, None)
    return list(seen)


def _match(terms: Iterable[str], phrases: Iterable[str] = ()) -> str:
    parts = [f'"{t}"' for t in terms] + [f'"{p}"' for p in phrases]
    return " OR ".join(parts)


def rank_bm25(conn: sqlite3.Connection, q: RetrievalQuery, *, limit: int = 20, **_: object) -> list[Ranked]:
    terms = query_terms(q.narrative)[:_MAX_TERMS]
    if not terms:
        return []
    hits = queries.fts_search(conn, _match(terms), limit=limit + len(q.exclude), before=q.conduct_date.isoformat(),
                              budget=None)  # the floor: every word, unbounded
    return [Ranked(i, s, {"bm25": s}) for i, s in hits if i not in q.exclude][:limit]


def _doc_count(conn: sqlite3.Connection) -> int:
    return queries.opinion_count(conn) or 1


def _df(conn: sqlite3.Connection, term: str, cache: dict[str, int]) -> int:
    if term not in cache:
        # counted up to just past a quarter of the store: a term in more documents is dropped either way
        # (_selected_terms), so the cap changes no selection and stops the count of common words early
        cap = queries.opinion_count(conn) // 4 + 1
        row = conn.execute("SELECT COUNT(*) FROM (SELECT 1 FROM opinions_fts WHERE opinions_fts MATCH ? LIMIT ?)",
                           (f'"{term}"', cap)).fetchone()
        cache[term] = int(row[0])
    return cache[term]


_DF_CACHE: dict[str, dict[str, int]] = {}


def _selected_terms(conn: sqlite3.Connection, narrative: str, n_docs: int) -> list[str]:
    """The narrative's most distinctive words: tf·idf, ignoring words in more than a quarter of the store."""
    path = conn.execute("PRAGMA database_list").fetchone()[2] or f"memory:{id(conn)}"
    key = f"{path}:{n_docs}"
    cache = _DF_CACHE.setdefault(key, {})
    counts = Counter(w for w in _WORD.findall(narrative.lower()) if len(w) > 2 and w not in _STOPWORDS)
    scored = []
    for term, tf in counts.items():
        df = _df(conn, term, cache)
        if df == 0 or df > n_docs / 4:
            continue
        scored.append((-(1 + math.log(tf)) * math.log(n_docs / df), term))
    return [t for _, t in sorted(scored)[:_SELECTED_TERMS]]


def _leading_stored(conn: sqlite3.Connection, rights: tuple[str, ...], before: dt.date) -> set[int]:
    """Stored opinions that are leading cases for the claimed rights (doctrine table, taxonomy standard)."""
    cites: set[str] = set()
    for right in rights:
        cites.update(c.us_cite for c in _domain.leading_cases(right) if c.us_cite)
        standard = _domain.leading_standard_cite(right)
        if standard:
            cites.add(standard)
    metas = queries.opinion_meta(conn, set(queries.resolve_cites(conn, sorted(cites)).values()))
    return {oid for oid, m in metas.items() if m.date_decided and m.date_decided < before.isoformat()}


def _right_matched(qi: dict[int, tuple[str, ...]], rights: tuple[str, ...]) -> dict[int, float]:
    """QI rulings decided before the conduct, scored by the share of claimed rights they rule on."""
    wanted = set(rights)
    if not wanted:
        return {}
    return {oid: len(set(got) & wanted) / len(wanted) for oid, got in qi.items() if set(got) & wanted}


def rank_fairwarning(
    conn: sqlite3.Connection, q: RetrievalQuery, *, limit: int = 20, weights: dict[str, float] | None = None
) -> list[Ranked]:
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    before = q.conduct_date.isoformat()
    terms = _selected_terms(conn, q.narrative, _doc_count(conn)) or query_terms(q.narrative)[:_SELECTED_TERMS]
    cues = [c for r in q.rights for c in _domain.right_cues(r)]
    hits = queries.fts_search(conn, _match(terms, cues), limit=_POOL, before=before) if terms or cues else []
    text = {i: s for i, s in hits if i not in q.exclude}
    qi = queries.qi_rulings_before(conn, before)
    right = _right_matched(qi, q.rights)
    leading = _leading_stored(conn, q.rights, q.conduct_date)
    pool = (set(text) | set(right) | leading) - set(q.exclude)
    if not pool:
        return []
    meta = queries.opinion_meta(conn, pool)
    generic = generic_standard_ids(conn)
    indeg = queries.indegree_before(conn, pool, before)
    top_text, top_deg = max(text.values(), default=1.0) or 1.0, math.log1p(max(indeg.values(), default=0)) or 1.0
    out = []
    for oid in pool:
        m = meta.get(oid)
        if m is None:
            continue
        auth = _domain.authority(m.court_id, m.precedential_status, q.place, q.conduct_date, _date(m.date_decided))
        f = {
            "text": text.get(oid, 0.0) / top_text,
            "right": right.get(oid, 0.0),
            "authority": _AUTHORITY_VALUE.get(auth.authority, 0.0),
            "graph": math.log1p(indeg.get(oid, 0)) / top_deg,
            "leading": 1.0 if oid in leading else 0.0,
            "short_document": 1.0 if m.document_type != "opinion" else 0.0,
            "generic": 1.0 if oid in generic else 0.0,
            "qi_ruling": 1.0 if oid in qi else 0.0,
        }
        out.append(Ranked(oid, sum(w[k] * v for k, v in f.items()), f))
    out.sort(key=lambda r: (-r.score, r.opinion_id))
    return out[:limit]


@cache
def _generic_cases() -> tuple[dict[str, str], ...]:
    raw = resources.files("fairwarning.analysis").joinpath("data/generic_qi_cases.json").read_text("utf-8")
    return tuple(json.loads(raw)["cases"])


def generic_standard_ids(conn: sqlite3.Connection) -> set[int]:
    """Stored opinions that only state the general QI standard (Harlow, Saucier, Pearson, al-Kidd, ...)."""
    cases = _generic_cases()
    out = set(queries.resolve_cites(conn, (case["us_cite"] for case in cases)).values())
    named = " OR ".join(["lower(case_name) LIKE ?"] * len(cases))
    rows = conn.execute(
        f"SELECT id FROM opinions WHERE court_id = 'scotus' AND ({named})",
        tuple(f"%{case['name_pattern']}%" for case in cases),
    ).fetchall()
    return out | {int(r[0]) for r in rows}


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


Ranker = Callable[..., list[Ranked]]
RANKERS: dict[str, Ranker] = {"fairwarning": rank_fairwarning, "bm25": rank_bm25}


def rank(conn: sqlite3.Connection, q: RetrievalQuery, *, ranker: str = "fairwarning", limit: int = 20) -> list[Ranked]:
    """Rank stored opinions decided before ``q.conduct_date`` for the narrative, best first."""
    try:
        fn = RANKERS[ranker]
    except KeyError:
        raise InputError(f"unknown ranker {ranker!r}; valid rankers: {', '.join(RANKERS)}") from None
    return fn(conn, q, limit=limit)
