#!/usr/bin/env bash
# Set up from the lock file and run the main job end to end: build the store (shared corpus, plus a
# CourtListener sync when COURTLISTENER_TOKEN or COURTLISTENER_API_TOKEN is set), label it, and analyze an example incident shipped with
# the project. Prints where the memo was written.
#   FAIRWARNING_SHARED   shared data directory (default ../shared)
#   FAIRWARNING_DB       store file (default fairwarning.db)
#   FAIRWARNING_INCIDENT incident to analyze (default examples/bumper-sticker-arrest.yaml)
#   FAIRWARNING_SYNC_COURTS courts to sync when a token is set (default "ca11 scotus"), since 2000-01-01
set -euo pipefail
cd "$(dirname "$0")/.."
command -v uv >/dev/null 2>&1 || python3 -m pip install -q uv
# --compile-bytecode: write .pyc files at install (the project's own sources too), so no command pays for
# compiling on start-up (it cannot cache them where PYTHONDONTWRITEBYTECODE is set)
uv sync --all-extras --frozen --compile-bytecode
uv run --frozen python -m compileall -q src >/dev/null
SHARED="${FAIRWARNING_SHARED:-../shared}"
DB="${FAIRWARNING_DB:-fairwarning.db}"
INCIDENT="${FAIRWARNING_INCIDENT:-examples/bumper-sticker-arrest.yaml}"
OUT_DIR="${FAIRWARNING_OUT:-memos}"
uv run fairwarning ingest "$SHARED/corpus" --db "$DB" || echo "(some inputs were rejected; see the summary above)"
if [ -n "${COURTLISTENER_TOKEN:-}${COURTLISTENER_API_TOKEN:-}" ]; then
  for court in ${FAIRWARNING_SYNC_COURTS:-ca11 scotus}; do
    uv run fairwarning sync --court "$court" --since 2000-01-01 --db "$DB" || echo "(sync of $court failed; continuing with the store as is)"
  done
fi
uv run fairwarning stats --db "$DB"
uv run fairwarning label --db "$DB"
mkdir -p "$OUT_DIR"
name="$(basename "${INCIDENT%.*}")"
for fmt in md html docx json; do
  uv run fairwarning analyze "$INCIDENT" --db "$DB" --format "$fmt" --out "$OUT_DIR/$name.$fmt"
done
echo "memo written to $(cd "$OUT_DIR" && pwd)/$name.md (also .html, .docx, .json)"
