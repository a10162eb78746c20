#!/usr/bin/env bash
# Set up (first time only: .venv/ and Debian's nginx) and start N replicas of the dashboard behind nginx.
# Usage: bash scripts/serve.sh N [--port 8501] [--base-port 8601] [-- streamlit options]. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh serve
exec .venv/bin/python scripts/serve.py "$@"
