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


def ingest_files(files: Sequence[InputFile], companions: Companions, label_version: str | None = None) -> bytes:
    """Read, parse and extract every file of a file-list partition; each file's items end with its marker. With
    ``label_version``, each opinion is labeled too (see :func:`_labels`)."""
    from fairwarning.corpus.ingest import process_file

    _warm()
    items: list[Item] = []
    for f in files:
        items.extend(process_file(f, companions))
        items.append(FileEnd(f.path, f.size, f.mtime_ns))
    return encode_items(items, _labels(items, label_version))


def ingest_records(items: Sequence[OpinionRecord | Rejection], label_version: str | None = None) -> bytes:
    """Prepare (hash, defects, citations) a row range of a streamed file, already read into records (and with
    ``label_version`` label each opinion)."""
    from fairwarning.corpus.ingest import prepare_record

    _warm()
    prepared: list[Item] = [i if isinstance(i, Rejection) else prepare_record(i) for i in items]
    return encode_items(prepared, _labels(prepared, label_version))


def _labels(items: Sequence[Item], version: str | None) -> list[Any] | None:
    """What ``label`` would write for each opinion as the writer will store it (its text, hash, court, date and
    status), made here while the text is at hand; the writer gives it the opinion's id, and uses it only when the
    stored opinion is exactly what was labeled (else the opinion is labeled later, as ``label`` would)."""
    if version is None:
        return None
    from fairwarning.corpus.ingest import Prepared
    from fairwarning.labeler.storage import label_pending

    out: list[Any] = []
    for item in items:
        if not isinstance(item, Prepared):
            out.append(None)
            continue
        r = item.record
        out.append(label_pending({"id": 0, "text": r.text, "text_hash": item.text_hash, "court_id": r.court_id,
                                  "date_decided": r.date_decided.isoformat() if r.date_decided else None,
                                  "precedential_status": r.precedential_status}, version=version))
    return out


def label_opinions(rows: Sequence[dict[str, Any]], version: str) -> bytes:
    """Label an id range of pending opinions (rows of :func:`fairwarning.labeler.storage.pending_batches`)."""
    from fairwarning.labeler.storage import label_pending

    return encode_label_rows(label_pending(r, version=version) for r in rows)
