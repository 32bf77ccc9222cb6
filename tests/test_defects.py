"""Defects: converter output and empty texts are rejected; errata sheets and short orders are flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairwarning.corpus.defects import assess_text, choose_text
from fairwarning.corpus.text import clean_text


def _field(corpus_dir: Path, rel: str, field: str) -> str:
    obj = json.loads((corpus_dir / rel).read_text(encoding="utf-8"))
    raw = obj[field]
    return clean_text(raw, html=field.startswith("html") or field == "HTMLtext")


# (file, field, expected reject, expected document type)
REAL = [
    ("courtlistener-ca1/opinions/194492.json", "plain_text", "not_an_opinion", None),  # wpd2html usage
    ("courtlistener-ca1/opinions/194795.json", "plain_text", "not_an_opinion", None),  # usage + traceback
    ("courtlistener-sample/opinions/2738152.json", "Case_Text", "not_an_opinion", None),  # extraction failure
    ("courtlistener-sample/opinions/859599.json", "Case_Text", "not_an_opinion", None),
    ("courtlistener-ca1/opinions/194492.json", "html", None, "opinion"),  # the same opinion's real text
    ("courtlistener-ca1/opinions/147477.json", "plain_text", None, "errata"),  # ERRATA SHEET
    ("courtlistener-ca1/opinions/194544.json", "plain_text", None, "errata"),  # old-format errata sheet
    ("courtlistener-sample/opinions/3253699.json", "HTMLtext", None, "order"),  # "Affirmed."
    ("courtlistener-sample/opinions/2069885.json", "HTMLtext", None, "order"),  # "Transfer denied."
    ("courtlistener-ca1/opinions/183761.json", "plain_text", None, "opinion"),  # short per curiam opinion
    ("scotus/opinions/145738.json", "plain_text", None, "opinion"),  # Scott v. Harris
]


@pytest.mark.parametrize(
    ("rel", "field", "reject", "doc_type"), REAL, ids=[f"{r[0].split('/')[-1]}:{r[1]}" for r in REAL]
)
def test_real_texts(corpus_dir: Path, rel: str, field: str, reject: str | None, doc_type: str | None) -> None:
    got = assess_text(_field(corpus_dir, rel, field))
    assert got.reject == reject, got.detail
    if doc_type:
        assert got.document_type == doc_type


SYNTHETIC = [
    ("", "empty", None),
    ("   \n\n  ", "empty", None),
    ("*Page 1 12 --", "empty", None),
    ('Traceback (most recent call last):\n  File "x", line 9', "not_an_opinion", None),
    ("Appeal dismissed.", None, "order"),
    ("hello", "not_an_opinion", None),  # a stray note is no opinion
    ("TODO: paste the text here", "not_an_opinion", None),
    ("Affirmed.", None, "order"),
    ("ORDER\n\nThe motion for rehearing is denied.", None, "order"),
]


@pytest.mark.parametrize(("text", "reject", "doc_type"), SYNTHETIC)
def test_synthetic(text: str, reject: str | None, doc_type: str | None) -> None:
    got = assess_text(text)
    assert got.reject == reject
    if doc_type:
        assert got.document_type == doc_type


def test_every_short_real_text_has_decision_wording(corpus_dir: Path) -> None:
    """The short-text rule rejects none of the shared corpus's short opinions ("Affirmed.", one-line orders)."""
    from fairwarning.corpus.sources import discover, read_records
    from fairwarning.models import Rejection

    inputs, companions, _ = discover([corpus_dir / "courtlistener-sample"])
    short, wordless = 0, []
    for f in inputs:
        for r in read_records(f, companions):
            if isinstance(r, Rejection):
                wordless += [r.path] if "no word of a court decision" in r.detail else []
            elif len(r.text) < 400:
                short += 1
    assert wordless == [] and short >= 50


def test_long_opinion_quoting_errata_is_an_opinion() -> None:
    text = "The court noted the errata sheet. " + "Discussion of the merits follows. " * 600
    assert assess_text(text).document_type == "opinion"


def test_choose_text_skips_a_usage_message(corpus_dir: Path) -> None:
    usage = _field(corpus_dir, "courtlistener-ca1/opinions/194492.json", "plain_text")
    real = _field(corpus_dir, "courtlistener-ca1/opinions/194492.json", "html")
    text, field, assessment = choose_text([("plain_text", usage), ("html", real)])
    assert field == "html" and text == real and assessment.ok
    assert len(assessment.skipped) == 1 and assessment.skipped[0].startswith("plain_text: text is a converter")


def test_choose_text_reports_the_worst_reason() -> None:
    text, field, assessment = choose_text(
        [("a", "   "), ("b", "Usage: wpd2html [OPTION] <file>\n--help  Shows this help message")]
    )
    assert text == "" and field == "b" and assessment.reject == "not_an_opinion"
    assert choose_text([])[2].reject == "empty"
