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


# ---- scenario evaluation (../shared/eval/README.md, "scenarios/") ---------------------------------------------

@dataclass(frozen=True)
class ScenarioReport:
    name: str
    relevance: float | None  # share of listed pre-conduct precedents ruling on a claimed right or leading for it
    citable: float | None  # share of listed precedents with a citable citation
    listed: int
    words: int  # memo words before the appendix (memo.memo_words)
    checks: tuple[tuple[str, bool, str], ...]  # (expectation, passed, detail)
    claims: int = 1  # claimed rights: the word limit (memo.WORD_LIMIT) is for one-claim incidents

    @property
    def over_length(self) -> bool:
        """A one-claim memo over the issue-9 limit (~1,500 words before the appendix)."""
        from fairwarning.analysis.memo import WORD_LIMIT

        return self.claims == 1 and self.words > WORD_LIMIT

    @property
    def passed(self) -> bool:
        return all(ok for _, ok, _ in self.checks)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "relevance": self.relevance, "citable": self.citable, "listed": self.listed,
                "words": self.words, "claims": self.claims,
                "over_length": self.over_length, "passed": self.passed,
                "checks": [{"expectation": e, "passed": ok, "detail": d} for e, ok, d in self.checks]}


def _controlling_ok(court: str, date: str | None, allowed: list[str]) -> bool:
    if court in allowed:
        return True
    return "ca5_pre_1981" in allowed and court == "ca5" and bool(date) and str(date) < "1981-10-01"


def _read_scenario(path: Any) -> tuple[Any, dict[str, Any]]:
    """(incident, expectations) of a scenario file."""
    import yaml

    from fairwarning.analysis.incident import parse_incident
    from fairwarning.errors import InputError

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the scenario: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: a scenario is a mapping (incident keys plus `expect:`)")
    expect = dict(data.pop("expect", None) or {})
    try:
        return parse_incident(data), expect
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from exc


def evaluate_scenario(store: Any, path: Any) -> ScenarioReport:
    """Run one scenario file (an incident plus an ``expect:`` block) and check every expectation."""
    from fairwarning.analysis.engine import analyze

    incident, expect = _read_scenario(path)
    return _check_scenario(path.stem, incident, expect, analyze(incident, store))


def _check_scenario(name: str, incident: Any, expect: dict[str, Any], result: Any) -> ScenarioReport:
    from fairwarning.analysis.cases import CITABLE
    from fairwarning.analysis.memo import memo_words, render_memo

    md = str(render_memo(result, "md"))
    words = memo_words(md)
    on = incident.conduct_date.isoformat()
    claims = set(incident.claims)
    leading_names = {c.name.lower() for cl in result.claims for c in cl.leading_cases}
    ps = result.precedents
    before = [p for p in ps if not p.after_conduct]
    relevant = [p for p in before if claims & (set(p.holdings) | set(p.claims)) or
                (p.leading_case and any(n in p.leading_case.lower() for n in leading_names))]
    relevance = len(relevant) / len(before) if before else None
    citable = sum(1 for p in ps if CITABLE.match(p.citation or "")) / len(ps) if ps else None
    names = [p.reference.lower() for p in ps] + [p.case_name.lower() for p in ps] + sorted(leading_names)
    checks: list[tuple[str, bool, str]] = []
    floor = float(expect.get("min_relevance", 0.9))
    checks.append((f"relevance >= {floor}", relevance is None or relevance >= floor,
                   f"{len(relevant)}/{len(before)} listed pre-conduct precedents relevant"))
    bad_cite = [p.reference for p in ps if not CITABLE.match(p.citation or "")]
    checks.append(("every listed precedent citable", not bad_cite, "; ".join(bad_cite) or f"{len(ps)} citable"))
    bad_flag = [p.reference for p in ps if not p.date_decided or p.after_conduct != (p.date_decided >= on)]
    checks.append(("decision date and after-conduct flag agree", not bad_flag, "; ".join(bad_flag) or "ok"))
    if "controlling_courts" in expect:
        allowed = [str(c) for c in expect["controlling_courts"]]
        wrong = [p.reference for p in ps if p.authority == "controlling" and
                 not _controlling_ok(p.court, p.date_decided, allowed)]
        checks.append((f"controlling courts within {allowed}", not wrong, "; ".join(wrong) or "ok"))
    if len(incident.claims) == 1:
        from fairwarning.analysis.memo import WORD_LIMIT

        checks.append((f"one-claim memo at most {WORD_LIMIT} words before the appendix", words <= WORD_LIMIT,
                       f"{words} words"))
    for n in expect.get("must_include_names") or []:
        checks.append((f"includes {n!r}", any(str(n).lower() in x for x in names), ""))
    for n in expect.get("must_not_include_names") or []:
        checks.append((f"does not include {n!r}", not any(str(n).lower() in x for x in names), ""))
    for n in expect.get("after_conduct_names") or []:
        hits = [p for p in ps if str(n).lower() in p.reference.lower()]
        lead = [c for cl in result.claims for c in cl.leading_cases if str(n).lower() in c.display.lower()]
        ok = bool(hits or lead) and all(p.after_conduct for p in hits) and all(c.after_conduct for c in lead)
        checks.append((f"{n!r} flagged as decided after the conduct", ok, "" if hits or lead else "not listed"))
    applying = {r.name for r in result.reforms if r.applies == "yes"}
    codes = {"CO": "Colorado", "NM": "New Mexico", "CT": "Connecticut", "NYC": "New York City"}
    for code in expect.get("reforms") or []:
        want = codes.get(str(code), str(code))
        checks.append((f"reform {code} presented as applying", any(want in n for n in applying), ", ".join(applying)))
    if expect.get("no_reforms"):
        checks.append(("no reform presented as applying", not applying, ", ".join(applying) or "none"))
    for avenue in expect.get("avenues") or []:
        if avenue == "monell":
            checks.append(("Monell avenue presented", result.monell.shown, ""))
        else:
            checks.append((f"avenue {avenue}", False, "unknown avenue"))
    return ScenarioReport(name, relevance, citable, len(ps), words, tuple(checks), len(incident.claims))


def evaluate_scenarios(store: Any, directory: Any) -> list[ScenarioReport]:
    from fairwarning.errors import InputError

    files = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    if not files:
        raise InputError(f"{directory}: no scenario files (*.yaml)")
    return [evaluate_scenario(store, f) for f in files]


# ---- relevance-floor calibration (docs/relevance-floor.md) ------------------------------------------------------

#: the floors swept (similarity normalized to the best candidate, 0..1)
FLOORS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7)


@dataclass(frozen=True)
class FloorRow:
    floor: float
    scenarios: int
    scenarios_passed: int  # every expectation met (relevance, citability, names, courts, length...)
    relevance: float | None  # mean scenario relevance (README's definition)
    must_include: float | None  # share of the scenarios' must_include_names listed
    scenario_listed: int  # listed pre-conduct precedents, all scenarios
    queries: int
    query_recall: float | None  # mean share of a query's cited in-store precedents listed before its date
    query_precision: float | None  # share of listed pre-conduct precedents the query opinion cites
    query_listed: float | None  # mean listed pre-conduct precedents per query
    sensitive_cited: int = 0  # listed cited precedents the floor can drop (not controlling, not a leading case)
    sensitive_cited_at_0: int = 0  # ... of those listed at floor 0 (what a floor can lose)
    sensitive_uncited: int = 0  # listed precedents the floor can drop that the query opinion does not cite
    scenario_sensitive: int = 0  # scenario precedents listed that the floor can drop

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def _query_incident(conn: sqlite3.Connection, q: EvalQuery) -> Any:
    """A retrieval query as an incident: its facts section, date, court and labeled rights (README protocol)."""
    from fairwarning.analysis.incident import parse_incident
    from fairwarning.errors import InputError

    label = queries.labels_for(conn, [q.opinion_id]).get(q.opinion_id)
    officials = list(label.fields.get("official_type") or []) if label else []
    try:
        return parse_incident({"conduct_date": q.query.conduct_date.isoformat(), "place": q.query.place,
                               "officials": officials or ["other_state_or_local"], "claims": list(q.query.rights),
                               "facts": " ".join(q.query.narrative.split())})
    except InputError:
        return None  # e.g. no labeled right, or a court the incident format does not take: counted as skipped


def sweep_floor(store: Any, directory: Any, floors: tuple[float, ...] = FLOORS) -> tuple[list[FloorRow], int]:
    """Every floor in ``floors`` over the dev scenarios in ``directory`` and the retrieval queries of the store's
    labels: (rows, queries skipped). Candidates are found once per incident; only the floor varies."""
    from fairwarning.analysis.engine import analyze_at_floors
    from fairwarning.errors import InputError

    files = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    if not files:
        raise InputError(f"{directory}: no scenario files (*.yaml)")
    per_floor: dict[float, list[ScenarioReport]] = {f: [] for f in floors}
    include: dict[float, list[bool]] = {f: [] for f in floors}
    sensitive_listed: dict[float, list[int]] = {f: [] for f in floors}
    if floors[0] != 0.0:
        raise InputError("the floor sweep starts at 0.0 (the baseline every floor is compared with)")
    for path in files:
        incident, expect = _read_scenario(path)
        for f, result in analyze_at_floors(incident, store, floors).items():
            per_floor[f].append(_check_scenario(path.stem, incident, expect, result))
            names = [p.reference.lower() for p in result.precedents] + [p.case_name.lower() for p in result.precedents]
            sensitive_listed[f].append(sum(1 for p in result.precedents if not p.after_conduct and _floor_sensitive(p)))
            include[f] += [any(str(n).lower() in x for x in names) for n in expect.get("must_include_names") or []]
    evq, _, _ = build_queries(store.conn)
    sens_hits: dict[float, set[tuple[int, int]]] = {f: set() for f in floors}
    sens_noise: dict[float, int] = {f: 0 for f in floors}
    recall: dict[float, list[float]] = {f: [] for f in floors}
    hits: dict[float, int] = {f: 0 for f in floors}
    listed: dict[float, int] = {f: 0 for f in floors}
    skipped = 0
    for q in evq:
        incident = _query_incident(store.conn, q)
        if incident is None:
            skipped += 1
            continue
        for f, result in analyze_at_floors(incident, store, floors).items():
            before = {i for p in result.precedents if not p.after_conduct
                      for i in (p.opinion_id, *p.sources) if p.opinion_id != q.opinion_id}
            found = q.relevant & before
            recall[f].append(len(found) / len(q.relevant))
            n = sum(1 for p in result.precedents if not p.after_conduct and p.opinion_id != q.opinion_id)
            listed[f] += n
            hits[f] += sum(1 for p in result.precedents if not p.after_conduct and p.opinion_id != q.opinion_id
                           and q.relevant & {p.opinion_id, *p.sources})
            for p in result.precedents:
                if p.after_conduct or p.opinion_id == q.opinion_id or not _floor_sensitive(p):
                    continue
                if q.relevant & {p.opinion_id, *p.sources}:
                    sens_hits[f].add((q.opinion_id, p.opinion_id))
                else:
                    sens_noise[f] += 1
    rows = []
    for f in floors:
        reps = per_floor[f]
        rels = [r.relevance for r in reps if r.relevance is not None]
        nq = len(recall[f])
        rows.append(FloorRow(
            floor=f, scenarios=len(reps), scenarios_passed=sum(r.passed for r in reps),
            relevance=sum(rels) / len(rels) if rels else None,
            must_include=sum(include[f]) / len(include[f]) if include[f] else None,
            scenario_listed=sum(r.listed for r in reps), queries=nq,
            query_recall=sum(recall[f]) / nq if nq else None,
            query_precision=hits[f] / listed[f] if listed[f] else None,
            query_listed=listed[f] / nq if nq else None,
            sensitive_cited=len(sens_hits[f] & sens_hits[floors[0]]), sensitive_cited_at_0=len(sens_hits[floors[0]]),
            sensitive_uncited=sens_noise[f],
            scenario_sensitive=sum(sensitive_listed[f])))
    return rows, skipped


def _floor_sensitive(p: Any) -> bool:
    """A listed precedent the relevance floor applies to (assess.select: not controlling, not a leading case)."""
    return p.authority != "controlling" and not p.leading_case


def choose_floor(rows: list[FloorRow]) -> FloorRow | None:
    """The calibration rule (docs/relevance-floor.md): among the floors (in increasing order) up to the first one
    that loses a dev expectation or a cited precedent the floor can drop (a listed, non-controlling, non-leading
    precedent the query opinion cites, listed at floor 0), the one that drops the most uncited such precedents;
    ties go to the lower floor (the least filtering that achieves it). None when floor 0 itself fails."""
    kept: list[FloorRow] = []
    for r in sorted(rows, key=lambda r: r.floor):
        if r.scenarios_passed < r.scenarios or r.sensitive_cited < r.sensitive_cited_at_0:
            break
        kept.append(r)
    return min(kept, key=lambda r: (r.sensitive_uncited, r.floor)) if kept else None
