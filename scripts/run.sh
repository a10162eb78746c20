#!/usr/bin/env bash
# Set up (first time only) and start the dashboard on the embedded demo database.
# The database file is built from data/seed/ on the first start. Extra arguments go to streamlit.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run app.py "$@"
