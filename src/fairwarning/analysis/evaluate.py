"""Retrieval evaluation (protocol: ``../shared/eval/README.md``).

A query is a stored opinion whose label says it decides qualified immunity. Its facts section, with citations
and case names removed, is the narrative; its decision date is the conduct date; its court is the forum; its
labeled rights are the claims. The relevant set is the stored opinions it cites (resolved citations), minus the
generic QI-standard cases (packaged ``data/generic_qi_cases.json``) and itself. Queries with an empty relevant set
are skipped and counted. Every ranker in :data:`~fairwarning.analysis.retrieval.RANKERS` runs on the same queries.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from fairwarning.analysis import queries
from fairwarning.analysis.retrieval import RANKERS, RetrievalQuery, generic_standard_ids, rank

__all__ = ["EvalQuery", "RankerScores", "RetrievalReport", "build_queries", "facts_section", "evaluate_retrieval"]

KS = (5, 10, 20)
_HEADING_START = re.compile(
    r"^[ \t]*(?:[IVX]+\.|[A-Z]\.)?[ \t]*(?:FACTUAL[ \t]+(?:AND[ \t]+PROCEDURAL[ \t]+)?BACKGROUND|BACKGROUND|"
    r"FACTS(?:[ \t]+AND[ \t]+PROCEDURAL[ \t]+HISTORY)?|STATEMENT[ \t]+OF[ \t]+(?:THE[ \t]+)?FACTS|"
    r"(?:I\.[ \t]+)?(?:Factual[ \t]+)?Background|(?:The[ \t]+)?Facts)[ \t.:]*$",
    re.MULTILINE,
)
_HEADING_END = re.compile(
    r"^[ \t]*(?:(?:II|III)\.?[ \t]*\S*|DISCUSSION|ANALYSIS|STANDARD[ \t]+OF[ \t]+REVIEW|Discussion|Analysis|"
    r"Standard[ \t]+of[ \t]+Review)[ \t.:]*$",
    re.MULTILINE,
)
_CASE_NAME = re.compile(r"(?:[A-Z][\w'&-]*,?\s+){1,5}v\.\s+(?:[A-Z][\w'&-]*\.?,?\s*){1,6}")
_LEFTOVER = re.compile(r"\b(?:Id\.|id\.|supra|infra)(?:\s+at\s+\d+)?|\(\s*(?:\d+(?:st|nd|rd|th)\s+Cir\.\s*)?\d{4}\s*\)")


@dataclass(frozen=True)
class EvalQuery:
    opinion_id: int
    query: RetrievalQuery
    relevant: frozenset[int]


@dataclass(frozen=True)
class RankerScores:
    ranker: str
    recall: dict[int, float]
    mrr: float


@dataclass(frozen=True)
class RetrievalReport:
    queries: int
    skipped_no_relevant: int
    labeled_qi_opinions: int
    scores: tuple[RankerScores, ...]
    per_query: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "queries": self.queries,
            "skipped_no_relevant": self.skipped_no_relevant,
            "labeled_qi_opinions": self.labeled_qi_opinions,
            "rankers": {
                s.ranker: {**{f"recall@{k}": round(v, 4) for k, v in s.recall.items()}, "mrr": round(s.mrr, 4)}
                for s in self.scores
            },
            "per_query": self.per_query,
        }


def facts_section(text: str, citation_spans: list[tuple[int, int]]) -> str:
    """The background/facts section of an opinion with citations and case names blanked out.
    Without a recognizable heading: the first third of the text after the caption."""
    start_m = _HEADING_START.search(text)
    if start_m:
        start = start_m.end()
        end_m = _HEADING_END.search(text, start + 200)
        end = end_m.start() if end_m else min(len(text), start + 12000)
    else:
        start = min(len(text), 1500)
        end = max(start, len(text) // 3)
    chars = list(text[start:end])
    for s, e in citation_spans:
        for i in range(max(s, start), min(e, end)):
            chars[i - start] = " "
    section = "".join(chars)
    section = _CASE_NAME.sub(" ", section)
    return _LEFTOVER.sub(" ", section)


def build_queries(conn: sqlite3.Connection) -> tuple[list[EvalQuery], int, int]:
    """(queries, skipped for an empty relevant set, labeled QI opinions)."""
    labels = queries.labels_for(conn, queries.labeled_opinion_ids(conn))
    qi_ids = sorted(oid for oid, lab in labels.items() if lab.fields.get("qi_decided"))
    meta = queries.opinion_meta(conn, qi_ids)
    generic = generic_standard_ids(conn)
    out, skipped = [], 0
    for oid in qi_ids:
        m = meta.get(oid)
        if m is None or not m.date_decided or not m.court_id:
            skipped += 1
            continue
        relevant = frozenset(queries.cited_ids(conn, oid) - generic - {oid})
        if not relevant:
            skipped += 1
            continue
        narrative = facts_section(queries.opinion_text(conn, oid), queries.citation_spans(conn, oid))
        q = RetrievalQuery(
            narrative=narrative,
            conduct_date=dt.date.fromisoformat(m.date_decided),
            place=m.court_id,
            rights=tuple(labels[oid].fields.get("rights") or ()),
            exclude=frozenset({oid}),
        )
        out.append(EvalQuery(oid, q, relevant))
    return out, skipped, len(qi_ids)


def _score(ranked: list[int], relevant: frozenset[int]) -> tuple[dict[int, float], float]:
    recall = {k: len(relevant & set(ranked[:k])) / len(relevant) for k in KS}
    rr = next((1.0 / (i + 1) for i, oid in enumerate(ranked) if oid in relevant), 0.0)
    return recall, rr


def evaluate_retrieval(conn: sqlite3.Connection, rankers: tuple[str, ...] = tuple(RANKERS)) -> RetrievalReport:
    evq, skipped, n_qi = build_queries(conn)
    sums = {r: {k: 0.0 for k in KS} for r in rankers}
    mrr = dict.fromkeys(rankers, 0.0)
    per_query = []
    for item in evq:
        row: dict[str, Any] = {"opinion_id": item.opinion_id, "relevant": sorted(item.relevant)}
        for r in rankers:
            ids = [x.opinion_id for x in rank(conn, item.query, ranker=r, limit=max(KS))]
            recall, rr = _score(ids, item.relevant)
            for k in KS:
                sums[r][k] += recall[k]
            mrr[r] += rr
            row[r] = {"recall@10": round(recall[10], 4), "rr": round(rr, 4), "top5": ids[:5]}
        per_query.append(row)
    n = len(evq) or 1
    scores = tuple(RankerScores(r, {k: sums[r][k] / n for k in KS}, mrr[r] / n) for r in rankers)
    return RetrievalReport(len(evq), skipped, n_qi, scores, per_query)
