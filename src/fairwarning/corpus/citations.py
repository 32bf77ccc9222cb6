"""Citation extraction and normalization (eyecite + reporters-db), a pure stage: text in, citations out.

- :func:`extract_citations` finds case citations in an opinion's stored text with eyecite's hyperscan
  tokenizer, run on an ASCII-folded copy of the text (:func:`fold_ascii` maps non-ASCII dashes, quotes and
  spaces one character to one character, so every span points into the original text unchanged). Kinds:
  ``full`` (``Harlow v. Fitzgerald, 457 U.S. 800``), ``short`` (``457 U.S., at 818``), ``id`` and ``supra``.
  Short/id/supra citations carry the normalized form of the full citation eyecite resolves them to.
- :func:`normalize_cite` turns ``"457 U. S. 800"`` or ``"F. 2d"`` variants into reporters-db's canonical
  ``"volume reporter page"`` (``"457 U.S. 800"``, ``"911 F.2d 812"``).
- Supreme Court (``U.S.``) citations are checked against the SCDB table through ``fairwarning.reference.scdb`` when that
  module is installed: ``scdb_verified`` is True/False, or None when not a U.S. Reports citation or when no
  SCDB module is available.

The hyperscan pattern database (64 MB, 15-25 s to compile: 23 s measured on a busy 2-core machine) is
cached in the per-user cache directory (``FAIRWARNING_CACHE_DIR`` overrides it); :func:`warm_up` builds it
once, atomically, so parallel workers and parallel test sessions never read a half-written cache file.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import platformdirs

from fairwarning.errors import FairwarningError
from fairwarning.reference import scdb

__all__ = [
    "is_us_reports",
    "CitationKind",
    "FoundCitation",
    "canonical_reporter",
    "court_by_paren",
    "extract_citations",
    "fold_ascii",
    "normalize_cite",
    "scdb_check",
    "split_header_citations",
    "tokenizer_cache_dir",
    "warm_up",
]

CitationKind = Literal["full", "short", "id", "supra"]

# one character -> one character, so offsets in the folded text are offsets in the original
_FOLD = {
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4\u02bc"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{ord(c): " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
       "\u200b\u202f\u205f\u3000\ufeff"},
    ord("\u2026"): ".",
}


@dataclass(frozen=True)
class FoundCitation:
    """One citation found in a text. ``start``/``end`` index the text given to :func:`extract_citations`."""

    start: int
    end: int
    matched_text: str
    kind: CitationKind
    normalized: str | None  # "457 U.S. 800"; for short/id/supra: the full citation it refers to, if resolved
    pin_cite: str | None = None
    scdb_verified: bool | None = None


def fold_ascii(text: str) -> str:
    """Replace non-ASCII dashes, quotes and spaces by their ASCII twins; the result has the same length."""
    return text.translate(_FOLD)


# -- reporters-db normalization ------------------------------------------------------------------------


@functools.cache
def _reporter_lookup() -> tuple[dict[str, str], dict[str, str]]:
    """(exact variant -> canonical edition, squashed variant -> canonical edition), unambiguous ones only."""
    import reporters_db

    exact: dict[str, str] = {e: e for e in reporters_db.EDITIONS}
    for variant, editions in reporters_db.VARIATIONS_ONLY.items():
        if len(editions) == 1 and variant not in exact:
            exact[variant] = editions[0]
    squashed: dict[str, str] = {}
    ambiguous: set[str] = set()
    for variant, edition in exact.items():
        key = _squash(variant)
        if key in squashed and squashed[key] != edition:
            ambiguous.add(key)
        squashed[key] = edition
    for key in ambiguous:
        squashed.pop(key)
    for edition in reporters_db.EDITIONS:  # a canonical spelling always wins its own squashed key
        squashed[_squash(edition)] = edition
    return exact, squashed


def _squash(reporter: str) -> str:
    return re.sub(r"\s+", "", reporter).lower()


def canonical_reporter(reporter: str) -> str | None:
    """The canonical reporters-db edition for a reporter spelling (``"F. 2d"`` -> ``"F.2d"``), else None."""
    exact, squashed = _reporter_lookup()
    reporter = " ".join(reporter.split())
    return exact.get(reporter) or squashed.get(_squash(reporter))


_CITE_RE = re.compile(r"^\s*(\d+)\s+(.+?)\s+(\d+|_+)\s*$")


def normalize_cite(cite: str) -> str | None:
    """``"457 U. S. 800"`` -> ``"457 U.S. 800"``; None when it is not ``volume reporter page`` with a known
    reporter."""
    m = _CITE_RE.match(cite)
    if not m:
        return None
    reporter = canonical_reporter(m.group(2))
    if reporter is None:
        return None
    return f"{int(m.group(1))} {reporter} {m.group(3)}"


# -- SCDB hook -------------------------------------------------------------------------------------------


_US_REPORTS = re.compile(r"\d+ U\.S\. \d+")


def is_us_reports(cite: str) -> bool:
    """Whether a normalized citation is of the U.S. Reports ("533 U.S. 194"; not "2009 U.S. Dist. LEXIS 51497"
    nor a blank page "550 U.S. ___")."""
    return _US_REPORTS.fullmatch(cite) is not None


@functools.lru_cache(maxsize=65536)
def scdb_check(normalized: str | None) -> bool | None:
    """True/False: is this U.S. Reports citation a case in SCDB? None when it is not a ``U.S.`` citation, lies
    outside the volumes SCDB gives U.S. citations for (329-579 in the 2022_01 release), or no SCDB table is
    available (then nothing can be said; it is never reported as False)."""
    if not normalized or not is_us_reports(normalized):
        return None
    index = _scdb_index()
    if index is None or not index.covers_us_cite(normalized):
        return None
    try:
        return index.lookup_us_cite(normalized) is not None
    except FairwarningError:  # e.g. a blank page "550 U.S. ___": cannot be checked
        return None


@functools.cache
def _scdb_index() -> scdb.ScdbIndex | None:
    """The loaded SCDB table, or None when its CSV is not available (then citations are unchecked, not false)."""
    try:
        return scdb.load()
    except FairwarningError:
        return None


# -- eyecite -------------------------------------------------------------------------------------------


def tokenizer_cache_dir() -> Path:
    """Where the compiled hyperscan database lives (per user; ``FAIRWARNING_CACHE_DIR`` overrides)."""
    root = os.environ.get("FAIRWARNING_CACHE_DIR") or platformdirs.user_cache_dir("fairwarning")
    return Path(root) / "hyperscan"


@functools.cache
def _tokenizer() -> Any:
    """The hyperscan tokenizer (cached database), or eyecite's default one -- same citations, slower -- on a
    platform without hyperscan."""
    import fcntl

    from eyecite.tokenizers import HyperscanTokenizer, default_tokenizer

    try:
        import hyperscan  # noqa: F401
    except ImportError:
        logging.getLogger(__name__).warning("hyperscan is not installed: using eyecite's slower default tokenizer")
        return default_tokenizer
    final = tokenizer_cache_dir()
    try:
        final.mkdir(parents=True, exist_ok=True)
    except OSError:  # no writable cache directory: compile in memory (15-25 s per process)
        return HyperscanTokenizer(cache_dir=None)
    # one process compiles and writes the cache while the others wait, so nobody reads a half-written file
    with open(final.parent / "hyperscan.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        tok = HyperscanTokenizer(cache_dir=str(final))
        try:
            _ = tok.hyperscan_db
        except Exception:  # a cache file left half-written by a killed process: rebuild it
            for stale in final.iterdir():
                stale.unlink()
            tok = HyperscanTokenizer(cache_dir=str(final))
            _ = tok.hyperscan_db
    return tok


def warm_up() -> None:
    """Load (building once if needed) the hyperscan tokenizer; call before starting worker processes."""
    _tokenizer()


def extract_citations(text: str, *, tokenizer: Any = None) -> list[FoundCitation]:
    """Case citations in ``text`` (full, short, id, supra), in text order. ``tokenizer`` defaults to the
    cached hyperscan tokenizer; pass ``eyecite.tokenizers.default_tokenizer`` to compare."""
    if not text.strip():
        return []
    from eyecite import get_citations, resolve_citations

    logging.getLogger("eyecite").setLevel(logging.ERROR)  # it warns on every odd overlap
    with _eyecite_speedups():
        found = get_citations(fold_ascii(text), tokenizer=tokenizer or _tokenizer())
    cites = [c for c in found if _kind(c) is not None]
    antecedent: dict[int, str | None] = {}
    try:
        for resource, members in resolve_citations(cites).items():
            norm = _full_normalized(getattr(resource, "citation", None))
            for member in members:
                antecedent[id(member)] = norm
    except Exception:  # eyecite's resolver has known failure modes; keep the full citations regardless
        antecedent = {}
    return [_found(c, text, antecedent) for c in cites]


@contextmanager
def _eyecite_speedups() -> Iterator[None]:
    """Two shortcuts while we extract, restored afterwards so plain eyecite stays untouched:

    - :func:`court_by_paren` instead of eyecite's ``get_court_by_paren``, which re-squashes every courts-db
      citation string with a regex on each call (about a third of eyecite's time on appellate opinions);
    - skip ``extract_reference_citations`` (bare "Harlow at 818" name references, which compile one regex per
      full citation and which fairwarning does not store).

    The full/short/id/supra citations are the same (tests compare with plain eyecite on real opinions)."""
    from eyecite import find, helpers

    original_court, original_refs = helpers.get_court_by_paren, find.extract_reference_citations
    setattr(helpers, "get_court_by_paren", court_by_paren)  # noqa: B010
    setattr(find, "extract_reference_citations", _no_references)  # noqa: B010
    try:
        yield
    finally:
        setattr(helpers, "get_court_by_paren", original_court)  # noqa: B010
        setattr(find, "extract_reference_citations", original_refs)  # noqa: B010


def _no_references(*_args: Any) -> list[Any]:
    return []


@functools.cache
def _squashed_courts() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    from eyecite import helpers

    squash = [(helpers.re.sub(r"[^\w]", "", c["citation_string"]).lower(), c["id"]) for c in helpers.courts]
    exact: dict[str, str] = {}
    for key, court_id in squash:
        exact.setdefault(key, str(court_id))
    return exact, tuple(squash)


@functools.lru_cache(maxsize=8192)
def court_by_paren(paren_string: str) -> str | None:
    """eyecite's ``get_court_by_paren`` (same result: the first exact match of the squashed citation string,
    else the last court whose citation string starts with it) on precomputed keys."""
    from eyecite import helpers

    court_str = helpers.re.sub(r"[^\w]", "", paren_string).lower()
    if not court_str:
        return None
    exact, squash = _squashed_courts()
    if court_str in exact:
        return exact[court_str]
    found = None
    for key, court_id in squash:
        if key.startswith(court_str):
            found = court_id
    return found


_HEADER_GAP = re.compile(r"[\s,;]*(?:\(\s*\d{4}\s*\)[\s,;]*)?")
_HEADER_LIMIT = 300  # an opinion's own citations head its text; none lies further in


def split_header_citations(text: str, found: list[FoundCitation]) -> tuple[tuple[str, ...], list[FoundCitation]]:
    """Separate the opinion's own reporter citations -- the full citations that open its text, as in
    ``"102 Ariz. 221 (1967) 427 P.2d 913 Arthur Lee ARD, Petitioner, v. ..."`` -- from the citations it makes.
    Returns (normalized own citations, the other citations)."""
    own: list[str] = []
    position = 0
    rest = list(found)
    while rest and rest[0].kind == "full" and rest[0].start < _HEADER_LIMIT and rest[0].normalized:
        gap = _HEADER_GAP.fullmatch(text, position, rest[0].start)
        if gap is None:
            break
        own.append(rest[0].normalized)
        position = rest.pop(0).end
    return tuple(own), rest


def _kind(c: Any) -> CitationKind | None:
    from eyecite.models import FullCaseCitation, IdCitation, ShortCaseCitation, SupraCitation

    if isinstance(c, FullCaseCitation):
        return "full"
    if isinstance(c, ShortCaseCitation):
        return "short"
    if isinstance(c, IdCitation):
        return "id"
    if isinstance(c, SupraCitation):
        return "supra"
    return None


def _full_normalized(c: Any) -> str | None:
    if c is None or _kind(c) != "full":
        return None
    groups = c.groups
    volume, page = groups.get("volume"), groups.get("page")
    if not volume or not page:
        return None
    reporter = c.edition_guess.short_name if c.edition_guess else canonical_reporter(groups.get("reporter", ""))
    if reporter is None:
        return normalize_cite(f"{volume} {groups.get('reporter', '')} {page}")
    return f"{volume} {reporter} {page}"


def _found(c: Any, text: str, antecedent: dict[int, str | None]) -> FoundCitation:
    kind = _kind(c)
    assert kind is not None
    start, end = c.span()
    normalized = _full_normalized(c) if kind == "full" else antecedent.get(id(c))
    meta = c.metadata
    return FoundCitation(
        start=start,
        end=end,
        matched_text=text[start:end],
        kind=kind,
        normalized=normalized,
        pin_cite=getattr(meta, "pin_cite", None),
        scdb_verified=scdb_check(normalized) if kind == "full" else None,
    )
