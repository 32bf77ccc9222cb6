"""Leading cases: every entry checked against SCDB (fails on a single mismatch), DOCTRINE.md coverage, filters."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
from pathlib import Path

import pytest

from fairwarning.doctrine import cases as K
from fairwarning.doctrine._data import load_table
from fairwarning.errors import InputError
from fairwarning.reference import scdb

_CITE = re.compile(r"([A-Z][A-Za-z.'\- ]+? v\. [A-Z][A-Za-z.'\- ]+?), (\d+) U\.S\. (\d+) \((\d{4})\)")


@pytest.fixture(scope="module")
def index(shared_dir: Path) -> scdb.ScdbIndex:
    return scdb.load(shared_dir / "reference" / "scdb" / "SCDB_2022_01_caseCentered_Citation.csv")


def scdb_mismatches(cases: list[K.LeadingCase], index: scdb.ScdbIndex) -> list[str]:
    """Every disagreement between the leading-case table and SCDB (empty when all entries check out)."""
    problems: list[str] = []
    for case in cases:
        row = (
            index.lookup_us_cite(case.us_cite)
            if case.us_cite and index.covers_us_cite(case.us_cite)
            else None
        )
        if case.verified:
            if row is None:
                problems.append(f"{case.id}: marked verified but {case.us_cite} is not in SCDB")
                continue
            if not scdb.names_match(case.name, row.case_name):
                problems.append(f"{case.id}: name {case.name!r} does not match SCDB {row.case_name!r}")
            if row.date_decided != case.date_decided:
                problems.append(f"{case.id}: date {case.date_decided} != SCDB {row.date_decided}")
            if case.scdb_case_id != row.case_id:
                problems.append(f"{case.id}: scdb_case_id {case.scdb_case_id} != {row.case_id}")
            continue
        if not case.verification_note:
            problems.append(f"{case.id}: unverified without a verification_note")
        if row is not None:  # SCDB could check this cite, so it must not be left unverified (or it is wrong)
            problems.append(
                f"{case.id}: {case.us_cite} is checkable in SCDB ({row.case_name}) but not verified"
            )
        if case.scdb_case_id is not None:
            by_id = next((c for c in index.cases if c.case_id == case.scdb_case_id), None)
            if by_id is None or not scdb.names_match(case.name, by_id.case_name):
                problems.append(f"{case.id}: scdb_case_id {case.scdb_case_id} is not this case")
            elif by_id.date_decided != case.date_decided or by_id.sct_cite != case.sct_cite:
                problems.append(f"{case.id}: date/S. Ct. cite differ from SCDB row {by_id.case_id}")
    return problems


def test_every_leading_case_matches_scdb(index: scdb.ScdbIndex) -> None:
    assert scdb_mismatches(K.leading_cases(), index) == []


@pytest.mark.parametrize(
    "change",
    [
        {"date_decided": "NEXT_DAY"},
        {"us_cite": "533 U.S. 195"},
        {"name": "Katz v. Saucier"},
    ],
)
def test_a_single_mismatch_fails(index: scdb.ScdbIndex, change: dict[str, str]) -> None:
    import datetime as dt

    cases = K.leading_cases()
    target = K.leading_case("saucier-v-katz")
    values: dict[str, object] = dict(change)
    if values.get("date_decided") == "NEXT_DAY":
        values["date_decided"] = target.date_decided + dt.timedelta(days=1)
    broken = [dataclasses.replace(c, **values) if c.id == target.id else c for c in cases]  # type: ignore[arg-type]
    assert len(scdb_mismatches(broken, index)) == 1


def test_unverified_cannot_hide_a_checkable_case(index: scdb.ScdbIndex) -> None:
    saucier = dataclasses.replace(K.leading_case("saucier-v-katz"), verified=False, verification_note="x")
    problems = scdb_mismatches([saucier], index)
    assert problems and "checkable in SCDB" in problems[0]


def test_most_entries_are_verified() -> None:
    cases = K.leading_cases()
    assert len(cases) >= 50
    unverified = {c.id for c in cases if not c.verified}
    assert unverified == {
        "district-of-columbia-v-wesby",
        "kisela-v-hughes",
        "taylor-v-riojas",
        "nieves-v-bartlett",
        "thompson-v-clark",
        "gonzalez-v-trevino",
        "manuel-v-city-of-joliet",
    }


def test_every_case_named_in_doctrine_is_present(shared_dir: Path) -> None:
    text = " ".join((shared_dir / "DOCTRINE.md").read_text(encoding="utf-8").split())
    found = _CITE.findall(text)
    assert len(found) >= 35
    by_cite = {c.us_cite: c for c in K.leading_cases()}
    for name, volume, page, year in found:
        if "F.2d" in name or "Rev." in name:
            continue
        cite = f"{volume} U.S. {page}"
        assert cite in by_cite, f"DOCTRINE.md cites {name}, {cite}: missing from leading_cases.json"
        assert by_cite[cite].year == int(year), cite
    every_cite = set(re.findall(r"\d+ U\.S\. \d+", text))
    assert len(every_cite) >= 36 and every_cite <= set(by_cite), every_cite - set(by_cite)
    for name in ["Wesby", "Kisela", "Taylor v. Riojas", "Thompson v. Clark", "Nieves", "Gonzalez v. Trevino"]:
        assert any(name in c.name for c in K.leading_cases()), name


def test_scotus_corpus_manifest_agrees(shared_dir: Path) -> None:
    with (shared_dir / "corpus" / "scotus" / "manifest.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_cl = {c.courtlistener_opinion_id: c for c in K.leading_cases() if c.courtlistener_opinion_id}
    assert len(by_cl) == len(rows) == 18
    for row in rows:
        case = by_cl[int(row["opinion_id"])]
        assert case.date_decided.isoformat() == row["date_filed"]
        if row["us_citation"]:
            assert case.us_cite == row["us_citation"]


def test_display_citation_marks_unverified() -> None:
    assert K.leading_case("saucier-v-katz").display_citation() == "Saucier v. Katz, 533 U.S. 194 (2001)"
    wesby = K.leading_case("District of Columbia v. Wesby")
    assert wesby.display_citation() == "District of Columbia v. Wesby, 583 U.S. 48 (2018) (unverified)"
    gonzalez = K.leading_case("gonzalez-v-trevino")
    assert gonzalez.us_cite is None and gonzalez.display_citation().endswith("(unverified)")
    for case in K.leading_cases():
        assert case.display_citation().endswith("(unverified)") is (not case.verified)


def test_rights_are_gold_ids(shared_dir: Path) -> None:
    readme = (shared_dir / "eval" / "README.md").read_text(encoding="utf-8")
    block = readme.split("`rights` — list of:", 1)[1].split("(empty when", 1)[0]
    assert set(K.RIGHTS) == set(re.findall(r"`([A-Za-z0-9_]+)`", block))


def test_filters() -> None:
    retaliation = {c.id for c in K.leading_cases(right="1A_retaliation")}
    assert {"nieves-v-bartlett", "reichle-v-howards", "hartman-v-moore"} <= retaliation
    assert all("obvious_case" in c.roles for c in K.leading_cases(role="obvious_case"))
    dates = [c.date_decided for c in K.leading_cases()]
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    "example", load_table("leading_cases")["examples"], ids=lambda e: str(e["right"] or e["role"])
)
def test_examples(example: dict[str, object]) -> None:
    got = {c.id for c in K.leading_cases(right=example["right"], role=example["role"])}  # type: ignore[arg-type]
    assert set(example["includes"]) <= got  # type: ignore[arg-type]


def test_unknown_filters_raise() -> None:
    with pytest.raises(InputError, match="valid: 4A_excessive_force"):
        K.leading_cases(right="4A_everything")
    with pytest.raises(InputError, match="valid: qi_framework"):
        K.leading_cases(role="hero")
    with pytest.raises(InputError, match="valid ids"):
        K.leading_case("Marbury v. Madison")


def test_authority_sources_cite_only_verified_cases() -> None:
    """Every Supreme Court citation in the authority rules is a verified leading case."""
    verified = {c.us_cite: c for c in K.leading_cases() if c.verified}
    text = json.dumps(load_table("authority"))
    for name, volume, page, year in _CITE.findall(text):
        case = verified.get(f"{volume} U.S. {page}")
        assert case is not None and case.year == int(year), name


def test_json_shape() -> None:
    out = K.leading_case("hope-v-pelzer").to_json()
    assert out["verified"] is True and out["display_citation"].startswith("Hope v. Pelzer, 536 U.S. 730")
