"""clean_text and text_hash: table-driven cases, real corpus HTML, and hypothesis invariants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairwarning.corpus.text import clean_text, html_to_text, looks_like_html, text_hash, unescape_entities

CLEAN_CASES = [
    ("crlf", "a\r\nb\rc", "a\nb\nc"),
    ("form feed is a paragraph break", "page one\fpage two", "page one\n\npage two"),
    ("ligatures", "\ufb01nding of \ufb02ight", "finding of flight"),
    ("nbsp", "42\u00a0U.S.C.\u00a0\u00a7 1983", "42 U.S.C. \u00a7 1983"),
    ("soft hyphen and zero width", "qual\u00adi\u200bfied", "qualified"),
    ("trailing blanks", "line   \nnext\t\n", "line\nnext"),
    ("blank runs", "a\n\n\n\n\nb", "a\n\nb"),
    ("leading indentation kept", "     PER CURIAM.  We affirm.", "     PER CURIAM.  We affirm."),
]


@pytest.mark.parametrize(("name", "raw", "expected"), CLEAN_CASES, ids=[c[0] for c in CLEAN_CASES])
def test_clean_text_plain(name: str, raw: str, expected: str) -> None:
    assert clean_text(raw, html=False) == expected


HTML_CASES = [
    ("paragraphs", "<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
    ("br", "<p>A<br>v.<br>B</p>", "A\nv.\nB"),
    ("inline whitespace collapses", "<p>a\n   b\t c</p>", "a b c"),
    ("pre verbatim", '<pre class="inline">  No. 1\n\n   v.</pre>', "  No. 1\n\n   v."),
    ("entities", "<p>Smith &amp; Jones &sect; 5</p>", "Smith & Jones \u00a7 5"),
    ("script dropped", "<div><script>x=1</script><p>Text</p></div>", "Text"),
    (
        "citation spans",
        '<p><span class="citation"><a href="/x">386 U.S. 547</a></span> (1967)</p>',
        "386 U.S. 547 (1967)",
    ),
]


@pytest.mark.parametrize(("name", "raw", "expected"), HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_clean_text_html(name: str, raw: str, expected: str) -> None:
    assert looks_like_html(raw)
    assert clean_text(raw) == expected


def test_real_scotus_html_keeps_caption_and_paragraphs(corpus_dir: Path) -> None:
    obj = json.loads((corpus_dir / "scotus/opinions/107411.json").read_text(encoding="utf-8"))
    text = clean_text(obj["html_with_citations"], html=True)
    assert text.startswith("386 U.S. 547 (1967)\n\nPIERSON ET AL.\nv.\nRAY ET AL.")
    assert "Decided April 11, 1967." in text
    assert "<" not in text[:2000]
    assert "\n\n" in text and "\n\n\n" not in text
    assert len(text) > 30000
    # the same opinion from its two HTML fields gives the same dedup key modulo citation-link markup
    assert text_hash(clean_text(obj["html_lawbox"], html=True)) == text_hash(text)


def test_pre_html_and_plain_text_of_one_opinion_hash_equal() -> None:
    plain = "          United States Court of Appeals\n\nSmith &amp; Jones,\n\n   Appellants.\n"
    html = '<pre class="inline">          United States Court of Appeals\n\nSmith &amp; Jones,\n\n   Appellants.\n</pre>'
    assert clean_text(html, html=True) == clean_text(unescape_entities(plain), html=False)


def test_unescape_entities_only_when_present() -> None:
    assert unescape_entities("Smith &amp; Nevares") == "Smith & Nevares"
    assert unescape_entities("AT&T v. Smith") == "AT&T v. Smith"


def test_html_to_text_empty() -> None:
    assert html_to_text("   ") == ""


def test_text_hash_folds_quotes_case_and_whitespace() -> None:
    a = "The court held that \u201cclearly established\u201d law \u2014 governs."
    b = 'the  COURT held that "clearly established"\nlaw - governs.'
    assert text_hash(a) == text_hash(b)
    assert text_hash(a) != text_hash(a + " Reversed.")
    assert len(text_hash("x")) == 64


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@given(texts)
def test_clean_text_idempotent(raw: str) -> None:
    once = clean_text(raw, html=False)
    assert clean_text(once, html=False) == once


@given(
    st.lists(st.text(alphabet="abcdefgh.,;'\"", min_size=1, max_size=12), min_size=1, max_size=30), st.data()
)
def test_text_hash_stable_under_whitespace(words: list[str], data: st.DataObject) -> None:
    seps = [data.draw(st.sampled_from([" ", "  ", "\n", "\t", "\n\n  ", "\u00a0"])) for _ in words]
    spaced = "".join(w + s for w, s in zip(words, seps, strict=True))
    assert text_hash(spaced) == text_hash(" ".join(words))


@given(st.lists(st.text(alphabet="abc xyz.", min_size=1, max_size=20), min_size=1, max_size=8))
def test_html_paragraphs_round_trip(paragraphs: list[str]) -> None:
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    text = clean_text(html)
    assert clean_text(text, html=False) == text
    for p in paragraphs:
        if p.strip():
            assert " ".join(p.split()) in text
