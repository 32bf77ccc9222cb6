"""Small helpers over the regular expressions of the packaged cue tables (used to pre-filter cheaply)."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["expand_leading_group", "guarded_alternatives", "leading_letters", "literal_start_alternatives", "split_top_level"]


def _unescaped(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Each character of ``pattern`` from ``start`` that is not escaped, with the group depth after it (an opening
    parenthesis counts in, a closing one out)."""
    depth, escaped = 0, False
    for i in range(start, len(pattern)):
        ch = pattern[i]
        if escaped:
            escaped = False
            continue
        if ch == "\\":
            escaped = True
            continue
        depth += (ch == "(") - (ch == ")")
        yield i, ch, depth


def split_top_level(pattern: str) -> list[str]:
    """The pattern's top-level alternatives (``a|b(c|d)`` -> ``a``, ``b(c|d)``); escapes and groups respected."""
    cuts = [i for i, ch, depth in _unescaped(pattern) if ch == "|" and depth == 0]
    bounds = [-1, *cuts, len(pattern)]
    return [pattern[a + 1:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _group_end(pattern: str, start: int) -> int:
    """The index just past the group that opens at ``pattern[start] == "("``; -1 when it is not closed."""
    return next((i + 1 for i, ch, depth in _unescaped(pattern, start) if ch == ")" and depth == 0), -1)


def expand_leading_group(alternative: str) -> list[str]:
    """One alternative with a leading non-capturing group of choices written as one alternative per choice, so that
    each starts with a literal the regex engine can jump to (``(?:arresting|police)\\s+officers?`` ->
    ``arresting\\s+officers?``, ``police\\s+officers?``; an optional group also gives the rest alone:
    ``(?:warrantless\\s+)?wiretap`` -> ``warrantless\\s+wiretap``, ``wiretap``). The expansion matches the same
    places (its matches start where the original's do, or later in the same match); the alternative is returned as it
    is when it does not open with such a group or the group repeats."""
    if not alternative.startswith("(?:"):
        return [alternative]
    end = _group_end(alternative, 0)
    if end < 0:
        return [alternative]
    rest = alternative[end:]
    optional = rest.startswith("?") and not rest.startswith("??")
    if rest[:1] in ("*", "+", "{") or (rest.startswith("?") and not optional):
        return [alternative]
    if optional:
        rest = rest[1:]
    heads = [choice + rest for choice in split_top_level(alternative[3:end - 1])] + ([rest] if optional else [])
    if not all(heads):
        return [alternative]
    return [x for head in heads for x in expand_leading_group(head)]


def literal_start_alternatives(pattern: str) -> list[tuple[str, bool]] | None:
    """``pattern`` as alternatives the regex engine can each jump to: its top-level alternatives with their leading
    groups expanded (:func:`expand_leading_group`), each without its leading ``\\b`` and with a flag to check that
    boundary by hand. None when an alternative cannot be searched so (empty, or opening with a second boundary, a
    look-behind or ``^``): search the pattern whole then. (:func:`guarded_alternatives` where each guard is at most
    one boundary.)"""
    alts = guarded_alternatives(pattern)
    if alts is None or any(guard not in ("", "\\b") or body.startswith(("\\b", "(?<")) for guard, body in alts):
        return None
    return [(body, guard == "\\b") for guard, body in alts]


def _leading_assertions(alternative: str) -> int:
    """The length of the zero-width assertions an alternative opens with: ``\\b`` and look-behinds
    (``(?<!not )\\b(?:law|right)`` -> 11)."""
    at = 0
    while True:
        if alternative.startswith("\\b", at):
            at += 2
        elif alternative.startswith(("(?<!", "(?<="), at):
            end = _group_end(alternative, at)
            if end < 0:
                return at
            at = end
        else:
            return at


def guarded_alternatives(pattern: str) -> list[tuple[str, str]] | None:
    """``pattern`` as ``(guard, body)`` alternatives for searching short texts fast: each top-level alternative
    without the zero-width assertions it opens with (``guard``: boundaries, look-behinds), its leading group expanded
    (:func:`expand_leading_group`), so the engine can jump to the literal the body starts with. A match of the
    pattern is the leftmost body match at which ``guard + body`` also matches, the first alternative in order on a
    tie (the regex engine's own choice). None when a body would be empty or open with ``^``."""
    out = []
    for alt in split_top_level(pattern):
        cut = _leading_assertions(alt)
        for body in expand_leading_group(alt[cut:]):
            if not body or body.startswith("^"):
                return None
            out.append((alt[:cut], body))
    return out


_LETTERS = re.compile(r"[a-z]+")


def leading_letters(body: str) -> str:
    """The lower-case letters every match of the pattern ``body`` starts with (``troopers?\\b`` -> ``trooper``,
    ``police\\s+officers?`` -> ``police``); empty when it does not open with a letter. A text in which no word
    starts with them holds no match of ``body`` at a word's start."""
    m = _LETTERS.match(body)
    if m is None:
        return ""
    letters = m.group(0)
    return letters[:-1] if body[m.end():m.end() + 1] in ("?", "*", "{") else letters
