"""The system view on the labeled shared-corpus store: analytics (checked against an independent recount from
``fairwarning export labels``), intervals, plots, packaged benchmarks, and the simulator (seeded, traceable to
the labels, saucier > pearson)."""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fairwarning.cli import app
from fairwarning.errors import InputError
from test_analysis_support import labeled_store

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db(corpus_db: Path) -> Path:
    return labeled_store(corpus_db)


def _json(args: list[str]) -> Any:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _export(db: Path) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["export", "labels", "--db", str(db), "--format", "jsonl", "--qi-only"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _wilson(k: int, n: int) -> tuple[float, float]:
    """Written out again here (not imported) so the recount does not use the system module."""
    z = 1.96
    p = k / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n), (centre + spread) / (1 + z * z / n)


def _check_rate(got: dict[str, Any], k: int, n: int) -> None:
    assert (got["count"], got["n"]) == (k, n)
    lo, hi = _wilson(k, n)
    assert got["rate"] == pytest.approx(k / n, abs=1e-4)
    assert got["low"] == pytest.approx(max(lo, 0.0), abs=1e-3) and got["high"] == pytest.approx(min(hi, 1.0), abs=1e-3)
    assert (got["note"] is not None) == (n < 10)


def test_analytics_json_matches_a_recount_of_the_exported_labels(db: Path) -> None:
    data = _json(["analytics", "--db", str(db), "--json", "--by", "right", "--by", "court", "--by", "year"])
    records = _export(db)
    assert len(records) > 20, "the shared corpus should hold QI opinions"
    # opinions and their outcomes (the export's opinion-level qi_outcome)
    outcomes = Counter(r["qi_outcome"] for r in records)
    assert data["opinions"]["opinions"] == len(records) == data["summary"]["opinions"]
    for o in ("granted", "denied", "mixed"):
        _check_rate(data["opinions"][o], outcomes[o], len(records))
    # per-right decisions: one per right an opinion deciding QI rules on
    by_right = {r["right"]: r for r in next(g for g in data["groups"] if g["by"] == ["right"])["rows"]}
    per_right = Counter(right for r in records for right in r["rights"])
    assert {k: v["decisions"] for k, v in by_right.items()} == dict(per_right)
    assert data["summary"]["decisions"] == sum(per_right.values())
    for right, row in by_right.items():
        mine = [r for r in records if right in r["rights"]]
        appeals = [r for r in mine if r["interlocutory"] is not None]
        if appeals:
            _check_rate(row["interlocutory"], sum(bool(r["interlocutory"]) for r in appeals), len(appeals))
    # per court and per year: the opinions counted
    for key, group in (("court", ["court"]), ("date_decided", ["year"])):
        rows = next(g for g in data["groups"] if g["by"] == group)["rows"]
        got = {r[group[0]]: r["opinions"] for r in rows}
        want = Counter((r[key] or "unknown")[:4] if key == "date_decided" else (r[key] or "unknown") for r in records)
        assert got == dict(want)


def test_every_figure_has_its_count_and_interval(db: Path) -> None:
    data = _json(["analytics", "--db", str(db), "--json", "--by", "circuit,year", "--by", "official_type"])
    figures = [data["summary"], *(r for g in data["groups"] for r in g["rows"]), *data["eras"]["rows"]]
    seen = 0
    for row in figures:
        for m in data["measures"]:
            f = row[m]
            assert {"count", "n", "rate", "low", "high", "note"} <= set(f)
            if f["n"]:
                assert f["low"] <= f["rate"] <= f["high"]
                seen += 1
            else:
                assert f["rate"] is None and f["note"]
    assert seen > 50
    for b in data["benchmarks"]:
        assert b["published"]["value"] > 0 and "n" in b["published"] and b["differences"] and b["scope"]
        assert b["store"]["rate"] is not None or b["store"]["note"]


def test_filters_narrow_and_bad_filters_fail_cleanly(db: Path) -> None:
    all_data = _json(["analytics", "--db", str(db), "--json"])
    ca1 = _json(["analytics", "--db", str(db), "--json", "--court", "ca1", "--since", "2009-01-21"])
    assert 0 < ca1["summary"]["decisions"] < all_data["summary"]["decisions"]
    assert {r["circuit"] for g in ca1["groups"] for r in g["rows"] if "circuit" in r} == {"ca1"}
    assert all(r["year"] >= "2009" for g in ca1["groups"] for r in g["rows"] if "year" in r)
    for bad in (["--court", "nosuchcourt"], ["--right", "5A_takings"], ["--since", "2020-13-01"], ["--by", "color"]):
        result = runner.invoke(app, ["analytics", "--db", str(db), *bad])
        assert isinstance(result.exception, InputError), (bad, result.output)


def test_stock_counts_only_binding_published_violation_holdings(db: Path) -> None:
    import sqlite3

    data = _json(["analytics", "--db", str(db), "--json", "--court", "ca1"])
    rows = [r for r in data["stock"]["rows"] if r["circuit"] == "ca1"]
    assert rows and all(r["stock"] >= 0 for r in rows)
    final = {}
    for r in rows:
        final[r["right"]] = r["stock"]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    want = Counter(r for (r,) in conn.execute(
        "SELECT right FROM label_rulings WHERE prong1 IN ('violation', 'mixed') AND published = 1 "
        "AND court_id IN ('ca1', 'scotus')"))
    assert {k: v for k, v in final.items() if v} == dict(want)
    years = [r["year"] for r in rows if r["right"] == rows[0]["right"]]
    assert years == sorted(years) and [r["stock"] for r in rows if r["right"] == rows[0]["right"]] == sorted(
        r["stock"] for r in rows if r["right"] == rows[0]["right"])


def test_csv_parquet_and_plots_are_written(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["analytics", "--db", str(db), "--csv", str(out / "a.csv"), "--parquet",
                                 str(out / "a.parquet"), "--plots", str(out / "plots")])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((out / "a.csv").read_text())))
    assert rows[0]["table"] == "summary" and {r["measure"] for r in rows} >= {"granted", "skip_of_grants", "stock"}
    import pyarrow.parquet as pq

    assert pq.read_table(out / "a.parquet").num_rows == len(rows)
    from fairwarning.system.plots import PLOTS

    for name in PLOTS:
        assert (out / "plots" / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert b"<svg" in (out / "plots" / f"{name}.svg").read_bytes()[:2000]


def test_views_for_the_web(db: Path) -> None:
    from fairwarning.corpus.store import Store
    from fairwarning.system.views import PLOTS, system_plot, system_view

    with Store(db, readonly=True) as store:
        view = system_view(store, court="ca1")
        json.dumps(view)
        assert {"filters", "summary", "by_circuit", "by_right", "by_year", "stock", "benchmarks"} <= set(view)
        assert view["filters"]["court"] == "ca1"
        assert system_plot(store, PLOTS[0], fmt="svg").lstrip().startswith(b"<?xml")
        with pytest.raises(InputError):
            system_plot(store, "nope")


def test_benchmarks_are_canonical_valid_and_marked() -> None:
    from fairwarning.doctrine._data import canonical_json
    from fairwarning.system.benchmarks import benchmarks, data_files

    for ref in data_files():
        text = ref.read_text(encoding="utf-8")
        assert text == canonical_json(json.loads(text)), (
            f"{ref.name} is not canonical: run `uv run python -m fairwarning.system`")
    items = benchmarks()
    values = {(b["id"], f["label"]): f["value"] for b in items for f in b["figures"]}
    assert values[("ij-unaccountable-outcomes", "QI granted")] == 0.54
    assert values[("reuters-shielded-excessive-force", "favoured police, 2017-2019")] == 0.57
    assert values[("schwartz-2017-dismissals", "cases dismissed on qualified immunity")] == 0.039
    # none of the figures is in ../shared/background: each must say so rather than claim verification
    assert all(not b["verified"] and "background" in b["verification_note"] for b in items)


def test_benchmark_figures_are_not_in_the_background_texts(shared_dir: Path) -> None:
    """If a background text ever states a figure, its entry should be re-checked and marked verified."""
    texts = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in (shared_dir / "background").iterdir())
    assert texts.strip(), "the background texts are missing"
    for needle in ("54%", "0.02%", "3.9%", "44%", "57%", "Unaccountable", "Shielded"):
        assert needle not in texts, f"{needle!r} is in the background texts: verify the benchmark and mark it"


def test_simulate_is_reproducible_traceable_and_saucier_outgrows_pearson(db: Path) -> None:
    args = ["simulate", "--db", str(db), "--seed", "7", "--runs", "300", "--years", "30", "--specificity", "0.8",
            "--json"]
    sau = _json([*args, "--regime", "saucier"])
    again = _json([*args, "--regime", "saucier"])
    assert sau == again
    pea = _json([*args, "--regime", "pearson"])
    other_seed = _json([*args[:-1], "--seed", "8", "--regime", "saucier", "--json"])
    assert other_seed["results"] != sau["results"]
    # parameters trace to the labels: posterior = flat prior + the counts shown
    records = _export(db)
    assert records
    for name, p in sau["parameters"].items():
        src = p["source"]
        assert 0 <= src["count"] <= src["n"] and src["counted"]
        if p["distribution"].startswith("Beta"):
            assert p["distribution"] == f"Beta({1 + src['count']}, {1 + src['n'] - src['count']})", name
    vr = sau["parameters"]["violation_rate"]["source"]
    assert vr["n"] > 0
    # the doctrine's prediction: deciding the merits first builds precedent faster
    end_s = sau["results"][0]["series"][-1]["stock"]["median"]
    end_p = pea["results"][0]["series"][-1]["stock"]["median"]
    assert end_s > end_p
    assert all(x["skip_of_grants"]["median"] == 0 for x in sau["results"][0]["series"])
    assert pea["results"][0]["series"][0]["skip_of_grants"]["median"] > 0
    bt = sau["backtest"]
    assert bt["observed_decisions"] > 0
    for variant in ("strict", "obvious_case"):
        assert bt[variant]["grant_rate"]["error"] is not None


def test_abolition_and_reform_give_remedies(db: Path) -> None:
    base = ["simulate", "--db", str(db), "--seed", "1", "--runs", "100", "--specificity", "0.8", "--json"]
    abol = _json([*base, "--regime", "abolition"])
    reform = _json([*base, "--regime", "state-reform", "--reform-date", "2020-06-19"])
    pea = _json([*base, "--regime", "pearson"])
    assert all(x["grant_rate"]["median"] == 0 for x in abol["results"][0]["series"])
    late = [x for x in reform["results"][0]["series"] if x["year"] > 2020]
    late_p = [x for x in pea["results"][0]["series"] if x["year"] > 2020]
    assert late and late[-1]["remedy_share"]["median"] > late_p[-1]["remedy_share"]["median"]
    bad = runner.invoke(app, [*base, "--regime", "utopia"])
    assert isinstance(bad.exception, InputError) and "saucier" in str(bad.exception)


@pytest.mark.parametrize("k,n,low,high", [
    (5, 10, 0.2366, 0.7634),   # Wilson (1927) interval, z = 1.96
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
    (54, 100, 0.4426, 0.6344),
])
def test_wilson_interval(k: int, n: int, low: float, high: float) -> None:
    from fairwarning.system.stats import rate, wilson

    assert wilson(k, n) == pytest.approx((low, high), abs=1e-4)
    r = rate(k, n)
    assert (r.count, r.n, r.note is None) == (k, n, n >= 10)
    assert rate(0, 0).rate is None and rate(0, 0).note


def _tiny_store(path: Path, rulings: list[tuple[str, str, str, int | None]]) -> None:
    """A store holding only per-right rulings: (court, date, prong1, published) on 4A_excessive_force."""
    from fairwarning.corpus.store import Store
    from fairwarning.labeler import LABELER_VERSION

    with Store(path) as store, store.transaction() as conn:
        for i, (court, date, prong1, published) in enumerate(rulings, start=1):
            conn.execute("INSERT INTO opinions (id, text_hash, court_id, date_decided, text) VALUES (?, ?, ?, ?, '')",
                         (i, f"h{i}", court, date))
            conn.execute("INSERT INTO label_rulings (opinion_id, labeler_version, right, qi_decided, qi_outcome, "
                         "prong1, prong2, merits_skipped, court_id, date_decided, published, evidence) VALUES "
                         "(?, ?, '4A_excessive_force', 1, 'denied', ?, 'clearly_established', 0, ?, ?, ?, '[]')",
                         (i, LABELER_VERSION, prong1, court, date, published))


def test_stock_follows_the_binding_authority_rules(tmp_path: Path) -> None:
    """Eleventh Circuit: its own and the Supreme Court's published violation holdings count, and the former Fifth
    Circuit's only before October 1, 1981 (Bonner); district courts, unpublished opinions, other circuits and
    no-violation rulings do not; unknown publication is counted apart."""
    from fairwarning.corpus.store import Store
    from fairwarning.system._rows import make_filters
    from fairwarning.system.analytics import stock

    db = tmp_path / "tiny.db"
    _tiny_store(db, [
        ("ca5", "1980-05-01", "violation", 1),     # counts in ca11 (Bonner)
        ("ca5", "1982-05-01", "violation", 1),     # after the split: not in ca11
        ("ca11", "1990-01-02", "violation", 1),    # counts
        ("ca11", "1991-01-02", "violation", 0),    # unpublished: no
        ("ca11", "1992-01-02", "violation", None),  # unknown publication: apart
        ("ca11", "1993-01-02", "no_violation", 1),  # no violation: no
        ("flsd", "1994-01-02", "violation", 1),    # district court: no
        ("ca9", "1995-01-02", "violation", 1),     # another circuit: no
        ("scotus", "1996-01-02", "mixed", 1),      # Supreme Court, violation on part: counts
    ])
    with Store(db, readonly=True) as store:
        rows = stock(store, make_filters(court="ca11"))["rows"]
    by_year = {r["year"]: (r["stock"], r["unknown_publication"]) for r in rows if r["circuit"] == "ca11"}
    assert by_year[1980] == (1, 0)
    assert by_year[1989] == (1, 0)
    assert by_year[1990] == (2, 0)
    assert by_year[1992] == (2, 1)
    assert by_year[1995] == (2, 1)
    assert by_year[1996] == (3, 1)
