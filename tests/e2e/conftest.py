"""A real Streamlit server on a free port and real Chromium (Debian's package) driven by Playwright.

A missing browser FAILS these tests, it never skips them: scripts/test.sh installs it.

Two rules keep these tests honest on a busy machine:

- **Wait for conditions, never for time.** `wait_ready` waits until the websocket is connected, the script
  run is over (`data-test-script-state=notRunning`, as Streamlit's own e2e suite does), no lazily loaded
  element still shows its skeleton, and every chart has drawn. After an action, `rerun(pg, action)` waits
  for the run that action starts (a run counter kept in the page), then for readiness. Assertions on the
  page use Playwright's `expect(...)`, which retries, never a one-shot `is_visible()` or `count() ==`.
- **Offline.** Every browser context refuses requests that leave this machine and each test fails at
  teardown if one was attempted (`refused`), on every page.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
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
expect.set_options(timeout=120_000)  # expect() retries until then; a busy machine draws slowly

#: Counts finished script runs in the page (a MutationObserver on stApp's script-state attribute), so that
#: a test can wait for the run its own click started rather than for a fixed time.
RUN_COUNTER_JS = """
(() => {
  window.__stRuns = 0;
  const watch = (app) => {
    let last = app.getAttribute('data-test-script-state');
    new MutationObserver(() => {
      const now = app.getAttribute('data-test-script-state');
      if (now !== last && now === 'notRunning') window.__stRuns += 1;
      last = now;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  };
  const find = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (app) watch(app); else setTimeout(find, 20);
  };
  find();
})();
"""

#: The page is ready: connected, no script running, no skeleton, every chart and map drawn.
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
  return true;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(base: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    """Poll /_stcore/health until the server answers (fails if the process dies or time runs out)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail(f"streamlit did not start; see {log}:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)


@contextmanager
def running_server(
    db: Path, log: Path, warm_up: bool = False, env: dict[str, str] | None = None
) -> Iterator[str]:
    """A streamlit server on a free port (database `db`); with warm_up, as scripts/run.sh starts it."""
    port = _free_port()
    full_env = {**os.environ, "PARTNERSHIPS_DB": str(db), **(env or {})}
    args = ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", *args],
            cwd=ROOT,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(base, proc, log)
            if warm_up:
                subprocess.run(
                    [sys.executable, "scripts/warm_up.py", *args],
                    cwd=ROOT,
                    env=full_env,
                    check=True,
                    timeout=300,
                )
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh server on a database that does not exist yet (so the first start builds it), with no
    warm-up: its first request is a deep link, the hardest case."""
    tmp = tmp_path_factory.mktemp("e2e")
    with running_server(tmp / "partnerships.duckdb", tmp / "server.log") as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Chromium is missing: run `bash scripts/setup.sh test` (installs Debian's chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


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


@pytest.fixture()
def new_context(browser) -> Iterator[Callable[..., object]]:
    """Make browser contexts (1440×900 unless told) that are offline and count their runs. At teardown
    each waits for a running script to end (so the next test meets an idle server), closes, and the test
    fails if any page asked for something outside this machine."""
    made: list[tuple[object, list[str]]] = []

    def make(**options):
        context = browser.new_context(**{"viewport": {"width": 1440, "height": 900}, **options})
        context.add_init_script(RUN_COUNTER_JS)
        made.append((context, refuse_outside_requests(context)))
        return context

    yield make
    outside: list[str] = []
    for context, refused in made:
        for pg in context.pages:
            # a page that cannot settle must not hide the test's own failure
            with contextlib.suppress(Exception):
                settle(pg)
        context.close()
        outside += refused
    assert outside == [], f"requests outside this machine were attempted: {outside}"


@pytest.fixture()
def page(new_context):
    return new_context(locale="en-GB").new_page()


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
    """How many script runs this page has finished so far."""
    return pg.evaluate("() => window.__stRuns || 0")


def rerun(pg, action: Callable[[], object], timeout: float = TIMEOUT_MS) -> None:
    """Do `action` (a click, a key press...) and wait for the script run it starts to finish and draw."""
    before = runs(pg)
    action()
    pg.wait_for_function(f"() => (window.__stRuns || 0) > {before}", timeout=timeout)
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


def shot(pg, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
