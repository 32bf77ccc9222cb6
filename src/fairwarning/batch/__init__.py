"""Batch processing on Dask: ingest and labeling split into partitions, processed on workers, merged by one writer.

Home of the partitioning, the worker tasks and the single-writer merge into the store. Depends on
:mod:`fairwarning.corpus` and :mod:`fairwarning.labeler`, never on the CLI or the web application.
"""
