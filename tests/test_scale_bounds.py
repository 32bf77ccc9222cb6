"""What keeps the analysis and the search bounded as the store grows (issue 13), checked on the labeled shared
corpus: the bounded candidate pool, the two-step search, rulings read by opinion id, copies found by docket."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from fairwarning.analysis import analyze, load_incident, precedents, queries
from fairwarning.corpus.store import Store
from fairwarning.labeler.storage import load_rulings
from test_analysis_support import labeled_store


@pytest.fixture(scope="module")
def store_path(corpus_db: Path) -> Path:
    return labeled_store(corpus_db)


def _listing(result: Any) -> list[tuple[str, tuple[int, ...]]]:
    return [(c.right, c.listed) for c in result.claims]


def test_a_pool_under_the_limit_is_not_bounded(store_path: Path) -> None:
    inc = load_incident(Path("examples/bumper-sticker-arrest.yaml"))
    with Store(store_path, readonly=True) as store:
        result = analyze(inc, store)
    assert not any("most similar to the facts" in c for c in result.caveats)


def test_bounding_keeps_the_listing_when_the_caps_hold_everything(store_path: Path, monkeypatch: Any) -> None:
    inc = load_incident(Path("examples/bumper-sticker-arrest.yaml"))
    with Store(store_path, readonly=True) as store:
        plain = analyze(inc, store)
        monkeypatch.setattr(precedents, "POOL_LIMIT", 0)
        monkeypatch.setattr(precedents, "PER_COURT", 10_000)
        monkeypatch.setattr(precedents, "CONTROLLING_PER_COURT", 10_000)
        monkeypatch.setattr(precedents, "AFTER_PER_COURT", 10_000)
        bounded = analyze(inc, store)
    assert _listing(bounded) == _listing(plain)
    assert [c.strength for c in bounded.claims] == [c.strength for c in plain.claims]
    assert any("most similar to the facts" in c for c in bounded.caveats)


def test_tight_caps_keep_at_most_the_cap_per_court_and_every_leading_case(store_path: Path, monkeypatch: Any) -> None:
    inc = load_incident(Path("examples/bumper-sticker-arrest.yaml"))
    monkeypatch.setattr(precedents, "POOL_LIMIT", 0)
    monkeypatch.setattr(precedents, "PER_COURT", 1)
    monkeypatch.setattr(precedents, "CONTROLLING_PER_COURT", 2)
    monkeypatch.setattr(precedents, "AFTER_PER_COURT", 1)
    with Store(store_path, readonly=True) as store:
        plain_keys = {r: queries.ruling_keys(store.conn, r) for r in inc.claims}
        pool = {oid for rows in plain_keys.values() for oid, *_ in rows}
        scores = queries.fts_among(store.conn, precedents._match(["arrest", "sticker", "speech"]), pool)
        kept = precedents._bounded(inc, plain_keys, scores)
        result = analyze(inc, store)
    assert kept and kept < {oid for rows in plain_keys.values() for oid, *_ in rows}
    for right, rows in plain_keys.items():
        per_court: dict[str, int] = {}
        for oid, _, court, day in rows:
            if oid in kept and (not day or day < inc.conduct_date.isoformat()):
                per_court[court] = per_court.get(court, 0) + 1
        assert per_court and max(per_court.values()) <= 2, (right, per_court)
    note = next(c for c in result.caveats if "most similar to the facts" in c)
    assert "every leading case" in note
    # the leading cases for the claims are still assessed
    assert any(p.leading_case for p in result.precedents)


def test_rulings_read_by_opinion_id_are_the_same_rows(store_path: Path) -> None:
    with Store(store_path, readonly=True) as store:
        every = list(load_rulings(store, right="4A_excessive_force"))
        assert len(every) > 3
        ids = {r.opinion_id for r in every[::2]}
        some = list(load_rulings(store, right="4A_excessive_force", opinion_ids=ids))
        assert some == [r for r in every if r.opinion_id in ids]
        assert list(load_rulings(store, opinion_ids=set())) == []


def _search_in_one_query(store: Store, match: str, limit: int, version: str | None) -> list[tuple[Any, ...]]:
    """The search as one SQL statement (what Store.search ran before it was split in two steps)."""
    label_cols, label_join, args = "NULL, NULL, NULL", "", [match]
    if version is not None:
        label_cols = "l.qi_decided, l.qi_outcome, json_extract(l.fields, '$.rights')"
        label_join = " LEFT JOIN labels l ON l.opinion_id = o.id AND l.labeler_version = ?"
        args.insert(0, version)
    sql = ("SELECT o.id, bm25(opinions_fts, 5.0, 1.0) AS score, snippet(opinions_fts, 1, '**', '**', ' ... ', 24),"
           " (SELECT cite FROM reporter_citations rc WHERE rc.opinion_id = o.id"
           " ORDER BY cite NOT LIKE '% U.S. %', cite LIMIT 1), " + label_cols +
           f" FROM opinions_fts JOIN opinions o ON o.id = opinions_fts.rowid{label_join}"
           " WHERE opinions_fts MATCH ? ORDER BY score, o.id LIMIT ?")
    return [tuple(r) for r in store.conn.execute(sql, (*args, limit))]


@pytest.mark.parametrize("query", ["qualified immunity", "excessive force taser", '"probable cause" arrest',
                                   "Monell custom policy", "zzzz-not-a-word"])
@pytest.mark.parametrize("labeled", [False, True])
def test_two_step_search_returns_what_one_query_did(store_path: Path, query: str, labeled: bool) -> None:
    from fairwarning.corpus.store import _fts_query
    from fairwarning.labeler import LABELER_VERSION

    version = LABELER_VERSION if labeled else None
    with Store(store_path, readonly=True) as store:
        hits = store.search(query, limit=15, labels_version=version)
        want = _search_in_one_query(store, _fts_query(query, "plain"), 15, version)
    assert [h.id for h in hits] == [w[0] for w in want]
    assert [h.snippet for h in hits] == [w[2] for w in want]
    assert [h.citation for h in hits] == [w[3] for w in want]
    if labeled:
        assert [h.qi_outcome for h in hits] == [w[5] for w in want]
    if query.startswith("zzzz"):
        assert hits == []


def test_copies_of_a_decision_are_found_by_docket_court_and_date(store_path: Path) -> None:
    conn = sqlite3.connect(store_path)
    conn.row_factory = sqlite3.Row
    # Fusi v. O'Brien (1st Cir. Sept. 16, 2010, No. 09-1060) is stored twice; its errata of Oct. 1 joins by docket;
    # United States v. Barker Steel Co. shares its docket number with a Fourth Circuit case of another day
    rows = conn.execute("SELECT id FROM opinions WHERE docket_number = '09-1060' AND court_id = 'ca1'"
                        " AND date_decided = '2010-09-16'").fetchall()
    assert len(rows) == 2, "the shared corpus holds two copies of Fusi v. O'Brien"
    other = conn.execute("SELECT id FROM opinions WHERE docket_number = '92-1536' AND court_id = 'ca4'").fetchone()
    assert other, "the shared corpus holds Fitch v. Robertson Electric Co. (4th Cir., No. 92-1536)"
    barker = conn.execute("SELECT id FROM opinions WHERE docket_number = '92-1536' AND court_id = 'ca1'").fetchall()
    found = {c.id for c in precedents._copies(conn, {int(barker[0]["id"])}, {})}
    assert found == {int(r["id"]) for r in barker} and int(other["id"]) not in found
    from fairwarning.analysis.cases import merge_copies
    from fairwarning.corpus.identity import inventory_cites

    copies = precedents._copies(conn, {int(rows[0]["id"])}, inventory_cites(conn))
    assert {c.id for c in copies} >= {int(r["id"]) for r in rows}
    assert len(merge_copies(copies)) == 1


def test_the_inventory_is_parsed_once_per_file_version(corpus_dir: Path, tmp_path: Path, monkeypatch: Any) -> None:
    """The First Circuit inventory (35k rows) is read from the per-user cache after the first parse; a changed file
    (another mtime) is parsed again."""
    import os

    from fairwarning.corpus import identity

    src = corpus_dir / "courtlistener-ca1" / "ca1-inventory.csv"
    assert src.is_file(), f"the shared inventory is missing at {src}"
    monkeypatch.setenv("FAIRWARNING_CACHE_DIR", str(tmp_path / "cache"))
    inv = tmp_path / "inventory.csv"
    inv.write_bytes(src.read_bytes())
    st = inv.stat()
    first = identity._parse_inventory(str(inv), st.st_mtime_ns)
    assert first and list((tmp_path / "cache" / "inventory").glob("*.pickle"))
    identity._parse_inventory.cache_clear()
    calls: list[str] = []
    real = identity._read_inventory
    monkeypatch.setattr(identity, "_read_inventory", lambda p: (calls.append(p), real(p))[1])
    assert identity._parse_inventory(str(inv), st.st_mtime_ns) == first and calls == []
    os.utime(inv, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    identity._parse_inventory.cache_clear()
    assert identity._parse_inventory(str(inv), st.st_mtime_ns + 10**9) == first and calls == [str(inv)]
    identity._parse_inventory.cache_clear()
