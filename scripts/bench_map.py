"""Measure the Map page: script time (AppTest, cold and warm) and the size of the deck JSON sent to the
browser, at demo size and on the large database (scripts/make_large_db.py).

Run: .venv/bin/python scripts/bench_map.py [--db PATH ...] [--repeat N]
Default databases: the demo one (data/partnerships.duckdb, built if missing) and
/tmp/partnerships-large.duckdb when it exists. Prints a Markdown table. "detail" forces one point per partner
(point limit raised) to show what the aggregation saves.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from lib import config, seed  # noqa: E402

PAGE = "pages/dashboards/map.py"
SCENARIOS = {  # name: (URL parameters, point limit or None for the default)
    "default": ({}, None),
    "all layers, world": ({"events": "true", "flows": "true", "shade": "true", "view": "world"}, None),
    "detail forced": ({}, 1_000_000),
}


def run_once(params: dict[str, str], clear: bool) -> tuple[float, int, list[str], int]:
    if clear:
        st.cache_data.clear()
        st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params["lang"] = "en"
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(PAGE)
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"map raised: {at.exception[0].value}")
    spec = at.get("deck_gl_json_chart")[0].proto.json
    layers = json.loads(spec)["layers"]
    marks = next((len(x["data"]) for x in layers if x["id"] in ("partners", "cells")), 0)
    return elapsed, len(spec.encode()), [x["id"] for x in layers], marks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", action="append", help="database file(s); default: demo and large")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.chdir(ROOT)
    dbs = [Path(p) for p in args.db or []]
    if not dbs:
        demo = Path(tempfile.gettempdir()) / "bench-map-demo.duckdb"
        dbs = [seed.build(demo, config.SEED_DIR)]
        large = Path(tempfile.gettempdir()) / "partnerships-large.duckdb"
        if large.exists():
            dbs.append(large)
        else:
            print(f"(no {large}: run scripts/make_large_db.py for the large size)\n")
    print("| database | scenario | points sent | cold (s) | warm (s, median) | deck JSON (bytes) | layers |")
    print("|---|---|---|---|---|---|---|")
    for db in dbs:
        os.environ["PARTNERSHIPS_DB"] = str(db)
        for name, (params, limit) in SCENARIOS.items():
            if limit:
                os.environ["PARTNERSHIPS_MAP_POINT_LIMIT"] = str(limit)
            else:
                os.environ.pop("PARTNERSHIPS_MAP_POINT_LIMIT", None)
            cold, size, layers, marks = run_once(params, clear=True)
            warm = statistics.median(run_once(params, clear=False)[0] for _ in range(args.repeat))
            row = [db.name, name, f"{marks:,}", f"{cold:.2f}", f"{warm:.2f}", f"{size:,}", ", ".join(layers)]
            print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
