"""Presenter mode in real Chromium: the keys move the slide and the URL; a reload keeps the slide; ?auto=
advances; a Present button lands on the matching slide and the exit link goes back to that page as it was;
Esc goes back; bad input is a message slide; printing a normal page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lib import i18n
from tests.e2e.browser import TIMEOUT_MS
from tests.e2e.conftest import open_page, rerun, wait_ready

pytestmark = pytest.mark.e2e

COUNTER = '[data-testid="slide-counter"]'
EXIT = '.st-key-present-controls [data-testid="stPageLink"] a'


def no_exception(pg) -> None:
    expect(pg.locator('[data-testid="stException"]')).to_have_count(0)


def test_the_keys_move_the_slide_and_the_url_and_a_reload_keeps_it(new_context, server: str) -> None:
    pg = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    open_page(pg, f"{server}/present?lang=en&deck=overview")
    for key, expected in (("PageDown", 2), ("Space", 3), ("ArrowRight", 4), ("PageUp", 3), ("ArrowLeft", 2),
                          ("End", 6), ("Home", 1))[:]:  # fmt: skip
        rerun(pg, lambda key=key: pg.keyboard.press(key))
        expect(pg.locator(COUNTER)).to_have_text(f"{expected} / 6")
        expect(pg).to_have_url(re.compile(rf"slide={expected}\b"))
    rerun(pg, lambda: pg.keyboard.press("End"))
    pg.reload(timeout=TIMEOUT_MS)
    wait_ready(pg)
    expect(pg.locator(COUNTER)).to_have_text("6 / 6")
    expect(pg).to_have_url(re.compile(r"slide=6\b"))
    expect(pg.locator(EXIT)).to_have_text(re.compile("Back to the page"))  # the visible exit link
    rerun(pg, lambda: pg.keyboard.press("Escape"))
    expect(pg).not_to_have_url(re.compile(r"/present"))
    expect(pg.locator('[data-testid="stSidebar"]')).to_be_visible()
    expect(pg.locator("h1").first).to_have_text(i18n.t("overview.title", "en"))


def test_auto_advances_the_slides(new_context, server: str) -> None:
    pg = new_context(viewport={"width": 1280, "height": 720}).new_page()
    open_page(pg, f"{server}/present?lang=en&deck=overview&slide=5&auto=2")
    expect(pg.locator(COUNTER)).to_have_text("6 / 6")
    expect(pg.locator(COUNTER)).to_have_text("1 / 6")  # it loops
    expect(pg).to_have_url(re.compile(r"slide=1\b"))


def test_a_present_button_opens_the_matching_slide_with_the_same_filters(new_context, server: str) -> None:
    pg = new_context(viewport={"width": 1440, "height": 900}).new_page()
    open_page(pg, f"{server}/map?lang=en&family=challenge&view=world")
    rerun(pg, lambda: pg.get_by_role("link", name="Present").click(timeout=TIMEOUT_MS))
    expect(pg).to_have_url(re.compile(r"/present\?.*deck=overview"))
    expect(pg.locator(COUNTER)).to_have_text("3 / 6")
    expect(pg.locator("h1.slide-title")).to_have_text("Who Sofia works with")
    url = pg.url
    assert all(p in url for p in ("family=challenge", "view=world", "lang=en", "from=map")), url
    no_exception(pg)
    # the exit link goes back to the map as it was: the same view and filters
    rerun(pg, lambda: pg.locator(EXIT).click(timeout=TIMEOUT_MS))
    expect(pg).to_have_url(re.compile(r"/map\?"))
    url = pg.url
    assert all(p in url for p in ("family=challenge", "view=world", "lang=en")), url
    expect(pg.locator('[data-testid="stSidebar"]')).to_be_visible()
    no_exception(pg)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("deck=nonsense", "No such deck"),
        ("deck=overview&slide=999", "No such slide"),
        ("deck=overview&slide=-1", "No such slide"),
        ("deck=partner:no-such-city", "No such partner"),
    ],
)
def test_bad_input_shows_a_message_slide_with_a_link_back(page, server: str, query: str, text: str) -> None:
    open_page(page, f"{server}/present?lang=en&{query}")
    no_exception(page)
    expect(page.locator("h1.slide-title")).to_have_text(text)
    expect(page.locator('[data-testid="stPageLink"]')).to_have_count(1)


def test_printing_a_normal_page_gives_a_clean_a4_landscape_page(page, server: str) -> None:
    open_page(page, f"{server}/progress?lang=bg")
    page.emulate_media(media="print")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator('[data-testid="stHeader"]')).to_be_hidden()
    expect(page.locator('[data-testid="stPageLink"]').first).to_be_hidden()
    expect(page.locator("h1").first).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    out = Path(__file__).resolve().parent / "screenshots" / "print-progress-bg.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    size = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert size and float(size.group(1)) > float(size.group(2)), "landscape"
