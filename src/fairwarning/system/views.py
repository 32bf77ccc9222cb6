"""The system view for the web layer (and anyone wanting one JSON document): data and plots from one call each.

- :func:`system_view` -> a JSON-able dict: ``filters``, ``summary`` (per-right decisions), ``opinions``
  (opinion-level outcome shares), ``by_circuit``, ``by_right``, ``by_year``, ``by_era``, ``stock``,
  ``benchmarks`` (the published figures beside the store's figure for the benchmark's own comparable slice: the
  view's filters do not narrow it) and ``definitions``. Every share is a row ``{"count", "n", "rate", "low",
  "high", "note"}`` (95% Wilson interval; ``note`` is set when the cell has too few decisions to read as a
  percentage).
- :func:`system_plot` -> PNG or SVG bytes of one of :data:`PLOTS`.

Bad filters (unknown court or right, impossible dates) raise :class:`~fairwarning.errors.InputError`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fairwarning.corpus.store import Store
from fairwarning.errors import InputError
from fairwarning.system import plots
from fairwarning.system.analytics import analytics
from fairwarning.system.benchmarks import compare_benchmarks

__all__ = ["PLOTS", "system_plot", "system_view"]

#: the plots :func:`system_plot` draws
PLOTS: tuple[str, ...] = plots.PLOTS

_BY = (("circuit",), ("right",), ("year",), ("circuit", "year"))


def _data(store: Store, court: str | None, right: str | None, since: str | dt.date | None,
          until: str | dt.date | None) -> dict[str, Any]:
    return analytics(store, by=_BY, court=court, right=right, since=since, until=until)


def system_view(
    store: Store,
    *,
    court: str | None = None,
    right: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
) -> dict[str, Any]:
    """Everything the system page shows, as JSON-able data (see the module docstring)."""
    data = _data(store, court, right, since, until)
    groups = {tuple(g["by"]): g["rows"] for g in data["groups"]}
    return {
        "filters": data["filters"],
        "labeler_version": data["labeler_version"],
        "unit": data["unit"],
        "interval": data["interval"],
        "min_decisions": data["min_decisions"],
        "definitions": data["measures"],
        "summary": data["summary"],
        "opinions": data["opinions"],
        "by_circuit": groups[("circuit",)],
        "by_right": groups[("right",)],
        "by_year": groups[("year",)],
        "by_era": data["eras"]["rows"],
        "era_starts": data["eras"]["starts"],
        "stock": data["stock"],
        "benchmarks": compare_benchmarks(store),
        "plots": list(PLOTS),
    }


def system_plot(store: Store, name: str, *, fmt: str = "svg", court: str | None = None, right: str | None = None,
                since: str | dt.date | None = None, until: str | dt.date | None = None) -> bytes:
    """Plot ``name`` (one of :data:`PLOTS`) as ``fmt`` (``svg`` or ``png``) bytes, over the filtered rulings."""
    if name not in PLOTS:
        raise InputError(f"unknown plot {name!r}; valid: {', '.join(PLOTS)}")
    if fmt not in plots.FORMATS:
        raise InputError(f"unknown image format {fmt!r}; valid: {', '.join(plots.FORMATS)}")
    return plots.render(name, _data(store, court, right, since, until), fmt)
