"""One case = one record: stored copies of a decision merged, with a citable citation, a CourtListener link and a
publication status read from the source, the court's markers and the reporter.

Pure functions over rows the engine reads (:class:`StoredCopy`); :func:`merge_copies` groups copies that share a
docket number + court + date, a reporter citation or a CourtListener cluster, and :func:`case_record` builds the
printed identity of a group. An errata sheet or an order never stands in for the decision: its copy's date and
status are used only when no opinion copy exists (and then the record says so).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from fairwarning.corpus.citations import is_us_reports
from fairwarning.corpus.identity import (
    courtlistener_url,
    merge_keys,
    normalize_docket,
    published_from_cites,
    short_case_name,
)
from fairwarning.reference.courts import court_citation_string

__all__ = ["StoredCopy", "CaseRecord", "merge_copies", "case_record", "court_abbrev", "docket_citation",
           "CITABLE"]

_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
#: a reporter citation ("983 F.2d 332", "490 U.S. 386") or the docket form ("No. 08-2479 (1st Cir. Jan. 14, 2011)")
CITABLE = re.compile(r"^\d+ [A-Z][A-Za-z0-9. ]*? \d+(?: \(table\))?$|^Nos?\. [\w\-, ]+ \(.+ \w+\.? \d{1,2}, \d{4}\)$")


@dataclass(frozen=True)
class StoredCopy:
    id: int
    case_name: str | None
    court_id: str | None
    date_decided: str | None
    precedential_status: str
    document_type: str
    docket_number: str | None
    url: str | None
    cluster_id: str | None
    source: str | None
    source_id: str | None
    cites: tuple[str, ...]  # reporter citations stored for this copy
    inventory_cites: tuple[str, ...]  # reporter citations another copy of the docket carries (inventory URLs)
    text_head: str  # the first few thousand characters (publication markers)


@dataclass(frozen=True)
class CaseRecord:
    primary: int  # the opinion copy the analysis reads (labels, quotes)
    sources: tuple[int, ...]  # every stored copy of the decision
    case_name: str
    short_name: str
    court: str
    date_decided: str | None
    date_note: str  # "" or why the date is uncertain (only an errata/order copy is stored)
    precedential_status: str
    status_basis: str  # source | reporter
    reporter_cite: str  # "" when none
    citation: str  # citable: the reporter cite or the docket form
    citation_source: str  # store | inventory | docket | none
    full_citation: str  # "Rivera-Ruiz v. Gonzalez-Rivera, 983 F.2d 332 (1st Cir. 1993)"
    docket_number: str | None
    url: str | None  # CourtListener link


def court_abbrev(court: str | None) -> str:
    """courts-db's citation string ("1st Cir.", "D. Mass."); "" for the Supreme Court (its cite says the court)."""
    if court == "scotus":
        return ""
    return court_citation_string(court) or (court or "")


def _date_long(day: str) -> str:
    d = dt.date.fromisoformat(day)
    return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"


def docket_citation(docket: str | None, court: str | None, day: str | None) -> str:
    """"No. 08-2479 (1st Cir. Jan. 14, 2011)"; "" when docket or date is missing."""
    numbers = normalize_docket(docket)
    if not numbers or not day:
        return ""
    abbrev = court_abbrev(court) or "U.S."
    head = f"No. {numbers[0]}" if len(numbers) == 1 else f"Nos. {', '.join(numbers)}"
    return f"{head} ({abbrev} {_date_long(day)})"


def merge_copies(copies: Sequence[StoredCopy]) -> list[list[StoredCopy]]:
    """Groups of copies of one decision (union of shared keys), in the order of each group's first copy."""
    parent = list(range(len(copies)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, list[int]] = {}
    for i, c in enumerate(copies):
        # an errata/order copy carries the errata's date, not the decision's: it joins by docket + court alone
        day = c.date_decided if c.document_type == "opinion" else None
        keys = merge_keys(c.court_id, day, c.docket_number, c.cites, c.cluster_id)
        for k in keys:
            for j in owner.get(k, []):
                # a reporter cite joins copies only when their names agree: an F.3d table page (14 F.3d 44)
                # lists many different unpublished decisions under one cite
                if not k.startswith("cite:") or _same_name(copies[i], copies[j]):
                    parent[find(i)] = find(j)
            owner.setdefault(k, []).append(i)
    for i, c in enumerate(copies):
        if c.document_type == "opinion":
            continue
        mine = set(normalize_docket(c.docket_number))
        for j, o in enumerate(copies):
            if j != i and o.court_id == c.court_id and mine & set(normalize_docket(o.docket_number)):
                parent[find(i)] = find(j)
    groups: dict[int, list[StoredCopy]] = {}
    for i, c in enumerate(copies):
        groups.setdefault(find(i), []).append(c)
    return list(groups.values())


def _same_name(a: StoredCopy, b: StoredCopy) -> bool:
    def first_party(c: StoredCopy) -> str:
        return short_case_name(c.case_name).split(" v. ")[0].lower().replace("-", " ").split()[-1:][0] \
            if c.case_name else ""

    return bool(a.case_name and b.case_name) and first_party(a) == first_party(b)


def _rank_copy(c: StoredCopy) -> tuple[int, int, int]:
    return (0 if c.document_type == "opinion" else 1, 0 if c.cites else 1, c.id)


def case_record(group: Sequence[StoredCopy], *, refuted: set[str] | None = None) -> CaseRecord:
    """The printed identity of one decision from all its stored copies. ``refuted``: cites SCDB assigns to
    another case (never printed)."""
    refuted = refuted or set()
    ordered = sorted(group, key=_rank_copy)
    main = ordered[0]
    opinions = [c for c in ordered if c.document_type == "opinion"]
    dated = next((c.date_decided for c in opinions if c.date_decided), None)
    date_note = ""
    if dated is None:
        dated = next((c.date_decided for c in ordered if c.date_decided), None)
        if dated and main.document_type != "opinion":
            date_note = (f"only a {main.document_type} record of this decision is stored: its date may be the "
                         f"{main.document_type}'s, not the decision's")
    stored = [x for c in ordered for x in c.cites if x not in refuted]
    inventory = [x for c in ordered for x in c.inventory_cites if x not in refuted]
    us = [x for x in stored if is_us_reports(x)]
    reporter, source = "", "none"
    if us or stored:
        reporter, source = (us or stored)[0], "store"
    elif inventory:
        reporter, source = inventory[0], "inventory"
    court = main.court_id or "unknown"
    docket = next((c.docket_number for c in ordered if c.docket_number), None)
    name = next((c.case_name for c in opinions if c.case_name), None) or main.case_name or ""
    short = short_case_name(name) or f"Stored opinion {main.id}"
    status, basis = main.precedential_status, "source"
    for c in ordered:
        if c.precedential_status in ("published", "unpublished"):
            status, basis = c.precedential_status, "source"
            break
    else:
        appellate = bool(re.fullmatch(r"ca\d+|cadc|cafc", court))
        status, basis = published_from_cites(status, [*stored, *inventory], appellate,
                                             next((c.text_head for c in opinions), main.text_head))
    if court == "scotus" and status == "unknown":
        status, basis = "published", "court"  # every Supreme Court opinion is published in U.S. Reports
    year = (dated or "")[:4]
    abbrev = court_abbrev(court)
    if reporter and status == "unpublished" and re.fullmatch(r"\d+ F\.(?:2d|3d|4th) \d+", reporter):
        reporter = f"{reporter} (table)"  # an unpublished decision listed in a reporter's table of decisions
    if reporter:
        citation = reporter
        paren = f"({abbrev + ' ' if abbrev else ''}{year})" if year else (f"({abbrev})" if abbrev else "")
        full = f"{short}, {reporter} {paren}".rstrip()
    else:
        citation = docket_citation(docket, court, dated)
        source = "docket" if citation else "none"
        full = f"{short}, {citation}" if citation else short
    url = next((u for c in ordered if (u := courtlistener_url(c.url, c.cluster_id, c.source, c.source_id,
                                                                  c.case_name))), None)
    return CaseRecord(
        primary=(opinions[0] if opinions else main).id,
        sources=tuple(sorted(c.id for c in group)),
        case_name=name,
        short_name=short,
        court=court,
        date_decided=dated,
        date_note=date_note,
        precedential_status=status,
        status_basis=basis,
        reporter_cite=reporter,
        citation=citation,
        citation_source=source,
        full_citation=full,
        docket_number=docket,
        url=url,
    )
