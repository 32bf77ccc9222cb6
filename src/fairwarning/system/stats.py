"""Rates with their uncertainty: a count, its denominator, the share, a 95% Wilson score interval, and a note.

A share of fewer than :data:`MIN_DECISIONS` decisions is still computed (with its, wide, interval) but carries
a ``note`` saying the cell is too small, and the table and plots show the count instead of a percentage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

__all__ = ["MIN_DECISIONS", "Z95", "Rate", "rate", "wilson"]

#: below this many decisions a share is reported as a count with a note, not as a percentage
MIN_DECISIONS = 10
#: the standard normal quantile of a two-sided 95% interval
Z95 = 1.959963984540054


def wilson(count: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of ``count`` successes in ``n`` trials (``(0, 1)`` when ``n`` is 0)."""
    if n <= 0:
        return (0.0, 1.0)
    if not 0 <= count <= n:
        raise ValueError(f"count {count} is not between 0 and n={n}")
    p = count / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Rate:
    """``count`` of ``n`` with the share, its 95% Wilson interval and a note (None when the cell is large enough)."""

    count: int
    n: int
    rate: float | None
    low: float | None
    high: float | None
    note: str | None

    @property
    def too_few(self) -> bool:
        return self.n < MIN_DECISIONS

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "n": self.n, "rate": _round(self.rate), "low": _round(self.low),
                "high": _round(self.high), "note": self.note}

    def cell(self) -> str:
        """A table cell: ``54.2% [45.1–63.0] 52/96``, or ``3/7 (too few)``, or ``— (0)``."""
        if self.n == 0:
            return "— (none)"
        if self.too_few or self.rate is None or self.low is None or self.high is None:
            return f"{self.count}/{self.n} (too few)"
        return f"{100 * self.rate:.1f}% [{100 * self.low:.1f}–{100 * self.high:.1f}] {self.count}/{self.n}"


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def rate(count: int, n: int, *, of: str = "decisions") -> Rate:
    """A :class:`Rate`; ``of`` names the denominator in the note (``decisions``, ``grants``, ...)."""
    if n == 0:
        return Rate(count, 0, None, None, None, f"no {of}")
    low, high = wilson(count, n)
    note = f"too few {of} (n={n} < {MIN_DECISIONS}): read the count, not the share" if n < MIN_DECISIONS else None
    return Rate(count, n, count / n, low, high, note)
