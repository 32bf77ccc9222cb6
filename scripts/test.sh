#!/usr/bin/env bash
# Set up (from the lock file) and run every check CI runs: ruff, mypy, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v uv >/dev/null 2>&1 || python3 -m pip install -q uv
uv sync --all-extras --frozen
uv run ruff check src tests benchmarks
uv run mypy
uv run pytest "$@"
