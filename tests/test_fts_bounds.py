"""Bounded full-text queries: an OR of many phrases keeps its rarest phrases within a postings budget."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fairwarning.analysis import queries
from fairwarning.corpus.store import Store

WORDS = ["officer", "taser", "handcuffed", "retaliation", "window", "sticker", "arrest", "told", "qualified immunity"]


@pytest.fixture(scope="module")
def conn(corpus_db: Path) -> sqlite3.Connection:
    return Store(corpus_db, readonly=True).conn


def _df(conn: sqlite3.Connection, phrase: str) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM opinions_fts WHERE opinions_fts MATCH ?", (phrase,)).fetchone()[0])


def test_bounded_match_keeps_the_rarest_phrases_within_the_budget(conn: sqlite3.Connection) -> None:
    parts = [f'"{w}"' for w in WORDS]
    match = " OR ".join(parts)
    dfs = {p: _df(conn, p) for p in parts}
    assert queries.bounded_match(conn, match, budget=sum(dfs.values())) == match  # fits: unchanged
    budget = sorted(dfs.values())[len(parts) // 2] * 2
    kept = queries.bounded_match(conn, match, budget=budget).split(" OR ")
    assert kept == [p for p in parts if p in kept]  # the caller's order
    assert 0 < sum(dfs[p] for p in kept) <= budget
    rarest = sorted((d, i) for i, (p, d) in enumerate(dfs.items()) if d > 0)
    assert kept[0] == parts[min(i for _, i in rarest[: len(kept)])]
    assert all(dfs[p] <= min(dfs[q] for q in parts if q not in kept and dfs[q] > 0) for p in kept)
    # at least the rarest phrase, even over the budget; the AND shape keeps its tail; other shapes pass through
    assert queries.bounded_match(conn, match, budget=1) == parts[min(rarest)[1]]
    anded = queries.bounded_match(conn, f'({match}) AND "qualified immunity"', budget=budget)
    assert anded == f'({" OR ".join(kept)}) AND "qualified immunity"'
    assert queries.bounded_match(conn, '"officer" AND "taser"', budget=1) == '"officer" AND "taser"'
    hits = queries.fts_search(conn, match, limit=5, budget=budget)
    assert hits and hits == queries.fts_search(conn, " OR ".join(kept), limit=5, budget=None)
