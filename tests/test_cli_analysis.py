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
