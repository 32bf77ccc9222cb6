"""Streamed multi-record inputs (a CAP JSONL file built from real opinions): batches, order, resolution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairwarning.corpus import ingest as ingest_module
from fairwarning.corpus.citations import extract_citations
from fairwarning.corpus.ingest import ingest
from fairwarning.corpus.store import Store
from test_ingest import canonical_dump

FIRST_CIRCUIT = "United States Court of Appeals for the First Circuit"


def _cap_case(case_id: int, text: str, cites: list[str]) -> dict:
    return {
        "id": case_id,
        "name_abbreviation": f"Case {case_id}",
        "decision_date": "1999-03-04",
        "court": {"name": FIRST_CIRCUIT},
        "citations": [{"type": "official", "cite": c} for c in cites],
        "casebody": {"status": "ok", "data": {"head_matter": "", "opinions": [{"type": "majority", "text": text}]}},
    }


@pytest.fixture(scope="module")
def jsonl(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A CAP JSONL of 12 real First Circuit texts; case 2 carries, as its own reporter citation, a citation
    that case 1's text makes; line 6 is broken."""
    texts = []
    for path in sorted((corpus_dir / "courtlistener-ca1" / "opinions").glob("*.json"))[40:]:
        text = json.loads(path.read_text(encoding="utf-8")).get("plain_text") or ""
        if len(text) > 5000:
            texts.append(text)
        if len(texts) == 12:
            break
    cited = next(c.normalized for c in extract_citations(texts[0]) if c.kind == "full" and c.normalized)
    lines = [json.dumps(_cap_case(1, texts[0], []))]
    lines.append(json.dumps(_cap_case(2, texts[1], [cited])))
    lines += [json.dumps(_cap_case(i + 1, t, [])) for i, t in enumerate(texts[2:5], start=2)]
    lines.append('{"id": 99, "casebody": {"status": "ok", "data": ')  # broken line
    lines += [json.dumps(_cap_case(i + 1, t, [])) for i, t in enumerate(texts[5:], start=5)]
    lines.append(json.dumps(_cap_case(100, texts[3], [])))  # the same text under another id: a duplicate
    folder = tmp_path_factory.mktemp("cap")
    (folder / "cases.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, cited


@pytest.mark.parametrize("workers", [1, 2])
def test_streamed_file_in_small_batches(
    jsonl: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    folder, cited = jsonl
    monkeypatch.setattr(ingest_module, "_BATCH_RECORDS", 3)  # several batches, one transaction for the file
    with Store(tmp_path / f"w{workers}.db") as store:
        summary = ingest([folder], store, workers=workers)
        assert (summary.ingested, summary.duplicates, summary.total_rejected) == (12, 1, 1)
        ids = [store.get_opinion(f"cap:{n}").id for n in (1, 2, 3, 4, 5, 6, 12)]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)  # stored in input order
        resolved = store.conn.execute(
            "SELECT c.resolved_opinion_id FROM citations c JOIN opinion_sources s ON s.opinion_id = c.opinion_id"
            " WHERE s.source_id = '1' AND c.normalized = ?", (cited,)
        ).fetchall()
        target = store.get_opinion("cap:2")
        assert resolved and {r[0] for r in resolved} == {target.id}
        assert target.reporter_citations == (cited,)
        assert {s[1] for s in store.get_opinion("cap:100").sources} == {"4", "100"}
        assert [r.reason for r in store.rejections()] == ["malformed"]


def test_streamed_file_same_store_with_one_or_two_workers(jsonl: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = jsonl
    for workers in (1, 2):
        with Store(tmp_path / f"s{workers}.db") as store:
            ingest([folder], store, workers=workers)
    assert canonical_dump(tmp_path / "s1.db") == canonical_dump(tmp_path / "s2.db")


def test_crash_inside_a_streamed_file_rolls_the_whole_file_back(
    jsonl: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after some batches of a file were written leaves none of that file; a re-run completes it
    and ends with the store of an uninterrupted run."""
    folder, _ = jsonl
    monkeypatch.setattr(ingest_module, "_BATCH_RECORDS", 3)
    with Store(tmp_path / "clean.db") as store:
        ingest([folder], store, workers=1)
    real_batch = ingest_module._prepare_batch
    calls = []

    def failing_batch(records: list) -> list:
        calls.append(len(records))
        if len(calls) == 3:
            raise RuntimeError("simulated crash in the middle of a file")
        return real_batch(records)

    monkeypatch.setattr(ingest_module, "_prepare_batch", failing_batch)
    with Store(tmp_path / "crash.db") as store, pytest.raises(RuntimeError, match="simulated"):
        ingest([folder], store, workers=1)
    with Store(tmp_path / "crash.db") as store:
        assert store.stats()["opinions"] == 0  # the batches already written were rolled back
        monkeypatch.setattr(ingest_module, "_prepare_batch", real_batch)
        ingest([folder], store, workers=1)
    assert canonical_dump(tmp_path / "crash.db") == canonical_dump(tmp_path / "clean.db")
