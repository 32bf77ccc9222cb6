"""The structured result of an analysis: one value every memo format (Markdown, HTML, DOCX, JSON) renders.

Holding classes (from the labels of a stored opinion):

- ``violation_clearly_established`` — prong 1 violation found and the right was clearly established;
- ``violation_not_clearly_established`` — violation found, not yet clearly established then (it establishes the
  law for conduct after the decision);
- ``no_violation`` — prong 1 decided against the plaintiff;
- ``qi_granted_merits_skipped`` — QI granted on prong 2 without reaching prong 1: the catch-22, never support;
- ``qi_denied`` — QI denied before trial (motion to dismiss, summary judgment: the plaintiff's facts taken as
  true), or a denial whose prongs the labels do not give;
- ``qi_granted`` / ``mixed`` — the outcome when the prongs do not say more;
- ``no_qi_ruling`` — the opinion does not rule on QI (e.g. a Supreme Court merits decision);
- ``unlabeled`` — no label is stored for the opinion.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from fairwarning.analysis._domain import ReformInfo
from fairwarning.analysis.incident import Incident

__all__ = [
    "HOLDINGS",
    "SUPPORTING_HOLDINGS",
    "Evidence",
    "Precedent",
    "LeadingCaseRef",
    "ControllingCourtRef",
    "CoverageGap",
    "ObviousCaseRoute",
    "ClaimAssessment",
    "MonellAvenue",
    "AnalysisResult",
    "holding_of",
]

#: holding class -> how the memo says it
HOLDINGS: dict[str, str] = {
    "violation_clearly_established": "violation found; right clearly established",
    "violation_not_clearly_established": "violation found; not clearly established at that time (establishes the law for later conduct)",
    "no_violation": "no constitutional violation found",
    "qi_granted_merits_skipped": "QI granted without reaching the merits (catch-22: establishes nothing; not support)",
    "qi_denied": "QI denied — on the facts taken in the plaintiff's favour at this stage (not a finding that a "
                 "violation occurred)",
    "qi_granted": "QI granted",
    "mixed": "mixed: QI granted in part and denied in part",
    "merits_violation": "held the conduct unconstitutional (a merits holding outside a QI ruling)",
    "no_qi_ruling": "no QI ruling in this opinion",
    "standard_setting": "states the constitutional standard for this right (not a ruling on similar facts)",
    "unlabeled": "not labeled",
}
#: holdings that can help clearly establish a right (when decided before the conduct)
SUPPORTING_HOLDINGS = frozenset({"violation_clearly_established", "violation_not_clearly_established", "qi_denied",
                                 "merits_violation"})


_PRETRIAL = frozenset({"motion_to_dismiss", "summary_judgment"})


def holding_of(fields: dict[str, Any] | None) -> str:
    """The holding class of an opinion from its label fields (gold-schema keys)."""
    if not fields:
        return "unlabeled"
    if not fields.get("qi_decided"):
        return "no_qi_ruling"
    outcome, p1, p2 = fields.get("qi_outcome"), fields.get("prong1"), fields.get("prong2")
    if fields.get("merits_skipped") or (outcome == "granted" and p1 == "not_reached"):
        return "qi_granted_merits_skipped"
    if outcome == "denied" and fields.get("stage") in _PRETRIAL:
        # a denial before trial takes the plaintiff's facts as true: not a finding that a violation occurred
        return "qi_denied"
    if p1 == "violation" and p2 == "clearly_established":
        return "violation_clearly_established"
    if p1 == "violation" and p2 == "not_clearly_established":
        return "violation_not_clearly_established"
    if p1 == "no_violation":
        return "no_violation"
    if outcome in ("denied", "granted", "mixed"):
        return "qi_" + outcome if outcome != "mixed" else "mixed"
    return "no_qi_ruling"


@dataclass(frozen=True)
class Evidence:
    quote: str
    start: int | None  # char offsets into the stored opinion text
    end: int | None
    field: str  # the label field the quote supports
    pin: str | None = None  # "490 U.S. at 396" when the text carries star paging for the reporter


@dataclass(frozen=True)
class Precedent:
    opinion_id: int
    citation: str  # verified reporter citation from the store, or "" when the store has none
    case_name: str
    court: str
    court_name: str
    date_decided: str | None
    precedential_status: str
    authority: str  # controlling | persuasive | not_binding | after_conduct
    authority_reason: str
    authority_source: str
    after_conduct: bool
    holding: str  # a key of HOLDINGS
    rights: tuple[str, ...]
    claims: tuple[str, ...]  # the incident's claims this precedent matches by right
    score: float
    evidence: tuple[Evidence, ...]
    supports: bool  # may count toward clearly establishing (before conduct, holding supports, not catch-22)
    leading_case: str | None = None  # the leading-case display citation when the stored opinion is one
    leading_roles: tuple[str, ...] = ()  # its curated roles (qi_framework cases are never on-point precedent)
    holdings: dict[str, str] = field(default_factory=dict)  # right -> holding class on that right
    evidence_by_right: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)
    full_citation: str = ""  # "Rivera-Ruiz v. Gonzalez-Rivera, 983 F.2d 332 (1st Cir. 1993)"
    citation_source: str = "none"  # store | inventory | docket | none
    docket_number: str | None = None
    url: str | None = None  # CourtListener link
    sources: tuple[int, ...] = ()  # every stored copy of the decision (opinion ids)
    status_basis: str = "source"  # how the publication status is known: source | reporter
    date_note: str = ""
    governs_today: bool = False  # framework/procedure/liability case: applies as of the day of decision
    document_type: str = "opinion"

    @property
    def holding_text(self) -> str:
        return HOLDINGS[self.holding]

    rulings: dict[str, dict[str, Any]] = field(default_factory=dict)  # right -> per-right ruling fields

    def holding_on(self, right: str) -> str:
        return self.holdings.get(right, self.holding)

    def rulings_prong1(self, right: str) -> str | None:
        value = self.rulings.get(right, {}).get("prong1")
        return str(value) if value is not None else None

    @property
    def reference(self) -> str:
        """How the memo names it: the full citation (case name, reporter or docket cite, court and year)."""
        if self.full_citation:
            return self.full_citation
        year = (self.date_decided or "")[:4]
        cite = f", {self.citation}" if self.citation else ""
        paren = f" ({self.court_name}{', ' + year if year else ''})"
        return f"{self.case_name}{cite}{paren}"


@dataclass(frozen=True)
class LeadingCaseRef:
    name: str
    display: str  # printed citation; unverified ones carry their caveat
    us_cite: str | None
    date_decided: str | None
    verified: bool
    after_conduct: bool
    roles: tuple[str, ...]
    holding: str
    stored_opinion_id: int | None


@dataclass(frozen=True)
class ControllingCourtRef:
    court: str
    court_name: str
    decided_before: str | None  # decisions count only before this date (the conduct date, or a rule's cutoff)
    rule: str
    source: str


@dataclass(frozen=True)
class CoverageGap:
    court: str
    court_name: str
    opinions: int
    first: str | None
    last: str | None
    message: str


@dataclass(frozen=True)
class ObviousCaseRoute:
    applies: bool
    explanation: str
    cases: tuple[LeadingCaseRef, ...]


@dataclass(frozen=True)
class ClaimAssessment:
    right: str
    right_name: str
    strength: str  # strong | moderate | weak | undetermined
    reasons: tuple[str, ...]
    supporting: tuple[int, ...]  # opinion ids of precedents that can support
    persuasive_support: tuple[int, ...]
    catch22: tuple[int, ...]
    contrary: tuple[int, ...]
    after_conduct: tuple[int, ...]
    leading_cases: tuple[LeadingCaseRef, ...]
    obvious_case: ObviousCaseRoute
    consensus_route: str
    listed: tuple[int, ...] = ()  # the precedents listed for this claim, best first (after-conduct ones last)
    decisive: tuple[str, ...] = ()  # the 1-3 authorities the short answer rests on
    would_change: str = ""
    no_controlling_note: str = ""


@dataclass(frozen=True)
class MonellAvenue:
    shown: bool
    defendants: tuple[str, ...]
    explanation: str
    cases: tuple[LeadingCaseRef, ...]


@dataclass(frozen=True)
class AnalysisResult:
    incident: Incident
    circuit: str
    controlling_courts: tuple[ControllingCourtRef, ...]
    binding_only: bool  # the forum's circuit counts only controlling courts (no robust-consensus route)
    binding_note: str
    claims: tuple[ClaimAssessment, ...]
    precedents: tuple[Precedent, ...]
    coverage_gaps: tuple[CoverageGap, ...]
    monell: MonellAvenue
    reforms: tuple[ReformInfo, ...]
    store: dict[str, Any] = field(default_factory=dict)
    caveats: tuple[str, ...] = ()
    who_notes: tuple[str, ...] = ()  # Bivens (federal officials), Will (state agencies), Richardson/Filarsky
    framework_cases: tuple[LeadingCaseRef, ...] = ()  # how a court decides QI today (applies as of decision)

    def precedent(self, opinion_id: int) -> Precedent:
        return next(p for p in self.precedents if p.opinion_id == opinion_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the ``--format json`` output)."""
        out = asdict(self)
        out["incident"] = self.incident.to_dict()
        for p, raw in zip(self.precedents, out["precedents"], strict=True):
            raw["holding_text"] = p.holding_text
            raw["reference"] = p.reference
            raw["evidence"] = [asdict(e) for e in p.evidence]
        return _jsonable(out)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
