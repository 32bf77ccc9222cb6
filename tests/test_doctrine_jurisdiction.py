"""State/territory -> circuit, district courts -> circuit, court kinds: checked against DOCTRINE.md and courts-db."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import courts_db
import pytest

from fairwarning.doctrine import jurisdiction as J
from fairwarning.doctrine._data import load_table
from fairwarning.errors import InputError

_CIRCUIT_WORDS = {
    "1st": "ca1",
    "2nd": "ca2",
    "3rd": "ca3",
    "4th": "ca4",
    "5th": "ca5",
    "6th": "ca6",
    "7th": "ca7",
    "8th": "ca8",
    "9th": "ca9",
    "10th": "ca10",
    "11th": "ca11",
    "D.C. Cir.": "cadc",
}


def _doctrine_table(shared_dir: Path) -> dict[str, str]:
    """Parse the 'State -> circuit' line of DOCTRINE.md into {code: circuit id}."""
    text = (shared_dir / "DOCTRINE.md").read_text(encoding="utf-8")
    block = text.split("State → circuit:", 1)[1].split("Derive from courts-db", 1)[0]
    out: dict[str, str] = {}
    for part in block.split("·"):
        m = re.match(r"\s*(1st|2nd|3rd|\dth|1\dth|D\.C\. Cir\.)\s+(.*)", part.strip(), re.S)
        assert m, f"cannot parse DOCTRINE.md circuit table part {part!r}"
        for code in m.group(2).split():
            out[code.strip(".")] = _CIRCUIT_WORDS[m.group(1)]
    return out


@pytest.fixture(scope="module")
def doctrine_table(shared_dir: Path) -> dict[str, str]:
    table = _doctrine_table(shared_dir)
    assert len(table) == 55  # 50 states + DC, PR, GU, VI, MP
    return table


def test_every_place_in_doctrine_table_is_known(doctrine_table: dict[str, str]) -> None:
    assert set(doctrine_table) == set(J.places())


@pytest.mark.parametrize("code", sorted(J.places()))
def test_every_state_and_territory_matches_doctrine(code: str, doctrine_table: dict[str, str]) -> None:
    assert J.circuit_for_forum(code) == doctrine_table[code]
    assert J.circuit_for_forum(code.lower()) == doctrine_table[code]
    for district in J.places()[code].districts:
        assert J.circuit_for_forum(district) == doctrine_table[code], district
    for court in J.places()[code].highest_courts:
        assert J.circuit_for_forum(court) == doctrine_table[code], court


def test_all_94_district_courts_are_mapped() -> None:
    districts = J.district_courts()
    assert len(districts) == 94
    ids = {c["id"]: c for c in courts_db.courts}
    location_to_code = {p["courts_db_location"]: p["code"] for p in load_table("jurisdictions")["places"]}
    for district, code in districts.items():
        assert district in ids, f"{district} is not a courts-db id"
        assert location_to_code[ids[district]["location"]] == code, district


def test_courts_db_circuit_fields_agree_except_known_errata() -> None:
    """Where courts-db itself gives a district's circuit, it agrees with ours (courts-db lists vtd as 1st)."""
    known_errata = {"vtd"}
    for court in courts_db.courts:
        cid = court["id"]
        if cid not in J.district_courts() or cid in known_errata:
            continue
        if court.get("federal_circuit"):
            assert f"ca{court['federal_circuit']}" == J.circuit_for_forum(cid), cid
        if isinstance(court.get("appeal_to"), str):
            assert court["appeal_to"] == J.circuit_for_forum(cid), cid
    assert (
        next(c for c in courts_db.courts if c["id"] == "vtd").get("federal_circuit") == 1
    )  # still wrong upstream


def test_highest_courts_are_state_courts_of_the_place() -> None:
    ids = {c["id"]: c for c in courts_db.courts}
    for code, place in J.places().items():
        location = next(
            p["courts_db_location"] for p in load_table("jurisdictions")["places"] if p["code"] == code
        )
        for court in place.highest_courts:
            assert ids[court]["system"] == "state" and ids[court]["location"] == location, court


@pytest.mark.parametrize(
    "example", load_table("jurisdictions")["examples"], ids=lambda e: f"{e['forum']}@{e['on']}"
)
def test_examples(example: dict[str, str | None]) -> None:
    forum = J.resolve_forum(str(example["forum"]), example["on"])
    assert (forum.circuit, forum.place) == (example["circuit"], example["place"])


@pytest.mark.parametrize(
    ("code", "day", "circuit"),
    [
        ("FL", "1981-09-30", "ca5"),
        ("FL", "1981-10-01", "ca11"),
        ("AL", "1975-01-01", "ca5"),
        ("GA", None, "ca11"),
        ("TX", "1975-01-01", "ca5"),
    ],
)
def test_eleventh_circuit_split(code: str, day: str | None, circuit: str) -> None:
    assert J.circuit_for_place(code, day) == circuit


@pytest.mark.parametrize(
    ("court", "kind"),
    [
        ("scotus", "supreme_court"),
        ("ca11", "federal_appellate"),
        ("cadc", "federal_appellate"),
        ("flsd", "federal_district"),
        ("fld", "federal_district"),
        ("fla", "state_highest"),
        ("texcrimapp", "state_highest"),
        ("fladistctapp", "state_other"),
        ("flsb", "federal_other"),
        ("tax", "federal_other"),
    ],
)
def test_court_kind(court: str, kind: str) -> None:
    assert J.court_kind(court) == kind


@pytest.mark.parametrize(
    ("court", "place", "circuit"), [("fld", "FL", "ca11"), ("orld", "LA", "ca5"), ("wisd", "WI", "ca7")]
)
def test_historic_district_courts_resolve_by_location(court: str, place: str, circuit: str) -> None:
    forum = J.resolve_forum(court)
    assert (forum.place, forum.circuit) == (place, circuit)


@pytest.mark.parametrize("bad", ["ZZ", "xx", "", "scotus", "flsb", "tax"])
def test_unknown_or_unusable_forum_raises_with_help(bad: str) -> None:
    with pytest.raises(InputError, match="courts-db"):
        J.resolve_forum(bad)


def test_unknown_place_lists_valid_codes() -> None:
    with pytest.raises(InputError, match="valid: AK, AL"):
        J.circuit_for_place("ZZ")


@pytest.mark.parametrize("bad", ["2021-02-30", "yesterday", "2021-13-01"])
def test_impossible_dates(bad: str) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        J.parse_date(bad, "conduct date")


def test_parse_date_accepts_dates() -> None:
    assert J.parse_date(dt.date(2020, 1, 2), "x") == dt.date(2020, 1, 2)
    assert J.parse_date(dt.datetime(2020, 1, 2, 5), "x") == dt.date(2020, 1, 2)
    assert J.parse_date(None, "x") is None


@pytest.mark.parametrize("code", sorted(J.places()))
def test_a_place_by_its_name_is_the_place_by_its_code(code: str) -> None:
    name = J.places()[code].name
    for given in (name, name.upper(), f"  {name.lower()} "):
        forum = J.resolve_forum(given, on="1980-01-01")
        assert (forum.place, forum.circuit) == (code, J.circuit_for_place(code, "1980-01-01"))
