"""Memo rendering from one structured result: the formats carry the same content; HTML escapes input."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document

from fairwarning.analysis import memo_text, render_memo
from fairwarning.analysis.assess import assess
from fairwarning.analysis.outline import Heading, outline
from fairwarning.errors import InputError
from test_analysis_assess import _cand, _ctx, _fields, _incident


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    inc = _incident(facts="The officer <script>alert(1)</script> tased a handcuffed man & laughed.")
    cands = [_cand(1, fields=_fields()), _cand(2, date="2018-01-01", fields=_fields()),
             _cand(3, fields=_fields(prong1="not_reached", qi_outcome="granted", merits_skipped=True))]
    return assess(inc, cands, _ctx())


def test_every_format_has_every_heading(result) -> None:  # type: ignore[no-untyped-def]
    headings = [b.text for b in outline(result) if isinstance(b, Heading)]
    assert "Municipal liability (Monell) against the employer" in headings
    for fmt in ("md", "html", "docx"):
        text = memo_text(render_memo(result, fmt), fmt)
        for h in headings:
            assert h in text, f"{fmt} lacks heading {h!r}"


def test_docx_is_a_real_document(result) -> None:  # type: ignore[no-untyped-def]
    data = render_memo(result, "docx")
    assert isinstance(data, bytes)
    doc = Document(io.BytesIO(data))
    assert doc.paragraphs[0].text.startswith("Clearly-established analysis")


def test_html_escapes_incident_text(result) -> None:  # type: ignore[no-untyped-def]
    html = str(render_memo(result, "html"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    # Markdown escapes it (issue 14: rendered with CommonMark a verbatim <script> was live); the reader still
    # sees the user's text
    md = str(render_memo(result, "md"))
    assert "<script>" not in md and "\\<script\\>" in md
    assert "<script>" in memo_text(md, "md")


def test_json_flags_after_conduct_and_catch22(result) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(str(render_memo(result, "json")))
    by_id = {p["opinion_id"]: p for p in data["precedents"]}
    assert by_id[2]["after_conduct"] is True and by_id[2]["authority"] == "after_conduct"
    assert by_id[3]["holding"] == "qi_granted_merits_skipped" and by_id[3]["supports"] is False
    assert data["claims"][0]["strength"] == "strong" and data["claims"][0]["supporting"] == [1]
    assert data["incident"]["conduct_date"] == "2017-06-15"


def test_unknown_format_lists_valid_ones(result) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="valid formats: md, html, docx, json"):
        render_memo(result, "pdf")
