"""Labeling throughput on one core: opinions/s, MB/s and peak RSS over the shared corpus.

    uv run python benchmarks/label.py                      # texts read from ../shared/corpus with the adapters
    uv run python benchmarks/label.py --db /tmp/x.db       # texts read from a store (what `fairwarning label` sees)

Texts are loaded first (not timed); then ``label_opinion`` runs over every text in this process, sequentially,
``--repeat`` times. Figures (medians of the runs: wall time, and this process's CPU time, the figure to compare on
a shared, loaded machine; state ``uptime`` beside them) are printed for all opinions and for those that mention
qualified immunity (the slow path; the target is >= 50 of those per second per core).
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from fairwarning.labeler import label_opinion
from fairwarning.labeler.rules import QI_MENTION

REPO = Path(__file__).resolve().parents[1]


def _texts_from_corpus(corpus: Path) -> list[tuple[str, str | None]]:
    from fairwarning.corpus.sources import discover, read_records
    from fairwarning.corpus.text import clean_text
    from fairwarning.models import OpinionRecord

    inputs, companions, _ = discover([corpus])
    out = []
    for f in inputs:
        for rec in read_records(f, companions):
            if isinstance(rec, OpinionRecord):
                out.append((clean_text(rec.text), rec.court_id))
    return out


def _texts_from_store(db: Path) -> list[tuple[str, str | None]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [(t, c) for t, c in conn.execute("SELECT text, court_id FROM opinions ORDER BY id")]
    finally:
        conn.close()


def _run(texts: list[tuple[str, str | None]], repeat: int) -> tuple[list[float], list[float], int]:
    """Wall and CPU seconds of each of ``repeat`` runs over ``texts`` (CPU time is this process's: on a loaded
    machine it is the comparable figure, wall time also counts the waits for a core)."""
    walls: list[float] = []
    cpus: list[float] = []
    decided = 0
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        decided = sum(label_opinion(t, court_id=c).qi_decided for t, c in texts)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return walls, cpus, decided


def _line(name: str, texts: list[tuple[str, str | None]], walls: list[float], cpus: list[float]) -> str:
    mb = sum(len(t.encode("utf-8")) for t, _ in texts) / 1e6
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    n = len(texts)
    return (f"{name:<28} {n:>6} opinions {mb:>8.2f} MB | median of {len(walls)}: wall {wall:>7.2f} s "
            f"{n / wall:>8.1f} opinions/s {mb / wall:>6.2f} MB/s | CPU {cpu:>7.2f} s = {1000 * cpu / n:>6.2f} ms/opinion "
            f"= {n / cpu:>8.1f} opinions per CPU-second | wall runs {', '.join(f'{w:.2f}' for w in walls)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="read texts from this store instead of the corpus")
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=5, help="runs per set; the median is reported")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    texts = _texts_from_store(args.db) if args.db else _texts_from_corpus(args.corpus)
    print(f"loaded {len(texts)} texts in {time.perf_counter() - t0:.1f} s (not timed below); one core, sequential")
    qi = [(t, c) for t, c in texts if QI_MENTION.search(t)]
    walls, cpus, decided = _run(texts, args.repeat)
    print(_line("all opinions", texts, walls, cpus) + f"   ({decided} decide QI)")
    walls, cpus, _ = _run(qi, args.repeat)
    print(_line("mentioning QI (slow path)", qi, walls, cpus))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS {peak_kb / 1024:.0f} MB (whole process, texts included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
