"""Plots of the system view (matplotlib, Agg backend, PNG or SVG bytes), drawn from :func:`analytics` data.

Pure: each function takes the JSON-able data :func:`fairwarning.system.analytics.analytics` returns (with the
``circuit,year`` grouping) and returns the image bytes. Every share is drawn with its 95% Wilson interval;
cells under :data:`~fairwarning.system.stats.MIN_DECISIONS` decisions are drawn hollow and labeled with n.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from fairwarning.errors import InputError
from fairwarning.system.stats import MIN_DECISIONS, wilson

__all__ = ["FORMATS", "PLOTS", "BY_FOR_PLOTS", "render", "simulation"]

FORMATS = ("png", "svg")
#: the analytics plots, by name
PLOTS = ("grant_rate_by_circuit", "stock", "skip_by_era", "outcomes_by_circuit")
#: the groupings :func:`render` needs in the analytics data
BY_FOR_PLOTS: tuple[tuple[str, ...], ...] = (("circuit",), ("circuit", "year"))
#: years per point in the rates-over-time plot (a year of a sample store holds a handful of decisions)
PERIOD_YEARS = 5


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise InputError("plots need matplotlib: install fairwarning[analytics]") from exc
    return plt


def _save(fig: Any, fmt: str) -> bytes:
    buf = io.BytesIO()
    # no timestamps in the files, so the same data gives the same bytes
    meta = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buf, format=fmt, dpi=110, bbox_inches="tight", metadata=meta)
    _pyplot().close(fig)
    return buf.getvalue()


def _subtitle(data: dict[str, Any]) -> str:
    f = {k: v for k, v in data["filters"].items() if v}
    parts = [f"{k}={v}" for k, v in f.items()]
    return (f"labels {data['labeler_version']}; " + (", ".join(parts) if parts else "all stored rulings")
            + f"; 95% Wilson intervals; hollow: n < {MIN_DECISIONS}")


def _group(data: dict[str, Any], by: list[str]) -> list[dict[str, Any]]:
    for g in data["groups"]:
        if g["by"] == by:
            rows: list[dict[str, Any]] = g["rows"]
            return rows
    raise InputError(f"the analytics data has no {','.join(by)} grouping; compute it with by={BY_FOR_PLOTS}")


def _point(ax: Any, x: float, k: int, n: int, color: Any, label: str | None = None) -> None:
    lo, hi = wilson(k, n)
    p = k / n
    filled = n >= MIN_DECISIONS
    ax.errorbar([x], [p], yerr=[[max(0.0, p - lo)], [max(0.0, hi - p)]], fmt="o", color=color, capsize=3, label=label,
                markerfacecolor=color if filled else "white")
    if not filled:
        ax.annotate(f"n={n}", (x, p), textcoords="offset points", xytext=(4, 4), fontsize=7, color=color)


def grant_rate_by_circuit(data: dict[str, Any], fmt: str = "png") -> bytes:
    """Share of decisions granting QI, per circuit with at least :data:`MIN_DECISIONS` decisions, in periods of
    :data:`PERIOD_YEARS` years (the circuits left out are named under the plot with their counts)."""
    plt = _pyplot()
    sums: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for r in _group(data, ["circuit", "year"]):
        if r["year"] == "unknown":
            continue
        start = int(r["year"]) // PERIOD_YEARS * PERIOD_YEARS
        sums[r["circuit"]][start][0] += r["granted"]["count"]
        sums[r["circuit"]][start][1] += r["granted"]["n"]
    totals = {c: sum(n for _, n in p.values()) for c, p in sums.items()}
    shown = sorted(c for c, n in totals.items() if n >= MIN_DECISIONS)
    left_out = ", ".join(f"{c} (n={totals[c]})" for c in sorted(set(sums) - set(shown)))
    fig, ax = plt.subplots(figsize=(8, 4.5))
    colors = plt.get_cmap("tab10")
    for i, circuit in enumerate(shown):
        periods = sums[circuit]
        xs = sorted(periods)
        offset = (i - (len(shown) - 1) / 2) * 0.5
        for j, x in enumerate(xs):
            k, n = periods[x]
            _point(ax, x + PERIOD_YEARS / 2 + offset, k, n, colors(i % 10), circuit if j == 0 else None)
        ax.plot([x + PERIOD_YEARS / 2 + offset for x in xs], [periods[x][0] / periods[x][1] for x in xs],
                color=colors(i % 10), alpha=0.35, linestyle=":")
    ax.set_ylim(-0.02, 1.05)
    ax.set_ylabel("share of QI decisions granting QI")
    ax.set_xlabel(f"year decided ({PERIOD_YEARS}-year periods)")
    ax.set_title("Qualified immunity granted, by circuit over time", loc="left")
    note = _subtitle(data) + (f"\nnot drawn (fewer than {MIN_DECISIONS} decisions): {left_out}" if left_out else "")
    ax.text(0, -0.24, note, transform=ax.transAxes, fontsize=7, color="0.35", va="top")
    ax.legend(fontsize=8, ncol=2, frameon=False)
    return _save(fig, fmt)


def stock(data: dict[str, Any], fmt: str = "png") -> bytes:
    """The stock of clearly-established law: cumulative published violation holdings that bind in each circuit
    (all rights), and, for the circuit with the largest stock, per right."""
    plt = _pyplot()
    by_circuit: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    by_right: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for r in data["stock"]["rows"]:
        by_circuit[r["circuit"]][r["year"]] += r["stock"]
        by_right[(r["circuit"], r["right"])][r["year"]] = r["stock"]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.5), sharey=False)
    same: dict[tuple[tuple[int, int], ...], list[str]] = defaultdict(list)  # circuits with identical curves
    for circuit, series in sorted(by_circuit.items()):
        same[tuple(sorted(series.items()))].append(circuit)
    for curve, names in sorted(same.items(), key=lambda kv: kv[1]):
        a1.step([x for x, _ in curve], [v for _, v in curve], where="post", label=", ".join(names))
    a1.set_title("Binding published violation holdings, all rights", loc="left", fontsize=10)
    a1.set_xlabel("year")
    a1.set_ylabel("cumulative holdings (stock)")
    a1.legend(fontsize=8, frameon=False)
    if by_circuit:
        top = max(by_circuit, key=lambda c: max(by_circuit[c].values()))
        for (circuit, right), series in sorted(by_right.items()):
            if circuit == top and max(series.values()) > 0:
                xs = sorted(series)
                a2.step(xs, [series[x] for x in xs], where="post", label=right)
        a2.set_title(f"{top}, by right", loc="left", fontsize=10)
        a2.legend(fontsize=7, frameon=False)
    a2.set_xlabel("year")
    fig.suptitle("Stock of clearly-established law (Supreme Court + circuit, published, violation found)",
                 x=0.01, ha="left")
    fig.text(0.01, -0.03, _subtitle(data).split("; 95%")[0] + "; holdings of unknown publication not counted",
             fontsize=7, color="0.35")
    return _save(fig, fmt)


def skip_by_era(data: dict[str, Any], fmt: str = "png") -> bytes:
    """Merits skipping (as a share of grants and of decisions) before Saucier, under Saucier, under Pearson."""
    plt = _pyplot()
    rows = [r for r in data["eras"]["rows"] if r["era"] != "unknown"]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    colors = plt.get_cmap("tab10")
    for j, measure in enumerate(("skip_of_grants", "skip_of_decisions")):
        for i, r in enumerate(rows):
            m = r[measure]
            if m["n"]:
                _point(ax, i + (j - 0.5) * 0.25, m["count"], m["n"], colors(j),
                       measure.replace("_", " ") if i == 0 else None)
                ax.annotate(f"{m['count']}/{m['n']}", (i + (j - 0.5) * 0.25, m["high"]),
                            textcoords="offset points", xytext=(0, 4), ha="center", fontsize=7)
    starts = data["eras"]["starts"]
    ax.set_xticks(range(len(rows)), [f"{r['era']}\n({_era_span(r['era'], starts)})" for r in rows], fontsize=8)
    ax.set_ylim(-0.02, 1.1)
    ax.set_ylabel("share")
    ax.set_title("Grants on prong 2 without deciding prong 1, before and after Pearson", loc="left", fontsize=10)
    ax.text(0, -0.25, _subtitle(data), transform=ax.transAxes, fontsize=7, color="0.35")
    ax.legend(fontsize=8, frameon=False)
    return _save(fig, fmt)


def _era_span(era: str, starts: dict[str, str | None]) -> str:
    names = list(starts)
    later = [starts[e] for e in names[names.index(era) + 1:] if starts[e]] if era in names else []
    first = starts.get(era)
    if first and later:
        return f"from {first}\nbefore {later[0]}"
    return f"from {first}" if first else (f"before {later[0]}" if later else "")


def outcomes_by_circuit(data: dict[str, Any], fmt: str = "png") -> bytes:
    """Shares granted / denied / mixed per circuit, with intervals and n."""
    plt = _pyplot()
    rows = _group(data, ["circuit"])
    fig, ax = plt.subplots(figsize=(8, 4.2))
    colors = plt.get_cmap("tab10")
    for j, outcome in enumerate(("granted", "denied", "mixed")):
        for i, r in enumerate(rows):
            m = r[outcome]
            _point(ax, i + (j - 1) * 0.22, m["count"], m["n"], colors(j), outcome if i == 0 else None)
    ax.set_xticks(range(len(rows)), [f"{r['circuit']}\nn={r['decisions']}" for r in rows], fontsize=8)
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("share of QI decisions")
    ax.set_title("Qualified-immunity outcomes by circuit", loc="left", fontsize=10)
    ax.text(0, -0.22, _subtitle(data), transform=ax.transAxes, fontsize=7, color="0.35")
    ax.legend(fontsize=8, frameon=False)
    return _save(fig, fmt)


_DASHES = ("-", (0, (6, 3)), (0, (2, 2)), (0, (8, 3, 2, 3)))


def simulation(results: list[dict[str, Any]], fmt: str = "png") -> bytes:
    """Simulated stock, grant rate and share of claimants with a remedy over time: the median and the 95% band
    across seeded runs, one line per regime and swept specificity."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2))
    panels = (("stock", "stock of clearly-established law\n(binding published violation holdings, all cells)"),
              ("grant_rate", "share of decisions granting QI"), ("remedy_share", "share of claimants with a remedy"))
    colors = plt.get_cmap("tab10")
    i = 0
    for res in results:
        for sweep in res["results"]:
            label = f"{res['regime']}{' + obvious' if res['obvious_case'] else ''}, specificity {sweep['specificity']}"
            for ax, (key, title) in zip(axes, panels, strict=True):
                pts = [(p["year"], p[key]) for p in sweep["series"] if p[key]["median"] is not None]
                xs = [x for x, _ in pts]
                # regimes can coincide (abolition's stock is saucier's): distinct dashes keep each line visible
                ax.plot(xs, [b["median"] for _, b in pts], color=colors(i % 10), label=label,
                        linestyle=_DASHES[i % len(_DASHES)], linewidth=1.8)
                ax.fill_between(xs, [b["low"] for _, b in pts], [b["high"] for _, b in pts], color=colors(i % 10),
                                alpha=0.15, linewidth=0)
                ax.set_title(title, fontsize=9, loc="left")
                ax.set_xlabel("year")
            i += 1
    for ax in axes[1:]:
        ax.set_ylim(-0.02, 1.02)
    axes[0].legend(fontsize=7, frameon=False)
    first = results[0]
    fig.suptitle("Simulated precedent under qualified-immunity regimes (median, 95% band across runs)", x=0.01,
                 y=1.06, ha="left", fontsize=11)
    fig.text(0.01, -0.04, f"seed {first['seed']}, {first['runs']} runs, {len(first['cells'])} circuit x right cells "
             f"from labels {first['labeler_version']}; parameters estimated from the labels (see --json)",
             fontsize=7, color="0.35")
    return _save(fig, fmt)


_RENDERERS: dict[str, Callable[[dict[str, Any], str], bytes]] = {
    "grant_rate_by_circuit": grant_rate_by_circuit,
    "stock": stock,
    "skip_by_era": skip_by_era,
    "outcomes_by_circuit": outcomes_by_circuit,
}


def render(name: str, data: dict[str, Any], fmt: str = "png") -> bytes:
    """Plot ``name`` (one of :data:`PLOTS`) of analytics ``data`` as ``fmt`` (png or svg) bytes."""
    if name not in _RENDERERS:
        raise InputError(f"unknown plot {name!r}; valid: {', '.join(PLOTS)}")
    if fmt not in FORMATS:
        raise InputError(f"unknown image format {fmt!r}; valid: {', '.join(FORMATS)}")
    return _RENDERERS[name](data, fmt)
