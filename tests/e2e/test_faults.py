"""In Chromium, as a visitor (the shipped .streamlit/config.toml): each database fault is a clear page in both
languages with no traceback, details or paths; a version published from a shell reaches the open page at its
next rerun, with no restart (issue 11, items 2 and 6)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import expect

from lib import config, seed
from lib.faults import Fault
from tests.conftest import held_for_writing, unprivileged
from tests.e2e.browser import TIMEOUT_MS
from tests.e2e.conftest import ROOT, open_page, rerun, running_server, shot, wait_ready


def data_version_shown(pg, text: str) -> None:
    """The footer's details (a popover: the data version is not on the page itself) show `text`."""
    pg.get_by_role("button", name="Details").click(timeout=TIMEOUT_MS)
    expect(pg.get_by_text(text, exact=False)).to_be_visible(timeout=TIMEOUT_MS)
    pg.keyboard.press("Escape")


pytestmark = pytest.mark.e2e


def test_database_faults_are_clear_pages_for_visitors(new_context, shared_tmp: Path) -> None:
    """The server runs as a user without root's power over permissions (nobody, when the tests run as root),
    so an unreadable file and a read-only folder are what they would be on a server."""
    folder = shared_tmp / "data"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    db = folder / "partnerships.duckdb"
    good = seed.build(shared_tmp / "good.duckdb", config.SEED_DIR)
    good.chmod(0o644)
    env = {"HOME": str(shared_tmp)}
    with running_server(db, shared_tmp / "server.log", env=env, prefix=unprivileged()) as base:
        pg = new_context(locale="en-GB").new_page()

        def check(name: str, code: str, **params: object) -> None:
            for lang in config.LANGUAGES:
                pg.goto(f"{base}/?lang={lang}")
                wait_ready(pg)
                alert = pg.locator('[data-testid="stAlertContentError"]')
                expect(alert).to_have_count(1)
                fault = Fault(code, db, **params)
                expect(alert).to_contain_text(fault.what(lang))
                expect(alert).to_contain_text(fault.todo(lang))
                expect(pg.locator('[data-testid="stException"]')).to_have_count(0)
                expect(pg.locator('[data-testid="stExpander"]')).to_have_count(0)
                text = pg.locator("body").inner_text()
                assert str(shared_tmp) not in text and "Traceback" not in text
                shot(pg, f"fault-{name}-{lang}")

        folder.chmod(0o555)  # the database is missing and cannot be built here
        check("read-only-folder", "db_cannot_build", reason="permission")
        folder.chmod(0o777)
        shutil.copyfile(good, db)
        db.chmod(0o000)
        check("unreadable", "db_unreadable")
        db.chmod(0o644)
        db.write_bytes(b"")
        check("empty", "db_empty")
        db.unlink()
        db.mkdir()
        check("directory", "db_directory")
        db.rmdir()
        con = duckdb.connect(str(db))
        con.execute("CREATE TABLE something_else (a INTEGER)")
        con.close()
        db.chmod(0o644)
        check(
            "wrong-tables",
            "db_wrong_tables",
            missing="source, theme, programme, programme_theme",
            count=13,
        )
        db.unlink()
        shutil.copyfile(good, db)
        db.chmod(0o644)
        with held_for_writing(db):
            check("locked", "db_locked")
        # the fault is mended: the same server shows the dashboard again, no restart
        pg.goto(f"{base}/?lang=en")
        wait_ready(pg)
        expect(pg.locator("h1").first).to_contain_text("Sofia's international programmes")
        expect(pg.locator('[data-testid="stAlertContentError"]')).to_have_count(0)


def test_a_published_version_reaches_the_open_page_at_its_next_rerun(new_context, tmp_path: Path) -> None:
    root = tmp_path / "store"
    staff_seed = tmp_path / "seed"
    shutil.copytree(config.SEED_DIR, staff_seed)
    env = {"PARTNERSHIPS_DATA_DIR": str(root)}
    with running_server(None, tmp_path / "server.log", env=env) as base:
        pg = new_context(locale="en-GB").new_page()
        open_page(pg, f"{base}/partners?lang=en&partner=testville")
        data_version_shown(pg, "Data version 1 · ")
        expect(pg.locator('[data-testid="stAlertContentWarning"]').first).to_contain_text("testville")
        with (staff_seed / "partner.csv").open("a", encoding="utf-8") as handle:
            handle.write("testville,city,Testville,Тествил,FI,61.5,23.8,,,ec-newsroom-2017-01-13\n")
        with (staff_seed / "membership.csv").open("a", encoding="utf-8") as handle:
            handle.write("ua-air-quality,testville,member,,,,,general-knowledge\n")
        published = subprocess.run(
            [sys.executable, "-m", "lib.seed", "--force", "--seed", str(staff_seed)],
            cwd=ROOT,
            env={**{k: v for k, v in os.environ.items() if k != "PARTNERSHIPS_DB"}, **env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert published.returncode == 0, published.stderr
        assert "Published version 2" in published.stdout
        rerun(pg, lambda: pg.get_by_role("button", name="EN", exact=True).click())  # any rerun will do
        expect(pg.locator("h1").first).to_contain_text("Testville")
        data_version_shown(pg, "Data version 2 · ")
        expect(pg.locator('[data-testid="stException"]')).to_have_count(0)
