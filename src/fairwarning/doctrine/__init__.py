"""Doctrine as data: binding authority, time of conduct, jurisdictions, leading cases, state reforms.

Pure functions over packaged JSON tables (``fairwarning/doctrine/data/*.json``, each with a JSON Schema in
``data/schemas/``). Errors: :class:`~fairwarning.errors.InputError` for bad user input (unknown court, state,
status, right id, impossible date); :class:`~fairwarning.errors.DataError` if the packaged data is invalid.
"""

from fairwarning.doctrine.authority import (
    AUTHORITIES,
    STATUSES,
    AuthorityRuling,
    ControllingCourt,
    authority_of,
    controlling_courts,
    normalize_status,
    rule_source_citations,
    unit_b_rule,
)
from fairwarning.doctrine.cases import RIGHTS, ROLES, LeadingCase, leading_case, leading_cases
from fairwarning.doctrine.jurisdiction import (
    Forum,
    Place,
    circuit_for_forum,
    circuit_for_place,
    circuits,
    court_kind,
    district_courts,
    place_for_court,
    places,
    resolve_forum,
)
from fairwarning.doctrine.reforms import Reform, ReformApplicability, all_reforms, reforms_for

__all__ = [
    "AUTHORITIES",
    "RIGHTS",
    "ROLES",
    "STATUSES",
    "AuthorityRuling",
    "ControllingCourt",
    "Forum",
    "LeadingCase",
    "Place",
    "Reform",
    "ReformApplicability",
    "all_reforms",
    "authority_of",
    "circuit_for_forum",
    "circuit_for_place",
    "circuits",
    "controlling_courts",
    "court_kind",
    "district_courts",
    "leading_case",
    "leading_cases",
    "normalize_status",
    "rule_source_citations",
    "unit_b_rule",
    "place_for_court",
    "places",
    "reforms_for",
    "resolve_forum",
]
