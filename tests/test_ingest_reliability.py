"""Reliability: bad files beside good ones, and an ingest killed with SIGKILL then re-run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from fairwarning.corpus.ingest import ingest
from fairwarning.corpus.store import Store
from test_ingest import canonical_dump, make_subset

REPO = Path(__file__).resolve().parents[1]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fairwarning", *args], cwd=REPO, capture_output=True, text=True, timeout=900
    )


def _bad_folder(corpus_dir: Path, root: Path) -> tuple[Path, dict[str, str]]:
    """Three real good opinions plus one file of each defect; returns the folder and {file name: reason}."""
    good = sorted((corpus_dir / "courtlistener-ca1" / "opinions").glob("*.json"))[10:13]
    root.mkdir()
    for f in good:
        assert f.stat().st_size < 1_000_000
        shutil.copy2(f, root / f.name)
    real = good[0].read_text(encoding="utf-8")
    (root / "truncated.json").write_text(real[: len(real) // 2], encoding="utf-8")
    cut = real.index('",', len(real) // 3) + 2
    (root / "malformed.json").write_text(real[:cut] + ",," + real[cut:], encoding="utf-8")  # a syntax error
    (root / "empty.json").write_bytes(b"")
    (root / "latin1.txt").write_bytes("Opini\u00f3n del Tribunal \u00a7 1983 se\u00f1or".encode("latin-1") * 50)
    big = json.loads(real)
    big["plain_text"] = (big["plain_text"] + "\n") * (3_000_000 // len(big["plain_text"]) + 1)  # > 2 MB
    (root / "enormous.json").write_text(json.dumps(big), encoding="utf-8")
    expected = {
        "truncated.json": "truncated",
        "malformed.json": "malformed",
        "empty.json": "empty",
        "latin1.txt": "not_utf8",
        "enormous.json": "too_large",
    }
    return root, expected


def test_bad_files_are_rejected_with_reasons_and_good_ones_stored(corpus_dir: Path, tmp_path: Path) -> None:
    folder, expected = _bad_folder(corpus_dir, tmp_path / "in")
    db = tmp_path / "bad.db"
    done = _cli("ingest", str(folder), "--db", str(db), "--max-mb", "2", "--workers", "2")
    assert done.returncode == 1, done.stderr
    for name, reason in expected.items():
        assert f"{folder / name}: {reason}" in done.stdout  # path and reason are listed
    with Store(db, readonly=True) as store:
        got = {Path(r.path).name: r.reason for r in store.rejections()}
        assert got == expected
        assert store.stats()["opinions"] == 3
    # JSON output carries the same accounting
    again = _cli("ingest", str(folder), "--db", str(tmp_path / "bad2.db"), "--max-mb", "2", "--json")
    summary = json.loads(again.stdout)
    assert again.returncode == 1
    assert summary["ingested"] == 3 and sum(summary["rejected"].values()) == len(expected)


def test_clean_folder_exits_zero(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "good"
    folder.mkdir()
    for f in sorted((corpus_dir / "scotus" / "opinions").glob("*.json"))[:2]:
        shutil.copy2(f, folder / f.name)
    done = _cli("ingest", str(folder), "--db", str(tmp_path / "g.db"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ingested:   2" in done.stdout


def test_errors_exit_two(tmp_path: Path) -> None:
    done = _cli("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db"))
    assert done.returncode == 2
    assert "no such file" in done.stderr


def test_sigkill_mid_ingest_then_rerun_equals_clean_run(corpus_dir: Path, tmp_path: Path) -> None:
    subset = make_subset(corpus_dir, tmp_path / "subset", ca1=160, sample=60, scotus=8)
    clean_db, killed_db = tmp_path / "clean.db", tmp_path / "killed.db"
    with Store(clean_db) as store:
        summary = ingest([subset], store, workers=2)
    total = summary.files - summary.skipped

    proc = subprocess.Popen(
        [sys.executable, "-m", "fairwarning", "ingest", str(subset), "--db", str(killed_db)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    committed = _wait_for_commits(killed_db, proc, at_least=total // 4)
    os.killpg(proc.pid, signal.SIGKILL)  # the writer and its workers, mid-way
    proc.wait(timeout=60)
    assert 0 < committed < total, "the ingest was not killed mid-way"
    partial = _count(killed_db, "SELECT COUNT(*) FROM ingested_files WHERE status IN ('ok', 'rejected')")
    assert partial < total

    rerun = _cli("ingest", str(subset), "--db", str(killed_db))
    assert rerun.returncode in (0, 1), rerun.stderr
    assert f"({partial} already done" in rerun.stdout
    assert canonical_dump(killed_db) == canonical_dump(clean_db)


def _count(db: Path, sql: str) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute(sql).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created / not migrated yet


def _wait_for_commits(db: Path, proc: subprocess.Popen[bytes], *, at_least: int) -> int:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        n = _count(db, "SELECT COUNT(*) FROM ingested_files WHERE status IN ('ok', 'rejected')")
        if n >= at_least:
            return n
        time.sleep(0.01)
    raise AssertionError(f"the ingest ended (rc={proc.returncode}) before {at_least} files were committed")
