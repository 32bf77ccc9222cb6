"""`fairwarning label`, `export labels` and `eval labels` on a store ingested from the whole shared corpus
(a private copy of the session's ``corpus_db``, since labeling writes)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fairwarning.cli import app
from fairwarning.corpus.store import Store
from fairwarning.labeler import GOLD_FIELDS, LABELER_VERSION
from fairwarning.labeler.storage import EXPORT_KEYS, label_store, load_labels, pending_count

runner = CliRunner()


@pytest.fixture(scope="module")
def labeled_db(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the corpus store, labeled once by the CLI."""
    path = tmp_path_factory.mktemp("labels") / "labels.db"
    src = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    dst = sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()
    result = runner.invoke(app, ["label", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "labeled" in result.output
    return path


def _gold_path(shared_dir: Path) -> Path:
    return shared_dir / "eval" / "labels-dev.jsonl"


def test_label_is_incremental(labeled_db: Path) -> None:
    result = runner.invoke(app, ["label", "--db", str(labeled_db), "--json"])
    assert result.exit_code == 0, result.output
    run = json.loads(result.output)
    assert run["labeled"] == 0 and run["up_to_date"] == run["total"] > 2000


def test_changed_opinion_is_labeled_again(labeled_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "changed.db"
    src, dst = sqlite3.connect(labeled_db), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    with Store(copy) as store:
        oid = store.conn.execute("SELECT opinion_id FROM labels WHERE qi_decided = 1 LIMIT 1").fetchone()[0]
        with store.transaction() as conn:
            conn.execute("UPDATE opinions SET text_hash = text_hash || '-edited' WHERE id = ?", (oid,))
        assert pending_count(store) == 1
        run = label_store(store)
        assert run.labeled == 1 and pending_count(store) == 0
        # a new labeler version labels everything again, keeping the old version's rows
        run2 = label_store(store, version="test-next")
        assert run2.labeled == run2.total
        versions = {r[0] for r in store.conn.execute("SELECT DISTINCT labeler_version FROM labels")}
        assert {LABELER_VERSION, "test-next"} <= versions


def test_stored_evidence_points_into_stored_text(labeled_db: Path) -> None:
    with Store(labeled_db, readonly=True) as store:
        n = 0
        for s in load_labels(store, qi_only=True):
            text = store.conn.execute("SELECT text FROM opinions WHERE id = ?", (s.opinion_id,)).fetchone()[0]
            for e in s.label.evidence:
                assert " ".join(text[e.start:e.end].split()) == e.text
            n += 1
        assert n >= 20


def test_export_jsonl_has_the_gold_keys_and_cl_ids(labeled_db: Path, shared_dir: Path) -> None:
    result = runner.invoke(app, ["export", "labels", "--db", str(labeled_db), "--format", "jsonl", "--qi-only"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records and all(list(r) == list(EXPORT_KEYS) for r in records)
    assert all(r["qi_decided"] is True for r in records)
    by_cl = {r["source_id"]: r for r in records if (r["source"] or "").startswith("courtlistener")}
    gold = [json.loads(line) for line in _gold_path(shared_dir).read_text().splitlines()]
    decided_gold = [g for g in gold if g["qi_decided"]]
    found = [g for g in decided_gold if g["cl_opinion_id"] in by_cl]
    assert len(found) >= len(decided_gold) - 1
    for g in found:
        r = by_cl[g["cl_opinion_id"]]
        assert r["qi_outcome"] in ("granted", "denied", "mixed")
        # the gold schema's own keys: the CourtListener id, the deciding court, the case name and date
        assert r["cl_opinion_id"] == g["cl_opinion_id"] and r["court"] == g["court"] and r["case_name"]
    same_date = [g for g in found if by_cl[g["cl_opinion_id"]]["date_decided"] == g["date_decided"]]
    assert len(same_date) >= len(found) - 2  # the store's date can be CourtListener's filing date


def test_exported_evidence_quotes_the_stored_text(labeled_db: Path) -> None:
    """The export carries the gold key ``evidence`` (verbatim quotes) and where each quote is in the stored text."""
    result = runner.invoke(app, ["export", "labels", "--db", str(labeled_db), "--format", "jsonl", "--qi-only"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    conn = sqlite3.connect(labeled_db)
    checked = 0
    for r in records:
        assert r["evidence"], f"opinion {r['opinion_id']} decides QI but exports no evidence"
        text = conn.execute("SELECT text FROM opinions WHERE id = ?", (r["opinion_id"],)).fetchone()[0]
        spans = r["evidence_spans"]
        assert {s["field"] for s in spans} >= {"qi_decided", "qi_outcome"}
        quoted = {" ".join(text[s["start"]:s["end"]].split()) for s in spans}
        assert quoted == set(r["evidence"])
        checked += len(spans)
    conn.close()
    assert checked > 50


def test_export_csv_and_parquet(labeled_db: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "labels", "--db", str(labeled_db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == list(EXPORT_KEYS) and len(rows) > 2000
    decided = [r for r in rows if r["qi_decided"] == "True"]
    assert decided and all(json.loads(r["evidence"]) for r in decided)  # free-text quotes as JSON, not |-joined
    out = tmp_path / "labels.parquet"
    result = runner.invoke(app, ["export", "labels", "--db", str(labeled_db), "--format", "parquet", "--out", str(out)])
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    table = pq.read_table(out)
    assert table.num_rows == len(rows) and table.column_names == list(EXPORT_KEYS)


def test_eval_says_na_when_a_binary_field_has_no_true_case(labeled_db: Path, shared_dir: Path, tmp_path: Path) -> None:
    """On gold lines where no opinion skips the merits, merits_skipped P/R/F1 are undefined: 'n/a', not 0.000."""
    lines = _gold_path(shared_dir).read_text(encoding="utf-8").splitlines()
    subset = [line for line in lines if not json.loads(line)["merits_skipped"]][:3]
    gold = tmp_path / "subset.jsonl"
    gold.write_text("\n".join(subset) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "labels", "--db", str(labeled_db), "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("merits_skipped "))
    section = result.output.split("== merits_skipped", 1)[1].split("\n== ", 1)[0]
    predicted_true = "-> true" in section
    assert (row.split()[-3:] == ["n/a", "n/a", "n/a"]) == (not predicted_true)
    assert ("n/a: no true case" in result.output) == (not predicted_true)
    row = next(line for line in result.output.splitlines() if line.startswith("qi_decided "))
    assert "n/a" not in row


def test_export_rejects_unknown_format(labeled_db: Path) -> None:
    result = runner.invoke(app, ["export", "labels", "--db", str(labeled_db), "--format", "xlsx"])
    assert result.exit_code != 0
    assert "jsonl" in str(result.exception) or "jsonl" in result.output


def test_eval_labels_reports_every_field(labeled_db: Path, shared_dir: Path) -> None:
    result = runner.invoke(app, ["eval", "labels", "--db", str(labeled_db), "--gold", str(_gold_path(shared_dir))])
    assert result.exit_code == 0, result.output
    for name in GOLD_FIELDS:
        assert f"== {name}" in result.output
    assert "matched to stored labels: 22" in result.output
    assert "confusion" in result.output and "== disagreements" in result.output


def test_eval_labels_json_and_missing_ids(labeled_db: Path, shared_dir: Path, tmp_path: Path) -> None:
    gold = _gold_path(shared_dir).read_text().splitlines()
    unknown = json.loads(gold[0])
    unknown["cl_opinion_id"] = "999999999"
    wrong = json.loads(gold[1])
    wrong["qi_decided"] = not wrong["qi_decided"]  # a deliberate disagreement
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(gold[2:] + [json.dumps(unknown), json.dumps(wrong)]) + "\n")
    result = runner.invoke(app, ["eval", "labels", "--db", str(labeled_db), "--gold", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["missing"] == ["999999999"] and report["n_matched"] == 21
    assert set(report["fields"]) == set(GOLD_FIELDS)
    assert any(d["cl_opinion_id"] == wrong["cl_opinion_id"] and d["field"] == "qi_decided"
               for d in report["disagreements"])


@pytest.mark.parametrize(("command", "line", "says"), [
    ("labels", '{"cl_opinion_id": "1"}', "bad.jsonl line 1 lacks qi_decided"),
    ("rulings", '{"cl_opinion_id": "1", "rulings": [{"right": "other"}]}', "bad.jsonl line 1: a ruling lacks qi_decided"),
])
def test_eval_rejects_a_malformed_gold_file(labeled_db: Path, tmp_path: Path, command: str, line: str,
                                            says: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n")
    result = runner.invoke(app, ["eval", command, "--db", str(labeled_db), "--gold", str(path)])
    assert result.exit_code != 0
    assert says in str(result.exception)


def _dev_rulings(shared_dir: Path) -> list[dict[str, object]]:
    """Per-right rulings read off the dev labels where the label fixes them: one ruling for a single-right QI
    opinion, none for an opinion that decides no QI (multi-right opinions are left out: their split is not in the
    label)."""
    out: list[dict[str, object]] = []
    for line in _gold_path(shared_dir).read_text().splitlines():
        g = json.loads(line)
        if g["qi_decided"] and len(g["rights"]) != 1:
            continue
        rulings = [{"right": g["rights"][0], **{k: g[k] for k in ("qi_decided", "qi_outcome", "prong1", "prong2",
                                                                    "merits_skipped")}}] if g["qi_decided"] else []
        out.append({"cl_opinion_id": g["cl_opinion_id"], "case_name": g["case_name"], "rulings": rulings})
    return out


def test_eval_rulings_scores_the_stored_rulings(labeled_db: Path, shared_dir: Path, tmp_path: Path) -> None:
    gold = _dev_rulings(shared_dir)
    path = tmp_path / "rulings.jsonl"
    path.write_text("\n".join(json.dumps(g) for g in gold) + "\n")
    result = runner.invoke(app, ["eval", "rulings", "--db", str(labeled_db), "--gold", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["n_matched"] == len(gold) and report["missing"] == []
    n_qi = sum(1 for g in gold if g["rulings"])
    assert report["qi_rights"]["support"] == n_qi
    # the dev labels are matched field by field on the opinion level, so every single-right QI ruling is found
    assert report["qi_rights"]["recall"] == 1.0
    text = runner.invoke(app, ["eval", "rulings", "--db", str(labeled_db), "--gold", str(path)]).output
    assert "QI rulings right in every field" in text and "== prong1" in text
