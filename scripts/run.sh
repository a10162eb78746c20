#!/usr/bin/env bash
# Set up (first time only) and start the dashboard on the embedded demo database.
# The database file is built from data/seed/ on the first start. Extra arguments go to streamlit.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/streamlit run app.py "$@" &
server=$!
trap 'kill "$server" 2>/dev/null || true' INT TERM
# One headless run of the app, so that a first deep link (a bookmark) opens without a "Page not found" notice.
.venv/bin/python scripts/warm_up.py "$@" || true
wait "$server"
