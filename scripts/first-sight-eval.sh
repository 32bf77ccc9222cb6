#!/usr/bin/env bash
# Issue 10's honest figure: every hand-coded set that was held out, labeled by the frozen rules that had never seen
# it (each set's commit below), and the confusion tables pooled. Needs git history and the project's venv; makes
# one worktree per commit under ${FIRST_SIGHT_DIR:-/tmp/fairwarning-first-sight}; stores and reports land there too.
#
#   bash scripts/first-sight-eval.sh            # prints one line per set and the pooled line
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
OUT=${FIRST_SIGHT_DIR:-/tmp/fairwarning-first-sight}
SHARED=${FAIRWARNING_SHARED:-$ROOT/../shared}
mkdir -p "$OUT"
# set name | commit of the frozen rules that scored it first | gold files (fresh batches or a split of a reading)
SETS=(
  "batch-1|5e1ea44|docs/fresh-reading/batch-1"
  "batch-2|c4ba1be|docs/fresh-reading/batch-2"
  "batch-3|0f230ba|docs/fresh-reading/batch-3"
  "batches-4-6|cedb943|docs/fresh-reading/batch-4 docs/fresh-reading/batch-5 docs/fresh-reading/batch-6"
  "batches-7-8|2410067|docs/fresh-reading/batch-7 docs/fresh-reading/batch-8"
  "circuit-1|2410067|docs/fresh-reading/circuit-1"
  "scotus-held|cc66a9e|scotus-held"
  "batches-9-10|c36587c|docs/fresh-reading/batch-9 docs/fresh-reading/batch-10"
  "batch-11+circuit-2|f427c8f|docs/fresh-reading/batch-11 docs/fresh-reading/circuit-2"
  "batch-12|ae8228c|docs/fresh-reading/batch-12"
)
reports=()
for spec in "${SETS[@]}"; do
  IFS='|' read -r name commit dirs <<< "$spec"
  wt="$OUT/wt-$commit"
  [ -d "$wt" ] || git worktree add -q -f "$wt" "$commit"
  db="$OUT/$name.db"; gold="$OUT/$name-gold.jsonl"; rm -f "$db" "$db-wal" "$db-shm"; : > "$gold"
  if [ "$dirs" = "scotus-held" ]; then
    # the held half of the fourth reading: the shared corpus's Supreme Court texts, split by the seeded hash
    for sub in scotus scotus-recent; do "$PY" -m fairwarning ingest "$SHARED/corpus/$sub/opinions" --db "$db" > /dev/null; done
    "$PY" scripts/dev_split.py --part held --gold docs/scotus-reading/labels.jsonl > "$gold"
  else
    for d in $dirs; do
      "$PY" -m fairwarning ingest "$d/opinions" --db "$db" > /dev/null
      cat "$d/labels.jsonl" >> "$gold"
    done
  fi
  PYTHONPATH="$wt/src" "$PY" -m fairwarning label --db "$db" | tail -1
  PYTHONPATH="$wt/src" "$PY" -m fairwarning eval labels --gold "$gold" --db "$db" --json > "$OUT/$name.json"
  reports+=("$OUT/$name.json")
done
"$PY" - "${reports[@]}" <<'PY'
import json, sys
fields = ["qi_decided", "qi_outcome", "prong1", "prong2", "merits_skipped", "rights"]
def line(files):
    conf = {k: [] for k in fields}; n = 0
    for f in files:
        d = json.load(open(f)); n += d["n_matched"]
        for k in fields:
            conf[k] += d["fields"][k]["confusion"]
    out = []
    for k in fields:
        c = conf[k]
        if k in ("qi_decided", "merits_skipped"):
            tp = sum(x["count"] for x in c if x["gold"] == "true" and x["predicted"] == "true")
            fp = sum(x["count"] for x in c if x["gold"] == "false" and x["predicted"] == "true")
            fn = sum(x["count"] for x in c if x["gold"] == "true" and x["predicted"] == "false")
            out.append(f"{k} F1 {2 * tp / (2 * tp + fp + fn):.3f}" if tp + fp + fn else f"{k} F1 n/a")
        elif k == "rights":
            tp = sum(x["count"] for x in c if x["gold"] == x["predicted"])
            fp = sum(x["count"] for x in c if x["gold"] == "(absent)")
            fn = sum(x["count"] for x in c if x["predicted"] == "(absent)")
            out.append(f"rights micro-F1 {2 * tp / (2 * tp + fp + fn):.3f}" if tp + fp + fn else "rights n/a")
        else:
            tot = sum(x["count"] for x in c)
            out.append(f"{k} {sum(x['count'] for x in c if x['gold'] == x['predicted']) / tot:.3f}")
    return f"n={n}: " + ", ".join(out)
for f in sys.argv[1:]:
    print(f.rsplit("/", 1)[-1][:-5].ljust(12), line([f]))
print("pooled".ljust(12), line(sys.argv[1:]))
PY
