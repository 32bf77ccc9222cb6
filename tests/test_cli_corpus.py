"""The corpus CLI over the whole shared corpus (the ``corpus_db`` store): stats, search, show, errors."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fairwarning.cli import app

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fairwarning", *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )


def _json(*args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_corpus_file_is_accounted_for(corpus_db: Path, corpus_dir: Path) -> None:
    files = sorted(str(p) for p in corpus_dir.rglob("*") if p.is_file() and not p.name.startswith("."))
    conn = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    seen = dict(conn.execute("SELECT path, status FROM ingested_files"))
    stored = {r[0] for r in conn.execute("SELECT DISTINCT path FROM opinion_sources")}
    rejected = {r[0] for r in conn.execute("SELECT path FROM rejections")}
    assert sorted(seen) == files
    for path, status in seen.items():
        if status == "ok":
            assert path in stored, path
        elif status.startswith("rejected"):
            assert path in rejected, path
        else:
            assert status.startswith("companion:"), (path, status)


def test_stats_json(corpus_db: Path) -> None:
    stats = _json("stats", "--db", str(corpus_db))
    assert isinstance(stats, dict)
    for key in ("opinions", "by_court", "with_date", "citations", "resolved_citations", "duplicates",
                "rejections", "document_types"):
        assert key in stats
    n = stats["opinions"]
    assert n > 2000 and sum(stats["by_court"].values()) == n
    assert stats["with_court"] / n >= 0.98
    assert stats["with_date"] / n >= 0.95
    assert 0 < stats["resolved_citations"] < stats["citations"]
    assert len(stats["rejection_list"]) == sum(stats["rejections"].values())


def _independent_matches(db: Path, court: str, lo: str, hi: str) -> set[int]:
    """Opinions whose stored text contains both phrases, found by reading the texts (not through FTS)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    clearly = re.compile(r"\bclearly\W+establish\w*", re.IGNORECASE)
    force = re.compile(r"\bexcessive\W+forc\w*", re.IGNORECASE)
    rows = conn.execute(
        "SELECT id, text FROM opinions WHERE court_id = ? AND date_decided BETWEEN ? AND ?", (court, lo, hi)
    )
    return {i for i, text in rows if clearly.search(text) and force.search(text)}


@pytest.mark.parametrize(
    ("court", "after", "before"), [("ca1", "1990", "2011"), ("scotus", "2000-01-01", "2015-12-31")]
)
def test_search_phrases_with_court_and_dates(corpus_db: Path, court: str, after: str, before: str) -> None:
    hits = _json(
        "search", '"clearly established" AND "excessive force"', "--db", str(corpus_db),
        "--court", court, "--after", after, "--before", before, "--limit", "200",
    )
    assert isinstance(hits, list)
    lo, hi = f"{after}-01-01"[:10], f"{before}-12-31"[:10]
    expected = _independent_matches(corpus_db, court, lo, hi)
    assert expected, "the corpus should hold such opinions"
    assert {h["id"] for h in hits} == expected
    for h in hits:
        assert h["court_id"] == court and lo <= h["date_decided"] <= hi
        assert "**" in h["snippet"]
    assert [h["score"] for h in hits] == sorted(h["score"] for h in hits)


def test_show_by_store_id_and_cl_id(corpus_db: Path) -> None:
    hits = _json("search", '"qualified immunity"', "--db", str(corpus_db), "--court", "ca1", "--limit", "1")
    assert isinstance(hits, list) and hits
    shown = _json("show", str(hits[0]["id"]), "--db", str(corpus_db))
    assert isinstance(shown, dict)
    assert shown["id"] == hits[0]["id"] and shown["court_id"] == "ca1"
    assert shown["sources"] and "court_id" in shown["provenance"]
    assert "text" not in shown
    source = shown["sources"][0]
    again = _json("show", f"{source['source']}:{source['source_id']}", "--db", str(corpus_db))
    assert isinstance(again, dict) and again["id"] == shown["id"]
    text = runner.invoke(app, ["show", str(hits[0]["id"]), "--db", str(corpus_db)])
    assert text.exit_code == 0 and "sources:" in text.stdout


def test_show_resolved_citation_target(corpus_db: Path) -> None:
    """A resolved citation points at an opinion whose own reporter citations include the cited one."""
    conn = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    row = conn.execute(
        "SELECT opinion_id, normalized, resolved_opinion_id FROM citations"
        " WHERE resolved_opinion_id IS NOT NULL AND kind = 'full' ORDER BY id LIMIT 1"
    ).fetchone()
    assert row is not None
    cited = _json("show", str(row[2]), "--db", str(corpus_db))
    assert isinstance(cited, dict)
    assert row[1] in cited["reporter_citations"] and row[0] in cited["cited_by"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", '"clearly established', "--fts", "--court", "ca1"], "FTS5 syntax"),
        (["search", "force", "--court", "ca99"], "unknown court id"),
        (["search", "force", "--after", "2009-02-30"], "not a date"),
        (["show", "cl:0"], "no opinion"),
    ],
)
def test_errors_exit_2_with_a_hint(corpus_db: Path, args: list[str], message: str) -> None:
    done = _run(*args, "--db", str(corpus_db))
    assert done.returncode == 2
    assert message in " ".join(done.stderr.split())


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    done = _run("stats", "--db", str(tmp_path / "none.db"))
    assert done.returncode == 2 and "fairwarning ingest" in done.stderr


@pytest.mark.parametrize("command", ["ingest", "stats", "search", "show"])
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "--db" in result.stdout


@pytest.mark.parametrize(
    ("args", "kind", "words"),
    [
        (["search", "force", "--court", "ca99"], "input_error", "unknown court id"),
        (["search", '"clearly', "--fts"], "input_error", "FTS5 syntax"),
        (["search", " ".join(["force"] * 100)], "input_error", "at most 64"),
        (["show", "cl:0"], "input_error", "no opinion"),
        (["show", "not-a-ref"], "input_error", "not an opinion id"),
    ],
)
def test_json_errors_have_the_json_error_shape(corpus_db: Path, args: list[str], kind: str, words: str) -> None:
    """With --json an error is JSON on stdout ({"error", "message"}, like every --json command), exit 2."""
    done = _run(*args, "--db", str(corpus_db), "--json")
    assert done.returncode == 2, done.stderr
    data = json.loads(done.stdout)
    assert data["error"] == kind and words in data["message"]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", [["stats"], ["search", "force"], ["show", "1"], ["label"]])
def test_json_errors_for_a_missing_store(tmp_path: Path, command: list[str]) -> None:
    done = _run(*command, "--db", str(tmp_path / "none.db"), "--json")
    assert done.returncode == 2
    data = json.loads(done.stdout)
    assert data["error"] == "store_error" and "fairwarning ingest" in data["message"]
    assert not (tmp_path / "none.db").exists()


def test_search_escapes_hyphens_and_takes_a_leading_dash(corpus_db: Path) -> None:
    hits = _json("search", "Rodriguez-Garcia", "--db", str(corpus_db))
    assert isinstance(hits, list) and hits
    assert all("rodr" in (h["case_name"] or "").lower() or "Rodr" in h["snippet"] for h in hits)
    result = runner.invoke(app, ["search", "--db", str(corpus_db), "--json", "--", "-garcia"])
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), list)
    by_cite = _json("show", "543 U.S. 194", "--db", str(corpus_db))
    assert isinstance(by_cite, dict) and by_cite["case_name"] == "Brosseau v. Haugen"
