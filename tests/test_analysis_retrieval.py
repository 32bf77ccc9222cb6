"""Retrieval on the labeled shared-corpus store: the time filter, the protocol, and the ranker vs BM25."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from fairwarning.analysis import RetrievalQuery, evaluate_retrieval, queries, rank
from fairwarning.analysis.evaluate import build_queries, facts_section
from fairwarning.analysis.retrieval import generic_standard_ids, query_terms
from fairwarning.errors import InputError
from test_analysis_support import labeled_store


@pytest.fixture(scope="module")
def conn(corpus_db: Path) -> sqlite3.Connection:
    c = sqlite3.connect(labeled_store(corpus_db))
    c.row_factory = sqlite3.Row
    return c


def test_query_terms_drop_stopwords_and_keep_order() -> None:
    assert query_terms("The officer tased the handcuffed man; the officer ran.") == ["officer", "tased", "handcuffed", "man", "ran"]


def test_facts_section_takes_the_background_and_blanks_citations() -> None:
    text = ("Caption\n\nI. BACKGROUND\n\nThe officer stopped Smith. See Graham v. Connor, 490 U.S. 386 (1989). "
            + "He waited. " * 30 + "\n\nII. DISCUSSION\n\nWe hold the stop was lawful.")
    start = text.index("490 U.S. 386")
    out = facts_section(text, [(start, start + len("490 U.S. 386"))])
    assert "officer stopped Smith" in out
    assert "490" not in out and "Graham" not in out and "DISCUSSION" not in out and "lawful" not in out


@pytest.mark.parametrize("ranker", ["fairwarning", "bm25"])
def test_only_decisions_before_the_conduct_are_ranked(conn: sqlite3.Connection, ranker: str) -> None:
    day = dt.date(2000, 1, 1)
    q = RetrievalQuery("police officer used excessive force with a taser during an arrest", day, "MA",
                       ("4A_excessive_force",))
    ranked = rank(conn, q, ranker=ranker, limit=20)
    assert ranked
    ids = [r.opinion_id for r in ranked]
    dates = {r[0]: r[1] for r in conn.execute(
        f"SELECT id, date_decided FROM opinions WHERE id IN ({','.join('?' * len(ids))})", ids)}
    assert all(dates[i] and dates[i] < day.isoformat() for i in ids)


def test_unknown_ranker_lists_valid_ones(conn: sqlite3.Connection) -> None:
    with pytest.raises(InputError, match="valid rankers: fairwarning, bm25"):
        rank(conn, RetrievalQuery("x y z", dt.date(2000, 1, 1), "MA"), ranker="magic")


def test_protocol_relevant_sets_exclude_self_and_generic_cases(conn: sqlite3.Connection) -> None:
    queries, skipped, n_qi = build_queries(conn)
    assert queries and n_qi == len(queries) + skipped
    generic = generic_standard_ids(conn)
    assert generic, "the shared corpus holds Harlow, Saucier, Pearson ...: they must be recognized"
    for q in queries:
        assert q.relevant and q.opinion_id not in q.relevant and not (q.relevant & generic)
        assert q.opinion_id in q.query.exclude


def test_ranker_beats_bm25_on_recall_at_10(conn: sqlite3.Connection) -> None:
    report = evaluate_retrieval(conn)
    scores = {s.ranker: s for s in report.scores}
    assert report.queries > 0
    assert scores["fairwarning"].recall[10] > scores["bm25"].recall[10]


def test_resolve_cites_agrees_with_resolve_cite_in_one_query(conn: sqlite3.Connection) -> None:
    """The batched lookup gives, for every stored cite (those of several opinions too) and a cite the store lacks,
    exactly what one query per cite gives."""
    cites = [r[0] for r in conn.execute("SELECT DISTINCT cite FROM reporter_citations")] + ["999 U.S. 999"]
    shared = conn.execute("SELECT COUNT(*) FROM (SELECT cite FROM reporter_citations GROUP BY cite HAVING COUNT(*) > 1)")
    assert len(cites) > 100 and shared.fetchone()[0] > 0
    one_by_one = {c: oid for c in cites if (oid := queries.resolve_cite(conn, c)) is not None}
    assert queries.resolve_cites(conn, cites) == one_by_one
    assert "999 U.S. 999" not in one_by_one


def test_fts_among_and_contains_agree_with_a_per_id_reading(corpus_db: Path) -> None:
    """The one-pass ranking of candidates (and the rowid lookups for a phrase) give what FTS5 gives for each id
    alone, on the shared corpus (where every bounded query fits its budget whole)."""
    import sqlite3

    from fairwarning.analysis import queries

    conn = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    ids = [int(r[0]) for r in conn.execute("SELECT id FROM opinions ORDER BY id LIMIT 400")]
    match = '"excessive force" OR "probable cause" OR "handcuffed" OR "retaliation"'
    one_by_one = {}
    for i in ids:
        row = conn.execute("SELECT -bm25(opinions_fts) FROM opinions_fts WHERE opinions_fts MATCH ? AND rowid = ?",
                           (match, i)).fetchone()
        if row:
            one_by_one[i] = float(row[0])
    among = queries.fts_among(conn, match, ids)
    assert among.keys() == one_by_one.keys() and len(among) > 20
    assert all(abs(among[i] - one_by_one[i]) < 1e-9 for i in among)
    says = queries.fts_contains(conn, '"qualified immunity"', ids)
    assert says == {i for i in ids if "qualified immunity" in " ".join(
        str(conn.execute("SELECT text FROM opinions WHERE id = ?", (i,)).fetchone()[0]).lower().split())}
    assert says
