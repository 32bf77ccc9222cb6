"""Per-claim candidate precedents: the decisions that rule on a claimed right (the per-right rulings the labeler
stores in ``label_rulings``: QI rulings and merits holdings) and the stored leading cases for it, merged into one
record per decision, cited, and scored for factual similarity to the narrative.

Similarity = BM25 of the narrative's distinctive words over the candidates only (the floor; bounded by the
candidate ids, never a scan of the whole store) blended with the overlap of those words with the precedent's
facts section (:func:`fairwarning.analysis.evaluate.facts_section`), both normalized to the best candidate.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from fairwarning.analysis import _domain, queries
from fairwarning.analysis.assess import Candidate
from fairwarning.analysis.cases import StoredCopy, case_record, court_abbrev, merge_copies
from fairwarning.analysis.citeguard import mask_cached, mask_unresolved
from fairwarning.analysis.incident import Incident
from fairwarning.analysis.result import Evidence
from fairwarning.analysis.retrieval import _STOPWORDS, _WORD, _match, _selected_terms, query_terms
from fairwarning.corpus.identity import inventory_cites, normalize_docket
from fairwarning.corpus.store import Store
from fairwarning.errors import StoreError

__all__ = ["Found", "find", "cite_from_citing", "clean_quote", "FACTS_WEIGHT", "MAX_TEXT_READS"]

#: weight of the facts-section overlap in the similarity (the rest is BM25 over the whole opinion)
FACTS_WEIGHT = 0.4
#: how many candidates' full texts are read for the facts-section overlap and quote checks (bounded I/O)
MAX_TEXT_READS = 20
_MAX_QUOTE = 420
_EVIDENCE_ORDER = ("prong1", "prong2", "qi_outcome", "merits_skipped", "qi_decided", "rights")


#: The candidate pool is bounded whatever the store's size. When the claimed rights have more than POOL_LIMIT
#: candidate opinions, only the decisions most similar to the narrative (BM25 over the candidates, one bounded
#: pass) are merged, cited and assessed: per right and court, PER_COURT decided before the conduct
#: (CONTROLLING_PER_COURT for a court that controls in the forum) and, from the controlling courts, the
#: AFTER_PER_COURT earliest decided after it (the memo lists at most three of those); leading cases always.
#: The memo says so in its caveats. A store of the shared corpus (a few dozen candidates) is never bounded.
POOL_LIMIT = 400
PER_COURT = 10
CONTROLLING_PER_COURT = 30
AFTER_PER_COURT = 5


@dataclass(frozen=True)
class Found:
    candidates: list[Candidate]
    qi_courts_by_right: dict[str, frozenset[str]]  # courts with any stored QI ruling on the right (any date)
    rulings_available: bool  # the store has per-right rulings of the current labeler version
    pool_note: str = ""  # how the candidate pool was bounded ("" when it was not)


def _load(store: Store, right: str, ids: set[int] | None) -> list[Any]:
    from fairwarning.labeler.storage import load_rulings

    try:
        return list(load_rulings(store, right=right, opinion_ids=ids))
    except StoreError:
        return []


def _bounded(incident: Incident, keys: dict[str, list[tuple[int, bool, str, str]]],
             score: dict[int, float]) -> set[int]:
    """The candidate opinions kept when the pool is too large (see :data:`POOL_LIMIT`), by their BM25 ``score``."""
    on = incident.conduct_date
    controlling = {c[0] for c in _domain.controlling_courts(incident.place, on)}
    unit_b = _domain.unit_b_court(incident.place, on)
    if unit_b is not None:
        controlling.add(unit_b[0])
    keep: set[int] = set()
    for rows in keys.values():
        before: dict[str, list[int]] = {}
        after: dict[str, list[tuple[str, int]]] = {}
        for oid, _, court, day in rows:
            if not day or day < on.isoformat():
                before.setdefault(court, []).append(oid)
            elif court in controlling:
                after.setdefault(court, []).append((day, oid))
        for court, oids in before.items():
            cap = CONTROLLING_PER_COURT if court in controlling else PER_COURT
            keep.update(sorted(oids, key=lambda i: (-score.get(i, 0.0), i))[:cap])
        for dated in after.values():
            keep.update(oid for _, oid in sorted(dated)[:AFTER_PER_COURT])
    return keep


# ---- quotes a lawyer can paste -------------------------------------------------------------------------------

_PAGE = re.compile(r"\s-\s?\d{1,3}\s?-(?=\s|$)")
_LEAD_FN = re.compile(r"^\d{1,2}(?=[A-Z])")
_PUNCT_FN = re.compile(r"(?<=[a-z.,;:)\"'\u201d])(\d{1,2})(?=\s|$)")
_LINE_NO = re.compile(r"(?<=[a-z,]) \d{1,2}(?= [a-z])")
_KEEP_NUMBER = re.compile(r"(?:section|§|title|rule|amendment|chapter|part|page|at|no|of|and|or|to|than|in|for|"
                          r"about|over|under|only|least|most)$", re.IGNORECASE)
_STAR = re.compile(r"\*\d+")


_HYPHEN = re.compile(r"(?<=[a-z])- (?=[a-z])")
_JUNK = re.compile(r"Cite as:|Opinion of the Court|Per Curiam\s|\bSlip Op\b|^\W", re.IGNORECASE)


def clean_quote(text: str) -> str:
    """A quote as a lawyer can paste it: whitespace collapsed, footnote markers, page numbers ("-24-") and line
    numbers removed, star-page markers dropped (offsets still point into the stored text)."""
    q = " ".join(text.split())
    q = _HYPHEN.sub("", q)
    q = _PAGE.sub(" ", q)
    q = _STAR.sub("", q)
    q = _LEAD_FN.sub("", q)
    q = _PUNCT_FN.sub("", q)

    def line_no(m: re.Match[str]) -> str:
        before = q[: m.start()].rsplit(" ", 1)[-1]
        return m.group(0) if _KEEP_NUMBER.search(before) else ""

    q = _LINE_NO.sub(line_no, q)
    return " ".join(q.split())


_SEPARATE = re.compile(
    r"(?:^|\n)\s*(?:[A-Z][A-Za-z.'\- ]{1,40},\s*(?:Senior\s+|Chief\s+)?(?:Circuit\s+|District\s+)?(?:Judge|Justice)"
    r"|(?:Mr\.\s+|Chief\s+)?JUSTICE\s+[A-Z][A-Za-z'\-]+(?:,\s*with whom[^\n]{0,200})?)"
    r"[^\n]{0,120}?\b(?:dissenting|concurring)\b", re.IGNORECASE)


def separate_opinion_start(text: str) -> int | None:
    """Where the first dissent or concurrence begins (None when the text has none that can be found)."""
    m = _SEPARATE.search(text, 2000)
    return m.start() if m else None


_STAR_PAGE = re.compile(r"\*(\d{1,4})\b")
_FIRST_PAGE = re.compile(r"^(\d+) (.+?) (\d+)$")


def pin_cite(text: str, offset: int, cite: str) -> str | None:
    """"490 U.S. at 396": the page of ``offset`` from the star-paging markers (``*396``) before it, when the
    markers run within the reporter's pages from the first page of ``cite``; None when the text carries none."""
    m = _FIRST_PAGE.match(cite or "")
    if not m:
        return None
    first = int(m.group(3))
    pages = [(x.start(), int(x.group(1))) for x in _STAR_PAGE.finditer(text, 0, offset)]
    pages = [(at, pg) for at, pg in pages if first < pg < first + 400]
    # real star paging runs from the page after the first (*387 for 490 U.S. 386); stray "*37"s do not
    if not pages or not any(pg == first + 1 for _, pg in pages):
        return None
    # the markers must increase (a footnote number "*2" would not): take the last of the increasing run
    best = None
    for _, pg in pages:
        if best is None or best <= pg <= best + 5:
            best = pg
    return f"{m.group(1)} {m.group(2)} at {best}" if best else None


def _quotes(items: list[Any], text: str | None, resolves: Callable[[str], bool],
            cite: str = "") -> tuple[Evidence, ...]:
    cut = separate_opinion_start(text) if text else None
    rank_of = {k: i for i, k in enumerate(_EVIDENCE_ORDER)}
    out: list[Evidence] = []
    seen: set[str] = set()
    for ev in sorted(items, key=lambda e: rank_of.get(e.field, 99)):
        if ev.field not in rank_of or (cut is not None and ev.start >= cut):
            continue
        shown = clean_quote(ev.text)
        if len(shown) < 30 or _JUNK.search(shown):
            continue
        shown = shown if len(shown) <= _MAX_QUOTE else shown[:_MAX_QUOTE].rsplit(" ", 1)[0] + " [...]"
        key = shown.lower()
        if key in seen:
            continue
        seen.add(key)
        pin = pin_cite(text, ev.start, cite) if text and cite else None
        out.append(Evidence(mask_unresolved(shown, resolves), ev.start, ev.end, ev.field, pin))
        if len(out) >= 2:
            break
    return tuple(out)


# ---- similarity ------------------------------------------------------------------------------------------------

def _facts_overlap(terms: list[str], weights: dict[str, float], text: str) -> float:
    from fairwarning.analysis.evaluate import facts_section

    section = facts_section(text, [])
    counts = Counter(w for w in _WORD.findall(section.lower()) if w not in _STOPWORDS)
    if not counts:
        return 0.0
    length = sum(counts.values())
    score = sum(weights.get(t, 1.0) * math.log1p(counts[t]) for t in terms if counts.get(t))
    return score / math.sqrt(max(length, 200) / 200)


def _copies(conn: Any, ids: set[int], inventory: dict[str, tuple[str, ...]]) -> list[StoredCopy]:
    rows = queries.copy_rows(conn, ids)
    cites = queries.reporter_cites(conn, [r["id"] for r in rows])
    # other stored copies of the same decisions: the same court, date and docket number (indexed; the dockets are
    # compared before any text is read) or a shared reporter citation (indexed)
    dockets_on: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        if r["court_id"] and r["date_decided"]:
            dockets_on.setdefault((r["court_id"], r["date_decided"]), set()).update(normalize_docket(r["docket_number"]))
    extra: set[int] = set()
    for (court, day), dockets in dockets_on.items():
        if dockets:
            extra |= {i for i, d in queries.copy_keys(conn, court, day) if dockets & set(normalize_docket(d))}
    extra |= queries.cite_holders(conn, [c for r in rows for c in cites.get(r["id"], [])])
    extra -= ids
    if extra:
        more = queries.copy_rows(conn, extra)
        cites.update(queries.reporter_cites(conn, [m["id"] for m in more]))
        rows += more
    out = []
    for r in rows:
        inv = tuple(c for d in normalize_docket(r["docket_number"]) for c in inventory.get(d, ()))
        out.append(StoredCopy(
            id=r["id"], case_name=r["case_name"], court_id=r["court_id"], date_decided=r["date_decided"],
            precedential_status=r["precedential_status"], document_type=r["document_type"],
            docket_number=r["docket_number"], url=r["url"], cluster_id=r["cluster_id"], source=r["source"],
            source_id=r["source_id"], cites=tuple(cites.get(r["id"], [])),
            inventory_cites=inv if (r["court_id"] or "").startswith("ca") else (),
            text_head=r["text_head"],
        ))
    return out


def find(store: Store, incident: Incident, leading_by_cite: dict[str, _domain.LeadingCaseInfo],
         stored_leading: dict[str, int], n_ops: int, resolves: Callable[[str], bool], *,
         text_only: bool = False) -> Found:
    """Candidate precedents for every claimed right (before and after the conduct; the assessment selects)."""
    conn = store.conn
    keys = {right: queries.ruling_keys(conn, right) for right in incident.claims}
    qi_courts: dict[str, set[str]] = {}
    for right, rows in keys.items():
        for _, qi, court, _ in rows:
            if qi and court:
                qi_courts.setdefault(right, set()).add(court)
    any_rulings = any(keys.values())
    terms = _selected_terms(conn, incident.facts, n_ops or 1) or query_terms(incident.facts)[:96]
    pool = {oid for rows in keys.values() for oid, *_ in rows}
    kept: set[int] | None = None
    scored: dict[int, float] | None = None  # BM25 of the pool's opinions, when bounding computed it
    pool_note = ""
    if len(pool) > POOL_LIMIT:
        # one BM25 pass over the whole pool ranks it; its scores serve the ranking below too
        scored = queries.fts_among(conn, _match(terms), pool) if terms else {}
        kept = _bounded(incident, keys, scored)
        pool_note = (f"The store holds {len(pool):,} decisions ruling on the claimed rights; this analysis compared "
                     f"the {len(kept):,} most similar to the facts (per right and court, up to {CONTROLLING_PER_COURT} "
                     f"of each controlling court and {PER_COURT} of every other court decided before the conduct, "
                     f"the first {AFTER_PER_COURT} of each controlling court after it) and every leading case.")
    rulings: dict[int, dict[str, Any]] = {}
    for right in incident.claims:
        for sr in _load(store, right, kept):
            rulings.setdefault(sr.opinion_id, {})[right] = sr.ruling
    # stored leading cases for the claimed rights (and the stored opinion ids of every leading case)
    lead_of: dict[int, _domain.LeadingCaseInfo] = {}
    for cite, oid in stored_leading.items():
        case = leading_by_cite.get(cite)
        if case is not None:
            lead_of[oid] = case
    wanted = set(incident.claims)
    lead_ids = {oid for oid, c in lead_of.items() if wanted & set(c.rights)}
    # a QI ruling read from an opinion that never says "qualified immunity" is a label misread: not a candidate
    qi_ids = [oid for oid, per in rulings.items() if any(r.qi_decided for r in per.values())]
    if qi_ids:
        says_qi = queries.fts_contains(conn, '"qualified immunity"', qi_ids)
        for oid in qi_ids:
            if oid not in says_qi:
                rulings[oid] = {r: ru for r, ru in rulings[oid].items() if not ru.qi_decided}
                if not rulings[oid]:
                    del rulings[oid]
    ids = set(rulings) | lead_ids
    if not ids:
        return Found([], {k: frozenset(v) for k, v in qi_courts.items()}, any_rulings, pool_note)
    copies = _copies(conn, ids, inventory_cites(conn))
    groups = [g for g in merge_copies(copies) if any(c.id in ids for c in g)]
    # refuted cites (SCDB assigns them to another case) are never printed
    records = []
    for g in groups:
        refuted = {x for c in g for x in c.cites if _domain.scdb_refutes_cite(
            c.case_name or "", x, dt.date.fromisoformat(c.date_decided) if c.date_decided else None)}
        rec = case_record(g, refuted=refuted)
        # read the copy whose per-right rulings are used (their evidence offsets point into that copy's text)
        ruled = [c.id for c in g if c.id in rulings and c.document_type == "opinion"]
        if ruled and rec.primary not in ruled:
            rec = replace(rec, primary=ruled[0])
        records.append((rec, g))
    by_day = {c.date_decided.isoformat(): c for c in leading_by_cite.values() if c.date_decided}
    for rec, g in records:
        if rec.court == "scotus" and not any(c.id in lead_of for c in g) and rec.date_decided in by_day:
            case = by_day[rec.date_decided]
            if case.name.split(" v. ")[0].lower() in rec.case_name.lower():
                lead_of[rec.primary] = case
    all_ids = [c.id for _, g in records for c in g]
    unscored = [i for i in all_ids if scored is None or i not in scored]
    bm25 = {**(scored or {}), **(queries.fts_among(conn, _match(terms), unscored) if terms and unscored else {})}
    text_of: dict[int, float] = {}
    for rec, g in records:
        text_of[rec.primary] = max((bm25.get(c.id, 0.0) for c in g), default=0.0)
    top = max(text_of.values(), default=0.0) or 1.0
    # facts-section overlap for the best candidates by BM25 (bounded reads)
    reads = sorted(text_of, key=lambda i: -text_of[i])
    reads = reads if len(reads) <= MAX_TEXT_READS * 2 else reads[:MAX_TEXT_READS]
    texts = queries.opinion_texts(conn, reads)
    weights = {t: 1.0 for t in terms}
    facts = {i: _facts_overlap(terms, weights, texts[i]) for i in reads if i in texts} if not text_only else {}
    top_facts = max(facts.values(), default=0.0) or 1.0
    labels = queries.labels_for(conn, [rec.primary for rec, _ in records])
    out: list[Candidate] = []
    for rec, g in records:
        oid = rec.primary
        sim = text_of[oid] / top
        if facts:
            sim = (1 - FACTS_WEIGHT) * sim + FACTS_WEIGHT * facts.get(oid, 0.0) / top_facts
        per_right = rulings.get(oid, {})
        lead = next((lead_of[c.id] for c in g if c.id in lead_of), None)
        if rec.court == "scotus" and rec.citation_source in ("docket", "none"):
            # a Supreme Court opinion stored without its reporter cite: the leading-case table's SCDB-checked cite,
            # else SCDB's cite for the same name, date and docket
            day = dt.date.fromisoformat(rec.date_decided) if rec.date_decided else None
            found = (lead.us_cite if lead else None) or _domain.scdb_cite_for(rec.short_name, day, rec.docket_number)
            if found:
                rec = replace(rec, reporter_cite=found, citation=found, citation_source="SCDB",
                              full_citation=f"{rec.short_name}, {found} ({(rec.date_decided or '')[:4]})")
        decided = dt.date.fromisoformat(rec.date_decided) if rec.date_decided else None
        lab = labels.get(oid)
        text = texts.get(oid)
        evidence = {r: _quotes(list(ru.evidence), text, resolves, rec.reporter_cite) for r, ru in per_right.items()}
        meta = queries.OpinionMeta(oid, rec.case_name, rec.court, rec.date_decided, rec.precedential_status,
                                   next((c.document_type for c in g if c.id == oid), "opinion"))
        out.append(Candidate(
            meta=meta,
            citation=rec.citation,
            label=lab.fields if lab else None,
            evidence=next(iter(evidence.values()), ()),
            authority=_masked(
                (decided is not None and decided < incident.conduct_date and _domain.unit_b_authority(
                    rec.court, incident.place, decided, " ".join(c.text_head for c in g)))
                or _domain.authority(rec.court, rec.precedential_status, incident.place, incident.conduct_date,
                                     decided), resolves),
            score=round(sim, 4),
            court_name=_domain.court_display_name(rec.court),
            leading_display=lead.display if lead else None,
            leading_roles=lead.roles if lead else (),
            record=rec,
            rulings={r: ru.fields() for r, ru in per_right.items()},
            evidence_by_right=evidence,
            leading_rights=lead.rights if lead else (),
            quote_text_checked=text is not None,
        ))
    return Found(out, {k: frozenset(v) for k, v in qi_courts.items()}, any_rulings, pool_note)


def cite_from_citing(conn: Any, candidates: list[Candidate], ids: set[int]) -> list[Candidate]:
    """``candidates`` with the reporter citation citing opinions give (:func:`_cited_as`) for those of ``ids``
    stored without one. Run only for the precedents a memo lists (each lookup reads citing opinions), after the
    assessment chose them: the citation takes no part in choosing."""
    out = []
    for c in candidates:
        rec = c.record
        if (c.meta.id in ids and rec is not None and rec.court != "scotus"
                and rec.citation_source in ("docket", "none")):
            found = _cited_as(conn, rec)
            if found:
                rec = replace(rec, reporter_cite=found, citation=found, citation_source="citing opinions",
                              full_citation=f"{rec.short_name}, {found} ({court_abbrev(rec.court)} "
                                            f"{(rec.date_decided or '')[:4]})".replace("( ", "("))
                c = replace(c, record=rec, citation=rec.citation)
        out.append(c)
    return out


_REPORTER_CITE = re.compile(r"^\d+ (?:F\.(?:2d|3d|4th)|F\. Supp\.(?: 2d| 3d)?|U\.S\.|S\. Ct\.) \d+$")


def _cited_as(conn: Any, rec: Any) -> str | None:
    """The reporter citation citing opinions give for a decision stored without one: the same cite after its
    name, followed by a parenthetical with its court and year, in at least one citing opinion (the most common
    such cite)."""
    if " v. " not in rec.short_name or not rec.date_decided:
        return None
    year = rec.date_decided[:4]
    abbrev = court_abbrev(rec.court)
    votes: Counter[str] = Counter()
    for cite, after in queries.cited_as(conn, rec.short_name, rec.sources):
        paren = " ".join(after.split())[:80]
        m = re.search(r"\(([^()]*)\)", paren)
        if not _REPORTER_CITE.match(cite) or not m or year not in m.group(1):
            continue
        if abbrev and abbrev.replace(" ", "") not in m.group(1).replace(" ", ""):
            continue
        votes[cite] += 1
    return votes.most_common(1)[0][0] if votes else None


def _masked(a: _domain.AuthorityInfo, resolves: Callable[[str], bool]) -> _domain.AuthorityInfo:
    key = getattr(resolves, "key", None)
    if key is None:
        return replace(a, reason=mask_unresolved(a.reason, resolves), source=mask_unresolved(a.source, resolves))
    return replace(a, reason=mask_cached(a.reason, resolves, key), source=mask_cached(a.source, resolves, key))
