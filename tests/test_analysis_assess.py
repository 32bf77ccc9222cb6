"""Per-claim assessment over plain values: holding classes, time flags, strength, catch-22, gaps, Monell."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fairwarning.analysis._domain import AuthorityInfo, LeadingCaseInfo
from fairwarning.analysis.assess import Candidate, Context, assess, to_precedent
from fairwarning.analysis.incident import parse_incident
from fairwarning.analysis.queries import CourtCoverage, OpinionMeta
from fairwarning.analysis.result import ControllingCourtRef, Evidence, holding_of

CONDUCT = "2017-06-15"


def _incident(**kw: Any) -> Any:
    data = {"conduct_date": CONDUCT, "place": "MA", "officials": ["police"], "claims": ["4A_excessive_force"],
            "facts": "An officer tased a handcuffed man who was not resisting in any way."}
    data.update(kw)
    return parse_incident(data, today=dt.date(2024, 1, 1))


def _fields(**kw: Any) -> dict[str, Any]:
    base = {"qi_decided": True, "qi_outcome": "denied", "prong1": "violation", "prong2": "clearly_established",
            "merits_skipped": False, "rights": ["4A_excessive_force"]}
    base.update(kw)
    return base


def _cand(oid: int, *, court: str = "ca1", date: str = "2010-01-01", authority: str = "controlling",
          fields: dict[str, Any] | None = None) -> Candidate:
    return Candidate(
        meta=OpinionMeta(oid, f"Case {oid} v. Town", court, date, "published", "opinion"),
        citation="",
        label=fields,
        evidence=(Evidence("we hold the force was excessive", 10, 41, "prong1"),),
        authority=AuthorityInfo(authority, f"because {authority}", "rule source"),
        score=1.0,
        court_name=court,
    )


def _leading(name: str, date: str, roles: tuple[str, ...], rights: tuple[str, ...] = ("4A_excessive_force",)) -> LeadingCaseInfo:
    return LeadingCaseInfo(name, None, dt.date.fromisoformat(date), rights, roles, f"{name} held something.", True,
                           f"{name} ({date[:4]})")


def _ctx(**kw: Any) -> Context:
    base: dict[str, Any] = {
        "circuit": "ca1",
        "controlling_courts": (ControllingCourtRef("scotus", "Supreme Court", CONDUCT, "supreme_court", "src"),
                               ControllingCourtRef("ca1", "First Circuit", CONDUCT, "own_circuit_published", "src")),
        "binding_only": False,
        "binding_note": "",
        "coverage": {"ca1": CourtCoverage("ca1", 10, "1990-01-01", "2011-01-01")},
        "court_years": {"ca1": set(range(1990, 2012))},
        "leading_by_right": {"4A_excessive_force": (_leading("Graham v. Connor", "1989-05-15", ("standard_setting",)),
                                                    _leading("Later v. Case", "2019-05-28", ("standard_setting",)))},
        "monell_cases": (_leading("Monell v. Department", "1978-06-06", ("municipal_liability",), ()),),
        "obvious_cases": (_leading("Hope v. Pelzer", "2002-06-27", ("obvious_case",), ()),),
        "stored_leading": {},
        "reforms": (),
    }
    base.update(kw)
    return Context(**base)


@pytest.mark.parametrize(
    ("fields", "holding"),
    [
        (None, "unlabeled"),
        ({"qi_decided": False}, "no_qi_ruling"),
        (_fields(), "violation_clearly_established"),
        # a pretrial denial takes the plaintiff's facts as true: shown as a denial, not as a violation found
        (_fields(stage="summary_judgment"), "qi_denied"),
        (_fields(stage="motion_to_dismiss"), "qi_denied"),
        (_fields(stage="trial_or_post_trial"), "violation_clearly_established"),
        (_fields(prong2="not_clearly_established", qi_outcome="granted"), "violation_not_clearly_established"),
        (_fields(prong1="no_violation", prong2="not_reached", qi_outcome="granted"), "no_violation"),
        (_fields(prong1="not_reached", prong2="not_clearly_established", qi_outcome="granted", merits_skipped=True),
         "qi_granted_merits_skipped"),
        (_fields(prong1="not_reached", prong2="not_clearly_established", qi_outcome="granted"), "qi_granted_merits_skipped"),
        (_fields(prong1="not_reached", prong2="not_reached", qi_outcome="denied"), "qi_denied"),
        (_fields(prong1="mixed", prong2="mixed", qi_outcome="mixed"), "mixed"),
    ],
)
def test_holding_classes(fields: dict[str, Any] | None, holding: str) -> None:
    assert holding_of(fields) == holding


def test_after_conduct_is_flagged_and_never_support() -> None:
    inc = _incident()
    same_day = to_precedent(inc, _cand(1, date=CONDUCT, fields=_fields()))
    later = to_precedent(inc, _cand(2, date="2018-01-01", fields=_fields()))
    before = to_precedent(inc, _cand(3, date="2017-06-14", fields=_fields()))
    assert same_day.after_conduct and later.after_conduct and not before.after_conduct
    assert not same_day.supports and not later.supports and before.supports
    assert later.authority == "after_conduct"


def test_catch22_and_not_binding_are_not_support() -> None:
    inc = _incident()
    c22 = to_precedent(inc, _cand(1, fields=_fields(prong1="not_reached", qi_outcome="granted", merits_skipped=True)))
    district = to_precedent(inc, _cand(2, court="mad", authority="not_binding", fields=_fields()))
    assert not c22.supports and c22.holding == "qi_granted_merits_skipped"
    assert not district.supports


def test_strong_when_controlling_support_weak_otherwise() -> None:
    inc = _incident()
    strong = assess(inc, [_cand(1, fields=_fields())], _ctx())
    assert strong.claims[0].strength == "strong" and strong.claims[0].supporting == (1,)
    assert not strong.claims[0].obvious_case.applies
    weak = assess(inc, [_cand(2, fields=_fields(prong1="not_reached", qi_outcome="granted", merits_skipped=True))], _ctx())
    claim = weak.claims[0]
    assert claim.strength == "weak" and claim.catch22 == (2,) and claim.supporting == ()
    assert any("catch-22" in r for r in claim.reasons)
    assert any("gap in analogous precedent" in r for r in claim.reasons)
    assert claim.obvious_case.applies and "Graham v. Connor (1989)" in claim.obvious_case.explanation
    later = [c for c in claim.leading_cases if c.name == "Later v. Case"][0]
    assert later.after_conduct
    assert any("Later v. Case (2019)" in r and "cannot clearly establish" in r for r in claim.reasons)


def test_persuasive_consensus_counts_only_where_the_circuit_allows_it() -> None:
    inc = _incident()
    cands = [_cand(1, court="ca2", authority="persuasive", fields=_fields()),
             _cand(2, court="ca3", authority="persuasive", fields=_fields())]
    assert assess(inc, cands, _ctx()).claims[0].strength == "moderate"
    binding = assess(inc, cands, _ctx(binding_only=True, binding_note="binding only"))
    # the store holds no QI decision of the First Circuit on this right: "undetermined" is the truth (issue 9)
    assert binding.claims[0].strength == "undetermined"
    assert any("no QI decisions of the First Circuit" in r for r in binding.claims[0].reasons)
    c22 = _cand(3, fields=_fields(prong1="not_reached", qi_outcome="granted", merits_skipped=True))
    binding = assess(inc, [*cands, c22], _ctx(binding_only=True, binding_note="binding only"))
    assert binding.claims[0].strength == "weak"
    assert all(not p.supports for p in binding.precedents)
    assert "Not available" in binding.claims[0].consensus_route


def test_coverage_gaps_name_absent_courts_and_years() -> None:
    result = assess(_incident(), [], _ctx())
    msgs = {g.court: g.message for g in result.coverage_gaps}
    assert "no opinions of the Supreme Court" in msgs["scotus"]
    assert "none from 1987–1989, 2012–2017" in msgs["ca1"] and "not covered here, not absent" in msgs["ca1"]


@pytest.mark.parametrize(
    ("officials", "defendants", "shown"),
    [
        (["police"], [], True),
        (["federal"], [{"name": "City of Boston", "kind": "municipality"}], True),
        (["federal"], [], False),
    ],
)
def test_monell_avenue(officials: list[str], defendants: list[dict[str, str]], shown: bool) -> None:
    result = assess(_incident(officials=officials, defendants=defendants), [], _ctx())
    assert result.monell.shown is shown
    if shown:
        assert "does not protect" in result.monell.explanation and result.monell.cases[0].name.startswith("Monell")


def test_the_leading_case_roles_the_assessment_reads_are_doctrine_roles() -> None:
    """The assessment matches leading-case roles by exact name: each one it reads must be a doctrine role."""
    from fairwarning import doctrine
    from fairwarning.analysis.assess import STANDARD_ROLES, VIOLATION_ROLES

    read = VIOLATION_ROLES | STANDARD_ROLES | {"qi_framework", "qi_granted", "municipal_liability", "obvious_case"}
    assert read <= set(doctrine.ROLES), sorted(read - set(doctrine.ROLES))


def test_only_us_reports_cites_count_as_us_reports() -> None:
    """A precedent is printed with its U.S. Reports cite first; a LEXIS cite of a district court is not one."""
    from fairwarning.analysis._domain import is_us_reports

    assert is_us_reports("533 U.S. 194")
    assert not is_us_reports("2009 U.S. Dist. LEXIS 51497")
    assert not is_us_reports("121 S. Ct. 2151")
    assert not is_us_reports("533 U.S. 194, 201")


def test_a_qi_grant_never_makes_a_claim_strong() -> None:
    """A controlling ruling that found a violation but granted QI, or a ruling on another right, is not STRONG."""
    inc = _incident()
    granted = _cand(1, fields=_fields(prong2="not_clearly_established", qi_outcome="granted"))
    other = _cand(2, fields=_fields(rights=["4A_false_arrest"]))
    result = assess(inc, [granted, other], _ctx())
    assert result.claims[0].strength == "weak" and result.claims[0].supporting == ()
    assert any("not counted here" in r for r in result.claims[0].reasons)
    assert 2 not in result.claims[0].listed


def test_framework_cases_govern_today_not_after_conduct() -> None:
    inc = _incident()
    tolan = Candidate(
        meta=OpinionMeta(9, "Tolan v. Cotton", "scotus", "2018-05-05", "published", "opinion"), citation="572 U.S. 650",
        label=_fields(), evidence=(), authority=AuthorityInfo("after_conduct", "after", "src"), score=1.0,
        court_name="Supreme Court", leading_display="Tolan v. Cotton, 572 U.S. 650 (2014)", leading_roles=("procedure",))
    p = to_precedent(inc, tolan)
    assert p.governs_today and not p.supports
    assert 9 not in assess(inc, [tolan], _ctx()).claims[0].listed


def test_an_obvious_case_alone_makes_a_claim_moderate_not_strong() -> None:
    inc = _incident()
    hope = Candidate(
        meta=OpinionMeta(7, "Hope v. Pelzer", "scotus", "2002-06-27", "published", "opinion"), citation="536 U.S. 730",
        label=_fields(), evidence=(), authority=AuthorityInfo("controlling", "Supreme Court", "src"), score=1.0,
        court_name="Supreme Court", leading_display="Hope v. Pelzer, 536 U.S. 730 (2002)",
        leading_roles=("obvious_case", "qi_denied"), leading_rights=("4A_excessive_force",))
    claim = assess(inc, [hope], _ctx()).claims[0]
    assert claim.strength == "moderate" and claim.supporting == ()
    assert any("obvious-case route" in r for r in claim.reasons)


def test_a_leading_case_label_that_agrees_with_the_curated_grant_keeps_its_detail() -> None:
    """The curated leading-case table says only "QI granted"; a label that says more and agrees (no violation, a
    violation not clearly established, the merits skipped) is kept; one that contradicts it is overridden."""
    from fairwarning.analysis.assess import _curated

    granted = {"qi_granted"}
    for agrees in ("no_violation", "violation_not_clearly_established", "qi_granted_merits_skipped", "qi_granted"):
        assert _curated(agrees, granted) == agrees
    for contradicts in ("qi_denied", "violation_clearly_established"):
        assert _curated(contradicts, granted) == "qi_granted"
    denied = {"qi_denied"}
    for contradicts in ("qi_granted", "no_violation", "qi_granted_merits_skipped", "violation_not_clearly_established"):
        assert _curated(contradicts, denied) == "qi_denied"
    assert _curated("violation_clearly_established", denied) == "violation_clearly_established"


def test_a_partial_denial_is_not_contradicted_by_the_gap_sentence() -> None:
    """A controlling decision that found a violation and denied QI in part (Rivera-Ruiz in the Puerto Rico scenario):
    the gap sentence must not say no controlling decision "denied QI" one line above naming the partial denial."""
    claim = assess(_incident(), [_cand(3, fields=_fields(qi_outcome="mixed", prong2="mixed"))], _ctx()).claims[0]
    gap = [r for r in claim.reasons if "gap in analogous precedent" in r]
    assert len(gap) == 1 and "in full" in gap[0] and "or denied QI on this right" not in gap[0]
    assert any("denied QI in part: Case 3 v. Town" in r for r in claim.reasons)
