"""No invented law: every citation a memo prints must resolve to a stored opinion or a leading case.

Text that enters a memo from elsewhere (evidence quotes from opinions, leading-case holdings) passes through
:func:`mask_unresolved`, which replaces any citation that does not resolve with ``[citation omitted]``.
:func:`unresolved_citations` is the check the tests run over every rendered memo.
"""

from __future__ import annotations

from collections.abc import Callable

from fairwarning.corpus.citations import extract_citations

__all__ = ["OMITTED", "mask_unresolved", "mask_cached", "unresolved_citations"]

OMITTED = "[citation omitted]"


def unresolved_citations(text: str, resolves: Callable[[str], bool]) -> list[str]:
    """The matched text of every citation in ``text`` whose normalized form ``resolves`` rejects
    (id./supra citations and unnormalizable ones count as unresolved)."""
    return [c.matched_text for c in extract_citations(text) if not (c.normalized and resolves(c.normalized))]


def mask_unresolved(text: str, resolves: Callable[[str], bool]) -> str:
    if not any(ch.isdigit() for ch in text) and "id." not in text.lower() and "supra" not in text.lower():
        return text
    out, last = [], 0
    for c in sorted(extract_citations(text), key=lambda c: c.start):
        if c.normalized and resolves(c.normalized):
            continue
        if c.start < last:
            continue
        out.append(text[last : c.start])
        out.append(OMITTED)
        last = c.end
    out.append(text[last:])
    return "".join(out)


_CACHE: dict[tuple[str, str], str] = {}


def mask_cached(text: str, resolves: Callable[[str], bool], key: str) -> str:
    """:func:`mask_unresolved` cached by ``(key, text)``: for packaged text (leading-case holdings, rule sources,
    authority reasons) that resolves the same way against the same store (``key`` names the store's state)."""
    k = (key, text)
    if k not in _CACHE:
        if len(_CACHE) > 8192:
            _CACHE.clear()
        _CACHE[k] = mask_unresolved(text, resolves)
    return _CACHE[k]
