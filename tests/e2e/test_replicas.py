"""Two replicas behind nginx (scripts/serve.py) on one shared data directory, in real Chromium: browsers
stick to one replica each, a new published version reaches every replica at its next run, and when a
replica dies its browsers reconnect to the other one and show the same page and filters."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lib import i18n
from lib.store import Store
from scripts import serve  # the same launcher `bash scripts/serve.sh` runs
from tests.e2e.conftest import TIMEOUT_MS, rerun, wait_ready
from tests.e2e.test_data import add_editor, main, sign_in_and_publish_plovdiv

pytestmark = pytest.mark.e2e


@pytest.fixture()
def data_env(tmp_path: Path) -> dict[str, str]:
    """The replicas' shared data directory (the store of published versions), empty at the start, and their
    shared sign-in folder with one editor; no fixed database file (an empty PARTNERSHIPS_DB is unset)."""
    shared = {"PARTNERSHIPS_DATA_DIR": str(tmp_path / "store"), "PARTNERSHIPS_DB": ""}
    return shared | add_editor(tmp_path / "signin")


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


def test_a_publish_through_one_replica_reaches_the_other_at_its_next_run(
    cluster: serve.Cluster, new_context, data_env: dict[str, str]
) -> None:
    url = f"{cluster.url}/partners?lang=en&partner=plovdiv"
    pages = on_two_replicas(new_context, url)
    for pg, _ in pages.values():
        expect(main(pg)).to_contain_text("There is no partner with the id “plovdiv”")
    editor, viewer = sorted(pages)
    (pg_a, seen_a), (pg_b, _) = pages[editor], pages[viewer]
    # the editor signs in and publishes on replica A (the Data page's lock on the shared directory)
    sign_in_and_publish_plovdiv(pg_a, cluster.url)
    at = time.monotonic()
    assert set(seen_a) == {editor}, "the sign-in, the upload and the publish all went to replica A"
    assert Store(Path(data_env["PARTNERSHIPS_DATA_DIR"])).current_number() == 2
    # replica B's next run (Streamlit's "R" shortcut: rerun) shows the new version: nothing restarted
    rerun(pg_b, lambda: pg_b.keyboard.press("r"))
    expect(pg_b.locator("h1").first).to_contain_text("Plovdiv")
    print(f"{viewer}: the version published on {editor} shown {time.monotonic() - at:.1f} s after publishing")


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
