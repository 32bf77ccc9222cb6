"""The one place analysis touches the other domain modules (doctrine, taxonomy, courts, citations).

Each function here normalizes another module's answer into a small value the analysis owns, so that a change in
those modules' shapes is absorbed here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from fairwarning import doctrine
from fairwarning.corpus.citations import is_us_reports
from fairwarning.errors import FairwarningError, InputError
from fairwarning.reference import scdb, taxonomy
from fairwarning.reference.courts import court_name

__all__ = [
    "LeadingCaseInfo",
    "ReformInfo",
    "AuthorityInfo",
    "right_ids",
    "right_name",
    "right_cues",
    "official_type_ids",
    "leading_standard_cite",
    "circuit_for_place",
    "controlling_courts",
    "consensus_rule",
    "authority",
    "leading_cases",
    "all_leading_cases",
    "reforms",
    "court_display_name",
    "scdb_refutes_cite",
    "scdb_cite_for",
    "unit_b_authority",
    "unit_b_court",
    "is_us_reports",
]


@dataclass(frozen=True)
class LeadingCaseInfo:
    name: str
    us_cite: str | None  # the verified citation: U.S. Reports, or S. Ct. when SCDB has no U.S. cite; None if none
    date_decided: dt.date | None
    rights: tuple[str, ...]
    roles: tuple[str, ...]
    holding: str
    verified: bool  # us_cite is verified (against SCDB)
    display: str  # the citation as the memo prints it (unverified ones carry their caveat)


@dataclass(frozen=True)
class ReformInfo:
    name: str
    summary: str
    effective: str | None
    source: str | None
    applies: str = "no"  # yes | no | maybe: whether the reform covers the conduct


@dataclass(frozen=True)
class AuthorityInfo:
    authority: str  # controlling | persuasive | not_binding | after_conduct
    reason: str
    source: str


@cache
def right_ids() -> tuple[str, ...]:
    return taxonomy.RIGHTS


@cache
def official_type_ids() -> tuple[str, ...]:
    return taxonomy.OFFICIAL_TYPES


def right_name(right: str) -> str:
    try:
        return taxonomy.right(right).label
    except InputError:  # an id the taxonomy lacks still renders, as its id
        return right.replace("_", " ")


_REGEX_SPACE = re.compile(r"\\s[+*]?|\[\\s-\]|\s+")


@cache
def right_cues(right: str) -> tuple[str, ...]:
    """Plain phrases among the taxonomy's cue patterns for a right (used to expand retrieval queries)."""
    try:
        patterns = taxonomy.cue_patterns(right)
    except InputError:
        return ()
    out = []
    for pattern in patterns:
        text = _REGEX_SPACE.sub(" ", pattern.replace("\\b", "")).strip().lower()
        if text and text.replace(" ", "").isalpha():
            out.append(" ".join(text.split()))
    return tuple(out)


@cache
def leading_standard_cite(right: str) -> str | None:
    """The U.S. Reports citation of the taxonomy's leading standard for a right, if any."""
    try:
        return taxonomy.right(right).leading_standard.us_cite or None
    except InputError:
        return None


def circuit_for_place(place: str) -> str:
    return doctrine.circuit_for_forum(place)


def controlling_courts(place: str, on: dt.date) -> tuple[tuple[str, dt.date | None, str, str], ...]:
    """(court id, decided-before cutoff, rule id, rule source) for each court that controls in the forum."""
    return tuple((c.court_id, c.decided_before, c.rule, c.source) for c in doctrine.controlling_courts(place, on=on))


@cache
def _consensus_rules() -> dict[str, Any]:
    import json
    from importlib import resources

    raw = resources.files("fairwarning.analysis").joinpath("data/consensus_rules.json").read_text("utf-8")
    return dict(json.loads(raw)["circuits"])


def consensus_rule(circuit: str) -> tuple[bool, str, str]:
    """(robust-consensus route available, note, source) for a circuit (packaged ``data/consensus_rules.json``)."""
    rule = _consensus_rules().get(circuit)
    if rule is None:
        return True, "", ""
    return bool(rule["consensus_route"]), str(rule["note"]), str(rule["source"])


def authority(court: str | None, status: str, place: str, conduct: dt.date, decided: dt.date | None) -> AuthorityInfo:
    try:
        ruling = doctrine.authority_of(court or "", status, place, conduct, decided)
    except InputError as exc:
        if decided is not None and decided >= conduct:
            return AuthorityInfo("after_conduct", f"decided {decided.isoformat()}, after the conduct", "")
        return AuthorityInfo("not_binding", f"the store does not record a usable court for this opinion ({exc})", "")
    return AuthorityInfo(ruling.authority, ruling.reason, ruling.source)


def unit_b_authority(court: str | None, place: str, decided: dt.date | None, text_head: str) -> AuthorityInfo | None:
    """Controlling authority for a decision of Unit B of the former Fifth Circuit issued after September 30, 1981,
    in an Eleventh Circuit forum (the doctrine's Unit B rule; courts-db has no Unit B court, so the opinion's own
    caption must say "Unit B"); None when the rule does not apply."""
    rule = doctrine.unit_b_rule()
    if court != rule["court"] or decided is None or decided < dt.date.fromisoformat(rule["decided_from"]):
        return None
    if circuit_for_place(place) != rule["forum_circuit"] or rule["marker"] not in text_head:
        return None
    return AuthorityInfo("controlling", str(rule["reason"]), str(rule["source"]))


def unit_b_court(place: str, on: dt.date) -> tuple[str, dt.date | None, str, str] | None:
    """The Unit B entry for the forum's list of controlling courts (Eleventh Circuit forums only)."""
    rule = doctrine.unit_b_rule()
    if circuit_for_place(place) != rule["forum_circuit"]:
        return None
    return (str(rule["court"]), on, str(rule["id"]), str(rule["source"]))


@cache
def _scdb_confirms_sct(name: str, sct: str, day: dt.date) -> bool:
    """Whether SCDB has Supreme Court Reporter citation ``sct`` for this case name and decision date. False when
    the SCDB file is not available: nothing is then claimed as verified."""
    try:
        row = scdb.lookup_sct_cite(sct)
    except FairwarningError:
        return False
    return row is not None and row.date_decided == day and scdb.names_match(name, row.case_name)


@cache
def _scdb_by_day() -> dict[dt.date, tuple[scdb.ScdbCase, ...]]:
    """SCDB cases by decision date (one pass over the packaged file; looked up by date, then by name)."""
    out: dict[dt.date, list[scdb.ScdbCase]] = {}
    for c in scdb.load().cases:
        out.setdefault(c.date_decided, []).append(c)
    return {k: tuple(v) for k, v in out.items()}


@cache
def scdb_cite_for(name: str, day: dt.date | None, docket: str | None) -> str | None:
    """The U.S. Reports (else S. Ct.) citation SCDB gives for a Supreme Court decision with this name and date
    (and docket, when both have one); None when SCDB has no such row or is not available."""
    if not name or day is None:
        return None
    try:
        rows = [c for c in _scdb_by_day().get(day, ()) if scdb.names_match(name, c.case_name)]
    except FairwarningError:
        return None
    for row in rows:
        if docket and row.docket and row.docket.strip() not in docket:
            continue
        return row.us_cite or row.sct_cite
    return None


@cache
def scdb_refutes_cite(name: str, cite: str, day: dt.date | None) -> bool:
    """True when SCDB holds the U.S. Reports or S. Ct. citation ``cite`` for a different case: another name and
    another decision date (a stored opinion can carry a wrong cite, e.g. from the header of a neighbouring case).
    False when the cite is of another reporter, SCDB has no row for it, or SCDB is not available."""
    try:
        if is_us_reports(cite):
            row = scdb.lookup_us_cite(cite)
        elif " S. Ct. " in cite:
            row = scdb.lookup_sct_cite(cite)
        else:
            return False
    except FairwarningError:
        return False
    return row is not None and row.date_decided != day and not scdb.names_match(name, row.case_name)


def _verified_cite(case: doctrine.LeadingCase) -> str | None:
    """The citation the memo may print: the U.S. Reports cite when the doctrine table verified it, else the
    S. Ct. cite when SCDB confirms it (recent cases have no U.S. cite in SCDB), else None."""
    if case.verified:
        return case.us_cite or None
    if case.sct_cite and _scdb_confirms_sct(case.name, case.sct_cite, case.date_decided):
        return case.sct_cite
    return None


def _leading(case: doctrine.LeadingCase) -> LeadingCaseInfo:
    """A leading case as the analysis shows it. Only a verified citation is kept and printed (DOCTRINE.md: never
    print a citation fairwarning cannot tie to its own data); a case without one is named with its decision date
    and marked "(unverified)"."""
    day = case.date_decided
    cite = _verified_cite(case)
    display = f"{case.name}, {cite} ({day.year})" if cite else f"{case.name} ({day.isoformat()}) (unverified)"
    return LeadingCaseInfo(
        name=case.name,
        us_cite=cite,
        date_decided=day,
        rights=case.rights,
        roles=case.roles,
        holding=case.holding,
        verified=cite is not None,
        display=display,
    )


def leading_cases(right: str | None = None) -> tuple[LeadingCaseInfo, ...]:
    """The doctrine's leading Supreme Court cases (those on ``right``, or all)."""
    return tuple(_leading(c) for c in doctrine.leading_cases(right=right))


@cache
def all_leading_cases() -> tuple[LeadingCaseInfo, ...]:
    return leading_cases(None)


def reforms(place: str, conduct: dt.date, locality: str | None = None) -> tuple[ReformInfo, ...]:
    """The state reforms of the forum, each with whether it covers the conduct (in ``summary``)."""
    return tuple(
        ReformInfo(
            name=r.name,
            summary=r.summary,
            effective=r.effective_date.isoformat() if r.effective_date else None,
            source=r.source or None,
            applies=str(r.applies),
        )
        for r in doctrine.reforms_for(place, conduct, locality=locality)
    )


@cache
def court_display_name(court_id: str | None) -> str:
    if not court_id:
        return "unknown court"
    try:
        return court_name(court_id)
    except InputError:  # an unknown id still renders, as its id
        return court_id
