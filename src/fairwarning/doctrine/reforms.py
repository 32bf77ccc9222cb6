"""State and local reforms removing qualified-immunity-style defences for state-law claims (``data/reforms.json``).

Colorado SB 20-217, the New Mexico Civil Rights Act, New York City Local Law 48 of 2021 and Connecticut Public
Act 20-1 (DOCTRINE.md §3). A reform covers conduct on or after its ``effective_from`` date (inclusive). None of
them touches federal § 1983 claims, where qualified immunity still applies.

A place is a state/territory code or courts-db court id (as for :func:`~fairwarning.doctrine.authority_of`).
A state code cannot tell whether conduct happened inside New York City, so pass ``locality`` (a city, borough or
county name such as ``"New York City"``, ``"NYC"``, ``"Brooklyn"``); without it, or when the effective date is not
known, the answer is ``"maybe"`` with the reason.

Public API::

    reforms_for(place, conduct_date, locality=None) -> list[ReformApplicability]
    all_reforms() -> list[Reform]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from fairwarning.doctrine._data import load_table
from fairwarning.doctrine.jurisdiction import circuit_for_place, parse_date, resolve_forum
from fairwarning.errors import InputError

__all__ = ["Applies", "Reform", "ReformApplicability", "all_reforms", "reforms_for"]

Applies = Literal["yes", "no", "maybe"]


@dataclass(frozen=True)
class Reform:
    """One reform: where (state, optional locality), when (signed, effective_from), what (scope), source."""

    id: str
    name: str
    state: str
    locality: str | None
    signed: dt.date | None
    effective_from: dt.date | None
    earliest_possible_effective: dt.date | None
    date_note: str
    scope: str
    officials: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class ReformApplicability:
    """Whether ``reform`` covers the conduct: ``applies`` is yes / no / maybe, with the ``reason``."""

    reform: Reform
    applies: Applies
    reason: str

    # flat accessors, so a renderer can treat this like the reform itself
    @property
    def name(self) -> str:
        return self.reform.name

    @property
    def scope(self) -> str:
        return self.reform.scope

    @property
    def effective_date(self) -> dt.date | None:
        return self.reform.effective_from

    @property
    def source(self) -> str:
        return self.reform.source

    @property
    def summary(self) -> str:
        """One line for renderers that show a single text: whether it applies, why, then the scope."""
        return f"Applies: {self.applies} ({self.reason}). {self.reform.scope}"

    def to_json(self) -> dict[str, Any]:
        r = self.reform
        return {
            "id": r.id,
            "name": r.name,
            "state": r.state,
            "locality": r.locality,
            "effective_from": r.effective_from.isoformat() if r.effective_from else None,
            "scope": r.scope,
            "source": r.source,
            "applies": self.applies,
            "reason": self.reason,
        }


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@cache
def _reforms() -> tuple[Reform, ...]:
    return tuple(
        Reform(
            id=r["id"],
            name=r["name"],
            state=r["state"],
            locality=r["locality"],
            signed=_date(r["signed"]),
            effective_from=_date(r["effective_from"]),
            earliest_possible_effective=_date(r["earliest_possible_effective"]),
            date_note=r["date_note"],
            scope=r["scope"],
            officials=tuple(r["officials"]),
            source=r["source"],
        )
        for r in load_table("reforms")["reforms"]
    )


def all_reforms() -> list[Reform]:
    """Every reform in the table."""
    return list(_reforms())


def _in_locality(reform: Reform, locality: str | None) -> bool | None:
    """True/False when ``locality`` is inside/outside the reform's locality; None when not given."""
    if reform.locality is None:
        return True
    if locality is None or not locality.strip():
        return None
    aliases: dict[str, list[str]] = load_table("reforms")["localities"]
    return " ".join(locality.lower().split()) in aliases.get(reform.locality, [reform.locality])


def _date_verdict(reform: Reform, conduct: dt.date) -> tuple[Applies, str]:
    if reform.effective_from is not None:
        if conduct >= reform.effective_from:
            return "yes", f"conduct on {conduct} is on or after the effective date {reform.effective_from}"
        return "no", f"conduct on {conduct} is before the effective date {reform.effective_from}"
    floor = reform.earliest_possible_effective
    if floor is not None and conduct < floor:
        return "no", f"conduct on {conduct} predates the law (it cannot take effect before {floor})"
    return "maybe", f"the effective date is not known: {reform.date_note}"


def _applicability(
    reform: Reform, conduct: dt.date, place_known: bool, locality: str | None
) -> ReformApplicability:
    verdict, reason = _date_verdict(reform, conduct)
    where = _in_locality(reform, locality) if place_known else None
    if where is False or verdict == "no":
        why = reason if verdict == "no" else f"{locality!r} is outside {reform.locality}"
        return ReformApplicability(reform, "no", why)
    if where is None:
        place = reform.locality or reform.state
        need = "locality" if place_known else "state"
        return ReformApplicability(
            reform, "maybe", f"applies only to conduct in {place}: give the {need}; {reason}"
        )
    return ReformApplicability(reform, verdict, reason)


def reforms_for(
    place: str, conduct_date: dt.date | str, locality: str | None = None
) -> list[ReformApplicability]:
    """Reforms of the place's state (or, for a circuit, of the states in it) and whether each covers the conduct.

    ``place``: state/territory code or courts-db court id; ``locality``: city/borough/county, needed for New
    York City. Returns an empty list when no reform exists there. Unknown places/dates raise InputError.
    """
    conduct = parse_date(conduct_date, "conduct date")
    if conduct is None:
        raise InputError("conduct date is required (YYYY-MM-DD)")
    forum = resolve_forum(place)
    if forum.place is not None:
        return [_applicability(r, conduct, True, locality) for r in _reforms() if r.state == forum.place]
    in_circuit = [r for r in _reforms() if circuit_for_place(r.state) == forum.circuit]
    return [_applicability(r, conduct, False, locality) for r in in_circuit]
