"""Measure the Network page: graph build, metrics, layout, figure per view, and the page time (AppTest).

Run: .venv/bin/python scripts/bench_network.py [--db PATH] [--repeat N]
The demo database is built into a temp dir unless --db is given; for scale use
scripts/make_large_db.py first (writes /tmp/partnerships-large.duckdb). Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import networkx as nx  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from lib import config, i18n, network, seed, sql  # noqa: E402

PAGE = "pages/dashboards/network.py"


def timed(func):
    start = time.perf_counter()
    value = func()
    return value, time.perf_counter() - start


def steps(db: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    scope = tuple(con.execute("SELECT id FROM programme").df()["id"])
    (members, nodes, themes), load = timed(
        lambda: [
            sql.run(con, f"network_{q}", programme_ids=scope) for q in ("memberships", "nodes", "themes")
        ]
    )
    two_mode, build = timed(lambda: network.two_mode_graph(members, nodes))
    groups, louvain = timed(lambda: network.communities(two_mode))
    by_partner = {network.ref(k): c for k, c in groups.items() if k.startswith("partner:")}
    _, reach = timed(
        lambda: (
            network.bridges(members, by_partner, "sofia"),
            network.opportunities(members, themes, "sofia"),
        )
    )
    print(
        f"{len(members):,} memberships, {two_mode.number_of_nodes():,} nodes, "
        f"{two_mode.number_of_edges():,} edges"
    )
    print(
        f"queries {load:.2f}s · two-mode graph {build:.2f}s · Louvain {louvain:.2f}s · "
        f"bridges+opportunities {reach:.2f}s\n"
    )
    print(
        "| view | nodes | edges | graph (s) | metrics (s) | layout (s) | figure (s) | drawn nodes / edges |"
    )
    print("|---|---|---|---|---|---|---|---|")
    i18n.set_language("en")
    for view in network.VIEWS:
        found, t_graph = timed(lambda v=view: network.view_graph(two_mode, v, "partner:sofia"))
        graph = found.graph
        _, t_metrics = timed(lambda g=graph: network.metrics(g))
        analysis = network.analyse(members, nodes, view, "sofia", groups)
        shown = set(analysis.nodes.loc[analysis.nodes["drawn"], "node"])
        _, t_layout = timed(lambda g=graph, s=shown: network.layout(nx.Graph(g.subgraph(s))))
        _, t_fig = timed(lambda a=analysis, v=view: network.figure(a, v, "type", "sofia"))
        print(
            f"| {view} | {graph.number_of_nodes():,} | {graph.number_of_edges():,} | {t_graph:.2f} | "
            f"{t_metrics:.2f} | {t_layout:.2f} | {t_fig:.2f} | "
            f"{analysis.drawn_count} / {len(analysis.drawn_edges):,} |"
        )


def page_time(view: str, lang: str, clear: bool) -> float:
    if clear:
        st.cache_data.clear()
        st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params["lang"] = lang
    at.query_params["view"] = view
    at.switch_page(PAGE)
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"{view} ({lang}) raised: {at.exception[0].value}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--db", type=Path, help="database file (default: the demo database, built in a temp dir)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    db = args.db or seed.build(Path(tempfile.mkdtemp()) / "demo.duckdb", config.SEED_DIR)
    os.environ["PARTNERSHIPS_DB"] = str(db)
    os.chdir(ROOT)
    print(f"database: {db}\n")
    steps(db)
    print(f"\n| page view | lang | cold (s) | warm (s, median of {args.repeat}) |")
    print("|---|---|---|---|")
    for view in network.VIEWS:
        for lang in config.LANGUAGES:
            cold = page_time(view, lang, clear=True)
            warm = statistics.median(page_time(view, lang, clear=False) for _ in range(args.repeat))
            print(f"| {view} | {lang} | {cold:.2f} | {warm:.2f} |")


if __name__ == "__main__":
    main()
