"""A real Streamlit server on a free port and real Chromium (Debian's package) driven by Playwright.

A missing browser FAILS these tests, it never skips them: scripts/test.sh installs it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(db: Path, log: Path, warm_up: bool = False) -> Iterator[str]:
    """A streamlit server on a free port (database `db`); with warm_up, as scripts/run.sh starts it."""
    port = _free_port()
    env = {**os.environ, "PARTNERSHIPS_DB": str(db)}
    args = ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                        break
                except OSError:
                    if time.time() > deadline or proc.poll() is not None:
                        pytest.fail(f"streamlit did not start; see {log}")
                    time.sleep(0.3)
            if warm_up:
                subprocess.run(
                    [sys.executable, "scripts/warm_up.py", *args], cwd=ROOT, check=True, timeout=120
                )
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=20)


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


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    pg = context.new_page()
    yield pg
    context.close()


def wait_ready(pg, timeout: float = 60_000) -> None:
    """Wait until the app has drawn and no script run is in progress."""
    pg.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    pg.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
               && document.querySelector('[data-testid="stMainBlockContainer"] h1')""",
        timeout=timeout,
    )
    pg.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every(c => c.querySelector('svg.main-svg'))""",
        timeout=timeout,
    )
    pg.wait_for_timeout(500)  # let charts finish their first paint


def shot(pg, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
