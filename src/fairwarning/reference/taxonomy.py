"""Rights and official types as data: the ids of the gold label schema, each right with its leading Supreme
Court standard, and cue phrases (regular expressions) with real example sentences from the shared corpus.

Data: ``fairwarning/reference/data/taxonomy/rights.json`` and ``officials.json`` (JSON Schemas beside them), loaded
lazily once. ``RIGHTS`` and ``OFFICIAL_TYPES`` are tuples of ids in schema order; :func:`rights` and
:func:`official_types` return the full entries; :func:`right` / :func:`official_type` look one up and raise
:class:`~fairwarning.errors.InputError` listing the valid ids for an unknown one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from fairwarning.errors import DataError, InputError
from fairwarning.reference.patterns import literal_start_alternatives

__all__ = [
    "RIGHTS",
    "OFFICIAL_TYPES",
    "CueExample",
    "Cue",
    "LeadingStandard",
    "Right",
    "OfficialType",
    "rights",
    "official_types",
    "right",
    "official_type",
    "cue_patterns",
]

#: ids of the rights, in gold-schema order (computed lazily from the packaged data)
RIGHTS: tuple[str, ...]
#: ids of the official types, in gold-schema order (computed lazily from the packaged data)
OFFICIAL_TYPES: tuple[str, ...]


@dataclass(frozen=True)
class CueExample:
    opinion_id: str  # CourtListener opinion id
    file: str  # path under the shared corpus directory
    text: str  # verbatim sentence (whitespace collapsed)


@dataclass(frozen=True)
class Cue:
    pattern: str
    regex: re.Pattern[str]  # compiled case-insensitively: use on any text
    examples: tuple[CueExample, ...]
    #: the pattern's top-level alternatives for *lower-cased* text, each with its leading ``\b`` dropped (so the
    #: regex engine can use the literal prefix: 8x faster over all 101 cues on 200 First Circuit opinions, 8.3 s
    #: -> 1.0 s) and a flag saying whether to check that boundary by hand; empty when the pattern cannot be
    #: rewritten safely.
    fast: tuple[tuple[re.Pattern[str], bool], ...] = ()

    def starts(self, text: str, lowered: str | None = None) -> set[int]:
        """Start offsets of the matches in ``text``; pass ``lowered = text.lower()`` (same length) to go fast."""
        if not self.fast or lowered is None:
            return {m.start() for m in self.regex.finditer(text)}
        out: set[int] = set()
        for rx, boundary in self.fast:
            for m in rx.finditer(lowered):
                i = m.start()
                if boundary and i > 0 and (lowered[i - 1].isalnum() or lowered[i - 1] == "_"):
                    continue
                out.add(i)
        return out


_UPPER_ESCAPE = re.compile(r"\\[A-Z]")


def _fast(pattern: str) -> tuple[tuple[re.Pattern[str], bool], ...]:
    """The cue's pattern for lower-cased text, as alternatives with literal starts; () when it cannot be so searched."""
    alts = None if _UPPER_ESCAPE.search(pattern) else literal_start_alternatives(pattern)
    if alts is None:
        return ()
    try:
        return tuple((re.compile(body.lower()), boundary) for body, boundary in alts)
    except re.error:
        return ()


@dataclass(frozen=True)
class LeadingStandard:
    case_name: str
    us_cite: str
    year: int
    date_decided: str
    standard: str  # one sentence in our own words


@dataclass(frozen=True)
class Right:
    id: str
    label: str
    amendment: str | None
    leading_standard: LeadingStandard
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class OfficialType:
    id: str
    label: str
    cues: tuple[Cue, ...]


def _load_json(name: str) -> dict[str, Any]:
    try:
        raw = resources.files("fairwarning.reference").joinpath("data", "taxonomy", name).read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read packaged taxonomy file {name}: {exc}; reinstall fairwarning") from exc
    if not isinstance(data, dict):
        raise DataError(f"taxonomy file {name} must hold a JSON object")
    return data


def _cue(entry: dict[str, Any], where: str) -> Cue:
    try:
        regex = re.compile(entry["pattern"], re.IGNORECASE)
        examples = tuple(CueExample(str(e["opinion_id"]), str(e["file"]), str(e["text"])) for e in entry["examples"])
    except (KeyError, TypeError, re.error) as exc:
        raise DataError(f"bad cue in {where}: {exc}; fix the entry in the taxonomy JSON") from exc
    if not examples:
        raise DataError(f"cue {entry['pattern']!r} in {where} has no examples; add a real corpus sentence")
    return Cue(entry["pattern"], regex, examples, _fast(entry["pattern"]))


@cache
def rights() -> tuple[Right, ...]:
    """Every right of the gold schema, in schema order."""
    out = []
    for r in _load_json("rights.json")["rights"]:
        try:
            ls = LeadingStandard(**r["leading_standard"])
            out.append(Right(r["id"], r["label"], r["amendment"], ls, tuple(_cue(c, r["id"]) for c in r["cues"])))
        except (KeyError, TypeError) as exc:
            raise DataError(f"bad right entry {r.get('id')!r} in rights.json: {exc}") from exc
    return tuple(out)


@cache
def official_types() -> tuple[OfficialType, ...]:
    """Every official type of the gold schema, in schema order."""
    out = []
    for o in _load_json("officials.json")["official_types"]:
        try:
            out.append(OfficialType(o["id"], o["label"], tuple(_cue(c, o["id"]) for c in o["cues"])))
        except (KeyError, TypeError) as exc:
            raise DataError(f"bad official type {o.get('id')!r} in officials.json: {exc}") from exc
    return tuple(out)


def right(right_id: str) -> Right:
    """The right with this id; an unknown id raises :class:`InputError` naming the valid ones."""
    for r in rights():
        if r.id == right_id:
            return r
    raise InputError(f"unknown right {right_id!r}; valid rights: {', '.join(x.id for x in rights())}")


def official_type(type_id: str) -> OfficialType:
    """The official type with this id; an unknown id raises :class:`InputError` naming the valid ones."""
    for o in official_types():
        if o.id == type_id:
            return o
    raise InputError(f"unknown official type {type_id!r}; valid types: {', '.join(x.id for x in official_types())}")


@cache
def _entries(name: str, key: str) -> tuple[dict[str, Any], ...]:
    return tuple(_load_json(name)[key])


def cue_patterns(right_id: str) -> tuple[str, ...]:
    """The cue patterns of a right, as written (no regex is compiled: compiling every cue costs a start-up
    ~0.1 s that a command needing only the patterns' text should not pay); unknown ids raise like :func:`right`."""
    for r in _entries("rights.json", "rights"):
        if r.get("id") == right_id:
            return tuple(str(c["pattern"]) for c in r.get("cues", []))
    return tuple(c.pattern for c in right(right_id).cues)


def __getattr__(name: str) -> tuple[str, ...]:
    # RIGHTS / OFFICIAL_TYPES are computed lazily from the packaged data on first access (the ids only: no cue is
    # compiled for them; rights() and official_types() validate and compile the whole entries).
    if name == "RIGHTS":
        return tuple(str(r["id"]) for r in _entries("rights.json", "rights"))
    if name == "OFFICIAL_TYPES":
        return tuple(str(o["id"]) for o in _entries("officials.json", "official_types"))
    raise AttributeError(f"module 'fairwarning.reference.taxonomy' has no attribute {name!r}")
