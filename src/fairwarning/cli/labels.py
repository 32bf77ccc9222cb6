"""CLI commands for labels: ``label``, ``export labels``, ``eval labels``, ``eval rulings`` (thin: parse, call, format)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, TextIO, cast

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from fairwarning.cli._app import (
    DbOption,
    app,
    atomic_output,
    atomic_path,
    db_path,
    err_console,
    errors_as_json,
    eval_app,
    export_app,
    wait_notice,
)

__all__ = ["label_command", "export_labels_command", "eval_labels_command", "eval_rulings_command"]

VersionOption = Annotated[
    str | None,
    typer.Option("--labeler-version", help="Labels of this labeler version (default: the current one).",
                 show_default=False),
]
_FORMATS = ("jsonl", "csv", "parquet")

out = Console(highlight=False, soft_wrap=True)



def _version(version: str | None) -> str:
    from fairwarning.labeler import LABELER_VERSION

    return version or LABELER_VERSION


@app.command("label")
def label_command(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
) -> None:
    """Label every new or changed opinion in the store with the current labeler (incremental)."""
    from fairwarning.corpus.store import Store
    from fairwarning.labeler import LABELER_VERSION
    from fairwarning.labeler.storage import label_store, pending_count

    path = db_path(db)
    progress = Progress(
        TextColumn("label"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err_console, transient=True,
    )
    with errors_as_json(as_json):
        if not path.exists():
            from fairwarning.errors import StoreError

            raise StoreError(f"no store at {path}: run `fairwarning ingest PATH --db {path}` first")
        with Store(path, on_wait=wait_notice) as store, progress:
            task = progress.add_task("label", total=pending_count(store))
            run = label_store(store, progress=lambda n: progress.advance(task, n))
    if as_json:
        typer.echo(json.dumps({"db": str(path), **vars(run)}, indent=2))
        return
    out.print(
        f"labeled {run.labeled} opinion(s) with {LABELER_VERSION} ({run.qi_decided} decide qualified immunity); "
        f"{run.up_to_date} already up to date; {run.total} in the store"
    )


@export_app.command("labels")
def export_labels_command(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    out_path: Annotated[Path | None, typer.Option("--out", help="Output file (default: standard output; "
                                                  "required for parquet).", show_default=False)] = None,
    qi_only: Annotated[bool, typer.Option("--qi-only", help="Only opinions that decide qualified immunity.")] = False,
    version: VersionOption = None,
) -> None:
    """Export stored labels: opinion_id, source, source_id, the gold schema's keys and values, evidence."""
    from fairwarning.corpus.store import Store
    from fairwarning.errors import InputError
    from fairwarning.labeler.storage import export_records

    if fmt not in _FORMATS:
        raise InputError(f"unknown export format {fmt!r}; valid formats: {', '.join(_FORMATS)}")
    if fmt == "parquet" and out_path is None:
        raise InputError("--format parquet writes a binary file: give --out PATH")
    with Store(db_path(db), readonly=True) as store:
        records = export_records(store, version=_version(version), qi_only=qi_only)
        if fmt == "parquet":
            assert out_path is not None
            with atomic_path(out_path) as tmp:
                count = _write_parquet(list(records), tmp)
        elif out_path is None:
            count = _write_text(records, fmt, sys.stdout)
        else:
            with atomic_output(out_path) as stream:  # a full disk never leaves a truncated export in place
                count = _write_text(records, fmt, cast(TextIO, stream))
    if out_path is not None:
        err_console.print(f"wrote {count} label(s) to {out_path}")


def _write_text(records: Iterable[dict[str, Any]], fmt: str, stream: TextIO) -> int:
    """Stream records as JSON lines or CSV (see :func:`_csv_cell`); return the count."""
    from fairwarning.labeler.storage import EXPORT_KEYS

    writer = csv.DictWriter(stream, fieldnames=list(EXPORT_KEYS), lineterminator="\n") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    n = 0
    for r in records:
        if writer is None:
            stream.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            writer.writerow({k: _csv_cell(k, v) for k, v in r.items()})
        n += 1
    return n


def _csv_cell(key: str, value: Any) -> Any:
    """Label lists joined with ``|``, nulls empty; the evidence columns (free text) as JSON; a cell a spreadsheet
    would run as a formula (``=HYPERLINK(...)``, ``+cmd|...``) prefixed with ``'``."""
    from fairwarning.analysis.escape import csv_cell

    if key.startswith("evidence"):
        return csv_cell(json.dumps(value, ensure_ascii=False))
    if isinstance(value, list):
        value = "|".join(value)
    if isinstance(value, str):  # a bare CR is not quoted by the csv module (lineterminator is \n): it would split the row
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "" if value is None else csv_cell(value)


def _write_parquet(records: list[dict[str, Any]], path: Path) -> int:
    from fairwarning.errors import InputError

    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise InputError("parquet export needs pyarrow: install fairwarning[parquet]") from exc
    from fairwarning.labeler.storage import EXPORT_KEYS

    columns = {k: [r[k] for r in records] for k in EXPORT_KEYS}
    try:
        pq.write_table(pa.table(columns), path)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"cannot write parquet file {path}: {exc}") from exc
    return len(records)


@eval_app.command("labels")
def eval_labels_command(
    gold: Annotated[Path, typer.Option("--gold", help="Hand-coded labels (JSON lines, gold schema).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    version: VersionOption = None,
) -> None:
    """Score stored labels against a gold file: per-field accuracy, P/R/F1, confusion, disagreements."""
    from fairwarning.labeler.evaluate import evaluate, format_report, parse_gold

    records = parse_gold(_gold_lines(gold), source=str(gold))
    labels, ids, missing, unlabeled = _stored_for(records, db, version)
    predicted = {cl: (oid, labels[oid]) for cl, oid in ids.items() if oid in labels}
    report = evaluate(records, predicted, missing=missing, unlabeled=unlabeled)
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(format_report(report))


@eval_app.command("rulings")
def eval_rulings_command(
    gold: Annotated[Path, typer.Option("--gold", help="Hand-coded per-right rulings (JSON lines: cl_opinion_id, "
                                                      "rulings).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    version: VersionOption = None,
) -> None:
    """Score stored per-right rulings against hand-coded ones: the (opinion, right) pairs of QI rulings, each
    ruling's outcome and prongs, whole holdings right, merits rulings outside QI, confusion, disagreements."""
    from fairwarning.labeler.evaluate import evaluate_rulings, format_rulings_report, parse_rulings_gold

    records = parse_rulings_gold(_gold_lines(gold), source=str(gold))
    labels, ids, missing, unlabeled = _stored_for(records, db, version)
    predicted = {cl: (oid, labels[oid].rulings) for cl, oid in ids.items() if oid in labels}
    report = evaluate_rulings(records, predicted, missing=missing, unlabeled=unlabeled)
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(format_rulings_report(report))


def _gold_lines(gold: Path) -> list[str]:
    from fairwarning.errors import InputError

    try:
        return gold.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read gold file {gold}: {exc}") from exc


def _stored_for(records: list[dict[str, Any]], db: Path | None, version: str | None) -> tuple[
        dict[int, Any], dict[str, int], list[str], list[str]]:
    """The stored labels (with their rulings) of the gold records' opinions: (labels by opinion id, gold id ->
    opinion id, gold ids not stored, gold ids stored but not labeled with ``version``)."""
    from dataclasses import replace

    from fairwarning.corpus.store import Store
    from fairwarning.labeler.storage import load_labels, load_rulings, opinion_ids_for_sources

    with Store(db_path(db), readonly=True) as store:
        ids = opinion_ids_for_sources(store, [r["cl_opinion_id"] for r in records])
        wanted = set(ids.values())
        labels = {s.opinion_id: s.label for s in load_labels(store, version=_version(version))
                  if s.opinion_id in wanted}
        rulings: dict[int, list[Any]] = {}
        for r in load_rulings(store, version=_version(version), opinion_ids=wanted):
            rulings.setdefault(r.opinion_id, []).append(r.ruling)
    labels = {oid: replace(lab, rulings=tuple(rulings.get(oid, ()))) for oid, lab in labels.items()}
    missing = [r["cl_opinion_id"] for r in records if r["cl_opinion_id"] not in ids]
    unlabeled = [r["cl_opinion_id"] for r in records if r["cl_opinion_id"] in ids and ids[r["cl_opinion_id"]] not in labels]
    return labels, ids, missing, unlabeled
