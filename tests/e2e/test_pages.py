"""Every page in real Chromium, in both languages: no exception, the title in the right language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lib import config, i18n
from lib.navigation import PAGES, in_navigation
from tests.e2e import test_map, test_network, test_progress
from tests.e2e.browser import runs
from tests.e2e.conftest import TIMEOUT_MS, open_page, rerun, running_server, shot, wait_ready

pytestmark = pytest.mark.e2e

#: The pages drawn in the frame (with the sidebar): all but presenter mode.
NORMAL = [p for p in PAGES if not p.fullscreen]
#: The pages a visitor who is not signed in finds in the navigation (not the Data pages, not the sign-in).
LISTED = [p for p in PAGES if in_navigation(p, editor=False)]
#: The last page of the frame in that navigation (a deep link into it is not the default page).
LAST_LISTED = [p for p in NORMAL if p in LISTED][-1]
# The first request to the fresh server is a deep link into the last (non-default) page.
ORDER = [(spec, lang) for spec in reversed(PAGES) for lang in reversed(config.LANGUAGES)]


def no_exception(pg) -> None:
    expect(pg.locator('[data-testid="stException"]')).to_have_count(0)


def timeline_is_drawn(page, lang: str) -> None:
    """/?lang=en: the programmes' timeline has drawn its bars."""
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    expect(chart).to_contain_text("Digital")
    # one bar per programme Sofia takes part in: "at least 6" as "the 6th is there" (retrying)
    expect(chart.locator("g.barlayer path").nth(5)).to_be_attached()


def language_switch_changes_the_interface(page, lang: str) -> None:
    """/?lang=bg: the EN button turns the interface and the link into English (last: it changes the page)."""
    expect(page.locator("h1").first).to_contain_text("Международните програми на София")
    rerun(page, lambda: page.get_by_role("button", name="EN", exact=True).click())
    expect(page).to_have_url(re.compile(r"lang=en"))
    expect(page.locator("h1").first).to_contain_text("Sofia's international programmes")


#: What each page draws, checked right after test_page_loads has opened it (one page load serves both):
#: (url_path, lang) -> checks, run in order after the screenshot.
CHECKS = {
    ("overview", "en"): [timeline_is_drawn],
    ("overview", "bg"): [language_switch_changes_the_interface],
    **test_map.CHECKS,
    **test_network.CHECKS,
    **test_progress.CHECKS,
}


def test_every_check_names_a_page_and_language_that_is_loaded() -> None:
    assert set(CHECKS) <= {(spec.url_path, lang) for spec, lang in ORDER}


@pytest.mark.parametrize(("spec", "lang"), ORDER, ids=[f"{s.url_path}-{lang}" for s, lang in ORDER])
def test_page_loads(server: str, page, spec, lang: str) -> None:
    open_page(page, f"{server}/{spec.link}?lang={lang}")
    no_exception(page)
    i18n.set_language(lang)
    expect(page.locator("h1").first).not_to_be_empty()
    if spec.fullscreen:  # presenter mode: no sidebar, header or toolbar (tests/e2e/test_present.py)
        expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
        expect(page.locator('[data-testid="stHeader"]')).to_be_hidden()
    else:
        expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(i18n.t("app.subtitle"))
    if spec in LISTED and not spec.fullscreen:
        expect(page.locator('[data-testid="stSidebarNav"] [aria-current="page"]')).to_contain_text(
            i18n.t(spec.title)
        )
    elif spec.role == "editor":  # a visitor by its address: the title and a sign-in prompt, nothing else
        expect(page.locator('[data-testid="stMain"]')).to_contain_text(i18n.t("auth.editors_only"))
        expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    shot(page, f"{spec.url_path}-{lang}")
    for check in CHECKS.get((spec.url_path, lang), []):
        check(page, lang)
    no_exception(page)


def test_sidebar_navigation_keeps_language_and_filters(server: str, page) -> None:
    open_page(page, f"{server}/?lang=en&family=challenge&period=2018&period=2022")
    links = page.locator('[data-testid="stSidebarNav"] a')
    expect(links).to_have_count(len(LISTED))
    target = LAST_LISTED
    links.locator(f"xpath=self::*[contains(@href, '/{target.url_path}')]").first.click()
    i18n.set_language("en")
    expect(page.locator('[data-testid="stSidebarNav"] [aria-current="page"]')).to_contain_text(
        i18n.t(target.title), timeout=TIMEOUT_MS
    )
    wait_ready(page)
    url = page.url
    assert "lang=en" in url and "family=challenge" in url and "period=2018&period=2022" in url, url
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(i18n.t("app.subtitle"))


def test_the_wait_for_a_run_holds_across_a_new_document(server: str, page) -> None:
    """`rerun` counts the runs the server finishes, not a counter in the page that a new document (a
    reload, a link that navigates) starts from zero: waiting for a reload's run ends, with the page drawn."""
    open_page(page, f"{server}/events?lang=en")
    first = runs(page)
    assert first >= 1, "the first load's run was counted"
    rerun(page, page.reload)
    assert runs(page) > first
    expect(page.locator("h1").first).to_have_text(i18n.t("explore.events.title", "en"))


def test_choosing_a_filter_updates_the_link_and_the_numbers(server: str, page) -> None:
    open_page(page, f"{server}/?lang=en")
    value = page.locator('[data-testid="stMetric"]').nth(1).locator('[data-testid="stMetricValue"]')
    before = int(value.inner_text())
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    option = page.get_by_role("option", name="City challenges")
    expect(option).to_be_visible(timeout=TIMEOUT_MS)
    rerun(page, lambda: (option.click(), page.keyboard.press("Escape")))
    expect(page).to_have_url(re.compile(r"family=challenge"))
    wait_ready(page)
    expect(value).not_to_have_text(str(before))
    after = int(value.inner_text())
    assert 0 < after < before, (before, after)


def test_after_the_warm_up_a_first_deep_link_opens_without_a_notice(tmp_path, page) -> None:
    """scripts/run.sh warms the server up, so a bookmark opened first shows its page and no dialog."""
    with running_server(tmp_path / "db.duckdb", tmp_path / "server.log", warm_up=True) as base:
        page.goto(f"{base}/{LAST_LISTED.link}?lang=en")
        wait_ready(page)
        no_exception(page)
        i18n.set_language("en")
        expect(page.locator('[data-testid="stSidebarNav"] [aria-current="page"]')).to_contain_text(
            i18n.t(LAST_LISTED.title)
        )
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.locator('[data-testid="stDialog"]')).to_have_count(0)
