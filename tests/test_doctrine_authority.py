"""Binding-authority rules: every circuit, the date cutoff, the Eleventh Circuit, unpublished and district courts."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairwarning.doctrine import authority as A
from fairwarning.doctrine import jurisdiction as J
from fairwarning.doctrine._data import load_table
from fairwarning.errors import InputError

CIRCUITS = sorted(load_table("authority")["circuits"])
CONDUCT = dt.date(2017, 6, 1)
BEFORE = "2010-03-15"


def _forum_in(circuit: str) -> str:
    """A district court of the circuit (the circuit id itself when it has no districts, e.g. cafc)."""
    return next(
        (d for d, code in sorted(J.district_courts().items()) if J.circuit_for_place(code) == circuit),
        circuit,
    )


def _other_circuit(circuit: str) -> str:
    return "ca9" if circuit != "ca9" else "ca1"


def test_every_circuit_has_rules() -> None:
    assert set(CIRCUITS) == set(J.circuits())
    for circuit in CIRCUITS:
        assert A.controlling_courts(circuit)[0].court_id == "scotus"


@pytest.mark.parametrize("circuit", CIRCUITS)
@pytest.mark.parametrize(
    ("court", "status", "expected"),
    [
        ("scotus", "published", "controlling"),
        ("OWN", "published", "controlling"),
        ("OWN", "Published", "controlling"),
        ("OWN", "unpublished", "not_binding"),
        ("OWN", "Unknown Status", "persuasive"),
        ("OWN", "separate", "not_binding"),
        ("OTHER", "published", "persuasive"),
        ("OTHER", "unpublished", "not_binding"),
        ("DISTRICT", "published", "not_binding"),
        ("nysd", "published", "not_binding"),
        ("tax", "published", "not_binding"),
    ],
)
def test_rules_in_every_circuit(circuit: str, court: str, status: str, expected: str) -> None:
    forum = _forum_in(circuit)
    precedent = {
        "OWN": circuit,
        "OTHER": _other_circuit(circuit),
        "DISTRICT": forum if forum != circuit else "dcd",
    }
    ruling = A.authority_of(precedent.get(court, court), status, forum, CONDUCT, BEFORE)
    assert ruling.authority == expected, ruling
    assert ruling.reason and ruling.source


@pytest.mark.parametrize("circuit", CIRCUITS)
@pytest.mark.parametrize("court", ["scotus", "OWN"])
@pytest.mark.parametrize(
    ("delta", "expected"),
    [(-1, "controlling"), (0, "after_conduct"), (1, "after_conduct"), (400, "after_conduct")],
)
def test_date_cutoff_in_every_circuit(circuit: str, court: str, delta: int, expected: str) -> None:
    decided = CONDUCT + dt.timedelta(days=delta)
    ruling = A.authority_of(
        "scotus" if court == "scotus" else circuit, "published", _forum_in(circuit), CONDUCT, decided
    )
    assert ruling.authority == expected
    if expected == "after_conduct":
        assert "Brosseau" in ruling.source and str(decided) in ruling.reason


def test_day_after_never_counts_even_for_district_or_unpublished() -> None:
    for court, status in [("flsd", "published"), ("ca11", "unpublished"), ("fla", "published")]:
        assert (
            A.authority_of(court, status, "FL", CONDUCT, CONDUCT + dt.timedelta(days=1)).authority
            == "after_conduct"
        )


def test_nieves_after_bumper_sticker_arrest() -> None:
    """DOCTRINE.md §5: Nieves (May 28, 2019) is decided after a 2017 Florida arrest."""
    ruling = A.authority_of("scotus", "published", "flmd", "2017-08-01", "2019-05-28")
    assert ruling.authority == "after_conduct"


def test_missing_precedent_date_is_flagged() -> None:
    ruling = A.authority_of("ca1", "published", "mad", CONDUCT)
    assert ruling.authority == "controlling" and "no decision date" in ruling.reason


@pytest.mark.parametrize("code", sorted(J.places()))
def test_every_state_own_highest_court(code: str) -> None:
    """Only in the Eleventh Circuit does the state's own highest court control; elsewhere it is persuasive."""
    expected = "controlling" if J.circuit_for_place(code) == "ca11" else "persuasive"
    for court in J.places()[code].highest_courts:
        assert A.authority_of(court, "published", code, CONDUCT, BEFORE).authority == expected
    assert A.authority_of("scotus", "published", code, CONDUCT, BEFORE).authority == "controlling"
    assert (
        A.authority_of(J.circuit_for_place(code), "published", code, CONDUCT, BEFORE).authority
        == "controlling"
    )


@pytest.mark.parametrize(
    ("court", "status", "forum", "precedent_date", "expected", "rule"),
    [
        ("fla", "published", "FL", BEFORE, "controlling", "eleventh_forum_state_highest_court"),
        ("ala", "published", "alnd", BEFORE, "controlling", "eleventh_forum_state_highest_court"),
        ("ga", "published", "gand", BEFORE, "controlling", "eleventh_forum_state_highest_court"),
        ("ga", "published", "FL", BEFORE, "persuasive", "state_highest_court_persuasive"),
        ("fla", "published", "ca11", BEFORE, "persuasive", "eleventh_state_highest_court_place_unknown"),
        ("fladistctapp", "published", "FL", BEFORE, "not_binding", "lower_state_courts"),
        ("ca5", "published", "FL", "1981-09-30", "controlling", "bonner_former_fifth_circuit"),
        ("ca5", "published", "ca11", "1975-02-01", "controlling", "bonner_former_fifth_circuit"),
        ("ca5", "published", "FL", "1981-10-01", "persuasive", "other_circuit_published"),
        ("ca5", "published", "FL", None, "persuasive", "bonner_date_unknown"),
        ("ca5", "unpublished", "FL", "1979-01-01", "not_binding", "unpublished_not_controlling"),
        ("ca5", "published", "TX", "1975-02-01", "controlling", "own_circuit_published"),
        ("ca5", "published", "CO", "1975-02-01", "persuasive", "other_circuit_published"),
        ("ca11", "unpublished", "FL", BEFORE, "not_binding", "unpublished_not_controlling"),
        ("fla", "published", "NY", BEFORE, "persuasive", "state_highest_court_persuasive"),
    ],
)
def test_eleventh_circuit_special_rules(
    court: str, status: str, forum: str, precedent_date: str | None, expected: str, rule: str
) -> None:
    ruling = A.authority_of(court, status, forum, CONDUCT, precedent_date)
    assert (ruling.authority, ruling.rule) == (expected, rule)


def test_bonner_cites_its_source() -> None:
    assert (
        "Bonner v. City of Prichard" in A.authority_of("ca5", "published", "GA", CONDUCT, "1980-01-01").source
    )


@pytest.mark.parametrize("example", load_table("authority")["examples"], ids=lambda e: e["rule"])
def test_examples(example: dict[str, str]) -> None:
    ruling = A.authority_of(
        example["precedent_court"],
        example["status"],
        example["forum"],
        example["conduct_date"],
        example["precedent_date"],
    )
    assert (ruling.authority, ruling.rule) == (example["authority"], example["rule"])


def test_every_rule_is_used_by_some_circuit_and_example() -> None:
    table = load_table("authority")
    used = {r for c in table["circuits"].values() for r in c["rules"]}
    assert used == {r["id"] for r in table["rules"]}
    assert {e["rule"] for e in table["examples"]} >= {"decided_before_conduct", "own_circuit_published"}


def test_controlling_courts_eleventh() -> None:
    courts = {c.court_id: c.decided_before for c in A.controlling_courts("flsd", on="2017-06-01")}
    assert courts == {"scotus": CONDUCT, "ca11": CONDUCT, "fla": CONDUCT, "ca5": dt.date(1981, 10, 1)}
    assert {c.court_id for c in A.controlling_courts("ca11")} == {"scotus", "ca11", "ca5"}
    assert {c.court_id: c.decided_before for c in A.controlling_courts("FL", on="1980-01-01")}[
        "ca5"
    ] == dt.date(1980, 1, 1)


def test_controlling_courts_elsewhere() -> None:
    assert [c.court_id for c in A.controlling_courts("PR", on="2017-06-01")] == ["scotus", "ca1"]
    assert [c.court_id for c in A.controlling_courts("DC")] == ["scotus", "cadc"]


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("zz9", "published", "FL", "2017-01-01", BEFORE), "unknown court id"),
        (("ca11", "published", "ZZ", "2017-01-01", BEFORE), "courts-db"),
        (("ca11", "maybe", "FL", "2017-01-01", BEFORE), "valid: published"),
        (("ca11", "published", "FL", "2017-02-30", BEFORE), "not a real date"),
        (("ca11", "published", "FL", "2017-01-01", "2010-13-01"), "not a real date"),
        (("ca11", "published", "FL", "2017-01-01", "1975-01-01"), "before ca11 existed"),
        (("ca11", "published", "FL", "2999-01-01", BEFORE), "future"),
    ],
)
def test_bad_input_raises(args: tuple[str, str, str, str, str], match: str) -> None:
    with pytest.raises(InputError, match=match):
        A.authority_of(*args)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, "unknown"),
        ("Published", "published"),
        ("Unpublished", "unpublished"),
        ("Unknown Status", "unknown"),
        ("Separate Opinion", "separate"),
        ("In-chambers", "in-chambers"),
        ("Relating-to orders", "relating-to"),
        ("Errata", "errata"),
    ],
)
def test_normalize_status(raw: str | None, expected: str) -> None:
    assert A.normalize_status(raw) == expected


def test_ruling_json_shape() -> None:
    out = A.authority_of("ca1", "published", "mad", CONDUCT, BEFORE).to_json()
    assert set(out) == {"authority", "reason", "source", "rule"}


_DATES = st.dates(min_value=dt.date(1982, 1, 1), max_value=dt.date(2024, 12, 31))


@settings(max_examples=200, deadline=None)
@given(
    circuit=st.sampled_from(CIRCUITS),
    court=st.sampled_from(["scotus", "ca1", "ca5", "ca9", "ca11", "cadc", "fla", "nysd"]),
    unpublished=st.booleans(),
    conduct=_DATES,
    decided=_DATES,
)
def test_property_time_rule_and_tiers(
    circuit: str, court: str, unpublished: bool, conduct: dt.date, decided: dt.date
) -> None:
    """after_conduct exactly when decided >= conduct; otherwise never after_conduct, and never controlling
    for unpublished decisions of courts below the Supreme Court."""
    ruling = A.authority_of(
        court, "unpublished" if unpublished else "published", _forum_in(circuit), conduct, decided
    )
    assert (ruling.authority == "after_conduct") is (decided >= conduct)
    if decided < conduct and unpublished and court != "scotus":
        assert ruling.authority != "controlling"
    if decided < conduct and court == "scotus":
        assert ruling.authority == "controlling"


def test_rule_source_citations_are_checked_against_the_rulebook(shared_dir) -> None:
    """Every reporter citation a rule's source note prints is one DOCTRINE.md gives (or a leading case that
    the SCDB test verifies), so memos may print it without inventing law."""
    import re

    from fairwarning.doctrine import leading_cases, rule_source_citations

    rulebook = re.sub(r"\s+", " ", (shared_dir / "DOCTRINE.md").read_text())
    leading = {c.us_cite for c in leading_cases() if c.us_cite}
    cites = rule_source_citations()
    assert "661 F.2d 1206" in cites  # Bonner v. City of Prichard
    for cite in cites - leading:
        assert cite in rulebook, f"rule source citation {cite!r} is neither a leading case nor in DOCTRINE.md"
