"""Keeping the data current in real Chromium: an editor signs in with a local account, uploads Windows-1251
CSV files with a new partner city, sees the preview, publishes; the city is on the map and has its card;
the editor restores the previous version; the city is gone; the history shows both versions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lib.accounts import Accounts
from lib.store import Store
from tests.e2e.conftest import open_page, rerun, running_server, shot, wait_ready

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


@pytest.fixture(scope="module")
def data_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server on a fresh data directory (version 1 built from the seed at the first start) with one
    local editor account."""
    tmp = tmp_path_factory.mktemp("data-e2e")
    env = {"PARTNERSHIPS_DATA_DIR": str(tmp / "store"), **add_editor(tmp / "signin")}
    with running_server(None, tmp / "server.log", env=env) as base:
        yield base, tmp / "store"


def main(pg):
    return pg.locator('[data-testid="stMain"]')


def no_exception(pg) -> None:
    expect(pg.locator('[data-testid="stException"]')).to_have_count(0)


def button(pg, name: str):
    return main(pg).get_by_role("button", name=name, exact=True)


def add_editor(folder: Path) -> dict[str, str]:
    """The local editor account the tests sign in with (Ana Petrova); the settings that point to it."""
    Accounts(folder, rounds=4).add("ana", "correct horse", "editor", "Ana Petrova")
    return {"PARTNERSHIPS_SIGNIN_DIR": str(folder)}


def sign_in_and_publish_plovdiv(page, base: str) -> None:
    """On the Import page: a wrong password is refused, the right one signs Ana in; two Windows-1251 CSV
    files (Plovdiv, a new partner city, and its membership) are checked, previewed and published as the
    next version."""
    open_page(page, f"{base}/import?lang=en")
    expect(main(page)).to_contain_text("This page is for the editors of the data")
    expect(main(page).locator('[data-testid="stFileUploader"]')).to_have_count(0)

    main(page).get_by_label("User name").fill("ana")
    main(page).get_by_role("textbox", name="Password").fill("wrong password")
    rerun(page, button(page, "Sign in").click)
    expect(main(page)).to_contain_text("Wrong name or password.")
    main(page).get_by_role("textbox", name="Password").fill("correct horse")
    rerun(page, button(page, "Sign in").click)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Signed in as Ana Petrova (editor)")

    files = [str(FIXTURES / "partner-cp1251-semicolon.csv"), str(FIXTURES / "membership-cp1251.csv")]
    uploader = main(page).locator('[data-testid="stFileUploaderDropzoneInput"]')
    rerun(page, lambda: uploader.set_input_files(files))
    expect(main(page).get_by_role("button", name="Remove membership-cp1251.csv")).to_be_visible()
    rerun(page, button(page, "Check").click)
    no_exception(page)
    expect(main(page)).to_contain_text("Preview of the changes")
    expect(main(page)).to_contain_text("Partners: 1 added, 0 changed, 0 removed")
    expect(main(page)).to_contain_text("Memberships: 1 added, 0 changed, 0 removed")
    shot(page, "data-import-preview-en")
    note = main(page).get_by_label("Note for the version (what and why)")
    # the fill and the Enter in one action: the input may send its value (and rerun) before Enter is pressed
    rerun(page, lambda: (note.fill("Plovdiv after the visit"), note.press("Enter")))  # sent before the click
    rerun(page, button(page, "Publish as a new version").click)
    expect(main(page)).to_contain_text("Version 2 is published")


def test_sign_in_import_publish_map_card_restore_history(data_server, page) -> None:
    base, folder = data_server
    sign_in_and_publish_plovdiv(page, base)
    assert Store(folder).current_number() == 2

    open_page(page, f"{base}/map?partner=plovdiv&lang=en")
    no_exception(page)
    expect(main(page)).to_contain_text("Plovdiv")
    expect(main(page).get_by_role("link", name="Partner card")).to_be_visible()
    open_page(page, f"{base}/partners?partner=plovdiv&lang=en")
    no_exception(page)
    expect(main(page).locator("h1").first).to_contain_text("Plovdiv")
    expect(main(page)).to_contain_text("Bulgaria")

    # a new page load: the sign-in is kept in the browser's cookie
    open_page(page, f"{base}/history?lang=en")
    expect(main(page)).to_contain_text("Restore an earlier version")
    rerun(page, button(page, "Restore version 1 as a new version").click)
    expect(main(page)).to_contain_text("The data of version 1 is published as version 3.")
    assert Store(folder).current_number() == 3

    open_page(page, f"{base}/partners?partner=plovdiv&lang=en")
    expect(main(page)).to_contain_text("There is no partner with the id “plovdiv”")
    open_page(page, f"{base}/history?lang=en")
    expect(main(page)).to_contain_text("Published versions: 3, newest first")
    # the table is drawn on a canvas: the restore choice names the versions in words (the chosen one is
    # the value of the select's input, not text of the page)
    expect(main(page).get_by_role("combobox", name="Version")).to_have_value("Version 2 — Import")
    records = [v.info for v in Store(folder).versions()]
    assert [r.get("action") for r in records[1:]] == ["import", "restore"]
    assert records[1]["note"] == "Plovdiv after the visit" and records[1]["by"]["id"] == "ana"
    shot(page, "data-history-en")

    rerun(page, page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Sign out").click)
    open_page(page, f"{base}/history?lang=en")
    wait_ready(page)
    expect(main(page)).to_contain_text("This page is for the editors of the data")
