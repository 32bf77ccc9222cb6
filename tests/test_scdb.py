"""SCDB loader: lookups against the real shared CSV, tolerant name matching, explicit failure when missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fairwarning.errors import InputError, SourceError
from fairwarning.reference import scdb


@pytest.fixture(scope="module")
def scdb_path(shared_dir: Path) -> Path:
    path = shared_dir / "reference" / "scdb" / "SCDB_2022_01_caseCentered_Citation.csv"
    assert path.is_file(), f"SCDB CSV missing at {path}"
    return path


@pytest.fixture(scope="module")
def index(scdb_path: Path) -> scdb.ScdbIndex:
    return scdb.load(scdb_path)


def test_loads_every_row(index: scdb.ScdbIndex) -> None:
    assert len(index) == 9160
    assert sum(1 for c in index.cases if c.us_cite is None) == 408


@pytest.mark.parametrize(
    ("cite", "date", "word"),
    [
        ("533 U.S. 194", dt.date(2001, 6, 18), "SAUCIER"),
        ("457 U.S. 800", dt.date(1982, 6, 24), "HARLOW"),
        ("563 U.S. 731", dt.date(2011, 5, 31), "AL-KIDD"),
        ("533 US 194", dt.date(2001, 6, 18), "SAUCIER"),
    ],
)
def test_lookup_us_cite(index: scdb.ScdbIndex, cite: str, date: dt.date, word: str) -> None:
    case = index.lookup_us_cite(cite)
    assert case is not None
    assert case.date_decided == date
    assert word in case.case_name


def test_lookup_unknown_cite_is_none(index: scdb.ScdbIndex) -> None:
    assert index.lookup_us_cite("999 U.S. 999") is None


def test_lookup_sct_cite_for_rows_without_us_cite(index: scdb.ScdbIndex) -> None:
    case = index.lookup_sct_cite("138 S. Ct. 577")
    assert case is not None and "WESBY" in case.case_name and case.us_cite is None


def test_bad_cite_is_input_error(index: scdb.ScdbIndex) -> None:
    with pytest.raises(InputError, match="VOLUME U.S. PAGE"):
        index.lookup_us_cite("533 F.3d 194")


@pytest.mark.parametrize(
    ("short", "expected_cite"),
    [
        ("Saucier v. Katz", "533 U.S. 194"),
        ("Hiibel v. Sixth Judicial Dist. Court", "542 U.S. 177"),
        ("Monell v. Dept. of Social Servs.", "436 U.S. 658"),
        ("Ashcroft v. al-Kidd", "563 U.S. 731"),
        ("DeShaney v. Winnebago County Dept. of Social Services", "489 U.S. 189"),
    ],
)
def test_find_by_name(index: scdb.ScdbIndex, short: str, expected_cite: str) -> None:
    assert expected_cite in [c.us_cite for c in index.find(name=short)]


def test_find_by_name_and_cite(index: scdb.ScdbIndex) -> None:
    found = index.find(name="Pearson v. Callahan", us_cite="555 U.S. 223")
    assert [(c.us_cite, c.date_decided) for c in found] == [("555 U.S. 223", dt.date(2009, 1, 21))]
    assert "PEARSON" in found[0].case_name
    assert index.find(name="Pearson v. Callahan", us_cite="533 U.S. 194") == []


def test_find_needs_a_criterion(index: scdb.ScdbIndex) -> None:
    with pytest.raises(InputError):
        index.find()


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        ("Saucier v. Katz", "DONALD SAUCIER v. ELLIOT M. KATZ AND IN DEFENSE OF ANIMALS", True),
        ("Katz v. Saucier", "DONALD SAUCIER v. ELLIOT M. KATZ AND IN DEFENSE OF ANIMALS", False),
        ("Brown v. Texas", "BROWN v. TEXAS", True),
        ("Brown v. Texas", "BROWN v. BOARD OF EDUCATION", False),
        ("", "BROWN v. TEXAS", False),
    ],
)
def test_names_match(short: str, full: str, expected: bool) -> None:
    assert scdb.names_match(short, full) is expected


def test_missing_path_is_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        scdb.load(tmp_path / "nope.csv")


def test_env_var_pointing_nowhere_is_source_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(scdb.ENV_VAR, str(tmp_path / "missing.csv"))
    with pytest.raises(SourceError, match=scdb.ENV_VAR):
        scdb.default_scdb_path()


def test_env_var_is_used(scdb_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(scdb.ENV_VAR, str(scdb_path))
    assert scdb.default_scdb_path() == scdb_path
    case = scdb.lookup_us_cite("555 U.S. 223")
    assert case is not None and "PEARSON" in case.case_name


def test_not_an_scdb_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SourceError, match="missing columns"):
        scdb.load(bad)


def test_us_cite_coverage(index: scdb.ScdbIndex) -> None:
    assert index.us_volume_range == (329, 579)
    assert index.covers_us_cite("533 U.S. 194")
    assert not index.covers_us_cite("583 U.S. 48")  # Wesby: SCDB has the case but no U.S. cite
    assert not index.covers_us_cite("300 U.S. 1")
