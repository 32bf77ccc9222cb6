"""System view speed and memory: ``analytics``, ``system_view`` and ``simulate`` on a labeled store, and on a
synthetic store of many more rulings (the store's rulings and labels copied ``--scale`` times under new opinion
ids, no texts) to check that the analytics stream.

    uv run python benchmarks/system.py --db STORE                 # a labeled store (fairwarning label)
    uv run python benchmarks/system.py --db STORE --scale 20000   # also ~1.3M synthetic rulings

Prints the median of ``--repeat`` wall times and the peak RSS of this process. Run ``uptime`` beside it: the
machine is shared.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fairwarning.corpus.store import Store
from fairwarning.system.analytics import analytics
from fairwarning.system.simulate import simulate
from fairwarning.system.views import system_view


def _time(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _synthetic(src: Path, scale: int, dest: Path) -> int:
    """A store holding the labeled rulings (and label rows) of ``src`` ``scale`` times, under new opinion ids."""
    with Store(dest):
        pass  # creates the schema (all migrations)
    conn = sqlite3.connect(dest)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("ATTACH DATABASE ? AS src", (f"file:{src}?mode=ro",))
    top = int(conn.execute("SELECT MAX(opinion_id) FROM src.label_rulings").fetchone()[0]) + 1
    for k in range(scale):
        off = k * top
        conn.execute(
            "INSERT INTO label_rulings SELECT opinion_id + ?, labeler_version, right, qi_decided, qi_outcome, prong1, "
            "prong2, merits_skipped, defendant, court_id, date_decided, published, '[]' FROM src.label_rulings",
            (off,))
        conn.execute(
            "INSERT INTO labels (opinion_id, labeler_version, text_hash, qi_decided, qi_outcome, fields, evidence) "
            "SELECT opinion_id + ?, labeler_version, text_hash, qi_decided, qi_outcome, fields, '[]' FROM src.labels "
            "WHERE opinion_id IN (SELECT opinion_id FROM src.label_rulings)", (off,))
    conn.commit()
    n = int(conn.execute("SELECT COUNT(*) FROM label_rulings").fetchone()[0])
    conn.close()
    return n


def _measure(db: Path, repeat: int, label: str, with_sim: bool) -> None:
    with Store(db, readonly=True) as store:
        n = int(store.conn.execute("SELECT COUNT(*) FROM label_rulings").fetchone()[0])
        t_a = _time(lambda: analytics(store), repeat)
        t_v = _time(lambda: system_view(store), repeat)
        line = f"{label}: {n:,} rulings; analytics {t_a:.2f} s, system_view {t_v:.2f} s"
        if with_sim:
            t_s = _time(lambda: simulate(store, regime="pearson", seed=1, runs=200), repeat)
            line += f", simulate (200 runs x 3 specificities, 20 years, + backtest) {t_s:.2f} s"
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{line}; peak RSS so far {rss:.0f} MB (median of {repeat})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a labeled store")
    parser.add_argument("--scale", type=int, default=0, help="also measure a synthetic store of N copies")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    _measure(args.db, args.repeat, "store", with_sim=True)
    if args.scale:
        with tempfile.TemporaryDirectory() as tmp:
            dest = Path(tmp) / "synthetic.db"
            start = time.perf_counter()
            n = _synthetic(args.db, args.scale, dest)
            print(f"built a synthetic store of {n:,} rulings in {time.perf_counter() - start:.1f} s")
            _measure(dest, 1, f"synthetic x{args.scale}", with_sim=False)


if __name__ == "__main__":
    main()
