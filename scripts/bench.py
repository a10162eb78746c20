"""The benchmark: every page at demo size and at 100x, against its floor and a naive app, in one run.

Script time under AppTest (wall and CPU seconds of this process, DuckDB's threads included), for every page
and size, interleaved (each round goes through every size and page in turn):

- cold: every Streamlit cache cleared (a server start, or new data), a new session's first run;
- session: a new session's first run with the caches warm (a second visitor);
- warm: the same session's next run (a rerun: a widget changed, nothing new to compute), median;
- floor: the queries that page ran (recorded in its cold run), run again uncached on a fresh connection, plus
  a bare Streamlit page (bench/bare_app.py); warm/floor is the ratio the targets are about;
- naive: bench/naive_app.py for Overview, Map and Network (reads the CSVs with pandas on every rerun), its
  warm rerun; naive/warm is how much faster the project is.

In Chromium (--browser, needs scripts/setup.sh test): for every page and size, on a server started as
scripts/run.sh starts it, the seconds from opening the URL in a new browser context to every chart drawn, the
bytes the server sent over the websocket and the HTTP responses, then the seconds from a sidebar filter
change to the redraw finished; beside it a bare Streamlit page measured the same way in the same run.

Run: .venv/bin/python scripts/bench.py [--sizes demo,100x] [--rounds 3] [--browser] [--pages map,network]
The databases are built on first use into --work (default $TMPDIR/partnerships-bench) and reused while
the demo seed and scripts/make_large_db.py are unchanged. Prints Markdown tables and writes every
measurement to --json (default <work>/bench-results.json).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import harness  # noqa: E402
from bench.harness import Timing, median  # noqa: E402
from lib import i18n  # noqa: E402
from lib.navigation import PAGES  # noqa: E402

APP = ROOT / "app.py"


@dataclass(frozen=True)
class Scenario:
    name: str  # shown in the tables
    page: str  # page file
    url_path: str  # as in the browser's address ("" = the default page)
    params: tuple[tuple[str, str], ...] = ()
    naive: str | None = None  # ?page= of the naive app covering it


def scenarios() -> list[Scenario]:
    naive = {"overview": "overview", "map": "map", "network": "network"}
    out = [Scenario(p.url_path, p.path, p.link, (), naive.get(p.url_path)) for p in PAGES]
    by_path = {p.url_path: p for p in PAGES}
    details = (  # the one-record views of the Explore pages
        ("programme", "programmes", "ua-digital-transition"),
        ("partner", "partners", "oulu"),
        ("event", "events", "dt-2017-06-sofia"),
    )
    for key, url_path, value in details:
        spec = by_path[url_path]
        out.append(Scenario(f"{url_path}?{key}", spec.path, spec.link, ((key, value),)))
    return out


@dataclass
class AppResult:
    size: str
    scenario: str
    cold: list[Timing]
    session: list[Timing]
    warm: list[Timing]
    queries: list[Timing]
    bare: list[Timing]
    naive_cold: list[Timing]
    naive_warm: list[Timing]
    query_count: int = 0
    query_rows: int = 0


def measure_apptest(datasets, chosen, rounds: int, warm_runs: int, lang: str) -> list[AppResult]:
    # AppTest formats widget values in this thread (format_func calls t()): same language as the pages
    i18n.set_language(lang)
    results = {
        (d.name, s.name): AppResult(d.name, s.name, [], [], [], [], [], [], [])
        for d in datasets
        for s in chosen
    }
    for round_no in range(rounds):
        for data in datasets:
            os.environ["PARTNERSHIPS_DB"] = str(data.db)
            os.environ["NAIVE_SEED_DIR"] = str(data.seed_dir)
            for scenario in chosen:
                result = results[(data.name, scenario.name)]
                params = {"lang": lang, **dict(scenario.params)}
                harness.clear_caches()
                at = harness.app_test(APP, params, scenario.page)
                with harness.recording() as log:
                    result.cold.append(harness.run_app(at))
                result.query_count, result.query_rows = len(log.calls), log.rows
                result.warm += [harness.run_app(at) for _ in range(warm_runs)]
                result.session.append(harness.run_app(harness.app_test(APP, params, scenario.page)))
                result.queries.append(harness.queries_alone(data.db, log.calls))
                bare = harness.app_test(harness.BARE_APP, {})
                harness.run_app(bare)
                result.bare.append(harness.run_app(bare))
                if scenario.naive:
                    naive = harness.app_test(harness.NAIVE_APP, {"page": scenario.naive})
                    result.naive_cold.append(harness.run_app(naive))
                    result.naive_warm.append(harness.run_app(naive))
                print(
                    f"  round {round_no + 1}/{rounds} {data.name:>5} {scenario.name:<20} "
                    f"cold {result.cold[-1].wall:6.2f}s warm {result.warm[-1].wall:6.3f}s "
                    f"queries {result.queries[-1].wall:6.3f}s",
                    flush=True,
                )
    return list(results.values())


def _w(timings: list[Timing]) -> float:
    return median([t.wall for t in timings])


def _c(timings: list[Timing]) -> float:
    return median([t.cpu for t in timings])


def apptest_table(results: list[AppResult]) -> str:
    lines = [
        "| page | size | cold wall / CPU | new session wall / CPU | warm wall / CPU | floor: queries + bare "
        "| warm / floor | naive warm wall / CPU | naive / warm | queries (rows) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        floor_wall = _w(r.queries) + _w(r.bare)
        floor_cpu = _c(r.queries) + _c(r.bare)
        naive = f"{_w(r.naive_warm):.2f} / {_c(r.naive_warm):.2f} s" if r.naive_warm else "–"
        ratio = (
            f"{_w(r.naive_warm) / _w(r.warm):.1f}× (CPU {_c(r.naive_warm) / _c(r.warm):.1f}×)"
            if r.naive_warm
            else "–"
        )
        lines.append(
            f"| {r.scenario} | {r.size} | {_w(r.cold):.2f} / {_c(r.cold):.2f} s "
            f"| {_w(r.session):.2f} / {_c(r.session):.2f} s "
            f"| {_w(r.warm):.3f} / {_c(r.warm):.3f} s | {_w(r.queries):.3f} + {_w(r.bare):.3f} s "
            f"| {_w(r.warm) / floor_wall:.2f} (CPU {_c(r.warm) / floor_cpu:.2f}) | {naive} | {ratio} "
            f"| {r.query_count} ({r.query_rows:,}) |"
        )
    return "\n".join(lines)


def report(saved: dict) -> None:
    """The tables of a saved run (--json), as printed at its end."""
    print(f"load average before: {saved['load_before']}, after: {saved['load_after']}")
    if saved.get("apptest"):
        rows = []
        for r in saved["apptest"]:
            timings = {k: [Timing(**t) for t in v] for k, v in r.items() if isinstance(v, list)}
            rows.append(
                AppResult(
                    r["size"],
                    r["scenario"],
                    **timings,
                    query_count=r["query_count"],
                    query_rows=r["query_rows"],
                )
            )
        print("\n## Script time under AppTest (medians)\n")
        print(apptest_table(rows))
    if saved.get("browser"):
        from bench import browser

        print("\n## In Chromium (medians)\n")
        print(browser.table(saved["browser"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="demo,100x", help="comma-separated: demo, 100x, 10x, ...")
    parser.add_argument("--pages", help="comma-separated scenario names (default: all)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warm-runs", type=int, default=3)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--browser", action="store_true", help="also measure in Chromium")
    parser.add_argument("--no-apptest", action="store_true", help="only the Chromium part")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "partnerships-bench")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--report", type=Path, help="print the tables of an earlier run's JSON, measure nothing"
    )
    args = parser.parse_args()
    if args.report:
        report(json.loads(args.report.read_text()))
        return
    os.chdir(ROOT)
    datasets = [harness.dataset(args.work, name) for name in args.sizes.split(",")]
    chosen = scenarios()
    if args.pages:
        wanted = args.pages.split(",")
        chosen = [s for s in chosen if s.name in wanted]
    out: dict[str, object] = {"load_before": harness.load_average()}
    print(f"load average before: {out['load_before']}")
    if not args.no_apptest:
        results = measure_apptest(datasets, chosen, args.rounds, args.warm_runs, args.lang)
        out["apptest"] = [asdict(r) for r in results]
        print("\n## Script time under AppTest (medians)\n")
        print(apptest_table(results))
    if args.browser:
        from bench import browser

        rows = browser.measure(datasets, chosen, args.rounds, args.lang, args.work)
        out["browser"] = rows
        print("\n## In Chromium (medians)\n")
        print(browser.table(rows))
    out["load_after"] = harness.load_average()
    print(f"\nload average after: {out['load_after']}")
    path = args.json or args.work / "bench-results.json"
    path.write_text(json.dumps(out, indent=1, default=str))
    print(f"every measurement: {path}")


if __name__ == "__main__":
    main()
