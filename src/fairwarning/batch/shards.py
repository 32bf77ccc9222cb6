"""Parquet shards: what a worker made from one partition, written atomically, read back by the single writer.

An *ingest shard* holds one row per item in input order: ``kind`` is ``record`` (a prepared opinion: the
:class:`~fairwarning.models.OpinionRecord` columns, its ``text_hash`` and its ``citations`` as a list of structs),
``rejection`` (a :class:`~fairwarning.models.Rejection`) or ``file_end`` (every item of ``file`` precedes it: the
writer marks the file done and commits); with labeling, a record row's ``label`` holds the label rows the worker
made for it (JSON, opinion id 0: the writer gives the id). A *label shard* holds one labels-table row per opinion, as JSON
(``row``), exactly as :func:`fairwarning.labeler.storage.label_pending` made it.

A shard is complete when its file exists: it is written to a temporary name in the same folder and renamed.
Needs ``pyarrow`` (the ``parquet`` extra).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fairwarning.corpus.citations import FoundCitation
from fairwarning.corpus.ingest import Prepared
from fairwarning.models import OpinionRecord, Rejection

__all__ = ["FileEnd", "Item", "decode_labeled_items", "decode_label_rows", "encode_items", "encode_label_rows", "save"]


@dataclass(frozen=True)
class FileEnd:
    """Every item of ``path`` came before this marker."""

    path: str
    size: int
    mtime_ns: int


Item = Prepared | Rejection | FileEnd

_RECORD_COLUMNS = ("source", "source_id", "text", "case_name", "court_id", "precedential_status",
                   "docket_number", "document_type", "path", "url", "cluster_id")


def _schema() -> Any:
    import pyarrow as pa

    cite = pa.struct([
        ("start", pa.int64()), ("end", pa.int64()), ("matched_text", pa.string()), ("kind", pa.string()),
        ("normalized", pa.string()), ("pin_cite", pa.string()), ("scdb_verified", pa.bool_()),
    ])
    return pa.schema([
        ("kind", pa.string()),
        *((name, pa.string()) for name in _RECORD_COLUMNS),
        ("date_decided", pa.string()),
        ("reporter_citations", pa.list_(pa.string())),
        ("provenance", pa.string()),
        ("text_hash", pa.string()),
        ("citations", pa.list_(cite)),
        ("reason", pa.string()),
        ("detail", pa.string()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("label", pa.string()),
    ])


def _row(item: Item) -> dict[str, Any]:
    if isinstance(item, FileEnd):
        return {"kind": "file_end", "path": item.path, "size": item.size, "mtime_ns": item.mtime_ns}
    if isinstance(item, Rejection):
        return {"kind": "rejection", "path": item.path, "source_id": item.source_id, "reason": item.reason,
                "detail": item.detail}
    r = item.record
    out: dict[str, Any] = {name: getattr(r, name) for name in _RECORD_COLUMNS}
    out.update(
        kind="record",
        date_decided=r.date_decided.isoformat() if r.date_decided else None,
        reporter_citations=list(r.reporter_citations),
        provenance=json.dumps(r.provenance, ensure_ascii=False),  # key order kept (the store sorts them)
        text_hash=item.text_hash,
        citations=[c.__dict__ for c in item.citations],
    )
    return out


def encode_items(items: Iterable[Item], labels: list[Any] | None = None) -> bytes:
    """An ingest shard (Parquet bytes, zstd) holding ``items`` in order, and for each opinion the label rows made
    for it on the worker when ``labels`` (aligned with ``items``) is given."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [_row(i) for i in items]
    for row, lab in zip(rows, labels or (), strict=False):
        row["label"] = None if lab is None else json.dumps(list(lab), ensure_ascii=False)
    table = pa.Table.from_pylist(rows, schema=_schema())
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def decode_labeled_items(path: str | Path) -> Iterator[tuple[Item, Any | None]]:
    """The items of an ingest shard, in order, each with the label rows the worker made for it (or None)."""
    import pyarrow.parquet as pq

    shard = pq.ParquetFile(path)
    for group in range(shard.num_row_groups):
        for row in shard.read_row_group(group).to_pylist():
            label = row.get("label")
            yield _item(row), (None if label is None else json.loads(label))


def _item(row: dict[str, Any]) -> Item:
    kind = row["kind"]
    if kind == "file_end":
        return FileEnd(row["path"], int(row["size"]), int(row["mtime_ns"]))
    if kind == "rejection":
        return Rejection(row["path"], row["reason"], row["detail"], row["source_id"])
    record = OpinionRecord(
        **{name: row[name] for name in _RECORD_COLUMNS},
        date_decided=dt.date.fromisoformat(row["date_decided"]) if row["date_decided"] else None,
        reporter_citations=tuple(row["reporter_citations"] or ()),
        provenance=json.loads(row["provenance"]),
    )
    cites = tuple(FoundCitation(**c) for c in row["citations"] or ())
    return Prepared(record, row["text_hash"], cites)


def encode_label_rows(rows: Iterable[Any]) -> bytes:
    """A label shard: what :func:`fairwarning.labeler.storage.label_pending` made for each opinion, as JSON."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"row": pa.array([json.dumps(list(r), ensure_ascii=False) for r in rows], pa.string())})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def decode_label_rows(path: str | Path) -> list[Any]:
    import pyarrow.parquet as pq

    return [json.loads(s) for s in pq.read_table(path).column("row").to_pylist()]


def save(data: bytes, path: Path) -> None:
    """Write a shard atomically (temporary file in the same folder, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
