"""Caselaw Access Project JSONL adapter (fixtures re-shaped from the shared Supreme Court objects)."""

from __future__ import annotations

import csv
import json
import lzma
from pathlib import Path

import pytest

from fairwarning.corpus.sources import cap
from fairwarning.corpus.sources.base import Companions, InputFile
from fairwarning.models import OpinionRecord, Rejection

CASES = Path(__file__).parent / "fixtures" / "feeds" / "cap" / "cases.jsonl"


def _read(path: Path) -> list[OpinionRecord | Rejection]:
    st_ = path.stat()
    return list(cap.read(InputFile(str(path), cap.FORMAT, st_.st_size, st_.st_mtime_ns), Companions()))


def _cases() -> list[dict]:
    out = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


@pytest.fixture(scope="module")
def manifest(shared_dir) -> dict[str, dict[str, str]]:
    with open(shared_dir / "corpus" / "scotus" / "manifest.csv", encoding="utf-8", newline="") as fh:
        return {row["case_name"]: row for row in csv.DictReader(fh)}


def test_one_record_per_case_with_source_metadata(manifest):
    records = {r.source_id: r for r in _read(CASES) if isinstance(r, OpinionRecord)}
    full = [c for c in _cases() if c["casebody"].get("status", "ok") == "ok"]
    assert set(records) == {str(c["id"]) for c in full}
    for case in full:
        rec = records[str(case["id"])]
        expected = manifest[case["name_abbreviation"]]
        assert rec.source == "cap" and rec.case_name == expected["case_name"]
        assert rec.reporter_citations[0] == expected["us_citation"]  # the official cite first
        assert rec.court_id == "scotus" and rec.provenance["court_id"] == "inferred:court-name"
        assert rec.precedential_status == "published"
        assert rec.docket_number == case["docket_number"]


def test_majority_and_dissent_are_combined_in_order():
    case = next(
        c for c in _cases() if len(c["casebody"].get("data", c["casebody"]).get("opinions") or []) > 1
    )
    rec = next(r for r in _read(CASES) if isinstance(r, OpinionRecord) and r.source_id == str(case["id"]))
    majority, dissent = (o["text"] for o in case["casebody"]["data"]["opinions"])
    assert rec.text.index(majority[:60]) < rec.text.index(dissent[:60])
    assert rec.text.startswith(case["casebody"]["data"]["head_matter"][:40])


def test_only_a_full_date_is_a_source_date():
    records = {r.source_id: r for r in _read(CASES) if isinstance(r, OpinionRecord)}
    for case in _cases():
        rec = records.get(str(case["id"]))
        if rec is None:
            continue
        if len(case["decision_date"]) == 10:
            assert rec.date_decided.isoformat() == case["decision_date"]
            assert rec.provenance["date_decided"] == "source"
        else:  # "1982-06": not a date; whatever was recovered comes from the text, and agrees with the month
            assert rec.provenance.get("date_decided", "").startswith("inferred:") or rec.date_decided is None
            if rec.date_decided:
                assert rec.date_decided.isoformat().startswith(case["decision_date"])


def test_withheld_and_truncated_lines_are_rejected():
    rejections = [r for r in _read(CASES) if isinstance(r, Rejection)]
    withheld = next(c for c in _cases() if c["casebody"].get("status") not in (None, "ok"))
    assert [(r.reason, r.source_id) for r in rejections] == [
        ("empty", str(withheld["id"])),
        ("truncated", None),
    ]
    assert "line 5" in rejections[-1].detail


def test_static_export_shape_without_data_level():
    case = next(c for c in _cases() if "data" not in c["casebody"])
    rec = next(r for r in _read(CASES) if isinstance(r, OpinionRecord) and r.source_id == str(case["id"]))
    assert case["casebody"]["opinions"][0]["text"][:80] in rec.text


def test_xz_compressed_jsonl_like_the_bulk_download(tmp_path):
    packed = tmp_path / "data.jsonl.xz"
    packed.write_bytes(lzma.compress(CASES.read_bytes()))
    assert cap.sniff(packed, packed.read_bytes()[:65536])
    plain = [(r.source_id, r.text) for r in _read(CASES) if isinstance(r, OpinionRecord)]
    assert [(r.source_id, r.text) for r in _read(packed) if isinstance(r, OpinionRecord)] == plain


def test_sniff_refuses_other_json(shared_dir):
    assert cap.sniff(CASES, CASES.read_bytes()[:65536])
    for path in [
        shared_dir / "corpus" / "scotus" / "opinions" / "110763.json",
        shared_dir / "corpus" / "courtlistener-ca1" / "opinions" / "1036108.json",
        Path(__file__).parent / "fixtures" / "feeds" / "api" / "search-ca4.json",
    ]:
        assert not cap.sniff(path, path.read_bytes()[:65536]), path


def test_case_to_record_is_pure_and_rejects_textless_cases():
    case = _cases()[0]
    assert cap.case_to_record(case) == cap.case_to_record(json.loads(json.dumps(case)))
    empty = dict(case, casebody={"status": "ok", "data": {"opinions": [], "head_matter": ""}})
    out = cap.case_to_record(empty, path="x.jsonl")
    assert isinstance(out, Rejection) and out.reason == "empty"


def test_a_recovered_date_must_agree_with_the_partial_cap_date():
    case = next(c for c in _cases() if len(c["decision_date"]) == 7)
    agrees = cap.case_to_record(case)
    assert agrees.date_decided and agrees.date_decided.isoformat().startswith(case["decision_date"])
    wrong_month = dict(case, decision_date="1982-01")
    disagrees = cap.case_to_record(wrong_month)
    assert disagrees.date_decided is None and "date_decided" not in disagrees.provenance


@pytest.mark.parametrize(
    ("name", "court"),
    [
        ("Supreme Court of the United States", "scotus"),
        ("Illinois Supreme Court", "ill"),
        ("United States Court of Appeals for the Ninth Circuit", "ca9"),
        ("United States District Court for the Southern District of New York", "nysd"),
        ("United States Bankruptcy Court for the Southern District of New York", "nysb"),
    ],
)
def test_cap_court_names_map_to_courts_db_ids(name, court):
    case = dict(_cases()[0], court={"name": name, "name_abbreviation": ""})
    rec = cap.case_to_record(case)
    assert rec.court_id == court and rec.provenance["court_id"] == "inferred:court-name"
