"""The ingest pipeline on real corpus subsets: accounting, dedup, determinism, idempotence, defects."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from fairwarning.corpus.ingest import IngestProgress, ingest
from fairwarning.corpus.store import Store

GARBAGE_IDS = ("2738152", "859599", "863075")  # sample texts that are extraction-failure notices


def canonical_dump(db: Path) -> list[tuple]:
    """Every row that matters, in a fixed order, without timestamps."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    queries = [
        "SELECT id, text_hash, case_name, court_id, date_decided, precedential_status, docket_number,"
        " document_type, text, provenance, url, cluster_id FROM opinions ORDER BY id",
        "SELECT * FROM opinion_sources ORDER BY source, source_id",
        "SELECT * FROM reporter_citations ORDER BY opinion_id, cite",
        "SELECT * FROM citations ORDER BY id",
        "SELECT * FROM rejections ORDER BY path, source_id",
        "SELECT path, size, mtime_ns, status FROM ingested_files ORDER BY path",
        "SELECT rowid, case_name FROM opinions_fts ORDER BY rowid",
        "SELECT name FROM _migrations ORDER BY name",
    ]
    out = []
    for q in queries:
        out.append(("--", q))
        out.extend(tuple(r) for r in conn.execute(q))
    conn.close()
    return out


def make_subset(corpus_dir: Path, dest: Path, *, ca1: int, sample: int, scotus: int) -> Path:
    """Copy a real subset of the corpus (with the First Circuit inventory and the garbage texts)."""
    picks = {
        "courtlistener-ca1/opinions": ca1,
        "courtlistener-sample/opinions": sample,
        "scotus/opinions": scotus,
    }
    for sub, n in picks.items():
        files = sorted((corpus_dir / sub).glob("*.json"))
        step = max(1, len(files) // max(n, 1))
        chosen = files[::step][:n]
        if sub.startswith("courtlistener-sample"):
            chosen += [corpus_dir / sub / f"{i}.json" for i in GARBAGE_IDS]
        (dest / sub).mkdir(parents=True, exist_ok=True)
        for f in chosen:
            shutil.copy2(f, dest / sub / f.name)
    shutil.copy2(corpus_dir / "courtlistener-ca1" / "ca1-inventory.csv", dest / "courtlistener-ca1")
    return dest


@pytest.fixture(scope="module")
def subset(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_subset(corpus_dir, tmp_path_factory.mktemp("subset"), ca1=24, sample=16, scotus=4)


@pytest.fixture(scope="module")
def built(subset: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, object]]:
    db = tmp_path_factory.mktemp("built") / "s.db"
    events: list[IngestProgress] = []
    with Store(db) as store:
        summary = ingest([subset], store, workers=2, progress=events.append)
    assert events and events[-1].files_done == events[-1].files_total == summary.files - summary.skipped
    yield db, summary


def test_every_file_is_accounted_for(subset: Path, built: tuple) -> None:
    db, summary = built
    files = sorted(str(p) for p in subset.rglob("*") if p.is_file())
    with Store(db, readonly=True) as store:
        stored = {r[0] for r in store.conn.execute("SELECT path FROM opinion_sources")}
        rejected = {r.path for r in store.rejections()}
        seen = dict(store.conn.execute("SELECT path, status FROM ingested_files").fetchall())
    companions = set(summary.companion_paths)
    assert summary.companions == 1 and companions == {str(subset / "courtlistener-ca1" / "ca1-inventory.csv")}
    for f in files:
        assert (f in stored) + (f in rejected) + (f in companions) == 1, f
    assert sorted(seen) == files  # the store itself accounts for every file
    for f, status in seen.items():
        assert status == ("companion:ca1-inventory" if f in companions else "rejected" if f in rejected else "ok")
    assert summary.records == summary.ingested + summary.duplicates + summary.total_rejected
    assert summary.ingested > 0 and summary.citations > 0


def test_garbage_is_rejected_and_never_searchable(built: tuple) -> None:
    db, summary = built
    reasons = {Path(r.path).stem: r.reason for r in summary.rejections}
    for cl_id in GARBAGE_IDS:
        assert reasons[cl_id] == "not_an_opinion"
    with Store(db, readonly=True) as store:
        assert store.search('"unable to extract"') == []
        for cl_id in GARBAGE_IDS:
            assert not store.conn.execute(
                "SELECT 1 FROM opinion_sources WHERE source_id = ?", (cl_id,)
            ).fetchall()


def test_stored_rows_are_consistent(built: tuple) -> None:
    db, _ = built
    with Store(db) as store:
        conn = store.conn
        conn.execute("INSERT INTO opinions_fts(opinions_fts, rank) VALUES ('integrity-check', 1)")  # raises if not
        n_fts = conn.execute("SELECT COUNT(*) FROM opinions_fts").fetchone()[0]
        assert n_fts == store.stats()["opinions"]
        bad_spans = conn.execute(
            "SELECT COUNT(*) FROM citations c JOIN opinions o ON o.id = c.opinion_id"
            " WHERE substr(o.text, c.start + 1, c.end - c.start) != c.matched_text"
        ).fetchone()[0]
        assert bad_spans == 0  # every citation span points into the stored text
        orphans = conn.execute(
            "SELECT COUNT(*) FROM opinions o WHERE NOT EXISTS"
            " (SELECT 1 FROM opinion_sources s WHERE s.opinion_id = o.id)"
        ).fetchone()[0]
        assert orphans == 0


def test_rerun_skips_everything_and_changes_nothing(subset: Path, built: tuple, tmp_path: Path) -> None:
    db, first = built
    copy = tmp_path / "again.db"
    shutil.copy2(db, copy)
    before = canonical_dump(copy)
    with Store(copy) as store:
        again = ingest([subset], store, workers=2)
    assert again.skipped == first.files  # this subset has no file rejected at discovery
    assert (again.records, again.ingested, again.duplicates) == (0, 0, 0)
    assert again.rejected == first.rejected  # earlier rejections are still reported
    assert canonical_dump(copy) == before


def test_one_worker_and_two_workers_build_the_same_store(subset: Path, built: tuple, tmp_path: Path) -> None:
    db, _ = built
    with Store(tmp_path / "one.db") as store:
        ingest([subset], store, workers=1)
    assert canonical_dump(tmp_path / "one.db") == canonical_dump(db)


def test_same_opinion_twice_is_stored_once(corpus_dir: Path, tmp_path: Path) -> None:
    """One real opinion under two ids (a copy with another file name/id) is one row with both sources."""
    src = sorted((corpus_dir / "courtlistener-ca1" / "opinions").glob("*.json"))[5]
    (tmp_path / "in").mkdir()
    shutil.copy2(src, tmp_path / "in" / src.name)
    text = src.read_text(encoding="utf-8")
    twin_id = "9" + src.stem
    (tmp_path / "in" / f"{twin_id}.json").write_text(text.replace(f"/{src.stem}/", f"/{twin_id}/"), encoding="utf-8")
    with Store(tmp_path / "d.db") as store:
        summary = ingest([tmp_path / "in"], store, workers=1)
        stats = store.stats()
        ids = {r[0] for r in store.conn.execute("SELECT source_id FROM opinion_sources")}
    assert (summary.ingested, summary.duplicates, stats["opinions"], stats["duplicates"]) == (1, 1, 1, 1)
    assert ids == {src.stem, twin_id}


def test_usage_message_in_plain_text_is_reported(corpus_dir: Path, tmp_path: Path) -> None:
    """A First Circuit object whose plain_text is a converter's usage message is stored from its HTML, and the
    defect is reported: in the opinion's provenance and counted by stats."""
    (tmp_path / "in").mkdir()
    for name in ("194492.json", "177847.json"):  # the first has the usage message; the second is clean
        shutil.copy2(corpus_dir / "courtlistener-ca1" / "opinions" / name, tmp_path / "in" / name)
    with Store(tmp_path / "d.db") as store:
        ingest([tmp_path / "in"], store, workers=1)
        stats = store.stats()
        flagged = store.get_opinion("cl:194492").provenance
        clean = store.get_opinion("cl:177847").provenance
    assert stats["opinions"] == 2 and stats["text_defects_skipped"] == 1
    assert flagged["text"].startswith("source:html")
    assert flagged["text_defects"].startswith("plain_text: text is a converter's")
    assert "text_defects" not in clean


def test_same_opinion_from_two_sources_is_stored_once(corpus_dir: Path, tmp_path: Path) -> None:
    """A CourtListener object and the same opinion as a plain-text slip-opinion file: one row, both source ids."""
    import json

    src = corpus_dir / "courtlistener-ca1" / "opinions" / "177847.json"
    (tmp_path / "in").mkdir()
    shutil.copy2(src, tmp_path / "in" / src.name)
    plain = json.loads(src.read_text(encoding="utf-8"))["plain_text"]
    (tmp_path / "in" / "raiche-v-pietroski.txt").write_text(plain, encoding="utf-8")
    with Store(tmp_path / "d.db") as store:
        summary = ingest([tmp_path / "in"], store, workers=1)
        opinion = store.get_opinion("cl:177847")
    assert (summary.ingested, summary.duplicates) == (1, 1)
    assert sorted(s for s, _, _ in opinion.sources) == ["courtlistener", "file"]
    assert opinion.court_id == "ca1" and opinion.date_decided is not None


def test_another_cases_header_cites_are_not_taken_as_own(corpus_dir: Path, tmp_path: Path) -> None:
    """CourtListener's Saucier v. Katz text starts with Cedric Kushner's 533 U.S. 158 (and its S. Ct. and L. Ed.
    cites) above Saucier's own: a header cite at another page of a volume the source already gives is dropped."""
    (tmp_path / "in").mkdir()
    shutil.copy2(corpus_dir / "scotus" / "opinions" / "118449.json", tmp_path / "in" / "118449.json")
    with Store(tmp_path / "d.db") as store:
        ingest([tmp_path / "in"], store, workers=1)
        saucier = store.get_opinion("cl:118449")
    assert "533 U.S. 158" in saucier.text[:2000]  # the other case's cite is in the header...
    assert set(saucier.reporter_citations) == {"533 U.S. 194", "121 S. Ct. 2151", "150 L. Ed. 2d 272"}  # ...not own
