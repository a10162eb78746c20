"""Real Chromium (Debian's package) driven by Playwright, and the wait for a Streamlit page to be ready.

One copy, used by the end-to-end tests (tests/e2e/conftest.py) and by scripts/screenshot.py, so that a
screenshot for the README is taken at the same moment a test would look: connected, the script run over,
no skeleton left, every chart and map drawn. Plain Playwright, no pytest.
"""

from __future__ import annotations

import shutil
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Generous: the machine is shared (seen: load 30 on 2 cores) and a first page load builds the database.
TIMEOUT_MS = 240_000
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")

#: The statuses of a ForwardMsg `script_finished` that end a run (a run cut short for a rerun is followed
#: by the run that replaced it, which is the one to wait for).
RUN_ENDS = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
#: A `script_finished` message is a few dozen bytes; deltas (tables, charts) can be megabytes and are
#: not parsed.
SMALL_FRAME = 1024
#: Finished runs seen by each page, counted from the websocket frames the server sent (see watch_runs).
_RUNS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

#: The page is ready: connected, no script running, no skeleton, every chart and map drawn (and a map's
#: basemap file fetched).
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  if (charts.some(c => !c.querySelector('svg.main-svg'))) return false;
  const decks = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')];
  if (decks.some(d => !d.querySelector('canvas'))) return false;
  // a map's countries come from the app's static file: wait until the browser has it
  const basemap = performance.getEntriesByType('resource').some(
    e => e.name.includes('/app/static/basemap/') && e.responseEnd > 0);
  if (decks.length && !basemap) return false;
  return true;
}"""


SCRIPT_STATE_JS = """() => { const a = document.querySelector('[data-testid="stApp"]');
  return a ? `connection ${a.getAttribute('data-test-connection-state')}, ` +
             `script ${a.getAttribute('data-test-script-state')}` : 'no app'; }"""


def executable() -> str:
    """Debian's Chromium (scripts/setup.sh installs it): Playwright cannot download its own offline."""
    return shutil.which("chromium") or "/usr/bin/chromium"


def launch(playwright):
    """Chromium started with the flags that keep it quiet and offline."""
    return playwright.chromium.launch(executable_path=executable(), args=CHROMIUM_ARGS)


def new_offline_context(browser, **options) -> tuple[object, list[str]]:
    """A browser context (1440×900 unless told) that counts its script runs and refuses every request
    leaving this machine; returns it and the list the refused URLs are added to."""
    context = browser.new_context(**{"viewport": {"width": 1440, "height": 900}, **options})
    context.on("page", watch_runs)
    return context, refuse_outside_requests(context)


def watch_runs(pg) -> None:
    """Count the script runs the server finishes for page `pg`, from the websocket frames it receives.

    Counted outside the page because two things in the page lose runs: a new document (a reload, a link
    that navigates) starts any counter kept in the page from zero, and when the browser is slow React may
    apply "running" and "not running" in one render, so the script-state attribute never changes."""
    finished = _RUNS.setdefault(pg, [0])

    def on_frame(payload: str | bytes) -> None:
        if isinstance(payload, bytes) and len(payload) < SMALL_FRAME:
            msg = ForwardMsg.FromString(payload)
            if msg.WhichOneof("type") == "script_finished" and msg.script_finished in RUN_ENDS:
                finished[0] += 1

    pg.on("websocket", lambda ws: ws.on("framereceived", on_frame))


def refuse_outside_requests(context) -> list[str]:
    """Refuse every request that leaves this machine; returns the list the refused URLs are added to."""
    refused: list[str] = []

    def handle(route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or (urlparse(url).hostname or "") in LOCAL_HOSTS:
            route.continue_()
        else:
            refused.append(url)
            route.abort("internetdisconnected")

    context.route("**/*", handle)
    return refused


def settle(pg, timeout: float = TIMEOUT_MS) -> None:
    """Wait until no script run is in progress (the page may still be drawing)."""
    pg.wait_for_function(
        """() => { const a = document.querySelector('[data-testid="stApp"]');
                   return !a || a.getAttribute('data-test-script-state') !== 'running'; }""",
        timeout=timeout,
    )


def wait_ready(pg, timeout: float = TIMEOUT_MS) -> None:
    """Wait until the app is connected, its script run is over and everything on the page has drawn."""
    pg.wait_for_function(READY_JS, timeout=timeout)


def runs(pg) -> int:
    """How many script runs the server has finished for this page so far (in any of its documents)."""
    return _RUNS[pg][0]


def rerun(pg, action: Callable[[], object], timeout: float = TIMEOUT_MS) -> None:
    """Do `action` (a click, a key press...) and wait for the script run it starts to finish and draw."""
    before = runs(pg)
    action()
    deadline = time.monotonic() + timeout / 1000
    while runs(pg) <= before:  # frames are handled while Playwright waits: poll the count
        if time.monotonic() > deadline:
            state = pg.evaluate(SCRIPT_STATE_JS)
            raise TimeoutError(f"no script run finished within {timeout / 1000:.0f} s on {pg.url} ({state})")
        pg.wait_for_timeout(20)
    wait_ready(pg, timeout)


def open_page(pg, url: str) -> None:
    """Go to `url` and wait until it is ready. The first session after a server start may show a passing
    "Page not found" notice (design.md §2): it is closed, so the page is not inert."""
    pg.goto(url)
    wait_ready(pg)
    dialog = pg.locator('[role="dialog"]')
    if dialog.count():
        pg.keyboard.press("Escape")
        dialog.first.wait_for(state="detached", timeout=TIMEOUT_MS)
        wait_ready(pg)


def settled_screenshot(pg, path: Path, full_page: bool = False, timeout: float = TIMEOUT_MS) -> bytes:
    """A screenshot once the page has stopped changing: deck.gl and WebGL charts paint on animation frames
    after the script run, so shots are taken until two in a row are the same (a condition, not a sleep)."""
    deadline = time.monotonic() + timeout / 1000
    previous = b""
    while True:
        png = pg.screenshot(full_page=full_page, timeout=timeout)
        if png == previous or time.monotonic() > deadline:
            path.write_bytes(png)
            return png
        previous = png
