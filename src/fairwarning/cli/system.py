"""CLI commands for the system view: ``fairwarning analytics`` and ``fairwarning simulate`` (thin: parse, call,
format). Files are written whole or not at all (to a temporary name, then renamed)."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from fairwarning.cli._app import DbOption, app, db_path, err_console, print_json

__all__ = ["analytics_command", "simulate_command"]

out = Console(highlight=False, soft_wrap=False, width=200)
_MEASURES_SHOWN = ("granted", "denied", "mixed", "skip_of_grants", "skip_of_decisions", "violation_when_reached",
                   "interlocutory")
_CSV_KEYS = ("table", "circuit", "right", "year", "era", "stage", "official_type", "publication", "court",
             "decisions", "measure", "count", "n", "rate", "low", "high", "note")

CourtOption = Annotated[str | None, typer.Option("--court", help="Only rulings of this courts-db court id.")]
RightOption = Annotated[str | None, typer.Option("--right", help="Only rulings on this right id.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="Decided on or after (YYYY, YYYY-MM or YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Decided on or before (YYYY, YYYY-MM or YYYY-MM-DD).")]
PlotsOption = Annotated[Path | None, typer.Option("--plots", help="Write the plots (PNG and SVG) to this directory.")]


def _write_atomic(path: Path, data: bytes) -> None:
    from fairwarning.errors import InputError

    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _flat_rows(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Tidy rows: one per (table, group, measure), and the stock rows."""
    tables: list[tuple[str, dict[str, Any], dict[str, Any]]] = [("summary", {}, data["summary"])]
    for g in data["groups"]:
        tables += [(",".join(g["by"]), {k: r[k] for k in g["by"]}, r) for r in g["rows"]]
    for name, keys, row in tables:
        for m in _MEASURES_SHOWN:
            yield {"table": name, **keys, "decisions": row["decisions"], "measure": m, **row[m]}
    for r in data["stock"]["rows"]:
        for m in ("added", "stock", "unknown_publication"):
            yield {"table": "stock", "circuit": r["circuit"], "right": r["right"], "year": r["year"], "measure": m,
                   "count": r[m]}


def _csv_bytes(rows: Iterator[dict[str, Any]]) -> bytes:
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(_CSV_KEYS), lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in _CSV_KEYS})
    return buf.getvalue().encode("utf-8")


def _parquet_bytes(rows: list[dict[str, Any]]) -> bytes:
    from fairwarning.errors import InputError

    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise InputError("parquet output needs pyarrow: install fairwarning[parquet]") from exc
    import io

    cols = {k: [None if r.get(k) is None else (str(r[k]) if k == "year" else r[k]) for r in rows] for k in _CSV_KEYS}
    buf = io.BytesIO()
    pq.write_table(pa.table(cols), buf)
    return buf.getvalue()


def _print_tables(data: dict[str, Any], benchmarks: list[dict[str, Any]]) -> None:
    f = {k: v for k, v in data["filters"].items() if v}
    out.print(f"[bold]Qualified immunity as a system[/] — labels {data['labeler_version']}; "
              f"{', '.join(f'{k}={v}' for k, v in f.items()) or 'all stored rulings'}")
    out.print(f"unit: {data['unit']}; {data['interval']}; cells under {data['min_decisions']} show counts only")
    tables = [("summary", [], [data["summary"]])] + [(",".join(g["by"]), g["by"], g["rows"]) for g in data["groups"]]
    for name, keys, rows in tables:
        t = Table(title=f"by {name}" if keys else "all decisions", title_justify="left")
        for k in [*keys, "decisions", *_MEASURES_SHOWN]:
            t.add_column(k.replace("_", " "), overflow="fold")
        for r in rows:
            from fairwarning.system.stats import Rate

            cells = [Rate(**{k: r[m][k] for k in ("count", "n", "rate", "low", "high", "note")}).cell()
                     for m in _MEASURES_SHOWN]
            t.add_row(*[str(r[k]) for k in keys], str(r["decisions"]), *cells)
        out.print(t)
    _print_stock(data["stock"])
    _print_benchmarks(benchmarks)


def _print_stock(st: dict[str, Any]) -> None:
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for r in st["rows"]:
        latest[(r["circuit"], r["right"])] = r
    t = Table(title="stock of clearly-established law (latest year)", title_justify="left")
    for c in ("circuit", "right", "year", "stock", "unknown publication"):
        t.add_column(c)
    for (c, right), r in sorted(latest.items()):
        t.add_row(c, right, str(r["year"]), str(r["stock"]), str(r["unknown_publication"]))
    out.print(t)
    out.print(f"[dim]{st['definition']}[/]")


def _print_benchmarks(rows: list[dict[str, Any]]) -> None:
    from fairwarning.system.stats import Rate

    t = Table(title="published figures beside the store's comparable slice", title_justify="left")
    for c in ("figure", "published (n)", "store", "source", "verified"):
        t.add_column(c, overflow="fold")
    for b in rows:
        pub = f"{100 * b['published']['value']:g}% (n={b['published']['n'] or 'not stated'})"
        rate = b["store"].get("rate")
        store = Rate(**rate).cell() if rate else "not comparable"
        t.add_row(b["label"], pub, store, b["source"], "yes" if b["verified"] else "no (see --json)")
    out.print(t)
    out.print("[dim]scope differences and verification notes: --json (benchmarks)[/]")


@app.command("analytics")
def analytics_command(
    db: DbOption = None,
    by: Annotated[list[str] | None, typer.Option(
        "--by", help="Group by circuit, right, year, era, stage, official_type, publication or court; "
                     "comma-separated for a cross-tabulation (circuit,year); repeatable. Default: circuit, right, "
                     "year, era.")] = None,
    court: CourtOption = None,
    right: RightOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print everything as JSON (with the benchmarks).")] = False,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Also write tidy rows to this CSV file.")] = None,
    parquet_path: Annotated[Path | None, typer.Option("--parquet", help="Also write tidy rows to this Parquet file.")] = None,
    plots_dir: PlotsOption = None,
) -> None:
    """QI decisions, outcome shares, merits skipping, violation rate, interlocutory appeals and the stock of
    clearly-established law, grouped and filtered, each share with its count and 95% interval."""
    from fairwarning.corpus.store import Store
    from fairwarning.system import plots
    from fairwarning.system.analytics import analytics
    from fairwarning.system.benchmarks import compare_benchmarks

    groupings = [tuple(p.strip() for p in b.split(",") if p.strip()) for b in by] if by else None
    with Store(db_path(db), readonly=True) as store:
        kwargs: dict[str, Any] = {"court": court, "right": right, "since": since, "until": until}
        data = analytics(store, **kwargs) if groupings is None else analytics(store, by=groupings, **kwargs)
        bench = compare_benchmarks(store)
        plot_data = analytics(store, by=plots.BY_FOR_PLOTS, **kwargs) if plots_dir else None
    if csv_path is not None:
        _write_atomic(csv_path, _csv_bytes(_flat_rows(data)))
    if parquet_path is not None:
        _write_atomic(parquet_path, _parquet_bytes(list(_flat_rows(data))))
    if plot_data is not None and plots_dir is not None:
        for name in plots.PLOTS:
            for fmt in plots.FORMATS:
                _write_atomic(plots_dir / f"{name}.{fmt}", plots.render(name, plot_data, fmt))
        err_console.print(f"wrote {len(plots.PLOTS) * len(plots.FORMATS)} plot files to {plots_dir}")
    if as_json:
        print_json({**data, "benchmarks": bench})
        return
    _print_tables(data, bench)


@app.command("simulate")
def simulate_command(
    db: DbOption = None,
    regime: Annotated[str, typer.Option(
        "--regime", help="saucier, pearson, abolition or state-reform; comma-separated to compare several.")] = "pearson",
    obvious_case: Annotated[bool, typer.Option(
        "--obvious-case", help="Let obvious violations be clearly established without a precedent on point "
                               "(the share measured in the labels).")] = False,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same output.")] = 0,
    years: Annotated[int, typer.Option("--years", help="Years to simulate after the last stored decision.")] = 20,
    runs: Annotated[int, typer.Option("--runs", help="Seeded runs (the bands are their 2.5-97.5 percentiles).")] = 200,
    specificity: Annotated[str, typer.Option(
        "--specificity", help="How specific a precedent must be: the chance one holding is NOT on point; "
                              "comma-separated values are swept.")] = "0.5,0.8,0.95",
    reform_date: Annotated[str | None, typer.Option(
        "--reform-date", help="state-reform: claims from this date (YYYY-MM-DD) have a state remedy without QI "
                              "(default: Colorado SB 20-217's effective date).")] = None,
    backtest_year: Annotated[int | None, typer.Option(
        "--backtest-year", help="Fit on decisions before this year and predict after it (default: the year "
                                "splitting the post-Pearson decisions most evenly).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    plots_dir: PlotsOption = None,
) -> None:
    """Simulate clearly-established law accumulating per circuit x right under a QI regime, with parameters
    estimated from the labels, bands across seeded runs, and a backtest."""
    from fairwarning.corpus.store import Store
    from fairwarning.errors import InputError
    from fairwarning.system import plots
    from fairwarning.system.simulate import simulate

    try:
        sweep = tuple(float(s) for s in specificity.split(",") if s.strip())
    except ValueError as exc:
        raise InputError(f"--specificity {specificity!r}: give numbers in [0, 1), e.g. 0.5,0.8") from exc
    regimes = [r.strip() for r in regime.split(",") if r.strip()]
    with Store(db_path(db), readonly=True) as store:
        results = [simulate(store, regime=r, seed=seed, years=years, runs=runs, specificity=sweep,
                            obvious_case=obvious_case, reform_date=reform_date, backtest_year=backtest_year)
                   for r in regimes]
    if plots_dir is not None:
        for fmt in plots.FORMATS:
            _write_atomic(plots_dir / f"simulation.{fmt}", plots.simulation(results, fmt))
        err_console.print(f"wrote simulation.png and simulation.svg to {plots_dir}")
    if as_json:
        print_json(results[0] if len(results) == 1 else {"regimes": results})
        return
    _print_simulation(results)


def _band(b: dict[str, Any], pct: bool = True) -> str:
    if b["median"] is None:
        return "—"
    f = (lambda x: f"{100 * x:.1f}%") if pct else (lambda x: f"{x:g}")
    return f"{f(b['median'])} [{f(b['low'])}–{f(b['high'])}]"


def _print_simulation(results: list[dict[str, Any]]) -> None:
    first = results[0]
    t = Table(title="parameters (from the labels)", title_justify="left")
    for c in ("parameter", "posterior", "mean", "from"):
        t.add_column(c, overflow="fold")
    for name, p in first["parameters"].items():
        src = p["source"]
        t.add_row(name, p["distribution"], f"{p['mean']:g}", f"{src['count']}/{src['n']} {src['counted']}")
    out.print(t)
    t = Table(title=f"after {first['years']} years ({first['runs']} runs, seed {first['seed']}): median [95% band]",
              title_justify="left")
    for c in ("regime", "specificity", "stock", "grant rate", "skip of grants", "remedy share"):
        t.add_column(c)
    for res in results:
        for sweep in res["results"]:
            end = sweep["series"][-1]
            t.add_row(res["regime"] + (" + obvious" if res["obvious_case"] else ""), str(sweep["specificity"]),
                      _band(end["stock"], pct=False), _band(end["grant_rate"]), _band(end["skip_of_grants"]),
                      _band(end["remedy_share"]))
    out.print(t)
    bt = first["backtest"]
    if bt and "strict" in bt:
        out.print(f"backtest: fitted before {bt['year']}, {bt['observed_decisions']} decisions observed "
                  f"{bt['observed_years'][0]}-{bt['observed_years'][1]} ({bt['regime']})")
        for variant in ("strict", "obvious_case"):
            for m in ("grant_rate", "skip_of_grants"):
                x = bt[variant][m]
                o = x["observed"]
                out.print(f"  {variant:12} {m:15} predicted {_band(x['predicted'])}, observed {o['count']}/{o['n']}"
                          f" -> error {x['error']:+.3f}" if x["error"] is not None else
                          f"  {variant:12} {m:15} nothing observed")
    elif bt:
        out.print(f"backtest: {bt['note']}")
