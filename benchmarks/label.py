"""Labeling throughput on one core: opinions/s, MB/s and peak RSS over the shared corpus.

    uv run python benchmarks/label.py                      # texts read from ../shared/corpus with the adapters
    uv run python benchmarks/label.py --db /tmp/x.db       # texts read from a store (what `fairwarning label` sees)

Texts are loaded first (not timed); then ``label_opinion`` runs over every text in this process, sequentially.
Figures are printed for all opinions and for those that mention qualified immunity (the slow path).
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
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


def _run(texts: list[tuple[str, str | None]], repeat: int) -> tuple[float, int]:
    best = float("inf")
    decided = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        decided = sum(label_opinion(t, court_id=c).qi_decided for t, c in texts)
        best = min(best, time.perf_counter() - t0)
    return best, decided


def _line(name: str, texts: list[tuple[str, str | None]], seconds: float) -> str:
    mb = sum(len(t.encode("utf-8")) for t, _ in texts) / 1e6
    return (f"{name:<28} {len(texts):>6} opinions {mb:>8.2f} MB {seconds:>8.2f} s "
            f"{len(texts) / seconds:>9.1f} opinions/s {mb / seconds:>7.2f} MB/s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="read texts from this store instead of the corpus")
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=3, help="runs per set; the best time is reported")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    texts = _texts_from_store(args.db) if args.db else _texts_from_corpus(args.corpus)
    print(f"loaded {len(texts)} texts in {time.perf_counter() - t0:.1f} s (not timed below); one core, sequential")
    qi = [(t, c) for t, c in texts if QI_MENTION.search(t)]
    seconds, decided = _run(texts, args.repeat)
    print(_line("all opinions", texts, seconds) + f"   ({decided} decide QI)")
    qi_seconds, _ = _run(qi, args.repeat)
    print(_line("mentioning QI (slow path)", qi, qi_seconds))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS {peak_kb / 1024:.0f} MB (whole process, texts included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
