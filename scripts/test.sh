#!/usr/bin/env bash
# Set up (first time only) and run the whole test suite: lint, types, unit, AppTest and end-to-end in Chromium.
# Extra arguments go to pytest (e.g. -k overview, -m "not e2e").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy  # lib/, configured in pyproject.toml
exec .venv/bin/python -m pytest "$@"
