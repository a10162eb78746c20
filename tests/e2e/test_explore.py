"""Explore pages in real Chromium: links between views, search, deep links in a new browser, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import TIMEOUT_MS, open_page, rerun, shot, wait_ready

pytestmark = pytest.mark.e2e


def main(pg):
    return pg.locator('[data-testid="stMain"]')


def h1(pg):
    return main(pg).locator("h1").first


def no_exception(pg) -> None:
    expect(pg.locator('[data-testid="stException"]')).to_have_count(0)


def follow(pg, link, url: str) -> None:
    """Click an in-app link and wait until its page has run and drawn."""
    rerun(pg, link.click)
    expect(pg).to_have_url(re.compile(url))
    wait_ready(pg)


def test_programme_to_partner_and_back(server: str, page) -> None:
    open_page(page, f"{server}/programmes?programme=ua-digital-transition&lang=en")
    expect(h1(page)).to_have_text("Partnership on Digital Transition")
    for name in ("Estonia", "Oulu", "Sofia"):
        expect(main(page).get_by_role("link", name=f"{name} · coordinator")).to_be_visible()
    shot(page, "explore-programme-dt-en")

    follow(page, main(page).get_by_role("link", name="Oulu · coordinator"), r"/partners\?.*partner=oulu")
    expect(h1(page)).to_have_text("Oulu")
    body = main(page)
    expect(body).to_contain_text("Partnership on Digital Transition")
    expect(body).to_contain_text("Meetings it hosted")
    expect(body).to_contain_text("1st partnership meeting (kick-off), Oulu")
    expect(body).to_contain_text("Distance, km")
    expect(body).to_contain_text("2,480")
    # the card's small map draws its outline from the app; nothing is fetched from outside (the
    # `new_context` fixture fails the test if anything was)
    expect(page.locator('[data-testid="stDeckGlJsonChart"] canvas')).to_have_count(1)
    no_exception(page)
    shot(page, "explore-partner-oulu-en")

    back = main(page).get_by_role("link", name="Back to Partnership on Digital Transition")
    follow(page, back, r"/programmes\?.*programme=ua-digital-transition")
    expect(h1(page)).to_have_text("Partnership on Digital Transition")

    rerun(page, main(page).get_by_role("button", name="All programmes").click)
    expect(page).not_to_have_url(re.compile(r"programme="))
    expect(h1(page)).to_have_text("Programmes")
    expect(main(page).get_by_role("link", name="Partnership on Digital Transition")).to_be_visible()


def test_the_sofia_meeting_shows_seven_panels_in_both_languages(server: str, page) -> None:
    open_page(page, f"{server}/events?event=dt-2017-06-sofia&lang=en")
    expect(h1(page)).to_have_text("2nd partnership meeting, Sofia")
    panels = main(page).locator("ol li")
    expect(panels).to_have_count(7)
    expect(panels.first).to_contain_text("E-government")
    expect(panels.first).to_contain_text("Електронно управление")
    shot(page, "explore-event-sofia-en")
    open_page(page, f"{server}/events?event=dt-2017-06-sofia")
    expect(h1(page)).to_have_text("Втора среща на партньорството, София")
    expect(main(page).locator("ol li")).to_have_count(7)
    expect(main(page)).to_contain_text("5G и други ключови базови технологии")


def test_search_in_the_frame_finds_oulu_in_cyrillic(server: str, page) -> None:
    open_page(page, f"{server}/events?lang=en")
    box = page.locator('[data-testid="stSidebar"] input[type="search"]')
    rerun(page, lambda: (box.fill("оулу"), box.press("Enter")))  # fill inside: see the next test
    hit = page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Oulu · Finland")
    expect(hit).to_be_visible()
    shot(page, "explore-search-oulu")
    follow(page, hit, r"partner=oulu")
    expect(h1(page)).to_have_text("Oulu")


def test_a_copied_link_reproduces_the_view_in_a_new_browser(server: str, page, new_context) -> None:
    open_page(page, f"{server}/partners?lang=en")
    find = main(page).get_by_label("Find a partner")
    # the fill and the Enter in one action: the input may send its value (and rerun) before Enter is
    # pressed, and the run counted before the Enter was then already over (a fresh-clone run timed out)
    rerun(page, lambda: (find.fill("Semarang"), find.press("Enter")))
    expect(page).to_have_url(re.compile(r"find=Semarang"))
    open_page(page, f"{server}/partners?partner=semarang&period=2021&period=2023&lang=en")
    expect(h1(page)).to_have_text("Semarang")
    copied = page.url
    assert "partner=semarang" in copied and "lang=en" in copied and "period=2021" in copied

    fresh = new_context().new_page()
    open_page(fresh, copied)
    expect(h1(fresh)).to_have_text("Semarang")
    expect(main(fresh)).to_contain_text("Study visits of Sofia to the partner")
    expect(main(fresh)).to_contain_text("Study visits of the partner to Sofia")
    assert "period=2021&period=2023" in fresh.url, "the period came with the link and stayed"
    no_exception(fresh)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("partners?partner=olu&lang=en", "There is no partner with the id “olu”"),
        ("programmes?programme=nonsense&lang=en", "There is no programme with the id “nonsense”"),
        ("events?event=%3Cb%3Ex%3C%2Fb%3E&kind=party&lang=en", "There is no event with the id “<b>x</b>”"),
    ],
)
def test_nonsense_parameters_give_a_message(server: str, page, path: str, message: str) -> None:
    open_page(page, f"{server}/{path}")
    expect(main(page)).to_contain_text(message)
    no_exception(page)


def test_partner_list_downloads_the_current_view(server: str, page) -> None:
    open_page(page, f"{server}/partners?find=%D0%BE%D1%83%D0%BB%D1%83&lang=en")  # find=оулу
    button = main(page).get_by_role("button", name="Download CSV")
    expect(button).to_be_visible()
    with page.expect_download(timeout=TIMEOUT_MS) as download:  # a busy machine serves it slowly
        button.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Partner,Type,Country,Shared programmes")
    assert len(lines) == 2 and lines[1].startswith("Oulu,City,Finland,1,")
