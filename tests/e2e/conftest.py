"""A real Streamlit server on a free port and real Chromium (Debian's package) driven by Playwright.

A missing browser FAILS these tests, it never skips them: scripts/test.sh installs it.

Two rules keep these tests honest on a busy machine:

- **Wait for conditions, never for time.** `wait_ready` waits until the websocket is connected, the script
  run is over (`data-test-script-state=notRunning`, as Streamlit's own e2e suite does), no lazily loaded
  element still shows its skeleton, and every chart has drawn. After an action, `rerun(pg, action)` waits
  for the run that action starts (counted from the server's websocket messages, so a new document or
  a render that skips the "running" state loses none), then for readiness. Assertions on the
  page use Playwright's `expect(...)`, which retries, never a one-shot `is_visible()` or `count() ==`.
- **Offline.** Every browser context refuses requests that leave this machine and each test fails at
  teardown if one was attempted (`refused`), on every page.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from scripts import serve
from tests.e2e.browser import TIMEOUT_MS as TIMEOUT_MS
from tests.e2e.browser import executable, launch, new_offline_context, settle
from tests.e2e.browser import open_page as open_page
from tests.e2e.browser import rerun as rerun
from tests.e2e.browser import wait_ready as wait_ready

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
expect.set_options(timeout=120_000)  # expect() retries until then; a busy machine draws slowly


@contextmanager
def running_server(
    db: Path | None,
    log: Path,
    warm_up: bool = False,
    env: dict[str, str] | None = None,
    prefix: list[str] | None = None,
    port: int | None = None,
) -> Iterator[str]:
    """A streamlit server on a free port (or `port`) (database `db`, or the data directory
    $PARTNERSHIPS_DATA_DIR of `env` when None); with warm_up, as scripts/run.sh starts it; `prefix` runs it
    as another user."""
    full_env = {k: v for k, v in os.environ.items() if k != "PARTNERSHIPS_DB"}
    full_env.update({"PARTNERSHIPS_DB": str(db)} if db else {})
    full_env.update(env or {})
    with serve.one_app(full_env, log, warm=warm_up, prefix=prefix, port=port) as (base, _):
        yield base


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

    if not Path(executable()).exists():
        pytest.fail("Chromium is missing: run `bash scripts/setup.sh test` (installs Debian's chromium)")
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture()
def new_context(browser) -> Iterator[Callable[..., object]]:
    """Make browser contexts (1440×900 unless told) that are offline and count their runs. At teardown
    each waits for a running script to end (so the next test meets an idle server), closes, and the test
    fails if any page asked for something outside this machine."""
    made: list[tuple[object, list[str]]] = []

    def make(**options):
        context, refused = new_offline_context(browser, **options)
        made.append((context, refused))
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


def shot(pg, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
