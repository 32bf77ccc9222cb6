"""Sentence segmentation with character offsets into the original text.

Court opinions as stored are messy: hard line breaks, runs of spaces used for justification, page numbers
("-16-"), form feeds and line numbers. Labeling rules match on a whitespace-collapsed copy of each sentence,
but every :class:`Sentence` keeps ``start``/``end`` offsets into the text it was cut from, so evidence points
at the stored text exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "broken_words", "split_sentences", "collapse", "rejoin_hyphens", "without_running_heads"]

_MARGIN_NUMBER = re.compile(r"(?m)^[ \t]*\d{1,2}[ \t]+(?=\S)")

# Tokens that end with a period but do not end a sentence (citations, names, abbreviations).
_ABBREV = {
    "v", "vs", "u.s", "s", "ct", "l", "ed", "f", "supp", "cir", "no", "nos", "inc", "co", "corp", "ltd",
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "id", "e.g", "i.e", "cf", "see", "app", "fed", "r", "civ",
    "p", "n", "dep't", "dept", "ass'n", "gov't", "sec", "art", "amend", "const", "stat", "ann", "mass",
    "me", "n.h", "r.i", "p.r", "conn", "cal", "ill", "tex", "fla", "ga", "ala", "ark", "mich", "ohio",
    "nw", "ne", "se", "sw", "so", "a", "b", "c", "d", "j", "jj", "ch", "pl", "reg", "tr", "op", "at",
    "cnty", "ctr", "univ", "bd", "educ", "comm'n", "auth", "hosp", "int'l", "nat'l", "sup", "super",
    "ariz", "colo", "wash", "wis", "minn", "okla", "kan", "neb", "va", "md", "pa", "del", "vt", "ky",
    "tenn", "miss", "la", "n.y", "n.j", "d.c", "u.s.c", "c.f.r", "2d", "3d", "4th", "al", "et",
}
#: a sentence ends at . ! ? (after closing quotes/brackets), optionally followed by a footnote number printed
#: against the period ("... on the due process claim.10 10 Meléndez also claims ..."), before a capital or digit;
#: or after a footnote number glued to a word's period
_END = re.compile(
    r"[.!?][\"'”’)\]]*(?:\d{1,3}(?=\s+\d{1,3}\s+[A-Z]))?(?=\s+[\"'“‘(\[]?[A-Z0-9§])"
    # a footnote number glued to the period of a word ("... on only one occasion.6 In Hunter v. Bryant ...",
    # "... we find no Fourth Amendment violation.3 Efficient ..."): the sentence ends after the number
    # (written to start at the digit, the look-behind after it, so the engine tries it at digits only)
    r"|\d(?<=[a-z][.]\d)\d?(?=\s+[\"“(]?[A-Z][a-z])"
    # a period before a long blank run: the end of the court's opinion, the rest blanked ("... for further proceedings
    # consistent with this opinion." and then a dissent's blanked text): whatever follows is no part of this sentence
    r"|[.!?][\"'”’)\]]*(?=\s{40})"
    # the rule over a slip opinion's footnotes at the foot of a page ("——————"): the text above it stops there, a
    # sentence cut by the page break or not, and the footnotes are sentences of their own
    r"|(?P<rule>\S(?=\n[ \t]*—{4,}[ \t]*\n))"
)
#: :data:`_END` for a text with no footnote rule (most): without the alternative tried at every non-space character,
#: and behind a look-ahead at the characters every other alternative starts with, so the engine skips the rest fast
_END_NO_RULE = re.compile(r"(?=[.!?\d])(?:" + _END.pattern.rsplit("|(?P<rule>", 1)[0] + "|(?P<rule>(?!)))")


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text`` is whitespace-collapsed; ``start``/``end`` index the original text.
    ``reading`` is what rules match on: ``text`` without the line numbers some courts print in the margin
    (Second Circuit slip opinions: "... Perry did\n17 not violate ...")."""

    start: int
    end: int
    text: str
    reading: str = ""

    def __post_init__(self) -> None:
        if not self.reading:
            object.__setattr__(self, "reading", self.text)


def collapse(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return " ".join(text.split())  # (str.split splits where the regex engine's \s matches; twice as fast as a sub)


#: a word broken at a line end by the printer's hyphen ("quali-\n  fied", "estab-\nlished"): letters, a hyphen, a line
#: break (or a page break whose running head is blanked: "the Court of Ap-\n <blank>\n\npeals"), the rest of the word in
#: lower case
_BREAK = re.compile(r"-\n[ \t\n]*(?=[a-z])")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z])[A-Za-z]+$")
_WORD_AFTER = re.compile(r"[a-z]+(?![A-Za-z])")
#: a slip opinion's running head at the top of a page, with its title line: "Cite as: 566 U. S. ____ (2012)   5" or
#: "4   REICHLE v. HOWARDS", then "Opinion of the Court" ("Per Curiam", "Syllabus", "ALITO, J., dissenting", ...)
_RUNNING_HEAD = re.compile(
    r"(?m)^[ \t]*(?:Cite\s+as:\s+\d+\s+U\.\s?S\.\s+[_ \d]*\(\d{4}\)[ \t]+\d{1,3}"
    r"|\d{1,3}[ \t]+[A-Z][A-Z0-9 .,'’&\-]*\sv\.\s[A-Z][A-Z0-9 .,'’&()\-]*)[ \t]*\n(?:[ \t]*\n)?"
    r"[ \t]*(?:Opinion\s+of\s+the\s+Court|Per\s+Curiam|Syllabus|(?:Opinion|Statement)\s+of\s+[A-Z]+,\s+(?:C\.\s+)?J\."
    r"|[A-Z]+,\s+(?:C\.\s+)?J\.,\s+(?:concurring|dissenting)[^\n]{0,60})[ \t]*(?=\n)"
)
_NOT_NEWLINE = re.compile(r"[^\n]")


def without_running_heads(text: str) -> str:
    """``text`` with a slip opinion's running heads blanked (same length; line breaks kept), so that a sentence that
    runs on to the next page reads on: "We, therefore, reverse the judgment of the Court of Ap-" "Cite as: 566 U. S. ____
    (2012) 5" "Opinion of the Court" "peals denying petitioners qualified immunity." """
    if "Cite as:" not in text:
        return text  # a slip opinion heads its odd pages so: without it, no running heads of this shape
    return _RUNNING_HEAD.sub(lambda m: _NOT_NEWLINE.sub(" ", m.group(0)), text)


def broken_words(text: str) -> list[tuple[int, int, str]]:
    """The words a line-end hyphen broke that the opinion itself prints unbroken elsewhere, as ``(start, end, word)``:
    "quali-\nfied" is "qualified" when "qualified" occurs in the text. A compound broken at its own hyphen
    ("retaliatory-\narrest") is no broken word: no "retaliatoryarrest" occurs anywhere."""
    if "-\n" not in text:
        return []
    found = []
    for m in _BREAK.finditer(text):
        left = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
        right = _WORD_AFTER.match(text, m.end())
        if left is not None and right is not None:
            found.append((left.start(), right.end(), left.group(0) + right.group(0)))
    if not found:
        return []
    lowered = text.lower()
    printed: dict[str, bool] = {}
    out = []
    for b in found:
        word = b[2].lower()
        if word not in printed:
            printed[word] = _printed_whole(lowered, word)
        if printed[word]:
            out.append(b)
    return out


def _printed_whole(lowered: str, word: str) -> bool:
    """Whether ``word`` occurs in ``lowered`` as a whole word."""
    at = lowered.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not lowered[at - 1].isalpha()) and (end == len(lowered) or not lowered[end].isalpha()):
            return True
        at = lowered.find(word, at + 1)
    return False


def rejoin_hyphens(text: str, broken: list[tuple[int, int, str]] | None = None) -> str:
    """``text`` with its :func:`broken_words` made whole, at the same length, so every offset still indexes ``text``:
    each word is preceded by the spaces it saved (after it, they would part a word from its period: "was
    con-\nstitutional. But" must still end a sentence) and ends where the broken word ended."""
    broken = broken_words(text) if broken is None else broken
    if not broken:
        return text
    out: list[str] = []
    last = 0
    for start, end, word in broken:
        out.append(text[last:start])
        out.append(word.rjust(end - start))
        last = end
    out.append(text[last:])
    return "".join(out)


#: the run of non-space characters that ends where the search ends
_TOKEN_TAIL = re.compile(r"\S*\Z")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` ends an abbreviation or a citation token, not a sentence."""
    window = max(0, dot - 40)
    m = _TOKEN_TAIL.search(text, window, dot)  # (always matches, if only the empty run at ``dot``)
    i = m.start() if m is not None else dot
    if i == window:
        while i > 0 and not text[i - 1].isspace():  # a token longer than the window
            i -= 1
    token = text[i:dot].lstrip("(\"'“‘[").lower()
    if not token:
        return True
    if token in _ABBREV or len(token) == 1:
        return True
    # initials and dotted abbreviations such as "U.S", "F.3d", "S.Ct"
    return "." in token and len(token) <= 6


def split_sentences(text: str, *, max_len: int = 1500) -> list[Sentence]:
    """Cut ``text`` into sentences; very long runs (tables, headers) are cut at ``max_len`` characters."""
    out: list[Sentence] = []
    start = 0
    n = len(text)
    for m in (_END if "————" in text else _END_NO_RULE).finditer(text):
        dot = m.start() if text[m.start()] in ".!?" else m.start() - 1  # the glued footnote number's period
        if m.group("rule") is None and text[dot] == "." and _is_abbreviation(text, dot):
            continue
        _emit(text, start, m.end(), out, max_len)
        start = m.end()
    if start < n:
        _emit(text, start, n, out, max_len)
    return out


_NON_SPACE = re.compile(r"\S")


def _skip_space(text: str, start: int, end: int) -> int:
    """The first non-space offset in ``text[start:end]`` (``end`` when none): a blanked run of a masked opinion can be
    tens of thousands of characters, so not one character at a time."""
    m = _NON_SPACE.search(text, start, end)
    return m.start() if m else end


def _emit(text: str, start: int, end: int, out: list[Sentence], max_len: int) -> None:
    start = _skip_space(text, start, end)
    end = start + len(text[start:end].rstrip())
    while end - start > max_len:
        cut = text.rfind(" ", start, start + max_len)
        cut = cut if cut > start else start + max_len
        out.append(_sentence(text, start, cut))
        start = _skip_space(text, cut, end)
    if end > start:
        out.append(_sentence(text, start, end))


def _sentence(text: str, start: int, end: int) -> Sentence:
    raw = text[start:end]
    shown = collapse(raw)
    if "\n" in raw and _MARGIN_NUMBER.search(raw) is not None and _numbered_margin(text, start):
        return Sentence(start, end, shown, collapse(_MARGIN_NUMBER.sub("", raw)))
    return Sentence(start, end, shown)


def _numbered_margin(text: str, at: int) -> bool:
    """Whether the page around ``at`` numbers its lines (several lines starting with a 1-2 digit number)."""
    window = text[max(0, at - 1500): at + 1500]
    return len(_MARGIN_NUMBER.findall(window)) >= 6
