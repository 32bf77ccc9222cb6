"""The incident a lawyer asks about: what happened, when, where, to whom, and which rights are claimed.

:func:`parse_incident` turns a plain mapping (from YAML, JSON, CLI flags or Python) into a validated, frozen
:class:`Incident`; :func:`load_incident` reads a YAML/JSON file (the only I/O here). Every problem raises
:class:`~fairwarning.errors.InputError` naming the key, the value and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fairwarning.analysis import _domain
from fairwarning.errors import InputError

__all__ = ["Defendant", "Incident", "parse_incident", "load_incident", "DEFENDANT_KINDS", "EMPLOYER_KINDS"]

#: kinds of defendant; the employer kinds are the ones Monell liability reaches
DEFENDANT_KINDS = ("official", "department", "municipality", "county", "state", "federal_agency", "private")
EMPLOYER_KINDS = ("department", "municipality", "county")
_REQUIRED = ("conduct_date", "place", "officials", "claims", "facts")
_OPTIONAL = ("defendants", "title", "notes", "locality")
_EMPLOYER_WORDS = re.compile(
    r"\b(department|dept\.?|police|sheriff'?s? office|city|town|village|borough|county|parish|municipality|"
    r"township|school (district|board)|board of education|authority)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Defendant:
    name: str
    kind: str  # one of DEFENDANT_KINDS

    @property
    def is_employer(self) -> bool:
        return self.kind in EMPLOYER_KINDS


@dataclass(frozen=True)
class Incident:
    conduct_date: dt.date
    place: str  # state/territory code ("FL") or courts-db court id ("flsd")
    officials: tuple[str, ...]  # official-type ids
    claims: tuple[str, ...]  # right ids
    facts: str
    defendants: tuple[Defendant, ...] = ()
    title: str | None = None
    notes: str | None = None
    locality: str | None = None  # city or county, when a local reform may apply (e.g. "New York City")

    @property
    def employer_defendants(self) -> tuple[Defendant, ...]:
        return tuple(d for d in self.defendants if d.is_employer)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "conduct_date": self.conduct_date.isoformat(),
            "place": self.place,
            "officials": list(self.officials),
            "claims": list(self.claims),
            "defendants": [{"name": d.name, "kind": d.kind} for d in self.defendants],
            "facts": self.facts,
            "notes": self.notes,
            "locality": self.locality,
        }


def load_incident(path: str | Path, *, today: dt.date | None = None,
                  on_note: Callable[[str], None] | None = None) -> Incident:
    """Read an incident from a ``.yaml``/``.yml``/``.json`` file and validate it.

    An evaluation scenario (``../shared/eval/README.md``: the incident keys plus an ``expect:`` mapping) is read
    as its incident: the ``expect:`` block is set aside and ``on_note`` is told so (``fairwarning eval
    scenarios`` checks it). Any other unknown key is still an error.

    The file is UTF-8 (or UTF-16 with a byte-order mark) and at most 1 MB. YAML is read with a loader that keeps
    dates as text (validated here, so ``2019-13-45`` is an error, not a crash), refuses aliases (``*name``: a
    "billion laughs" file cannot expand) and duplicate keys (they would silently take the last value); JSON
    refuses duplicate keys too. Nesting deeper than Python can follow is an error."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            raw_bytes = fh.read(_MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read incident file {p}: {exc.strerror or exc}") from exc
    if len(raw_bytes) > _MAX_FILE_BYTES:
        raise InputError(f"incident file {p} is over {_MAX_FILE_BYTES // 1_000_000} MB: an incident is a page of facts")
    encoding = "utf-16" if raw_bytes.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        raw = raw_bytes.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"incident file {p} is not UTF-8 (byte {exc.start}): re-save it as UTF-8") from exc
    kind = "JSON" if p.suffix.lower() == ".json" else "YAML"
    try:
        data = json.loads(raw, object_pairs_hook=_unique_pairs) if kind == "JSON" else yaml.load(raw, _IncidentLoader)
    except (json.JSONDecodeError, yaml.YAMLError, _DuplicateKey) as exc:
        raise InputError(f"incident file {p} is not valid {kind}: {' '.join(str(exc).split())}") from exc
    except (RecursionError, ValueError) as exc:
        raise InputError(f"incident file {p} is not valid {kind}: nested too deeply or unreadable "
                         f"({type(exc).__name__})") from exc
    if not isinstance(data, Mapping):
        raise InputError(f"incident file {p} must hold a mapping with keys {', '.join(_REQUIRED)}")
    if "expect" in data:
        if not isinstance(data["expect"], Mapping | None):
            raise InputError(f"{p}: `expect:` must be a mapping of a scenario's expectations "
                             "(see fairwarning eval scenarios)")
        data = {k: v for k, v in data.items() if k != "expect"}
        if on_note is not None:
            on_note(f"note: {p} is an eval scenario: its `expect:` block is ignored here "
                    "(`fairwarning eval scenarios DIR` checks it)")
    try:
        return parse_incident(data, today=today)
    except InputError as exc:
        raise InputError(f"{p}: {exc}") from exc


_MAX_FILE_BYTES = 1_000_000


class _DuplicateKey(ValueError):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(f"duplicate key {key!r}: give each key once")
        out[key] = value
    return out


class _IncidentLoader(yaml.SafeLoader):
    """``SafeLoader`` without aliases, duplicate keys or implicit dates/timestamps (dates stay text)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.YAMLError(
                f"YAML aliases (*{event.anchor}) are not allowed in an incident file{event.start_mark}: write "
                "the value out"
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key: refused below by SafeLoader
                continue
            if duplicate:
                raise yaml.YAMLError(f"duplicate key {key!r}{key_node.start_mark}: give each key once")
        return super().construct_mapping(node, deep=deep)


_IncidentLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_incident(data: Mapping[str, Any], *, today: dt.date | None = None) -> Incident:
    """Validate a mapping (keys ``conduct_date``, ``place``, ``officials``, ``claims``, ``facts``, optional
    ``defendants``, ``title``, ``notes``, ``locality``) into an :class:`Incident`. ``today`` bounds the conduct
    date."""
    bad_keys = [k for k in data if not isinstance(k, str)]
    if bad_keys:
        raise InputError(f"incident keys must be text; found {', '.join(repr(k) for k in bad_keys[:5])}; "
                         f"valid keys: {', '.join(_REQUIRED + _OPTIONAL)}")
    missing = [k for k in _REQUIRED if data.get(k) in (None, "", [], ())]
    if missing:
        raise InputError(f"incident is missing required key(s) {', '.join(missing)}; required: {', '.join(_REQUIRED)}")
    unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise InputError(f"incident has unknown key(s) {', '.join(unknown)}; valid: {', '.join(_REQUIRED + _OPTIONAL)}")
    facts = _text("facts", data["facts"])
    if len(facts.split()) < 5:
        raise InputError("incident `facts` is too short: describe what happened in at least a sentence")
    return Incident(
        conduct_date=_conduct_date(data["conduct_date"], today or dt.date.today()),
        place=_place(data["place"]),
        officials=_ids("officials", data["officials"], _domain.official_type_ids()),
        claims=_ids("claims", data["claims"], _domain.right_ids()),
        facts=facts,
        defendants=tuple(_defendant(d) for d in _as_list("defendants", data.get("defendants") or [])),
        title=_text("title", data["title"]) if data.get("title") else None,
        notes=_text("notes", data["notes"]) if data.get("notes") else None,
        locality=_text("locality", data["locality"]) if data.get("locality") else None,
    )


def _text(key: str, value: Any) -> str:
    """A text value, stripped; a list, number or mapping where text belongs is an error (not its ``str()``)."""
    if not isinstance(value, str):
        raise InputError(f"incident `{key}` must be text, got {type(value).__name__} {_short(value)}")
    return value.strip()


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except RecursionError:
        text = "(nested too deeply)"
    return text if len(text) <= 60 else text[:57] + "..."


def _conduct_date(value: Any, today: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    elif not isinstance(value, str):
        raise InputError(f"conduct_date must be a date such as 2017-06-15, got {type(value).__name__} {_short(value)}")
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise InputError(f"conduct_date {value!r} is not a date: use YYYY-MM-DD, e.g. 2017-06-15") from exc
    if day > today:
        raise InputError(f"conduct_date {day.isoformat()} is in the future (today is {today.isoformat()}): "
                         "give the date the conduct happened")
    if day.year < 1871:
        raise InputError(f"conduct_date {day.isoformat()} predates 42 U.S.C. § 1983 (1871): check the year")
    return day


def _place(value: Any) -> str:
    place = _text("place", value)
    try:
        _domain.circuit_for_place(place)
    except InputError as exc:
        raise InputError(f"incident `place` {place!r} is not a state/territory code or a court id: {exc}") from exc
    return place.upper() if len(place) == 2 else place.lower()


def _as_list(key: str, value: Any) -> list[Any]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, Sequence):
        return list(value)
    raise InputError(f"incident `{key}` must be a list (or a comma-separated string), got {type(value).__name__}")


def _ids(key: str, value: Any, valid: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    for item in _as_list(key, value):
        ident = _text(key, item)
        if ident not in valid:
            raise InputError(f"unknown {key[:-1]} id {ident!r} in `{key}`; valid ids: {', '.join(valid)}")
        if ident not in out:
            out.append(ident)
    return tuple(out)


def _defendant(item: Any) -> Defendant:
    if isinstance(item, Mapping):
        unknown = sorted(str(k) for k in item if k not in ("name", "kind"))
        if unknown:
            raise InputError(f"a defendant has unknown key(s) {', '.join(unknown)}; valid: name, kind")
        name = _text("defendants: name", item.get("name") or "")
        kind = _text("defendants: kind", item.get("kind") or "") or _guess_kind(name)
    else:
        name = _text("defendants", item)
        kind = _guess_kind(name)
    if not name:
        raise InputError("a defendant has no `name`: give each defendant a name (and optionally a `kind`)")
    if kind not in DEFENDANT_KINDS:
        raise InputError(f"defendant {name!r} has unknown kind {kind!r}; valid kinds: {', '.join(DEFENDANT_KINDS)}")
    return Defendant(name=name, kind=kind)


def _guess_kind(name: str) -> str:
    if re.search(r"\b(department|dept\.?|sheriff'?s? office)", name, re.IGNORECASE):
        return "department"
    if re.search(r"\bcounty\b", name, re.IGNORECASE):
        return "county"
    return "municipality" if _EMPLOYER_WORDS.search(name) else "official"
