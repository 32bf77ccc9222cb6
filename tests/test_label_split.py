"""The dev-label split recorded in docs/labels-dev-split.md is the one scripts/dev_split.py computes, and it
covers every development label once."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _part_of():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("dev_split", REPO / "scripts" / "dev_split.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.part_of


def _recorded(label: str) -> dict[str, set[str]]:
    """The halves docs/labels-dev-split.md records under ``**<label>tune**`` and ``**<label>held**``."""
    doc = (REPO / "docs" / "labels-dev-split.md").read_text(encoding="utf-8")
    recorded = {}
    for part in ("tune", "held"):
        block = re.search(rf"\*\*{label}{part}\*\*[^:]*:\s*([\d,\s]+)", doc)
        assert block is not None, part
        recorded[part] = set(re.findall(r"\d+", block.group(1)))
    return recorded


def _ids(gold: Path) -> set[str]:
    return {str(json.loads(line)["cl_opinion_id"]) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}


def _assert_is_the_seeded_hash(recorded: dict[str, set[str]], ids: set[str]) -> None:
    part_of = _part_of()
    assert recorded["tune"] | recorded["held"] == ids and not recorded["tune"] & recorded["held"]
    for part, members in recorded.items():
        assert {i for i in ids if part_of(i) == part} == members


def test_recorded_split_is_the_seeded_hash(shared_dir: Path) -> None:
    _assert_is_the_seeded_hash(_recorded(""), _ids(shared_dir / "eval" / "labels-dev.jsonl"))


def test_recorded_second_reading_split_is_the_seeded_hash() -> None:
    """The halves of the second reading recorded in docs/labels-dev-split.md ("rules-1.10: split of the second
    reading") are the ones the same seeded hash gives, and cover the 25 opinions once."""
    recorded = _recorded("second-reading ")
    ids = _ids(REPO / "docs" / "second-reading" / "labels-second-reading.jsonl")
    assert len(ids) == 25
    assert (len(recorded["tune"]), len(recorded["held"])) == (15, 10)
    _assert_is_the_seeded_hash(recorded, ids)
