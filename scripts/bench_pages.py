"""Measure each page's script time with AppTest: cold (caches cleared) and warm (second run), per language.

Run: .venv/bin/python scripts/bench_pages.py [--db PATH] [--repeat N]
Prints a Markdown table. Uses the demo database unless --db (or $PARTNERSHIPS_DB) says otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from lib import config  # noqa: E402
from lib.navigation import PAGES  # noqa: E402


def run_once(page: str, lang: str, clear: bool) -> float:
    if clear:
        st.cache_data.clear()
        st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params["lang"] = lang
    at.switch_page(page)
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"{page} ({lang}) raised: {at.exception[0].value}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database file (default: $PARTNERSHIPS_DB or the demo database)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.db:
        os.environ["PARTNERSHIPS_DB"] = args.db
    os.chdir(ROOT)
    print(f"database: {config.db_path() or config.data_dir()}\n")
    print(f"| page | lang | cold (s) | warm (s, median of {args.repeat}) |")
    print("|---|---|---|---|")
    for spec in PAGES:
        for lang in config.LANGUAGES:
            cold = run_once(spec.path, lang, clear=True)
            warm = statistics.median(run_once(spec.path, lang, clear=False) for _ in range(args.repeat))
            print(f"| {spec.url_path} | {lang} | {cold:.2f} | {warm:.2f} |")


if __name__ == "__main__":
    main()
