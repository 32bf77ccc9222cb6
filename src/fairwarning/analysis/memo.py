"""Render one :class:`AnalysisResult` as a memo: ``md``, ``html`` (Jinja templates over the outline), ``docx``
(python-docx over the same outline) or ``json`` (the result's data). Pure: returns ``str`` or ``bytes``."""

from __future__ import annotations

import io
import json
import re
from dataclasses import asdict
from functools import cache
from typing import Any

import jinja2

from fairwarning.analysis import escape
from fairwarning.analysis.outline import Block, Bullets, Heading, Para, Quote, Table, outline
from fairwarning.analysis.result import AnalysisResult
from fairwarning.errors import InputError

__all__ = ["FORMATS", "WORD_LIMIT", "render_memo", "memo_text", "memo_words"]

FORMATS = ("md", "html", "docx", "json")


@cache
def _env(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("fairwarning.analysis", "templates"),
        autoescape=autoescape,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = escape.markdown  # untrusted text (case names, quotes, facts) inert in Markdown
    return env


def _plain(blocks: list[Block]) -> list[dict[str, Any]]:
    kinds = {Heading: "heading", Para: "para", Bullets: "bullets", Quote: "quote", Table: "table"}
    out = []
    for b in blocks:
        d = {"kind": kinds[type(b)], **asdict(b)}
        if isinstance(b, Table):
            links = b.links or (None,) * len(b.rows)
            d["rows"] = [{"cells": list(row), "link": link} for row, link in zip(b.rows, links, strict=True)]
        out.append(d)
    return out


def _md_cell(text: str) -> str:
    return escape.markdown(text)  # one line, "|" and every Markdown/HTML-significant character escaped


def _docx(blocks: list[Block]) -> bytes:
    from docx import Document

    x = escape.xml_text  # control characters in a case name would make python-docx raise
    doc = Document()
    for b in blocks:
        if isinstance(b, Heading):
            doc.add_heading(x(b.text), level=min(b.level, 4))
        elif isinstance(b, Para):
            para = doc.add_paragraph()
            para.add_run(x(b.text)).bold = b.strong
        elif isinstance(b, Bullets):
            for item in b.items:
                doc.add_paragraph(x(item), style="List Bullet")
        elif isinstance(b, Table):
            table = doc.add_table(rows=1, cols=len(b.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, b.header, strict=True):
                cell.text = x(text)
            links = b.links or (None,) * len(b.rows)
            for row, link in zip(b.rows, links, strict=True):
                cells = table.add_row().cells
                for j, (cell, text) in enumerate(zip(cells, row, strict=True)):
                    if j == 0 and link:
                        _docx_link(cell.paragraphs[0], x(text), link)
                    else:
                        cell.text = x(text)
        else:
            doc.add_paragraph(f"\u201c{x(b.text)}\u201d", style="Intense Quote")
            doc.add_paragraph(f"\u2014 {x(b.where)}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_link(paragraph: Any, text: str, url: str) -> None:
    """A clickable hyperlink run in a python-docx paragraph."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def render_memo(result: AnalysisResult, fmt: str = "md") -> str | bytes:
    """The memo in ``fmt`` (one of :data:`FORMATS`); DOCX is bytes, the rest text."""
    if fmt not in FORMATS:
        raise InputError(f"unknown memo format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    if fmt == "json":
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    blocks = outline(result)
    if fmt == "docx":
        return _docx(blocks)
    title = blocks[0].text if isinstance(blocks[0], Heading) else "fairwarning memo"
    template = _env(fmt == "html").get_template(f"memo.{fmt}.j2")
    return escape.terminal(template.render(blocks=_plain(blocks), title=title, md_cell=_md_cell))  # no ANSI/control characters


#: issue 9: a memo for a one-claim incident is at most about this many words before its appendix
WORD_LIMIT = 1500
_MD_LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\([^)\s]*\)")  # [text](url) -> text (the text may hold \] escapes)
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
_WORD = re.compile(r"\w")


def memo_words(md: str) -> int:
    """The words a reader reads in a Markdown memo up to its appendix heading: link text counts, link targets,
    table pipes and rules, heading marks, bullets, emphasis and escapes do not (a token counts when it holds a
    letter or digit)."""
    from fairwarning.analysis.outline import APPENDIX

    n = 0
    for line in md.splitlines():
        if line.startswith("## ") and line[3:].replace("\\", "").strip() == APPENDIX:
            break
        if _TABLE_RULE.match(line.strip()):
            continue
        n += sum(1 for tok in _MD_LINK.sub(r"\1", line).split() if _WORD.search(tok))
    return n


def qn_t() -> str:
    from docx.oxml.ns import qn

    return str(qn("w:t"))


def memo_text(memo: str | bytes, fmt: str) -> str:
    """The readable text of a rendered memo (DOCX paragraphs; HTML without tags), e.g. for a citation check."""
    if fmt == "docx":
        from docx import Document

        assert isinstance(memo, bytes)
        doc = Document(io.BytesIO(memo))
        cells = ["\t".join("".join(t.text or "" for t in c._tc.iter(qn_t())) for c in row.cells)
                 for table in doc.tables for row in table.rows]
        return "\n".join([*(p.text for p in doc.paragraphs), *cells])
    text = memo.decode("utf-8") if isinstance(memo, bytes) else memo
    if fmt == "html":
        import html as html_mod

        import lxml.html

        root: Any = lxml.html.fromstring(text)
        return html_mod.unescape(str(root.text_content()))
    if fmt == "md":
        return escape.markdown_unescape(text)
    return text
