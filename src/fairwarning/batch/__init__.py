"""Batch processing on Dask: ingest and labeling split into partitions, processed on workers, merged by one writer.

- :mod:`fairwarning.batch.pipeline` — :func:`batch_ingest`: partitioning (file lists, row ranges of streamed
  files, id ranges for labels), the cluster (LocalCluster or a scheduler address), resume, the ordered merge;
- :mod:`fairwarning.batch.tasks` — what a worker runs for one partition;
- :mod:`fairwarning.batch.shards` — the Parquet shards between them.

Depends on :mod:`fairwarning.corpus` and :mod:`fairwarning.labeler`, never on the CLI or the web application.
Needs the ``dask`` and ``parquet`` extras.
"""

from fairwarning.batch.pipeline import BatchProgress, BatchSummary, batch_ingest, default_shard_dir

__all__ = ["BatchProgress", "BatchSummary", "batch_ingest", "default_shard_dir"]
