"""Issue 14 regressions, ingest side: each test is built from the input that broke the landed code.

Every run must end with each input stored or rejected with a reason, a sound store (``Store.verify``: SQLite
integrity, FTS consistency, no orphans) and the good files beside the bad ones stored.
"""

from __future__ import annotations

import bz2
import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from fairwarning.corpus.ingest import IngestSummary, ingest
from fairwarning.corpus.sources import discover, streams
from fairwarning.corpus.store import Store
from fairwarning.errors import SourceError, StoreError

REPO = Path(__file__).resolve().parents[1]
BULK = REPO / "tests" / "fixtures" / "feeds" / "bulk" / "current"
BULK_OPINIONS = BULK / "opinions-2024-12-31.csv"


def _cli(*args: str, timeout: float = 600, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fairwarning", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def _real(corpus_dir: Path, n: int = 0) -> dict[str, Any]:
    """A real CourtListener opinion object from the shared corpus."""
    path = sorted((corpus_dir / "courtlistener-ca1" / "opinions").glob("*.json"))[10 + n]
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _good(corpus_dir: Path, folder: Path, n: int = 0) -> Path:
    src = sorted((corpus_dir / "courtlistener-ca1" / "opinions").glob("*.json"))[10 + n]
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(src, folder / src.name))


def _run(folder: Path, db: Path, **kw: Any) -> IngestSummary:
    with Store(db) as store:
        summary = ingest([folder], store, workers=kw.pop("workers", 1), **kw)
        assert store.verify() == []
    return summary


def _accounted(summary: IngestSummary, folder: Path, db: Path) -> None:
    """Every file under ``folder`` is stored or rejected (or a companion/ignored), none silently lost."""
    with Store(db, readonly=True) as store:
        seen = {r[0] for r in store.conn.execute("SELECT path FROM ingested_files")}
        rejected = {r.path for r in store.rejections()}
    for p in folder.rglob("*"):
        if p.is_file() and not p.is_symlink():
            assert str(p) in seen or str(p) in rejected, f"{p} neither stored nor rejected"


def _reasons(summary: IngestSummary) -> dict[str, str]:
    return {Path(r.path).name: r.reason for r in summary.rejections}


def test_lone_surrogate_is_stored_as_replacement_and_rerun_is_clean(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(corpus_dir, folder)
    obj = _real(corpus_dir, 1)
    obj["plain_text"] = obj["plain_text"] + " \ud800 end"
    obj["id"] = 990001
    raw = json.dumps(obj)  # json.dumps writes the lone surrogate as the escape \ud800
    assert "\\ud800" in raw
    (folder / "surrogate.json").write_text(raw, encoding="utf-8")
    name = _real(corpus_dir, 2)
    name["id"], name["case_name"] = 990002, "Doe v. \udc80 Roe"
    (folder / "surrogate-name.json").write_text(json.dumps(name), encoding="utf-8")
    db = tmp_path / "s.db"
    first = _run(folder, db, workers=2)
    assert first.ingested == 3 and first.total_rejected == 0
    second = _run(folder, db, workers=2)  # the re-run is clean too
    assert second.skipped == 3
    with Store(db, readonly=True) as store:
        texts = [r[0] for r in store.conn.execute("SELECT text FROM opinions")]
    assert any("\ufffd end" in t for t in texts)


def test_corrupt_csv_gz_is_rejected_at_discovery_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    header = BULK_OPINIONS.read_bytes()[:300]
    data = gzip.compress(header * 50)
    (folder / "opinions.csv.gz").write_bytes(data[:20] + b"\x00garbage\xff" * 40 + data[-8:])  # zlib.error
    inputs, _, rejections = discover([folder])
    assert not inputs and [r.reason for r in rejections] == ["unknown_format"]


def test_wrong_json_types_reject_the_record_not_the_run(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(corpus_dir, folder)
    cases: dict[str, Any] = {
        "url-list.json": {"absolute_url": ["/opinion/1/x/"], "download_url": ["http://x"]},
        "id-dict.json": {"id": {"a": 1}},
        "text-int.json": {"plain_text": 12345, "html_with_citations": None},
        "name-list.json": {"case_name": ["a", "b"], "docket_number": {"n": 1}, "date_filed": [2010]},
    }
    for i, (name, change) in enumerate(cases.items()):
        obj = _real(corpus_dir, 3 + i)
        obj.update(change)
        (folder / name).write_text(json.dumps(obj), encoding="utf-8")
    (folder / "deep.json").write_text('{"plain_text": "x", "resource_uri": "/api/rest/v3/opinions/5/", "a": '
                                      + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    db = tmp_path / "w.db"
    summary = _run(folder, db)
    _accounted(summary, folder, db)
    reasons = _reasons(summary)
    assert "reader_error" not in reasons.values(), summary.rejections
    assert reasons.get("deep.json") in ("malformed", "unknown_format")
    assert "url-list.json" not in reasons and "name-list.json" not in reasons  # stored, bad fields ignored
    assert summary.ingested >= 3


def test_fifo_is_rejected_without_opening_it(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(corpus_dir, folder)
    os.mkfifo(folder / "pipe.json")
    done = _cli("ingest", str(folder), "--db", str(tmp_path / "f.db"), "--workers", "1", timeout=300)
    assert done.returncode == 1, done.stderr
    assert f"{folder / 'pipe.json'}: not_a_file" in done.stdout


def test_symlink_loops_neither_hang_nor_invent_paths(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good = _good(corpus_dir, folder / "sub")
    (folder / "sub" / "up1").symlink_to(folder)
    (folder / "sub" / "up2").symlink_to(folder)
    (folder / "loop").symlink_to(folder / "sub")
    started = time.monotonic()
    inputs, _, rejections = discover([folder])
    assert time.monotonic() - started < 10
    assert [Path(f.path).name for f in inputs] == [good.name] and not rejections
    assert all(len(Path(f.path).relative_to(folder).parts) <= 3 for f in inputs)


def test_unreadable_subfolder_is_reported(corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    _good(corpus_dir, folder)
    locked = folder / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:  # as a non-root user with chmod 000 (tests may run as root)
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    inputs, _, rejections = discover([folder])
    assert len(inputs) == 1
    assert [(r.path, r.reason) for r in rejections] == [(str(locked), "unreadable")]
    assert "Permission denied" in rejections[0].detail


def _bulk_bomb(path: Path, field_chars: int) -> None:
    header = "id,cluster_id,plain_text\n"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(header)
        fh.write('1,2,"' + "a" * field_chars + '"\n')


def test_csv_gz_bomb_stops_at_the_record_limit(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _bulk_bomb(folder / "opinions.csv.gz", streams.RECORD_CHARS + 10)
    assert (folder / "opinions.csv.gz").stat().st_size < 200_000
    summary = _run(folder, tmp_path / "b.db")
    assert summary.ingested == 0 and _reasons(summary) == {"opinions.csv.gz": "too_large"}


def test_cap_jsonl_gz_with_one_huge_text_is_rejected_and_others_kept(tmp_path: Path) -> None:
    lines = (REPO / "tests" / "fixtures" / "feeds" / "cap" / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    huge = json.loads(lines[0])
    huge["id"] = 99999999
    huge["casebody"]["data"]["opinions"][0]["text"] = "the court held " * (streams.RECORD_CHARS // 15 + 10)
    folder = tmp_path / "in"
    folder.mkdir()
    with gzip.open(folder / "cases.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n" + json.dumps(huge) + "\n")
    summary = _run(folder, tmp_path / "c.db")
    assert summary.ingested + summary.duplicates == len([x for x in lines if x.strip()]) - summary.total_rejected + 1
    assert any(r.reason == "too_large" and "longer than" in r.detail for r in summary.rejections)
    with Store(tmp_path / "c.db", readonly=True) as store:
        longest = store.conn.execute("SELECT MAX(LENGTH(text)) FROM opinions").fetchone()[0]
    assert longest < streams.RECORD_CHARS


def test_decompression_ratio_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streams, "RATIO_FLOOR", 1_000_000)
    path = tmp_path / "x.jsonl.bz2"
    path.write_bytes(bz2.compress(("{" + "a" * 998 + "}\n").encode() * 3000))  # 3 MB from a few hundred bytes
    with pytest.raises(SourceError, match="decompression bomb") as err, streams.open_text(path) as fh:
        for _ in fh:
            pass
    assert err.value.reason == "too_large"


def test_reingesting_a_changed_source_leaves_no_orphan(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    path = _good(corpus_dir, folder)
    db = tmp_path / "o.db"
    _run(folder, db)
    obj = json.loads(path.read_text(encoding="utf-8"))
    obj["plain_text"] = obj["plain_text"] + "\n\nErratum: a corrected sentence was added to this opinion."
    path.write_text(json.dumps(obj), encoding="utf-8")
    second = _run(folder, db)  # _run asserts Store.verify() == [] (no orphans)
    assert second.ingested == 1
    with Store(db, readonly=True) as store:
        stats = store.stats()
        (text,) = store.conn.execute("SELECT text FROM opinions").fetchone()
    assert stats["opinions"] == 1 and stats["duplicates"] == 0
    assert "corrected sentence" in text


def test_decision_date_in_the_future_is_dropped_and_flagged(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    obj = _real(corpus_dir)
    obj["date_filed"] = "2099-01-01"
    folder.mkdir()
    (folder / "future.json").write_text(json.dumps(obj), encoding="utf-8")
    db = tmp_path / "d.db"
    _run(folder, db)
    with Store(db, readonly=True) as store:
        o = store.get_opinion(1)
    assert o.date_decided is None or o.date_decided.year < 2099
    assert o.provenance["date_decided_rejected"].startswith("2099-01-01")


def test_text_named_pdf_is_rejected(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "opinion.pdf").write_text(_real(corpus_dir)["plain_text"] or "x", encoding="utf-8")
    summary = _run(folder, tmp_path / "p.db")
    assert summary.ingested == 0 and _reasons(summary) == {"opinion.pdf": "malformed"}
    assert "not a PDF" in summary.rejections[0].detail


def test_two_column_csv_is_not_an_opinion(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rows = "".join(f"{i},Plaintiff v. Defendant number {i} decided on appeal\n" for i in range(200))
    (folder / "cases.csv").write_text("id,name\n" + rows, encoding="utf-8")
    summary = _run(folder, tmp_path / "t.db")
    assert summary.ingested == 0 and _reasons(summary) == {"cases.csv": "unknown_format"}


def test_header_only_csv_and_empty_api_page_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    header = BULK_OPINIONS.read_text(encoding="utf-8").splitlines()[0]
    (folder / "opinions.csv").write_text(header + "\n", encoding="utf-8")
    # a results page recognized as CourtListener opinions (its keys show opinion fields) with no results
    page = {"count": 0, "next": None, "results": [], "fields": {"plain_text": "", "html_with_citations": "",
                                                                  "resource_uri": "", "download_url": ""}}
    (folder / "page.json").write_text(json.dumps(page), encoding="utf-8")
    (folder / "bare-page.json").write_text(json.dumps({"count": 0, "next": None, "results": []}), encoding="utf-8")
    summary = _run(folder, tmp_path / "h.db")
    reasons = _reasons(summary)
    assert reasons["opinions.csv"] == "empty"
    assert reasons["page.json"] == "empty"
    assert reasons["bare-page.json"] == "unknown_format"


def test_bom_before_a_bulk_csv_header(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "opinions.csv").write_bytes(b"\xef\xbb\xbf" + BULK_OPINIONS.read_bytes())
    summary = _run(folder, tmp_path / "bom.db")
    plain = _run(BULK_OPINIONS, tmp_path / "plain.db")
    assert summary.ingested == plain.ingested > 0 and summary.total_rejected == plain.total_rejected


def test_utf16_text_is_decoded(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = max((_real(corpus_dir, n)["plain_text"] or "" for n in range(6)), key=len)
    assert len(text) > 3000
    (folder / "opinion.txt").write_bytes(text.encode("utf-16"))  # with its byte-order mark
    (folder / "same.txt").write_text(text, encoding="utf-8")
    summary = _run(folder, tmp_path / "u.db")
    assert summary.total_rejected == 0 and summary.ingested == 1 and summary.duplicates == 1


def test_store_inside_the_input_folder_skips_its_own_files(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(corpus_dir, folder)
    db = folder / "fairwarning.db"
    first = _run(folder, db)
    second = _run(folder, db)
    assert first.total_rejected == 0 and second.total_rejected == 0
    assert first.files == second.files == 1


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def test_killing_the_main_process_ends_its_workers(corpus_dir: Path, tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "fairwarning", "ingest", str(corpus_dir), "--db", str(tmp_path / "k.db"),
         "--workers", "2"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.5)
        workers = _children(proc.pid)
    assert workers, "the ingest started no workers"
    proc.kill()  # SIGKILL to the main process only
    proc.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_state(w) not in ("gone", "Z") for w in workers):
        time.sleep(0.5)
    alive = [w for w in workers if _state(w) not in ("gone", "Z")]
    assert not alive, f"workers {alive} outlived the killed ingest"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_label_commits_while_another_process_writes(corpus_dir: Path, tmp_path: Path) -> None:
    """The old label held a read cursor across BEGIN IMMEDIATE: once another connection committed, its next
    write failed at once with "database is locked" (SQLITE_BUSY_SNAPSHOT)."""
    from fairwarning.labeler.core import label_opinion
    from fairwarning.labeler.storage import label_store

    folder = tmp_path / "in"
    for n in range(3):
        _good(corpus_dir, folder, n)
    db = tmp_path / "l.db"
    _run(folder, db)
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    calls = 0

    def labeler(text: str, **kw: Any) -> Any:
        nonlocal calls
        calls += 1
        other.execute("BEGIN IMMEDIATE")  # an ingest commits a file meanwhile
        other.execute("INSERT INTO rejections VALUES (?, '', 'empty', 'x')", (f"/x/{calls}",))
        other.execute("COMMIT")
        return label_opinion(text, **kw)

    with Store(db) as store:
        run = label_store(store, labeler=labeler, batch=1)
        assert store.verify() == []
    assert run.labeled == 3


def test_writers_wait_their_turn_with_a_message(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(corpus_dir, folder)
    db = tmp_path / "w.db"
    Store(db).close()
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # a long streamed file being written by another ingest
    threading.Timer(2.0, lambda: other.execute("COMMIT")).start()
    messages: list[str] = []
    with Store(db, on_wait=messages.append) as store:
        summary = ingest([folder], store, workers=1)
    assert summary.ingested == 1
    assert len(messages) == 1 and "waiting for another fairwarning process" in messages[0]


def test_second_ingest_cli_waits_instead_of_a_traceback(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(corpus_dir, folder)
    db = tmp_path / "w2.db"
    Store(db).close()
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    proc = subprocess.Popen([sys.executable, "-m", "fairwarning", "ingest", str(folder), "--db", str(db),
                             "--workers", "1"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    first = proc.stderr.readline()  # it says it waits ...
    other.execute("COMMIT")  # ... and goes on when the other writer is done
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, first + err
    assert "waiting for another fairwarning process" in first and "Traceback" not in err
    assert "ingested:   1" in out


def test_readers_do_not_block_during_a_write(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(corpus_dir, folder)
    db = tmp_path / "r.db"
    _run(folder, db)
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("DELETE FROM rejections")
    try:
        started = time.monotonic()
        done = _cli("stats", "--db", str(db), "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["opinions"] == 1
        assert time.monotonic() - started < 60
    finally:
        other.execute("ROLLBACK")


def _corrupt(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = os.urandom(len(data) - page)  # keep the schema page, scribble over every table's pages
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("command", [["ingest", "{folder}"], ["label"], ["export", "labels"], ["stats"]])
def test_corrupt_store_is_one_clean_line(corpus_dir: Path, tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "in"
    for n in range(3):
        _good(corpus_dir, folder, n)
    db = tmp_path / "c.db"
    _run(folder, db)
    _corrupt(db)
    args = [a.format(folder=folder) for a in command]
    done = _cli(*args, "--db", str(db))
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and done.stderr.strip().startswith("error:")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    (tmp_path / "garbage.db").write_bytes(os.urandom(8192))
    garbage = _cli(*args, "--db", str(tmp_path / "garbage.db"))
    assert garbage.returncode == 2 and "Traceback" not in garbage.stderr


def test_full_disk_at_commit_is_a_store_error_and_keeps_what_was_committed(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(corpus_dir, folder)
    db = tmp_path / "full.db"
    _run(folder, db)
    more = tmp_path / "more"
    for n in range(1, 6):
        _good(corpus_dir, more, n)
    with Store(db) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count={pages + 2}")  # the disk fills up
        with pytest.raises(StoreError, match="full"):
            ingest([more], store, workers=1)
        assert not store.conn.in_transaction
    with Store(db) as store:
        assert store.verify() == []
        assert store.stats()["opinions"] >= 1


def test_read_only_folder_store_can_be_read(corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fairwarning.corpus import store as store_module

    folder = tmp_path / "in"
    _good(corpus_dir, folder)
    db = tmp_path / "ro" / "s.db"
    _run(folder, db)
    real_connect = sqlite3.connect

    def connect(target: str, *a: Any, **kw: Any) -> Any:  # what SQLite does where it cannot create the -shm
        if "mode=ro" in str(target):
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target, *a, **kw)

    monkeypatch.setattr(store_module.sqlite3, "connect", connect)
    monkeypatch.setattr(store_module.os, "access", lambda p, mode: False)
    with Store(db, readonly=True) as store:
        assert store.stats()["opinions"] == 1


def test_read_only_folder_for_real(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(corpus_dir, folder)
    db = tmp_path / "ro" / "s.db"
    _run(folder, db)
    os.chmod(db.parent, 0o555)
    try:
        done = _cli("stats", "--db", str(db), "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["opinions"] == 1
    finally:
        os.chmod(db.parent, 0o755)


def test_internal_error_exits_3_in_one_line(tmp_path: Path) -> None:
    code = ("import sys; from fairwarning.corpus.store import Store; "
            "Store.stats = lambda self: 1 / 0; "
            "from fairwarning.cli import main; sys.argv = ['fairwarning', 'stats', '--db', sys.argv[1]]; main()")
    Store(tmp_path / "e.db").close()
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "e.db")], capture_output=True, text=True,
                          cwd=REPO, timeout=300)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr and "internal error (ZeroDivisionError" in done.stderr
    debug = subprocess.run([sys.executable, "-c", code, str(tmp_path / "e.db")], capture_output=True, text=True,
                           cwd=REPO, timeout=300, env={**os.environ, "FAIRWARNING_DEBUG": "1"})
    assert debug.returncode == 3 and "Traceback" in debug.stderr


def test_bad_input_still_exits_2(tmp_path: Path) -> None:
    done = _cli("ingest", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.db"))
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_unbalanced_ipv6_url_is_no_reader_error(corpus_dir: Path, tmp_path: Path) -> None:
    """Found by benchmarks/fuzz.py: urlparse raises ValueError("Invalid IPv6 URL") on "http://[x"."""
    folder = tmp_path / "in"
    obj = _real(corpus_dir)
    obj["download_url"] = "http://[www.ca1.uscourts.gov/pdf.opinions/09-1216P-01A.pdf"
    obj["absolute_url"] = "https://[x/opinion/1/y/"
    folder.mkdir()
    (folder / "ipv6.json").write_text(json.dumps(obj), encoding="utf-8")
    summary = _run(folder, tmp_path / "v6.db")
    assert summary.ingested == 1 and summary.total_rejected == 0


def test_two_files_with_one_source_id_and_other_texts_are_reported(corpus_dir: Path, tmp_path: Path) -> None:
    """Found by benchmarks/fuzz.py: the later file's text replaced the earlier one's without a word."""
    folder = tmp_path / "in"
    first = _good(corpus_dir, folder)
    obj = json.loads(first.read_text(encoding="utf-8"))
    obj["plain_text"] += "\n\nA later version of the same opinion, with this sentence added."
    (folder / "zz-later.json").write_text(json.dumps(obj), encoding="utf-8")
    db = tmp_path / "sup.db"
    summary = _run(folder, db)
    _accounted(summary, folder, db)
    assert [(Path(r.path).name, r.reason) for r in summary.rejections] == [(first.name, "superseded")]
    assert "zz-later.json" in summary.rejections[0].detail
    with Store(db, readonly=True) as store:
        assert store.stats()["opinions"] == 1
