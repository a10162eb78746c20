"""Measure presenter mode and the handouts: slide change (warm), first slide after a server start, and the
PowerPoint and PDF build time (first and later) for the overview deck and a partner brief.

Run: .venv/bin/python scripts/bench_present.py [--db PATH] [--partner oulu] [--repeat 5]

- **slide change, script time**: the slide fragment's work for a slide already seen (present.build_slide
  through the page's cache), and the Present page's whole script run (AppTest, warm), per language;
- **slide change in the browser**: a key press in Chromium until the next slide has drawn (median);
- **first slide after a server start**: a fresh server (the database exists), Chromium opening
  /present?deck=overview until the slide has drawn;
- **handouts**: in this process, the first build (starts kaleido's export browser, no picture cached), the
  same deck again (pictures cached), and the deck in the other language (new pictures, warm browser).
Wall time and this process's CPU time are both printed; the machine is shared, so read them as a guide.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from lib import config, handouts, i18n, present, sql  # noqa: E402


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def bench_handouts(db: Path, partner: str, repeat: int) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    ctx = present.Context(lambda name, **params: sql.run(con, name, **params), today=dt.date.today())
    rows = []
    for name in ("overview", f"partner:{partner}"):
        for kind in ("pptx", "pdf"):
            build = getattr(handouts, kind)
            for label, lang in (("first", "en"), ("again", "en"), ("other language", "bg")):
                i18n.set_language(lang)
                deck = present.open_deck(name, ctx)
                slides, s_wall, s_cpu = timed(lambda deck=deck: present.build_deck(deck, ctx))
                runs = [
                    timed(lambda build=build, deck=deck, slides=slides: build(deck, slides))
                    for _ in range(repeat if label == "again" else 1)
                ]
                data = runs[0][0]
                wall, cpu = (statistics.median(r[i] for r in runs) for i in (1, 2))
                cells = [
                    name,
                    kind,
                    f"{label} ({lang})" + (f", median of {repeat}" if len(runs) > 1 else ""),
                    f"{s_wall:.2f} / {s_cpu:.2f}",
                    f"{wall:.2f} / {cpu:.2f}",
                ]
                rows.append("| " + " | ".join([*cells, f"{len(data) // 1024} KiB"]) + " |")
    con.close()
    return rows


def bench_script(db: Path) -> list[str]:
    from streamlit.testing.v1 import AppTest

    os.environ["PARTNERSHIPS_DB"] = str(db)
    rows = []
    for lang in config.LANGUAGES:
        times = []
        for n in (2, 3, 2, 3, 2, 3):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.query_params.update({"lang": lang, "deck": "overview", "slide": str(n)})
            at.switch_page("pages/present/present.py")
            _, wall, _ = timed(at.run)
            times.append(wall)
        rows.append(f"| whole page run, warm (AppTest) | {lang} | {statistics.median(times[2:]):.3f} s |")
    con = duckdb.connect(str(db), read_only=True)
    ctx = present.Context(lambda name, **params: sql.run(con, name, **params), today=dt.date.today())
    i18n.set_language("en")
    deck = present.open_deck("overview", ctx)
    cache = {n: present.build_slide(deck, n, ctx) for n in range(1, len(deck) + 1)}
    _, wall, _ = timed(lambda: [cache[n] for n in range(1, len(deck) + 1)])
    rows.append(f"| the fragment's slide lookup (cached) | en | {wall / len(deck) * 1000:.2f} ms |")
    con.close()
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
    args = parser.parse_args()
    if args.db:
        os.environ["PARTNERSHIPS_DB"] = args.db
    os.chdir(ROOT)
    db = config.db_path() or Path(tempfile.mkdtemp()) / "demo.duckdb"
    if not db.exists():
        from lib import seed

        seed.build(db, config.SEED_DIR)
    print(f"database: {db}\n")
    print("| handout | file | build | slides: wall / CPU (s) | file: wall / CPU (s) | size |")
    print("|---|---|---|---|---|---|")
    print("\n".join(bench_handouts(db, args.partner, args.repeat)))
    print("\n| slide change | lang | time |\n|---|---|---|")
    print("\n".join(bench_script(db)))
    if not args.skip_browser:
        print("\n| in Chromium | time |\n|---|---|")
        print("\n".join(bench_browser(db)))


if __name__ == "__main__":
    main()
