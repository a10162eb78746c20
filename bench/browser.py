"""The Chromium part of scripts/bench.py: what a person waits for, and what the server sends.

For each page and size, on a server started as scripts/run.sh starts the app (warm-up included), in a new
browser context (a first visit: empty HTTP cache, a new session):

- url_to_drawn: seconds from opening the URL until the page is ready (connected, the script run over, no
  skeleton, every chart and map drawn: the e2e suite's condition);
- script: seconds from the browser's request for a run to the server's "script finished", as seen on the
  websocket (the server's share of url_to_drawn);
- ws_bytes: bytes the server sent over the websocket for the page; responses: HTTP responses (JS chunks,
  fonts, static files) and their bytes;
- revisit: the same URL opened again in the same context (HTTP cache warm, a new session);
- filter: seconds from choosing a programme family in the sidebar to the redraw finished, and the bytes
  sent for that run.

A bare Streamlit page (bench/bare_app.py) is measured the same way, in the same rounds.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from bench import harness

FAMILY_OPTION = {"en": "City challenges", "bg": "Градски предизвикателства"}


class Watch:
    """Counts what a page receives: websocket bytes (with the script runs seen in them) and responses."""

    def __init__(self, pg) -> None:
        self.ws_bytes = 0
        self.responses = 0
        self.response_bytes = 0
        self.sent_at: float | None = None
        self.script_seconds: list[float] = []
        pg.on("websocket", self._socket)
        pg.on("response", self._response)

    def _socket(self, ws) -> None:
        ws.on("framereceived", self._received)
        ws.on("framesent", self._sent)

    def _sent(self, payload) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if isinstance(payload, bytes):
            msg = BackMsg()
            msg.ParseFromString(payload)
            if msg.WhichOneof("type") == "rerun_script":
                self.sent_at = time.perf_counter()

    def _received(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        data = payload if isinstance(payload, bytes) else payload.encode()
        self.ws_bytes += len(data)
        msg = ForwardMsg()
        msg.ParseFromString(data)
        if msg.WhichOneof("type") == "script_finished" and self.sent_at is not None:
            self.script_seconds.append(time.perf_counter() - self.sent_at)
            self.sent_at = None

    def _response(self, response) -> None:
        self.responses += 1
        self.response_bytes += int(response.headers.get("content-length") or 0)

    def reset(self) -> None:
        self.ws_bytes = self.responses = self.response_bytes = 0
        self.script_seconds = []


def _ready(pg) -> None:
    from tests.e2e.browser import READY_JS

    pg.wait_for_function(READY_JS, timeout=600_000, polling=20)


def _close_dialog(pg) -> None:
    dialog = pg.locator('[role="dialog"]')
    if dialog.count():
        pg.keyboard.press("Escape")
        dialog.first.wait_for(state="detached", timeout=60_000)
        _ready(pg)


def visit(browser, url: str, with_filter: bool, lang: str) -> dict[str, float]:
    """One first visit of `url` in a new context, its revisit, and (with_filter) a filter change."""
    from tests.e2e.browser import RUN_COUNTER_JS, refuse_outside_requests

    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    context.add_init_script(RUN_COUNTER_JS)
    refused = refuse_outside_requests(context)
    try:
        pg = context.new_page()
        watch = Watch(pg)
        start = time.perf_counter()
        pg.goto(url)
        _ready(pg)
        out = {
            "url_to_drawn": time.perf_counter() - start,
            "script": sum(watch.script_seconds),
            "ws_bytes": watch.ws_bytes,
            "responses": watch.responses,
            "response_bytes": watch.response_bytes,
        }
        _close_dialog(pg)
        if with_filter:
            pg.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
            option = pg.get_by_role("option", name=FAMILY_OPTION[lang])
            option.wait_for(timeout=60_000)
            watch.reset()
            before = pg.evaluate("() => window.__stRuns || 0")
            start = time.perf_counter()
            option.click()
            pg.wait_for_function(f"() => (window.__stRuns || 0) > {before}", timeout=600_000, polling=20)
            _ready(pg)
            out["filter"] = time.perf_counter() - start
            out["filter_script"] = sum(watch.script_seconds)
            out["filter_ws_bytes"] = watch.ws_bytes
            pg.keyboard.press("Escape")
        revisit = context.new_page()
        again = Watch(revisit)
        start = time.perf_counter()
        revisit.goto(url)
        _ready(revisit)
        out["revisit"] = time.perf_counter() - start
        out["revisit_ws_bytes"] = again.ws_bytes
        out["revisit_responses"] = again.responses
    finally:
        context.close()
    if refused:
        raise RuntimeError(f"requests outside this machine were attempted: {refused[:3]}")
    return out


def measure(datasets, chosen, rounds: int, lang: str, work: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.browser import launch

    rows: list[dict] = []
    with contextlib.ExitStack() as stack:
        servers = {
            d.name: stack.enter_context(
                harness.server(
                    harness.ROOT / "app.py", {"PARTNERSHIPS_DB": str(d.db)}, work / f"srv-{d.name}.log"
                )
            )
            for d in datasets
        }
        bare = stack.enter_context(harness.server(harness.BARE_APP, {}, work / "srv-bare.log", warm_up=False))
        with sync_playwright() as p:
            browser = launch(p)
            visit(browser, f"{bare.base}/", False, lang)  # the browser's own first start is not measured
            for round_no in range(rounds):
                rows.append(
                    {"size": "–", "scenario": "bare page", **visit(browser, f"{bare.base}/", False, lang)}
                )
                for data in datasets:
                    for scenario in chosen:
                        query = "&".join(f"{k}={v}" for k, v in (("lang", lang), *scenario.params))
                        url = f"{servers[data.name].base}/{scenario.url_path}?{query}"
                        row = visit(browser, url, not scenario.params, lang)
                        rows.append({"size": data.name, "scenario": scenario.name, **row})
                        print(
                            f"  round {round_no + 1}/{rounds} {data.name:>5} {scenario.name:<20} "
                            f"drawn {row['url_to_drawn']:6.2f}s script {row['script']:5.2f}s "
                            f"ws {row['ws_bytes'] / 1e3:8.0f} kB "
                            f"filter {row.get('filter', float('nan')):5.2f}s",
                            flush=True,
                        )
            browser.close()
    return rows


def table(rows: list[dict]) -> str:
    bare = harness.median([r["url_to_drawn"] for r in rows if r["scenario"] == "bare page"])
    keys = []
    for r in rows:
        if (r["scenario"], r["size"]) not in keys:
            keys.append((r["scenario"], r["size"]))
    lines = [
        f"Bare Streamlit page, URL to drawn: {bare:.2f} s (median, same run).\n",
        "| page | size | URL → drawn | / bare | script | websocket | responses | revisit | filter → redrawn "
        "| filter ws |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for scenario, size in keys:
        part = [r for r in rows if r["scenario"] == scenario and r["size"] == size]

        def m(key: str, part=part) -> float:
            return harness.median([r[key] for r in part if key in r])

        filter_text = f"{m('filter'):.2f} s" if any("filter" in r for r in part) else "–"
        filter_ws = f"{m('filter_ws_bytes') / 1e3:,.0f} kB" if any("filter" in r for r in part) else "–"
        lines.append(
            f"| {scenario} | {size} | {m('url_to_drawn'):.2f} s | {m('url_to_drawn') / bare:.2f} "
            f"| {m('script'):.2f} s | {m('ws_bytes') / 1e3:,.0f} kB | {m('responses'):.0f} "
            f"({m('response_bytes') / 1e6:.1f} MB) | {m('revisit'):.2f} s | {filter_text} | {filter_ws} |"
        )
    return "\n".join(lines)
