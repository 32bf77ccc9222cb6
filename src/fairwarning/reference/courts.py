"""Court ids (courts-db) from names, citation strings and URLs — fast, cached lookups.

courts-db's ``find_court`` runs every court's regexes (~12 ms a call) and matches full names only. This module
builds exact-match indexes once (lazily) over courts-db ids, names, citation strings (``"1st Cir."``) and court
web hosts, plus a small packaged alias table (``data/court_aliases.json``), and falls back to
``find_court`` (memoized per distinct string) only when those miss.

Public verbs: :func:`court_from_name`, :func:`court_from_url`, :func:`court_name`, :func:`is_court`.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlparse

import courts_db

from fairwarning.errors import DataError, InputError

__all__ = ["court_from_name", "court_from_url", "court_name", "is_court", "court_aliases", "umbrella_courts"]

_PUNCT = re.compile(r"[^\w\s]")
_WS = re.compile(r"\s+")
_API_PATH = re.compile(r"/(?:courts|jurisdiction|jurisdictions)/([a-z0-9_-]+)/?", re.IGNORECASE)
_HOST_PREFIXES = ("www.", "media.", "pacer.", "ecf.", "www2.", "opinions.")
_AMBIGUOUS_HOSTS = frozenset(
    {"bulk.resource.org", "courtlistener.com", "storage.courtlistener.com", "law.resource.org"}
)


def _key(name: str) -> str:
    """Normalized lookup key: case-folded, punctuation dropped, whitespace collapsed, leading 'the' dropped."""
    k = _WS.sub(" ", _PUNCT.sub(" ", name.casefold())).strip()
    return k.removeprefix("the ")


@cache
def _courts() -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in all_courts()}


@cache
def all_courts() -> list[dict[str, Any]]:
    """``courts_db.courts`` (courts-db builds it from JSON and templates on every start, ~0.1 s), pickled per
    courts-db version in the per-user cache (:mod:`fairwarning.reference._cache`)."""
    from importlib.metadata import version

    from fairwarning.reference._cache import pickled

    return pickled("courts_db", f"courts-db {version('courts-db')} {courts_db.__file__}",
                   lambda: list(courts_db.courts), lambda v: isinstance(v, list) and bool(v))


@cache
def court_aliases() -> dict[str, str]:
    """The packaged alias table: normalized alias -> courts-db id (validated against courts-db)."""
    path = resources.files("fairwarning.reference").joinpath("data/court_aliases.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for alias, court_id in data["aliases"].items():
        if court_id not in _courts():
            raise DataError(
                f"court_aliases.json maps {alias!r} to {court_id!r}, which is not a courts-db id; fix the table"
            )
        out[_key(alias)] = court_id
    return out


def _unique_index(pairs: list[tuple[str, str]]) -> dict[str, str]:
    seen: dict[str, set[str]] = {}
    for key, court_id in pairs:
        if key:
            seen.setdefault(key, set()).add(court_id)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


@cache
def _name_index() -> dict[str, str]:
    pairs: list[tuple[str, str]] = []
    for c in _courts().values():
        pairs.append((_key(c["name"]), c["id"]))
        if c.get("citation_string"):
            pairs.append((_key(c["citation_string"]), c["id"]))
    pairs.extend(_district_style_names())
    index = _unique_index(pairs)
    index.update(court_aliases())
    return index


_DISTRICT_PREFIX = re.compile(r"^((?:[NSEWMC]\.)?D\.)")


def _district_style_names() -> list[tuple[str, str]]:
    """CourtListener's names for federal trial courts, e.g. ``District Court, E.D. Louisiana`` (courts-db names
    them ``United States District Court Eastern District of Louisiana``), built from courts-db fields."""
    out: list[tuple[str, str]] = []
    for c in _courts().values():
        m = _DISTRICT_PREFIX.match(c.get("citation_string") or "")
        if c.get("system") != "federal" or c.get("type") != "trial" or not m or not c.get("location"):
            continue
        kind = (
            "United States Bankruptcy Court"
            if c["id"].endswith("b") and c.get("parent") != "usdistct"
            else "District Court"
        )
        out.append((_key(f"{kind}, {m.group(1)} {c['location']}"), c["id"]))
    return out


_STATES = tuple(
    _key(s)
    for s in [
        "Alabama",
        "Alaska",
        "Arizona",
        "Arkansas",
        "California",
        "Colorado",
        "Connecticut",
        "Delaware",
        "Florida",
        "Georgia",
        "Hawaii",
        "Idaho",
        "Illinois",
        "Indiana",
        "Iowa",
        "Kansas",
        "Kentucky",
        "Louisiana",
        "Maine",
        "Maryland",
        "Massachusetts",
        "Michigan",
        "Minnesota",
        "Mississippi",
        "Missouri",
        "Montana",
        "Nebraska",
        "Nevada",
        "Ohio",
        "Oklahoma",
        "Oregon",
        "Pennsylvania",
        "Tennessee",
        "Texas",
        "Utah",
        "Vermont",
        "Virginia",
        "Wisconsin",
        "Wyoming",
    ]
) + (
    "new hampshire",
    "new jersey",
    "new mexico",
    "new york",
    "north carolina",
    "north dakota",
    "rhode island",
    "south carolina",
    "south dakota",
    "west virginia",
    "washington state",
    "illinois",
)
_ORDINALS = {
    "first": "ca1",
    "1st": "ca1",
    "second": "ca2",
    "2d": "ca2",
    "2nd": "ca2",
    "third": "ca3",
    "3d": "ca3",
    "3rd": "ca3",
    "fourth": "ca4",
    "4th": "ca4",
    "fifth": "ca5",
    "5th": "ca5",
    "sixth": "ca6",
    "6th": "ca6",
    "seventh": "ca7",
    "7th": "ca7",
    "eighth": "ca8",
    "8th": "ca8",
    "ninth": "ca9",
    "9th": "ca9",
    "tenth": "ca10",
    "10th": "ca10",
    "eleventh": "ca11",
    "11th": "ca11",
    "d c": "cadc",
    "district of columbia": "cadc",
    "federal": "cafc",
}
_CIRCUIT = re.compile(
    r"\bcourt of appeals?\b.*?\b(" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r") circuit\b"
)


def _federal_circuit(key: str) -> str | None:
    """``ca1``..``ca11``, ``cadc``, ``cafc`` for a normalized name of a federal court of appeals."""
    if "bankruptcy" in key or "judicial council" in key or any(state in key for state in _STATES):
        return None  # e.g. "Court of Appeal of Louisiana, Third Circuit" is a state court
    m = _CIRCUIT.search(key)
    return _ORDINALS[m.group(1)] if m else None


def _host(url: str) -> str:
    try:
        host = urlparse(url if "//" in url else f"//{url}").netloc.lower().split(":")[0]
    except ValueError:  # "http://[x": an unbalanced IPv6 bracket is no court's host
        return ""
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    return host


@cache
def _host_index() -> dict[str, str]:
    return _unique_index([(_host(c.get("court_url") or ""), c["id"]) for c in _courts().values()])


@cache
def umbrella_courts() -> frozenset[str]:
    """courts-db ids that group many courts (``usdistct``, ``uscirct``...): a caption naming only the umbrella
    ("UNITED STATES DISTRICT COURT") has not said which court it is."""
    parents: dict[str, int] = {}
    for c in _courts().values():
        if c.get("parent"):
            parents[c["parent"]] = parents.get(c["parent"], 0) + 1
    return frozenset(p for p, n in parents.items() if n >= 5)


def is_court(court_id: str | None) -> bool:
    """True when ``court_id`` is a courts-db id (``"ca1"``, ``"scotus"``, ``"nysd"``)."""
    return bool(court_id) and court_id in _courts()


def court_name(court_id: str) -> str:
    """The courts-db name of ``court_id``; raises :class:`InputError` listing close ids when unknown."""
    court = _courts().get(court_id)
    if court is None:
        close = difflib.get_close_matches(court_id, list(_courts()), n=8)
        raise InputError(
            f"unknown court id {court_id!r}: court ids are courts-db ids such as 'ca1', 'scotus', 'nysd'"
            + (f"; close matches: {', '.join(close)}" if close else "")
        )
    return str(court["name"])


def court_citation_string(court_id: str | None) -> str | None:
    """courts-db's ``citation_string`` for a court ("1st Cir.", "D. Mass."); None when unknown or empty."""
    court = _courts().get(court_id or "")
    value = court.get("citation_string") if court else None
    return str(value) if value else None


def court_from_name(name: str | None, *, fuzzy: bool = True) -> str | None:
    """courts-db id for a court name, citation string or id (``"Court of Appeals for the First Circuit"``,
    ``"1st Cir."``, ``"ca1"``); None when no single court matches. ``fuzzy=False`` skips courts-db's regex
    search (``find_court``: seconds to compile on first use, ~12 ms a call) and uses the exact indexes only."""
    if not name or not name.strip():
        return None
    name = name.strip()
    if name in _courts():
        return name
    key = _key(name)
    hit = _name_index().get(key) or _federal_circuit(key)
    if hit or not fuzzy:
        return hit
    return _find_court(_WS.sub(" ", name).strip(" .,;:")[:300])


@lru_cache(maxsize=8192)
def _find_court(name: str) -> str | None:
    try:
        found = courts_db.find_court(name, bankruptcy="bankrupt" in name.lower())
    except (re.error, ValueError, KeyError) as exc:  # pragma: no cover - courts-db data bug
        raise DataError(f"courts-db failed on {name!r}: {exc}") from exc
    return found[0] if len(found) == 1 else None


def court_from_url(url: str | None) -> str | None:
    """courts-db id from a URL: a CourtListener API court URL (``/api/rest/v3/courts/ca4/``,
    ``/api/rest/v2/jurisdiction/scotus/``) or a court web host (``www.ca1.uscourts.gov`` -> ``ca1``)."""
    if not url:
        return None
    m = _API_PATH.search(url)
    if m and is_court(m.group(1).lower()):
        return m.group(1).lower()
    host = _host(url)
    if not host or host in _AMBIGUOUS_HOSTS:
        return None
    if host.endswith(".uscourts.gov"):
        label = host.split(".")[0]
        if is_court(label):
            return label
    return _host_index().get(host)
