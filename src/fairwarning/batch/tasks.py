"""The work a Dask worker does for one partition; each task returns the partition's shard as Parquet bytes.

Pure functions of their arguments (the same partition always gives the same bytes' content), built from the
serial pipeline's own stages: :func:`fairwarning.corpus.ingest.process_file` (read, parse, metadata,
citations), :func:`fairwarning.corpus.ingest.prepare_record` and
:func:`fairwarning.labeler.storage.label_pending`. Workers must be able to import fairwarning and, for file
partitions, read the input paths (a shared filesystem on a cluster).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fairwarning.batch.shards import FileEnd, Item, encode_items, encode_label_rows
from fairwarning.corpus.sources.base import Companions, InputFile
from fairwarning.models import OpinionRecord, Rejection

__all__ = ["ingest_files", "ingest_records", "label_opinions"]

_WARM = False


def _warm() -> None:
    """Once per worker process: quiet eyecite and load the citation tokenizer (as the ingest pool does)."""
    global _WARM
    if _WARM:
        return
    import logging

    from fairwarning.corpus.citations import warm_up

    logging.getLogger("eyecite").setLevel(logging.ERROR)
    warm_up()
    _WARM = True


def ingest_files(files: Sequence[InputFile], companions: Companions) -> bytes:
    """Read, parse and extract every file of a file-list partition; each file's items end with its marker."""
    from fairwarning.corpus.ingest import process_file

    _warm()
    items: list[Item] = []
    for f in files:
        items.extend(process_file(f, companions))
        items.append(FileEnd(f.path, f.size, f.mtime_ns))
    return encode_items(items)


def ingest_records(items: Sequence[OpinionRecord | Rejection]) -> bytes:
    """Prepare (hash, defects, citations) a row range of a streamed file, already read into records."""
    from fairwarning.corpus.ingest import prepare_record

    _warm()
    return encode_items([i if isinstance(i, Rejection) else prepare_record(i) for i in items])


def label_opinions(rows: Sequence[dict[str, Any]], version: str) -> bytes:
    """Label an id range of pending opinions (rows of :func:`fairwarning.labeler.storage.pending_batches`)."""
    from fairwarning.labeler.storage import label_pending

    return encode_label_rows(label_pending(r, version=version) for r in rows)
