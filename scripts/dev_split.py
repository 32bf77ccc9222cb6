"""The fixed split of ../shared/eval/labels-dev.jsonl used for issue 10 (honest measurement).

    uv run python scripts/dev_split.py --part tune   # the tuning half (rules were developed on it)
    uv run python scripts/dev_split.py --part held   # the held-back half (scored once, after the rules froze)

Bucket = sha256("fairwarning-issue10:" + cl_opinion_id) mod 2: 1 = tune, 0 = held. The membership is recorded
in docs/labels-dev-split.md; tests/test_label_split.py checks that this function reproduces it.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "labels-dev.jsonl"


def part_of(cl_opinion_id: str) -> str:
    h = int(hashlib.sha256(f"fairwarning-issue10:{cl_opinion_id}".encode()).hexdigest(), 16)
    return "tune" if h % 2 else "held"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("tune", "held", "all"), required=True)
    ap.add_argument("--gold", type=Path, default=GOLD)
    args = ap.parse_args()
    import json

    for line in args.gold.read_text(encoding="utf-8").splitlines():
        if line.strip() and (args.part == "all" or part_of(str(json.loads(line)["cl_opinion_id"])) == args.part):
            sys.stdout.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
