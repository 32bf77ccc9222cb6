"""Citation extraction, folding and normalization (fairwarning.corpus.citations)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from eyecite import get_citations
from eyecite.models import FullCaseCitation
from eyecite.tokenizers import default_tokenizer
from hypothesis import given
from hypothesis import strategies as st

from fairwarning.corpus import citations
from fairwarning.corpus.citations import extract_citations, fold_ascii, normalize_cite, scdb_check

NORMALIZE_CASES = [
    ("457 U. S. 800", "457 U.S. 800"),
    ("533 US 194", "533 U.S. 194"),
    ("911 F. 2d 812", "911 F.2d 812"),
    ("911 F.2d 812", "911 F.2d 812"),
    ("12 F.Supp.2d 34", "12 F. Supp. 2d 34"),
    ("100 S.Ct. 1", "100 S. Ct. 1"),
    ("5 So.2d 3", "5 So. 2d 3"),
    ("  3   F.3d   12 ", "3 F.3d 12"),
    ("1 Foo Bar 2", None),
    ("not a citation", None),
    ("F.2d 812", None),
]


@pytest.mark.parametrize(("raw", "expected"), NORMALIZE_CASES)
def test_normalize_cite(raw: str, expected: str | None) -> None:
    assert normalize_cite(raw) == expected


@given(st.text())
def test_fold_ascii_keeps_length(text: str) -> None:
    folded = fold_ascii(text)
    assert len(folded) == len(text)
    assert all(a == b or not b.isascii() for a, b in zip(folded, text, strict=True))


def test_fold_ascii_maps_dashes_quotes_spaces() -> None:
    assert fold_ascii("509\u201310 \u201cfoo\u201d it\u2019s\u00a0x\u2014y") == "509-10 \"foo\" it's x-y"


def test_spans_point_into_original_text_with_non_ascii_dashes() -> None:
    text = (
        "See Tennessee v. Garner, 471 U.S. 1, 11\u201312 (1985); Graham v. Connor, 490 U.S. 386, 396\u201397 "
        "(1989) (\u201cobjective reasonableness\u201d). Graham, 490 U.S. at 396\u201397. Id. at 397."
    )
    found = extract_citations(text)
    for c in found:
        assert text[c.start : c.end] == c.matched_text
    assert [(c.kind, c.normalized) for c in found] == [
        ("full", "471 U.S. 1"),
        ("full", "490 U.S. 386"),
        ("short", "490 U.S. 386"),
        ("id", "490 U.S. 386"),
    ]
    short = found[2]
    assert short.matched_text == "490 U.S. at 396\u201397"  # the pin cite next to an en dash is kept


def test_supra_resolves_to_its_full_citation() -> None:
    text = "Harlow v. Fitzgerald, 457 U. S. 800, 818 (1982). Later: Harlow, supra, at 819."
    kinds = [(c.kind, c.normalized) for c in extract_citations(text)]
    assert kinds == [("full", "457 U.S. 800"), ("supra", "457 U.S. 800")]


def test_empty_text_has_no_citations() -> None:
    assert extract_citations("") == []
    assert extract_citations("   \n") == []


@pytest.mark.parametrize(
    ("cite", "expected"),
    [
        ("457 U.S. 800", True),  # Harlow v. Fitzgerald
        ("533 U.S. 194", True),  # Saucier v. Katz
        ("550 U.S. 911", False),  # a certiorari denial: an order, not an SCDB case
        ("1 U.S. 1", None),  # before SCDB's first volume
        ("911 F.2d 812", None),  # not a Supreme Court citation
        ("2009 U.S. Dist. LEXIS 51497", None),  # "U.S." inside a vendor cite: not U.S. Reports
        ("550 U.S. ___", None),  # blank page: cannot be checked
        ("999 U.S. 1", None),  # after SCDB's last volume with U.S. cites
        (None, None),
    ],
)
def test_scdb_check(cite: str | None, expected: bool | None) -> None:
    assert scdb_check(cite) is expected


def _ca1_texts(corpus_dir: Path, n: int) -> list[str]:
    files = sorted((corpus_dir / "courtlistener-ca1" / "opinions").glob("*.json"))
    texts = []
    for path in files[::37]:
        text = json.loads(path.read_text(encoding="utf-8")).get("plain_text") or ""
        if len(text) > 2000:
            texts.append(text)
        if len(texts) == n:
            break
    assert len(texts) == n, "the shared corpus has fewer usable First Circuit texts than expected"
    return texts


def test_same_full_citations_as_default_tokenizer_on_real_opinions(corpus_dir: Path) -> None:
    """The hyperscan tokenizer on folded text finds the same full case citations as eyecite's default
    tokenizer on the same folded text (spans and normalized cites)."""
    for text in _ca1_texts(corpus_dir, 6):
        ours = [(c.start, c.end, c.normalized) for c in extract_citations(text) if c.kind == "full"]
        theirs = [
            (c.span()[0], c.span()[1], c.corrected_citation())
            for c in get_citations(fold_ascii(text), tokenizer=default_tokenizer)
            if isinstance(c, FullCaseCitation)
        ]
        assert [s[:2] for s in ours] == [s[:2] for s in theirs]
        assert len(ours) > 0
        for (_, _, norm), (_, _, corrected) in zip(ours, theirs, strict=True):
            assert norm == (normalize_cite(corrected) or corrected)


def test_fresh_cache_is_built_once_by_concurrent_processes(tmp_path: Path) -> None:
    """Two processes starting on an empty cache directory both work and leave one complete cache file."""
    code = (
        "from fairwarning.corpus.citations import extract_citations;"
        "print(extract_citations('Graham v. Connor, 490 U.S. 386 (1989)')[0].normalized)"
    )
    env = {**os.environ, "FAIRWARNING_CACHE_DIR": str(tmp_path / "cache")}
    procs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=600)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outputs == ["490 U.S. 386", "490 U.S. 386"]
    cached = list((tmp_path / "cache" / "hyperscan").iterdir())
    assert len(cached) == 1 and cached[0].stat().st_size > 1_000_000


def test_cache_dir_is_per_user_and_overridable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FAIRWARNING_CACHE_DIR", str(tmp_path))
    assert citations.tokenizer_cache_dir() == tmp_path / "hyperscan"
    monkeypatch.delenv("FAIRWARNING_CACHE_DIR")
    assert "fairwarning" in str(citations.tokenizer_cache_dir())


def test_court_by_paren_equals_eyecite() -> None:
    """Our precomputed court lookup gives eyecite's answer for every courts-db citation string, its prefixes
    and with a year appended."""
    from courts_db import courts
    from eyecite.helpers import get_court_by_paren

    from fairwarning.corpus.citations import court_by_paren

    candidates = {"", "  ", "1st Cir. 1990", "D. Mass.", "N.D. Cal. 2001", "Tex. App.", "Xyz"}
    for court in courts:
        cite = court["citation_string"]
        candidates |= {cite, cite[: max(1, len(cite) // 2)], f"{cite} 1999"}
    mismatches = [c for c in sorted(candidates) if court_by_paren(c) != get_court_by_paren(c)]
    assert mismatches == []


def test_eyecite_is_restored_after_extraction() -> None:
    from eyecite import find, helpers

    before = (helpers.get_court_by_paren, find.extract_reference_citations)
    extract_citations("Graham v. Connor, 490 U.S. 386 (1989)")
    assert (helpers.get_court_by_paren, find.extract_reference_citations) == before


@pytest.mark.parametrize(
    ("head", "own", "rest"),
    [  # real opinion heads from the shared corpus, with one citation the opinion makes appended
        ("102 Ariz. 221 (1967) 427 P.2d 913 Arthur Lee ARD, Petitioner, v. The STATE. See 5 Ariz. 3.",
         ("102 Ariz. 221", "427 P.2d 913"), ["5 Ariz. 3"]),
        ("961 F.2d 217 NOTICE: Ninth Circuit Rule 36-3 provides ... see 5 F.2d 6", ("961 F.2d 217",), ["5 F.2d 6"]),
        ("176 So. 2d 399 (1965) 247 La. 1121 Joseph Edmond QUINETTE, Jr. Cf. 12 So. 2d 4",
         ("176 So. 2d 399", "247 La. 1121"), ["12 So. 2d 4"]),
        ("UNITED STATES COURT OF APPEALS. See Graham v. Connor, 490 U.S. 386 (1989).", (), ["490 U.S. 386"]),
    ],
)
def test_split_header_citations(head: str, own: tuple[str, ...], rest: list[str]) -> None:
    from fairwarning.corpus.citations import split_header_citations

    got_own, got_rest = split_header_citations(head, extract_citations(head))
    assert got_own == own
    assert [c.normalized for c in got_rest] == rest
