"""CLI: `fairwarning analyze` in every format, clear errors (exit 2), and `fairwarning eval retrieval`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from fairwarning.cli import app
from test_analysis_support import labeled_store

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "id-refusal-detention.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def db(corpus_db: Path) -> Path:
    return labeled_store(corpus_db)


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "json"])
def test_analyze_writes_each_format(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"memo.{fmt}"
    res = runner.invoke(app, ["analyze", str(EXAMPLE), "--db", str(db), "--format", fmt, "--out", str(out)])
    assert res.exit_code == 0, res.output
    data = out.read_bytes()
    if fmt == "docx":
        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    else:
        text = data.decode("utf-8")
    if fmt == "json":
        parsed = json.loads(text)
        assert parsed["claims"][0]["right"] == "4A_unlawful_detention"
        assert parsed["monell"]["shown"] is True
    else:
        assert "Brown v. Texas" in text and "Monell" in text


def test_analyze_from_flags_to_stdout(db: Path) -> None:
    res = runner.invoke(app, [
        "analyze", "--db", str(db), "--format", "json", "--conduct-date", "2012-03-02", "--place", "NH",
        "--official", "police", "--claim", "4A_excessive_force",
        "--facts", "An officer used a taser three times on a handcuffed man who was not resisting.",
    ])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["incident"]["place"] == "NH"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fairwarning", *args], capture_output=True, text=True, cwd=REPO)


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--conduct-date", "2999-01-01"], "in the future"),
        (["--conduct-date", "2015-01-01", "--place", "ZZ"], "ZZ"),
        (["--claim", "nonsense"], "unknown claim id 'nonsense'"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(db: Path, flags: list[str], message: str) -> None:
    base = {"--conduct-date": "2015-01-01", "--place": "MA", "--official": "police", "--claim": "4A_false_arrest",
            "--facts": "Officers arrested a man for filming them from the sidewalk."}
    args = dict(zip(flags[::2], flags[1::2], strict=True))
    argv = [x for k, v in {**base, **args}.items() for x in (k, v)]
    res = _run("analyze", "--db", str(db), *argv)
    assert res.returncode == 2
    assert "error:" in res.stderr and message in res.stderr.replace("\n", " ")
    assert "Traceback" not in res.stderr


def test_docx_needs_out(db: Path) -> None:
    res = _run("analyze", str(EXAMPLE), "--db", str(db), "--format", "docx")
    assert res.returncode == 2 and "--out" in res.stderr


def test_eval_retrieval_prints_both_rankers_with_query_count(db: Path) -> None:
    res = runner.invoke(app, ["eval", "retrieval", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["queries"] > 0
    assert set(report["rankers"]) == {"fairwarning", "bm25"}
    for scores in report["rankers"].values():
        assert {"recall@5", "recall@10", "recall@20", "mrr"} <= set(scores)
    text = runner.invoke(app, ["eval", "retrieval", "--db", str(db)]).stdout
    assert "queries:" in text and "bm25" in text and "fairwarning" in text


def test_eval_scenarios_passes_on_the_dev_scenarios(db: Path, shared_dir: Path) -> None:
    scenarios = shared_dir / "eval" / "scenarios"
    assert scenarios.is_dir(), f"shared scenarios missing at {scenarios}"
    res = runner.invoke(app, ["eval", "scenarios", str(scenarios), "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    reports = json.loads(res.output)
    assert {r["name"] for r in reports} >= {"ma-force-2009", "pr-political-demotion-1995"}
    for r in reports:
        assert r["passed"] and r["relevance"] >= 0.9 and r["citable"] == 1.0, r
        assert r["words"] <= 1500 or r["claims"] > 1, r  # one-claim memos ~1,500 words (issue 9)
        assert r["over_length"] is False, r


def test_eval_scenarios_exits_1_on_a_failed_expectation(db: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "conduct_date: 2009-07-04\nplace: MA\nofficials: [police]\nclaims: [4A_excessive_force]\n"
        "facts: An officer tackled a stopped motorcyclist.\nexpect:\n  must_include_names: [\"No Such Case v. Nobody\"]\n",
        encoding="utf-8")
    res = runner.invoke(app, ["eval", "scenarios", str(tmp_path), "--db", str(db)])
    assert res.exit_code == 1 and "FAIL bad" in res.output and "No Such Case" in res.output


def test_eval_scenarios_warns_on_a_store_labeled_by_an_older_labeler(db: Path, tmp_path: Path) -> None:
    """A store labeled by an older labeler gives memos without those opinions' holdings: the scenarios would measure
    a near-empty store, so the command says so before its figures (and still runs)."""
    import shutil
    import sqlite3

    stale = tmp_path / "stale.db"
    shutil.copy(db, stale)
    with sqlite3.connect(stale) as conn:
        conn.execute("UPDATE labels SET labeler_version = 'rules-0.1' WHERE opinion_id IN "
                     "(SELECT opinion_id FROM labels ORDER BY opinion_id LIMIT 3)")
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "one.yaml").write_text(
        "conduct_date: 2009-07-04\nplace: MA\nofficials: [police]\nclaims: [4A_excessive_force]\n"
        "facts: An officer tackled a stopped motorcyclist.\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", "scenarios", str(tmp_path / "s"), "--db", str(stale)])
    assert res.exit_code == 0, res.output
    assert "warning: 3 stored opinion(s) carry labels of an older labeler version only" in res.stderr
    assert "fairwarning label --db" in res.stderr and "PASS one" in res.stdout
    fresh = runner.invoke(app, ["eval", "scenarios", str(tmp_path / "s"), "--db", str(db)])
    assert "warning" not in fresh.stderr


def test_analyze_accepts_an_eval_scenario_file_with_a_note(db: Path, shared_dir: Path) -> None:
    scenario = shared_dir / "eval" / "scenarios" / "ma-force-2009.yaml"
    res = _run("analyze", str(scenario), "--db", str(db), "--format", "json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["incident"]["place"] == "MA"
    assert "expect:" in res.stderr and "eval scenarios" in res.stderr and "Traceback" not in res.stderr


def test_eval_floor_sweeps_and_the_code_holds_the_chosen_floor(db: Path, shared_dir: Path) -> None:
    """The relevance floor in the code is the one the recorded calibration rule picks on the dev data
    (docs/relevance-floor.md); a change of ranker, labels or scenarios that moves it fails here."""
    from fairwarning.analysis.assess import RELEVANCE_FLOOR
    from fairwarning.analysis.evaluate import FLOORS

    res = runner.invoke(app, ["eval", "floor", str(shared_dir / "eval" / "scenarios"), "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert [r["floor"] for r in out["rows"]] == list(FLOORS)
    assert out["rows"][0]["queries"] > 0 and all(r["scenarios"] == 4 for r in out["rows"])
    # a higher floor never lists more
    listed = [r["scenario_listed"] for r in out["rows"]]
    assert listed == sorted(listed, reverse=True)
    assert out["chosen"] == RELEVANCE_FLOOR == out["current"]


def test_choose_floor_rule() -> None:
    from fairwarning.analysis.evaluate import FloorRow, choose_floor

    def row(floor: float, passed: int = 2, kept: int = 3, uncited: int = 5) -> FloorRow:
        return FloorRow(floor, 2, passed, 1.0, 1.0, 10, 5, 0.5, 0.2, 4.0, kept, 3, uncited)

    # the least filtering that drops the most uncited listings, before anything cited is lost
    assert choose_floor([row(0.0, uncited=9), row(0.1, uncited=2), row(0.2, uncited=2), row(0.3, kept=2, uncited=0)]
                        ).floor == 0.1  # type: ignore[union-attr]
    # a floor that fails a dev scenario stops the search
    assert choose_floor([row(0.0, uncited=9), row(0.1, passed=1, uncited=0)]).floor == 0.0  # type: ignore[union-attr]
    assert choose_floor([row(0.0, passed=1)]) is None


def test_show_accepts_a_citation_and_prints_labels(db: Path) -> None:
    res = runner.invoke(app, ["show", "Barton v. Clancy, No. 08-2479 (1st Cir. Jan. 14, 2011)", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "Barton v. Clancy" in res.output and "label (" in res.output and "ruling on 1A_retaliation" in res.output
    # a reporter cite the First Circuit inventory gives for a stored docket
    res = runner.invoke(app, ["show", "983 F.2d 332", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    assert "Rivera-Ruiz" in json.loads(res.output)["case_name"]
    res = runner.invoke(app, ["show", "999 F.9d 1", "--db", str(db)])
    from fairwarning.errors import InputError

    assert isinstance(res.exception, InputError) and "reporter citation" in str(res.exception)
