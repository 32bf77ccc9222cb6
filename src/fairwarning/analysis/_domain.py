"""The one place analysis touches the other domain modules (doctrine, taxonomy, courts, citations).

Each function here normalizes another module's answer into a small value the analysis owns, so that a change in
those modules' shapes is absorbed here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

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
    "controlling_court_ids",
    "controlling_courts",
    "consensus_rule",
    "authority",
    "leading_cases",
    "leading_table_available",
    "all_leading_cases",
    "reforms",
    "court_display_name",
    "scdb_refutes_cite",
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


@dataclass(frozen=True)
class AuthorityInfo:
    authority: str  # controlling | persuasive | not_binding | after_conduct
    reason: str
    source: str


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


def _ids_of(table: Any) -> tuple[str, ...]:
    if isinstance(table, dict):
        return tuple(table)
    return tuple(str(_get(item, "id", default=item)) for item in table)


@cache
def right_ids() -> tuple[str, ...]:
    from fairwarning import taxonomy

    return _ids_of(taxonomy.RIGHTS)


@cache
def official_type_ids() -> tuple[str, ...]:
    from fairwarning import taxonomy

    return _ids_of(taxonomy.OFFICIAL_TYPES)


def right_name(right: str) -> str:
    from fairwarning import taxonomy

    try:
        return str(taxonomy.right(right).label)
    except Exception:  # noqa: BLE001 - an id the taxonomy lacks still renders, as its id
        return right.replace("_", " ")


_REGEX_SPACE = re.compile(r"\\s[+*]?|\[\\s-\]|\s+")


@cache
def right_cues(right: str) -> tuple[str, ...]:
    """Plain phrases among the taxonomy's cue patterns for a right (used to expand retrieval queries)."""
    from fairwarning import taxonomy

    try:
        cues = taxonomy.right(right).cues
    except Exception:  # noqa: BLE001
        return ()
    out = []
    for cue in cues:
        text = _REGEX_SPACE.sub(" ", cue.pattern.replace("\\b", "")).strip().lower()
        if text and text.replace(" ", "").isalpha():
            out.append(" ".join(text.split()))
    return tuple(out)


@cache
def leading_standard_cite(right: str) -> str | None:
    """The U.S. Reports citation of the taxonomy's leading standard for a right, if any."""
    from fairwarning import taxonomy

    try:
        cite = taxonomy.right(right).leading_standard.us_cite
    except Exception:  # noqa: BLE001
        return None
    return str(cite) if cite else None


def circuit_for_place(place: str) -> str:
    from fairwarning import doctrine

    return str(doctrine.circuit_for_forum(place))


def controlling_court_ids(place: str, on: dt.date) -> tuple[str, ...]:
    return tuple(c[0] for c in controlling_courts(place, on))


def controlling_courts(place: str, on: dt.date) -> tuple[tuple[str, dt.date | None, str, str], ...]:
    """(court id, decided-before cutoff, rule id, rule source) for each court that controls in the forum."""
    from fairwarning import doctrine

    out = []
    for c in doctrine.controlling_courts(place, on=on):
        out.append((
            str(_get(c, "court_id", "court", "id", default=c)),
            _as_date(_get(c, "decided_before", default=None)),
            str(_get(c, "rule", default="")),
            str(_get(c, "source", default="")),
        ))
    return tuple(out)


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
    from fairwarning import doctrine
    from fairwarning.errors import InputError

    try:
        ruling = doctrine.authority_of(court or "", status, place, conduct, decided)
    except InputError as exc:
        if decided is not None and decided >= conduct:
            return AuthorityInfo("after_conduct", f"decided {decided.isoformat()}, after the conduct", "")
        return AuthorityInfo("not_binding", f"the store does not record a usable court for this opinion ({exc})", "")
    value = _get(ruling, "authority")
    return AuthorityInfo(
        authority=str(getattr(value, "value", value)),
        reason=str(_get(ruling, "reason", default="")),
        source=str(_get(ruling, "source", default="")),
    )


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(getattr(v, "value", v)) for v in value)


@cache
def _scdb_confirms_sct(name: str, sct: str, day: dt.date) -> bool:
    """Whether SCDB has Supreme Court Reporter citation ``sct`` for this case name and decision date. False when
    the SCDB file is not available: nothing is then claimed as verified."""
    from fairwarning import scdb
    from fairwarning.errors import FairwarningError

    try:
        row = scdb.lookup_sct_cite(sct)
    except FairwarningError:
        return False
    return row is not None and row.date_decided == day and scdb.names_match(name, row.case_name)


@cache
def scdb_refutes_cite(name: str, cite: str, day: dt.date | None) -> bool:
    """True when SCDB holds the U.S. Reports or S. Ct. citation ``cite`` for a different case: another name and
    another decision date (a stored opinion can carry a wrong cite, e.g. from the header of a neighbouring case).
    False when the cite is of another reporter, SCDB has no row for it, or SCDB is not available."""
    from fairwarning import scdb
    from fairwarning.errors import FairwarningError

    try:
        if " U.S. " in cite:
            row = scdb.lookup_us_cite(cite)
        elif " S. Ct. " in cite:
            row = scdb.lookup_sct_cite(cite)
        else:
            return False
    except FairwarningError:
        return False
    return row is not None and row.date_decided != day and not scdb.names_match(name, row.case_name)


def _verified_cite(case: Any, name: str, day: dt.date | None) -> str | None:
    """The citation the memo may print: the U.S. Reports cite when the doctrine table verified it, else the
    S. Ct. cite when SCDB confirms it (recent cases have no U.S. cite in SCDB), else None."""
    if bool(_get(case, "verified", default=False)):
        cite = _get(case, "us_cite", "citation")
        return str(cite) if cite else None
    sct = _get(case, "sct_cite", default=None)
    if sct and day is not None and _scdb_confirms_sct(name, str(sct), day):
        return str(sct)
    return None


def _leading(case: Any) -> LeadingCaseInfo:
    """A leading case as the analysis shows it. Only a verified citation is kept and printed (DOCTRINE.md: never
    print a citation fairwarning cannot tie to its own data); a case without one is named with its decision date
    and marked "(unverified)"."""
    name = str(_get(case, "name", "case_name"))
    day = _as_date(_get(case, "date_decided", "date"))
    cite = _verified_cite(case, name, day)
    if cite:
        display = f"{name}, {cite}" + (f" ({day.year})" if day else "")
    else:
        display = f"{name} ({day.isoformat()})" if day else name
        display += " (unverified)"
    return LeadingCaseInfo(
        name=name,
        us_cite=cite,
        date_decided=day,
        rights=_tuple(_get(case, "rights", default=())),
        roles=_tuple(_get(case, "roles", "role", default=())),
        holding=str(_get(case, "holding", default="")),
        verified=cite is not None,
        display=display,
    )


def leading_table_available() -> bool:
    from fairwarning import doctrine

    return hasattr(doctrine, "leading_cases")


def leading_cases(right: str | None = None) -> tuple[LeadingCaseInfo, ...]:
    """The doctrine's leading Supreme Court cases (empty when this build has no leading-case table)."""
    from fairwarning import doctrine

    if not leading_table_available():
        return ()
    table: Any = doctrine
    return tuple(_leading(c) for c in table.leading_cases(right=right))


@cache
def all_leading_cases() -> tuple[LeadingCaseInfo, ...]:
    return leading_cases(None)


def leading_cases_with_role(*roles: str) -> tuple[LeadingCaseInfo, ...]:
    wanted = set(roles)
    return tuple(c for c in all_leading_cases() if wanted & {r.replace("-", "_") for r in c.roles})


def leading_case_named(fragment: str) -> LeadingCaseInfo | None:
    low = fragment.lower()
    return next((c for c in all_leading_cases() if low in c.name.lower()), None)


def reforms(place: str, conduct: dt.date, locality: str | None = None) -> tuple[ReformInfo, ...]:
    from fairwarning import doctrine

    if not hasattr(doctrine, "reforms_for"):
        return ()
    out = []
    table: Any = doctrine
    found = table.reforms_for(place, conduct, locality=locality) if locality else table.reforms_for(place, conduct)
    for r in found:
        out.append(
            ReformInfo(
                name=str(_get(r, "name", "title")),
                summary=str(_get(r, "summary", "scope", "description", default="")),
                effective=str(_get(r, "effective", "effective_date", "applies_from", default="") or "") or None,
                source=str(_get(r, "source", default="") or "") or None,
            )
        )
    return tuple(out)


@cache
def court_display_name(court_id: str | None) -> str:
    if not court_id:
        return "unknown court"
    try:
        from fairwarning.courts import court_name

        return str(court_name(court_id))
    except Exception:  # noqa: BLE001 - an unknown id still renders, as its id
        return court_id


def unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
