"""Two replicas behind nginx (scripts/serve.py), in real Chromium: browsers stick to one replica each, and
when a replica dies its browsers reconnect to the other one and show the same page and filters."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lib import i18n
from tests.e2e.conftest import ROOT, TIMEOUT_MS, _free_port, wait_ready

pytestmark = pytest.mark.e2e

sys.path.insert(0, str(ROOT / "scripts"))
import serve  # noqa: E402  (scripts/serve.py: the same launcher `bash scripts/serve.sh` runs)


@pytest.fixture()
def cluster(tmp_path: Path) -> Iterator[serve.Cluster]:
    env = {"PARTNERSHIPS_DB": str(tmp_path / "partnerships.duckdb")}
    with serve.serve(2, _free_port(), env=env, run_dir=tmp_path / "run") as running:
        yield running


def open_on_some_replica(new_context, url: str):
    """A new browser on `url`; returns (page, the replica that serves it, every replica that answered)."""
    context = new_context()
    pg = context.new_page()
    seen: list[str] = []
    pg.on(
        "response",
        lambda r: seen.append(r.headers.get("x-replica", "")) if r.url.startswith(url[:22]) else None,
    )
    response = pg.goto(url)
    assert response is not None
    wait_ready(pg)
    return pg, response.headers["x-replica"], seen


def test_browsers_stick_to_their_replica_and_move_when_it_dies(cluster: serve.Cluster, new_context) -> None:
    # (the Events page: on this machine, without a GPU, a map's WebGL redraw under load can hold the
    # browser's main thread for tens of seconds when the connection drops, which would time the test)
    url = f"{cluster.url}/events?lang=en&family=urban-agenda&period=2017&period=2019"
    title_en, title_bg = i18n.t("explore.events.title", "en"), i18n.t("explore.events.title", "bg")
    pages: dict[str, tuple] = {}
    for _ in range(24):  # a new browser lands on either replica (1 in 2); 24 tries miss one with p < 1e-7
        pg, replica, seen = open_on_some_replica(new_context, url)
        if replica in pages:
            pg.context.close()
            continue
        pages[replica] = (pg, seen)
        if len(pages) == 2:
            break
    assert len(pages) == 2, f"two browsers on two replicas: {list(pages)}"
    for replica, (pg, seen) in pages.items():
        assert set(seen) == {replica}, "every request of one browser went to the same replica"
        expect(pg.locator("h1").first).to_have_text(title_en)

    # kill the replica of the second browser, as a crash would
    ports = [u.rsplit(":", 1)[1] for u in cluster.replicas]
    dead = sorted(pages)[1]
    pg, _ = pages[dead]
    cluster.stop_replica(ports.index(dead.rsplit(":", 1)[1]))
    app = pg.locator('[data-testid="stApp"]')
    expect(app).not_to_have_attribute("data-test-connection-state", "CONNECTED", timeout=TIMEOUT_MS)
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=TIMEOUT_MS)
    wait_ready(pg)
    assert "family=urban-agenda" in pg.url and "period=2017&period=2019" in pg.url, pg.url
    expect(pg.locator("h1").first).to_have_text(title_en)
    expect(pg.locator('[data-testid="stException"]')).to_have_count(0)
    # the session lives on the other replica now: the page still answers
    pg.get_by_role("button", name="БГ", exact=True).click()
    expect(pg.locator("h1").first).to_have_text(title_bg, timeout=TIMEOUT_MS)
    assert "family=urban-agenda" in pg.url and "period=2017&period=2019" in pg.url, "the filters stayed"


def test_health_of_each_replica_through_nginx(cluster: serve.Cluster) -> None:
    import urllib.request

    for i in (1, 2):
        with urllib.request.urlopen(f"{cluster.url}/_replicas/{i}/health", timeout=10) as response:
            assert response.status == 200 and response.read() == b"ok"
