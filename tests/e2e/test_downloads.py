"""Every download button of the app, in both languages, in real Chromium: the file arrives and opens.

The buttons are found on the pages themselves (every page of the registry; expanders opened first), so a
new button is tested without a new test, and a button that disappears fails the count. A download whose
data cannot be made (an Excel sheet name Excel refuses, say) never reaches the browser: the test waits for
it and fails.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pptx import Presentation

from lib import config, seed
from lib.navigation import PAGES
from tests.conftest import FIXTURE_SEED
from tests.e2e.conftest import TIMEOUT_MS, open_page, running_server, wait_ready

pytestmark = pytest.mark.e2e

#: How many download buttons each page shows on the demo data (pages not named: none).
BUTTONS = {"progress": 5, "network": 3, "partners": 2, "present": 2}
FORBIDDEN_IN_SHEET_NAMES = set(":\\/?*[]")


def opens(name: str, data: bytes) -> None:
    """The downloaded file opens as what its name says, with a header or content in it."""
    suffix = Path(name).suffix
    if suffix == ".xlsx":
        book = load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            assert 0 < len(sheet.title) <= 31 and not set(sheet.title) & FORBIDDEN_IN_SHEET_NAMES, sheet.title
            assert [c.value for c in sheet[1] if c.value], f"{name}: a header row"
    elif suffix == ".csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows and all(rows[0]), f"{name}: a header row"
    elif suffix in (".graphml", ".gexf"):
        read = nx.read_graphml if suffix == ".graphml" else nx.read_gexf
        assert read(io.BytesIO(data)).number_of_nodes() > 0, name
    elif suffix == ".ics":
        text = data.decode("utf-8")
        assert text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in text, name
    elif suffix == ".pptx":  # the presenter's handout (tests/unit/test_handouts.py checks its slides in full)
        assert len(Presentation(io.BytesIO(data)).slides) > 0, name
    elif suffix == ".pdf":
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), name
    else:
        pytest.fail(f"a download of a kind this test does not know: {name}")


def open_expanders(pg) -> None:
    """Open every closed expander ("View data"), so the buttons inside can be clicked."""
    closed = pg.locator('[data-testid="stExpander"] details:not([open]) > summary')
    while closed.count():
        closed.first.click()
    wait_ready(pg)


def download_all(pg) -> list[str]:
    """Click every download button a viewer can see; each file must arrive and open. Returns their names."""
    open_expanders(pg)
    buttons = pg.locator('[data-testid="stDownloadButton"] button').filter(visible=True)
    names = []
    for i in range(buttons.count()):
        with pg.expect_download(timeout=TIMEOUT_MS) as arrived:
            buttons.nth(i).click()
        download = arrived.value
        assert download.failure() is None, download.failure()
        opens(download.suggested_filename, Path(download.path()).read_bytes())
        names.append(download.suggested_filename)
        wait_ready(pg)
    return names


#: Every page in English; the pages with buttons in Bulgarian too (their titles and file contents change).
VISITS = [(spec, "en") for spec in PAGES] + [(spec, "bg") for spec in PAGES if spec.url_path in BUTTONS]


@pytest.mark.parametrize(("spec", "lang"), VISITS, ids=[f"{s.url_path}-{lang}" for s, lang in VISITS])
def test_every_download_button_gives_a_file_that_opens(server: str, new_context, spec, lang: str) -> None:
    pg = new_context(accept_downloads=True).new_page()
    open_page(pg, f"{server}/{spec.link}?lang={lang}")
    names = download_all(pg)
    assert len(names) == BUTTONS.get(spec.url_path, 0), names
    expect(pg.locator('[data-testid="stException"]')).to_have_count(0)


@pytest.fixture(scope="module")
def upcoming_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on the fixture data plus one event a week from now (the demo has no upcoming event)."""
    soon = dt.date.today() + dt.timedelta(days=7)
    assert soon.year <= config.LAST_YEAR, "config.LAST_YEAR is behind today: the period cannot reach it"
    tmp = tmp_path_factory.mktemp("e2e-upcoming")
    shutil.copytree(FIXTURE_SEED, tmp / "seed")
    with (tmp / "seed" / "event.csv").open("a", encoding="utf-8") as out:
        out.write(f"soon,pair,webinar,Webinar soon,Уебинар скоро,{soon},,,true,,,src-v\n")
    db = seed.build(tmp / "upcoming.duckdb", tmp / "seed")
    with running_server(db, tmp / "server.log") as base:
        yield base


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_the_calendar_of_upcoming_events_downloads(upcoming_server: str, new_context, lang: str) -> None:
    pg = new_context(accept_downloads=True).new_page()
    open_page(pg, f"{upcoming_server}/events?lang={lang}")
    assert download_all(pg) == ["sofia-partnership-events.ics"]
