"""Opinion files as courts publish them: plain text, HTML and PDF slip opinions (one opinion per file).

Recognized by content: ``%PDF-`` magic bytes for PDF; HTML by its first tag (``<!DOCTYPE html``, ``<html``,
``<p``, ``<div``, ``<pre`` ...); anything else that is UTF-8 text, is not JSON (``{``/``[``) and does not start
with a CSV header line, is plain text. PDF text comes from pypdfium2 (pages separated by form feeds, which
:func:`fairwarning.corpus.text.clean_text` turns into paragraph breaks; ligatures are spelled out there too).

Records: ``source="file"``, ``source_id`` = ``sha256:<first 16 hex digits of the file's bytes>`` (the same file
under two paths is one opinion). All metadata is recovered from the text (caption court and case name, the
``Decided``/date line, publication markers, the ``No.`` line) by :func:`fairwarning.corpus.metadata.recover`.
Failures become rejections: ``not_utf8``, ``malformed`` (a PDF pdfium cannot open), ``encrypted``, ``empty``
(a PDF without a text layer, e.g. a scan) and the text defects of :mod:`fairwarning.corpus.defects`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from fairwarning.corpus.defects import choose_text
from fairwarning.corpus.metadata import Fields, recover
from fairwarning.corpus.sources.base import Companions, InputFile
from fairwarning.corpus.sources.streams import text_encoding
from fairwarning.corpus.text import clean_text, looks_like_html
from fairwarning.models import OpinionRecord, Rejection

__all__ = ["FORMAT", "SOURCE", "sniff", "read", "pdf_text"]

FORMAT = "file"
SOURCE = "file"
# a CSV header: three columns or more, or two named ones ("id,text")
_CSV_HEADER = re.compile(r"^\"?[\w.-]{1,40}\"?(?:(?:,\"?[\w.-]{0,40}\"?){2,}|,\"?[\w.-]{1,40}\"?)\s*$")
_HTML_HEAD = re.compile(r"^\s*<(?:!doctype html|html|head|body|meta|title)\b", re.IGNORECASE)


def sniff(path: Path, head: bytes) -> bool:
    """True for a PDF, an HTML document or UTF-8 plain text that is not JSON or a CSV table."""
    if head.startswith(b"%PDF-"):
        return True
    if b"\x00" in head:
        return False
    text = _decode_head(head)
    if text is None:
        return False
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        return False
    first = stripped.split("\n", 1)[0]
    return not _CSV_HEADER.match(first.rstrip("\r"))


def _decode_head(head: bytes) -> str | None:
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a multi-byte character cut by the head's end
            return head[: exc.start].decode("utf-8", errors="strict")
        return None


def read(f: InputFile, companions: Companions) -> Iterator[OpinionRecord | Rejection]:
    """The one opinion in the file, or a rejection."""
    try:
        data = Path(f.path).read_bytes()
    except OSError as exc:
        yield Rejection(f.path, "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return
    source_id = "sha256:" + hashlib.sha256(data).hexdigest()[:16]
    if f.path.lower().endswith(".pdf") and not data.startswith(b"%PDF-"):
        yield Rejection(
            f.path, "malformed",
            f"named .pdf but not a PDF (starts with {data[:16]!r}): an error page or a failed download? "
            "Download it again, or rename it if it is really text",
            source_id,
        )
        return
    if data.startswith(b"%PDF-"):
        raw = pdf_text(f.path, data)
        if isinstance(raw, Rejection):
            yield raw
            return
        kind, cleaned = "pdf", clean_text(raw, html=False)
    else:
        try:
            decoded = data.decode(text_encoding(data[:4]))
        except UnicodeDecodeError as exc:
            yield Rejection(
                f.path, "not_utf8", f"text is not UTF-8 (byte {exc.start}); re-save it as UTF-8", source_id
            )
            return
        is_html = looks_like_html(decoded) or bool(_HTML_HEAD.match(decoded))
        kind, cleaned = ("html" if is_html else "text"), clean_text(decoded, html=is_html)
    text, _, assessment = choose_text([(kind, cleaned)])
    if not assessment.ok:
        yield Rejection(f.path, assessment.reject or "empty", assessment.detail, source_id)
        return
    fields = recover(Fields(), text)
    yield OpinionRecord(
        source=SOURCE,
        source_id=source_id,
        text=text,
        **fields.record_fields(),
        document_type=assessment.document_type,
        provenance={**fields.provenance, "text": f"source:{kind}"},
        path=f.path,
    )


def pdf_text(path: str, data: bytes) -> str | Rejection:
    """The text layer of a PDF, pages separated by form feeds; a rejection when pdfium cannot read it."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = "encrypted" if "password" in str(exc).lower() else "malformed"
        return Rejection(path, reason, f"pdfium cannot open the PDF: {exc}")
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
    except pdfium.PdfiumError as exc:
        return Rejection(path, "malformed", f"pdfium failed reading a page: {exc}")
    finally:
        pdf.close()
    text = "\f".join(pages)
    if not text.strip():
        return Rejection(
            path, "empty", f"the PDF has {len(pages)} page(s) but no text layer (a scan?); OCR it first"
        )
    return text
