"""Two replicas behind nginx (scripts/serve.py) on one shared data directory, in real Chromium: browsers
stick to one replica each, a new published version reaches every replica at its next run, and when a
replica dies its browsers reconnect to the other one and show the same page and filters."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lib import config, i18n
from scripts import serve  # the same launcher `bash scripts/serve.sh` runs
from tests.e2e.browser import runs
from tests.e2e.conftest import ROOT, TIMEOUT_MS, wait_ready

pytestmark = pytest.mark.e2e


@pytest.fixture()
def data_env(tmp_path: Path) -> dict[str, str]:
    """The replicas' shared data directory (the store of published versions), empty at the start; no fixed
    database file (an empty PARTNERSHIPS_DB is unset)."""
    return {"PARTNERSHIPS_DATA_DIR": str(tmp_path / "store"), "PARTNERSHIPS_DB": ""}


@pytest.fixture()
def cluster(tmp_path: Path, data_env: dict[str, str]) -> Iterator[serve.Cluster]:
    with serve.serve(2, serve.free_port(), env=data_env, run_dir=tmp_path / "run") as running:
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


def on_two_replicas(new_context, url: str) -> dict[str, tuple]:
    """Browsers opened on `url` until two land on different replicas: {replica: (page, its replicas)}."""
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
    return pages


def seed_with_partner_name(folder: Path, partner: str, name_en: str) -> Path:
    """A copy of data/seed/ in which one partner's English name differs: what an editor's change publishes."""
    shutil.copytree(config.SEED_DIR, folder)
    path = folder / "partner.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert any(r["id"] == partner for r in rows)
    for row in rows:
        if row["id"] == partner:
            row["name_en"] = name_en
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return folder


def test_a_published_version_reaches_every_replica_at_its_next_run(
    cluster: serve.Cluster, new_context, tmp_path: Path, data_env: dict[str, str]
) -> None:
    url = f"{cluster.url}/partners?lang=en&partner=oulu"
    pages = on_two_replicas(new_context, url)
    for pg, _ in pages.values():
        expect(pg.locator("h1").first).to_have_text("Oulu")
    new_name = "Oulu (renamed in version 2)"
    seed_dir = seed_with_partner_name(tmp_path / "seed", "oulu", new_name)
    # a publish as an editor's makes it on any replica: lib.store's publish under the data directory's lock
    published = subprocess.run(
        [sys.executable, "-m", "lib.seed", "--force", "--seed", str(seed_dir)],
        cwd=ROOT,
        env={**os.environ, **data_env},
        capture_output=True,
        text=True,
    )
    assert published.returncode == 0, published.stderr
    at = time.monotonic()
    # the next run of each browser's session (Streamlit's "R" shortcut: rerun; both at once) shows the new
    # version: nothing restarted, no other run came between
    before = {replica: runs(pg) for replica, (pg, _) in pages.items()}
    for pg, _ in pages.values():
        pg.keyboard.press("r")
    for replica, (pg, _) in pages.items():
        pg.wait_for_function(f"() => (window.__stRuns || 0) > {before[replica]}", timeout=TIMEOUT_MS)
        wait_ready(pg)
        shown = pg.locator("h1").first.inner_text()
        print(f"{replica}: the new version shown {time.monotonic() - at:.1f} s after the publish")
        assert shown == new_name, f"{replica} shows {shown!r} after its next run"


def test_browsers_stick_to_their_replica_and_move_when_it_dies(cluster: serve.Cluster, new_context) -> None:
    # (the Events page: on this machine, without a GPU, a map's WebGL redraw under load can hold the
    # browser's main thread for tens of seconds when the connection drops, which would time the test)
    url = f"{cluster.url}/events?lang=en&family=urban-agenda&period=2017&period=2019"
    title_en, title_bg = i18n.t("explore.events.title", "en"), i18n.t("explore.events.title", "bg")
    pages = on_two_replicas(new_context, url)
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
