"""How qualified immunity runs across courts, rights and years, measured on the stored per-right rulings.

The unit is a **decision**: one opinion's ruling on qualified immunity for one right (a row of
``label_rulings`` with ``qi_decided``). One pass over the filtered rulings fills every grouping; each share is a
:class:`~fairwarning.system.stats.Rate` (count, denominator, share, 95% Wilson interval, and a note when the
denominator is under :data:`~fairwarning.system.stats.MIN_DECISIONS`). The measures (:data:`MEASURES`):

- ``granted`` / ``denied`` / ``mixed``: the ruling's QI outcome, of decisions.
- ``skip_of_grants``: grants (outcome ``granted``) on prong 2 without deciding prong 1 (``merits_skipped``), of
  grants; ``skip_of_decisions``: every ruling with ``merits_skipped`` (also a partial grant), of decisions.
- ``violation_when_reached``: prong 1 found a violation (``violation``, or ``mixed``: on part of the claim), of the
  decisions that reached prong 1.
- ``interlocutory``: officials' appeals of a QI denial before final judgment, of the decisions that are appeals
  (the opinion-level ``interlocutory`` is true or false; null means not an appeal or unclear).

The **stock of clearly-established law** (:func:`stock`) per circuit x right: the cumulative count, by year, of
holdings that found a violation (any ruling, QI or not: a criminal court suppressing evidence can clearly
establish the law), published, by a court whose published decisions control in that circuit
(:func:`fairwarning.doctrine.controlling_courts`: the Supreme Court, the circuit itself, and in the Eleventh the
former Fifth Circuit before October 1, 1981; a state's highest court binds only cases from that state, so it is
left out of a circuit-wide stock). Holdings of unknown publication are counted apart (a gap, not a zero).

Groupings (:data:`GROUPS`): circuit, right, year, era (before Saucier / Saucier / Pearson, from the leading
cases' decision dates), stage, official_type (a ruling counts under each official type of its opinion), publication
and court. Filters: court, right, decision dates.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fairwarning.corpus.store import Store
from fairwarning.doctrine import circuits, controlling_courts, leading_case
from fairwarning.errors import InputError
from fairwarning.labeler.model import LABELER_VERSION
from fairwarning.system._rows import (
    Filters,
    RulingRow,
    circuit_of,
    court_circuits,
    iter_rows,
    last_year,
    make_filters,
    outcome_counts,
)
from fairwarning.system.stats import MIN_DECISIONS, Rate, rate

__all__ = [
    "GROUPS",
    "MEASURES",
    "Tally",
    "analytics",
    "eras",
    "group_keys",
    "opinion_summary",
    "stock",
    "tabulate",
]

GROUPS = ("circuit", "right", "year", "era", "stage", "official_type", "publication", "court")
MEASURES = ("granted", "denied", "mixed", "skip_of_grants", "skip_of_decisions", "violation_when_reached",
            "interlocutory")
_DEFAULT_BY: tuple[tuple[str, ...], ...] = (("circuit",), ("right",), ("year",), ("era",))


@lru_cache(maxsize=1)
def eras() -> tuple[tuple[str, dt.date | None], ...]:
    """(era, first day) in order: ``before_saucier``, ``saucier`` (prong 1 first was mandatory), ``pearson``
    (either prong first), from the decision dates of Saucier v. Katz and Pearson v. Callahan in the leading cases."""
    return (("before_saucier", None), ("saucier", leading_case("saucier-v-katz").date_decided),
            ("pearson", leading_case("pearson-v-callahan").date_decided))


@lru_cache(maxsize=65536)
def era_of(date_decided: str | None) -> str:
    if not date_decided:
        return "unknown"
    day = dt.date.fromisoformat(date_decided[:10])
    name = "unknown"
    for era, start in eras():
        if start is None or day >= start:
            name = era
    return name


@dataclass
class Tally:
    """Counts over decisions, from which every measure is a :class:`Rate`."""

    decisions: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    skipped: int = 0
    skipped_grants: int = 0
    reached: int = 0
    violations: int = 0
    appeals: int = 0
    interlocutory: int = 0
    opinions: int = 0  # distinct opinions: rows arrive in opinion id order (iter_rows), so a change is a new one
    _last: int = -1

    def add(self, row: RulingRow) -> None:
        self.decisions += 1
        if row.opinion_id != self._last:
            self.opinions += 1
            self._last = row.opinion_id
        self.outcomes[row.qi_outcome or "none"] += 1
        self.skipped += row.merits_skipped
        self.skipped_grants += row.merits_skipped and row.qi_outcome == "granted"
        if row.prong1 != "not_reached":
            self.reached += 1
            self.violations += row.prong1 in ("violation", "mixed")
        if row.interlocutory is not None:
            self.appeals += 1
            self.interlocutory += row.interlocutory

    def measures(self) -> dict[str, Rate]:
        grants = self.outcomes["granted"]
        return {
            "granted": rate(grants, self.decisions),
            "denied": rate(self.outcomes["denied"], self.decisions),
            "mixed": rate(self.outcomes["mixed"], self.decisions),
            "skip_of_grants": rate(self.skipped_grants, grants, of="grants"),
            "skip_of_decisions": rate(self.skipped, self.decisions),
            "violation_when_reached": rate(self.violations, self.reached, of="decisions reaching prong 1"),
            "interlocutory": rate(self.interlocutory, self.appeals, of="appeals"),
        }

    def to_json(self) -> dict[str, Any]:
        return {"decisions": self.decisions, "opinions": self.opinions,
                **{k: v.to_json() for k, v in self.measures().items()}}


def _values(row: RulingRow, group: str) -> Sequence[str]:
    if group == "circuit":
        return (row.circuit,)
    if group == "right":
        return (row.right,)
    if group == "year":
        return (row.year,)
    if group == "era":
        return (era_of(row.date_decided),)
    if group == "stage":
        return (row.stage or "unknown",)
    if group == "official_type":
        return row.official_types or ("unknown",)
    if group == "publication":
        return ("unknown" if row.published is None else "published" if row.published else "unpublished",)
    return (row.court or "unknown",)


def group_keys(row: RulingRow, by: Sequence[str]) -> list[tuple[str, ...]]:
    """The group keys of a ruling for grouping ``by`` (several when an opinion names several official types)."""
    keys: list[tuple[str, ...]] = [()]
    for g in by:
        keys = [k + (v,) for k in keys for v in _values(row, g)]
    return keys


def _check_by(by: Iterable[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    out = []
    for grouping in by:
        bad = [g for g in grouping if g not in GROUPS]
        if bad or not grouping:
            raise InputError(f"unknown grouping {','.join(grouping)!r}; group by any of: {', '.join(GROUPS)} "
                             "(comma-separated for a cross-tabulation, e.g. circuit,year)")
        out.append(tuple(grouping))
    return tuple(out)


def tabulate(rows: Iterable[RulingRow], by: Sequence[Sequence[str]] = _DEFAULT_BY) -> tuple[Tally, dict[tuple[str, ...], dict[tuple[str, ...], Tally]]]:
    """One pass over QI rulings (in opinion id order, as :func:`iter_rows` yields them): the overall
    :class:`Tally` and one per group key of each grouping in ``by``."""
    groupings = _check_by(by)
    overall = Tally()
    tables: dict[tuple[str, ...], dict[tuple[str, ...], Tally]] = {g: defaultdict(Tally) for g in groupings}
    for row in rows:
        if not row.qi_decided:
            continue
        overall.add(row)
        for g in groupings:
            for key in group_keys(row, g):
                tables[g][key].add(row)
    return overall, tables


def _order(grouping: tuple[str, ...], key: tuple[str, ...]) -> tuple[Any, ...]:
    order = {e: i for i, (e, _) in enumerate(eras())}
    return tuple((order.get(v, len(order)), v) if g == "era" else (0, v) for g, v in zip(grouping, key, strict=True))


def _group_json(grouping: tuple[str, ...], table: dict[tuple[str, ...], Tally]) -> dict[str, Any]:
    keys = sorted(table, key=lambda k: _order(grouping, k))
    rows = [{**dict(zip(grouping, key, strict=True)), **table[key].to_json()} for key in keys]
    return {"by": list(grouping), "rows": rows}


def _stock_targets(store: Store, filters: Filters, version: str) -> list[str]:
    if filters.court is not None:
        target = circuit_of(filters.court, filters.until)
        return sorted(court_circuits(store, version=version)) if target in ("scotus", "unknown") else [target]
    return sorted(court_circuits(store, version=version))


def stock(store: Store, filters: Filters | None = None, *, version: str = LABELER_VERSION) -> dict[str, Any]:
    """The stock of clearly-established law per circuit x right, by year (see the module docstring).

    The circuits are those of ``filters.court`` (or, without it, of every court in the store); the right and
    ``until`` filters apply to the holdings, ``since`` only to the years shown (the stock before it is carried).
    """
    filters = filters or Filters()
    targets = _stock_targets(store, filters, version)
    ctrl = {c: {cc.court_id: cc.decided_before for cc in controlling_courts(c)} for c in targets}
    added: Counter[tuple[str, str, int]] = Counter()
    unknown: Counter[tuple[str, str, int]] = Counter()
    holdings_filter = Filters(right=filters.right, until=filters.until)
    for row in iter_rows(store, holdings_filter, holdings_only=True, version=version):
        if not row.court or not row.date_decided:
            continue
        day, year = dt.date.fromisoformat(row.date_decided[:10]), int(row.date_decided[:4])
        for c in targets:
            if row.court not in ctrl[c]:
                continue
            cutoff = ctrl[c][row.court]
            if cutoff is not None and day >= cutoff:
                continue
            if row.published:
                added[(c, row.right, year)] += 1
            elif row.published is None:
                unknown[(c, row.right, year)] += 1
    return _stock_rows(targets, added, unknown, filters, last_year(store, until=filters.until, version=version))


def _stock_rows(targets: list[str], added: Counter[tuple[str, str, int]], unknown: Counter[tuple[str, str, int]],
                filters: Filters, latest: int | None) -> dict[str, Any]:
    years = [k[2] for k in (*added, *unknown)]
    rows: list[dict[str, Any]] = []
    if years:
        first = max(min(years), int(filters.since[:4])) if filters.since else min(years)
        last = max(max(years), latest or 0, first)
        pairs = sorted({(c, r) for c, r, _ in (*added, *unknown)})
        for c, r in pairs:
            total = sum(v for (cc, rr, y), v in added.items() if cc == c and rr == r and y < first)
            gap = sum(v for (cc, rr, y), v in unknown.items() if cc == c and rr == r and y < first)
            for year in range(first, last + 1):
                total += added[(c, r, year)]
                gap += unknown[(c, r, year)]
                rows.append({"circuit": c, "right": r, "year": year, "added": added[(c, r, year)], "stock": total,
                             "unknown_publication": gap})
    return {
        "circuits": targets,
        "definition": "cumulative count of published holdings that found a violation (prong 1 violation or mixed), "
                      "by courts whose published decisions control in the circuit (Supreme Court, the circuit, "
                      "and for ca11 the former Fifth Circuit before 1981-10-01); unknown_publication counts the "
                      "holdings of unknown publication status apart",
        "rows": rows,
    }


def analytics(
    store: Store,
    *,
    by: Sequence[Sequence[str]] = _DEFAULT_BY,
    court: str | None = None,
    right: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    version: str = LABELER_VERSION,
) -> dict[str, Any]:
    """The system view as JSON-able data: filters, definitions, the summary, one table per grouping in ``by``,
    the decisions before/after Pearson, and the stock of clearly-established law."""
    filters = make_filters(court=court, right=right, since=since, until=until)
    groupings = _check_by(by)
    all_by = tuple(dict.fromkeys((*groupings, ("era",))))
    overall, tables = tabulate(iter_rows(store, filters, qi_only=True, version=version), all_by)
    return {
        "filters": filters.to_json(),
        "labeler_version": version,
        "unit": "decision: one opinion's qualified-immunity ruling on one right (label_rulings, qi_decided)",
        "min_decisions": MIN_DECISIONS,
        "interval": "95% Wilson score interval",
        "measures": _definitions(),
        "summary": overall.to_json(),
        "opinions": opinion_summary(store, filters, version=version),
        "groups": [_group_json(g, tables[g]) for g in groupings],
        "eras": {"starts": {e: (d.isoformat() if d else None) for e, d in eras()},
                 "rows": _group_json(("era",), tables[("era",)])["rows"]},
        "stock": stock(store, filters, version=version),
        "circuit_names": circuits(),
    }


def opinion_summary(store: Store, filters: Filters, *, version: str = LABELER_VERSION) -> dict[str, Any]:
    """Opinion-level outcome shares (the unit of most published studies): an opinion with QI rulings on the
    filtered right(s) is ``granted`` when every such ruling granted, ``denied`` when every one denied, else
    ``mixed`` (the gold schema's opinion-level definition)."""
    counts: Counter[str] = Counter()
    for _, outcome, n in outcome_counts(store, unit="opinion", since=filters.since, until=filters.until,
                                        rights=[filters.right] if filters.right else None, court=filters.court,
                                        version=version):
        counts[outcome] += n
    total = sum(counts.values())
    return {"opinions": total, **{o: rate(counts[o], total, of="opinions").to_json()
                                  for o in ("granted", "denied", "mixed")}}


def _definitions() -> dict[str, str]:
    return {
        "granted": "QI granted on the right, of decisions",
        "denied": "QI denied on the right, of decisions",
        "mixed": "granted for some defendants or parts of the claim and denied for others, of decisions",
        "skip_of_grants": "grants on prong 2 without deciding prong 1 (merits_skipped), of grants",
        "skip_of_decisions": "rulings that skipped prong 1 (merits_skipped, also partial grants), of decisions",
        "violation_when_reached": "prong 1 found a violation (violation or mixed), of decisions that reached prong 1",
        "interlocutory": "interlocutory appeals by officials, of decisions that are appeals (interlocutory known)",
    }
