"""A stochastic model of clearly-established law accumulating per circuit x right, under a chosen regime.

**The model.** The cells are the (circuit, right) pairs in which the store holds a lower-court QI decision; each
starts with the store's stock of clearly-established law (:func:`fairwarning.system.analytics.stock`) at the start
year. Each year each cell receives ``Poisson(decision_rate)`` QI decisions. For each decision:

- the law is clearly established with probability ``1 - (1 - o) * (1 - on_point) ** stock`` where ``on_point =
  1 - specificity`` is the chance that one binding holding is close enough on the facts (``specificity``: how
  specific a precedent must be to count, **swept**, not estimated: the labels do not say which precedents were on
  point) and ``o`` the obvious-case share (only with the ``obvious-case`` variant, else 0);
- the official violated the right with probability ``violation_rate``;
- ``saucier``: the court always decides prong 1; ``pearson``: it decides prong 1 with probability
  ``merits_reached`` (or must, when the law is clearly established: QI cannot be denied without a violation),
  otherwise grants on prong 2 alone (merits skipped); ``abolition``: no QI, the court decides the violation and
  liability follows it; ``state-reform``: ``pearson`` for § 1983, plus a state claim without QI for conduct
  from ``reform_date`` (it gives a remedy for a violation but, decided under state law, adds no federal precedent);
- a violation found on prong 1 becomes a binding precedent (stock + 1) when published (``publication_rate``);
- QI is denied when the law was clearly established and there was a violation; a claimant has a remedy when
  QI is denied (or there is no QI / a state claim) and there was a violation.

**Parameters** come from the labels, never typed in: each is a posterior (Beta for shares, Gamma for the rate,
from flat/Jeffreys priors) over the counts the JSON shows with their source, sampled once per run; runs are
seeded (``random.Random``), so one seed gives the same output; the cases are drawn from a stream that does not
depend on the regime (common random numbers), so regimes are compared on the same simulated cases. The rates are measured on decisions of
courts with a circuit (the Supreme Court's decisions are a different selection; its holdings are in the
starting stock). Mixed outcomes count as denials (QI denied on part of the claim).

**Backtest** (:func:`backtest`): fit on decisions before a year, simulate the years after it (``pearson`` from
Pearson v. Callahan's date, ``saucier`` before), and compare the predicted grant and skip rates with the decisions
actually stored after it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from fairwarning.corpus.store import Store
from fairwarning.doctrine import all_reforms, leading_case
from fairwarning.errors import InputError
from fairwarning.labeler.model import LABELER_VERSION
from fairwarning.system._rows import Filters, RulingRow, iter_rows
from fairwarning.system.analytics import stock
from fairwarning.system.stats import rate

__all__ = ["REGIMES", "DEFAULT_SPECIFICITY", "Parameters", "backtest", "default_backtest_year", "estimate",
           "simulate"]

REGIMES = ("saucier", "pearson", "abolition", "state-reform")
#: the swept specificity values when none is given: a precedent is on point with probability 1 - specificity
DEFAULT_SPECIFICITY = (0.5, 0.8, 0.95)
#: the reform whose effective date ``state-reform`` uses when no date is given
DEFAULT_REFORM = "co-sb-20-217"


@dataclass(frozen=True)
class Posterior:
    """A Beta(a, b) share or a Gamma(shape, rate) rate, with the counts it came from."""

    name: str
    kind: str  # "beta" | "gamma"
    a: float
    b: float
    source: dict[str, Any]

    def sample(self, rng: random.Random) -> float:
        return rng.betavariate(self.a, self.b) if self.kind == "beta" else rng.gammavariate(self.a, 1 / self.b)

    def mean(self) -> float:
        return self.a / (self.a + self.b) if self.kind == "beta" else self.a / self.b

    def to_json(self) -> dict[str, Any]:
        dist = f"Beta({self.a:g}, {self.b:g})" if self.kind == "beta" else f"Gamma(shape={self.a:g}, rate={self.b:g})"
        return {"distribution": dist, "mean": round(self.mean(), 4), "source": self.source}


@dataclass(frozen=True)
class Parameters:
    decision_rate: Posterior
    merits_reached: Posterior
    violation_rate: Posterior
    publication_rate: Posterior
    obvious_share: Posterior
    cells: tuple[tuple[str, str], ...]
    initial_stock: dict[tuple[str, str], int]
    start_year: int

    def to_json(self) -> dict[str, Any]:
        return {p.name: p.to_json() for p in (self.decision_rate, self.merits_reached, self.violation_rate,
                                              self.publication_rate, self.obvious_share)}


def _beta(name: str, k: int, n: int, what: str) -> Posterior:
    return Posterior(name, "beta", 1 + k, 1 + n - k, {"count": k, "n": n, "counted": what,
                                                       "observed": rate(k, n).to_json()})


def _lower_court(row: RulingRow) -> bool:
    return row.qi_decided and row.circuit not in ("scotus", "unknown") and row.date_decided is not None


def estimate(store: Store, *, before: str | None = None, version: str = LABELER_VERSION) -> Parameters:
    """The model's parameters from the stored decisions of lower courts decided before ``before`` (all if None)."""
    until = (dt.date.fromisoformat(before) - dt.timedelta(days=1)).isoformat() if before else None
    rows = [r for r in iter_rows(store, Filters(until=until), qi_only=True, version=version) if _lower_court(r)]
    if not rows:
        raise InputError("the store has no lower-court qualified-immunity decisions"
                         + (f" before {before}" if before else "") + ": label a store with QI opinions first")
    pearson = leading_case("pearson-v-callahan").date_decided.isoformat()
    post = [r for r in rows if r.date_decided and r.date_decided >= pearson]
    reached = [r for r in rows if r.prong1 != "not_reached"]
    years = [int(r.year) for r in rows]
    cells = tuple(sorted({(r.circuit, r.right) for r in rows}))
    span = max(years) - min(years) + 1
    st = stock(store, Filters(until=until), version=version)["rows"]
    level = {(s["circuit"], s["right"], s["year"]): s["stock"] for s in st}
    last = max(years)
    initial = {c: level.get((*c, last), 0) for c in cells}
    decided_p2 = [r for r in rows if r.prong2 in ("clearly_established", "not_clearly_established")]
    obvious = [r for r in decided_p2 if level.get((r.circuit, r.right, int(r.year) - 1), 0) == 0]
    known_pub = [r for r in reached if r.prong1 in ("violation", "mixed") and r.published is not None]
    return Parameters(
        decision_rate=Posterior("decision_rate", "gamma", 0.5 + len(rows), float(len(cells) * span), {
            "count": len(rows), "n": len(cells) * span,
            "counted": f"lower-court QI decisions per circuit x right cell-year ({len(cells)} cells x {span} years, "
                       f"{min(years)}-{max(years)})"}),
        merits_reached=_beta("merits_reached", sum(not r.merits_skipped for r in post), len(post),
                             f"decisions since Pearson ({pearson}) that did not skip the merits (merits_skipped "
                             "false: the measure the backtest predicts)"),
        violation_rate=_beta("violation_rate", sum(r.prong1 in ("violation", "mixed") for r in reached),
                             len(reached), "decisions reaching prong 1 that found a violation"),
        publication_rate=_beta("publication_rate", sum(bool(r.published) for r in known_pub), len(known_pub),
                               "violation holdings of known publication status that are published"),
        obvious_share=_beta("obvious_share", sum(r.prong2 == "clearly_established" for r in obvious), len(obvious),
                            "decisions ruling on prong 2 with no binding violation holding on the right in the "
                            "circuit before their year that found the law clearly established (obvious cases, or "
                            "binding precedent the store does not hold: on a sample store this share is inflated)"),
        cells=cells, initial_stock=initial, start_year=last + 1,
    )


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


@dataclass
class _Year:
    decisions: int = 0  # simulated decisions
    grants: int = 0  # of them, granted
    skipped: int = 0  # of them, granted with the merits skipped
    remedies: int = 0
    stock: int = 0  # at the end of the year
    # the model's expected shares at the start of the year (mean over cells): smooth, unlike a handful of draws
    p_grant: float = 0.0
    p_skip: float = 0.0  # skipped grants, of grants
    p_remedy: float = 0.0


def _expected(regime: str, levels: list[int], draw: dict[str, float], cover: float) -> tuple[float, float, float]:
    """(grant, skip-of-grants, remedy) probabilities of a decision, averaged over cells with stocks ``levels``."""
    v, r = draw["violation_rate"], draw["merits_reached"]
    grant = skip = remedy = 0.0
    for s in levels:
        ce = 1 - (1 - draw["obvious"]) * (1 - draw["on_point"]) ** s
        if regime == "abolition":
            remedy += v
            continue
        grant += 1 - ce * v
        skip += 0.0 if regime == "saucier" else (1 - ce) * (1 - r)
        remedy += v * (ce + (1 - ce) * cover)
    n = len(levels) or 1
    return grant / n, (skip / grant if grant else 0.0), remedy / n


def _decide(common: random.Random, choice: random.Random, regime: str, s: int, draw: dict[str, float],
            cover: float) -> tuple[bool, bool, bool, bool]:
    """One decision: (granted, merits skipped, new published holding, remedy). The case (clearly established?,
    violation?, published?, state claim?) is drawn from ``common`` in the same order under every regime, and the
    court's choice to reach the merits from ``choice``: the regimes are compared on the same cases."""
    ce = common.random() < 1 - (1 - draw["obvious"]) * (1 - draw["on_point"]) ** s
    violation = common.random() < draw["violation_rate"]
    published = common.random() < draw["publication_rate"]
    covered = common.random() < cover
    chose_merits = choice.random() < draw["merits_reached"]
    if regime == "abolition":
        return False, False, violation and published, violation
    reach = regime == "saucier" or ce or chose_merits
    granted = not (ce and violation)
    return granted, not reach, reach and violation and published, violation and (not granted or covered)


def _run(params: Parameters, regime: str, specificity: float, obvious: bool, years: int,
         rngs: tuple[random.Random, random.Random], reform_day: dt.date | None) -> list[_Year]:
    common, choice = rngs
    draw = {"decision_rate": params.decision_rate.sample(common), "merits_reached": params.merits_reached.sample(common),
            "violation_rate": params.violation_rate.sample(common),
            "publication_rate": params.publication_rate.sample(common),
            "obvious": params.obvious_share.sample(common) if obvious else 0.0, "on_point": 1 - specificity}
    level = dict(params.initial_stock)
    out = []
    for i in range(years):
        year, tally = params.start_year + i, _Year()
        cover = _covered_share(reform_day, year) if regime == "state-reform" else 0.0
        tally.p_grant, tally.p_skip, tally.p_remedy = _expected(regime, [level[c] for c in params.cells], draw, cover)
        for cell in params.cells:
            for _ in range(_poisson(common, draw["decision_rate"])):
                granted, skipped, holding, remedy = _decide(common, choice, regime, level[cell], draw, cover)
                tally.decisions += 1
                tally.grants += granted
                tally.skipped += skipped
                tally.remedies += remedy
                level[cell] += holding
        tally.stock = sum(level.values())
        out.append(tally)
    return out


def _rngs(*key: object) -> tuple[random.Random, random.Random]:
    """The two streams of a simulation, seeded from ``key`` (not from the regime: common random numbers)."""
    text = ":".join(str(k) for k in key)
    return random.Random(f"{text}:cases"), random.Random(f"{text}:choices")


def _covered_share(day: dt.date | None, year: int) -> float:
    """The share of ``year`` on or after the reform date (claims then have a state remedy)."""
    if day is None or year < day.year:
        return 0.0
    if year > day.year:
        return 1.0
    return 1 - (day - dt.date(year, 1, 1)).days / 365


def _band(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "low": None, "high": None, "runs": 0}
    v = sorted(values)
    q = statistics.quantiles(v, n=40, method="inclusive") if len(v) > 1 else [v[0]] * 39
    return {"median": round(statistics.median(v), 4), "low": round(q[0], 4), "high": round(q[-1], 4), "runs": len(v)}


def _series(runs: list[list[_Year]], start_year: int) -> list[dict[str, Any]]:
    out = []
    for i in range(len(runs[0])):
        ys = [r[i] for r in runs]
        out.append({
            "year": start_year + i,
            "stock": _band([y.stock for y in ys]),
            "decisions": _band([y.decisions for y in ys]),
            "grant_rate": _band([y.p_grant for y in ys]),
            "denial_rate": _band([1 - y.p_grant for y in ys]),
            "skip_of_grants": _band([y.p_skip for y in ys]),
            "remedy_share": _band([y.p_remedy for y in ys]),
            "simulated_grants": _band([y.grants for y in ys]),
            "simulated_remedies": _band([y.remedies for y in ys]),
        })
    return out


def _check(regime: str, specificity: tuple[float, ...], years: int, runs: int) -> None:
    if regime not in REGIMES:
        raise InputError(f"unknown regime {regime!r}; valid: {', '.join(REGIMES)}")
    bad = [s for s in specificity if not 0 <= s < 1]
    if bad or not specificity:
        raise InputError(f"specificity must be in [0, 1) (the chance a precedent is NOT on point); got {bad or 'none'}")
    if not 1 <= years <= 200 or not 1 <= runs <= 10000:
        raise InputError(f"years must be 1-200 and runs 1-10000; got years={years}, runs={runs}")


def _reform_day(reform_date: str | dt.date | None) -> dt.date:
    if reform_date is None:
        day = next(r.effective_from for r in all_reforms() if r.id == DEFAULT_REFORM)
        assert day is not None
        return day
    try:
        return reform_date if isinstance(reform_date, dt.date) else dt.date.fromisoformat(reform_date)
    except ValueError as exc:
        raise InputError(f"--reform-date {reform_date!r} is not a date (YYYY-MM-DD)") from exc


def simulate(store: Store, *, regime: str, seed: int, years: int = 20, runs: int = 200,
             specificity: tuple[float, ...] = DEFAULT_SPECIFICITY, obvious_case: bool = False,
             reform_date: str | dt.date | None = None, backtest_year: int | None = None,
             version: str = LABELER_VERSION) -> dict[str, Any]:
    """Simulate ``runs`` seeded runs of ``years`` years under ``regime`` for each swept ``specificity``; JSON-able
    result with the parameters (and their source counts), the series with 95% bands across runs, and a backtest."""
    _check(regime, specificity, years, runs)
    params = estimate(store, version=version)
    day = _reform_day(reform_date) if regime == "state-reform" else None
    results = []
    for s in specificity:
        rngs = _rngs(seed, s, obvious_case)
        sims = [_run(params, regime, s, obvious_case, years, rngs, day) for _ in range(runs)]
        results.append({"specificity": s, "on_point": round(1 - s, 4), "series": _series(sims, params.start_year)})
    return {
        "regime": regime, "obvious_case": obvious_case, "seed": seed, "runs": runs, "years": years,
        "start_year": params.start_year, "reform_date": day.isoformat() if day else None,
        "labeler_version": version,
        "cells": [list(c) for c in params.cells],
        "initial_stock": sum(params.initial_stock.values()),
        "parameters": params.to_json(),
        "specificity_note": "swept, not estimated: the chance a binding holding is NOT on point enough to clearly "
                            "establish the law for a new case (the labels do not record which precedents were on point)",
        "bands": "median and 2.5-97.5 percentiles across runs; grant_rate, denial_rate, skip_of_grants and "
                 "remedy_share are the model's expected shares in the year given each run's parameters and stock "
                 "(a year holds few simulated decisions); simulated_* are the counts drawn",
        "results": results,
        "backtest": backtest(store, year=backtest_year or default_backtest_year(store, version=version), seed=seed,
                             version=version),
    }


def default_backtest_year(store: Store, *, version: str = LABELER_VERSION) -> int:
    """The year that splits the stored lower-court decisions since Pearson most evenly into a fitting part
    (before the year) and a predicted part (from it on), at least a year after Pearson."""
    pearson = leading_case("pearson-v-callahan").date_decided
    years = sorted(int(r.year) for r in iter_rows(store, Filters(since=pearson.isoformat()), qi_only=True,
                                                   version=version) if _lower_court(r))
    candidates = range(pearson.year + 1, (years[-1] if years else pearson.year + 1) + 1)
    return min(candidates, key=lambda y: abs(sum(v < y for v in years) - sum(v >= y for v in years)))


def backtest(store: Store, *, year: int, seed: int = 0, runs: int = 200, specificity: float = 0.8,
             version: str = LABELER_VERSION) -> dict[str, Any]:
    """Fit on lower-court decisions before ``year``; predict the grant rate and the skip rate (skipped grants of
    grants) of the decisions stored from ``year`` on (the model's expected shares over those years, across runs),
    with and without the obvious-case share; report the error (predicted median - observed share), whether the
    observed share lies in the runs' 95% band, and whether the prediction lies in the observed Wilson interval."""
    cut = f"{year:04d}-01-01"
    params = estimate(store, before=cut, version=version)
    after = [r for r in iter_rows(store, Filters(since=cut), qi_only=True, version=version) if _lower_court(r)]
    if not after:
        return {"year": year, "note": f"no lower-court decisions stored from {year} on: nothing to compare"}
    last = max(int(r.year) for r in after)
    regime = "pearson" if cut >= leading_case("pearson-v-callahan").date_decided.isoformat() else "saucier"
    shifted = Parameters(**{**params.__dict__, "start_year": year})
    grants = Counter(r.qi_outcome for r in after)["granted"]
    skipped = sum(r.merits_skipped and r.qi_outcome == "granted" for r in after)
    observed = {"grant_rate": rate(grants, len(after)).to_json(),
                "skip_of_grants": rate(skipped, grants, of="grants").to_json()}
    out: dict[str, Any] = {"year": year, "regime": regime, "specificity": specificity, "fit": params.to_json(),
                           "observed_years": [year, last], "observed_decisions": len(after)}
    for variant, obvious in (("strict", False), ("obvious_case", True)):
        rngs = _rngs("backtest", seed, year, variant)
        sims = [_run(shifted, regime, specificity, obvious, last - year + 1, rngs, None) for _ in range(runs)]
        pred_grant = [statistics.fmean(y.p_grant for y in s) for s in sims]
        pred_skip = [statistics.fmean(y.p_skip for y in s) for s in sims]
        out[variant] = {"grant_rate": _compare(_band(pred_grant), observed["grant_rate"]),
                        "skip_of_grants": _compare(_band(pred_skip), observed["skip_of_grants"])}
    return out


def _compare(pred: dict[str, Any], observed: dict[str, Any]) -> dict[str, Any]:
    err = None if pred["median"] is None or observed["rate"] is None else round(pred["median"] - observed["rate"], 4)
    inside = None if err is None else pred["low"] <= observed["rate"] <= pred["high"]
    covered = None if err is None else observed["low"] <= pred["median"] <= observed["high"]
    return {"predicted": pred, "observed": observed, "error": err, "observed_within_band": inside,
            "prediction_within_observed_interval": covered}
