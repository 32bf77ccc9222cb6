"""The parts of an opinion: front matter (caption, syllabus), the court's (majority) opinion, separate opinions
(concurrences, dissents) and footnotes, as character spans of the stored text.

Only the court's opinion and its own footnotes decide a case: a dissent, a concurrence or the Reporter's syllabus
("no part of the opinion of the Court") does not. Two text shapes are read:

- bound-volume text (CourtListener ``html_lawbox``): "JUSTICE SCALIA delivered the opinion of the Court." ...
  "*647 JUSTICE STEVENS, with whom JUSTICE BRENNAN ... join, dissenting." (a header may be glued to the
  preceding sentence: "It is so ordered. *647 JUSTICE STEVENS ..."), then every opinion's footnotes at the end,
  one numbered run per opinion ("[1] ...", "[2] ...", restarting at "[1]"): the first run is the majority's
  when the majority's text carries a "[1]" marker;
- slip-opinion text: a syllabus, "JUSTICE ALITO delivered the opinion of the Court." or "PER CURIAM.", page
  headers ("2  LANE v. FRANKS", "Per Curiam", "THOMAS, J., concurring") and footnotes at the foot of each page
  (inside the opinion they belong to).

Circuit opinions: the court's opinion runs from the start of the text to the first separate-opinion header
("LIPEZ, Circuit Judge, dissenting.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Part", "opinion_parts", "court_spans", "mask_outside"]

_NAME = r"[A-Z][A-Za-z'’-]+"
_JUSTICE = rf"(?:M[Rr]\.?\s+)?(?:(?:THE|[Tt]he)\s+)?(?:CHIEF\s+|Chief\s+)?(?:JUSTICE|Justice)(?:\s+(?!delivered\b|with\b){_NAME})?"
_MAJORITY_HEAD = re.compile(
    rf"{_JUSTICE}\s*,?\s+(?:after\s+stating[^.]{{0,80}},\s+)?(?:delivered\s+the\s+opinion\s+of\s+(?:the\s+)?[Cc]ourt|"
    rf"announced\s+the\s+judgment\s+of\s+the\s+Court)"
    rf"|^[ \t]*(?:\*\d+[A-Z]?\s+)?PER\s+CURIAM\b|^[ \t]*(?:\*\d+[A-Z]?\s+)?{_NAME},\s+J\.,?\s+delivered\s+the\s+opinion\s+of\s+the\s+"
    rf"Court\s+as\s+follows",
    re.MULTILINE,
)
_JOINED = r"with\s+whom\s+[^.;()]{0,300}?\s+joins?(?:\s+(?:as\s+to|in)\s+[^,.;()]{0,160})?"
_SEPARATE_HEAD = re.compile(
    rf"(?:\*\d+[A-Z]?\s+)*(?:{_JUSTICE}(?:\s*,\s*(?:and\s+)?{_JUSTICE})*(?:\s*,\s*{_JOINED})?\s*,\s*"
    rf"(?P<j>concurring|dissenting)\b"
    rf"|(?m:^)[ \t]*{_NAME}(?:\s*,\s*(?:Chief|Senior)?\s*(?:Circuit|District)\s+Judge)\s*[,(]\s*\(?"
    rf"(?P<c>(?i:concurring|dissenting))\b"
    rf"|(?m:^)[ \t]*[A-Z]{{2,}}(?:,\s+C\.)?\s*,?\s+J\.,\s+(?P<r>concurring|dissenting)\b[^\n()]*$)",
)
_HEAD_WORD = re.compile(r"concurring|dissenting|Concurring|Dissenting")
#: where a header can start: after a newline (and indentation), or after the end of a sentence
_CAND = re.compile(r"\n[ \t]*|[.!?:][\"'”’)\]]*[ \t]+")
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)\]]*\s*$")
_FOOTNOTE = re.compile(r"^\[(\d{1,3}|\*)\][ \t]", re.MULTILINE)
_MARKER_1 = re.compile(r"\S\[1\]")
_FRONT_NOTE = re.compile(r"\[(?:1|\*)\][ \t]+(?:Together\s+with|Briefs?\s+of\s+amic|\*)")


@dataclass(frozen=True)
class Part:
    """One part of an opinion: ``kind`` is front | majority | concurrence | dissent | footnotes; ``of`` says whose
    footnotes (``majority`` or ``separate``); ``start``/``end`` index the text."""

    kind: str
    start: int
    end: int
    of: str = ""

    @property
    def court(self) -> bool:
        """Whether this part speaks for the court (the majority opinion or its footnotes)."""
        return self.kind == "majority" or (self.kind == "footnotes" and self.of == "majority")


#: words every majority header holds: the header pattern runs only when one occurs (most circuit opinions have none,
#: and a failed search of the full pattern over a whole opinion is slow)
_MAJORITY_WORDS = re.compile(r"delivered\s+the\s+opinion|announced\s+the\s+judgment|PER\s+CURIAM")


#: a slip opinion's syllabus page header ("Syllabus" on a line of its own)
_SYLLABUS_PAGE = re.compile(r"^[ \t]*Syllabus[ \t]*$", re.MULTILINE)


def _majority_start(text: str) -> int:
    if _MAJORITY_WORDS.search(text) is None:
        return 0
    # the syllabus of a decision in parts says who delivered which ("JUSTICE KENNEDY delivered the opinion of the Court,
    # except as to Part IV–B, concluding: ...", Ziglar v. Abbasi, 582 U.S. 120): the court's opinion starts at the
    # first header after the syllabus's last page, when there is one
    pages = [m.end() for m in _SYLLABUS_PAGE.finditer(text)]
    after = pages[-1] if pages else 0
    m = _MAJORITY_HEAD.search(text, after) or (_MAJORITY_HEAD.search(text) if after else None)
    return m.start() if m else 0


def _header_ok(text: str, at: int) -> bool:
    """A header starts a line or follows the end of a sentence ("It is so ordered. *647 JUSTICE ...")."""
    before = text[max(0, at - 200):at]
    line = before.rsplit("\n", 1)[-1]
    if not line.strip():
        return True
    return bool(_SENTENCE_END.search(line)) and "(" not in line[-3:]


def _separate_heads(text: str, after: int) -> list[tuple[int, str]]:
    """Separate-opinion headers after ``after``. The header pattern is tried only where a header can start (a line
    start, or after the end of a sentence) within 450 characters before each "concurring"/"dissenting": one
    pass of the full pattern over a whole opinion is ten times slower."""
    out: list[tuple[int, str]] = []
    seen: set[int] = set()
    for w in _HEAD_WORD.finditer(text, after):
        lo = max(after, w.start() - 450)
        window = text[lo:w.start()]
        cands = [lo] if lo == 0 or text[lo - 1] == "\n" else []
        for k in _CAND.finditer(window):
            cands += [lo + k.start() + 1, lo + k.end()] if k.group().startswith("\n") else [lo + k.end()]
        for pos in cands:
            m = _SEPARATE_HEAD.match(text, pos, min(len(text), w.end() + 300))
            if m is None or m.start() in seen or not _header_ok(text, m.start()):
                continue
            g = "j" if m.group("j") else "c" if m.group("c") else "r"
            if m.end(g) != w.end():
                continue
            word = (m.group(g) or "").lower()
            if m.group("j") and not re.match(r"[^.]{0,120}[.:]", text[m.end():m.end() + 121]):
                continue
            seen.add(m.start())
            out.append((m.start(), "dissent" if word.startswith("dissent") else "concurrence"))
            break
    return sorted(out)


def opinion_parts(text: str) -> tuple[Part, ...]:
    """The parts of ``text`` in order; they cover it without overlap."""
    n = len(text)
    start = _majority_start(text)
    floor = start + 200 if start else int(n * 0.15)
    heads = [h for h in _separate_heads(text, floor) if h[0] >= floor]
    # a slip opinion's running head ("THOMAS, J., concurring") and the full header both open a part: harmless,
    # neither speaks for the court
    bounds = heads
    fn_start, runs = _footnote_runs(text, bounds[-1][0] if bounds else start)
    body_end = fn_start if fn_start is not None else n
    parts: list[Part] = []
    if start:
        parts.append(Part("front", 0, start))
    cuts = [start] + [b for b, _ in bounds if b < body_end] + [body_end]
    kinds = ["majority"] + [k for b, k in bounds if b < body_end]
    for (a, b), kind in zip(zip(cuts, cuts[1:], strict=False), kinds, strict=True):
        if b > a:
            parts.append(Part(kind, a, b))
    if fn_start is not None:
        bodies = [(p.kind, text[p.start:p.end]) for p in parts if p.kind != "front"]
        owners = [("majority" if kind == "majority" else "separate") for kind, body in bodies if _MARKER_1.search(body)]
        i = 0
        for a, b in runs:
            if _FRONT_NOTE.match(text, a) and len(_FOOTNOTE.findall(text[a:b])) == 1:
                parts.append(Part("footnotes", a, b, "front"))  # "[1] Together with No. 94 ...": the caption's note
                continue
            parts.append(Part("footnotes", a, b, owners[i] if i < len(owners) else "separate"))
            i += 1
    return tuple(parts)


def _strip_heads(chunk: str) -> str:
    """A chunk between two headers less blank lines (to tell a running head from an opinion's body)."""
    return "\n".join(line for line in chunk.splitlines() if line.strip())


def _footnote_runs(text: str, after: int) -> tuple[int | None, list[tuple[int, int]]]:
    """Where the end-of-text footnotes start and the span of each numbered run ("[1]" restarts a run)."""
    starts: list[int] = []
    has_one = False  # whether the current run has its "[1]" note yet ("[*] Briefs of amici ..." precedes it)
    for m in _FOOTNOTE.finditer(text, after):
        if not starts or (m.group(1) == "1" and has_one):
            starts.append(m.start())
        has_one = has_one or m.group(1) == "1"
    if not starts:
        return None, []
    ends = starts[1:] + [len(text)]
    return starts[0], list(zip(starts, ends, strict=True))


def court_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the court's own voice: the majority opinion and its footnotes."""
    return [(p.start, p.end) for p in opinion_parts(text) if p.court]


def mask_outside(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with everything outside ``spans`` blanked to spaces (newlines kept): same length, same offsets."""
    if spans == [(0, len(text))]:
        return text
    out: list[str] = []
    pos = 0
    for a, b in spans:
        if a > pos:
            out.append(_blank(text[pos:a]))
        out.append(text[a:b])
        pos = b
    if pos < len(text):
        out.append(_blank(text[pos:]))
    return "".join(out)


_LINE = re.compile(r"[^\n]+")


def _blank(chunk: str) -> str:
    return _LINE.sub(lambda m: " " * len(m.group()), chunk)
