"""The memo's content as an outline of blocks, built once from an :class:`AnalysisResult`.

Markdown, HTML and DOCX all render this same outline (``memo.py``), so the formats cannot drift apart; JSON is
the result itself. Blocks: ``Heading(level, text)``, ``Para(text)``, ``Bullets(items)``, ``Quote(text, where)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fairwarning.analysis.result import HOLDINGS, AnalysisResult, ClaimAssessment, LeadingCaseRef, Precedent

__all__ = ["Heading", "Para", "Bullets", "Quote", "Block", "outline", "AUTHORITY_TITLES"]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    strong: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Quote:
    text: str
    where: str


Block = Heading | Para | Bullets | Quote

AUTHORITY_TITLES = {
    "controlling": "Controlling authority (decided before the conduct)",
    "persuasive": "Persuasive authority (counts only as part of a robust consensus)",
    "not_binding": "Not binding (district courts, unpublished or lower-court decisions)",
    "after_conduct": "Decided after the conduct — cannot clearly establish the law for it",
}
_STRENGTH = {
    "strong": "STRONG — controlling precedent supports it",
    "moderate": "MODERATE — a Supreme Court holding on this right or a persuasive consensus supports it, but no "
                "controlling QI decision on analogous facts was found",
    "weak": "WEAK — no controlling analogous holding found",
}


def _incident(r: AnalysisResult) -> Iterator[Block]:
    i = r.incident
    yield Heading(1, f"Clearly-established analysis: {i.title or 'incident of ' + i.conduct_date.isoformat()}")
    yield Para(f"Question: was each right below clearly established on {i.conduct_date.isoformat()} "
               f"for conduct in {i.place}, and by what precedent?")
    items = [
        f"Conduct date: {i.conduct_date.isoformat()}",
        f"Place: {i.place} (circuit: {r.circuit})",
        f"Officials: {', '.join(i.officials)}",
        f"Claims: {', '.join(i.claims)}",
    ]
    if i.defendants:
        items.append("Defendants: " + "; ".join(f"{d.name} ({d.kind})" for d in i.defendants))
    store = r.store
    items.append(f"Store: {store.get('path')} — {store.get('opinions')} opinions, {store.get('labeled')} labeled")
    yield Bullets(tuple(items))
    yield Heading(2, "Facts")
    yield Para(i.facts)


def _courts(r: AnalysisResult) -> Iterator[Block]:
    yield Heading(2, "Courts whose decisions control here")
    yield Bullets(tuple(
        f"{c.court_name} ({c.court}): decisions before {c.decided_before or 'the conduct'} — rule `{c.rule}`"
        + (f"; source: {c.source}" if c.source else "")
        for c in r.controlling_courts
    ))
    if r.binding_only:
        yield Para("Binding courts only: in this circuit only decisions of the courts listed above can clearly "
                   "establish the law. Out-of-circuit decisions are shown as persuasive and are not counted.", True)
        yield Para(r.binding_note)


#: what a leading case's curated role ids mean, in the memo's words (the ids stay in the JSON): a bare
#: "[clearly_established]" beside a case that held the law NOT clearly established reads as a finding
_ROLE_WORDS = {
    "qi_framework": "QI framework",
    "clearly_established": "on the clearly-established test",
    "standard_setting": "sets the constitutional standard",
    "qi_granted": "QI granted",
    "qi_denied": "QI denied",
    "obvious_case": "obvious-case route",
    "municipal_liability": "municipal liability",
    "absolute_immunity": "absolute immunity",
    "qi_unavailable": "no QI for this defendant",
    "procedure": "procedure",
    "binding_authority": "what binds",
    "cause_of_action": "who can be sued, and how",
}


def _leading_line(c: LeadingCaseRef) -> str:
    flag = " — DECIDED AFTER THE CONDUCT: cannot clearly establish the law for it" if c.after_conduct else ""
    roles = f" [{'; '.join(_ROLE_WORDS.get(r, r) for r in c.roles)}]" if c.roles else ""
    stored = " (opinion in the store)" if c.stored_opinion_id else ""
    return f"{c.display}{roles}{flag}{stored}: {c.holding}".rstrip(": ")


def _claim(r: AnalysisResult, c: ClaimAssessment) -> Iterator[Block]:
    yield Heading(2, f"Claim: {c.right_name} ({c.right})")
    yield Para(f"Strength of the clearly-established argument: {_STRENGTH[c.strength]}", True)
    yield Bullets(c.reasons)
    if c.leading_cases:
        yield Heading(3, "Supreme Court leading cases for this right")
        yield Bullets(tuple(_leading_line(x) for x in c.leading_cases))
    yield Heading(3, "Obvious-case route")
    yield Para(c.obvious_case.explanation)
    if c.obvious_case.cases:
        yield Bullets(tuple(_leading_line(x) for x in c.obvious_case.cases))
    yield Heading(3, "Robust-consensus route")
    yield Para(c.consensus_route)
    persuasive = "Out-of-circuit support (does not count here: binding courts only)" if r.binding_only \
        else "Persuasive support"
    for title, ids in (("Supporting controlling precedent", c.supporting), (persuasive, c.persuasive_support),
                       ("Catch-22: QI granted without reaching the merits (not support)", c.catch22),
                       ("No violation found (distinguish)", c.contrary),
                       ("Decided after the conduct (cannot clearly establish)", c.after_conduct)):
        if ids:
            yield Heading(3, title)
            yield Bullets(tuple(r.precedent(i).reference for i in ids))


def _precedent(p: Precedent, n: int) -> Iterator[Block]:
    yield Heading(4, f"{n}. {p.reference}")
    items = [
        f"Authority: {p.authority} — {p.authority_reason}",
        f"Rule source: {p.authority_source}" if p.authority_source else "Rule source: (none given)",
        "Decided after the conduct: YES — cannot clearly establish the law; never support" if p.after_conduct
        else "Decided after the conduct: no",
        f"Holding: {HOLDINGS[p.holding]}",
        f"Rights ruled on: {', '.join(p.rights) or 'none labeled'}; matches claims: {', '.join(p.claims) or 'none'}",
        f"Citation: {p.citation or 'no reporter citation in the store'}; store opinion id {p.opinion_id}; "
        f"precedential status: {p.precedential_status}",
        f"Score: {p.score}",
    ]
    if p.leading_case:
        items.append(f"Leading case: {p.leading_case}")
    yield Bullets(tuple(items))
    for e in p.evidence:
        where = f"chars {e.start}–{e.end}" if e.start is not None else "location not recorded"
        yield Quote(e.quote, f"{where} of opinion {p.opinion_id}; supports label `{e.field}`")


def _precedents(r: AnalysisResult) -> Iterator[Block]:
    yield Heading(2, "Precedents found in the store, by authority")
    if not r.precedents:
        yield Para("The store returned no opinions for these facts. That is a gap in the store, not proof that no "
                   "law exists.")
    n = 0
    titles = dict(AUTHORITY_TITLES)
    if r.binding_only:
        titles["persuasive"] = "Out-of-circuit decisions (do not count here: binding courts only)"
    for tier, title in titles.items():
        group = [p for p in r.precedents if p.authority == tier]
        if not group:
            continue
        yield Heading(3, title)  # under "Precedents found in the store, by authority"
        for p in group:
            n += 1
            yield from _precedent(p, n)


def _rest(r: AnalysisResult) -> Iterator[Block]:
    yield Heading(2, "What the store does not cover")
    if r.coverage_gaps:
        yield Bullets(tuple(g.message for g in r.coverage_gaps))
    else:
        yield Para("Every controlling court has opinions in the store for the years searched; the store may still "
                   "be a sample of each court's decisions.")
    yield Heading(2, "Municipal liability (Monell) against the employer")
    yield Para(r.monell.explanation)
    if r.monell.cases:
        yield Bullets(tuple(_leading_line(c) for c in r.monell.cases))
    yield Heading(2, "State reforms")
    if r.reforms:
        yield Bullets(tuple(f"{f.name}: {f.summary}" + (f" (effective {f.effective})" if f.effective else "")
                            for f in r.reforms))
    else:
        yield Para(f"No state reform in fairwarning's table removes QI-style defences for conduct in "
                   f"{r.incident.place} on {r.incident.conduct_date.isoformat()}.")
    yield Heading(2, "Caveats")
    yield Bullets(r.caveats)


def outline(r: AnalysisResult) -> list[Block]:
    """The memo as blocks, in reading order."""
    blocks: list[Block] = [*_incident(r), *_courts(r)]
    for c in r.claims:
        blocks += _claim(r, c)
    return [*blocks, *_precedents(r), *_rest(r)]
