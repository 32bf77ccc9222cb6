"""Batch ingest + label on Dask: 1 worker against N, whole processes, and where the time goes.

    uv run python benchmarks/batch.py                         # the shared corpus, 1 vs 2 workers, 3 pairs
    uv run python benchmarks/batch.py --runs 5 --workers 2 --inputs ../shared/corpus

Each run is a whole ``fairwarning batch ingest INPUTS --db NEW --workers W --label --json`` process (interpreter
start, cluster start and teardown included), timed from outside; runs alternate 1 and W workers so that a change
of machine load hits both. Per run it records the wall time, the CPU of the whole process tree (the command, the
Dask nannies and workers, all reaped), the CPU of the worker processes alone (``worker_cpu_seconds`` from the
command's JSON summary) and so the CPU of everything else: the command itself, which discovers, plans, receives
the shards, and is the single SQLite writer, plus the nannies.

It prints the medians, the speed-up (median of the pairwise ratios) and the ceiling those CPU figures allow on
this machine's cores: with C cores, W workers cannot finish before (worker CPU + writer CPU) / min(W, C), while
one worker's run takes at least its worker CPU (its writer runs beside it on another core). State the load
(``uptime``, printed before and after) with any figure you quote; run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _run(exe: str, inputs: list[str], workers: int, partition_size: int, work: Path) -> dict[str, float]:
    db = work / f"batch-{workers}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{db}.shards", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    out = subprocess.run([exe, "batch", "ingest", *inputs, "--db", str(db), "--workers", str(workers), "--label",
                          "--partition-size", str(partition_size), "--json"],
                         capture_output=True, text=True, check=False)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode not in (0, 1):  # 1: done, with some inputs rejected (the corpus has three non-opinions)
        sys.exit(f"batch ingest failed ({out.returncode}): {out.stderr.strip()[-500:]}")
    summary = json.loads(out.stdout)
    tree = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    workers_cpu = float(summary.get("extra", {}).get("worker_cpu_seconds") or 0.0)
    return {"wall": wall, "tree_cpu": tree, "worker_cpu": workers_cpu, "other_cpu": tree - workers_cpu,
            "opinions": float(summary["ingest"]["ingested"]), "labeled": float(summary["labeled"])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", nargs="+", default=[str(REPO.parent / "shared" / "corpus")])
    ap.add_argument("--workers", type=int, default=2, help="compared with 1 worker")
    ap.add_argument("--runs", type=int, default=3, help="pairs of runs (1 worker, then --workers)")
    ap.add_argument("--partition-size", type=int, default=100)
    ap.add_argument("--exe", default=shutil.which("fairwarning") or "fairwarning")
    args = ap.parse_args()
    for path in args.inputs:
        if not Path(path).exists():
            sys.exit(f"no input at {path}: the benchmark reads the shared corpus in place (../shared/corpus)")
    cores = os.cpu_count() or 1
    print(f"{cores} cores; {_load()}; inputs {' '.join(args.inputs)}; partition size {args.partition_size}")
    runs: dict[int, list[dict[str, float]]] = {1: [], args.workers: []}
    with tempfile.TemporaryDirectory(prefix="fw-batch-bench-") as tmp:
        for n in range(args.runs):
            for w in (1, args.workers):
                r = _run(args.exe, args.inputs, w, args.partition_size, Path(tmp))
                runs[w].append(r)
                print(f"  run {n + 1}, {w} worker(s): {r['wall']:.2f} s wall, {r['tree_cpu']:.2f} CPU s "
                      f"(workers {r['worker_cpu']:.2f}, command + nannies {r['other_cpu']:.2f}); "
                      f"{r['opinions']:.0f} opinions, {r['labeled']:.0f} labeled; {_load()}")
    med = {w: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for w, rs in runs.items()}
    ratios = [a["wall"] / b["wall"] for a, b in zip(runs[1], runs[args.workers], strict=True)]
    one, many = med[1], med[args.workers]
    print(f"\nmedians of {args.runs}:")
    for w in (1, args.workers):
        m = med[w]
        print(f"  {w} worker(s): {m['wall']:.2f} s wall, {m['opinions'] / m['wall']:.1f} opinions/s; "
              f"CPU {m['tree_cpu']:.2f} s = workers {m['worker_cpu']:.2f} + command and nannies {m['other_cpu']:.2f}")
    print(f"speed-up {args.workers} vs 1 worker: {statistics.median(ratios):.2f}x "
          f"(pairwise {min(ratios):.2f}-{max(ratios):.2f}x)")
    usable = min(args.workers, cores)
    floor = many["tree_cpu"] / usable
    print(f"ceiling on {cores} cores: {args.workers} workers cannot finish before their whole CPU / {usable} = "
          f"{floor:.2f} s, so at most {one['wall'] / floor:.2f}x against the 1-worker run's {one['wall']:.2f} s "
          f"(whose writer runs beside its worker); the workers' CPU grew "
          f"{(many['worker_cpu'] / one['worker_cpu'] - 1) * 100 if one['worker_cpu'] else 0:.0f}% with "
          f"{args.workers} of them")
    print(_load())


if __name__ == "__main__":
    main()
