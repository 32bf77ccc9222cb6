#!/usr/bin/env bash
# Set up from the lock file and run the main job end to end on the shared corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v uv >/dev/null 2>&1 || python3 -m pip install -q uv
uv sync --all-extras --frozen
SHARED="${FAIRWARNING_SHARED:-../shared}"
DB="${FAIRWARNING_DB:-fairwarning.db}"
uv run fairwarning ingest "$SHARED/corpus" --db "$DB" || echo "(some inputs were rejected; see the summary above)"
uv run fairwarning stats --db "$DB"
