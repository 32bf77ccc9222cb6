"""The SQLite store: insert/merge by text hash, FTS search, citation resolution, lookups, stats."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairwarning.corpus.citations import extract_citations
from fairwarning.corpus.store import Store, escape_fts, parse_date_bound
from fairwarning.corpus.text import text_hash
from fairwarning.errors import InputError, StoreError
from fairwarning.models import OpinionRecord, Rejection


def _real_texts(corpus_dir: Path, n: int) -> list[tuple[str, str]]:
    """(CourtListener id, plain text) of ``n`` real First Circuit opinions."""
    out = []
    for path in sorted((corpus_dir / "courtlistener-ca1" / "opinions").glob("*.json")):
        text = json.loads(path.read_text(encoding="utf-8")).get("plain_text") or ""
        if len(text) > 3000:
            out.append((path.stem, text))
        if len(out) == n:
            return out
    raise AssertionError("not enough First Circuit texts in the shared corpus")


def _record(cl_id: str, text: str, **kw: object) -> OpinionRecord:
    return OpinionRecord(source=str(kw.pop("source", "courtlistener-json")), source_id=cl_id, text=text, **kw)  # type: ignore[arg-type]


@pytest.fixture()
def texts(corpus_dir: Path) -> list[tuple[str, str]]:
    return _real_texts(corpus_dir, 4)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "t.db")


def test_new_store_is_wal_and_migrated(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = [r[0] for r in store.conn.execute("SELECT name FROM _migrations")]
    assert names[0] == "0001_corpus"


def test_insert_then_merge_duplicate_fills_metadata_with_provenance(store: Store, texts: list) -> None:
    cl_id, text = texts[0]
    first = store.add_record(_record(cl_id, text, court_id="ca1", provenance={"court_id": "inferred:url"}))
    dup = _record(
        "x-17", text, source="mapped-json", case_name="Doe v. Roe", court_id="ca2",
        date_decided=dt.date(2001, 2, 3), precedential_status="published", provenance={"case_name": "source"},
    )
    second = store.add_record(dup)
    assert (first.merged, second.merged, second.new_source) == (False, True, True)
    assert second.opinion_id == first.opinion_id
    o = store.get_opinion(first.opinion_id)
    assert o.court_id == "ca1"  # an existing value is kept
    assert (o.case_name, o.date_decided, o.precedential_status) == ("Doe v. Roe", dt.date(2001, 2, 3), "published")
    assert o.provenance["court_id"] == "inferred:url"
    assert o.provenance["case_name"] == "source via mapped-json:x-17"
    assert {(s, i) for s, i, _ in o.sources} == {("courtlistener-json", cl_id), ("mapped-json", "x-17")}
    assert store.stats()["duplicates"] == 1
    # the filled case name is searchable (FTS kept in sync), and only once
    hits = store.search("Roe")
    assert [h.id for h in hits] == [first.opinion_id]
    # rank 1 checks the index against the opinions table (without it, only the index's own consistency);
    # it raises "database disk image is malformed" when they differ
    store.conn.execute("INSERT INTO opinions_fts(opinions_fts, rank) VALUES ('integrity-check', 1)")


def test_same_source_id_twice_is_idempotent(store: Store, texts: list) -> None:
    cl_id, text = texts[0]
    store.add_record(_record(cl_id, text))
    again = store.add_record(_record(cl_id, text))
    assert (again.merged, again.new_source) == (True, False)
    assert store.stats()["opinions"] == 1
    assert store.stats()["duplicates"] == 0


def test_citations_resolve_in_both_directions(store: Store, texts: list) -> None:
    """A citation stored before the cited opinion resolves once that opinion arrives, and vice versa."""
    (a_id, a_text), (b_id, b_text), (c_id, c_text) = texts[:3]
    a_cites = extract_citations(a_text)
    target = next(c.normalized for c in a_cites if c.kind == "full" and c.normalized)
    a = store.add_record(_record(a_id, a_text), a_cites)
    b = store.add_record(_record(b_id, b_text, reporter_citations=(target.replace(".", ". ", 1),)))
    citing = _record(c_id, c_text)
    c = store.add_record(citing, [*extract_citations(c_text)[:0], _cite_to(target)])
    resolved = store.resolve_citations()
    rows = store.conn.execute(
        "SELECT opinion_id, resolved_opinion_id FROM citations WHERE normalized = ?", (target,)
    ).fetchall()
    assert {(r[0], r[1]) for r in rows} == {(a.opinion_id, b.opinion_id), (c.opinion_id, b.opinion_id)}
    assert resolved == len(rows)
    assert set(store.get_opinion(b.opinion_id).cited_by) == {a.opinion_id, c.opinion_id}
    assert store.get_opinion(b.opinion_id).reporter_citations == (target,)  # normalized on the way in
    assert store.resolve_citations() == resolved  # idempotent


def _cite_to(normalized: str):  # a hand-made FoundCitation
    from fairwarning.corpus.citations import FoundCitation

    return FoundCitation(0, 5, "xxxxx", "full", normalized)


def test_search_filters_and_snippets(store: Store, texts: list) -> None:
    for i, (cl_id, text) in enumerate(texts):
        store.add_record(_record(cl_id, text, court_id="ca1" if i % 2 == 0 else "ca2",
                                 date_decided=dt.date(2000 + i, 6, 1)))
    word = "court"
    all_hits = store.search(word, limit=10)
    assert len(all_hits) == len(texts)
    assert [h.score for h in all_hits] == sorted(h.score for h in all_hits)
    assert all("**" in h.snippet for h in all_hits)
    assert {h.court_id for h in store.search(word, court="ca2")} == {"ca2"}
    dated = store.search(word, after="2001", before="2002-12")
    assert {h.date_decided for h in dated} == {"2001-06-01", "2002-06-01"}
    assert len(store.search(word, limit=1)) == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"query": '"clearly established', "syntax": "fts5"}, "FTS5 syntax"),
        ({"query": "AND AND", "syntax": "fts5"}, "FTS5 syntax"),
        ({"query": "force", "syntax": "sql"}, "unknown search syntax"),
        ({"query": " ".join(["force"] * 65)}, "at most 64"),
        ({"query": " OR ".join(["force"] * 40), "syntax": "fts5"}, "at most 64"),
        ({"query": "   "}, "empty"),
        ({"query": "force", "court": "ca99"}, "unknown court id"),
        ({"query": "force", "after": "2001-13-01"}, "not a date"),
        ({"query": "force", "after": "2005", "before": "2001"}, "later than"),
        ({"query": "force", "limit": 0}, "out of range"),
    ],
)
def test_search_rejects_bad_input_with_hints(store: Store, texts: list, kwargs: dict, message: str) -> None:
    store.add_record(_record(*texts[0]))
    query = kwargs.pop("query")
    with pytest.raises(InputError, match=message):
        store.search(query, **kwargs)


def test_search_time_limit_interrupts(tmp_path: Path, texts: list) -> None:
    s = Store(tmp_path / "slow.db", time_limit_ms=0)
    for cl_id, text in texts:
        s.add_record(_record(cl_id, text))
    with pytest.raises(StoreError, match="longer than 0 ms"):
        s.search("t* OR a* OR s*", limit=1000)


@pytest.mark.parametrize(
    ("date", "end", "expected"),
    [("2009", False, "2009-01-01"), ("2009", True, "2009-12-31"), ("2008-02", True, "2008-02-29"),
     ("2009-06-30", True, "2009-06-30"), (None, True, None)],
)
def test_parse_date_bound(date: str | None, end: bool, expected: str | None) -> None:
    assert parse_date_bound(date, end=end) == expected


def test_get_opinion_by_any_id(store: Store, texts: list) -> None:
    cl_id, text = texts[1]
    added = store.add_record(_record(cl_id, text, path="/x/y.json"))
    for ref in (added.opinion_id, str(added.opinion_id), f"courtlistener-json:{cl_id}", f"cl:{cl_id}"):
        assert store.get_opinion(ref).id == added.opinion_id
    o = store.get_opinion(added.opinion_id)
    assert o.text == text and o.text_hash == text_hash(text)
    assert json.dumps(o.to_json())  # JSON-ready
    for bad in ("999", "cl:0", "nonsense"):
        with pytest.raises(InputError):
            store.get_opinion(bad)


def test_rejections_and_resume_bookkeeping(store: Store) -> None:
    store.add_rejection(Rejection("/a/b.json", "malformed", "bad JSON"))
    store.add_rejection(Rejection("/a/b.json", "malformed", "bad JSON"))  # re-recorded, not doubled
    store.add_rejection(Rejection("/a/c.jsonl", "empty", "no text", source_id="7"))
    assert store.stats()["rejections"] == {"empty": 1, "malformed": 1}
    assert [r.source_id for r in store.rejections()] == [None, "7"]
    store.mark_file("/a/b.json", 10, 20, "rejected")
    assert store.done_files() == {"/a/b.json": (10, 20)}


def test_stats_keys(store: Store, texts: list) -> None:
    cl_id, text = texts[0]
    store.add_record(_record(cl_id, text, court_id="ca1"), extract_citations(text))
    stats = store.stats()
    for key in ("opinions", "by_court", "with_date", "citations", "resolved_citations", "duplicates",
                "rejections", "document_types"):
        assert key in stats
    assert stats["by_court"] == {"ca1": 1}
    assert stats["citations"] == len(extract_citations(text)) > 0


def test_readonly_store_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "missing.db", readonly=True)
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError):
        Store(tmp_path / "junk.db", readonly=True)


def test_incremental_resolution_equals_full_pass(tmp_path: Path, texts: list) -> None:
    """ingest_records resolves only what the new opinions can change; the result equals a full pass."""
    from fairwarning.corpus.ingest import ingest_records

    (a_id, a_text), (b_id, b_text), (c_id, c_text) = texts[:3]
    target = next(c.normalized for c in extract_citations(a_text) if c.kind == "full" and c.normalized)
    store = Store(tmp_path / "inc.db")
    first = ingest_records([_record(a_id, a_text)], store)  # the citing opinion first
    assert first.resolved_citations == 0
    second = ingest_records([_record(b_id, b_text, reporter_citations=(target,)), _record(c_id, c_text)], store)
    incremental = store.conn.execute("SELECT id, resolved_opinion_id FROM citations ORDER BY id").fetchall()
    assert second.resolved_citations == store.resolve_citations() > 0
    assert store.conn.execute("SELECT id, resolved_opinion_id FROM citations ORDER BY id").fetchall() == incremental


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    case_name=st.none() | st.text(min_size=1, max_size=60),
    court_id=st.none() | st.sampled_from(["ca1", "ca9", "scotus", "mad", "nysupct"]),
    date=st.none() | st.dates(min_value=dt.date(1790, 1, 1), max_value=dt.date(2030, 12, 31)),
    status=st.sampled_from(["published", "unpublished", "unknown"]),
    docket=st.none() | st.text(max_size=20),
    cut=st.integers(min_value=200, max_value=5000),
)
def test_store_then_load_is_identity(
    tmp_path_factory: pytest.TempPathFactory, texts: list, case_name, court_id, date, status, docket, cut
) -> None:
    cl_id, text = texts[2]
    record = _record(
        cl_id, text[:cut], case_name=case_name, court_id=court_id, date_decided=date, precedential_status=status,
        docket_number=docket, provenance={"court_id": "inferred:url"}, reporter_citations=("911 F. 2d 812",),
    )
    store = Store(tmp_path_factory.mktemp("prop") / "p.db")
    found = extract_citations(record.text)
    o = store.get_opinion(store.add_record(record, found).opinion_id)
    assert (o.text, o.case_name, o.court_id, o.date_decided) == (record.text, case_name, court_id, date)
    assert (o.precedential_status, o.docket_number, o.provenance) == (status, docket, {"court_id": "inferred:url"})
    assert o.reporter_citations == ("911 F.2d 812",)
    assert [(c.start, c.end, c.kind, c.normalized) for c in o.citations] == [
        (c.start, c.end, c.kind, c.normalized) for c in sorted(found, key=lambda c: c.start)
    ]
    store.close()


@pytest.mark.parametrize("module", ["fairwarning.corpus.store", "fairwarning.corpus.citations", "fairwarning.corpus.ingest"])
def test_all_names_exist(module: str) -> None:
    import importlib

    mod = importlib.import_module(module)
    assert mod.__all__ and all(hasattr(mod, name) for name in mod.__all__)


@pytest.mark.parametrize(
    ("query", "escaped"),
    [
        ("Rodriguez-Garcia", '"Rodriguez-Garcia"'),
        ('"clearly established" force', '"clearly established" "force"'),
        ('"clearly established', '"clearly established"'),
        ("AND AND", '"AND" "AND"'),
        ("-foo", '"-foo"'),
        ("42 U.S.C. 1983", '"42" "U.S.C." "1983"'),
        ('a "" b', '"a" "b"'),
    ],
)
def test_escape_fts_like_sqlite_utils(query: str, escaped: str) -> None:
    assert escape_fts(query) == escaped


def test_plain_search_takes_punctuation_and_operators_as_text(store: Store, texts: list) -> None:
    """User input never reaches FTS5 as syntax: a hyphenated name, a leading minus, an unbalanced quote and a
    bare operator all search (the hyphenated name finds the opinion that has it)."""
    for cl_id, text in texts:
        store.add_record(_record(cl_id, text))
    name = next(w for _, t in texts for w in t.split() if re.fullmatch(r"[A-Z][a-z]+-[A-Z][a-z]+", w))
    hits = store.search(name)
    assert hits and all(name.lower() in store.get_opinion(h.id).text.lower() for h in hits)
    for query in ("-foo", '"clearly established', "AND AND", "NEAR(", "x:y", "*"):
        assert isinstance(store.search(query), list)


@pytest.mark.parametrize("query, match", [
    ("excessive force AND handcuffed", '"excessive" "force" "handcuffed"'),
    ('"deliberate indifference" AND inmate', '"deliberate indifference" "inmate"'),
    ("a AND AND b", '"a" "b"'),
    ("x and y", '"x" "and" "y"'),          # lower-case: a word
    ('x "AND" y', '"x" "AND" "y"'),         # quoted: a word
    ("AND x", '"AND" "x"'),                 # leading / trailing / alone: a word
    ("x AND", '"x" "AND"'),
    ("AND AND", '"AND" "AND"'),
    ("x OR y", '"x" "OR" "y"'),             # only AND is read as a connector (every word is required anyway)
])
def test_plain_search_reads_a_bare_AND_between_words_as_the_connector(query: str, match: str) -> None:
    from fairwarning.corpus.store import escape_fts

    assert escape_fts(query) == match


def test_plain_AND_connector_finds_what_the_words_alone_find(store: Store, texts: list) -> None:
    for cl_id, text in texts:
        store.add_record(_record(cl_id, text))
    assert [h.id for h in store.search("court AND appeal")] == [h.id for h in store.search("court appeal")]
    assert store.search("court AND appeal")
