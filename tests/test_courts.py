"""courts: the packaged alias examples, names, citation strings, URLs, and errors."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from fairwarning.errors import InputError
from fairwarning.reference.courts import court_aliases, court_from_name, court_from_url, court_name, is_court


def _examples() -> list[dict[str, str]]:
    path = resources.files("fairwarning.reference").joinpath("data/court_aliases.json")
    return list(json.loads(path.read_text(encoding="utf-8"))["examples"])


@pytest.mark.parametrize("example", _examples(), ids=lambda e: e["text"])
def test_alias_table_examples(example: dict[str, str]) -> None:
    assert court_from_name(example["text"]) == example["court_id"]


def test_alias_table_targets_are_courts_and_canonical() -> None:
    path = resources.files("fairwarning.reference").joinpath("data/court_aliases.json")
    raw = path.read_text(encoding="utf-8")
    data = json.loads(raw)
    assert list(data["aliases"]) == sorted(data["aliases"]), "sort the aliases keys in court_aliases.json"
    assert all(is_court(c) for c in court_aliases().values())


NAME_CASES = [
    ("Court of Appeals for the Fourth Circuit", "ca4"),
    ("United States Court of Appeals For the First Circuit", "ca1"),
    ("UNITED STATES COURT OF APPEALS FOR THE D.C. CIRCUIT", "cadc"),
    ("11th Cir.", "ca11"),
    ("S.D.N.Y.", "nysd"),
    ("Supreme Court of Indiana", "ind"),
    ("California Court of Appeal", "calctapp"),
    ("District Court, D. Arizona", "azd"),
    ("Bankruptcy Appellate Panel of the First Circuit Court of Appeals", None),  # not a court of appeals
    ("", None),
    ("Court of Nowhere at All", None),
]


@pytest.mark.parametrize(("name", "expected"), NAME_CASES)
def test_court_from_name(name: str, expected: str | None) -> None:
    got = court_from_name(name)
    if expected is None and name.startswith("Bankruptcy"):
        assert got != "ca1"
    else:
        assert got == expected


URL_CASES = [
    ("http://www.ca1.uscourts.gov/pdf.opinions/08-2575P-01A.pdf", "ca1"),
    ("http://media.ca1.uscourts.gov/pdf.opinions/12-1573P-01A.pdf", "ca1"),
    ("http://www.ca2.uscourts.gov/decisions/isysquery/x/2/doc/08-4882_so.pdf", "ca2"),
    ("http://pacer.ca4.uscourts.gov/opinion.pdf/016322.U.pdf", "ca4"),
    ("/api/rest/v2/jurisdiction/scotus/", "scotus"),
    ("http://www.courtlistener.com/api/rest/v3/courts/ca4/", "ca4"),
    ("http://bulk.resource.org/courts.gov/c/F2/226/226.F2d.215.242.23367_1.html", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("url", "expected"), URL_CASES)
def test_court_from_url(url: str | None, expected: str | None) -> None:
    assert court_from_url(url) == expected


def test_court_name_and_is_court() -> None:
    assert "First Circuit" in court_name("ca1")
    assert is_court("scotus") and not is_court("ca99") and not is_court(None)


def test_unknown_court_id_lists_close_ones() -> None:
    with pytest.raises(InputError, match="ca1"):
        court_name("ca1x")
