"""Regenerate the packaged precomputations (eyecite's work over packaged, static text), so that no command
runs eyecite on start-up for them:

    uv run python scripts/precompute.py

- ``src/fairwarning/doctrine/data/derived/rule_source_citations.json`` (``doctrine.rule_source_citations``);
- ``src/fairwarning/analysis/data/citeguard.json`` (the citation guard over packaged holdings and sources).

Run it after editing the doctrine tables or the analysis data; tests fail while a file is stale.
"""

from __future__ import annotations

from pathlib import Path

from fairwarning.analysis.citeguard import compute_static
from fairwarning.doctrine._data import canonical_json
from fairwarning.doctrine.authority import compute_rule_source_citations

SRC = Path(__file__).resolve().parents[1] / "src" / "fairwarning"


def main() -> None:
    for path, value in (
        (SRC / "doctrine" / "data" / "derived" / "rule_source_citations.json", compute_rule_source_citations()),
        (SRC / "analysis" / "data" / "citeguard.json", compute_static()),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(canonical_json(value), encoding="utf-8")
        print(f"wrote {path.relative_to(SRC.parents[1])}")


if __name__ == "__main__":
    main()
