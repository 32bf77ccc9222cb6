"""Partitioned ingest and labeling on Dask, merged by one writer: the same store as ``ingest`` + ``label``.

:func:`batch_ingest`:

1. discovers the inputs exactly as :func:`fairwarning.corpus.ingest.ingest` does (same files, same order, the
   same companion tables and discovery rejections recorded first);
2. cuts them into partitions: consecutive whole files by file lists (``partition_size`` files each), and each
   streamed file (a CourtListener bulk CSV, a CAP JSONL, any big file) by row ranges (``partition_size`` rows
   each: this process reads the stream once, as ``ingest`` does, and the workers do the hashing, defect checks and
   citation extraction);
3. runs the partitions on Dask workers (a :class:`distributed.LocalCluster` by default, or the scheduler at
   ``scheduler``); each returns a Parquet shard, saved atomically under ``shard_dir`` as it arrives;
4. merges the shards into the store in partition order with the serial writer's own code, each input file
   committed with its ``ingested_files`` row (one transaction per file-list partition; a streamed file in one
   transaction), then resolves citations as ``ingest`` does;
5. with ``label``: each opinion is labeled on the worker that prepared it (its label rows travel in the shard and
   are written with the opinion, once it has an id); an opinion whose stored text or metadata is not what the
   worker labeled (a later copy filled a missing field), and any other opinion ``label`` would label, is then
   labeled by id ranges on the workers, merged in order.

Because the writer applies the same items in the same order through the same functions, the store is the same
as the serial one, row for row and hash for hash, however many workers ran and in whatever order they finished.

Resumable per partition: a shard is keyed by its inputs (paths, sizes, mtimes, row range; for labels the
opinions' ids, text hashes and metadata and the labeler version), so a re-run after an interruption reuses every
complete shard and recomputes only the rest; files already committed to the store are skipped, as ``ingest``
skips them. The shard folder is removed after a complete run unless ``keep_shards``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fairwarning.batch.shards import FileEnd, Item, decode_label_rows, decode_labeled_items, save
from fairwarning.corpus.ingest import IngestSummary, Tally, is_streamed, mark_seen, nothing_in, read_items
from fairwarning.corpus.sources.base import Companions, InputFile
from fairwarning.corpus.store import Store
from fairwarning.errors import FairwarningError, InputError, RemoteError
from fairwarning.models import Rejection

__all__ = ["BatchProgress", "BatchSummary", "Partition", "batch_ingest", "default_shard_dir"]

#: bump when what a shard holds changes, so older shards are not reused
SHARD_FORMAT = "2"


@dataclass(frozen=True)
class Partition:
    """One unit of work. ``kind`` is ``files`` (whole files), ``rows`` (a row range of a streamed file: rows
    ``start``..``stop``-1 of ``files[0]``), ``end`` (the end of a streamed file: nothing to compute) or ``labels``."""

    index: int
    kind: str
    key: str
    files: tuple[InputFile, ...] = ()
    start: int = 0
    stop: int = 0
    payload: tuple[Any, ...] = ()  # the rows of a ``rows`` or ``labels`` partition

    @property
    def shard_name(self) -> str:
        return f"{self.kind}-{self.key}.parquet"


@dataclass(frozen=True)
class BatchProgress:
    stage: str  # "ingest" or "label"
    partitions_done: int
    partitions_total: int | None  # None while a stream is still being read


@dataclass
class BatchSummary:
    ingest: IngestSummary
    workers: int
    scheduler: str  # "local" or the address
    partitions: int = 0
    reused_shards: int = 0  # complete shards from an interrupted run, not recomputed
    labeled: int = 0
    label_partitions: int = 0
    labeler_version: str | None = None
    seconds: float = 0.0
    shard_dir: str = ""
    kept_shards: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["ingest"] = self.ingest.to_json()
        return out


def default_shard_dir(db: Path) -> Path:
    """Where the shards of a batch run into ``db`` are kept until it completes: ``<db>.shards/`` beside it."""
    return db.with_name(db.name + ".shards")


def _key(*parts: object) -> str:
    from importlib.metadata import version

    return hashlib.sha256(repr((SHARD_FORMAT, version("fairwarning"), *parts)).encode()).hexdigest()[:20]


def _companions_key(companions: Companions) -> tuple[tuple[str, str, int, int], ...]:
    """The companion tables with their sizes and mtimes: a changed table changes every ingest shard's key."""
    out = []
    for kind, path in companions.files:
        try:
            st = os.stat(path)
            out.append((kind, path, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((kind, path, -1, -1))
    return tuple(out)


def _file_key(f: InputFile) -> tuple[str, int, int]:
    return (f.path, f.size, f.mtime_ns)


# -- the cluster ------------------------------------------------------------------------------------------------
class _Cluster:
    """A ``distributed.Client`` on a LocalCluster of ``workers`` single-threaded workers, or on ``scheduler``."""

    def __init__(self, workers: int, scheduler: str | None, processes: bool) -> None:
        try:
            import distributed
        except ImportError as exc:
            raise InputError(
                "batch processing needs Dask: install the extras, e.g. `uv sync --extra dask --extra parquet` "
                "or `pip install 'fairwarning[dask,parquet]'`"
            ) from exc
        self.cluster: Any = None
        try:
            if scheduler:
                self.client = distributed.Client(scheduler, timeout="10s")
            else:
                import logging

                self.cluster = distributed.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=":0",
                    silence_logs=logging.ERROR,
                )
                self.client = distributed.Client(self.cluster)
        except Exception as exc:  # an unreachable or malformed address (OSError, TimeoutError, ValueError...)
            raise RemoteError(
                f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}; start one with `dask scheduler` "
                "and workers with `dask worker ADDRESS`, or leave out --scheduler for a local cluster"
            ) from exc
        self.address = scheduler or "local"

    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def worker_cpu_seconds(self) -> float | None:
        """CPU seconds the local cluster's worker processes have used since they started (start-up included);
        None on a remote cluster, whose workers may have served other work."""
        if self.cluster is None:
            return None
        try:
            return round(sum(self.client.run(time.process_time).values()), 3)
        except Exception:  # a worker gone at the end: the figure is informative only
            return None

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


# -- planning -----------------------------------------------------------------------------------------------------
def _plan_ingest(
    files: Sequence[InputFile], companions: Companions, done: dict[str, tuple[int, int]], size: int
) -> Iterator[Partition]:
    """Partitions in input order. Whole-file partitions are cut over *all* files (done or not), so their keys do
    not change when a run is resumed; a partition whose files are all in the store already is left out."""
    index = 0
    group: list[InputFile] = []
    tables = _companions_key(companions)  # a shard with or without labels serves both (see _Merger)

    def flush() -> Iterator[Partition]:
        nonlocal index, group
        if group and any(done.get(f.path) != (f.size, f.mtime_ns) for f in group):
            yield Partition(index, "files", _key("files", [_file_key(f) for f in group], tables),
                            files=tuple(group))
            index += 1
        group = []

    for f in files:
        if not is_streamed(f):
            group.append(f)
            if len(group) >= size:
                yield from flush()
            continue
        yield from flush()
        if done.get(f.path) == (f.size, f.mtime_ns):
            continue
        rows: list[Any] = []
        start = 0
        failures: list[Rejection] = []
        for item in read_items(f, companions, failures):
            rows.append(item)
            if len(rows) >= size:
                yield Partition(index, "rows", _key("rows", _file_key(f), start, start + len(rows), tables),
                                files=(f,), start=start, stop=start + len(rows), payload=tuple(rows))
                index += 1
                start += len(rows)
                rows = []
        if rows:
            yield Partition(index, "rows", _key("rows", _file_key(f), start, start + len(rows), tables),
                            files=(f,), start=start, stop=start + len(rows), payload=tuple(rows))
            index += 1
        yield Partition(index, "end", "", files=(f,), payload=tuple(failures))
        index += 1
    yield from flush()


# -- running ------------------------------------------------------------------------------------------------------
class _Runner:
    """Submits partitions (at most ``window`` in flight), saves each shard as it arrives and hands the shards
    back in partition order."""

    def __init__(self, cluster: _Cluster, shard_dir: Path, window: int, label_version: str | None = None) -> None:
        self.cluster = cluster
        self.label_version = label_version  # ingest partitions are labeled on the workers too
        self.shard_dir = shard_dir
        self.window = window
        self.reused = 0
        self.count = 0

    def _submit(self, p: Partition, companions: Companions, version: str) -> Any:
        from fairwarning.batch import tasks

        target = self.shard_dir / p.shard_name
        if p.kind == "end":
            return None
        if target.exists():
            self.reused += 1
            return None
        submit = self.cluster.client.submit
        if p.kind == "files":
            return submit(tasks.ingest_files, list(p.files), companions, self.label_version, key=f"files-{p.key}",
                          pure=False)
        if p.kind == "rows":
            return submit(tasks.ingest_records, list(p.payload), self.label_version, key=f"rows-{p.key}",
                          pure=False)
        return submit(tasks.label_opinions, list(p.payload), version, key=f"labels-{p.key}", pure=False)

    def _save_done(self, pending: deque[tuple[Partition, Any]]) -> None:
        for p, future in pending:
            if future is not None and future.done():
                self._save(p, future)

    def _save(self, p: Partition, future: Any) -> None:
        target = self.shard_dir / p.shard_name
        if target.exists():
            return
        try:
            data = future.result()
        except FairwarningError:
            raise
        except Exception as exc:  # a worker died or the task failed on a worker: what was saved is kept
            raise RemoteError(
                f"batch partition {p.index} ({p.kind}, {', '.join(f.path for f in p.files[:3]) or 'labels'}) "
                f"failed on a Dask worker: {type(exc).__name__}: {exc}; the shards saved so far are kept in "
                f"{self.shard_dir}: re-run the same command to resume"
            ) from exc
        save(data, target)

    def run(
        self, partitions: Iterator[Partition], companions: Companions, version: str = ""
    ) -> Iterator[tuple[Partition, Path | None]]:
        pending: deque[tuple[Partition, Any]] = deque()
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.window:
                p = next(partitions, None)
                if p is None:
                    exhausted = True
                    break
                self.count += p.kind != "end"
                pending.append((p, self._submit(p, companions, version)))
            if not pending:
                return
            self._save_done(pending)
            p, future = pending.popleft()
            if future is not None:
                self._save(p, future)
                future.release()
            yield p, None if p.kind == "end" else self.shard_dir / p.shard_name


# -- merging ------------------------------------------------------------------------------------------------------
class _Merger:
    """Writes shard items into the store as ``ingest``'s writer does: a file is committed with its
    ``ingested_files`` row (the files of one file-list partition together, a streamed file at its end). With labels
    made on the workers, a newly stored opinion gets its label rows in the same transaction (``fused``: the
    opinion's id -> what was labeled, checked again by :meth:`check_fused` once every item is in)."""

    def __init__(self, store: Store, tally: Tally, done: dict[str, tuple[int, int]],
                 label_version: str | None = None) -> None:
        self.store = store
        self.label_version = label_version
        self.tally = tally
        self.done = done
        self.items_of_file = 0
        self.rejected_of_file = 0
        self.fused: dict[int, tuple[str, str | None, str | None, str]] = {}

    def merge(self, p: Partition, shard: Path | None) -> None:
        if p.kind == "end":  # as ingest ends a streamed file: its read failure is one more item of it; a file
            f = p.files[0]   # without a single row is rejected as empty; all items rejected -> file rejected
            self.write(p.payload)
            if self.tally.file_items == 0:
                self.write([nothing_in(f)])
            self.write([FileEnd(f.path, f.size, f.mtime_ns)], count=False)
            return
        assert shard is not None
        labeled = list(decode_labeled_items(shard))
        if p.kind == "rows":
            self.write([i for i, _ in labeled], labels=[lab for _, lab in labeled])
            return
        # a file-list partition: its items are file by file, each file's ending with its marker; the files an
        # earlier (interrupted) run committed are skipped, as ingest skips them
        # (one transaction for the partition's files: each file still commits with its ingested_files row, and a
        # commit per file cost the writer ~0.4 ms of CPU each, a sixth of its work on the shared corpus)
        files = iter(p.files)
        current = next(files, None)
        for item, lab in labeled:
            skip = current is not None and self.done.get(current.path) == (current.size, current.mtime_ns)
            if not skip:
                self.write([item], labels=[lab], commit=False)
            if isinstance(item, FileEnd):
                current = next(files, None)
        if self.store.conn.in_transaction:
            self.store.conn.execute("COMMIT")

    def write(self, items: Iterable[Item], *, count: bool = True, labels: Sequence[Any] | None = None,
              commit: bool = True) -> None:
        """Store ``items``; a file's end marks it done and (with ``commit``) commits it."""
        conn = self.store.conn
        for n, item in enumerate(items):
            if not conn.in_transaction:
                conn.execute("BEGIN IMMEDIATE")
            if isinstance(item, FileEnd):
                status = "rejected" if self.items_of_file and self.rejected_of_file == self.items_of_file else "ok"
                self.store.mark_file(item.path, item.size, item.mtime_ns, status)
                self.tally.file_items = 0
                self.items_of_file = self.rejected_of_file = 0
                if commit:
                    conn.execute("COMMIT")
                continue
            if count:
                self.items_of_file += 1
                self.rejected_of_file += isinstance(item, Rejection)
            stored = self.tally.ingested
            self.tally.write(self.store, [item])
            lab = labels[n] if labels is not None and n < len(labels) else None
            # labels made on a worker are used when this run labels, with this labeler version (a shard from a
            # run without labels, or of another version, leaves its opinions to the label stage)
            if (lab is not None and self.label_version is not None and lab[0][1] == self.label_version
                    and self.tally.ingested > stored and not isinstance(item, Rejection | FileEnd)):
                self._write_label(self.tally.touched[-1], item, lab)

    def _write_label(self, opinion_id: int, item: Any, lab: Any) -> None:
        from fairwarning.labeler.storage import write_label_rows_for

        r = item.record
        write_label_rows_for(self.store.conn, opinion_id, (lab[0], lab[1]))
        self.fused[opinion_id] = (item.text_hash, r.court_id, r.date_decided.isoformat() if r.date_decided else None,
                                  r.precedential_status)

    def check_fused(self, version: str) -> int:
        """Labels made on the workers for opinions whose stored text or metadata changed after they were stored
        (a later copy filled a missing date, court or status): dropped, so they are labeled again as ``label``
        would label them. Returns how many labels were kept."""
        from fairwarning.labeler.storage import drop_label

        if not self.fused:
            return 0
        conn = self.store.conn
        stale = []
        ids = sorted(self.fused)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for r in conn.execute("SELECT id, text_hash, court_id, date_decided, precedential_status FROM opinions"
                                  f" WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                if tuple(r[1:]) != self.fused[int(r[0])]:
                    stale.append(int(r[0]))
        if stale:
            with self.store.transaction():
                for oid in stale:
                    drop_label(conn, oid, version)
        return len(self.fused) - len(stale)

    def abort(self) -> None:
        if self.store.conn.in_transaction:
            self.store.conn.execute("ROLLBACK")


def batch_ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    workers: int = 2,
    scheduler: str | None = None,
    partition_size: int = 100,
    label: bool = False,
    shard_dir: Path | None = None,
    keep_shards: bool = False,
    processes: bool = True,
    max_bytes: int | None = None,
    progress: Callable[[BatchProgress], None] | None = None,
) -> BatchSummary:
    """Ingest (and with ``label``, label) every opinion under ``paths`` on Dask; see the module doc."""
    from fairwarning.corpus.sources import discover

    if partition_size < 1:
        raise InputError(f"--partition-size {partition_size}: use 1 or more")
    if workers < 1:
        raise InputError(f"--workers {workers}: use 1 or more")
    if not processes and workers > 1 and scheduler is None:
        # the citation tokenizer's hyperscan scratch space is per process: threads would share it
        raise InputError("workers sharing one process (processes=False) must be 1: use processes=True")
    started = time.monotonic()
    shard_dir = shard_dir or default_shard_dir(store.path)
    # as ingest: absolute paths, and a store inside the input folder is not read as input
    own = [f"{store.path}{suffix}" for suffix in ("", "-wal", "-shm", "-journal")]
    if max_bytes is None:
        found = discover([os.path.abspath(p) for p in paths], exclude=own)
    else:
        found = discover([os.path.abspath(p) for p in paths], exclude=own, max_bytes=max_bytes)
    files, companions, found_rejections = found
    with store.transaction():  # as ingest: every file accounted for before any opinion
        for rejection in found_rejections:
            store.add_rejection(rejection)
            mark_seen(store, rejection.path, "rejected_at_discovery")
        for kind, path in companions.files:
            mark_seen(store, path, f"companion:{kind}")
    done = store.done_files()
    skipped = [f.path for f in files if done.get(f.path) == (f.size, f.mtime_ns)]
    tally = Tally(rejections=list(found_rejections) + store.rejections(skipped))
    version = _labeler_version() if label else None
    cluster = _Cluster(workers, scheduler, processes)
    try:
        n_workers = cluster.workers()
        runner = _Runner(cluster, shard_dir, window=max(4, 3 * n_workers), label_version=version)
        merger = _Merger(store, tally, {p: done[p] for p in skipped}, version)
        try:
            for n, (p, shard) in enumerate(runner.run(_plan_ingest(files, companions, done, partition_size),
                                                      companions), start=1):
                merger.merge(p, shard)
                if progress is not None:
                    progress(BatchProgress("ingest", n, None))
        except BaseException:
            merger.abort()
            raise
        summary = BatchSummary(
            ingest=tally.summary(
                store.resolve_citations(), started, files=len(files) + len({r.path for r in found_rejections}),
                skipped=len(skipped),
                rejections=tuple(sorted(tally.rejections, key=lambda r: (r.path, r.source_id or ""))),
                companion_paths=tuple(p for _, p in companions.files),
            ),
            workers=n_workers, scheduler=cluster.address, partitions=runner.count, shard_dir=str(shard_dir),
        )
        if version is not None:
            summary.labeled = merger.check_fused(version)  # labeled on the workers while ingesting
            _label(store, cluster, runner, summary, partition_size, progress)
        summary.reused_shards = runner.reused
        summary.extra["worker_cpu_seconds"] = cluster.worker_cpu_seconds()
    finally:
        cluster.close()
    summary.seconds = round(time.monotonic() - started, 3)
    summary.kept_shards = keep_shards
    if not keep_shards:
        shutil.rmtree(shard_dir, ignore_errors=True)
    return summary


def _labeler_version() -> str:
    from fairwarning.labeler import LABELER_VERSION

    return LABELER_VERSION


def _label(
    store: Store, cluster: _Cluster, runner: _Runner, summary: BatchSummary, size: int,
    progress: Callable[[BatchProgress], None] | None,
) -> None:
    """Label what ``label`` would label, by id ranges on the workers; rows written in id order."""
    from fairwarning.labeler import LABELER_VERSION
    from fairwarning.labeler.storage import pending_batches, write_label_rows

    def plan() -> Iterator[Partition]:
        for index, rows in enumerate(pending_batches(store, version=LABELER_VERSION, batch=size)):
            inputs = [(r["id"], r["text_hash"], r["court_id"], r["date_decided"], r["precedential_status"])
                      for r in rows]
            yield Partition(index, "labels", _key("labels", LABELER_VERSION, inputs), payload=tuple(rows))

    # pending_batches reads with a cursor on the store's connection while the rows are written on it, as
    # label_store does: the cursor is in id order and only ids it has passed get a label
    before = runner.count
    for n, (_p, shard) in enumerate(runner.run(plan(), Companions(), LABELER_VERSION), start=1):
        assert shard is not None
        rows = decode_label_rows(shard)
        write_label_rows(store, rows)
        summary.labeled += len(rows)
        if progress is not None:
            progress(BatchProgress("label", n, None))
    summary.label_partitions = runner.count - before
    summary.labeler_version = LABELER_VERSION
