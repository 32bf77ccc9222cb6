"""Long fuzz run (issue 14): >= 10,000 fuzzed inputs through ``fairwarning ingest``, plus the incident loader.

    uv run python benchmarks/fuzz.py [--inputs 10000] [--batch 250] [--incidents 2000] [--seed 14] [--workers 2]

Inputs are written by ``tests/fuzz_inputs.py`` from real seeds (the shared corpus and the feed fixtures) in
every input format (CourtListener JSON, mapped JSON, bulk CSV, CAP JSONL -- plain and compressed -- text, HTML,
PDF, and special files: FIFOs, symbolic-link loops, empty, binary, two-column and header-only CSVs). Each batch
is ingested by the real CLI in a subprocess with a time limit, then a third of its CourtListener files get a
changed text under the same id and the folder is ingested again. Printed: inputs, tracebacks (exit 3, a
traceback, a ``reader_error`` rejection), hangs (a run over the time limit), silent losses (an input neither
stored nor rejected with a reason), orphans (``Store.verify``: integrity, FTS, opinions without a source), the
exit codes and rejection reasons seen, and the incident loader's results (an incident or an InputError;
anything else, or over 5 s, is a failure).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from fuzz_inputs import FORMATS, Written, check_ingest, mutated_incident, write_case  # noqa: E402


def _subprocess_runner(timeout: float, hangs: list[str]):  # type: ignore[no-untyped-def]
    def run(args: list[str]) -> tuple[int, str, str]:
        try:
            done = subprocess.run([sys.executable, "-m", "fairwarning", *args], capture_output=True, text=True,
                                  timeout=timeout, cwd=REPO)
        except subprocess.TimeoutExpired:
            hangs.append(" ".join(args))
            return 0, "{}", ""
        return done.returncode, done.stdout, done.stderr

    return run


def _change_texts(written: list[Written], rng: random.Random) -> list[Written]:
    changed = []
    for w in written:
        if w.kind != "courtlistener-json" or rng.random() > 0.33:
            continue
        try:
            obj = json.loads(w.path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError, OSError):
            continue
        if isinstance(obj, dict) and isinstance(obj.get("plain_text"), str):
            obj["plain_text"] += "\n\nCorrected: the judgment is affirmed in part and reversed in part."
            w.path.write_text(json.dumps(obj), encoding="utf-8")
            changed.append(w)
    return changed


def fuzz_ingest(args: argparse.Namespace, corpus: Path) -> dict[str, object]:
    rng = random.Random(args.seed)
    totals: Counter[str] = Counter()
    examples: dict[str, list[str]] = {"tracebacks": [], "losses": [], "orphans": [], "hangs": []}
    codes: Counter[int] = Counter()
    reasons: Counter[str] = Counter()
    formats: Counter[str] = Counter()
    work = Path(tempfile.mkdtemp(prefix="fairwarning-fuzz-"))
    started = time.monotonic()
    n = 0
    batch_no = 0
    try:
        while n < args.inputs:
            batch_no += 1
            folder, db = work / f"b{batch_no}" / "in", work / f"b{batch_no}" / "fuzz.db"
            written: list[Written] = []
            for i in range(min(args.batch, args.inputs - n)):
                fmt = rng.choice(FORMATS)
                formats[fmt] += 1
                written += write_case(folder, fmt, rng, corpus, i)
                n += 1
            hangs: list[str] = []
            runner = _subprocess_runner(args.timeout, hangs)
            for attempt in (written, _change_texts(written, rng)):
                outcome = check_ingest(folder, db, attempt, workers=args.workers, runner=runner)
                codes[outcome.code] += 1
                for key, items in (("tracebacks", outcome.tracebacks), ("losses", outcome.losses),
                                   ("orphans", outcome.orphans), ("hangs", hangs)):
                    totals[key] += len(items)
                    examples[key] += items[: 3 - len(examples[key])] if len(examples[key]) < 3 else []
                hangs.clear()
            reasons.update(_reasons(db))
            shutil.rmtree(work / f"b{batch_no}", ignore_errors=True)
            print(f"  {n} inputs, {time.monotonic() - started:.0f} s: tracebacks {totals['tracebacks']}, hangs "
                  f"{totals['hangs']}, silent losses {totals['losses']}, orphans {totals['orphans']}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"inputs": n, "batches": batch_no, "seconds": round(time.monotonic() - started, 1),
            "tracebacks": totals["tracebacks"], "hangs": totals["hangs"], "silent_losses": totals["losses"],
            "orphans": totals["orphans"], "exit_codes": dict(sorted(codes.items())),
            "formats": dict(sorted(formats.items())), "rejection_reasons": dict(reasons.most_common()),
            "examples": {k: v for k, v in examples.items() if v}}


def _reasons(db: Path) -> Counter[str]:
    import sqlite3

    if not db.exists():
        return Counter()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return Counter({r[0]: r[1] for r in conn.execute("SELECT reason, COUNT(*) FROM rejections GROUP BY 1")})


def fuzz_incidents(count: int, seed: int) -> dict[str, object]:

    from fairwarning.analysis import load_incident
    from fairwarning.errors import InputError

    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="fairwarning-incident-fuzz-"))
    try:
        for i in range(count):
            as_json = rng.random() < 0.5
            raw = mutated_incident(rng, as_json)
            path = folder / f"i{i}.{'json' if as_json else 'yaml'}"
            path.write_bytes(raw)
            started = time.monotonic()
            try:
                load_incident(path)
                outcomes["incident"] += 1
            except InputError:
                outcomes["input_error"] += 1
            except Exception as exc:  # noqa: BLE001 -- counted: the loader must raise nothing else
                outcomes["crash"] += 1
                failures.append(f"{path.name}: {type(exc).__name__}: {exc}"[:300])
            if time.monotonic() - started > 5:
                outcomes["slow"] += 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"cases": count, **dict(outcomes), "failures": failures[:5]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--incidents", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=900.0, help="Seconds before one batch ingest is a hang.")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; {args.inputs} inputs in batches of {args.batch}")
    incidents = fuzz_incidents(args.incidents, args.seed)
    print("incident loader:", json.dumps(incidents))
    result = fuzz_ingest(args, args.corpus)
    print(json.dumps({"ingest": result, "incident_loader": incidents}, indent=2))


if __name__ == "__main__":
    main()
