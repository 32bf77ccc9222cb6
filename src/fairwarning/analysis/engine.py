"""``analyze(incident, store)``: the I/O edge that gathers store rows and doctrine tables, then calls the pure
:func:`~fairwarning.analysis.assess.assess`."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from fairwarning.analysis import _domain, queries
from fairwarning.analysis.assess import Candidate, Context, assess
from fairwarning.analysis.citeguard import mask_cached, mask_unresolved
from fairwarning.analysis.incident import Incident
from fairwarning.analysis.result import AnalysisResult, ControllingCourtRef, Evidence
from fairwarning.corpus.store import Store

__all__ = ["analyze", "Resolver", "ANALYSIS_WEIGHTS"]

_EVIDENCE_ORDER = ("prong2", "prong1", "merits_skipped", "qi_outcome", "qi_decided", "rights")
_MAX_QUOTE = 420
_MONELL_NAMES = ("monell", "canton", "connick", "owen v. city")
_OBVIOUS_NAMES = ("hope v. pelzer", "taylor v. riojas")
_AFTER_LIMIT = 5
#: the memo is about the claimed rights: a precedent that rules on one of them ranks higher than in the
#: retrieval evaluation (whose relevant sets are citations, not rulings on the right); statements of the general
#: QI standard (Harlow, Saucier, ...) sink further: they are never on-point precedent for a memo
ANALYSIS_WEIGHTS = {"right": 1.0, "qi_ruling": 0.5, "generic": -2.0}


class Resolver:
    """Says whether a normalized citation resolves to a stored opinion or a leading case."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # leading cases (SCDB-checked) and the citations of the doctrine rules' sources (checked against the
        # rulebook), plus stored opinions
        from fairwarning.corpus.identity import inventory_cites
        from fairwarning.doctrine import rule_source_citations

        self.leading = {c.us_cite for c in _domain.all_leading_cases() if c.us_cite} | set(rule_source_citations())
        # reporter cites the ingested inventory gives for stored dockets (printed for merged case records)
        self.leading |= {c for v in inventory_cites(conn).values() for c in v}
        self._cache: dict[str, bool] = {}
        path = conn.execute("PRAGMA database_list").fetchone()[2] or f"memory:{id(conn)}"
        last = conn.execute("SELECT MAX(id) FROM opinions").fetchone()[0]
        self.key = f"{path}:{queries.opinion_count(conn)}:{last}"

    def __call__(self, cite: str) -> bool:
        if cite not in self._cache:
            self._cache[cite] = cite in self.leading or queries.resolve_cite(self.conn, cite) is not None
        return self._cache[cite]


def _masked_text(text: str, resolves: Resolver) -> str:
    return mask_cached(text, resolves, resolves.key)


def _evidence(items: list[dict[str, Any]], resolves: Resolver) -> tuple[Evidence, ...]:
    """Up to two quotes for the QI fields (in ``_EVIDENCE_ORDER``), with the label's offsets into the stored text.
    ``items`` are the stored label's evidence (:meth:`fairwarning.labeler.Evidence.to_dict`)."""
    rank_of = {k: i for i, k in enumerate(_EVIDENCE_ORDER)}
    out: list[Evidence] = []
    for item in sorted((it for it in items if it["field"] in rank_of), key=lambda it: rank_of[it["field"]]):
        quote = item["text"]
        if not quote.strip():
            continue
        shown = " ".join(quote.split())
        shown = shown if len(shown) <= _MAX_QUOTE else shown[: _MAX_QUOTE].rsplit(" ", 1)[0] + " [...]"
        out.append(Evidence(mask_unresolved(shown, resolves), item["start"], item["end"], item["field"]))
        if len(out) >= 2:
            break
    return tuple(out)


def _masked(a: _domain.AuthorityInfo, resolves: Resolver) -> _domain.AuthorityInfo:
    return replace(a, reason=mask_unresolved(a.reason, resolves), source=mask_unresolved(a.source, resolves))


def _binding_only(place: str, conduct: dt.date, circuit: str) -> tuple[bool, str]:
    """(binding courts only, note): true when the forum's circuit gives out-of-circuit decisions no role in
    clearly establishing the law — per the doctrine's authority rules or the packaged consensus rules."""
    consensus, note, source = _domain.consensus_rule(circuit)
    if not consensus:
        return True, f"{note} Source: {source}."
    other = "ca9" if circuit != "ca9" else "ca1"
    ruling = _domain.authority(other, "published", place, conduct, conduct - dt.timedelta(days=365))
    if ruling.authority != "persuasive":
        return True, f"Out-of-circuit decisions are {ruling.authority} here: {ruling.reason}"
    return False, ""


def _printed_cite(cites: list[str], leading_by_cite: dict[str, _domain.LeadingCaseInfo], name: str,
                  decided: dt.date | None) -> str:
    """The reporter citation a precedent is shown with: a verified leading-case cite, else the first U.S. Reports
    cite, else the first other cite — skipping any that SCDB assigns to another case ("" when none is left)."""
    lead = [c for c in cites if c in leading_by_cite]
    if lead:
        return lead[0]
    kept = [c for c in cites if not _domain.scdb_refutes_cite(name, c, decided)]
    us = [c for c in kept if _domain.is_us_reports(c)]
    return (us or kept or [""])[0]


def _select(cases: Iterable[_domain.LeadingCaseInfo], roles: set[str], names: tuple[str, ...]) -> tuple[_domain.LeadingCaseInfo, ...]:
    return tuple(c for c in cases if roles & set(c.roles) or any(n in c.name.lower() for n in names))


def _context(conn: sqlite3.Connection, incident: Incident, store_path: str, n_ops: int,
             resolves: Resolver) -> Context:
    place, on = incident.place, incident.conduct_date
    circuit = _domain.circuit_for_place(place)
    controlling = _domain.controlling_courts(place, on)
    unit_b = _domain.unit_b_court(place, on)
    if unit_b is not None:
        controlling += (unit_b,)
    ids = tuple(dict.fromkeys(c[0] for c in controlling))
    binding_only, binding_note = _binding_only(place, on, circuit)
    if binding_only and "ca5" in ids and circuit != "ca5":
        binding_note += (" The decisions of the former Fifth Circuit listed above (before October 1981, and Unit B "
                         "decisions issued after) bind the Eleventh Circuit as its own and count here.")
    coverage = queries.coverage(conn)
    everything = tuple(replace(c, holding=_masked_text(c.holding, resolves)) for c in _domain.all_leading_cases())
    found = queries.resolve_cites(conn, (c.us_cite for c in everything if c.us_cite))
    stored = {c.us_cite: found[c.us_cite] for c in everything if c.us_cite in found}
    return Context(
        circuit=circuit,
        controlling_courts=tuple(
            ControllingCourtRef(c, _domain.court_display_name(c), before.isoformat() if before else None,
                                rule, _masked_text(source, resolves))
            for c, before, rule, source in controlling
        ),
        binding_only=binding_only,
        binding_note=binding_note,
        coverage=coverage,
        court_years={c: queries.court_years(conn, c) for c in ids},
        leading_by_right={r: tuple(c for c in everything if r in c.rights) for r in incident.claims},
        monell_cases=_select(everything, {"municipal_liability"}, _MONELL_NAMES),
        obvious_cases=_select(everything, {"obvious_case"}, _OBVIOUS_NAMES),
        framework_cases=tuple(c for c in everything if {"qi_framework", "procedure"} & set(c.roles)
                              and "standard_setting" not in c.roles),
        cause_cases=tuple(c for c in everything if {"cause_of_action", "qi_unavailable"} & set(c.roles)
                          or c.name.startswith("Filarsky")),
        stored_leading=stored,
        reforms=_domain.reforms(place, on, incident.locality),
        store={"path": store_path, "opinions": n_ops, "labeled": queries.labeled_count(conn),
               "stale_labels": queries.stale_label_count(conn), **queries.store_facts(conn, coverage),
               "labeler_version": queries._current_version()},
    )


def analyze(incident: Incident, store: Store, *, ranker: str = "fairwarning", limit: int = 8) -> AnalysisResult:
    """Find and classify the precedents for an incident and assess each claim (see :mod:`fairwarning.analysis`).

    Candidates per claim come from the indexed per-right rulings (``label_rulings``) and the leading cases for the
    right; full-text ranking runs only over those candidates. ``ranker="bm25"`` ranks them by BM25 alone (no
    facts-section overlap). ``limit``: at most this many pre-conduct precedents listed per claim."""
    out = _analyze(incident, store, ranker, limit, None)
    assert isinstance(out, AnalysisResult)
    return out


def _analyze(incident: Incident, store: Store, ranker: str, limit: int,
             floors: tuple[float, ...] | None) -> AnalysisResult | dict[float, AnalysisResult]:
    from fairwarning.analysis import precedents
    from fairwarning.errors import InputError

    if ranker not in ("fairwarning", "bm25"):
        raise InputError(f"unknown ranker {ranker!r}; valid rankers: fairwarning, bm25")
    if limit < 1:
        raise InputError(f"limit must be at least 1 (got {limit})")
    conn = store.conn
    n_ops = queries.opinion_count(conn)
    resolves = Resolver(conn)
    leading_by_cite = {c.us_cite: c for c in _domain.all_leading_cases() if c.us_cite}
    ctx = _context(conn, incident, str(store.path), n_ops, resolves)
    found = precedents.find(store, incident, leading_by_cite, ctx.stored_leading, n_ops, resolves,
                            text_only=ranker == "bm25")
    ctx = replace(ctx, qi_courts_by_right=found.qi_courts_by_right, rulings_available=found.rulings_available,
                  limit=limit, pool_note=found.pool_note)
    if floors is not None:
        return {f: _assess_cited(conn, incident, found.candidates, replace(ctx, floor=f)) for f in floors}
    return _assess_cited(conn, incident, found.candidates, ctx)


def _assess_cited(conn: sqlite3.Connection, incident: Incident, candidates: list[Candidate],
                  ctx: Context) -> AnalysisResult:
    """The assessment; then, for the listed precedents stored without a reporter citation, the citation the
    opinions citing them give, and the assessment again with it (the citation takes no part in choosing, so the
    same precedents are listed)."""
    from fairwarning.analysis import precedents

    result = assess(incident, candidates, ctx)
    need = {p.opinion_id for p in result.precedents if p.citation_source in ("docket", "none")}
    if need:
        cited = precedents.cite_from_citing(conn, candidates, need)
        if cited != candidates:
            result = assess(incident, cited, ctx)
    return result


def analyze_at_floors(incident: Incident, store: Store, floors: Iterable[float]) -> dict[float, AnalysisResult]:
    """The analysis at each relevance floor (the candidates are found once): the calibration sweep of
    ``fairwarning eval floor``."""
    out = _analyze(incident, store, "fairwarning", 8, tuple(floors))
    assert isinstance(out, dict)
    return out
