"""Leading U.S. Supreme Court cases for qualified-immunity analysis (packaged ``data/leading_cases.json``).

Each case has a name, U.S. Reports citation, decision date, rights (the gold label ids of the evaluation
schema), roles and a paraphrased holding. ``verified`` is true only when SCDB has the exact U.S. citation with a
matching name and date (a test re-checks every entry against the SCDB CSV). Unverified entries carry a
``verification_note`` and :meth:`LeadingCase.display_citation` marks them "(unverified)" — render citations
only through it.

Public API::

    leading_cases(right=None, role=None) -> list[LeadingCase]   # sorted by decision date
    leading_case(id_or_name) -> LeadingCase
    RIGHTS, ROLES                                               # valid ids
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from fairwarning.doctrine._data import load_schema, load_table
from fairwarning.errors import InputError

__all__ = ["RIGHTS", "ROLES", "LeadingCase", "leading_case", "leading_cases"]


def _enum(path: tuple[str, ...]) -> tuple[str, ...]:
    node: Any = load_schema("leading_cases")
    for key in path:
        node = node[key]
    return tuple(node["enum"])


_CASE_SCHEMA_PATH = ("properties", "cases", "items", "properties")
#: gold right ids (../shared/eval/README.md), as enumerated in the schema
RIGHTS: tuple[str, ...] = _enum((*_CASE_SCHEMA_PATH, "rights", "items"))
#: roles a leading case can play in the analysis
ROLES: tuple[str, ...] = _enum((*_CASE_SCHEMA_PATH, "roles", "items"))


@dataclass(frozen=True)
class LeadingCase:
    """One leading Supreme Court case. ``us_cite`` may be None (not known/verified); see ``verified``."""

    id: str
    name: str
    us_cite: str | None
    sct_cite: str | None
    date_decided: dt.date
    rights: tuple[str, ...]
    roles: tuple[str, ...]
    holding: str
    verified: bool
    verification_note: str | None
    rights_note: str | None
    scdb_case_id: str | None
    courtlistener_opinion_id: int | None

    @property
    def year(self) -> int:
        return self.date_decided.year

    def display_citation(self) -> str:
        """``"Saucier v. Katz, 533 U.S. 194 (2001)"``; unverified entries end with ``" (unverified)"``."""
        cite = self.us_cite or (f"{self.sct_cite}" if self.sct_cite else "")
        body = (
            f"{self.name}, {cite} ({self.year})" if cite else f"{self.name} ({self.date_decided.isoformat()})"
        )
        return body if self.verified else f"{body} (unverified)"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "us_cite": self.us_cite,
            "sct_cite": self.sct_cite,
            "date_decided": self.date_decided.isoformat(),
            "rights": list(self.rights),
            "roles": list(self.roles),
            "holding": self.holding,
            "verified": self.verified,
            "verification_note": self.verification_note,
            "display_citation": self.display_citation(),
        }


@cache
def _all() -> tuple[LeadingCase, ...]:
    cases = [
        LeadingCase(
            id=c["id"],
            name=c["name"],
            us_cite=c["us_cite"],
            sct_cite=c["sct_cite"],
            date_decided=dt.date.fromisoformat(c["date_decided"]),
            rights=tuple(c["rights"]),
            roles=tuple(c["roles"]),
            holding=c["holding"],
            verified=c["verified"],
            verification_note=c["verification_note"],
            rights_note=c["rights_note"],
            scdb_case_id=c["scdb_case_id"],
            courtlistener_opinion_id=c["courtlistener_opinion_id"],
        )
        for c in load_table("leading_cases")["cases"]
    ]
    return tuple(sorted(cases, key=lambda c: (c.date_decided, c.id)))


def _check(value: str | None, valid: tuple[str, ...], what: str) -> None:
    if value is not None and value not in valid:
        raise InputError(f"unknown {what} {value!r}; valid: {', '.join(valid)}")


def leading_cases(right: str | None = None, role: str | None = None) -> list[LeadingCase]:
    """Leading cases tagged with ``right`` and/or ``role`` (all when both None), oldest first.

    Cases about the qualified-immunity framework in general (Harlow, Monell, ...) carry no right; ask for them
    by role (``qi_framework``, ``municipal_liability``, ``absolute_immunity``, ...).
    """
    _check(right, RIGHTS, "right id")
    _check(role, ROLES, "role")
    return [c for c in _all() if (right is None or right in c.rights) and (role is None or role in c.roles)]


def leading_case(id_or_name: str) -> LeadingCase:
    """The leading case with this id (``saucier-v-katz``) or exact name (``Saucier v. Katz``, any case)."""
    key = id_or_name.strip().lower()
    for case in _all():
        if key in (case.id, case.name.lower()):
            return case
    raise InputError(f"no leading case {id_or_name!r}; valid ids: {', '.join(c.id for c in _all())}")
