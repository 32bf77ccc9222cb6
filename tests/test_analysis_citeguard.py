"""No invented law: citations that resolve nowhere are masked; incidents round-trip through their dict form."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from fairwarning.analysis.citeguard import OMITTED, mask_unresolved, unresolved_citations
from fairwarning.analysis.incident import parse_incident

KNOWN = {"490 U.S. 386"}


def _resolves(cite: str) -> bool:
    return cite in KNOWN


def test_resolved_citations_stay_and_unresolved_are_masked() -> None:
    text = ("See Graham v. Connor, 490 U.S. 386, 396 (1989); Cookish v. Powell, 945 F.2d 441, 443 (1st Cir. 1991). "
            "Id. at 444.")
    out = mask_unresolved(text, _resolves)
    assert "490 U.S. 386" in out and "945 F.2d 441" not in out and OMITTED in out
    assert unresolved_citations(out, _resolves) == []
    assert unresolved_citations(text, _resolves)  # the raw text had an unresolvable one


def test_text_without_citations_is_unchanged() -> None:
    text = "The officer tased a handcuffed man three times while he sat in the cruiser."
    assert mask_unresolved(text, _resolves) == text


_RIGHTS = ["4A_excessive_force", "1A_retaliation", "4A_unlawful_detention", "14A_equal_protection"]


@settings(max_examples=40, deadline=None)
@given(
    day=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2023, 12, 31)),
    place=st.sampled_from(["FL", "MA", "NY", "CA", "ca9", "flsd", "PR", "DC"]),
    claims=st.lists(st.sampled_from(_RIGHTS), min_size=1, max_size=3, unique=True),
    officials=st.lists(st.sampled_from(["police", "corrections", "federal"]), min_size=1, max_size=2, unique=True),
)
def test_incident_round_trips_through_its_dict(day: dt.date, place: str, claims: list[str], officials: list[str]) -> None:
    data = {"conduct_date": day.isoformat(), "place": place, "claims": claims, "officials": officials,
            "facts": "Officers detained and searched a man on the street without any reason at all.",
            "defendants": [{"name": "City of Somewhere", "kind": "municipality"}]}
    inc = parse_incident(data, today=dt.date(2024, 1, 1))
    again = parse_incident({k: v for k, v in inc.to_dict().items() if v is not None}, today=dt.date(2024, 1, 1))
    assert again == inc
