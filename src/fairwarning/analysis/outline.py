"""The memo's content as an outline of blocks, built once from an :class:`AnalysisResult`.

Markdown, HTML and DOCX all render this same outline (``memo.py``), so the formats cannot drift apart; JSON is
the result itself. Blocks: ``Heading(level, text)``, ``Para(text)``, ``Bullets(items)``, ``Quote(text, where)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fairwarning.analysis import escape
from fairwarning.analysis.cases import court_abbrev
from fairwarning.analysis.result import HOLDINGS, AnalysisResult, ClaimAssessment, LeadingCaseRef, Precedent

__all__ = ["Heading", "Para", "Bullets", "Quote", "Table", "Block", "APPENDIX", "outline", "AUTHORITY_TITLES"]


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


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    links: tuple[str | None, ...] = ()  # a link for each row's first cell (CourtListener), None when none


Block = Heading | Para | Bullets | Quote | Table

AUTHORITY_TITLES = {
    "controlling": "Controlling authority (decided before the conduct)",
    "persuasive": "Persuasive authority (counts only as part of a robust consensus)",
    "not_binding": "Not binding (district courts, unpublished or lower-court decisions)",
    "after_conduct": "Decided after the conduct — cannot clearly establish the law for it",
}
_STRENGTH = {
    "strong": "STRONG — controlling precedent supports it",
    "moderate": "MODERATE — some support (a Supreme Court violation holding, a controlling decision denying QI in "
                "part, or a persuasive consensus), but no controlling decision denying QI on analogous facts",
    "weak": "WEAK — no controlling analogous holding found",
    "undetermined": "UNDETERMINED — the store has no QI decisions of the circuit court for this right",
}


def _store_line(r: AnalysisResult) -> str:
    s = r.store
    courts = s.get("by_court") or {}
    counts = ", ".join(f"{k} {v}" for k, v in list(courts.items())[:4]) if isinstance(courts, dict) else ""
    built = str(s.get("built") or "unknown")[:10]
    return (f"Store: built {built}; {s.get('opinions')} opinions ({counts}); {s.get('labeled')} labeled with "
            f"labeler {s.get('labeler_version') or 'unknown'}")


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
    items.append(_store_line(r))
    yield Bullets(tuple(items))
    if r.who_notes:
        yield Heading(2, "Who can be sued")
        yield Bullets(r.who_notes)


def _short_answer(r: AnalysisResult) -> Iterator[Block]:
    yield Heading(2, "Short answer")
    for c in r.claims:
        yield Para(f"{c.right_name}: {_STRENGTH[c.strength]}.", True)
        items = []
        if c.decisive:
            items.append("Authorities the answer turns on: " + "; ".join(c.decisive) + ".")
        else:
            items.append("Authorities the answer turns on: none in the store for this right before the conduct.")
        items.append(f"What would change it: {c.would_change}")
        yield Bullets(tuple(items))


def _courts(r: AnalysisResult) -> Iterator[Block]:
    yield Heading(2, "Courts whose decisions control here")
    seen: dict[str, list[str]] = {}
    for c in r.controlling_courts:
        seen.setdefault(c.court, [])
        when = ("Unit B decisions issued after September 30, 1981" if c.rule == "unit_b_former_fifth_circuit"
                else f"decisions before {c.decided_before or 'the conduct'}")
        line = when + (f" ({c.source})" if c.source else "")
        if line not in seen[c.court]:
            seen[c.court].append(line)
    names = {c.court: c.court_name for c in r.controlling_courts}
    yield Bullets(tuple(f"{names[k]}: {'; '.join(v)}" for k, v in seen.items()))
    later = _later_rule_sources(r)
    if later:
        yield Para(f"Rule sources decided after the conduct ({'; '.join(later)}) state which courts bind, part of "
                   "the framework a court applies on the day it decides, not law the official had to know: their "
                   "dates do not limit this analysis, and they are not precedent on the right.")
    if r.binding_only:
        yield Para("Binding courts only: " + (r.binding_note or "in this circuit only decisions of the courts listed "
                                              "above can clearly establish the law; out-of-circuit decisions are "
                                              "shown as persuasive and are not counted."))


_SOURCE_YEAR = re.compile(r"\((?:[^()]*\s)?(\d{4})\)")


def _later_rule_sources(r: AnalysisResult) -> list[str]:
    """The court decisions cited as sources of the binding-authority rules that were decided after the conduct
    (by year: a source of the conduct's own year is not called later)."""
    out: list[str] = []
    for c in r.controlling_courts:
        for piece in (c.source or "").split("; "):
            m = _SOURCE_YEAR.search(piece)
            name = piece.split(",")[0].strip()
            entry = f"{name} ({m.group(1)})" if m else ""
            if m and int(m.group(1)) > r.incident.conduct_date.year and " v. " in name and entry not in out:
                out.append(entry)
    return out


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
_TODAY = frozenset({"qi_framework", "procedure", "municipal_liability", "binding_authority", "cause_of_action",
                    "absolute_immunity", "qi_unavailable"})


def _governs_today(c: LeadingCaseRef) -> bool:
    return bool(set(c.roles) & _TODAY) and "standard_setting" not in c.roles


def _leading_line(c: LeadingCaseRef, *, holding: bool = False) -> str:
    if _governs_today(c):
        flag = " — governs how a court decides this today"
    else:
        flag = " — DECIDED AFTER THE CONDUCT: cannot clearly establish the law for it" if c.after_conduct else ""
        if c.after_conduct and "clearly_established" in c.roles:
            flag += " (its statement of the clearly-established test applies as of the day a court decides)"
    roles = f" [{'; '.join(_ROLE_WORDS.get(x, x) for x in c.roles)}]" if c.roles else ""
    return f"{c.display}{roles}{flag}" + (f": {c.holding}" if holding and c.holding else "")


def _leading_groups(cases: list[LeadingCaseRef]) -> tuple[str, ...]:
    """Leading cases grouped by what they are for (one line per group, not one role tag per case); the cases
    decided after the conduct in a group of their own, flagged."""
    groups: dict[str, list[str]] = {}
    later = [c.display for c in cases if c.after_conduct]
    for c in cases:
        if not c.after_conduct:
            roles = "; ".join(_ROLE_WORDS.get(x, x) for x in c.roles) or "leading case"
            groups.setdefault(roles[:1].upper() + roles[1:], []).append(c.display)
    lines = [f"{k}: {'; '.join(v)}" for k, v in groups.items()]
    if later:
        lines.append("DECIDED AFTER THE CONDUCT (cannot clearly establish the law for it): " + "; ".join(later))
    test = [c.display for c in cases if c.after_conduct and "clearly_established" in c.roles]
    if test:
        lines.append("The statement of the clearly-established test in " + "; ".join(test) + " is framework: a "
                     "court applies it as of the day it decides, whatever the conduct date.")
    return tuple(lines)


_BEFORE = {True: "after", False: "before"}
#: the holding classes in a table cell's words (the full text is in the appendix)
SHORT_HOLDINGS = {
    "violation_clearly_established": "violation; clearly established",
    "violation_not_clearly_established": "violation found; QI granted (not clearly established then)",
    "no_violation": "no violation",
    "qi_granted_merits_skipped": "QI granted, merits not reached (catch-22)",
    "qi_denied": "QI denied (plaintiff's facts assumed)",
    "qi_granted": "QI granted",
    "mixed": "QI granted in part, denied in part",
    "merits_violation": "held unconstitutional (merits ruling)",
    "standard_setting": "states the standard (not similar facts)",
    "no_qi_ruling": "no QI ruling",
    "unlabeled": "not labeled",
}


def _table(r: AnalysisResult, c: ClaimAssessment) -> Table:
    rows, links = [], []
    for i in c.listed:
        p = r.precedent(i)
        rows.append((
            p.reference,
            court_abbrev(p.court) or "U.S.",
            p.date_decided or "unknown",
            SHORT_HOLDINGS.get(p.holding_on(c.right), HOLDINGS[p.holding_on(c.right)]),
            p.authority.replace("_", " "),
            _BEFORE[p.after_conduct],
        ))
        links.append(escape.web_link(p.url))  # a stored URL is untrusted: http(s) only
    return Table(("Precedent", "Court", "Decided", "Holding on this right", "Authority", "Before/after conduct"),
                 tuple(rows), tuple(links))


def _claim(r: AnalysisResult, c: ClaimAssessment) -> Iterator[Block]:
    yield Heading(2, f"Claim: {c.right_name} ({c.right})")
    yield Para(f"Strength: {_STRENGTH[c.strength].split(' — ')[0]} (see the short answer)", True)
    if c.listed:
        yield Heading(3, "Strongest on-point precedents in the store")
        yield _table(r, c)
    if c.no_controlling_note:
        yield Para(c.no_controlling_note)
    yield Bullets(c.reasons)
    substantive = [x for x in c.leading_cases if not _governs_today(x)]
    if substantive:
        yield Heading(3, "Supreme Court leading cases for this right")
        yield Bullets(_leading_groups(substantive))
    yield Heading(3, "Other routes")
    route = [f"Obvious case: {c.obvious_case.explanation}"]
    if c.obvious_case.cases:
        route.append("Obvious-case authority: " + "; ".join(_leading_line(x) for x in c.obvious_case.cases))
    route.append(f"Robust consensus: {c.consensus_route}")
    yield Bullets(tuple(route))


def _framework(r: AnalysisResult) -> Iterator[Block]:
    if r.framework_cases:
        yield Heading(2, "How a court decides this today")
        core = [c for c in r.framework_cases if c.name.split(" v. ")[0] in _CORE_FRAMEWORK]
        yield Para("The QI framework and procedure apply as of the day a court decides, whatever the conduct date "
                   "(they are not precedent on the right): " + "; ".join(c.display for c in core or r.framework_cases)
                   + (f"; {len(r.framework_cases) - len(core)} more in the appendix." if core else "."))


_CORE_FRAMEWORK = frozenset({"Harlow", "Pearson", "Johnson", "Tolan"})


def _rest(r: AnalysisResult) -> Iterator[Block]:
    yield Heading(2, "Municipal liability (Monell) against the employer")
    yield Para(r.monell.explanation)
    if r.monell.cases:
        yield Para("Governing cases (applied as of the day of decision): "
                   + "; ".join(c.display for c in r.monell.cases) + ".")
    yield Heading(2, "State reforms")
    if r.reforms:
        yield Bullets(tuple(f"{f.name} ({f.source}): {f.summary}" for f in r.reforms))
    else:
        yield Para(f"No state reform in fairwarning's table removes QI-style defences for conduct in "
                   f"{r.incident.place} on {r.incident.conduct_date.isoformat()}.")
    yield Heading(2, "What the store does not cover")
    if r.coverage_gaps:
        tail = " Law from those years is not covered here, not absent."
        if all(g.message.endswith(tail) for g in r.coverage_gaps):  # say it once, not once per court
            yield Para("Years without a stored opinion of a controlling court (law from those years is not covered "
                       "here, not absent):")
            yield Bullets(tuple(g.message.removesuffix(tail) for g in r.coverage_gaps))
        else:
            yield Bullets(tuple(g.message for g in r.coverage_gaps))
    else:
        yield Para("Every controlling court has opinions in the store for the years searched; the store may still "
                   "be a sample of each court's decisions.")
    yield Heading(2, "Caveats")
    yield Bullets(r.caveats)


def _precedent(p: Precedent, n: int) -> Iterator[Block]:
    yield Heading(3, f"{n}. {p.reference}")
    holdings = "; ".join(f"{k}: {HOLDINGS[v]}" for k, v in p.holdings.items()) or HOLDINGS[p.holding]
    items = [
        f"Authority: {p.authority.replace('_', ' ')} — {p.authority_reason}",
        f"Holdings by right: {holdings}",
        f"Citation: {p.citation or 'none'} (from the {p.citation_source}); docket {p.docket_number or 'not recorded'}; "
        f"publication: {p.precedential_status} (from the {p.status_basis})",
        f"Stored copies (opinion ids): {', '.join(str(i) for i in p.sources) or p.opinion_id}",
    ]
    if escape.web_link(p.url):
        items.append(f"CourtListener: {p.url}")
    if p.date_note:
        items.append(f"Date: {p.date_note}")
    if p.leading_case:
        items.append(f"Leading case: {p.leading_case}")
    yield Bullets(tuple(items))
    shown: set[str] = set()
    for right, evs in (p.evidence_by_right or {"": p.evidence}).items():
        for e in evs:
            if e.quote in shown:
                continue
            shown.add(e.quote)
            where = f"chars {e.start}–{e.end}" if e.start is not None else "location not recorded"
            where = f"{e.pin}; {where}" if e.pin else where
            yield Quote(e.quote, f"{where} of stored opinion {p.opinion_id}; supports `{e.field}`"
                        + (f" on {right}" if right else ""))


APPENDIX = "Appendix: precedent details and quotes"


def _appendix(r: AnalysisResult) -> Iterator[Block]:
    yield Heading(2, APPENDIX)
    if not r.precedents:
        yield Para("No precedent is listed: the store holds no decision that rules on the claimed rights.")
    for n, p in enumerate(r.precedents, 1):
        yield from _precedent(p, n)
    lead = {c.display: c for cl in r.claims for c in cl.leading_cases}
    if r.framework_cases:
        yield Heading(3, "Framework and procedure cases")
        yield Bullets(tuple(_leading_line(c) for c in r.framework_cases))
    if lead:
        yield Heading(3, "Leading cases: holdings")
        yield Bullets(tuple(_leading_line(c, holding=True) for c in lead.values()))


def outline(r: AnalysisResult) -> list[Block]:
    """The memo as blocks, in reading order: header, short answer, facts, courts, claims (table first), framework,
    Monell, reforms, coverage, caveats; then the appendix (details and quotes)."""
    blocks: list[Block] = [*_incident(r), *_short_answer(r)]
    blocks += [Heading(2, "Facts"), Para(r.incident.facts), *_courts(r)]
    for c in r.claims:
        blocks += _claim(r, c)
    return [*blocks, *_framework(r), *_rest(r), *_appendix(r)]
