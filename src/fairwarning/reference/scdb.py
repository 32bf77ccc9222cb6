"""The Supreme Court Database (SCDB) as a reference table for verifying Supreme Court citations.

SCDB is not packaged with fairwarning: it is read from a CSV file (the Washington University "case centered,
citation" release, e.g. ``SCDB_2022_01_caseCentered_Citation.csv``). The file is found, in order, from

1. the ``path`` argument,
2. the ``FAIRWARNING_SCDB`` environment variable,
3. ``../shared/reference/scdb/SCDB_2022_01_caseCentered_Citation.csv`` relative to the current directory,
   then relative to the source checkout (the directory holding ``src/``).

A missing or unreadable file raises :class:`~fairwarning.errors.SourceError` (saying where it looked and how to
point fairwarning at the file); it is never silently treated as "no match".

Public API::

    lookup_us_cite("533 U.S. 194")           -> ScdbCase | None
    lookup_sct_cite("138 S. Ct. 577")        -> ScdbCase | None
    covers_us_cite("583 U.S. 48")            -> False (SCDB has no U.S. cites after volume 579)
    find(name="Saucier v. Katz")             -> list[ScdbCase]
    find(us_cite="533 U.S. 194")             -> list[ScdbCase]
    names_match("Saucier v. Katz", "DONALD SAUCIER v. ELLIOT M. KATZ ...") -> bool
    load(path=None)                          -> ScdbIndex   (cached per resolved path)

SCDB leaves ``usCite`` empty (``NA``) for 408 recent cases (2016-2021 terms); those rows have ``us_cite=None``
but usually carry ``sct_cite``. A few memorandum decisions share one U.S. Reports page: ``lookup_us_cite``
returns the earliest of them by SCDB ``caseId``; ``find(us_cite=...)`` returns all.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from fairwarning.errors import InputError, SourceError

__all__ = [
    "DEFAULT_RELATIVE_PATH",
    "ENV_VAR",
    "ScdbCase",
    "ScdbIndex",
    "covers_us_cite",
    "default_scdb_path",
    "find",
    "load",
    "lookup_sct_cite",
    "lookup_us_cite",
    "names_match",
    "normalize_us_cite",
]

ENV_VAR = "FAIRWARNING_SCDB"
DEFAULT_RELATIVE_PATH = Path("../shared/reference/scdb/SCDB_2022_01_caseCentered_Citation.csv")
_REQUIRED_COLUMNS = ("caseId", "dateDecision", "usCite", "sctCite", "term", "caseName", "docket")
_US_CITE_RE = re.compile(r"^\s*(\d+)\s*U\.?\s*S\.?\s+(\d+)\s*$", re.IGNORECASE)
_SCT_CITE_RE = re.compile(r"^\s*(\d+)\s*S\.?\s*Ct\.?\s+(\d+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ScdbCase:
    """One SCDB row (a case). ``us_cite``/``sct_cite`` are ``None`` when SCDB has ``NA``."""

    case_id: str
    case_name: str
    us_cite: str | None
    sct_cite: str | None
    led_cite: str | None
    date_decided: dt.date
    term: int
    docket: str
    decision_type: str


def _none_if_na(value: str | None) -> str | None:
    value = (value or "").strip()
    return None if value in ("", "NA") else value


def normalize_us_cite(cite: str) -> str:
    """``"533 U.S. 194"``, ``"533 US 194"`` -> ``"533 U.S. 194"``; anything else raises InputError."""
    m = _US_CITE_RE.match(cite or "")
    if not m:
        raise InputError(
            f"not a U.S. Reports citation: {cite!r}; write it as 'VOLUME U.S. PAGE', e.g. '533 U.S. 194'"
        )
    return f"{int(m.group(1))} U.S. {int(m.group(2))}"


def _normalize_sct_cite(cite: str) -> str:
    m = _SCT_CITE_RE.match(cite or "")
    if not m:
        raise InputError(
            f"not a Supreme Court Reporter citation: {cite!r}; write it as 'VOLUME S. Ct. PAGE', "
            "e.g. '138 S. Ct. 577'"
        )
    return f"{int(m.group(1))} S. Ct. {int(m.group(2))}"


# ---------------------------------------------------------------------------------------------- names
_ABBREVIATIONS = {
    "dist": "district",
    "dept": "department",
    "co": "company",
    "corp": "corporation",
    "cnty": "county",
    "servs": "services",
    "svcs": "services",
    "soc": "social",
    "jud": "judicial",
    "ct": "court",
    "univ": "university",
    "assn": "association",
    "comm": "commission",
    "bd": "board",
    "educ": "education",
    "ed": "education",
    "sch": "school",
    "st": "saint",
    "mt": "mount",
    "intl": "international",
    "natl": "national",
    "govt": "government",
    "twp": "township",
}
_STOPWORDS = frozenset(
    {
        "of",
        "the",
        "et",
        "al",
        "and",
        "a",
        "an",
        "in",
        "for",
        "etc",
        "inc",
        "petitioner",
        "petitioners",
        "respondent",
        "respondents",
        "ex",
        "rel",
    }
)


def _name_tokens(side: str) -> set[str]:
    text = side.lower().replace("'", "").replace("\u2019", "").replace("-", "")
    tokens = re.findall(r"[a-z0-9]+", text)
    return {_ABBREVIATIONS.get(t, t) for t in tokens if _ABBREVIATIONS.get(t, t) not in _STOPWORDS}


def _split_parties(name: str) -> tuple[str, str]:
    parts = re.split(r"\s+v(?:s)?\.?\s+", name.strip(), maxsplit=1, flags=re.IGNORECASE)
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")


def names_match(short_name: str, scdb_name: str) -> bool:
    """True when every significant word of each side of ``short_name`` appears on the same side of ``scdb_name``.

    Tolerates SCDB's upper case, full party lists (``et al.``, first names, "PETITIONER"), and common
    abbreviations (``Dist.`` = ``DISTRICT``, ``Dept.`` = ``DEPARTMENT``). ``"Saucier v. Katz"`` matches
    ``"DONALD SAUCIER v. ELLIOT M. KATZ AND IN DEFENSE OF ANIMALS"``.
    """
    q_left, q_right = _split_parties(short_name)
    s_left, s_right = _split_parties(scdb_name)
    ql, qr = _name_tokens(q_left), _name_tokens(q_right)
    if not ql:
        return False
    if not qr:  # a one-sided query ("In re Gault"): compare against the whole name
        return ql <= (_name_tokens(s_left) | _name_tokens(s_right))
    return ql <= _name_tokens(s_left) and qr <= _name_tokens(s_right)


# ---------------------------------------------------------------------------------------------- index
class ScdbIndex:
    """An in-memory SCDB table with lookups by U.S. cite, S. Ct. cite and (tolerant) case name."""

    def __init__(self, cases: list[ScdbCase], *, source: str = "<memory>") -> None:
        self.cases = tuple(cases)
        self.source = source
        self._by_us: dict[str, list[ScdbCase]] = {}
        self._by_sct: dict[str, list[ScdbCase]] = {}
        for case in self.cases:
            if case.us_cite:
                self._by_us.setdefault(case.us_cite, []).append(case)
            if case.sct_cite:
                self._by_sct.setdefault(case.sct_cite, []).append(case)

    def __len__(self) -> int:
        return len(self.cases)

    @cached_property
    def us_volume_range(self) -> tuple[int, int]:
        """First and last U.S. Reports volumes SCDB gives citations for (329 and 579 in the 2022_01 release);
        computed once per index (:meth:`covers_us_cite` asks for it on every call)."""
        volumes = [int(c.split()[0]) for c in self._by_us]
        return (min(volumes), max(volumes)) if volumes else (0, -1)

    def covers_us_cite(self, cite: str) -> bool:
        """True when a miss for ``cite`` means "not a case": its volume is inside :attr:`us_volume_range`.

        Volumes after the last covered one (2016 term onward: SCDB has ``NA``) cannot be checked by U.S. cite.
        """
        first, last = self.us_volume_range
        return first <= int(normalize_us_cite(cite).split()[0]) <= last

    def lookup_us_cite(self, cite: str) -> ScdbCase | None:
        """The case at a U.S. Reports citation (first by caseId if several share a page), or None."""
        found = self._by_us.get(normalize_us_cite(cite))
        return min(found, key=lambda c: c.case_id) if found else None

    def lookup_sct_cite(self, cite: str) -> ScdbCase | None:
        """The case at a Supreme Court Reporter citation, or None (useful where SCDB lacks ``usCite``)."""
        found = self._by_sct.get(_normalize_sct_cite(cite))
        return min(found, key=lambda c: c.case_id) if found else None

    def find(self, *, name: str | None = None, us_cite: str | None = None) -> list[ScdbCase]:
        """Cases matching every given criterion (name via :func:`names_match`), sorted by date then caseId."""
        if name is None and us_cite is None:
            raise InputError("scdb.find needs name=... or us_cite=... (or both)")
        pool: list[ScdbCase] | tuple[ScdbCase, ...]
        pool = self._by_us.get(normalize_us_cite(us_cite), []) if us_cite is not None else self.cases
        if name is not None:
            pool = [c for c in pool if names_match(name, c.case_name)]
        return sorted(pool, key=lambda c: (c.date_decided, c.case_id))


def _row_to_case(row: dict[str, str], path: Path, line: int) -> ScdbCase:
    try:
        date_decided = dt.date.fromisoformat(row["dateDecision"].strip())
        term = int(row["term"])
    except (ValueError, KeyError) as exc:
        raise SourceError(f"line {line}: bad dateDecision/term ({exc})", path=str(path)) from exc
    us_cite = _none_if_na(row.get("usCite"))
    sct_cite = _none_if_na(row.get("sctCite"))
    return ScdbCase(
        case_id=row["caseId"].strip(),
        case_name=" ".join(row["caseName"].split()),
        us_cite=normalize_us_cite(us_cite) if us_cite else None,
        sct_cite=_normalize_sct_cite(sct_cite) if sct_cite and _SCT_CITE_RE.match(sct_cite) else sct_cite,
        led_cite=_none_if_na(row.get("ledCite")),
        date_decided=date_decided,
        term=term,
        docket=(row.get("docket") or "").strip(),
        decision_type=(row.get("decisionType") or "").strip(),
    )


def _candidate_paths() -> list[Path]:
    here = Path(__file__).resolve()
    checkout = here.parents[3]  # src/fairwarning/reference/scdb.py -> checkout root
    return [Path.cwd() / DEFAULT_RELATIVE_PATH, checkout / DEFAULT_RELATIVE_PATH]


def default_scdb_path() -> Path:
    """Where the SCDB CSV is expected: ``$FAIRWARNING_SCDB`` or ``../shared/reference/scdb/...``.

    Raises SourceError naming every place it looked when none exists.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        path = Path(env).expanduser()
        if not path.is_file():
            raise SourceError(
                f"{ENV_VAR} points at a missing file; set it to the SCDB case-centered citation CSV",
                path=str(path),
                reason="missing",
            )
        return path
    candidates = _candidate_paths()
    for path in candidates:
        if path.is_file():
            return path.resolve()
    looked = ", ".join(str(p) for p in candidates)
    raise SourceError(
        f"the SCDB CSV was not found (looked in {looked}); download SCDB_2022_01_caseCentered_Citation.csv "
        f"from scdb.wustl.edu and set {ENV_VAR}=/path/to/it",
        reason="missing",
    )


def _read_csv(path: Path) -> list[ScdbCase]:
    try:
        with path.open(encoding="utf-8", errors="strict", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in _REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise SourceError(
                    f"not an SCDB case-centered CSV: missing columns {missing}",
                    path=str(path),
                    reason="format",
                )
            return [_row_to_case(row, path, i + 2) for i, row in enumerate(reader)]
    except OSError as exc:
        raise SourceError(f"cannot read the SCDB CSV: {exc}", path=str(path), reason="unreadable") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(f"the SCDB CSV is not valid UTF-8 CSV: {exc}", path=str(path)) from exc


@lru_cache(maxsize=4)
def _load_resolved(path: Path) -> ScdbIndex:
    """The index, from the per-user pickle cache when one was written for this file (path, size, mtime) by this
    parser (this module's source): parsing the CSV costs ~0.2 s per process, unpickling a few hundredths."""
    from fairwarning.reference._cache import pickled, source_key

    try:
        key = source_key(path, __file__) + "\0" + hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    except OSError:
        return ScdbIndex(_read_csv(path), source=str(path))
    return pickled("scdb", key, lambda: ScdbIndex(_read_csv(path), source=str(path)),
                   lambda v: isinstance(v, ScdbIndex) and v.source == str(path))


def load(path: str | Path | None = None) -> ScdbIndex:
    """Load (once per resolved path) the SCDB index from ``path`` or :func:`default_scdb_path`."""
    resolved = Path(path).expanduser().resolve() if path is not None else default_scdb_path()
    if not resolved.is_file():
        raise SourceError(
            f"the SCDB CSV does not exist; pass the path to SCDB_2022_01_caseCentered_Citation.csv "
            f"or set {ENV_VAR}",
            path=str(resolved),
            reason="missing",
        )
    return _load_resolved(resolved)


def lookup_us_cite(cite: str, *, path: str | Path | None = None) -> ScdbCase | None:
    """The SCDB case at U.S. Reports citation ``cite`` (e.g. ``"533 U.S. 194"``), or None if SCDB lacks it."""
    return load(path).lookup_us_cite(cite)


def lookup_sct_cite(cite: str, *, path: str | Path | None = None) -> ScdbCase | None:
    """The SCDB case at Supreme Court Reporter citation ``cite`` (e.g. ``"138 S. Ct. 577"``), or None."""
    return load(path).lookup_sct_cite(cite)


def covers_us_cite(cite: str, *, path: str | Path | None = None) -> bool:
    """Whether SCDB can confirm or refute U.S. Reports citation ``cite`` (see :meth:`ScdbIndex.covers_us_cite`)."""
    return load(path).covers_us_cite(cite)


def find(
    *, name: str | None = None, us_cite: str | None = None, path: str | Path | None = None
) -> list[ScdbCase]:
    """SCDB cases matching ``name`` (tolerant, see :func:`names_match`) and/or ``us_cite``."""
    return load(path).find(name=name, us_cite=us_cite)
