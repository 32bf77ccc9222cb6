#!/usr/bin/env bash
# Set up (from the lock file) and run every check CI runs: ruff, mypy, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v uv >/dev/null 2>&1 || python3 -m pip install -q uv
# --compile-bytecode: write .pyc files at install (the project's own sources too), so no command pays for
# compiling on start-up (it cannot cache them where PYTHONDONTWRITEBYTECODE is set)
uv sync --all-extras --frozen --compile-bytecode
uv run --frozen python -m compileall -q src >/dev/null
uv run ruff check src tests benchmarks
uv run mypy
uv run pytest "$@"
