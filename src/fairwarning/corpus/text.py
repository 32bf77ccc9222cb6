"""Opinion text: what is stored (``clean_text``) and the dedup key over it (``text_hash``).

:func:`clean_text` turns a source field into the stored text. HTML (CourtListener ``html``,
``html_with_citations``, ``html_lawbox``, ``html_columbia``, slip opinions saved from court sites) becomes text with
paragraphs kept as blank-line breaks, ``<br>`` as line breaks and ``<pre>`` content verbatim. Plain text is kept
faithful (labels quote exact substrings of it) and only normalized: CRLF/CR to LF, form feeds to a paragraph
break, typographic ligatures spelled out, non-breaking and other odd spaces to a space, zero-width characters
and soft hyphens removed, trailing blanks stripped, runs of blank lines collapsed to one. The function is
idempotent: cleaning a cleaned text changes nothing.

:func:`text_hash` is the sha256 of a normalized form (Unicode NFKC, case-folded, curly quotes and dashes folded to
ASCII, whitespace collapsed) so the same opinion text arriving from two sources or under two ids gets one key.
"""

from __future__ import annotations

import hashlib
import html as _html
import re
import unicodedata

import lxml.etree
import lxml.html

__all__ = ["clean_text", "html_to_text", "looks_like_html", "text_hash", "unescape_entities"]

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"),
    " ",
)
_DROP = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_TRANSLATE = {**{ord(k): v for k, v in _LIGATURES.items()}, **_SPACES, **_DROP}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TRAILING = re.compile(r"[ ]+\n")
_BLANKS = re.compile(r"\n{3,}")
_HTML_START = re.compile(
    r"^\s*(?:<!DOCTYPE html|<html|<head|<body|<div|<p[\s>]|<pre|<center|<span|<table|<br|<h[1-6]|<blockquote)",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|nbsp|#\d{2,5}|#x[0-9a-fA-F]{2,4});")

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "center",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "li",
        "ul",
        "ol",
        "table",
        "tr",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "dd",
        "dt",
        "dl",
        "hr",
        "title",
        "body",
        "html",
    ]
)
_SKIP_TAGS = frozenset({"script", "style", "head", "noscript"})
_BREAK = "\x00P"  # paragraph-break marker used while assembling HTML text
_NEWLINE = "\x00B"  # line-break marker (<br>)


def _protect_pre(s: str) -> str:  # <pre> spaces survive layout trimming
    return s.replace(" ", "\x01")


# for text_hash: fold typographic variants to ASCII
_HASH_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
_WS = re.compile(r"\s+")


def looks_like_html(raw: str) -> bool:
    """True when ``raw`` starts with an HTML tag that opinion HTML starts with (``<p``, ``<div``, ``<pre``...)."""
    return bool(_HTML_START.match(raw[:2000]))


def unescape_entities(raw: str) -> str:
    """Decode HTML character entities left in a plain-text field (``Smith &amp; Nevares``). Plain text with no
    entity is returned unchanged."""
    return _html.unescape(raw) if _ENTITY.search(raw) else raw


def clean_text(raw: str, *, html: bool | None = None) -> str:
    """The stored form of an opinion text.

    ``html=None`` decides by content (:func:`looks_like_html`); pass ``html=False`` for a field known to be plain
    text, ``html=True`` for a field known to be HTML.
    """
    if html is None:
        html = looks_like_html(raw)
    text = html_to_text(raw) if html else raw
    return _normalize(text)


def _normalize(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").replace("\v", "\n")
    text = text.translate(_TRANSLATE)
    text = _CONTROL.sub("", text)
    text = _TRAILING.sub("\n", text + "\n")
    text = _BLANKS.sub("\n\n", text)
    return text.strip("\n").rstrip()


def html_to_text(raw: str) -> str:
    """Text of an HTML document or fragment: blocks separated by blank lines, ``<br>`` as newlines,
    ``<pre>`` verbatim, other whitespace collapsed as a browser would."""
    root = _parse_html(raw)
    if root is None:
        return ""
    out: list[str] = []
    _walk(root, out, in_pre=False)
    return _assemble(out)


def _parse_html(raw: str) -> lxml.html.HtmlElement | None:
    if not raw.strip():
        return None
    try:
        return lxml.html.fragment_fromstring(raw, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        try:
            return lxml.html.document_fromstring(raw.encode("utf-8"))
        except (lxml.etree.ParserError, ValueError):
            return None


def _walk(el: lxml.html.HtmlElement, out: list[str], *, in_pre: bool) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag.lower() in _SKIP_TAGS or not tag:
        return
    tag = tag.lower()
    pre = in_pre or tag == "pre"
    if tag == "br":
        out.append(_NEWLINE)
        return
    block = tag in _BLOCK_TAGS
    if block:
        out.append(_BREAK)
    if el.text:
        out.append(_protect_pre(el.text) if pre else _WS.sub(" ", el.text))
    for child in el:
        _walk(child, out, in_pre=pre)
        if child.tail:
            out.append(_protect_pre(child.tail) if pre else _WS.sub(" ", child.tail))
    if block:
        out.append(_BREAK)


def _assemble(chunks: list[str]) -> str:
    text = "".join(chunks)
    # spaces around breaks are layout, not content
    text = re.sub(r" *(\x00[PB]) *", r"\1", text)
    text = re.sub(r"(?:\x00P)+(?:\x00B|\x00P)*", "\n\n", text)
    text = text.replace(_NEWLINE, "\n")
    text = re.sub(r" {2,}", " ", text)  # adjacent inline elements each brought a space (outside <pre>)
    return text.replace("\x01", " ")


def text_hash(text: str) -> str:
    """sha256 (hex) of ``text`` normalized for dedup: NFKC, case-folded, quotes/dashes folded, whitespace
    collapsed. Equal for the same opinion text however its whitespace or quote style differ."""
    norm = unicodedata.normalize("NFKC", text).translate(_HASH_FOLD).casefold()
    norm = _WS.sub(" ", norm).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()
