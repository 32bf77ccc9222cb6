"""Metadata recovery from an opinion's own text and URLs (pure functions: values in, values out).

Every helper returns ``None`` or an :class:`Inferred` value carrying ``how`` (the provenance string adapters
store, e.g. ``"inferred:text"``). What is recovered, and from where:

- **date decided** (:func:`date_from_text`): a ``Decided``/``Filed``/``Entered``/``Dated``/``Issued`` line in the
  header, else a line that is only a date (``January 27, 2011``; ``6/26/86``) in the header, skipping
  ``Argued``/``Heard``/``Submitted`` dates. Dates before 1750 or in the future are refused.
- **court** (:func:`court_from_caption`): the caption lines (``United States Court of Appeals / For the First
  Circuit``), resolved through :mod:`fairwarning.reference.courts`; ``APPEAL FROM ...`` lines (the lower court) are skipped.
  From a URL: :func:`fairwarning.reference.courts.court_from_url`.
- **case name** (:func:`case_name_from_caption`, :func:`case_name_from_slug`).
- **precedential status** (:func:`status_from_text`, :func:`status_from_url`): the opinion's own markers
  (``NOT FOR PUBLICATION``, ``UNPUBLISHED``, ``Not for Publication in West's Federal Reporter``, ``SUMMARY ORDER``,
  ``Rule 32.1``, First Circuit ``Local Rule 36.2(b)6`` notices, ``without published opinion``; ``PUBLISHED`` /
  ``FOR PUBLICATION``), or the court's file naming (First Circuit ``08-2575P-01A.pdf`` = published,
  ``U`` = unpublished; Second Circuit ``_so.pdf`` = summary order; Fourth Circuit ``016322.U.pdf``).
- **docket number** (:func:`docket_from_text`, :func:`docket_from_url`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import unquote, urlparse

from fairwarning.reference.courts import court_from_name, umbrella_courts

__all__ = [
    "Inferred",
    "parse_date",
    "date_from_text",
    "court_from_caption",
    "case_name_from_caption",
    "case_name_from_slug",
    "name_with_slug",
    "complete_from_text",
    "status_from_text",
    "status_from_url",
    "docket_from_text",
    "docket_from_url",
    "Fields",
    "recover",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Inferred(Generic[T]):
    value: T
    how: str  # provenance, e.g. "inferred:text"


_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WORD_DATE = (
    rf"(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<year>1[6-9]\d\d|20\d\d)"
)
_NUM_DATE = r"(?P<nm>\d{1,2})/(?P<nd>\d{1,2})/(?P<ny>\d{4}|\d{2})"
_DATE = re.compile(rf"(?:{_WORD_DATE}|{_NUM_DATE})", re.IGNORECASE)
_DECIDED_WORD = re.compile(r"\b(?:decided|filed|entered|dated)\b\s*:?\s*(?:on\s+)?", re.IGNORECASE)
_DECIDED_BEFORE = re.compile(
    r"(?:^|[.;)]\s*|\s\s)[\s\[(*]*(?:(?:opinion|order|judgment|date|delivered\s+and)\s+)?$", re.IGNORECASE
)
_DATE_AT = re.compile(rf"(?:{_WORD_DATE}|{_NUM_DATE})", re.IGNORECASE)
_NOT_DECISION = re.compile(
    r"\b(?:argued|heard|submitted|reargued|rehearing|amended|revised)\b", re.IGNORECASE
)
_STANDALONE = re.compile(
    rf"^[\s\[(*]*(?:{_WORD_DATE}|{_NUM_DATE})[\s.\])*]*(?:\[?\s*(?:not\s+)?for\s+publication\s*\]?|\s)*$",
    re.IGNORECASE,
)
_FIRST_LINE_DATE = re.compile(rf"^\s*(?:{_WORD_DATE})(?=\s)", re.IGNORECASE)  # at the very start only
_HEADER_CHARS = 12000


def parse_date(s: str) -> dt.date | None:
    """A date from ``"June 24, 1994"``, ``"Jan. 28, 1994"``, ``"6/26/86"`` or ``"1994-06-24"``; None if invalid."""
    s = s.strip()
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        pass
    m = _DATE.search(s)
    return _date_of(m) if m else None


def _date_of(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    try:
        if g.get("month"):
            d = dt.date(int(g["year"]), _MONTHS[g["month"].lower()], int(g["day"]))
        else:
            year = int(g["ny"])
            if year < 100:
                year += 1900 if year > (dt.date.today().year % 100) else 2000
            d = dt.date(year, int(g["nm"]), int(g["nd"]))
    except (ValueError, KeyError):
        return None
    return d if dt.date(1750, 1, 1) <= d <= dt.date.today() else None


def date_from_text(text: str) -> Inferred[dt.date] | None:
    """Decision date from the opinion header (see module docs); ``how`` is ``inferred:text``. The earliest
    candidate in the header wins (a ``dated ...`` in the body comes after the header's date)."""
    head = text[:_HEADER_CHARS]
    candidates: list[tuple[int, dt.date]] = []
    decided = _decided_date(head)
    if decided:
        candidates.append(decided)
    first = _FIRST_LINE_DATE.match(head)
    if first and (
        d := _date_of(first)
    ):  # old First Circuit header: "February 23, 1993  UNITED STATES COURT..."
        candidates.append((first.start(), d))
    standalone = _standalone_date(head)
    if standalone:
        candidates.append(standalone)
    held = _DAY_OF.search(head)
    if held and (d := _day_of_date(held)):  # "held ... on the 23rd day of April, two thousand ten"
        candidates.append((held.start(), d))
    return Inferred(min(candidates, key=lambda c: c[0])[1], "inferred:text") if candidates else None


_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_DAY_OF = re.compile(
    rf"\bon\s+the\s+(?P<day>\d{{1,2}})\s*(?:st|nd|rd|th)?\s+day\s+of\s+(?:\d{{1,2}}\s+)?(?P<month>{_MONTH_RE}),?\s+"
    r"(?P<century>two\s+thousand|nineteen\s+hundred)(?:\s+and)?(?P<rest>(?:[\s\u2010-]+(?:\d{1,2}\s+)?[a-z]+){0,2})",
    re.IGNORECASE,
)


def _words_to_number(words: str) -> int | None:
    total = 0
    for w in re.split(r"[\s\u2010-]+", words.strip().lower()):
        if not w or w == "and" or w.isdigit():  # digits are line numbers of numbered-line filings
            continue
        if w in _UNITS:
            total += _UNITS.index(w)
        elif w in _TENS:
            total += 10 * _TENS.index(w)
        else:
            break
    return total


def _day_of_date(m: re.Match[str]) -> dt.date | None:
    rest = _words_to_number(m.group("rest")) or 0
    year = (2000 if m.group("century").lower().startswith("two") else 1900) + rest
    try:
        d = dt.date(year, _MONTHS[m.group("month").lower()], int(m.group("day")))
    except (ValueError, KeyError):
        return None
    return d if d <= dt.date.today() else None


def _decided_date(head: str) -> tuple[int, dt.date] | None:
    """The first ``Decided``/``Filed``/``Entered``/``Dated`` date that starts a line or a sentence (not a
    ``dated ...`` in the middle of a sentence)."""
    for m in _DECIDED_WORD.finditer(head):
        line_start = head.rfind("\n", 0, m.start()) + 1
        if not _DECIDED_BEFORE.search(head[max(line_start, m.start() - 80) : m.start()]):
            continue
        found = _DATE_AT.match(head, m.end())
        day = _date_of(found) if found else None
        if day:
            return m.start(), day
    return None


def _standalone_date(head: str) -> tuple[int, dt.date] | None:
    previous = ""
    offset = 0
    for line in head.splitlines(keepends=True):
        stripped = line.strip()
        if (
            stripped
            and len(stripped) < 70
            and _STANDALONE.match(stripped)
            and not _NOT_DECISION.search(previous)
        ):
            found = _DATE.search(stripped)
            day = _date_of(found) if found else None
            if day:
                return offset, day
        if stripped:
            previous = stripped
        offset += len(line)
    return None


_LOWER_COURT = re.compile(
    r"^\s*(?:on\s+)?(?:appeals?|petition|certiorari|review|removal|transfer)\b", re.IGNORECASE
)
_COURTISH = re.compile(r"\b(?:court|circuit|tribunal|board|commission|panel)\b", re.IGNORECASE)


def court_from_caption(text: str) -> Inferred[str] | None:
    """Court id from the caption lines at the top of the text; ``how`` is ``inferred:caption``. Exact name
    lookups are tried on every court-like line first; courts-db's slower regex search only on the first few."""
    lines = [ln.strip(" \t.,*[]") for ln in text[:3000].splitlines()]
    lines = [ln for ln in lines if ln][:40]
    candidates: list[str] = []
    for i, line in enumerate(lines):
        if not _COURTISH.search(line) or _LOWER_COURT.match(line) or len(line) > 120:
            continue
        if i + 1 < len(lines) and not _LOWER_COURT.match(lines[i + 1]):
            candidates.append(f"{line} {lines[i + 1]}")
        candidates.append(line)
    for fuzzy, tried in ((False, candidates), (True, candidates[:4])):
        for candidate in tried:
            court = court_from_name(candidate, fuzzy=fuzzy)
            if court and court not in umbrella_courts():
                return Inferred(court, "inferred:caption")
    return None


_V_LINE = re.compile(r"^\s*(?:v\.?|vs\.?|versus|against)\s*$", re.IGNORECASE)
_INLINE_V = re.compile(r"^\s*(?P<a>[^\n]{2,120}?)\s+(?:v\.|vs\.)\s+(?P<b>[^\n]{2,120}?)\.?\s*$")
_ROLE_WORD = (
    r"(?:cross-|counter-?|third-party\s+)?(?:plaintiffs?|defendants?|appellants?|appellees?|petitioners?|"
    r"respondents?|libell?ants?|intervenors?|relators?|claimants?|movants?|debtors?|complainants?|"
    r"counterclaim\s+(?:plaintiffs?|defendants?))"
)
_ROLE_TAIL = re.compile(rf"[\s,;]*(?:\b{_ROLE_WORD}\b[\s,./&-]*(?:and\s+)?)+$", re.IGNORECASE)
_ET_AL = re.compile(r",?\s+et\s+al\.?", re.IGNORECASE)


def _name_part(line: str) -> str:
    """The name on a caption line without its role (``Walter HILDEBRAND, Libelant-Appellant,`` -> name)."""
    return _ROLE_TAIL.sub("", line).strip(" ,;:.")


_DOCKET_LINE = re.compile(
    r"^\s*(?:(?:Nos?|Dockets?|Case\s+Nos?)\.?\s*:?\s*[A-Z0-9]*\d|\d\d-\d{3,5}\b)", re.IGNORECASE
)
_COURT_LINE = re.compile(r"\bcourt\s+of\s+appeals\b|\bcircuit\s*$|\bdistrict\s+court\b", re.IGNORECASE)
_LINE_AND = re.compile(r"\s+(?:and|&)$", re.IGNORECASE)  # "JULIO FEBUS-RODRIGUEZ AND": another party follows
_STARTS_AND = re.compile(r"^(?:and|&)(?:\s|$)", re.IGNORECASE)
_DESCRIPTOR = re.compile(
    r"\s+(?:d/b/a/?|a/k/a|f/k/a|n/k/a|aka|dba|as|in\s+(?:its|his|her|their)\s+(?:official\s+)?capacity)\b.*$",
    re.IGNORECASE,
)
_ABBREVIATION = re.compile(r"\b(?:co|corp|inc|ltd|bros|jr|sr|assn|ams|cos|mfg|intl|natl|dept|univ)$", re.I)
_TRAILING_SMALL = re.compile(r"(?:[\s,]+(?:and|&|of|the|for|by|in))+$", re.IGNORECASE)


def _party(block: list[str], *, above: bool = False) -> str | None:
    """The first party's name from its caption lines (``block`` in reading order; ``above`` when the lines
    stand above the ``v.`` line): the run of name lines nearest the ``v.`` line, without docket lines
    (``No. 93-1891``), court lines and role lines; from the run's first line, a name continued on the next line
    is joined until a line ends with a comma or ``and`` (or the next starts with ``and``): that ends the first
    party. Descriptors (``d/b/a ...``, ``as Receiver ...``) and ``et al.`` are dropped."""
    run: list[str] = []
    for ln in reversed(block) if above else block:
        part = _name_part(ln)
        if not part or _DOCKET_LINE.match(ln) or _COURT_LINE.search(ln) or _is_notice(ln) or not re.search("[A-Za-z]", ln):
            if run:
                break
            continue
        role_here = part != ln.strip(" ,;:.")
        if above and run and role_here:
            if _STARTS_AND.match(run[-1].strip()):  # "and COMMONWEALTH OF VIRGINIA," continues this party
                run.append(ln)
            break
        run.append(ln)
        if (role_here and not above) or len(run) >= 10:
            break
    return _first_party(list(reversed(run)) if above else run)


def _is_notice(line: str) -> bool:
    """A caption-area line that is a notice or label (``NOTICE: ...``), not a party; ``In re:`` is a party."""
    return ":" in line and not re.match(r"\s*in\s+re\s*:", line, re.IGNORECASE)


_CONTINUES = re.compile(r"\b(?:at|of|the|for|in|by|to|on)$", re.IGNORECASE)


def _first_party(lines: list[str]) -> str | None:
    if not lines or _STARTS_AND.match(lines[0].strip()):  # only a co-party's line ("and X,") was found
        return None
    out: list[str] = []
    for ln in lines:
        if out and _STARTS_AND.match(ln.strip()):
            break
        part = _name_part(ln)
        out.append(_LINE_AND.sub("", part))
        ended = ln.rstrip().endswith((",", ";")) and not _CONTINUES.search(part)  # "LOCATED AT," goes on
        if _LINE_AND.search(part) or ended or part != ln.strip(" ,;:."):
            break
    name = _ET_AL.sub("", " ".join(out)).strip(" ,;:.")
    name = _DESCRIPTOR.sub("", re.split(r"[;,]\s", name)[0].strip())
    name = _TRAILING_SMALL.sub("", name).strip(" ,;:.")
    if _ABBREVIATION.search(name):
        name += "."
    if not name or len(name) > 100 or not re.search(r"[A-Za-z]{2}", name):
        return None
    return _titlecase(name) if _shouting(name) and len(name) > 4 else name


def _shouting(name: str) -> bool:
    """All capitals but for small words and ``Mc`` (``ERIC APONTE and ELBA GARCIA``, ``DAVID J. McCULLOUGH``)."""
    rest = re.sub(r"\b(?:and|of|the|d/b/a|a/k/a)\b|\bMc(?=[A-Z])", "", name)
    return rest.isupper()


def _titlecase(s: str) -> str:
    small = {"of", "the", "and", "for", "in", "on", "ex", "rel", "de", "la", "del", "a", "an", "to"}
    out = []
    for i, w in enumerate(s.lower().split()):
        if i and w in small:
            out.append(w)
            continue
        parts = [p[:1].upper() + p[1:] for p in w.split("-")]
        word = "-".join(parts)
        if re.match(r"^(?:o|d|mc)'?[a-z]", word, re.IGNORECASE) and "'" in word[:3]:
            word = word[: word.index("'") + 1] + word[word.index("'") + 1 :].capitalize()
        elif word.startswith("Mc") and len(word) > 3:  # McCULLOUGH -> McCullough
            word = "Mc" + word[2:].capitalize()
        out.append(word)
    return " ".join(out).replace("U.s.", "U.S.")


def case_name_from_caption(text: str) -> Inferred[str] | None:
    """``"Manning v. Boston Medical Center Corporation"`` from a caption with a ``v.`` line (or an inline
    ``A v. B`` title line); ``how`` is ``inferred:caption``."""
    raw = [ln.strip() for ln in text[:5000].splitlines()]
    for i, line in enumerate(raw[:120]):
        if _V_LINE.match(line):
            before = _block(raw[:i][::-1])[::-1]
            after = _block(raw[i + 1 :])
            a, b = _party(before, above=True), _party(after)
            if a and b:
                return Inferred(f"{a} v. {b}", "inferred:caption")
            return None
    for line in raw[:15]:
        m = _INLINE_V.match(line)
        if m and len(line) < 160:
            a, b = _party([m.group("a")]), _party([m.group("b")])
            if a and b:
                return Inferred(f"{a} v. {b}", "inferred:caption")
    return None


def _block(lines: list[str]) -> list[str]:
    """Caption lines of one party next to the ``v.`` line: up to the first blank gap once a name was seen."""
    out: list[str] = []
    for ln in lines:
        if not ln:
            if any(_name_part(x) for x in out):
                break
            continue
        if set(ln) <= set("_-=*\u2014\u2013 ") or len(out) > 8:
            break
        out.append(ln)
    return out


_SLUG = re.compile(r"/opinion/\d+/([a-z0-9-]+)/?")


def case_name_from_slug(url: str | None) -> Inferred[str] | None:
    """``"Manning v. Boston Medical Center"`` from ``/opinion/1036108/manning-v-boston-medical-center/``;
    ``how`` is ``inferred:slug``. A dangling ``v`` (``in-re-trustees-v``) is dropped."""
    words = _slug_words(url)
    if len("-".join(words)) == 50:  # older CourtListener slugs are cut at 50 characters, maybe mid-word
        words = words[:-1]
    while words and words[-1] in ("v", "vs", "and", "of", "the", "for", "a", "an", "in", "to", "et", "al"):
        words.pop()
    if not words:
        return None
    return Inferred(" ".join(_slug_word(w, i) for i, w in enumerate(words)), "inferred:slug")


def _slug_words(url: str | None) -> list[str]:
    m = _SLUG.search(url or "")
    slug = m.group(1) if m else ""
    return [] if not slug or slug == "unknown-case-name" else [w for w in slug.split("-") if w]


def _slug_word(w: str, i: int) -> str:
    if w in ("v", "vs"):
        return "v."
    if w in ("us", "usa"):
        return w.upper()
    if i and w in ("of", "the", "and", "for", "in", "on", "ex", "rel", "a", "an", "to", "re"):
        return w
    return w.capitalize()


_NAMED_MATTER = re.compile(r"^(?:in\s+re|matter\s+of|in\s+the\s+matter|ex\s+parte|application\s+of)\b", re.I)


def name_with_slug(name: str, url: str | None) -> str | None:
    """A companion table's case name checked against the CourtListener slug in ``url``: None when a side is
    empty (``Ameriquest Mortgage Company v.``) or it has no ``v.`` although the slug has one (``Hato Rey
    Partnership`` for ``wells-real-estate-v-chardonhato-rey-partnership``); a name cut short mid-word
    (``Downey v. Bobs Discount Furniture Holdi``) completed from the slug (``... Holdings Inc``)."""
    name = name.strip()
    if re.search(r"(?:^|\s)vs?\.?$|^vs?\.\s|\s(?:of|and|the|for|&)$", name, re.IGNORECASE):
        return None  # no second party, or a name cut after a connector ("... v. Police Department of")
    words = _slug_words(url)
    if " v. " not in name and "v" in words[1:] and not _NAMED_MATTER.match(name):
        return None
    if len("-".join(words)) == 50:  # older CourtListener slugs are cut at 50 characters, maybe mid-word
        words = words[:-1]
    ours = re.findall(r"[a-z0-9]+", name.split(" v. ", 1)[-1].lower())
    theirs = words[words.index("v") + 1 :] if " v. " in name and "v" in words else words
    n = len(ours)
    if not n or len(theirs) < n or ours[:-1] != theirs[: n - 1]:
        return name
    if theirs[n - 1] == ours[-1] or not theirs[n - 1].startswith(ours[-1]):
        return name  # the last word is whole
    cut = re.search(r"[A-Za-z0-9]+$", name)
    if cut is None:
        return name
    first = theirs[n - 1].capitalize() if cut.group()[:1].isupper() else theirs[n - 1]
    return " ".join([name[: cut.start()] + first, *(_slug_word(w, 1) for w in theirs[n:])])


def complete_from_text(name: str, text: str) -> str:
    """A name cut short mid-word, as file-name-derived tables cut them, completed from the opinion's caption:
    the last word (``Collazo v. Bristol-Myers Squibb Manufactu``: ``MANUFACTURING`` -> ``Manufacturing``) of a
    long name, or the word just before `` v.`` (``Freedom From Religion Foundati v. US``). Only a word of 4+
    (before ``v.``: 6+) letters that is no whole word of the caption but starts exactly one capitalized word.
    Words that lost an apostrophe or accent are then spelled as the caption does (``OBrien`` -> ``O’Brien``)."""
    head = text[:5000]
    last = re.search(r"[A-Za-z]{4,}$", name)
    if last and len(name) >= 35 and not _ABBREVIATION.search(name):
        name = name[: last.start()] + _completed(last.group(), head)
    elif (short := re.search(r"(?P<prev>[A-Za-z]{3,}) (?P<cut>[A-Za-z]{1,3})$", name)) and (
        len(name) >= 35 and not _ABBREVIATION.search(name)
    ):
        name = name[: short.start("cut")] + _completed_after(short.group("prev"), short.group("cut"), head)
    first = re.search(r"\b([A-Za-z]{6,}) v\. ", name)
    if first:
        name = name[: first.start()] + _completed(first.group(1), head) + name[first.end(1) :]
    return _respelled(name, head)


def _fold(word: str) -> str:
    """``O'BRIEN`` / ``OBrien`` -> ``obrien``; ``VILÁ`` -> ``vila``."""
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]", "", plain.lower())


def _respelled(name: str, head: str) -> str:
    """Words of a file-name-derived name that lost an apostrophe or accent (``OBrien``, ``Acevedo-Vila``) spelled
    as the caption spells them (``O'Brien``, ``Acevedo-Vilá``), when exactly one caption word folds to them."""
    spelled: dict[str, set[str]] = {}
    for w in set(re.findall(r"[^\W\d_][\w'’]*[^\W\d_]", head)):
        spelled.setdefault(_fold(w), set()).add(w)

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        if re.search(rf"(?<![\w'’]){re.escape(word)}(?![\w'’])", head, re.IGNORECASE):
            return word
        candidates = spelled.get(_fold(word), set())
        found = {w for w in candidates if not w.isupper()} or {_titled(w) for w in candidates}
        return found.pop() if len(found) == 1 and len(_fold(word)) > 2 else word

    return re.sub(r"[^\W\d_][\w'’]*[^\W\d_]", fix, name)


def _titled(word: str) -> str:
    return _titlecase(word.replace("’", "'")).replace("'", "’") if "’" in word else _titlecase(word)


def _completed_after(prev: str, partial: str, head: str) -> str:
    """A 1-3 letter stub (``Barnstable Municipal Airport C``) completed only where the caption has the same
    previous word followed by one capitalized word starting with the stub (``AIRPORT COMMISSION``)."""
    if re.search(rf"\b{prev},?\s+{partial}\b", head, re.IGNORECASE):
        return partial
    found = {
        m.group(1).lower(): m.group(1)
        for m in re.finditer(rf"\b{prev},?\s+({partial}[A-Za-z]+)\b", head, re.IGNORECASE)
        if m.group(1)[:1].isupper()
    }
    if len(found) != 1:
        return partial
    word = next(iter(found.values()))
    return word.capitalize() if word.isupper() else word


def _completed(partial: str, head: str) -> str:
    if re.search(rf"\b{partial}\b", head, re.IGNORECASE):
        return partial
    found = {
        w.lower(): w for w in re.findall(rf"\b{partial}[A-Za-z]+\b", head, re.IGNORECASE) if w[:1].isupper()
    }
    if len(found) != 1:
        return partial
    word = next(iter(found.values()))
    return word.capitalize() if word.isupper() else word


_UNPUBLISHED = re.compile(
    r"not\s+for\s+publication|\bunpublished\b|not\s+(?:be\s+)?published|summary\s+order|"
    r"\brule\s+32\.1\b|local\s+rule\s+36\.2\(b\)|non-?precedential|not\s+precedential|"
    r"without\s+published\s+opinion|unpublished\s+disposition|do\s+not\s+have\s+precedential\s+effect",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(r"^\s*(?:\[?\s*for\s+publication\s*\]?|published)\s*$", re.IGNORECASE | re.MULTILINE)


def status_from_text(text: str) -> Inferred[str] | None:
    """``published``/``unpublished`` from the opinion's own markers in its header; ``how`` is
    ``inferred:text``."""
    head = text[:4000]
    if _UNPUBLISHED.search(head):
        return Inferred("unpublished", "inferred:text")
    if _PUBLISHED.search(head):
        return Inferred("published", "inferred:text")
    return None


_CA1_FILE = re.compile(r"/(\d\d-\d{4})([PUE])\d*[A-Z]*-\d\d[A-Z]\.pdf$", re.IGNORECASE)
_CA4_FILE = re.compile(r"/\d{6}\.([PU])\.pdf$", re.IGNORECASE)
_CA2_FILE = re.compile(r"/(\d\d-\d{1,5})(?:-\w\w)?_(so|opn)\.pdf$", re.IGNORECASE)


def status_from_url(url: str | None) -> Inferred[str] | None:
    """Status from a court's file naming (see module docs); ``how`` is ``inferred:url``."""
    if not url:
        return None
    try:
        path = unquote(urlparse(url).path)
    except ValueError:  # "http://[x": an unbalanced IPv6 bracket
        return None
    code = None
    if m := _CA1_FILE.search(path):
        code = m.group(2).upper()
    elif m := _CA4_FILE.search(path):
        code = m.group(1).upper()
    elif m := _CA2_FILE.search(path):
        code = "U" if m.group(2).lower() == "so" else "P"
    if code == "P":
        return Inferred("published", "inferred:url")
    if code == "U":
        return Inferred("unpublished", "inferred:url")
    return None


_DOCKET = re.compile(
    r"^\s*(?:Nos?|Dockets?|Case\s+Nos?)\.?\s*:?\s*(?P<no>[A-Z0-9][\w.:/-]*\d[\w.:/-]*(?:\s*(?:,|and|&)\s*[A-Z0-9][\w.:/-]*\d[\w.:/-]*)*)",
    re.IGNORECASE | re.MULTILINE,
)
_URL_DOCKET = re.compile(r"(?:^|[/=])(\d\d-\d{3,5})(?=[PUEA.p_-]|$)")


def docket_from_text(text: str) -> Inferred[str] | None:
    """Docket number(s) from a ``No. 92-2324`` / ``Nos. 12-1573, 12-1653`` caption line; ``how`` is
    ``inferred:text``."""
    m = _DOCKET.search(text[:5000])
    if not m:
        return None
    return Inferred(m.group("no").rstrip(".,"), "inferred:text")


def docket_from_url(url: str | None) -> Inferred[str] | None:
    """Docket number from court file names such as ``.../08-2575P-01A.pdf`` or ``getopn.pl?OPINION=93-1782.01A``;
    ``how`` is ``inferred:url``."""
    if not url:
        return None
    m = _URL_DOCKET.search(url.rsplit("/", 1)[-1])
    return Inferred(m.group(1), "inferred:url") if m else None


def _plausible(day: dt.date) -> bool:
    """A decision date between 1750 and tomorrow (a day of slack for time zones)."""
    return dt.date(1750, 1, 1) <= day <= dt.date.today() + dt.timedelta(days=1)


class Fields:
    """Builder of a record's metadata with provenance: the first value set for a field wins.

    Adapters set source fields first (``how="source"``), then joined companion values, then call
    :func:`recover` to fill what is still missing from the text and URLs."""

    NAMES = ("case_name", "court_id", "date_decided", "precedential_status", "docket_number")

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.provenance: dict[str, str] = {}

    def set(self, name: str, value: object, how: str = "source") -> None:
        if value in (None, "", ()) or name in self.values:
            return
        if name == "date_decided" and isinstance(value, dt.date) and not _plausible(value):
            # a decision date of 2099 (or 1066) is a typo or a placeholder: named, not kept; the text may say
            self.provenance.setdefault("date_decided_rejected", f"{value.isoformat()} ({how}): " + (
                "before 1750" if value.year < 1750 else "in the future"))
            return
        self.values[name] = value
        self.provenance[name] = how

    def put(self, name: str, inferred: Inferred[T] | None) -> None:
        if inferred is not None:
            self.set(name, inferred.value, inferred.how)

    def missing(self, name: str) -> bool:
        return name not in self.values

    def record_fields(self) -> dict[str, Any]:
        """The metadata keyword arguments of an :class:`~fairwarning.models.OpinionRecord`
        (``precedential_status`` defaults to ``"unknown"``)."""
        out: dict[str, Any] = {name: self.values.get(name) for name in self.NAMES}
        out["precedential_status"] = out["precedential_status"] or "unknown"
        return out


def recover(fields: Fields, text: str, *, urls: tuple[str | None, ...] = ()) -> Fields:
    """Fill the fields still missing from ``text`` and ``urls`` (download URL, CourtListener absolute URL):
    court from the URLs then the caption; date from the text; case name from the caption then the URL slug;
    status from the text's markers then the URL; docket from the caption then the URL."""
    from fairwarning.reference.courts import court_from_url  # local: keep import graph shallow

    if fields.missing("court_id"):
        for url in urls:
            court = court_from_url(url)
            if court:
                fields.set("court_id", court, "inferred:url")
                break
        fields.put("court_id", court_from_caption(text) if fields.missing("court_id") else None)
    if fields.missing("date_decided"):
        fields.put("date_decided", date_from_text(text))
    if fields.missing("case_name"):
        fields.put("case_name", case_name_from_caption(text))
        for url in urls:
            fields.put("case_name", case_name_from_slug(url))
    if fields.missing("precedential_status"):
        fields.put("precedential_status", status_from_text(text))
        for url in urls:
            fields.put("precedential_status", status_from_url(url))
    if fields.missing("docket_number"):
        fields.put("docket_number", docket_from_text(text))
        for url in urls:
            fields.put("docket_number", docket_from_url(url))
    return fields
