"""Supreme Court opinions: the court's opinion is segmented from the syllabus, concurrences, dissents and their
footnotes (every Supreme Court text in ../shared/corpus), every label's evidence lies in the majority or its
footnotes, and the per-right readings of the Court's qualified-immunity decisions match a table of expected
readings with the quotes that support them (tests/fixtures/scotus_rulings.json)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from fairwarning.labeler import label_opinion
from fairwarning.labeler.parts import court_spans, opinion_parts

TABLE = json.loads((Path(__file__).parent / "fixtures" / "scotus_rulings.json").read_text(encoding="utf-8"))["cases"]


def _collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _texts(corpus_db: Path, where: str = "court_id = 'scotus'", args: tuple[Any, ...] = ()) -> list[tuple[int, str, str, str]]:
    conn = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    try:
        return list(conn.execute(f"SELECT id, case_name, date_decided, text FROM opinions WHERE {where} ORDER BY id", args))
    finally:
        conn.close()


def test_every_supreme_court_text_is_segmented_and_its_evidence_is_the_courts(corpus_db: Path) -> None:
    rows = _texts(corpus_db)
    assert len(rows) >= 50  # both scotus folders and the Supreme Court opinions of the sample
    decided = 0
    for oid, name, _, text in rows:
        parts = opinion_parts(text)
        assert parts[0].start == 0 and parts[-1].end == len(text), name
        assert all(a.end == b.start for a, b in zip(parts, parts[1:], strict=False)), name
        spans = court_spans(text)
        assert spans, name
        label = label_opinion(text, court_id="scotus")
        decided += label.qi_decided
        evidence = list(label.evidence) + [e for r in label.rulings for e in r.evidence]
        for e in evidence:
            if e.field == "published":
                continue  # a header fact (the reporter line), not a reading of the opinion
            assert any(a <= e.start and e.end <= b for a, b in spans), (oid, name, e.field, e.cue, e.text[:120])
    assert decided >= 12


@pytest.mark.parametrize(("case_name", "starts"), [
    ("Anderson v. Creighton", "*647 JUSTICE STEVENS, with whom"),  # a header after "It is so ordered." and a page star
    ("Lane v. Franks", "JUSTICE THOMAS, with whom"),  # slip opinion
    ("Mitchell v. Forsyth", "*536B CHIEF JUSTICE BURGER, concurring in part."),
    ("Brosseau v. Haugen", "JUSTICE BREYER, with whom"),  # a one-paragraph concurrence before a dissent
    ("Harlow v. Fitzgerald", "JUSTICE BRENNAN, with whom"),
])
def test_the_first_separate_opinion_ends_the_majority(corpus_db: Path, case_name: str, starts: str) -> None:
    (_, _, _, text), = _texts(corpus_db, "court_id = 'scotus' AND case_name = ?", (case_name,))
    parts = opinion_parts(text)
    first = next(p for p in parts if p.kind in ("concurrence", "dissent"))
    assert text[first.start:].startswith(starts)
    majority = next(p for p in parts if p.kind == "majority")
    assert majority.end == first.start


def test_majority_footnotes_printed_after_the_dissent_are_the_courts(corpus_db: Path) -> None:
    (_, _, _, text), = _texts(corpus_db, "court_id = 'scotus' AND case_name = 'Brosseau v. Haugen'")
    note = text.index("[3] We have no occasion in this case to reconsider our instruction in Saucier")
    dissent_note = text.index("[1] Although Brosseau attested")
    spans = court_spans(text)
    assert any(a <= note < b for a, b in spans)
    assert not any(a <= dissent_note < b for a, b in spans)
    assert not any(a <= text.index("In my judgment, the answer to the constitutional question") < b for a, b in spans)


def test_syllabus_is_not_the_courts_opinion(corpus_db: Path) -> None:
    (_, _, _, text), = _texts(corpus_db, "court_id = 'scotus' AND case_name = 'Reichle v. Howards'")
    held = text.index("Held:")
    assert not any(a <= held < b for a, b in court_spans(text))


@pytest.mark.parametrize("oid,first_words", [(1920, "HAMILTON, Circuit Judge, dissenting in part."),
                                             (264, "TORRUELLA, Circuit Judge (Dissenting).")])
def test_circuit_separate_writings_are_cut(corpus_db: Path, oid: int, first_words: str) -> None:
    (_, _, _, text), = _texts(corpus_db, "id = ?", (oid,))
    parts = opinion_parts(text)
    assert [p.kind for p in parts][0] == "majority" and parts[0].start == 0
    assert text[parts[1].start:].lstrip().startswith(first_words)


def _row_id(row: dict[str, Any]) -> str:
    return row["case_name"] + (" (open)" if row.get("open") else "")


@pytest.mark.parametrize("row", [pytest.param(r, marks=pytest.mark.xfail(strict=True, reason=r["open"]))
                                 if r.get("open") else r for r in TABLE], ids=_row_id)
def test_supreme_court_qi_readings(corpus_db: Path, row: dict[str, Any]) -> None:
    (_, _, _, text), = _texts(corpus_db, "court_id = 'scotus' AND case_name LIKE ? AND date_decided = ?",
                              (f"%{row['case_name'].split(' v. ')[0]}%", row["date"]))
    collapsed = _collapse(text)
    spans = court_spans(text)
    for quote in row["quotes"]:
        assert quote in collapsed, f"quote not verbatim in {row['case_name']}: {quote[:80]}"
        at = _collapse_index(text, quote)
        assert any(a <= at < b for a, b in spans), f"quote outside the majority: {quote[:80]}"
    label = label_opinion(text, court_id="scotus", date_decided=row["date"])
    for name in ("qi_decided", "qi_outcome", "prong1", "prong2", "merits_skipped"):
        if name in row:
            assert getattr(label, name) == row[name], (name, getattr(label, name))
    if "qi_outcome" in row:
        assert label.qi_decided
    for right in row.get("rights", ()):
        assert right in label.rights, label.rights
    for right in row.get("not_rights", ()):
        assert right not in label.rights, label.rights
    if "merits" in row:
        m = row["merits"]
        r = label.ruling_for(m["right"])
        assert r is not None and not r.qi_decided and r.qi_outcome is None, label.rulings
        assert r.prong1 == m["prong1"] and r.prong2 == "not_reached" and r.evidence
    if "ruling" in row:
        r = label.ruling_for(row["ruling"]["right"])
        assert r is not None
        for k, v in row["ruling"].items():
            assert getattr(r, k) == v, (k, getattr(r, k))
        assert r.evidence


def _collapse_index(text: str, quote: str) -> int:
    """Offset in ``text`` of ``quote`` (whitespace-insensitive)."""
    words = quote.split()
    rx = r"\s+".join(re.escape(w) for w in words)
    m = re.search(rx, text)
    assert m is not None
    return m.start()
