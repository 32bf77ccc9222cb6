"""Benchmark: ingest the whole shared corpus, and eyecite alone on the same texts.

    uv run python benchmarks/ingest.py [--corpus ../shared/corpus] [--workers 2] [--keep STORE.db]

Prints, for the whole ingest (discover, parse, clean, dedup, citations with the hyperscan tokenizer on
ASCII-folded text, store, FTS, resolve): opinions/s, MB/s (input files and stored text), peak RSS of this
process plus its worker processes (psutil, sampled every 50 ms), store size. Then, in a fresh interpreter so
that nothing of fairwarning touches eyecite, ``eyecite.get_citations`` with its DEFAULT tokenizer on the same
stored texts on one core, and the ratio of the two throughputs, with the full case citations counted both ways.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]

_EYECITE_ALONE = r"""
import json, sqlite3, sys, time
from eyecite import get_citations
from eyecite.models import FullCaseCitation
from eyecite.tokenizers import default_tokenizer
import logging
logging.getLogger("eyecite").setLevel(logging.ERROR)
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
texts = [(i, t) for i, t in conn.execute("SELECT id, text FROM opinions ORDER BY id")]
get_citations("Graham v. Connor, 490 U.S. 386 (1989)", tokenizer=default_tokenizer)  # build the automaton
full = []
start, cpu = time.perf_counter(), time.process_time()
for i, text in texts:
    for c in get_citations(text, tokenizer=default_tokenizer):
        if isinstance(c, FullCaseCitation):
            full.append((i, *c.span()))
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "full": full}))
"""


class PeakRss:
    """Peak of (this process + all its descendants) resident memory, sampled in a thread."""

    def __init__(self, interval: float = 0.05) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)

    def _run(self, interval: float) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a worker that just exited
                    total += p.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_ingest(corpus: Path, db: Path, workers: int) -> dict[str, float]:
    from fairwarning.corpus.ingest import ingest
    from fairwarning.corpus.store import Store

    input_bytes = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
    with PeakRss() as rss, Store(db) as store:
        start, cpu = time.perf_counter(), _cpu()
        summary = ingest([corpus], store, workers=workers)
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
        text_bytes, n = store.conn.execute("SELECT SUM(LENGTH(CAST(text AS BLOB))), COUNT(*) FROM opinions").fetchone()
        full = store.conn.execute("SELECT COUNT(*) FROM citations WHERE kind = 'full'").fetchone()[0]
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "opinions": n,
        "records": summary.records,
        "rejected": summary.total_rejected,
        "duplicates": summary.duplicates,
        "input_mb": input_bytes / 1e6,
        "text_mb": text_bytes / 1e6,
        "peak_rss_mb": rss.peak / 1e6,
        "store_mb": db.stat().st_size / 1e6,
        "full_citations": full,
    }


def _cpu() -> float:
    """CPU seconds (user + system) of this process and of its reaped children (the ingest's worker pool)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_eyecite_alone(db: Path) -> dict[str, object]:
    with PeakRss() as rss:
        done = subprocess.run(
            [sys.executable, "-c", _EYECITE_ALONE, str(db)], capture_output=True, text=True, check=True
        )
    out = json.loads(done.stdout)
    out["peak_rss_mb"] = rss.peak / 1e6
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1, help="ingest + eyecite-alone pairs; medians are printed")
    parser.add_argument("--keep", type=Path, help="build the store here (and keep it) instead of a temp dir")
    args = parser.parse_args()
    runs: list[tuple[dict[str, float], dict[str, object], float, float]] = []
    with tempfile.TemporaryDirectory(prefix="fairwarning-bench-") as tmp:
        from fairwarning.corpus.citations import warm_up

        warm_up()  # build the hyperscan cache outside the timing (a one-time 15-25 s per machine)
        for run in range(max(1, args.runs)):
            db = args.keep if args.keep and run == args.runs - 1 else Path(tmp) / f"bench{run}.db"
            if db.exists():
                sys.exit(f"{db} exists: the benchmark builds a fresh store; remove it or choose another --keep")
            load_before = os.getloadavg()[0]
            ours = run_ingest(args.corpus, db, args.workers)
            alone = run_eyecite_alone(db)
            runs.append((ours, alone, load_before, os.getloadavg()[0]))
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        our_full = set(conn.execute("SELECT opinion_id, start, end FROM citations WHERE kind = 'full'"))
        their_full = {(int(i), int(s), int(e)) for i, s, e in alone["full"]}  # type: ignore[attr-defined]
        own = _own_citations(conn, their_full - our_full)
        conn.close()
    print(f"corpus: {args.corpus} ({ours['input_mb']:.1f} MB of files, {ours['text_mb']:.1f} MB of stored text)")
    print(f"machine: {os.cpu_count()} cores; workers={args.workers}; {len(runs)} run(s)")
    n = ours["opinions"]
    for i, (o, a, l0, l1) in enumerate(runs, start=1):
        print(
            f"run {i} (load average {l0:.2f} -> {l1:.2f}): ingest {o['seconds']:.1f} s wall, {o['cpu_seconds']:.1f} s "
            f"CPU; eyecite alone {float(a['seconds']):.1f} s wall, {float(a['cpu_seconds']):.1f} s CPU"  # type: ignore[arg-type]
        )
    med = statistics.median
    wall = med(o["seconds"] for o, *_ in runs)
    cpu = med(o["cpu_seconds"] for o, *_ in runs)
    alone_s = med(float(a["seconds"]) for _, a, *_ in runs)  # type: ignore[arg-type]
    alone_cpu = med(float(a["cpu_seconds"]) for _, a, *_ in runs)  # type: ignore[arg-type]
    print(
        f"ingest (median):  {n} opinions ({ours['records']} records, {ours['duplicates']} duplicates, "
        f"{ours['rejected']} rejected) in {wall:.1f} s = {n / wall:.1f} opinions/s wall, "
        f"{ours['input_mb'] / wall:.2f} MB/s of files, {ours['text_mb'] / wall:.2f} MB/s of text; "
        f"{cpu:.1f} CPU s = {n / cpu:.1f} opinions per CPU-second (this process + its workers)"
    )
    print(f"         peak RSS (incl. workers) {ours['peak_rss_mb']:.0f} MB; store {ours['store_mb']:.1f} MB")
    print(
        f"eyecite alone (median; default tokenizer, 1 core, same {n} texts): {alone_s:.1f} s = "
        f"{n / alone_s:.1f} opinions/s wall; {alone_cpu:.1f} CPU s = {n / alone_cpu:.1f} opinions per CPU-second; "
        f"peak RSS {alone['peak_rss_mb']:.0f} MB"
    )
    print(
        f"ratio: whole ingest is {alone_s / wall:.2f}x eyecite-alone throughput wall-clock "
        f"({args.workers} worker(s) vs 1 core), {alone_cpu / cpu:.2f}x CPU-for-CPU"
    )
    print(
        f"full case citations: ingest {len(our_full)} made + {len(own)} own (an opinion's own reporter citations "
        f"heading its text, stored as its reporter citations); eyecite alone {len(their_full)}; same spans "
        f"{len(our_full & their_full) + len(own)}, only ingest {len(our_full - their_full)}, "
        f"only eyecite {len(their_full - our_full - own)}"
    )


def _own_citations(conn: sqlite3.Connection, spans: set[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
    """The spans that are an opinion's own reporter citation at the head of its text (not in ``citations``)."""
    from fairwarning.corpus.citations import normalize_cite

    own = set()
    for opinion_id, start, end in spans:
        (text,) = conn.execute(
            "SELECT substr(text, ?, ?) FROM opinions WHERE id = ?", (start + 1, end - start, opinion_id)
        ).fetchone()
        cite = normalize_cite(text)
        if start < 300 and cite and conn.execute(
            "SELECT 1 FROM reporter_citations WHERE opinion_id = ? AND cite = ?", (opinion_id, cite)
        ).fetchone():
            own.add((opinion_id, start, end))
    return own


if __name__ == "__main__":
    main()
