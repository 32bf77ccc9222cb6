"""Per-claim assessment of the clearly-established question: a pure function of looked-up values.

:func:`assess` takes the incident, the ranked candidate precedents (already joined with their metadata, labels,
authority ruling and evidence) and the doctrine context, and returns the :class:`AnalysisResult` every memo
format renders. No I/O here; :mod:`fairwarning.analysis.engine` gathers the inputs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from fairwarning.analysis._domain import AuthorityInfo, LeadingCaseInfo, ReformInfo, right_name
from fairwarning.analysis.cases import CaseRecord
from fairwarning.analysis.incident import Incident
from fairwarning.analysis.queries import CourtCoverage, OpinionMeta
from fairwarning.analysis.result import (
    SUPPORTING_HOLDINGS,
    AnalysisResult,
    ClaimAssessment,
    ControllingCourtRef,
    CoverageGap,
    Evidence,
    LeadingCaseRef,
    MonellAvenue,
    ObviousCaseRoute,
    Precedent,
    holding_of,
)

__all__ = ["Candidate", "Context", "assess", "to_precedent", "coverage_gaps", "leading_ref", "found_violation",
           "VIOLATION_ROLES"]

#: leading-case roles (:data:`fairwarning.doctrine.ROLES`) meaning the Supreme Court found the conduct
#: unconstitutional (or denied QI)
VIOLATION_ROLES = frozenset({"qi_denied", "obvious_case"})
#: roles meaning the case sets the general standard for a right
STANDARD_ROLES = frozenset({"standard_setting"})
_LOCAL_OFFICIALS = frozenset({"police", "corrections", "school", "social_services", "other_state_or_local"})
_LOOKBACK_YEARS = 30


@dataclass(frozen=True)
class Candidate:
    meta: OpinionMeta
    citation: str
    label: dict[str, object] | None
    evidence: tuple[Evidence, ...]
    authority: AuthorityInfo
    score: float
    court_name: str = "unknown court"
    leading_display: str | None = None
    leading_roles: tuple[str, ...] = ()  # curated roles when the stored opinion is a leading case
    record: CaseRecord | None = None  # the merged decision (citation, sources, link); None for a hand-built one
    rulings: dict[str, dict[str, object]] | None = None  # right -> per-right ruling fields (None: from `label`)
    evidence_by_right: dict[str, tuple[Evidence, ...]] | None = None
    leading_rights: tuple[str, ...] = ()  # the rights the leading-case table lists it for
    quote_text_checked: bool = True  # quotes were checked against the text (separate opinions excluded)


#: the relevance floor: a precedent not from a controlling court and not a leading case is listed only when its
#: facts are at least this similar to the narrative (similarity normalized to the best candidate, 0..1).
#: Calibrated by ``fairwarning eval floor`` (docs/relevance-floor.md: the sweep table and the rule that chose it)
#: on the development data only (../shared/eval/scenarios and the retrieval queries of the dev labels).
RELEVANCE_FLOOR = 0.10  # chosen by the rule in evaluate.choose_floor on the 2026-12-05 dev sweep (was 0.15 by hand)


@dataclass(frozen=True)
class Context:
    circuit: str
    controlling_courts: tuple[ControllingCourtRef, ...]
    binding_only: bool
    binding_note: str
    coverage: dict[str, CourtCoverage]
    court_years: dict[str, set[int]]
    leading_by_right: dict[str, tuple[LeadingCaseInfo, ...]]
    monell_cases: tuple[LeadingCaseInfo, ...]
    obvious_cases: tuple[LeadingCaseInfo, ...]
    stored_leading: dict[str, int]  # us_cite -> stored opinion id
    reforms: tuple[ReformInfo, ...]
    store: dict[str, object] = field(default_factory=dict)
    qi_courts_by_right: dict[str, frozenset[str]] | None = None  # courts with stored QI rulings on each right
    rulings_available: bool = True
    limit: int = 8  # at most this many pre-conduct precedents listed per claim
    floor: float = RELEVANCE_FLOOR  # the relevance floor for precedents outside the controlling courts
    framework_cases: tuple[LeadingCaseInfo, ...] = ()  # cases on how a court decides QI today
    cause_cases: tuple[LeadingCaseInfo, ...] = ()  # who can be sued, and how (Bivens, Will, Richardson, Filarsky)
    pool_note: str = ""  # how the candidate pool was bounded in a large store ("" when it was not)


_VIOLATED = re.compile(r"\b(?:violated|was unconstitutional)\b", re.IGNORECASE)
_NOT_VIOLATED = re.compile(r"\b(?:not|never|no longer)\s+(?:have\s+)?violated?\b|\bdid not violate\b", re.IGNORECASE)


def _same_case(p: Precedent, c: LeadingCaseRef) -> bool:
    """A stored opinion that is a listed leading case (by name and year: the store may lack its citation)."""
    return p.case_name.lower() == c.name.lower() and (p.date_decided or "")[:4] == (c.date_decided or "")[:4]


def found_violation(case: LeadingCaseRef) -> bool:
    """Whether a leading case found the conduct unconstitutional: by its roles (QI denied, obvious case) or,
    failing that, by the first sentence of its holding saying the conduct "violated" the Constitution."""
    if VIOLATION_ROLES & set(case.roles):
        return True
    first = case.holding.split(". ")[0]
    return bool(_VIOLATED.search(first)) and not _NOT_VIOLATED.search(first)


def leading_ref(case: LeadingCaseInfo, conduct: dt.date, stored: dict[str, int]) -> LeadingCaseRef:
    return LeadingCaseRef(
        name=case.name,
        display=case.display,
        us_cite=case.us_cite,
        date_decided=case.date_decided.isoformat() if case.date_decided else None,
        verified=case.verified,
        after_conduct=bool(case.date_decided and case.date_decided >= conduct),
        roles=tuple(sorted(set(case.roles))),
        holding=case.holding,
        stored_opinion_id=stored.get(case.us_cite or ""),
    )


#: leading-case roles that make a case about how a court decides (framework, procedure, who is liable) rather
#: than about the substantive law: applied as of the day of decision, never "decided after the conduct"
GOVERNS_TODAY = frozenset({"qi_framework", "procedure", "municipal_liability", "binding_authority",
                           "cause_of_action", "absolute_immunity", "qi_unavailable"})
#: holdings that make a claim STRONG when a controlling court issued them before the conduct on this right
STRONG_HOLDINGS = frozenset({"violation_clearly_established", "qi_denied", "merits_violation"})


def _rulings(c: Candidate) -> dict[str, dict[str, object]]:
    if c.rulings is not None:
        return c.rulings
    fields = c.label or {}
    raw = fields.get("rights") or ()
    rights = [str(r) for r in raw] if isinstance(raw, list | tuple) else []
    return {r: dict(fields) for r in rights} if fields.get("qi_decided") else {}


def _holding_on(ruling: dict[str, object], label: dict[str, object] | None) -> str:
    fields = dict(ruling)
    if label and "stage" not in fields:
        fields["stage"] = label.get("stage")
    if not fields.get("qi_decided"):
        # a merits holding outside a QI ruling (a criminal court suppressing evidence, an injunction suit)
        p1 = fields.get("prong1")
        return {"violation": "merits_violation", "no_violation": "no_violation"}.get(str(p1), "no_qi_ruling")
    return holding_of(fields)


def to_precedent(incident: Incident, c: Candidate, *, binding_only: bool = False) -> Precedent:
    rec = c.record
    decided = rec.date_decided if rec else c.meta.date_decided
    roles = set(c.leading_roles)
    governs_today = bool(roles & GOVERNS_TODAY) and not roles & {"standard_setting"}
    after = bool(decided and decided >= incident.conduct_date.isoformat()) or (
        c.authority.authority == "after_conduct" and not governs_today)
    per_right = _rulings(c)
    holdings = {r: _curated(_holding_on(f, c.label), roles) for r, f in per_right.items()}
    for r in c.leading_rights:
        if r in incident.claims and holdings.get(r, "no_qi_ruling") == "no_qi_ruling":
            # a leading case without a stored ruling on the right: what the curated table says it did
            holdings[r] = ("qi_granted" if "qi_granted" in roles else "qi_denied" if "qi_denied" in roles
                           else "standard_setting")
    claims = tuple(r for r in incident.claims if r in per_right or r in c.leading_rights)
    mine = [holdings[r] for r in claims if r in holdings]
    holding = mine[0] if mine else (_curated(holding_of(c.label or None), roles) if per_right or c.label
                                     else "unlabeled")
    supports_any = any(h in SUPPORTING_HOLDINGS for h in mine)
    authority = c.authority.authority
    reason = c.authority.reason
    if governs_today and authority == "after_conduct":
        authority, reason = "controlling", "governs how a court decides this today (framework or procedure)"
    return Precedent(
        opinion_id=c.meta.id,
        citation=c.citation,
        case_name=(rec.short_name if rec else c.meta.case_name) or f"Stored opinion {c.meta.id} (no case name recorded)",
        court=c.meta.court_id or "unknown",
        court_name=c.court_name,
        date_decided=decided,
        precedential_status=rec.precedential_status if rec else c.meta.precedential_status,
        authority="after_conduct" if after else authority,
        authority_reason=reason + (
            " — but not counted here: in this circuit only binding courts can clearly establish the law"
            if binding_only and authority == "persuasive" else ""
        ),
        authority_source=c.authority.source,
        after_conduct=after,
        holding=holding,
        rights=tuple(per_right),
        claims=claims,
        score=round(c.score, 4),
        evidence=c.evidence,
        supports=(not after) and supports_any and not governs_today and (
            authority == "controlling" or (authority == "persuasive" and not binding_only)
        ),
        leading_case=c.leading_display,
        leading_roles=tuple(sorted(roles)),
        holdings=holdings,
        evidence_by_right=dict(c.evidence_by_right or {}),
        full_citation=rec.full_citation if rec else "",
        citation_source=rec.citation_source if rec else ("store" if c.citation else "none"),
        docket_number=rec.docket_number if rec else None,
        url=rec.url if rec else None,
        sources=rec.sources if rec else (c.meta.id,),
        status_basis=rec.status_basis if rec else "source",
        date_note=rec.date_note if rec else "",
        governs_today=governs_today,
        document_type=c.meta.document_type,
        rulings={r: dict(f) for r, f in per_right.items()},
    )


def _curated(holding: str, roles: set[str]) -> str:
    """The leading-case table (curated, checked against SCDB) wins over a machine label that contradicts it. A
    label that says more than the table and agrees with it is kept: a grant with no violation (Scott v. Harris), a
    violation found but not clearly established (Wilson v. Layne) or the merits skipped (Brosseau v. Haugen) is
    still a grant, and the memo should say which."""
    if "qi_granted" in roles and holding in ("qi_denied", "violation_clearly_established"):
        return "qi_granted"
    if "qi_denied" in roles and holding in ("qi_granted", "no_violation", "qi_granted_merits_skipped",
                                            "violation_not_clearly_established"):
        return "qi_denied"
    return holding


def _ranges(years: list[int]) -> str:
    out: list[str] = []
    for y in years:
        if out and int(out[-1].split("–")[-1]) == y - 1:
            out[-1] = f"{out[-1].split('–')[0]}–{y}"
        else:
            out.append(str(y))
    return ", ".join(out)


def coverage_gaps(incident: Incident, ctx: Context) -> tuple[CoverageGap, ...]:
    """What the store does not cover among the controlling courts: absent courts and absent years."""
    gaps = []
    seen: set[str] = set()
    for ref in ctx.controlling_courts:
        court, name = ref.court, ref.court_name
        if court in seen:
            continue
        seen.add(court)
        end = int(ref.decided_before[:4]) if ref.decided_before else incident.conduct_date.year
        window = f" (its decisions count only before {ref.decided_before})" if ref.decided_before and \
            ref.decided_before < incident.conduct_date.isoformat() else ""
        cov = ctx.coverage.get(court)
        if cov is None:
            msg = (f"The store holds no opinions of the {name} ({court}){window}. Its decisions control here, so their "
                   "absence from the results says nothing about whether they clearly established the right: "
                   "research them outside this store (or sync that court).")
            gaps.append(CoverageGap(court, name, 0, None, None, msg))
            continue
        have = ctx.court_years.get(court, set())
        missing = [y for y in range(end - _LOOKBACK_YEARS, end + 1) if y not in have]
        if missing:
            msg = (f"{name}: {cov.opinions} opinion(s) stored ({(cov.first or '?')[:4]}–{(cov.last or '?')[:4]}); "
                   f"none from {_ranges(missing)}. Law from those years is not covered here, not absent.")
            gaps.append(CoverageGap(court, name, cov.opinions, cov.first, cov.last, msg))
    return tuple(gaps)


MAX_LISTED = 8
MAX_AFTER = 3
_AUTH_RANK = {"controlling": 2.0, "persuasive": 0.8, "not_binding": 0.0, "after_conduct": 0.0}
_HOLD_RANK = {"violation_clearly_established": 1.0, "qi_denied": 1.0, "merits_violation": 1.0,
              "violation_not_clearly_established": 0.8, "mixed": 0.6, "no_violation": 0.5,
              "qi_granted_merits_skipped": 0.2, "qi_granted": 0.3}


def _on_right(ps: Sequence[Precedent], right: str) -> list[Precedent]:
    """Precedents ruling on the right, without the framework cases (Harlow, Pearson, ...: they govern how a court
    decides, they are not on-point precedent) and without errata or orders standing alone."""
    return [p for p in ps if right in p.claims and not p.governs_today and "qi_framework" not in p.leading_roles
            and p.document_type == "opinion"]


def _rank(p: Precedent, right: str) -> float:
    lead = 0.7 if p.leading_case and "standard_setting" in p.leading_roles else 0.0
    return _AUTH_RANK.get(p.authority, 0.0) + _HOLD_RANK.get(p.holding_on(right), 0.0) + p.score + lead


def select(ps: Sequence[Precedent], right: str, controlling: set[str], limit: int = MAX_LISTED,
           floor: float = RELEVANCE_FLOOR) -> list[Precedent]:
    """The precedents listed for a claim: before the conduct, above the relevance floor (controlling courts and
    leading cases always), best first; then up to three later decisions of the controlling courts, flagged."""
    mine = _on_right(ps, right)
    before = [p for p in mine if not p.after_conduct and (
        p.authority == "controlling" or p.leading_case or p.score >= floor)]
    before.sort(key=lambda p: (-_rank(p, right), p.date_decided or "", p.opinion_id))
    later = [p for p in mine if p.after_conduct and p.court in controlling]
    later.sort(key=lambda p: (p.date_decided or "", p.opinion_id))
    return before[:limit] + later[:MAX_AFTER]


def _names(ps: Sequence[Precedent]) -> str:
    shown = [p.reference for p in ps[:3]]
    more = f" and {len(ps) - 3} more" if len(ps) > 3 else ""
    return "; ".join(shown) + more


def _circuit_court(ctx: Context) -> tuple[frozenset[str], str] | None:
    """The federal courts of appeals whose decisions control in the forum, as (ids, how the memo names them): the
    forum's circuit and, in the Eleventh, the former Fifth Circuit (before October 1981, and Unit B after)."""
    courts: dict[str, list[ControllingCourtRef]] = {}
    for c in ctx.controlling_courts:
        if c.court.startswith("ca") or c.court == "cadc":
            courts.setdefault(c.court, []).append(c)
    if not courts:
        return None
    names = []
    for refs in courts.values():
        if any(r.rule.startswith("unit_b") for r in refs):
            names.append(f"former {refs[0].court_name} (decisions before October 1981, and Unit B decisions "
                         "issued after)")
        else:
            names.append(refs[0].court_name)
    return frozenset(courts), " or the ".join(names)


def _qi_courts(ctx: Context, ps: Sequence[Precedent], right: str) -> frozenset[str]:
    if ctx.qi_courts_by_right is not None:
        return ctx.qi_courts_by_right.get(right, frozenset())
    return frozenset(p.court for p in ps if p.holdings.get(right, "no_qi_ruling") not in ("no_qi_ruling",
                                                                                          "merits_violation"))


def _claim_reasons(
    incident: Incident, right: str, ps: Sequence[Precedent], leading: Sequence[LeadingCaseRef], ctx: Context
) -> tuple[str, tuple[str, ...], tuple[int, ...], tuple[int, ...], tuple[str, ...], str]:
    on = incident.conduct_date.isoformat()
    mine = [p for p in ps if not p.after_conduct]
    hold = {p.opinion_id: p.holding_on(right) for p in ps}
    # the obvious-case decisions (Hope v. Pelzer) support through the obvious-case route, not as analogous
    # precedent: alone they make a claim moderate, never strong
    # a Supreme Court case that sets the general standard (Garner, Brown v. Texas) holds its own facts
    # unconstitutional; that is a general standard here, not an analogous holding: never strong; it counts for
    # moderate only through the curated leading-case table (found_violation), not through a machine label
    ctrl = [p for p in mine if p.supports and p.authority == "controlling" and hold[p.opinion_id] in STRONG_HOLDINGS
            and "obvious_case" not in p.leading_roles and "standard_setting" not in p.leading_roles]
    standard_sc = [p for p in mine if p.supports and p.authority == "controlling"
                   and hold[p.opinion_id] in STRONG_HOLDINGS and "standard_setting" in p.leading_roles]
    obvious_sc = [p for p in mine if p.supports and p.authority == "controlling"
                  and hold[p.opinion_id] in STRONG_HOLDINGS and "obvious_case" in p.leading_roles]
    # a ruling for the plaintiff in part (QI denied for some conduct); a violation found with QI granted is
    # named below but never raises the strength by itself (a QI grant is not support the memo can lean on)
    ctrl_partial = [p for p in mine if p.authority == "controlling" and hold[p.opinion_id] == "mixed"
                    and not p.leading_case and p.rulings_prong1(right) == "violation"]
    granted_violation = [p for p in mine if p.authority == "controlling"
                         and hold[p.opinion_id] == "violation_not_clearly_established"]
    pers = [p for p in mine if p.authority == "persuasive" and hold[p.opinion_id] in SUPPORTING_HOLDINGS]
    reasons: list[str] = []
    circuit = _circuit_court(ctx)
    if ctrl:
        reasons.append(f"Controlling precedent decided before {on} held a violation or denied QI on this right: "
                       f"{_names(ctrl)}.")
    elif ctrl_partial:
        # the partial denials are named next: saying "no decision ... denied QI" beside them reads as a contradiction
        reasons.append(f"The store holds no decision of a controlling court before {on} that denied QI on this right "
                       "in full on comparable conduct; the nearest are the partial denials below (a gap in analogous "
                       "precedent for the conduct they do not reach: the clearly-established prong is at risk).")
    else:
        reasons.append(f"The store holds no decision of a controlling court before {on} that held comparable "
                       "conduct unconstitutional or denied QI on this right (a gap in analogous precedent: the "
                       "clearly-established prong is at risk).")
    if ctrl_partial:
        reasons.append("Controlling decisions before the conduct found a violation and denied QI in part: "
                       f"{_names(ctrl_partial)}. Read which conduct the denial reaches and compare it with these facts.")
    if granted_violation:
        reasons.append("Controlling decisions before the conduct are labeled as finding a violation while granting "
                       f"QI: {_names(granted_violation)}. Such a holding can put later officials on notice, but "
                       "confirm the violation holding in the opinion before relying on it; it is not counted here.")
    sc_violation = [c for c in leading if not c.after_conduct and found_violation(c)]
    if obvious_sc and not ctrl:
        # (whether their facts are like these is the reader's comparison: the memo does not judge it)
        reasons.append("The Supreme Court's obvious-case decisions denied QI ("
                       + "; ".join(p.reference for p in obvious_sc) + "): they are counted for the obvious-case route, "
                       "not as analogous precedent; compare their facts with these and argue that the violation here "
                       "was as obvious.")
    curated = {c.display for c in sc_violation}
    standard_sc = [p for p in standard_sc if p.leading_case not in curated]  # named below with the curated cases
    if standard_sc and not ctrl:
        reasons.append("Supreme Court decisions that set the standard for this right held the conduct before them "
                       "unconstitutional (" + "; ".join(p.reference for p in standard_sc) + "); they state the rule, "
                       "not an analogy: compare their facts closely.")
    shown = {p.leading_case for p in obvious_sc}
    sc_violation = [c for c in sc_violation if c.display not in shown]
    if sc_violation and not ctrl:
        reasons.append("Supreme Court decisions before the conduct found a violation or denied QI on this right: "
                       + "; ".join(c.display for c in sc_violation) + ". Compare their facts closely.")
    sc_granted = [c for c in leading if not c.after_conduct and "qi_granted" in c.roles and not found_violation(c)
                  and not set(c.roles) & GOVERNS_TODAY]
    if sc_granted and not ctrl:
        reasons.append("Before the conduct the Supreme Court granted QI on this right, holding the law not clearly "
                       "established for its facts: " + "; ".join(c.display for c in sc_granted)
                       + ". Distinguish these facts.")
    consensus = len({p.court for p in pers}) >= 2
    if pers:
        if ctx.binding_only:
            reasons.append(f"{len(pers)} out-of-circuit decision(s) support the claim ({_names(pers)}), but in this "
                           "circuit only controlling courts can clearly establish the law; shown as persuasive only.")
        else:
            reasons.append(f"Persuasive support from {len({p.court for p in pers})} other court(s): {_names(pers)}"
                           + (" — a possible robust consensus." if consensus else " — not yet a robust consensus."))
    c22 = [p for p in mine if hold[p.opinion_id] == "qi_granted_merits_skipped"]
    if c22:
        reasons.append(f"{len(c22)} listed decision(s) granted QI without reaching the merits: the catch-22 — they "
                       "establish nothing either way and are not support.")
    contrary = [p for p in mine if hold[p.opinion_id] == "no_violation" and p.authority == "controlling"]
    if contrary:
        reasons.append(f"Controlling decision(s) found no violation on their facts: {_names(contrary)}; distinguish them.")
    lead_later = [c for c in leading if c.after_conduct
                  and not (set(c.roles) & GOVERNS_TODAY and "standard_setting" not in c.roles)]
    later = [c.display for c in lead_later] + [p.reference for p in ps if p.after_conduct
                                               and not any(_same_case(p, c) for c in lead_later)]
    if later:
        reasons.append("Decided after the conduct — cannot clearly establish the law for it: " + "; ".join(later) + ".")
    qi_courts = _qi_courts(ctx, ps, right)
    if ctrl:
        strength = "strong"
    elif ctrl_partial or sc_violation or obvious_sc or (pers and consensus and not ctx.binding_only):
        strength = "moderate"
    elif circuit and not circuit[0] & qi_courts:
        strength = "undetermined"
        reasons.insert(0, f"Undetermined: the store has no QI decisions of the {circuit[1]} for this right, so it "
                          "cannot say whether the law was clearly established there.")
    else:
        strength = "weak"
    # out-of-circuit decisions are what the answer turns on only when they can make a robust consensus (two or
    # more courts, in a circuit that admits it); one persuasive decision is named in the reasons, not headlined
    counted_pers = pers if consensus and not ctx.binding_only else []
    decisive = tuple(p.reference for p in (ctrl or ctrl_partial or counted_pers or obvious_sc)[:3]) or tuple(
        c.display for c in (sc_violation or sc_granted)[:3])
    if strength == "strong":
        change = ("A later en banc or Supreme Court decision that abrogated these holdings before the conduct, or "
                  "facts materially different from theirs.")
    elif strength == "undetermined":
        change = (f"Any published decision of the {circuit[1] if circuit else 'circuit'} before {on} on this right: "
                  "sync those decisions and analyze again.")
    else:
        change = (f"A published decision of a controlling court before {on} holding materially similar conduct "
                  "unconstitutional (or denying QI on such facts), or a showing that the violation was obvious.")
    return strength, tuple(reasons), tuple(p.opinion_id for p in ctrl), tuple(p.opinion_id for p in pers), \
        decisive, change


def _obvious_route(strength: str, leading: Sequence[LeadingCaseRef], obvious: Sequence[LeadingCaseRef]) -> ObviousCaseRoute:
    general = [c for c in leading if not c.after_conduct and STANDARD_ROLES & set(c.roles)]
    if strength == "strong":
        return ObviousCaseRoute(False, "Not needed: controlling precedent with a violation holding exists.", ())
    before = tuple(c for c in obvious if not c.after_conduct)
    standards = ("the standard-setting cases listed above" if len(general) > 2 else
                 "; ".join(c.display for c in general) or "the right's general standard")
    text = (f"A general standard ({standards}) can give fair warning when the violation is obvious, even without a "
            "case on materially similar facts; courts apply this route sparingly.")
    return ObviousCaseRoute(bool(before), text, before)


def _claim(incident: Incident, right: str, all_ps: Sequence[Precedent], ctx: Context,
           obvious: Sequence[LeadingCaseRef], gaps: Sequence[CoverageGap]) -> ClaimAssessment:
    leading = tuple(leading_ref(c, incident.conduct_date, ctx.stored_leading) for c in ctx.leading_by_right.get(right, ()))
    controlling = {c.court for c in ctx.controlling_courts}
    ps = select(all_ps, right, controlling, ctx.limit, ctx.floor)
    strength, reasons, ctrl, pers, decisive, change = _claim_reasons(incident, right, ps, leading, ctx)
    no_lower = not any(not p.after_conduct and p.authority == "controlling" and p.court != "scotus" for p in ps)
    if gaps and strength != "strong" and not no_lower:  # else the note below says it once
        courts = ", ".join(f"{g.court_name} ({'none stored' if g.opinions == 0 else 'years missing'})" for g in gaps)
        reasons += (f"Coverage gaps ({courts}; see 'What the store does not cover'): finding nothing here does not "
                    "mean no controlling decision exists.",)
    hold = {p.opinion_id: p.holding_on(right) for p in ps}
    consensus = ("Not available in this circuit: only the Supreme Court and controlling courts count."
                 if ctx.binding_only else
                 "Available: a robust consensus of persuasive out-of-circuit authority can clearly establish a right.")
    none_note = ""
    if no_lower:
        none_note = (f"The store holds no decision on this right from a controlling lower court before "
                     f"{incident.conduct_date.isoformat()}. That describes the store's coverage, not the law: the "
                     "store is a sample" + (" with years missing (see 'What the store does not cover')" if gaps else "")
                     + ", so check the controlling courts' decisions before concluding that none exists.")
    return ClaimAssessment(
        right=right,
        right_name=right_name(right),
        strength=strength,
        reasons=reasons,
        supporting=ctrl,
        persuasive_support=pers,
        catch22=tuple(p.opinion_id for p in ps if hold[p.opinion_id] == "qi_granted_merits_skipped"),
        contrary=tuple(p.opinion_id for p in ps if hold[p.opinion_id] == "no_violation" and not p.after_conduct),
        after_conduct=tuple(p.opinion_id for p in ps if p.after_conduct),
        leading_cases=leading,
        obvious_case=_obvious_route(strength, leading, obvious),
        consensus_route=consensus,
        listed=tuple(p.opinion_id for p in ps),
        decisive=decisive,
        would_change=change,
        no_controlling_note=none_note,
    )


#: employer names that look like an arm of the State (not a Monell defendant), as opposed to a local body
_STATE_AGENCY = re.compile(r"\b(?:state|commonwealth)\b|\bdep(?:artmen)?t\.?\s+of\s+corrections?\b|\bhighway\s+patrol\b",
                           re.IGNORECASE)


def _monell(incident: Incident, ctx: Context) -> MonellAvenue:
    refs = tuple(leading_ref(c, incident.conduct_date, ctx.stored_leading) for c in ctx.monell_cases)
    employers = tuple(d.name for d in incident.employer_defendants)
    local = bool(_LOCAL_OFFICIALS & set(incident.officials))
    if not (employers or local):
        return MonellAvenue(False, (), "The officials are federal: Monell liability does not reach the United States; "
                            "consider the Federal Tort Claims Act instead.", ())
    state = [name for name in employers if _STATE_AGENCY.search(name)]
    local_names = [name for name in employers if name not in state]
    rule = ("liable under 42 U.S.C. § 1983 for its own policy or custom (not vicariously), including a failure to "
            "train that shows deliberate indifference, usually proved by a pattern of similar violations. An "
            "officer's QI does not end the claim against the employer.")
    if state and not local_names:
        # Will: an arm of the State is not a "person"; say so first instead of calling it liable and then retracting
        text = (f"{', '.join(state)} may be an arm of the State: a State and its agencies are not 'persons' "
                "that can be sued for damages under § 1983, so this avenue is open only if it is in fact a local body "
                "(a city, county or their department); check which it is. If it is, qualified immunity does not "
                "protect it: a local government is " + rule)
    else:
        who = ", ".join(local_names) if local_names else "the employing department or municipality (not yet named)"
        text = f"Qualified immunity protects individual officers only; it does not protect {who}. The employer is " + rule
        if state:
            text += (f" {', '.join(state)} may be an arm of the State: a State and its agencies are not 'persons' "
                     "that can be sued for damages under § 1983; check which it is.")
        else:
            text += (" This avenue reaches local governments (cities, counties and their departments), not a State or "
                     "its agencies.")
    return MonellAvenue(True, employers, text, refs)


def _who(incident: Incident, ctx: Context) -> tuple[str, ...]:
    """Up-front notes on who can be sued: federal officials (Bivens), a State or its agencies (Will), private
    contractors (Richardson, Filarsky)."""
    cases = {c.name.split(" v. ")[0]: c.display for c in ctx.cause_cases}
    kinds = {d.kind for d in incident.defendants}
    notes = []
    if "federal" in incident.officials or "federal_agency" in kinds:
        notes.append("Federal officials are not sued under 42 U.S.C. § 1983, which reaches only persons acting under "
                     "color of state law. A damages claim against a federal officer is a Bivens action ("
                     + cases.get("Bivens", "Bivens v. Six Unknown Named Agents") + "), which the Supreme Court "
                     "will not extend to new contexts: whether one exists for these facts is the first question. A "
                     "claim against the United States itself runs under the Federal Tort Claims Act.")
    state = [d.name for d in incident.defendants if d.kind == "state"] + [
        d.name for d in incident.employer_defendants if _STATE_AGENCY.search(d.name)]
    if state:
        notes.append(f"{', '.join(state)}: a State and its agencies are not 'persons' that can be sued for damages "
                     "under § 1983 (" + cases.get("Will", "Will v. Michigan Dept. of State Police")
                     + "); name the officials individually, or a local body if one is responsible.")
    private = [d.name for d in incident.defendants if d.kind == "private"]
    if private:
        notes.append(f"{', '.join(private)}: private prison guards employed by a private firm cannot claim qualified "
                     "immunity (" + cases.get("Richardson", "Richardson v. McKnight") + "), but a private "
                     "individual retained by the government to work alongside officials may (" +
                     cases.get("Filarsky", "Filarsky v. Delia") + "); which one this defendant is decides whether "
                     "the analysis below applies to it.")
    return tuple(notes)


def assess(incident: Incident, candidates: Sequence[Candidate], ctx: Context) -> AnalysisResult:
    """Build the structured result: precedents (ranked, flagged), one assessment per claim, gaps, Monell, reforms."""
    precedents = tuple(to_precedent(incident, c, binding_only=ctx.binding_only) for c in candidates)
    obvious = tuple(leading_ref(c, incident.conduct_date, ctx.stored_leading) for c in ctx.obvious_cases)
    gaps = coverage_gaps(incident, ctx)
    claims = tuple(_claim(incident, r, precedents, ctx, obvious, gaps) for r in incident.claims)
    listed = dict.fromkeys(i for c in claims for i in c.listed)
    by_id = {p.opinion_id: p for p in precedents}
    precedents = tuple(by_id[i] for i in listed)
    caveats: tuple[str, ...] = (
        "This memo is research support, not legal advice. It reads only the opinions in the store; the labels that "
        "classify holdings are machine-made and must be checked against the opinion text.",
        "Holdings are classified from the stored labels; quotes carry character offsets into the stored text.",
    )
    if not ctx.rulings_available:
        caveats += ("The store has no per-right rulings of the current labeler version, so no decision could be "
                    "listed as ruling on the claimed rights: run `fairwarning label --db STORE` and analyze again.",)
    if not ctx.store.get("labeled"):
        caveats += ("The store has no labels, so no holding could be classified and no precedent counts as support: "
                    "run `fairwarning label --db STORE` and analyze again.",)
    if ctx.pool_note:
        caveats += (ctx.pool_note,)
    stale = int(str(ctx.store.get("stale_labels") or 0))
    if stale:
        caveats += (f"{stale} stored opinion(s) carry labels of an older labeler version only, so their holdings may "
                    "be misclassified: run `fairwarning label --db STORE` and analyze again.",)
    return AnalysisResult(
        incident=incident,
        circuit=ctx.circuit,
        controlling_courts=ctx.controlling_courts,
        binding_only=ctx.binding_only,
        binding_note=ctx.binding_note,
        claims=claims,
        precedents=precedents,
        coverage_gaps=gaps,
        monell=_monell(incident, ctx),
        reforms=ctx.reforms,
        store=dict(ctx.store),
        caveats=caveats,
        who_notes=_who(incident, ctx),
        framework_cases=tuple(leading_ref(c, incident.conduct_date, ctx.stored_leading) for c in ctx.framework_cases),
    )

