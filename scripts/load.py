"""The load test: N sessions at once against one server on loopback, driven over Streamlit's websocket.

Each session behaves as a browser does (bench/harness.py's Session): it opens a page, waits until the
script run is over, waits a little (a person reading: --think seconds, seeded), changes the sidebar's
programme family, waits, clears it, and goes on to the next page; --rounds times through --pages, and never
past --seconds. The server is started as scripts/run.sh starts it (warm-up included), once per session count,
and each page is opened once before the sessions start (so the caches are warm, as on a server that has run
for a while). With --url, the sessions go to a server that is already running instead (one Streamlit, or
nginx in front of scripts/serve.py's replicas: each session first asks for the page over HTTP, as a browser
does, and keeps the cookie it gets, so a proxy's sticky sessions spread the sessions over the replicas);
every session count then runs against that same server, one after the other.

Printed per session count: p50/p95 seconds of each kind of interaction (what the server took, from the
request to "script finished"), the errors, the server's resident memory before and with the sessions
connected (growth per session), the server's CPU seconds, which replica served how many sessions (behind
a proxy), and, with --browsers, the seconds from URL to every chart drawn for that many real Chromium pages
opened while the sessions run. With --url, memory and CPU are those of the processes listening on
--server-ports (summed), or of --server-pids; without either, not measured.

Traffic goes to 127.0.0.1 only; every loop is bounded in count and time.

Run: .venv/bin/python scripts/load.py [--sessions 5,10,25] [--size 100x] [--rounds 2] [--browsers 2]
     .venv/bin/python scripts/load.py --url http://127.0.0.1:8501 --server-ports 8601,8602 [...]
     .venv/bin/python scripts/load.py --size 100x --print-db   (the database to give a server you start)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import harness  # noqa: E402
from lib import i18n  # noqa: E402
from lib.navigation import PAGES  # noqa: E402

FAMILY = ("filters.family", "challenge")


async def one_session(
    server: harness.Server | harness.Running,
    pages: list[str],
    rounds: int,
    think: float,
    deadline: float,
    rng: random.Random,
    log: list,
    replicas: list,
) -> None:
    family_label = i18n.t(FAMILY[0], "en")
    i18n.set_language("en")
    family_option = i18n.label("family", FAMILY[1])
    try:
        cookie, replica = await asyncio.to_thread(harness.first_request, server.base)
        replicas.append(replica)
        async with harness.Session(server.ws_url, cookie=cookie) as session:
            for _ in range(rounds):
                for page in pages:
                    if time.monotonic() > deadline:
                        return
                    result = await session.run("lang=en", page)
                    log.append((f"{page or 'overview'}: open", result.seconds, result.bytes, result.error))
                    await asyncio.sleep(rng.uniform(0, 2 * think))
                    if family_label not in session.widgets:
                        continue
                    session.choose(family_label, [family_option])
                    result = await session.run(None, page)
                    log.append((f"{page or 'overview'}: filter", result.seconds, result.bytes, result.error))
                    await asyncio.sleep(rng.uniform(0, 2 * think))
                    session.clear(family_label)
                    result = await session.run(None, page)
                    log.append((f"{page or 'overview'}: clear", result.seconds, result.bytes, result.error))
                    await asyncio.sleep(rng.uniform(0, 2 * think))
    except Exception as exc:  # a broken connection counts as an error of the session
        log.append(("session", float("nan"), 0, f"{exc.__class__.__name__}: {exc}"))


def browsers_while_loaded(base: str, pages: list[str], count: int, results: list) -> None:
    """`count` real Chromium first visits, one after another, while the sessions run."""
    from playwright.sync_api import sync_playwright

    from bench import browser as bench_browser
    from tests.e2e.browser import launch

    with sync_playwright() as p:
        chromium = launch(p)
        for i in range(count):
            page = pages[i % len(pages)]
            row = bench_browser.visit(chromium, f"{base}/{page}?lang=en", False, "en")
            results.append((page or "overview", row["url_to_drawn"]))
        chromium.close()


async def run_sessions(server: harness.Server | harness.Running, args, n: int) -> dict:
    rng = random.Random(15 + n)
    log: list = []
    replicas: list = []
    deadline = time.monotonic() + args.seconds
    tasks = [
        one_session(
            server,
            args.page_list,
            args.rounds,
            args.think,
            deadline,
            random.Random(rng.random()),
            log,
            replicas,
        )
        for _ in range(n)
    ]
    rss_before, cpu_before = server.rss_mb(), server.cpu_seconds()
    peak = rss_before
    browser_results: list = []
    thread = None
    if args.browsers:
        thread = threading.Thread(
            target=browsers_while_loaded, args=(server.base, args.page_list, args.browsers, browser_results)
        )
        thread.start()
    start = time.monotonic()
    gathered = asyncio.gather(*tasks)
    while not gathered.done():
        await asyncio.sleep(0.5)
        peak = max(peak, server.rss_mb())
    await gathered
    elapsed = time.monotonic() - start
    if thread:
        await asyncio.to_thread(thread.join)
    return {
        "sessions": n,
        "seconds": elapsed,
        "rss_before_mb": rss_before,
        "rss_peak_mb": peak,
        "rss_after_mb": server.rss_mb(),
        "cpu_seconds": server.cpu_seconds() - cpu_before,
        "interactions": log,
        "browsers": browser_results,
        "replicas": {r: replicas.count(r) for r in sorted(set(replicas), key=str) if r},
        "load_average": harness.load_average(),
    }


async def connected_memory(server: harness.Server | harness.Running, n: int, page: str) -> float:
    """Server memory growth per session with n sessions open on `page` (each has run it once)."""
    before = server.rss_mb()
    sessions = []
    for _ in range(n):
        cookie, _replica = await asyncio.to_thread(harness.first_request, server.base)
        sessions.append(harness.Session(server.ws_url, cookie=cookie))
    for s in sessions:
        await s.__aenter__()
        await s.run("lang=en", page)
    await asyncio.sleep(1)
    grown = (server.rss_mb() - before) / n
    for s in sessions:
        await s.__aexit__(None, None, None)
    return grown


def summary(result: dict) -> list[str]:
    by_kind: dict[str, list[float]] = {}
    errors = [e for _, _, _, e in result["interactions"] if e]
    for kind, seconds, _, error in result["interactions"]:
        if not error:
            by_kind.setdefault(kind, []).append(seconds)
    everything = [s for values in by_kind.values() for s in values]
    n = result["sessions"]
    lines = [
        f"### {n} sessions: {len(result['interactions'])} interactions in {result['seconds']:.0f} s, "
        f"{len(errors)} errors; server memory {result['rss_before_mb']:.0f} → "
        f"peak {result['rss_peak_mb']:.0f} MB "
        f"({(result['rss_peak_mb'] - result['rss_before_mb']) / n:.1f} MB per session), "
        f"server CPU {result['cpu_seconds']:.0f} s; per session open on one page: "
        f"{result.get('connected_mb_per_session', float('nan')):.1f} MB; "
        f"load average at the end {result['load_average']}",
        "",
        "| interaction | n | p50 | p95 | max |",
        "|---|---|---|---|---|",
        f"| **all** | {len(everything)} | {harness.percentile(everything, 50):.2f} s "
        f"| {harness.percentile(everything, 95):.2f} s | {max(everything, default=float('nan')):.2f} s |",
    ]
    for kind in sorted(by_kind):
        values = by_kind[kind]
        lines.append(
            f"| {kind} | {len(values)} | {harness.percentile(values, 50):.2f} s "
            f"| {harness.percentile(values, 95):.2f} s | {max(values):.2f} s |"
        )
    if result["replicas"]:
        lines.append(f"\nSessions per replica (X-Replica): {result['replicas']}")
    if result["browsers"]:
        shown = ", ".join(f"{p} {s:.1f} s" for p, s in result["browsers"])
        lines.append(f"\nChromium first visits during the load (URL → drawn): {shown}")
    if errors:
        lines.append(f"\nErrors (first 5): {errors[:5]}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="5,10,25")
    parser.add_argument("--size", default="100x", help="demo, 100x, ... (see scripts/bench.py)")
    parser.add_argument("--pages", default=",".join(p.link for p in PAGES), help="url paths ('' = overview)")
    parser.add_argument("--rounds", type=int, default=2, help="times through the pages, per session")
    parser.add_argument("--seconds", type=float, default=300, help="no session goes on past this")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between interactions (s)")
    parser.add_argument("--browsers", type=int, default=0, help="real Chromium visits during each load")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "partnerships-bench")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--url", help="a running server to drive (e.g. nginx of scripts/serve.py) instead")
    parser.add_argument("--server-ports", help="with --url: memory/CPU of the processes on these ports")
    parser.add_argument("--server-pids", help="with --url: memory/CPU of these processes")
    parser.add_argument("--print-db", action="store_true", help="build --size's database, print its path")
    args = parser.parse_args()
    args.page_list = args.pages.split(",")
    os.chdir(ROOT)
    if args.print_db:
        print(harness.dataset(args.work, args.size).db)
        return
    counts = [int(x) for x in args.sessions.split(",")]
    print(f"each session: {args.rounds} × pages {args.page_list}, think time mean {args.think} s")
    results = []
    if args.url:
        pids = [int(p) for p in args.server_pids.split(",")] if args.server_pids else []
        if args.server_ports:
            pids += harness.listening_pids([int(p) for p in args.server_ports.split(",")])
        running = harness.Running(args.url, sorted(set(pids)))
        print(
            f"server: {args.url} (its database, whatever it was started with); processes watched: "
            f"{running.pids or 'none (memory and CPU not measured)'}; load average before: "
            f"{harness.load_average()}\n"
        )
        for page in args.page_list:
            asyncio.run(_open_once(running, page))
        for n in counts:
            results.append(_load(running, args, n))
    else:
        data = harness.dataset(args.work, args.size)
        print(f"database: {data.name}; load average before: {harness.load_average()}\n")
        for n in counts:
            log = args.work / f"load-{n}.log"
            with harness.server(harness.ROOT / "app.py", {"PARTNERSHIPS_DB": str(data.db)}, log) as server:
                for page in args.page_list:  # warm caches, as on a server that has run for a while
                    asyncio.run(_open_once(server, page))
                results.append(_load(server, args, n))
    print(f"load average after: {harness.load_average()}")
    path = args.json or args.work / "load-results.json"
    path.write_text(json.dumps(results, indent=1, default=str))
    print(f"every interaction: {path}")


def _load(server: harness.Server | harness.Running, args, n: int) -> dict:
    result = asyncio.run(run_sessions(server, args, n))
    result["connected_mb_per_session"] = asyncio.run(connected_memory(server, n, args.page_list[0]))
    print("\n".join(summary(result)), "\n", flush=True)
    return result


async def _open_once(server: harness.Server | harness.Running, page: str) -> None:
    cookie, _replica = await asyncio.to_thread(harness.first_request, server.base)
    async with harness.Session(server.ws_url, cookie=cookie) as session:
        await session.run("lang=en", page)


if __name__ == "__main__":
    main()
