"""How the store and the analysis scale: stores of 10k, 100k, 1M opinions built from the real texts.

    nice uv run python benchmarks/scale.py --source fairwarning.db --sizes 10000,100000 --workdir /tmp/scale

``--source`` is a labeled shared-corpus store (``fairwarning ingest ../shared/corpus``, ``fairwarning label``).
Each size is built by SQL (the benchmark is about queries, not about parsing): copy ``k`` of every source
opinion gets id ``k * 10000 + id``, the source text plus a one-line marker (``[benchmark copy k]``, so every
text is unique; copy 0 keeps the text as is), a new text hash, its citations (still resolved to the copy-0
originals, which alone keep their reporter citations, as in a real corpus where each citation belongs to one
opinion) and its labels; then the FTS index is rebuilt and the store's migrations bring the maintained counts
up to date. Copies share dates and courts with their originals; copy k >= 1 gets its own docket number
("NN-NNNNN") and no CourtListener cluster or URL, so it is a distinct decision (an earlier version kept the
original's docket and cluster: hundreds of "copies" of each decision, which made case identity the cost at 1M).

At each size it prints, from separate processes (so peak RSS is per phase):
- analyze: p50/p95 of ``analyze`` + Markdown memo over the benchmark incidents (in process, after one warm-up);
- process: median wall time of a whole ``fairwarning analyze`` process for the first example;
- search: p50/p95 of ``Store.search`` over a fixed set of queries (limit 20);
- size: the store file (+ WAL), bytes per opinion;
- ingest: ``fairwarning ingest`` of a sample directory of real opinions (new texts: all copies carry new hashes)
  into the grown store, opinions/s; then ``fairwarning label`` of those, opinions/s (includes the pending scan).
The ingest/label phase changes the store; run it last (it is).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OFFSET = 10_000
#: another checkout's ``src`` to measure instead of this one (``--src``, e.g. the code before a change)
SRC = ""
SEARCHES = [
    "qualified immunity",
    '"clearly established" AND taser',
    "excessive force AND handcuffed",
    '"probable cause" AND arrest AND retaliation',
    "warrantless entry home",
    '"deliberate indifference" AND inmate',
    "First Amendment retaliation",
    "Monell custom policy",
    '"malicious prosecution"',
    "strip search",
]


def _p(times: list[float], q: float) -> float:
    s = sorted(times)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def _rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss it does not carry the parent's peak across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- building ------------------------------------------------------------------------------------------


def build(path: Path, source: Path, n: int) -> dict[str, float]:
    """A store of ``n`` opinions copied from ``source`` (see the module docstring)."""
    import sqlite3

    from fairwarning.corpus.store import Store

    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    Store(path).close()  # the schema, by the migrations
    t0 = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-200000")
    conn.execute("ATTACH DATABASE ? AS src", (f"file:{source}?mode=ro",))
    n_src, max_id = conn.execute("SELECT COUNT(*), MAX(id) FROM src.opinions").fetchone()
    if max_id >= OFFSET:
        raise SystemExit(f"source ids reach {max_id}: the benchmark copies need ids below {OFFSET}")
    done, k = 0, 0
    cols = "case_name, court_id, date_decided, precedential_status, docket_number, document_type"
    while done < n:
        take = min(n_src, n - done)
        conn.execute("BEGIN")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS pick (id INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM pick")
        conn.execute("INSERT INTO pick SELECT id FROM src.opinions ORDER BY id LIMIT ?", (take,))
        text = "s.text" if k == 0 else f"s.text || char(10) || '[benchmark copy {k}]'"
        # copy k >= 1 is another decision: its own docket number (unique per copy and source opinion, in the
        # docket form "NN-NNNNN"), no CourtListener cluster or URL of its own (so no identity key is shared with
        # its original: a real corpus holds distinct decisions, not hundreds of copies of one)
        if k == 0:
            docket, url, cluster = "s.docket_number", "s.url", "s.cluster_id"
        else:
            docket, url, cluster = f"printf('%02d-%d', {k % 100}, {(k // 100) * OFFSET} + s.id)", "NULL", "NULL"
        picked = ", ".join(docket if c == "docket_number" else "s." + c for c in cols.split(", "))
        conn.execute(
            f"INSERT INTO opinions (id, text_hash, {cols}, text, provenance, url, cluster_id) "
            f"SELECT s.id + {k * OFFSET}, s.text_hash || ':copy{k}', {picked},"
            f" {text}, s.provenance, {url}, {cluster} FROM src.opinions s JOIN pick USING (id)"
        )
        conn.execute(
            "INSERT INTO opinion_sources (source, source_id, opinion_id, path) "
            f"SELECT 'benchmark', '{k}:' || id, id + {k * OFFSET}, NULL FROM pick"
        )
        if k == 0:
            conn.execute("INSERT INTO reporter_citations SELECT r.* FROM src.reporter_citations r JOIN pick p "
                         "ON p.id = r.opinion_id")
        conn.execute(
            "INSERT INTO citations (opinion_id, start, end, matched_text, kind, normalized, pin_cite, scdb_verified,"
            f" resolved_opinion_id) SELECT c.opinion_id + {k * OFFSET}, c.start, c.end, c.matched_text, c.kind,"
            " c.normalized, c.pin_cite, c.scdb_verified, c.resolved_opinion_id FROM src.citations c JOIN pick p"
            " ON p.id = c.opinion_id"
        )
        conn.execute(
            "INSERT INTO labels (opinion_id, labeler_version, text_hash, qi_decided, qi_outcome, fields, evidence)"
            f" SELECT l.opinion_id + {k * OFFSET}, l.labeler_version, l.text_hash || ':copy{k}', l.qi_decided,"
            " l.qi_outcome, l.fields, l.evidence FROM src.labels l JOIN pick p ON p.id = l.opinion_id"
        )
        for table in _extra_tables(conn):
            copy_table(conn, table, k)
        conn.execute("COMMIT")
        done += take
        k += 1
    t_copy = time.perf_counter() - t0
    conn.execute("INSERT INTO opinions_fts (opinions_fts) VALUES ('rebuild')")
    t_fts = time.perf_counter() - t0 - t_copy
    conn.execute("DETACH DATABASE src")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    Store(path).close()  # any migration that derives tables from the copied rows
    return {"copy_s": t_copy, "fts_rebuild_s": t_fts, "build_s": time.perf_counter() - t0}


_HANDLED = {"opinions", "opinion_sources", "reporter_citations", "citations", "labels"}


def _extra_tables(conn: Any) -> list[str]:
    """Other tables keyed by ``opinion_id`` that the source and the new store both have (e.g. per-right label
    rulings): copied like the labels."""
    names = {r[0] for r in conn.execute("SELECT name FROM src.sqlite_master WHERE type = 'table'")} & \
        {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
    return sorted(t for t in names - _HANDLED
                  if any(c[1] == "opinion_id" for c in conn.execute(f"PRAGMA main.table_info({t})")))


def copy_table(conn: Any, table: str, k: int) -> None:
    """Rows of ``src.table`` for the picked opinions, as copy ``k`` (``opinion_id`` offset; an integer primary key
    ``id`` is left to the store)."""
    cols = [c[1] for c in conn.execute(f"PRAGMA main.table_info({table})") if not (c[1] == "id" and c[5])]
    src_cols = {c[1] for c in conn.execute(f"PRAGMA src.table_info({table})")}
    cols = [c for c in cols if c in src_cols]
    values = [f"t.opinion_id + {k * OFFSET}" if c == "opinion_id" else
              (f"t.text_hash || ':copy{k}'" if c == "text_hash" else f"t.{c}") for c in cols]
    conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(values)} FROM src.{table} t "
                 "JOIN pick p ON p.id = t.opinion_id")


def backfill(db: Path, source: Path, table: str) -> None:
    """Copy ``table`` from ``source`` into an existing benchmark store, for every copy it holds."""
    import sqlite3

    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("ATTACH DATABASE ? AS src", (f"file:{source}?mode=ro",))
    n = int(conn.execute("SELECT MAX(id) FROM opinions").fetchone()[0])
    conn.execute("BEGIN")
    conn.execute(f"DELETE FROM {table}")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS pick (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM pick")
    for k in range(n // OFFSET + 1):
        conn.execute("DELETE FROM pick")
        conn.execute("INSERT INTO pick SELECT s.id FROM src.opinions s JOIN main.opinions o ON o.id = s.id + ?",
                     (k * OFFSET,))
        copy_table(conn, table, k)
    conn.execute("COMMIT")
    conn.close()


# -- measuring (each in its own process) ------------------------------------------------------------------


def _phase_analyze(db: Path, repeat: int) -> dict[str, float]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from analyze import _incidents  # type: ignore[import-not-found]

    from fairwarning.analysis import analyze, render_memo
    from fairwarning.corpus.store import Store

    incidents = _incidents()
    times, cpu = [], []
    with Store(db, readonly=True) as store:
        render_memo(analyze(incidents[0], store), "md")
        for _ in range(repeat):
            for inc in incidents:
                t0, c0 = time.perf_counter(), time.process_time()
                render_memo(analyze(inc, store), "md")
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
    return {"analyze_p50_ms": statistics.median(times) * 1000, "analyze_p95_ms": _p(times, 0.95) * 1000,
            "analyze_cpu_p50_ms": statistics.median(cpu) * 1000, "analyze_cpu_p95_ms": _p(cpu, 0.95) * 1000,
            "analyze_runs": len(times), "analyze_peak_rss_mb": _rss_mb()}


def _phase_search(db: Path, repeat: int) -> dict[str, float]:
    from fairwarning.corpus.store import Store

    times, cpu = [], []
    with Store(db, readonly=True, time_limit_ms=60_000) as store:
        for q in SEARCHES:
            store.search(q, limit=20)
        for _ in range(repeat):
            for q in SEARCHES:
                t0, c0 = time.perf_counter(), time.process_time()
                store.search(q, limit=20)
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
    return {"search_p50_ms": statistics.median(times) * 1000, "search_p95_ms": _p(times, 0.95) * 1000,
            "search_cpu_p95_ms": _p(cpu, 0.95) * 1000, "search_runs": len(times), "search_peak_rss_mb": _rss_mb()}


def _run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    return time.perf_counter() - t0


def _env() -> dict[str, str]:
    env = dict(os.environ)
    if SRC:
        env["PYTHONPATH"] = SRC
    return env


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _process(db: Path, repeat: int) -> dict[str, float]:
    """A whole ``fairwarning analyze`` process (after one run that fills the per-user caches)."""
    example = str(REPO / "examples" / "bumper-sticker-arrest.yaml")
    cmd = [sys.executable, "-m", "fairwarning", "analyze", example, "--db", str(db)]
    _run(cmd)
    times, cpu = [], []
    for _ in range(max(repeat, 5)):
        c0 = _children_cpu()
        times.append(_run(cmd))
        cpu.append(_children_cpu() - c0)
    return {"process_median_s": statistics.median(times), "process_cpu_median_s": statistics.median(cpu)}


def _ingest_label(db: Path, sample: Path) -> dict[str, float]:
    import sqlite3

    exe = str(Path(sys.executable).with_name("fairwarning"))

    def count(sql: str) -> int:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
            return int(c.execute(sql).fetchone()[0])

    before = count("SELECT COUNT(*) FROM opinions")
    t_in = _run([exe, "ingest", str(sample), "--db", str(db), "--workers", "2"])
    added = count("SELECT COUNT(*) FROM opinions") - before
    t_lab = _run([exe, "label", "--db", str(db)])
    return {"ingested": added, "ingest_s": t_in, "ingest_per_s": added / t_in if t_in else 0.0,
            "label_s": t_lab, "label_per_s": added / t_lab if t_lab else 0.0}


def _child(phase: str, db: Path, repeat: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--phase", phase, "--db", str(db), "--repeat", str(repeat)],
                         check=True, capture_output=True, text=True, env=_env())
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, help="labeled shared-corpus store to copy from")
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated opinion counts")
    ap.add_argument("--workdir", type=Path, default=Path("scale-stores"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--reuse", action="store_true", help="reuse a store of the right size in --workdir")
    ap.add_argument("--sample", default=str(REPO.parent / "shared" / "corpus" / "courtlistener-sample"),
                    help="real opinions to ingest into each grown store ('' to skip the ingest/label phase)")
    ap.add_argument("--src", default="", help="measure the code in this src directory (PYTHONPATH) instead")
    ap.add_argument("--measure-only", action="store_true", help="no build, no migration: measure the stores as they are")
    ap.add_argument("--backfill", default="", help="copy this table from --source into the existing stores, then stop")
    ap.add_argument("--phase", choices=["analyze", "search"], help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        fn = _phase_analyze if args.phase == "analyze" else _phase_search
        print(json.dumps(fn(args.db, args.repeat)))
        return
    if args.source is None and not args.measure_only:
        ap.error("--source is required")
    global SRC
    SRC = args.src
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.backfill:
        for n in (int(x) for x in args.sizes.split(",")):
            backfill(args.workdir / f"scale-{n}.db", args.source, args.backfill)
        return
    print(f"load: {os.getloadavg()}  cpus: {os.cpu_count()}", flush=True)
    for n in (int(s) for s in args.sizes.split(",")):
        db = args.workdir / f"scale-{n}.db"
        row: dict[str, float | str] = {"opinions": n}
        if args.measure_only:
            row["code"] = args.src or "this checkout"
        elif not (args.reuse and db.exists()):
            row.update(build(db, args.source, n))
        else:
            from fairwarning.corpus.store import Store

            t0 = time.perf_counter()
            Store(db).close()  # apply pending migrations
            row["migrate_s"] = time.perf_counter() - t0
        row["size_mb"] = (db.stat().st_size + (Path(f"{db}-wal").stat().st_size if Path(f"{db}-wal").exists() else 0)) / 2**20
        row["kb_per_opinion"] = float(row["size_mb"]) * 1024 / n
        row.update(_child("analyze", db, args.repeat))
        row.update(_child("search", db, args.repeat))
        row.update(_process(db, args.repeat))
        if args.sample:
            row.update(_ingest_label(db, Path(args.sample)))
        row["load"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
        print(json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in row.items()}), flush=True)


if __name__ == "__main__":
    main()
