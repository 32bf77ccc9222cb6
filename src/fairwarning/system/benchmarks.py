"""Published figures about qualified immunity, side by side with the store's figure for the comparable slice.

The figures are packaged data (``data/benchmarks.json``, schema ``data/schemas/benchmarks.schema.json``,
canonical form: ``uv run python -m fairwarning.system`` rewrites it). Each carries its source, its scope and
sample, the slice of the store that is comparable (court kinds, dates, publication, rights, unit), how the two
differ, and whether the figure could be verified in the project's source texts (``../shared/background``): none
could, so every one is marked ``verified: false`` with a note saying where it is stated instead.

:func:`compare_benchmarks` reads the store in SQL aggregates (never the texts) and returns, per published figure,
the store's :class:`~fairwarning.system.stats.Rate` for the same measure and slice (with its count and
interval), or why there is none. The benchmark's own slice is used, whatever filters the caller's view has.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from importlib import resources
from typing import Any

from fairwarning.corpus.store import Store
from fairwarning.doctrine import court_kind
from fairwarning.doctrine._data import rewrite_files_canonical, schema_errors
from fairwarning.errors import DataError, InputError
from fairwarning.labeler.model import LABELER_VERSION
from fairwarning.system._rows import circuit_of, outcome_counts
from fairwarning.system.stats import rate

__all__ = ["benchmarks", "compare_benchmarks", "data_files", "rewrite_canonical"]


def data_files() -> list[Any]:
    """The packaged benchmark data and schema files (importlib.resources traversables)."""
    root = resources.files("fairwarning.system").joinpath("data")
    return [root.joinpath("benchmarks.json"), root.joinpath("schemas").joinpath("benchmarks.schema.json")]


def _read(ref: Any) -> Any:
    try:
        return json.loads(ref.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"packaged benchmark data {ref.name} is unreadable: {exc}") from exc


@cache
def benchmarks() -> list[dict[str, Any]]:
    """The packaged published figures, validated against their schema, loaded once."""
    data_ref, schema_ref = data_files()
    data, schema = _read(data_ref), _read(schema_ref)
    errors = schema_errors(data, schema)
    if errors:
        raise DataError(f"packaged benchmarks.json violates its schema ({len(errors)} errors): {'; '.join(errors[:5])}")
    items: list[dict[str, Any]] = data["benchmarks"]
    return items


def rewrite_canonical() -> list[str]:
    """Rewrite the benchmark data and schema in canonical form; returns the files that changed."""
    return rewrite_files_canonical(data_files())


def _kind(court: str | None) -> str:
    if not court:
        return "unknown"
    try:
        return court_kind(court)
    except InputError:
        return "unknown"


def _slice_counts(store: Store, sl: dict[str, Any], figure: dict[str, Any], version: str) -> Counter[tuple[str, str]]:
    """(circuit, outcome) -> count over the benchmark's slice (a figure's own dates override the slice's)."""
    rows = outcome_counts(store, unit=sl["unit"], since=figure.get("since", sl.get("since")),
                          until=figure.get("until", sl.get("until")), published=sl.get("published"),
                          rights=sl.get("rights"), version=version)
    kinds = set(sl.get("court_kinds", []))
    out: Counter[tuple[str, str]] = Counter()
    for court, outcome, n in rows:
        if _kind(court) in kinds:
            out[(circuit_of(court, sl.get("since")), outcome)] += n
    return out


def _store_figure(store: Store, bench: dict[str, Any], figure: dict[str, Any], version: str) -> dict[str, Any]:
    sl = bench["slice"]
    if sl["unit"] == "none":
        return {"rate": None, "note": bench["differences"]}
    counts = _slice_counts(store, sl, figure, version)
    if figure["measure"] not in ("granted", "denied", "mixed"):
        granted = sum(v for (_, outcome), v in counts.items() if outcome == "granted")
        return {"rate": None, "note": bench["differences"],
                "context": {"opinions_deciding_qi": sum(counts.values()), "opinions_granting_qi": granted}}
    if "circuit" in figure:
        counts = Counter({k: v for k, v in counts.items() if k[0] == figure["circuit"]})
    n = sum(counts.values())
    k = sum(v for (_, outcome), v in counts.items() if outcome == figure["measure"])
    unit = "opinions" if sl["unit"] == "opinion" else "rulings"
    return {"rate": rate(k, n, of=f"{unit} in the comparable slice").to_json(), "unit": unit,
            "note": None if n else f"the store has no {unit} in this slice"}


def compare_benchmarks(store: Store, *, version: str = LABELER_VERSION) -> list[dict[str, Any]]:
    """One row per published figure: the figure, its source, sample and scope, the store's figure for the
    comparable slice (count, n, share, 95% Wilson interval, note), the differences in scope and verification."""
    out = []
    for bench in benchmarks():
        for figure in bench["figures"]:
            out.append({
                "id": bench["id"],
                "label": figure["label"],
                "measure": figure["measure"],
                "published": {"value": figure["value"], "n": bench["sample"]["n"], "unit": bench["sample"]["unit"]},
                "store": _store_figure(store, bench, figure, version),
                "source": bench["source"],
                "scope": bench["scope"],
                "slice": {**bench["slice"], **{k: figure[k] for k in ("since", "until", "circuit") if k in figure}},
                "differences": bench["differences"],
                "verified": bench["verified"],
                "verification_note": bench["verification_note"],
            })
    return out
