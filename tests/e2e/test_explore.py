"""Explore pages in real Chromium: links between views, search, deep links in a new browser, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import shot, wait_ready

pytestmark = pytest.mark.e2e


def main(pg):
    return pg.locator('[data-testid="stMain"]')


def h1(pg) -> str:
    return main(pg).locator("h1").first.inner_text().strip()


def ready(pg) -> None:
    """wait_ready, then close the passing "Page not found" notice of a fresh server's first session
    (design.md §2), which would make the page inert."""
    wait_ready(pg)
    dialog = pg.locator('[role="dialog"]')
    if dialog.count():
        pg.keyboard.press("Escape")
        dialog.first.wait_for(state="detached", timeout=10_000)


def no_exception(pg) -> None:
    assert pg.locator('[data-testid="stException"]').count() == 0


def test_programme_to_partner_and_back(server: str, page) -> None:
    page.goto(f"{server}/programmes?programme=ua-digital-transition&lang=en")
    ready(page)
    assert h1(page) == "Partnership on Digital Transition"
    for name in ("Estonia", "Oulu", "Sofia"):
        assert main(page).get_by_role("link", name=f"{name} · coordinator").is_visible()
    shot(page, "explore-programme-dt-en")

    main(page).get_by_role("link", name="Oulu · coordinator").click()
    page.wait_for_url(re.compile(r"/partners\?.*partner=oulu"))
    ready(page)
    assert h1(page) == "Oulu"
    text = main(page).inner_text()
    assert "Partnership on Digital Transition" in text
    assert "Meetings it hosted" in text and "1st partnership meeting (kick-off), Oulu" in text
    assert "Distance, km" in text and "2,480" in text
    no_exception(page)
    shot(page, "explore-partner-oulu-en")

    main(page).get_by_role("link", name="Back to Partnership on Digital Transition").click()
    page.wait_for_url(re.compile(r"/programmes\?.*programme=ua-digital-transition"))
    ready(page)
    assert h1(page) == "Partnership on Digital Transition"

    main(page).get_by_role("button", name="All programmes").click()
    page.wait_for_function("() => !location.search.includes('programme=')")
    ready(page)
    assert h1(page) == "Programmes"
    assert main(page).get_by_role("link", name="Partnership on Digital Transition").is_visible()


def test_the_sofia_meeting_shows_seven_panels_in_both_languages(server: str, page) -> None:
    page.goto(f"{server}/events?event=dt-2017-06-sofia&lang=en")
    ready(page)
    assert h1(page) == "2nd partnership meeting, Sofia"
    panels = main(page).locator("ol li")
    assert panels.count() == 7
    assert (
        "E-government" in panels.first.inner_text() and "Електронно управление" in panels.first.inner_text()
    )
    shot(page, "explore-event-sofia-en")
    page.goto(f"{server}/events?event=dt-2017-06-sofia")
    ready(page)
    assert h1(page) == "Втора среща на партньорството, София"
    assert main(page).locator("ol li").count() == 7
    assert "5G и други ключови базови технологии" in main(page).inner_text()


def test_search_in_the_frame_finds_oulu_in_cyrillic(server: str, page) -> None:
    page.goto(f"{server}/events?lang=en")
    ready(page)
    box = page.locator('[data-testid="stSidebar"] input[type="search"]')
    box.fill("оулу")
    box.press("Enter")
    hit = page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Oulu · Finland")
    hit.wait_for(timeout=30_000)
    shot(page, "explore-search-oulu")
    hit.click()
    page.wait_for_url(re.compile(r"partner=oulu"))
    ready(page)
    assert h1(page) == "Oulu"


def test_a_copied_link_reproduces_the_view_in_a_new_browser(server: str, page, browser) -> None:
    page.goto(f"{server}/partners?lang=en")
    ready(page)
    find = main(page).get_by_label("Find a partner")
    find.fill("Semarang")
    find.press("Enter")
    page.wait_for_url(re.compile(r"find=Semarang"))
    ready(page)
    page.goto(f"{server}/partners?partner=semarang&period=2021&period=2023&lang=en")
    ready(page)
    copied = page.url
    assert "partner=semarang" in copied and "lang=en" in copied and "period=2021" in copied

    other = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        fresh = other.new_page()
        fresh.goto(copied)
        ready(fresh)
        assert h1(fresh) == "Semarang"
        text = main(fresh).inner_text()
        assert (
            "Study visits of Sofia to the partner" in text and "Study visits of the partner to Sofia" in text
        )
        assert "period=2021&period=2023" in fresh.url, "the period came with the link and stayed"
        no_exception(fresh)
    finally:
        other.close()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("partners?partner=olu&lang=en", "There is no partner with the id “olu”"),
        ("programmes?programme=nonsense&lang=en", "There is no programme with the id “nonsense”"),
        ("events?event=%3Cb%3Ex%3C%2Fb%3E&kind=party&lang=en", "There is no event with the id “<b>x</b>”"),
    ],
)
def test_nonsense_parameters_give_a_message(server: str, page, path: str, message: str) -> None:
    page.goto(f"{server}/{path}")
    ready(page)
    assert message in main(page).inner_text()
    no_exception(page)


def test_partner_list_downloads_the_current_view(server: str, page) -> None:
    page.goto(f"{server}/partners?find=%D0%BE%D1%83%D0%BB%D1%83&lang=en")  # find=оулу
    ready(page)
    with page.expect_download(timeout=30_000) as download:
        main(page).get_by_role("button", name="Download CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Partner,Type,Country,Shared programmes")
    assert len(lines) == 2 and lines[1].startswith("Oulu,city,Finland,1,")
