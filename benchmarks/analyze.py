"""Latency of `analyze` (retrieval + assessment + Markdown memo) over the example incidents on a store.

    uv run python benchmarks/analyze.py --db fairwarning.db [--repeat 5]

Prints p50/p95/max per full analysis (incident parsed once; memo rendered each time) and the number of runs.
The store should be the shared corpus, labeled (`fairwarning ingest ../shared/corpus`, `fairwarning label`).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from fairwarning.analysis import analyze, load_incident, render_memo
from fairwarning.analysis.incident import Incident, parse_incident
from fairwarning.corpus.store import Store

REPO = Path(__file__).resolve().parents[1]
_EXTRA = [  # more incidents, varied rights and places, to widen the sample beyond the shipped examples
    ("2015-05-01", "CA", ["police"], ["4A_unlawful_search"], "Officers entered a home without a warrant at night and searched the bedrooms for a suspect."),
    ("2010-09-09", "NY", ["corrections"], ["8A_excessive_force"], "A guard struck a handcuffed inmate repeatedly in the face after he complained about food."),
    ("2005-02-14", "TX", ["school"], ["14A_procedural_due_process"], "A student was expelled from school without notice or any hearing."),
    ("1999-07-04", "ME", ["police"], ["4A_false_arrest", "4A_malicious_prosecution"], "A man was arrested and charged with assault on a witness's word that the police knew was false."),
    ("2013-03-03", "PR", ["other_state_or_local"], ["political_discrimination"], "A municipal employee was fired after the new mayor's party won because she belonged to the other party."),
]


def _incidents() -> list[Incident]:
    out = [load_incident(p) for p in sorted((REPO / "examples").glob("*.yaml"))]
    for date, place, officials, claims, facts in _EXTRA:
        out.append(parse_incident({"conduct_date": date, "place": place, "officials": officials,
                                   "claims": claims, "facts": facts}))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    incidents = _incidents()
    times: list[float] = []
    with Store(args.db, readonly=True) as store:
        analyze(incidents[0], store)  # warm caches (tokenizer, doctrine tables)
        for _ in range(args.repeat):
            for inc in incidents:
                t0 = time.perf_counter()
                render_memo(analyze(inc, store), "md")
                times.append(time.perf_counter() - t0)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"store: {args.db}  incidents: {len(incidents)}  runs: {len(times)}")
    print(f"analyze+memo latency  p50 {statistics.median(times) * 1000:.0f} ms  p95 {p95 * 1000:.0f} ms  "
          f"max {times[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
