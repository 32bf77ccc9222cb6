"""Where a case arises: state/territory and court ids -> federal circuit (over time), and what kind a court is.

Places are the 50 states, DC, PR, GU, VI and MP (two-letter codes). Court ids are courts-db ids. The table
(``data/jurisdictions.json``) lists, per place, its courts-db location name, its highest court(s), its federal
district courts (all 94) and its circuit over time (Alabama, Florida and Georgia were in the Fifth Circuit
until September 30, 1981). It is derived from courts-db and checked against DOCTRINE.md section 2 in the tests.

Public API::

    circuit_for_forum("flsd") -> "ca11"          circuit_for_forum("FL", on=date(1980, 1, 1)) -> "ca5"
    resolve_forum("fladistctapp") -> Forum(...)  place_for_court("nysd") -> "NY"
    court_kind("ca9") -> "federal_appellate"     places() / circuits() / district_courts()

A forum that is a state court is treated as "a case arising in that state" (the circuit whose law a federal
court there applies). State courts deciding federal claims are bound on federal law only by the Supreme Court
(and their own appellate courts), which this module does not model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from fairwarning.doctrine._data import load_table
from fairwarning.errors import InputError

__all__ = [
    "CourtKind",
    "Forum",
    "Place",
    "circuit_for_forum",
    "circuit_for_place",
    "circuits",
    "court_kind",
    "district_courts",
    "parse_date",
    "place_for_court",
    "places",
    "resolve_forum",
]

CourtKind = Literal[
    "supreme_court", "federal_appellate", "federal_district", "federal_other", "state_highest", "state_other"
]
_HOW_TO_FIND = (
    "use a two-letter state/territory code (e.g. FL, PR, DC, GU, VI, MP) or its name (Florida, Puerto Rico) "
    "or a courts-db court id "
    '(e.g. flsd, ca11, fla); list valid ids with `python -c "import courts_db; '
    "print(sorted(c['id'] for c in courts_db.courts))\"`"
)


@dataclass(frozen=True)
class Place:
    """A state or territory: code, name, highest court ids, federal district court ids."""

    code: str
    name: str
    kind: str
    highest_courts: tuple[str, ...]
    districts: tuple[str, ...]


@dataclass(frozen=True)
class Forum:
    """A resolved forum: what was given, the court id (if a court), the place (if known) and the circuit."""

    given: str
    court_id: str | None
    place: str | None
    circuit: str


def parse_date(value: dt.date | str | None, what: str) -> dt.date | None:
    """A date from a ``date`` or ISO ``YYYY-MM-DD`` string; impossible dates raise InputError naming ``what``."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise InputError(
            f"{what}: {value!r} is not a real date; write it as YYYY-MM-DD, e.g. 2017-06-30"
        ) from exc


@lru_cache(maxsize=1)
def _courts_db() -> dict[str, dict[str, Any]]:
    from fairwarning.reference.courts import all_courts  # courts-db, cached: loading it takes a moment

    return {c["id"]: c for c in all_courts()}


def _table() -> dict[str, Any]:
    data: dict[str, Any] = load_table("jurisdictions")  # loaded once (load_table caches)
    return data


def circuits() -> dict[str, str]:
    """Circuit court ids -> names (``ca1`` ... ``ca11``, ``cadc``, ``cafc``)."""
    return {cid: c["name"] for cid, c in sorted(_table()["circuits"].items())}


@lru_cache(maxsize=1)
def _places() -> dict[str, Place]:
    return {
        p["code"]: Place(p["code"], p["name"], p["kind"], tuple(p["highest_courts"]), tuple(p["districts"]))
        for p in _table()["places"]
    }


def places() -> dict[str, Place]:
    """Every state and territory by two-letter code."""
    return dict(_places())


@lru_cache(maxsize=1)
def _court_places() -> dict[str, str]:
    """courts-db court id -> place code: state courts and (also historic) federal district courts by location."""
    by_location = {p["courts_db_location"]: p["code"] for p in _table()["places"]}
    out = {
        cid: by_location[c["location"]]
        for cid, c in _courts_db().items()
        if c.get("location") in by_location
        and (
            c.get("system") == "state"
            or (c.get("system") == "federal" and court_kind(cid) == "federal_district")
        )
    }
    for place in _places().values():
        out.update({cid: place.code for cid in place.districts + place.highest_courts})
    return out


@lru_cache(maxsize=1)
def _district_places() -> dict[str, str]:
    return {d: p.code for p in _places().values() for d in p.districts}


@lru_cache(maxsize=1)
def _highest_courts() -> frozenset[str]:
    return frozenset(h for p in _places().values() for h in p.highest_courts)


def district_courts() -> dict[str, str]:
    """Every federal district court id -> its place code (94 districts)."""
    return dict(_district_places())


def place_for_court(court_id: str) -> str | None:
    """The state/territory code of a district or state court, or None (circuits, Supreme Court, others)."""
    return _court_places().get(court_id)


def circuit_for_place(code: str, on: dt.date | str | None = None) -> str:
    """The circuit of state/territory ``code`` on date ``on`` (default: today's circuit)."""
    day = parse_date(on, "date")
    entry = next((p for p in _table()["places"] if p["code"] == code.upper()), None)
    if entry is None:
        raise InputError(f"unknown state or territory {code!r}; valid: {', '.join(sorted(_places()))}")
    for span in entry["circuits"]:
        start = dt.date.fromisoformat(span["start"]) if span["start"] else dt.date.min
        end = dt.date.fromisoformat(span["end"]) if span["end"] else dt.date.max
        if (day is None and span["end"] is None) or (day is not None and start <= day <= end):
            return str(span["circuit"])
    raise InputError(f"{code} has no federal circuit on {day}")


def court_kind(court_id: str) -> CourtKind:
    """What kind of court ``court_id`` (courts-db id) is; unknown ids raise InputError."""
    cid = court_id.strip().lower()
    if cid == "scotus":
        return "supreme_court"
    if cid in _table()["circuits"]:
        return "federal_appellate"
    if cid in _district_places():
        return "federal_district"
    court = _courts_db().get(cid)
    if court is None:
        raise InputError(f"unknown court id {court_id!r}; {_HOW_TO_FIND}")
    if court.get("system") == "state":
        return "state_highest" if cid in _highest_courts() else "state_other"
    is_district = court.get("parent") == "usdistct" or str(court.get("name", "")).startswith(
        ("District Court", "United States District Court")
    )
    if court.get("system") == "federal" and is_district and court.get("type") != "bankruptcy":
        return "federal_district"
    return "federal_other"


def resolve_forum(forum: str, on: dt.date | str | None = None) -> Forum:
    """Resolve a state/territory code or name (``GA``, ``Georgia``) or a courts-db court id to its place and
    circuit (on date ``on``)."""
    given = (forum or "").strip()
    if given.upper() in _places() and len(given) == 2:
        code = given.upper()
        return Forum(given, None, code, circuit_for_place(code, on))
    named = {p.name.lower(): p.code for p in _places().values()}.get(" ".join(given.lower().split()))
    if named and given.lower() not in _courts_db():  # "Georgia", "Puerto Rico" ("ohio" is a court id: below)
        return Forum(given, None, named, circuit_for_place(named, on))
    cid = given.lower()
    kind = court_kind(cid) if cid else None
    if kind == "federal_appellate":
        return Forum(given, cid, None, cid)
    place = place_for_court(cid) if kind in ("federal_district", "state_highest", "state_other") else None
    if place is None:
        raise InputError(
            f"forum {forum!r} is not a state, territory, circuit, district court or state court with a known "
            f"place; {_HOW_TO_FIND}"
        )
    return Forum(given, cid, place, circuit_for_place(place, on))


def circuit_for_forum(court_or_state: str, on: dt.date | str | None = None) -> str:
    """The federal circuit for a forum (state/territory code or courts-db id), e.g. ``"flsd"`` -> ``"ca11"``."""
    return resolve_forum(court_or_state, on).circuit
