"""Defects: texts that are not opinions, and opinions that are errata sheets or short orders.

:func:`assess_text` looks at a cleaned text and says what it is:

- ``reject="empty"`` — nothing readable (no word of three letters or more besides ``*Page N`` markers);
- ``reject="not_an_opinion"`` — a document converter's output instead of the opinion: a usage/help message
  (``Usage: wpd2html [OPTION] ...``), a Python traceback, or an extraction failure notice
  (``Unable to extract document content.``), or a short text (under 400 characters) without a single word of a
  court decision (``court``, ``judgment``, ``affirmed``, ``appeal``, ``plaintiff``, ``motion``...): a stray note or
  placeholder file, not an opinion (every short text in the shared corpus, down to ``Affirmed.``, has one);
- otherwise ``document_type``: ``"errata"`` for errata sheets (``ERRATA SHEET``, ``ERRATUM``, ``is amended as
  follows``), ``"order"`` for one-line orders and short judgments (``Affirmed.``, ``Appeal dismissed.``,
  ``Transfer denied.``, a short text headed ``ORDER``/``JUDGMENT``), else ``"opinion"``.

Errata sheets and orders are kept (they are opinions too) and flagged; only rejected texts are dropped.
Adapters that have several text fields try them in order and skip a field whose text is rejected, so an object
whose ``plain_text`` is a usage message but whose ``html`` holds the opinion is stored from the HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

__all__ = ["TextAssessment", "assess_text", "choose_text"]

DocumentType = Literal["opinion", "errata", "order"]


@dataclass(frozen=True)
class TextAssessment:
    document_type: DocumentType = "opinion"
    reject: str | None = None  # "empty" | "not_an_opinion"
    detail: str = ""
    skipped: tuple[str, ...] = ()  # from choose_text: earlier fields passed over, "<field>: <why>"

    @property
    def ok(self) -> bool:
        return self.reject is None


_WORD = re.compile(r"[A-Za-z]{3,}")
_PAGE_MARK = re.compile(r"\*?\bPage\s+\d+", re.IGNORECASE)  # "*Page 517" star-pagination markers
_CONVERTER_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\W*Usage:\s+\S+\s+\[?-*OPTION", re.IGNORECASE), "a converter's usage message"),
    (re.compile(r"Shows this help message|--help\s+\S", re.IGNORECASE), "a converter's help text"),
    (re.compile(r"^\W*Traceback \(most recent call last\)", re.MULTILINE), "a Python traceback"),
    (
        re.compile(r"^\W*Unable to extract (?:the )?(?:document )?content", re.IGNORECASE),
        "an extraction failure notice",
    ),
)
_ERRATA = re.compile(
    r"\bERRATA\s+SHEET\b|\bERRATUM\b|\bERRATA\b|is\s+(?:hereby\s+)?amended\s+as\s+follows", re.IGNORECASE
)
_ORDER_HEAD = re.compile(
    r"^\s*(?:ORDER(?: OF COURT)?|JUDGMENT|MEMORANDUM AND ORDER|SUMMARY ORDER)\s*$", re.MULTILINE
)
_DISPOSITION = re.compile(
    r"\b(?:affirmed|reversed|dismissed|denied|granted|vacated|remanded|so ordered|no opinion|"
    r"without (?:published )?opinion|modified|transfer denied)\b",
    re.IGNORECASE,
)
_LEGAL_WORDING = re.compile(
    r"\b(?:court|judg|justice|opinion|order|affirm|revers|dismiss|denied|deny|grant|vacat|remand|concur|dissent|"
    r"appeal|appell|petition|plaintiff|defendant|respondent|motion|per\s+curiam|statute|claim|writ|counsel|trial|"
    r"verdict|jury|convict|sentenc|decree|mandate|errat|amend|circuit|rule|case)",
    re.IGNORECASE,
)
_NO_WORDING_MAX_CHARS = 400  # a text this short with no word of a decision is not an opinion
_SHORT_ORDER_CHARS = 700  # a text this short that states a disposition is an order
_HEADED_ORDER_CHARS = 4000  # a text headed ORDER/JUDGMENT this short is an order
_ERRATA_MAX_CHARS = 15000  # errata sheets are short; an opinion that mentions "errata" is not one
_CONVERTER_MAX_CHARS = 3000  # a converter message is short; a long opinion quoting one is an opinion


def assess_text(text: str) -> TextAssessment:
    """What a cleaned opinion text is: rejected (with reason), or kept with its document type."""
    if not _WORD.search(_PAGE_MARK.sub(" ", text)):
        return TextAssessment(reject="empty", detail=f"no readable words in {len(text)} characters")
    if len(text) <= _CONVERTER_MAX_CHARS:
        for pattern, what in _CONVERTER_MESSAGES:
            if pattern.search(text):
                first = text.strip().splitlines()[0][:80]
                return TextAssessment(reject="not_an_opinion", detail=f"text is {what}: {first!r}")
    if len(text) < _NO_WORDING_MAX_CHARS and not _LEGAL_WORDING.search(text):
        first = text.strip().splitlines()[0][:80]
        return TextAssessment(
            reject="not_an_opinion", detail=f"a {len(text)}-character text with no word of a court decision: {first!r}"
        )
    head = text[:6000]
    if len(text) <= _ERRATA_MAX_CHARS and _ERRATA.search(head):
        return TextAssessment(document_type="errata", detail="errata sheet")
    if len(text) <= _SHORT_ORDER_CHARS and _DISPOSITION.search(text):
        return TextAssessment(document_type="order", detail="short disposition")
    if len(text) <= _HEADED_ORDER_CHARS and _ORDER_HEAD.search(head):
        return TextAssessment(document_type="order", detail="short text headed as an order or judgment")
    return TextAssessment()


def choose_text(candidates: Iterable[tuple[str, str]]) -> tuple[str, str, TextAssessment]:
    """The first usable text among ``(field_name, cleaned_text)`` candidates, in preference order (consumed
    lazily: pass a generator so later fields are cleaned only when earlier ones are unusable).

    Returns ``(text, field_name, assessment)``; a usable text's assessment lists in ``skipped`` the non-empty
    earlier fields that were passed over and why (a converter's usage message in ``plain_text``...); when none is usable, the text is ``""`` and the assessment is
    the rejection of the first non-empty candidate (a converter message beats "empty")."""
    worst: tuple[str, TextAssessment] | None = None
    names: list[str] = []
    skipped: list[str] = []
    for name, text in candidates:
        names.append(name)
        if not text.strip():
            continue
        assessment = assess_text(text)
        if assessment.ok:
            return text, name, replace(assessment, skipped=tuple(skipped))
        skipped.append(f"{name}: {assessment.detail}")
        if worst is None or (worst[1].reject == "empty" and assessment.reject != "empty"):
            worst = (name, assessment)
    if worst is None:
        fields = ", ".join(names) or "none"
        return "", "", TextAssessment(reject="empty", detail=f"no text in any text field ({fields})")
    name, assessment = worst
    return "", name, TextAssessment(reject=assessment.reject, detail=f"{name}: {assessment.detail}")
