"""Packaged source data (court aliases, field mappings): canonical form, valid targets, real examples."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from fairwarning.corpus.sources import mapped_json
from fairwarning.models import OpinionRecord

DATA = {
    "court_aliases.json": ("fairwarning.reference", "data/court_aliases.json"),
    "field_mappings.json": ("fairwarning.corpus.sources", "data/field_mappings.json"),
}


@pytest.mark.parametrize("name", DATA)
def test_data_file_is_canonical(name: str) -> None:
    package, relative = DATA[name]
    raw = resources.files(package).joinpath(relative).read_text(encoding="utf-8")
    canonical = json.dumps(json.loads(raw), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert raw == canonical, (
        f"{package}/{relative} is not canonical: rewrite it with "
        "json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) plus a final newline"
    )


def test_field_mapping_examples_detect_their_mapping() -> None:
    raw = (
        resources.files("fairwarning.corpus.sources")
        .joinpath("data/field_mappings.json")
        .read_text(encoding="utf-8")
    )
    data = json.loads(raw)
    for example in data["examples"]:
        mapping = data["mappings"][example["mapping"]]
        assert set(mapping["detect"]) <= set(example["keys"]), example
    for name, mapping in data["mappings"].items():
        assert mapping["text"] and mapping["id"] and mapping["detect"], name
        assert all(kind in ("plain", "html", "auto") for _, kind in mapping["text"]), name


def test_sample_mapping_on_real_files(corpus_dir: Path) -> None:
    files = sorted((corpus_dir / "courtlistener-sample/opinions").iterdir())[:25]
    for path in files:
        obj = json.loads(path.read_text(encoding="utf-8"))
        record = mapped_json.map_object(obj, "courtlistener-sample", path=str(path))
        assert isinstance(record, OpinionRecord), record
        assert record.source == "courtlistener" and record.source_id == obj["CL_opinion_id"]
        assert record.court_id and record.date_decided
        assert record.provenance["date_decided"] == "source"
