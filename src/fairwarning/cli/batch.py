"""CLI commands ``fairwarning batch ...``: partitioned ingest and labeling on Dask (thin: parse, call, format)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from fairwarning.cli._app import DbOption, app, db_path, err_console, print_json

__all__ = ["batch_ingest_command"]

batch_app = typer.Typer(help="Batch processing on a Dask cluster (local by default).", no_args_is_help=True)
app.add_typer(batch_app, name="batch")

out = Console(highlight=False, soft_wrap=True)


@batch_app.command("ingest")
def batch_ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of opinions (recursive; formats by content).")],
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="Local Dask workers (one process each); ignored with --scheduler.")] = 2,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (tcp://HOST:8786) of a running cluster whose "
                     "workers have fairwarning installed and see the input paths. Default: a local cluster.",
                     show_default=False),
    ] = None,
    partition_size: Annotated[
        int, typer.Option("--partition-size", help="Files per partition of a folder; rows per partition of a "
                          "bulk CSV or CAP JSONL; opinions per labeling partition.")
    ] = 100,
    label: Annotated[bool, typer.Option("--label", help="Also label every new or changed opinion.")] = False,
    shards: Annotated[
        Path | None,
        typer.Option("--shards", help="Folder for the Parquet shards (default: STORE.shards beside the store).",
                     show_default=False),
    ] = None,
    keep_shards: Annotated[bool, typer.Option("--keep-shards", help="Keep the shards after a complete run.")] = False,
    max_mb: Annotated[
        float | None, typer.Option("--max-mb", help="Reject single files larger than this (default: the reader's).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Ingest (and with --label, label) on Dask workers: the same store as `ingest` + `label`, resumable per
    partition (re-run the same command after an interruption). Exit 1 when any input was rejected."""
    from fairwarning.batch import BatchProgress, batch_ingest
    from fairwarning.corpus.store import Store
    from fairwarning.errors import InputError

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}")
    if workers < 1 or partition_size < 1:
        raise InputError("--workers and --partition-size must be 1 or more")
    max_bytes = int(max_mb * 1024 * 1024) if max_mb is not None else None
    path = db_path(db)

    def report(p: BatchProgress) -> None:
        if err_console.is_terminal:  # a live counter on a terminal; nothing in logs
            err_console.print(f"{p.stage}: {p.partitions_done} partition(s) merged", end="\r", highlight=False)

    with Store(path) as store:
        try:
            summary = batch_ingest(
                paths, store, workers=workers, scheduler=scheduler, partition_size=partition_size, label=label,
                shard_dir=shards, keep_shards=keep_shards, max_bytes=max_bytes, progress=report,
            )
        except KeyboardInterrupt:
            err_console.print("interrupted: the files merged and the shards saved so far are kept; re-run the same "
                              "command to resume")
            raise typer.Exit(130) from None
    if as_json:
        print_json({"db": str(path), **summary.to_json()})
    else:
        s = summary.ingest
        out.print(
            f"{s.files} files ({s.skipped} already done), {s.records} records in {summary.seconds:.1f} s on "
            f"{summary.workers} Dask worker(s) ({summary.scheduler}); {summary.partitions} partitions "
            f"({summary.reused_shards} reused from an interrupted run) -> {path}"
        )
        out.print(f"ingested:   {s.ingested}; duplicates merged: {s.duplicates}")
        out.print(f"citations:  {s.citations} new, {s.resolved_citations} resolved in the store")
        reasons = ", ".join(f"{k} {v}" for k, v in s.rejected.items())
        out.print(f"rejected:   {s.total_rejected}" + (f" ({reasons})" if reasons else ""))
        if label:
            out.print(f"labeled:    {summary.labeled} with {summary.labeler_version}")
    raise typer.Exit(1 if summary.ingest.total_rejected else 0)
