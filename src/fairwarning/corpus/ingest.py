"""The ingest pipeline: discover -> read records -> extract citations -> store.

:func:`ingest` parses and extracts in a process pool (``workers`` processes: both cores by default) while the
single writer -- this process -- commits results in the deterministic input order, so the ids of a store do
not depend on timing. Each input file is committed in one transaction together with its ``ingested_files``
row, so an ingest that is killed (even with SIGKILL) and re-run skips the finished files and ends with exactly
the store an uninterrupted run builds. Inputs that are not usable opinions are recorded in ``rejections`` with
their path and reason and never reach the full-text index. Files of streaming formats (bulk CSV, CAP JSONL,
possibly compressed) and any file larger than a few MB are read in this process as a stream and sent to the pool
in batches; a bounded window of batches is in flight, so memory stays bounded.

:func:`ingest_records` stores records that were made elsewhere (e.g. by the live CourtListener sync).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from fairwarning.corpus.citations import FoundCitation, extract_citations, split_header_citations
from fairwarning.corpus.sources.base import Companions, InputFile
from fairwarning.corpus.store import Store
from fairwarning.errors import FairwarningError, SourceError
from fairwarning.models import OpinionRecord, Rejection

__all__ = ["IngestProgress", "IngestSummary", "Prepared", "ingest", "ingest_records", "prepare_record"]

_WHOLE_FILE_BYTES = 8 * 1024 * 1024  # smaller files are read and extracted whole in a worker
_BATCH_CHARS = 2 * 1024 * 1024  # streamed files go to the workers in batches of about this much text
_BATCH_RECORDS = 200


@dataclass(frozen=True)
class Prepared:
    """A record ready to store: its text hash and the citations found in its text."""

    record: OpinionRecord
    text_hash: str
    citations: tuple[FoundCitation, ...]


@dataclass(frozen=True)
class IngestProgress:
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    path: str


@dataclass(frozen=True)
class IngestSummary:
    files: int  # input files considered (opinion files + files rejected at discovery)
    skipped: int  # files already ingested by an earlier run (resume)
    records: int  # records read in this run
    ingested: int  # new opinions stored
    duplicates: int  # records merged into an already stored opinion (same normalized text)
    rejected: dict[str, int]  # reason -> count (this run's and the skipped files' recorded rejections)
    rejections: tuple[Rejection, ...]
    companions: int  # companion metadata tables used (e.g. the First Circuit inventory)
    citations: int  # citations stored in this run
    resolved_citations: int  # citations in the store that resolve to a stored opinion
    seconds: float = 0.0
    companion_paths: tuple[str, ...] = field(default=())

    @property
    def total_rejected(self) -> int:
        return sum(self.rejected.values())

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["companion_paths"] = list(self.companion_paths)
        out["rejections"] = list(out.pop("rejections"))  # last: the long list after the counts
        return out


# -- the pure per-record / per-file stage (runs in workers) ---------------------------------------------


def prepare_record(record: OpinionRecord) -> Prepared | Rejection:
    """Hash a record's text and extract its citations, or reject it when its text is not an opinion.

    Never raises: a record with a value of the wrong type is rejected (``malformed``), lone surrogates
    (``"\\ud800"`` from JSON escapes, which SQLite cannot store) become U+FFFD, a decision date in the future or
    before 1750 is dropped (and named in provenance ``date_decided_rejected``), and an unexpected failure is a
    ``reader_error`` rejection naming the exception -- one bad record never stops a run."""
    where = _scrub(str(record.path or f"{record.source}:{record.source_id}"))
    try:
        checked = _checked(record)
        if isinstance(checked, str):
            return Rejection(where, "malformed", checked, _scrub(str(record.source_id)))
        return _prepare(checked)
    except Exception as exc:  # noqa: BLE001 -- reported as a rejection, with its type; the run goes on
        return Rejection(where, "reader_error", _scrub(f"{type(exc).__name__}: {exc}")[:500],
                         _scrub(str(record.source_id)))


_STR_FIELDS = ("source", "source_id", "text")
_OPTIONAL_STR_FIELDS = ("case_name", "court_id", "docket_number", "path", "url", "cluster_id")
_SURROGATE = re.compile("[\ud800-\udfff]")
_EARLIEST = dt.date(1750, 1, 1)


def _scrub(value: str) -> str:
    """``value`` with lone surrogates replaced by U+FFFD (they cannot be encoded as UTF-8)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", value)
    return value


def _checked(r: OpinionRecord) -> OpinionRecord | str:
    """``r`` with its strings scrubbed and an impossible date dropped; a message when a value has the wrong type
    (an adapter let a JSON list or number through where text belongs)."""
    changes: dict[str, Any] = {}
    for name in _STR_FIELDS + _OPTIONAL_STR_FIELDS:
        value = getattr(r, name)
        if value is None and name in _OPTIONAL_STR_FIELDS:
            continue
        if not isinstance(value, str):
            return f"{name} is {type(value).__name__} {str(value)[:60]!r}, not text"
        if (clean := _scrub(value)) is not value:
            changes[name] = clean
    if not isinstance(r.reporter_citations, tuple) or not all(isinstance(c, str) for c in r.reporter_citations):
        return f"reporter_citations is not a list of text: {str(r.reporter_citations)[:60]!r}"
    changes["reporter_citations"] = tuple(_scrub(c) for c in r.reporter_citations)
    if r.date_decided is not None and not isinstance(r.date_decided, dt.date):
        return f"date_decided is {type(r.date_decided).__name__}, not a date"
    provenance = {_scrub(str(k)): _scrub(str(v)) for k, v in dict(r.provenance).items()}
    latest = dt.date.today() + dt.timedelta(days=1)  # a day of slack for time zones
    if r.date_decided is not None and not _EARLIEST <= r.date_decided <= latest:
        how = provenance.pop("date_decided", "source")
        provenance["date_decided_rejected"] = f"{r.date_decided.isoformat()} ({how}): " + (
            "in the future" if r.date_decided > latest else "before 1750")
        changes["date_decided"] = None
    changes["provenance"] = provenance
    if r.precedential_status not in ("published", "unpublished", "unknown"):
        changes["precedential_status"] = "unknown"
    if r.document_type not in ("opinion", "errata", "order"):
        changes["document_type"] = "opinion"
    return replace(r, **changes)


def _prepare(record: OpinionRecord) -> Prepared | Rejection:
    from fairwarning.corpus.defects import assess_text
    from fairwarning.corpus.text import text_hash

    assessment = assess_text(record.text)
    if not assessment.ok:
        return Rejection(
            path=record.path or f"{record.source}:{record.source_id}",
            reason=assessment.reject or "not_an_opinion",
            detail=assessment.detail or "the text is not an opinion",
            source_id=record.source_id,
        )
    own, cites = split_header_citations(record.text, extract_citations(record.text))
    given = {_volume_reporter(c) for c in record.reporter_citations} - {None}
    # a header cite at another page of a volume and reporter the source already gives is another case's (one
    # case does not start twice in a volume): CourtListener's Saucier v. Katz text starts with Cedric Kushner's
    # 533 U.S. 158 beside Saucier's own 533 U.S. 194
    new = tuple(c for c in own if c not in record.reporter_citations and _volume_reporter(c) not in given)
    if new:  # the opinion's own citations heading its text: not citations it makes
        provenance = dict(record.provenance)
        provenance.setdefault("reporter_citations", "inferred:text-header")
        record = replace(record, reporter_citations=record.reporter_citations + new, provenance=provenance)
    return Prepared(record, text_hash(record.text), tuple(cites))


def _volume_reporter(cite: str) -> str | None:
    """``"533 U.S."`` of ``"533 U.S. 194"``, normalized with reporters-db; None if not a cite."""
    from fairwarning.corpus.citations import normalize_cite

    m = re.match(r"^(\d+\s+.+?)\s+\d+$", normalize_cite(cite) or cite.strip())
    return m.group(1) if m else None


def _prepare_batch(records: Sequence[OpinionRecord]) -> list[Prepared | Rejection]:
    return [prepare_record(r) for r in records]


def _process_file(f: InputFile, companions: Companions) -> list[Prepared | Rejection]:
    """Read one file and prepare each of its records (one worker task)."""
    out: list[Prepared | Rejection] = []
    try:
        for item in _read(f, companions):
            out.append(item if isinstance(item, Rejection) else prepare_record(item))
    except _ReadFailed as failed:
        out.append(failed.rejection)
    return out or [_nothing_in(f)]


def _nothing_in(f: InputFile) -> Rejection:
    """The rejection of a file that holds no record at all (a header-only CSV, an empty results page)."""
    return Rejection(f.path, "empty", "the file holds no opinions (a table with a header only, an empty list "
                     "or results page)")


class _ReadFailed(Exception):
    def __init__(self, rejection: Rejection) -> None:
        self.rejection = rejection


def _read(f: InputFile, companions: Companions) -> Iterator[OpinionRecord | Rejection]:
    """``read_records``, with an adapter's failure turned into a rejection of the file (never a crash)."""
    from fairwarning.corpus.sources import read_records

    try:
        yield from read_records(f, companions)
    except FairwarningError as exc:
        reason = getattr(exc, "reason", "malformed")
        raise _ReadFailed(Rejection(f.path, reason, str(exc))) from exc
    except Exception as exc:  # an adapter bug must not stop the other files; it is reported, with its type
        raise _ReadFailed(Rejection(f.path, "reader_error", f"{type(exc).__name__}: {exc}")) from exc


def _worker_init(parent: int) -> None:
    import logging
    import threading

    if os.getppid() != parent:  # the ingest was killed while this worker was starting
        os._exit(1)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="parent-watch").start()

    logging.getLogger("eyecite").setLevel(logging.ERROR)
    from fairwarning.corpus.citations import warm_up

    warm_up()


def _exit_with_parent(parent: int) -> None:
    """End this worker soon after the ingest process is gone: killed with SIGKILL, it cannot end its pool, and
    the workers would wait forever on a task queue whose other end their siblings hold open."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


# -- the writer (this process) ---------------------------------------------------------------------------


class _Done(Future):  # type: ignore[type-arg]
    """An already computed result, for running the pipeline without a pool (``workers <= 1``)."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.set_result(value)


class _Inline(Executor):
    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[type-arg]
        return _Done(fn(*args, **kwargs))


@dataclass
class _Tally:
    records: int = 0
    ingested: int = 0
    duplicates: int = 0
    citations: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    file_items: int = 0  # items written for the current file

    touched: list[int] = field(default_factory=list)  # opinions stored or merged into

    def summary(
        self,
        resolved: int,
        started: float,
        *,
        files: int,
        skipped: int,
        rejections: tuple[Rejection, ...],
        companion_paths: tuple[str, ...] = (),
    ) -> IngestSummary:
        """The run's summary: this tally's counts, ``resolved`` citations and the time since ``started``
        (monotonic), with the input side given by the caller."""
        return IngestSummary(
            files=files,
            skipped=skipped,
            rejections=rejections,
            companions=len(companion_paths),
            companion_paths=companion_paths,
            records=self.records,
            ingested=self.ingested,
            duplicates=self.duplicates,
            rejected=dict(sorted(Counter(r.reason for r in self.rejections).items())),
            citations=self.citations,
            resolved_citations=resolved,
            seconds=round(time.monotonic() - started, 3),
        )

    def write(self, store: Store, items: Iterable[Prepared | Rejection]) -> None:
        for item in items:
            self.records += 1
            self.file_items += 1
            if isinstance(item, Rejection):
                if item.source_id is None and self.file_items > 1:  # several in one file: keep each one
                    item = replace(item, source_id=f"#{self.file_items}")
                item = Rejection(_scrub(item.path), _scrub(item.reason), _scrub(item.detail),
                                 None if item.source_id is None else _scrub(item.source_id))
                store.add_rejection(item)
                self.rejections.append(item)
                continue
            result = store.add_record(item.record, item.citations, text_hash=item.text_hash)
            self.touched.append(result.opinion_id)
            if result.superseded:  # two files give one source id different texts: the later one is kept, said so
                r = item.record
                superseded = Rejection(result.superseded, "superseded", f"{r.source}:{r.source_id} now has the text "
                                       f"of {r.path or 'a later record'} (the same source id with another text)",
                                       r.source_id)
                store.add_rejection(superseded)
                self.rejections.append(superseded)
            if result.merged:
                self.duplicates += 1
            else:
                self.ingested += 1
                self.citations += len(item.citations)


def _jobs(
    todo: Sequence[InputFile], companions: Companions, pool: Executor
) -> Iterator[tuple[str, InputFile, Future]]:  # type: ignore[type-arg]
    """Submit work in input order: whole small files, or batches of a streamed big file then an end marker."""
    for f in todo:
        if f.size <= _WHOLE_FILE_BYTES and not _streams(f):
            yield "file", f, pool.submit(_process_file, f, companions)
            continue
        batch: list[OpinionRecord] = []
        chars = 0
        failed: list[Rejection] = []
        try:
            for item in _read(f, companions):
                if isinstance(item, Rejection):
                    yield "part", f, _Done([item])
                    continue
                batch.append(item)
                chars += len(item.text)
                if chars >= _BATCH_CHARS or len(batch) >= _BATCH_RECORDS:
                    yield "part", f, pool.submit(_prepare_batch, batch)
                    batch, chars = [], 0
        except _ReadFailed as exc:
            failed.append(exc.rejection)
        if batch:
            yield "part", f, pool.submit(_prepare_batch, batch)
        yield "end", f, _Done(failed)


def _streams(f: InputFile) -> bool:
    """Formats that stream many records (possibly from a small compressed file) are read here, in batches."""
    from fairwarning.corpus.sources import format_module

    return bool(getattr(format_module(f.format), "STREAMING", False))


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    workers: int = 2,
    progress: Callable[[IngestProgress], None] | None = None,
    max_bytes: int | None = None,
) -> IngestSummary:
    """Ingest every opinion under ``paths`` into ``store``; resumable and idempotent (see the module doc)."""
    from fairwarning.corpus.sources import discover

    started = time.monotonic()
    kwargs = {} if max_bytes is None else {"max_bytes": max_bytes}
    # absolute paths: a re-run from another directory must recognize the files it already ingested
    own = [f"{store.path}{suffix}" for suffix in ("", "-wal", "-shm", "-journal")]  # a store inside the input
    files, companions, found_rejections = discover([os.path.abspath(p) for p in paths], exclude=own, **kwargs)
    with store.transaction():  # account for every file: rejected at discovery, or a companion table
        for rejection in found_rejections:
            store.add_rejection(rejection)
            _mark_seen(store, rejection.path, "rejected_at_discovery")
        for kind, path in companions.files:
            _mark_seen(store, path, f"companion:{kind}")
    done = store.done_files()
    todo = [f for f in files if done.get(f.path) != (f.size, f.mtime_ns)]
    skipped = [f.path for f in files if done.get(f.path) == (f.size, f.mtime_ns)]
    tally = _Tally(rejections=list(found_rejections) + store.rejections(skipped))
    _run(todo, companions, store, tally, workers=workers, progress=progress)
    return tally.summary(
        store.resolve_citations(sorted(set(tally.touched))),  # only the new citations and the new targets
        started,
        files=len(files) + len({r.path for r in found_rejections}),
        skipped=len(skipped),
        rejections=tuple(sorted(tally.rejections, key=lambda r: (r.path, r.source_id or ""))),
        companion_paths=tuple(p for _, p in companions.files),
    )


def _mark_seen(store: Store, path: str, status: str) -> None:
    try:
        st = Path(path).stat()
        size, mtime_ns = st.st_size, st.st_mtime_ns
    except OSError:
        size = mtime_ns = -1
    store.mark_file(path, size, mtime_ns, status)


def _run(
    todo: Sequence[InputFile],
    companions: Companions,
    store: Store,
    tally: _Tally,
    *,
    workers: int,
    progress: Callable[[IngestProgress], None] | None,
) -> None:
    """Pipeline the jobs through the pool, writing results in submission order, one transaction per file."""
    total_bytes = sum(f.size for f in todo)
    files_done = bytes_done = 0
    pool: Executor = (
        ProcessPoolExecutor(
            max_workers=workers, mp_context=get_context("spawn"), initializer=_worker_init, initargs=(os.getpid(),)
        )
        if workers > 1
        else _Inline()
    )
    window = max(2, 2 * workers + 2)
    pending: deque[tuple[str, InputFile, Future]] = deque()  # type: ignore[type-arg]
    jobs = _jobs(todo, companions, pool)
    rejected_only = True  # every item of the current file so far is a rejection
    try:
        _fill(pending, jobs, window)
        while pending:
            kind, f, future = pending.popleft()
            items = _result(future, f)
            store.begin()
            tally.write(store, items)
            if kind == "part":
                rejected_only = rejected_only and all(isinstance(i, Rejection) for i in items)
            else:  # a whole file, or the end of a streamed one
                if tally.file_items == 0:  # a streamed file without a single row
                    tally.write(store, [_nothing_in(f)])
                rejected_only = rejected_only and all(isinstance(i, Rejection) for i in items)
                store.mark_file(f.path, f.size, f.mtime_ns, "rejected" if rejected_only else "ok")
                tally.file_items = 0
                rejected_only = True
                store.commit()
                files_done += 1
                bytes_done += f.size
                if progress is not None:
                    progress(IngestProgress(files_done, len(todo), bytes_done, total_bytes, f.path))
            _fill(pending, jobs, window)
    except BaseException:
        store.rollback()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result(future: Future, f: InputFile) -> list[Prepared | Rejection]:  # type: ignore[type-arg]
    try:
        return list(future.result())
    except BrokenProcessPool as exc:
        raise SourceError(
            "a worker process died while reading or extracting citations (out of memory?); the files committed "
            "so far are kept: re-run the same command to resume, or use --workers 1",
            path=f.path,
            reason="worker_died",
        ) from exc


def _fill(pending: deque, jobs: Iterator, window: int) -> None:  # type: ignore[type-arg]
    while len(pending) < window:
        try:
            pending.append(next(jobs))
        except StopIteration:
            return


def ingest_records(records: Iterable[OpinionRecord], store: Store) -> IngestSummary:
    """Store records made elsewhere (e.g. the live API sync): one transaction per record, then resolve."""
    started = time.monotonic()
    tally = _Tally()
    for record in records:
        item = prepare_record(record)
        with store.transaction():
            tally.write(store, [item])
    return tally.summary(
        store.resolve_citations(sorted(set(tally.touched))),
        started,
        files=0,
        skipped=0,
        rejections=tuple(tally.rejections),
    )


# -- the same stages by public names, for fairwarning.batch (the Dask path merges into the store exactly as
# :func:`ingest` does, so both build the same store) -------------------------------------------------------------

#: the writer's running counts and its per-item write (rejection numbering, merge/insert accounting)
Tally = _Tally
#: the rejection of a file that holds no record at all
nothing_in = _nothing_in


def process_file(f: InputFile, companions: Companions) -> list[Prepared | Rejection]:
    """Read one whole file and prepare each of its records (a read failure becomes a rejection)."""
    return _process_file(f, companions)


def read_items(
    f: InputFile, companions: Companions, failures: list[Rejection] | None = None
) -> Iterator[OpinionRecord | Rejection]:
    """The records of one file as :func:`ingest` reads a streamed file. A read failure ends the stream: its
    rejection of the file is appended to ``failures`` when given (``ingest`` writes it at the file's end and marks
    the file ``rejected``), else yielded last. Never raises for bad input."""
    try:
        yield from _read(f, companions)
    except _ReadFailed as failed:
        if failures is None:
            yield failed.rejection
        else:
            failures.append(failed.rejection)


def is_streamed(f: InputFile) -> bool:
    """True when :func:`ingest` reads ``f`` as a stream of records (a bulk CSV, a CAP JSONL, any big file)
    rather than whole in a worker."""
    return f.size > _WHOLE_FILE_BYTES or _streams(f)


def mark_seen(store: Store, path: str, status: str) -> None:
    """Record a file that is not an input (a companion table, a file rejected at discovery) as seen."""
    _mark_seen(store, path, status)
