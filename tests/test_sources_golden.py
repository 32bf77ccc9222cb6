"""Golden files for the source adapters, on real corpus files.

Each case reads one real file through discover() + read_records() and compares the records (metadata,
provenance, text length, hash and opening) with ``tests/golden/sources/<name>.json``. A missing golden file is
written and the test fails until a person has reviewed it; ``UPDATE_GOLDEN=1`` regenerates them all.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from fairwarning.corpus.sources import Companions, discover, read_records
from fairwarning.corpus.text import text_hash
from fairwarning.models import OpinionRecord, Rejection

GOLDEN = Path(__file__).parent / "golden" / "sources"

#: (golden name, file under the corpus, why it is here)
CASES = [
    (
        "scotus-v2-empty-plain-text",
        "scotus/opinions/107411.json",
        "v2 object, plain_text empty: text from HTML",
    ),
    ("scotus-v2-no-us-cite", "scotus/opinions/217703.json", "al-Kidd: v2 object without a U.S. cite"),
    ("sample-repr-nested-cluster", "courtlistener-sample/opinions/1004207.json", "repr-string docket values"),
    ("sample-state-court", "courtlistener-sample/opinions/2069885.json", "state court one-line order"),
    ("ca1-usage-message", "courtlistener-ca1/opinions/194492.json", "plain_text is wpd2html usage: use html"),
    ("ca1-errata", "courtlistener-ca1/opinions/147477.json", "errata sheet, kept and flagged"),
    ("ca1-unpublished", "courtlistener-ca1/opinions/149679.json", "Not for Publication in West's"),
    ("ca1-published-pdf", "courtlistener-ca1/opinions/183761.json", "standalone date line before PER CURIAM"),
    ("ca2-opinion", "courtlistener-ca1/opinions/2448.json", "Second Circuit: (Argued ... Decided ...)"),
    (
        "ca2-summary-order",
        "courtlistener-ca1/opinions/3408.json",
        "summary order, 'day of ... two thousand ten'",
    ),
    ("bulk-resource-ca2", "courtlistener-ca1/opinions/237584.json", "court from caption, no court URL"),
    ("sample-extraction-failure", "courtlistener-sample/opinions/2738152.json", "rejected: not an opinion"),
]


def _companions(corpus_dir: Path) -> Companions:
    _, companions, _ = discover(
        [corpus_dir / "courtlistener-ca1" / "ca1-inventory.csv", corpus_dir / "scotus" / "manifest.csv"]
    )
    return companions


def _summary(item: OpinionRecord | Rejection) -> dict[str, Any]:
    if isinstance(item, Rejection):
        return {"rejected": item.reason, "detail": item.detail, "source_id": item.source_id}
    return {
        "source": item.source,
        "source_id": item.source_id,
        "case_name": item.case_name,
        "court_id": item.court_id,
        "date_decided": item.date_decided.isoformat() if item.date_decided else None,
        "precedential_status": item.precedential_status,
        "docket_number": item.docket_number,
        "reporter_citations": list(item.reporter_citations),
        "document_type": item.document_type,
        "provenance": dict(sorted(item.provenance.items())),
        "url": item.url,
        "cluster_id": item.cluster_id,
        "text_chars": len(item.text),
        "text_hash": text_hash(item.text),
        "text_start": item.text[:300],
    }


@pytest.mark.parametrize(("name", "rel", "why"), CASES, ids=[c[0] for c in CASES])
def test_adapter_golden(name: str, rel: str, why: str, corpus_dir: Path) -> None:
    path = corpus_dir / rel
    inputs, _, rejections = discover([path])
    assert not rejections, rejections
    assert len(inputs) == 1
    items = list(read_records(inputs[0], _companions(corpus_dir)))
    got = {"file": rel, "why": why, "format": inputs[0].format, "records": [_summary(i) for i in items]}
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN") or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(
            json.dumps(got, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        pytest.fail(f"wrote {golden}: review it, then re-run (UPDATE_GOLDEN=1 regenerates)")
    assert got == json.loads(golden.read_text(encoding="utf-8"))
