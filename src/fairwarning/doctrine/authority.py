"""Is a precedent controlling for a case arising in a forum, for conduct on a date? A small generic rule engine.

The rules are data (``data/authority.json``): each rule has conditions (``when``), an outcome
(``controlling`` / ``persuasive`` / ``not_binding``), a reason and a source; each circuit lists the rules it
applies, in order, and the first match decides. Before any rule, the time rule: a precedent decided on or after
the conduct date is ``after_conduct`` (only decisions issued strictly *before* the day of the conduct count;
a same-day decision does not — dates carry no time of day and an official cannot know of it).

The forum's circuit is the circuit that hears the case *now* (a 1980 Florida incident litigated today is an
Eleventh Circuit case, where Bonner makes pre-October-1-1981 Fifth Circuit decisions binding). Not modelled:
later overruling or abrogation of a precedent, and whether the precedent's holding is on point (DOCTRINE.md §2).

Public API::

    authority_of(precedent_court, precedential_status, forum, conduct_date, precedent_date=None) -> AuthorityRuling
    controlling_courts(forum, on=None) -> list[ControllingCourt]
    normalize_status("Unknown Status") -> "unknown"
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from fairwarning.doctrine._data import load_table
from fairwarning.doctrine.jurisdiction import (
    Forum,
    circuits,
    court_kind,
    parse_date,
    place_for_court,
    places,
    resolve_forum,
)
from fairwarning.errors import InputError

__all__ = [
    "AUTHORITIES",
    "STATUSES",
    "Authority",
    "AuthorityRuling",
    "ControllingCourt",
    "authority_of",
    "controlling_courts",
    "normalize_status",
    "rule_source_citations",
    "compute_rule_source_citations",
    "unit_b_rule",
]

Authority = Literal["controlling", "persuasive", "not_binding", "after_conduct"]
AUTHORITIES: tuple[str, ...] = ("controlling", "persuasive", "not_binding", "after_conduct")
#: precedential statuses (CourtListener's, normalized)
STATUSES: tuple[str, ...] = (
    "published",
    "unpublished",
    "unknown",
    "separate",
    "in-chambers",
    "relating-to",
    "errata",
)
_STATUS_ALIASES = {
    "unknown status": "unknown",
    "separate opinion": "separate",
    "in chambers": "in-chambers",
    "relating-to orders": "relating-to",
    "relating to orders": "relating-to",
    "relating to": "relating-to",
    "non-precedential": "unpublished",
    "nonprecedential": "unpublished",
}


@dataclass(frozen=True)
class AuthorityRuling:
    """The answer: ``authority`` (controlling|persuasive|not_binding|after_conduct), why, and the rule's source."""

    authority: Authority
    reason: str
    source: str
    rule: str

    def to_json(self) -> dict[str, str]:
        return {"authority": self.authority, "reason": self.reason, "source": self.source, "rule": self.rule}


@dataclass(frozen=True)
class ControllingCourt:
    """A court whose published decisions control in a forum, if decided before ``decided_before`` (exclusive)."""

    court_id: str
    decided_before: dt.date | None
    rule: str
    source: str


@dataclass(frozen=True)
class _Facts:
    """Everything a rule condition may look at."""

    court: str
    kind: str
    status: str
    date: dt.date | None
    forum: Forum


def normalize_status(status: str | None) -> str:
    """CourtListener-style precedential status -> one of :data:`STATUSES` (None -> ``unknown``)."""
    text = (status or "unknown").strip().lower().replace("_", " ")
    text = _STATUS_ALIASES.get(text, text).replace(" ", "-")
    if text not in STATUSES:
        raise InputError(f"unknown precedential status {status!r}; valid: {', '.join(STATUSES)}")
    return text


def _table() -> dict[str, Any]:
    data: dict[str, Any] = load_table("authority")  # loaded once (load_table caches)
    return data


@lru_cache(maxsize=1)
def _rules_by_id() -> dict[str, dict[str, Any]]:
    return {rule["id"]: rule for rule in _table()["rules"]}


def _circuit_rules(circuit: str) -> list[dict[str, Any]]:
    entry = _table()["circuits"].get(circuit)
    if entry is None:
        raise InputError(
            f"no authority rules for circuit {circuit!r}; valid: {', '.join(sorted(_table()['circuits']))}"
        )
    return [_rules_by_id()[rule_id] for rule_id in entry["rules"]]


def _relation_holds(relation: str, facts: _Facts) -> bool:
    forum = facts.forum
    if relation == "forum_circuit":
        return facts.court == forum.circuit
    if facts.kind != "state_highest":
        return False
    if relation == "forum_state_highest":
        return forum.place is not None and facts.court in places()[forum.place].highest_courts
    if relation == "circuit_state_highest_place_unknown":
        precedent_place = place_for_court(facts.court)
        return (
            forum.place is None
            and precedent_place is not None
            and (resolve_forum(precedent_place).circuit == forum.circuit)
        )
    raise InputError(f"unknown relation {relation!r} in authority data")  # pragma: no cover - schema forbids


def _matches(when: dict[str, Any], facts: _Facts) -> bool:
    """True when every condition in ``when`` holds for ``facts`` (a condition on an unknown date fails)."""
    checks = {
        "statuses": lambda v: facts.status in v,
        "court_kinds": lambda v: facts.kind in v,
        "courts": lambda v: facts.court in v,
        "relation": lambda v: _relation_holds(v, facts),
        "decided_before": lambda v: facts.date is not None and facts.date < dt.date.fromisoformat(v),
        "precedent_date_known": lambda v: (facts.date is not None) is v,
    }
    return all(checks[key](value) for key, value in when.items())


def _fill(template: str, facts: _Facts, **extra: str) -> str:
    names = circuits()
    values = {
        "status": facts.status,
        "precedent_court": facts.court,
        "precedent_court_name": names.get(facts.court, facts.court),
        "precedent_place": place_for_court(facts.court) or "?",
        "forum": facts.forum.given,
        "forum_place": facts.forum.place or "?",
        "forum_circuit_name": names.get(facts.forum.circuit, facts.forum.circuit),
        **extra,
    }
    return template.format(**values)


def _check_dates(court: str, conduct: dt.date, precedent: dt.date | None) -> None:
    today = dt.date.today()
    if conduct > today:
        raise InputError(
            f"conduct date {conduct} is in the future; give the date of the incident (YYYY-MM-DD)"
        )
    if precedent is None:
        return
    if precedent > today:
        raise InputError(f"precedent date {precedent} is in the future; give the decision date (YYYY-MM-DD)")
    start = _court_start(court)
    if start is not None and precedent < start:
        raise InputError(
            f"precedent date {precedent} is before {court} existed (from {start}); check the court id and date"
        )


def _court_start(court: str) -> dt.date | None:
    from fairwarning.doctrine.jurisdiction import _courts_db

    starts = [d.get("start") for d in _courts_db().get(court, {}).get("dates", []) or []]
    parsed = [dt.date.fromisoformat(s) for s in starts if s]
    return min(parsed) if parsed else None


def authority_of(
    precedent_court: str,
    precedential_status: str | None,
    forum: str,
    conduct_date: dt.date | str,
    precedent_date: dt.date | str | None = None,
) -> AuthorityRuling:
    """How much a decision of ``precedent_court`` counts for conduct on ``conduct_date`` in ``forum``.

    ``forum``: a state/territory code (FL, PR, DC, GU, VI, MP) or courts-db id (``flsd``, ``fla``, ``ca11``).
    Unknown courts, statuses or impossible dates raise :class:`InputError`.
    """
    conduct = parse_date(conduct_date, "conduct date")
    if conduct is None:
        raise InputError("conduct date is required (YYYY-MM-DD)")
    decided = parse_date(precedent_date, "precedent date")
    court = (precedent_court or "").strip().lower()
    facts = _Facts(
        court, court_kind(court), normalize_status(precedential_status), decided, resolve_forum(forum)
    )
    _check_dates(court, conduct, decided)
    if decided is not None and decided >= conduct:
        rule = _table()["time_rule"]
        relation = "the same day as" if decided == conduct else "after"
        reason = _fill(
            rule["reason"], facts, precedent_date=str(decided), conduct_date=str(conduct), relation=relation
        )
        return AuthorityRuling("after_conduct", reason, rule["source"], rule["id"])
    rule = next(
        (r for r in _circuit_rules(facts.forum.circuit) if _matches(r["when"], facts)), _table()["fallback"]
    )
    reason = _fill(rule["reason"], facts)
    if decided is None:
        reason += f" (no decision date given: it counts only if decided before {conduct})"
    return AuthorityRuling(rule["authority"], reason, rule["source"], rule["id"])


def _courts_for_rule(when: dict[str, Any], forum: Forum) -> list[str]:
    if "courts" in when:
        return list(when["courts"])
    if when.get("court_kinds") == ["supreme_court"]:
        return ["scotus"]
    relation = when.get("relation")
    if relation == "forum_circuit":
        return [forum.circuit]
    if relation == "forum_state_highest" and forum.place is not None:
        return list(places()[forum.place].highest_courts)
    return []


def controlling_courts(forum: str, on: dt.date | str | None = None) -> list[ControllingCourt]:
    """Courts whose published decisions control in ``forum`` for conduct on ``on`` (decided before it).

    Useful as a retrieval filter: a decision counts if its court is listed and it was decided before
    ``decided_before`` (None: no cutoff because ``on`` was not given). Courts whose decisions control only
    under a date window (Fifth Circuit before October 1, 1981 in the Eleventh Circuit) carry that cutoff.
    """
    day = parse_date(on, "conduct date")
    resolved = resolve_forum(forum)
    out: list[ControllingCourt] = []
    for rule in _circuit_rules(resolved.circuit):
        when = rule["when"]
        if rule["authority"] != "controlling" or "published" not in when.get("statuses", ["published"]):
            continue
        limit = dt.date.fromisoformat(when["decided_before"]) if "decided_before" in when else None
        cutoff = min((d for d in (limit, day) if d is not None), default=None)
        out += [
            ControllingCourt(c, cutoff, rule["id"], rule["source"]) for c in _courts_for_rule(when, resolved)
        ]
    return out


def unit_b_rule() -> dict[str, Any]:
    """The Unit B rule (DOCTRINE.md §2): decisions of Unit B of the former Fifth Circuit issued on or after
    ``decided_from`` bind the Eleventh Circuit. courts-db has no Unit B court, so the caller decides from the
    opinion's text (``marker``) whether a ``court`` decision is a Unit B one."""
    rule: dict[str, Any] = _table()["unit_b"]
    return rule


_DERIVED = "derived/rule_source_citations.json"


def _sources_fingerprint() -> str:
    import hashlib

    sources = "\n".join(str(rule.get("source", "")) for rule in [*_table()["rules"], unit_b_rule()])
    return hashlib.sha256(sources.encode("utf-8")).hexdigest()


def compute_rule_source_citations() -> dict[str, Any]:
    """The content of ``data/derived/rule_source_citations.json``: the citations eyecite finds in the rules'
    sources, with a fingerprint of those sources (regenerate with ``scripts/precompute.py``)."""
    from fairwarning.corpus.citations import extract_citations

    found = set()
    for rule in [*_table()["rules"], unit_b_rule()]:
        for c in extract_citations(str(rule.get("source", ""))):
            if c.normalized and c.kind == "full":
                found.add(c.normalized)
    return {"citations": sorted(found), "sources_sha256": _sources_fingerprint()}


@lru_cache(maxsize=1)
def rule_source_citations() -> frozenset[str]:
    """Normalized reporter citations printed in the rules' ``source`` notes (e.g. Bonner v. City of Prichard,
    661 F.2d 1206). They are packaged, source-checked data: a test checks each against DOCTRINE.md, so a memo may
    print them. Precomputed at build time (eyecite is slow to start; a test checks the packaged file equals a
    fresh computation); computed afresh when the rules' sources no longer match the file."""
    from importlib import resources

    try:
        ref = resources.files("fairwarning.doctrine").joinpath("data").joinpath(_DERIVED)
        data = json.loads(ref.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if data.get("sources_sha256") != _sources_fingerprint():
        data = compute_rule_source_citations()
    return frozenset(data["citations"])
