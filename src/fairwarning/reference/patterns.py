"""Small helpers over the regular expressions of the packaged cue tables (used to pre-filter cheaply)."""

from __future__ import annotations

__all__ = ["split_top_level"]


def split_top_level(pattern: str) -> list[str]:
    """The pattern's top-level alternatives (``a|b(c|d)`` -> ``a``, ``b(c|d)``); escapes and groups respected."""
    parts: list[str] = []
    current: list[str] = []
    depth, escaped = 0, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts
