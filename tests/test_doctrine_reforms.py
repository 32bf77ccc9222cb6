"""State reforms: effective dates, places, New York City locality, and the table's examples."""

from __future__ import annotations

import datetime as dt

import pytest

from fairwarning.doctrine import jurisdiction as J
from fairwarning.doctrine import reforms as R
from fairwarning.doctrine._data import load_table
from fairwarning.errors import InputError


@pytest.mark.parametrize(
    "example",
    load_table("reforms")["examples"],
    ids=lambda e: f"{e['place']}-{e['conduct_date']}-{e['locality']}",
)
def test_examples(example: dict[str, object]) -> None:
    got = R.reforms_for(str(example["place"]), str(example["conduct_date"]), example["locality"])  # type: ignore[arg-type]
    assert {a.reform.id: a.applies for a in got} == example["expect"]
    assert all(a.reason for a in got)


def test_reforms_named_in_doctrine() -> None:
    states = {r.state for r in R.all_reforms()}
    assert states == {"CO", "NM", "NY", "CT"}
    dates = {r.id: (r.signed, r.effective_from) for r in R.all_reforms()}
    assert dates["co-sb-20-217"][0] == dt.date(2020, 6, 19)
    assert dates["nm-civil-rights-act"] == (dt.date(2021, 4, 7), dt.date(2021, 7, 1))
    assert dates["ct-public-act-20-1"] == (dt.date(2020, 7, 31), dt.date(2021, 7, 1))
    assert dates["nyc-local-law-48-2021"] == (None, None)


@pytest.mark.parametrize("reform", R.all_reforms(), ids=lambda r: r.id)
def test_day_before_and_on_effective_date(reform: R.Reform) -> None:
    locality = "New York City" if reform.locality else None
    if reform.effective_from is None:
        assert R.reforms_for(reform.state, "2024-01-01", locality)[0].applies == "maybe"
        return
    before = reform.effective_from - dt.timedelta(days=1)
    assert R.reforms_for(reform.state, before, locality)[0].applies == "no"
    assert R.reforms_for(reform.state, reform.effective_from, locality)[0].applies == "yes"


@pytest.mark.parametrize("code", sorted(J.places()))
def test_every_place_answers(code: str) -> None:
    got = R.reforms_for(code, "2023-01-01", None)
    assert {a.reform.state for a in got} <= {code}
    assert bool(got) is (code in {"CO", "NM", "NY", "CT"})


def test_nyc_locality_forms() -> None:
    for locality in ["NYC", "new york city", "  The Bronx ", "Staten Island"]:
        assert R.reforms_for("nysd", "2019-06-01", locality)[0].applies == "no"  # predates a 2021 law
        assert R.reforms_for("nysd", "2023-06-01", locality)[0].applies == "maybe"  # date not known
    assert R.reforms_for("nynd", "2023-06-01", "Albany")[0].applies == "no"


def test_flat_accessors_and_json() -> None:
    a = R.reforms_for("CO", "2021-01-01")[0]
    assert a.name.startswith("Colorado SB 20-217") and a.effective_date == dt.date(2020, 6, 19)
    assert "qualified immunity is not a defense" in a.scope and "Colo. Rev. Stat. § 13-21-131" in a.source
    assert a.summary.startswith("Applies: yes (") and a.scope in a.summary
    assert set(a.to_json()) >= {"id", "name", "applies", "reason", "effective_from", "scope", "source"}


@pytest.mark.parametrize(("place", "day"), [("ZZ", "2021-01-01"), ("CO", "2021-02-30"), ("CO", "soon")])
def test_bad_input(place: str, day: str) -> None:
    with pytest.raises(InputError):
        R.reforms_for(place, day)
