r"""Neutralizing untrusted strings (case names, quotes, incident text) for each place they are written to.

Case names and text come from the corpus and incident files: a hostile or broken one must not run script in a
rendered memo, inject a heading or a link, crash a DOCX writer, become a spreadsheet formula or drive a terminal.

- :func:`markdown` -- for Markdown (CommonMark) memos: control characters removed, line breaks folded into
  spaces, the HTML- and Markdown-significant characters backslash-escaped (``< > * _ # | ~ \``, ``]`` before
  ``(``/``[``, a leading ``[x]:``, ``&`` before an entity), so ``<script>``, ``<img onerror=...>``, ``[x](javascript:...)``, ``# heading`` and emphasis
  render as the literal characters, and a leading list, numbered-list or underline marker escaped;
- :func:`xml_text` -- for DOCX (XML 1.0): characters XML cannot hold (C0 controls but tab/newline/CR, lone
  surrogates, U+FFFE/U+FFFF) removed;
- :func:`terminal` -- for text printed to a terminal: ANSI/C0/C1 control characters removed (newline and tab kept);
- :func:`csv_cell` -- for CSV cells opened in a spreadsheet: a cell starting with ``=``, ``+``, ``-``, ``@``, tab
  or carriage return is prefixed with ``'`` (OWASP "CSV injection").
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["markdown", "markdown_unescape", "xml_text", "terminal", "csv_cell"]

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # keeps \t and \n; lone surrogates too
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# brackets make links, < makes HTML, & an entity; backticks are left alone (a code span is inert: no HTML in it)
# (an underscore inside a word, as in 4A_excessive_force, is not emphasis in CommonMark)
# a bracket only matters as ``](`` / ``][`` (a link or image) or a leading ``[x]:`` (a link definition)
_MD_SPECIAL = re.compile(r"([\\*<>#|~]|\](?=[(\[])|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))|&(?=#?\w+;)")
_MD_DEFINITION = re.compile(r"^\[([^\]]*)\]:")
_MD_LEADING = re.compile(r"^(\d{1,9})([.)])|^([-+=])")  # a list item, a numbered item, a setext underline
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def terminal(text: str) -> str:
    """``text`` without control characters (ESC sequences, bell, backspace...); newlines and tabs kept."""
    return _CONTROL.sub("", text)


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold removed (python-docx raises on them)."""
    return _XML_INVALID.sub("", text)


def markdown(text: str) -> str:
    """``text`` as inert Markdown: one line, every significant punctuation character backslash-escaped."""
    one_line = " ".join(terminal(text).split())
    escaped = _MD_SPECIAL.sub(lambda m: "\\" + (m.group(1) or "&"), one_line)
    escaped = _MD_DEFINITION.sub(r"\\[\1\\]:", escaped)
    return _MD_LEADING.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else "\\" + m.group(3), escaped)


def web_link(url: str | None) -> str | None:
    """``url`` if it is a plain ``http(s)`` address safe to print as a link target in Markdown, HTML and DOCX;
    None for anything else (a stored URL is untrusted: ``javascript:``, spaces, quotes or brackets are dropped)."""
    if url and _WEB_LINK.fullmatch(url):
        return url
    return None


_WEB_LINK = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s<>\"'`()\[\]\\]*)?")


def markdown_unescape(text: str) -> str:
    """Markdown source with its backslash escapes resolved (the text a reader sees)."""
    return _MD_ESCAPED.sub(r"\1", text)


_MD_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text starting with a formula character gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
