"""Measure presenter mode and the handouts: slide change (warm), first slide after a server start, and the
PowerPoint and PDF build time (first and later) for the overview deck and a partner brief.

Run: .venv/bin/python scripts/bench_present.py [--db PATH] [--partner oulu] [--repeat 5] [--skip-browser]

- **slide change, script time**: the slide fragment's own run (the `show` function of the Present page,
  timed by wrapping `st.fragment` before the page runs under AppTest): wall and this thread's CPU, for a
  slide not yet seen (built from the database) and for one already seen (warm: the cached slide drawn);
  beside it the Present page's whole script run (app.py's frame and the page) as AppTest sees it;
- **slide change in the browser**: a key press in Chromium until the next slide has drawn (median);
- **first slide after a server start**: a fresh server (the database exists), Chromium opening
  /present?deck=overview until the slide has drawn;
- **handouts**: "cold" is the first handout of a fresh process (kaleido's export browser not started, no
  picture made: each in a process of its own); then, with the browser up, per deck and file: "new
  pictures" (none cached: a deck, language or filter not asked for before), "pictures cached" (the same
  deck's other file, median of --repeat) and "other language". The page keeps each finished file
  (st.cache_data, per deck, filters, language and data version), so the same file again costs nothing there.
  The slides' own build (from the database) is shown apart: on the page, the slides already shown are cached.
  The network (layout, communities) is computed once before any timing and kept, as the server's warm-up
  does for every session (lib/network_cache); its time is shown apart too.
Wall time and this process's CPU time are both printed (kaleido's export browser is another process: its
work shows in wall time only); the machine is shared, so read them with the load average printed beside.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from lib import config, handouts, i18n, network, present, sql  # noqa: E402


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def load() -> str:
    return "load " + " / ".join(f"{x:.1f}" for x in os.getloadavg())


def _context(db: Path):
    """A presenter context as the app's: the network of a scope and its analysis are kept (as
    lib/network_cache keeps them per data version for every session), and computed here before any timing,
    as the server's warm-up computes them before the first visitor (the time is printed apart)."""
    con = duckdb.connect(str(db), read_only=True)

    def query(name, **params):
        return sql.run(con, name, **params)

    data = functools.cache(lambda scope: network.load(query, scope, present.HOME))

    @functools.cache
    def analysis(scope, view):
        memberships, nodes, _, groups, _, _ = data(scope)
        return network.analyse(memberships, nodes, view, present.HOME, groups)

    ctx = present.Context(query, today=dt.date.today(), network_data=data, network_analysis=analysis)
    scope = tuple(ctx.scope())
    _, wall, cpu = timed(lambda: analysis(scope, ctx.options.network_view))
    return con, ctx, (wall, cpu)


def bench_cold(db: Path, kind: str) -> str:
    """The first handout of a fresh process: the overview deck in English (its slides built first)."""
    con, ctx, _ = _context(db)
    i18n.set_language("en")
    deck = present.open_deck("overview", ctx)
    slides = present.build_deck(deck, ctx)
    data, wall, cpu = timed(lambda: handouts.build(kind, deck, slides))
    con.close()
    cells = [
        "overview",
        kind,
        "cold (en): first in the process",
        f"{wall:.2f} / {cpu:.2f}",
        f"{len(data) // 1024} KiB",
    ]
    return "| " + " | ".join(cells) + " |"


def bench_handouts(db: Path, partner: str, repeat: int) -> list[str]:
    con, ctx, (net_wall, net_cpu) = _context(db)
    handouts.picture(handouts.go.Figure(handouts.go.Bar(x=[1], y=[1])), (40, 30), scale=1)  # browser up
    rows, built = [], {}
    for name in ("overview", f"partner:{partner}"):
        for kind in ("pptx", "pdf"):
            handouts._pictures.clear()
            for label, lang in (("new pictures", "en"), ("pictures cached", "en"), ("other language", "bg")):
                i18n.set_language(lang)
                deck = present.open_deck(name, ctx)
                if (name, lang) not in built:  # once per deck and language (slow on a large database)
                    built[name, lang] = timed(lambda deck=deck: present.build_deck(deck, ctx))
                slides = built[name, lang][0]
                runs = [
                    timed(lambda kind=kind, deck=deck, slides=slides: handouts.build(kind, deck, slides))
                    for _ in range(repeat if label == "pictures cached" else 1)
                ]
                wall, cpu = (statistics.median(r[i] for r in runs) for i in (1, 2))
                median = f", median of {len(runs)}" if len(runs) > 1 else ""
                rows.append(
                    f"| {name} | {kind} | {label} ({lang}){median} | {wall:.2f} / {cpu:.2f} | "
                    f"{len(runs[0][0]) // 1024} KiB |"
                )
    con.close()
    rows.append("")
    rows.append("| slides built from the database (once, in this order) | lang | wall / CPU (s) |")
    rows.append("|---|---|---|")
    rows.append(f"| the network, before any deck (the server's warm-up) | | {net_wall:.2f} / {net_cpu:.2f} |")
    for (name, lang), (_, wall, cpu) in built.items():
        rows.append(f"| {name} | {lang} | {wall:.2f} / {cpu:.2f} |")
    return rows


def _timing_fragment(times: list[tuple[float, float]]):
    """st.fragment that records the wall and thread CPU time of each run of the decorated function."""
    import streamlit as st

    real = st.fragment

    def fragment(func=None, **kwargs):
        def wrap(f):
            @functools.wraps(f)
            def timed_run(*args, **kw):
                wall, cpu = time.perf_counter(), time.thread_time()
                try:
                    return f(*args, **kw)
                finally:
                    times.append((time.perf_counter() - wall, time.thread_time() - cpu))

            return real(timed_run, **kwargs)

        return wrap(func) if func is not None else wrap

    return real, fragment


def bench_script(db: Path) -> list[str]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["PARTNERSHIPS_DB"] = str(db)
    rows = []
    times: list[tuple[float, float]] = []
    real, st.fragment = _timing_fragment(times)
    try:
        for lang in config.LANGUAGES:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
            at.query_params.update({"lang": lang, "deck": "overview", "slide": "1"})
            at.switch_page("pages/present/present.py")
            at.run()
            rounds: dict[str, list[tuple[float, float, float]]] = {"new": [], "warm": []}
            for label in ("new", "warm"):  # the first round builds each slide, the second finds it cached
                for _ in range(len(present.OVERVIEW_SLIDES) - 1):
                    times.clear()
                    _, page_wall, _ = timed(at.button(key="present-next").click().run)
                    assert not at.exception, at.exception
                    rounds[label].append((*times[-1], page_wall))
                at.button(key="present-first").click().run()
            for label, runs in rounds.items():
                wall, cpu, page = (statistics.median(r[i] * 1000 for r in runs) for i in (0, 1, 2))
                rows.append(
                    f"| {label} slide ({'built' if label == 'new' else 'cached'}), median of {len(runs)} | "
                    f"{lang} | {wall:.0f} / {cpu:.0f} ms | {page:.0f} ms |"
                )
    finally:
        st.fragment = real
    return rows


def bench_browser(db: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.browser import READY_JS, TIMEOUT_MS, launch
    from tests.e2e.conftest import running_server

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = launch(p)
        start = time.perf_counter()
        with running_server(db, Path(tmp) / "server.log") as base:
            started = time.perf_counter() - start
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            _, first, _ = timed(lambda: (page.goto(f"{base}/present?lang=en&deck=overview"),
                                         page.wait_for_function(READY_JS, timeout=600_000)))  # fmt: skip
            rows.append(
                f"| first slide after a server start (server up in {started:.1f} s) | {first:.2f} s |"
            )
            changes = []
            for _ in range(2):  # the first round fills the caches, the second is warm
                changes = []
                for key in ["ArrowRight"] * 5 + ["Home"]:
                    counter = page.locator('[data-testid="slide-counter"]').inner_text(timeout=TIMEOUT_MS)
                    wall = time.perf_counter()
                    page.keyboard.press(key)
                    page.wait_for_function(
                        "(c) => document.querySelector('[data-testid=slide-counter]')?.innerText !== c",
                        arg=counter,
                        timeout=TIMEOUT_MS,
                    )
                    page.wait_for_function(READY_JS, timeout=600_000)
                    changes.append(time.perf_counter() - wall)
            median = statistics.median(changes)
            rows.append(f"| slide change in the browser, warm (median of {len(changes)}) | {median:.2f} s |")
        browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database file (default: $PARTNERSHIPS_DB or the demo database)")
    parser.add_argument("--partner", default="oulu", help="the partner whose meeting brief is measured")
    parser.add_argument("--repeat", type=int, default=5, help="builds of the same deck again (median)")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--cold", choices=("pptx", "pdf"), help=argparse.SUPPRESS)  # one cold build, one row
    args = parser.parse_args()
    if args.db:
        os.environ["PARTNERSHIPS_DB"] = args.db
    os.chdir(ROOT)
    db = config.db_path() or Path(tempfile.mkdtemp()) / "demo.duckdb"
    if not db.exists():
        from lib import seed

        seed.build(db, config.SEED_DIR)
    if args.cold:
        print(bench_cold(db, args.cold))
        return
    print(f"database: {db} ({load()})\n")
    print("| handout | file | build | wall / CPU (s) | size |")
    print("|---|---|---|---|---|")
    for kind in ("pptx", "pdf"):
        cold = [sys.executable, __file__, "--db", str(db), "--cold", kind]
        print(subprocess.run(cold, check=True, capture_output=True, text=True).stdout.strip())
    print("\n".join(bench_handouts(db, args.partner, args.repeat)))
    print(f"\n({load()})\n")
    print("| slide change: the fragment's run | lang | fragment: wall / CPU | whole page run (AppTest) |")
    print("|---|---|---|---|")
    print("\n".join(bench_script(db)))
    print(f"\n({load()})")
    if not args.skip_browser:
        print("\n| in Chromium | time |\n|---|---|")
        print("\n".join(bench_browser(db)))
        print(f"\n({load()})")


if __name__ == "__main__":
    main()
