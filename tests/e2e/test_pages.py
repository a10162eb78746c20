"""Every page in real Chromium, in both languages: no exception, the title in the right language."""

from __future__ import annotations

import pytest

from lib import config, i18n
from lib.navigation import PAGES
from tests.e2e.conftest import running_server, shot, wait_ready

pytestmark = pytest.mark.e2e

# The first request to the fresh server is a deep link into the last (non-default) page.
ORDER = [(spec, lang) for spec in reversed(PAGES) for lang in reversed(config.LANGUAGES)]


def errors(pg) -> list[str]:
    return [e.inner_text() for e in pg.query_selector_all('[data-testid="stException"]')]


@pytest.mark.parametrize(("spec", "lang"), ORDER, ids=[f"{s.url_path}-{lang}" for s, lang in ORDER])
def test_page_loads(server: str, page, spec, lang: str) -> None:
    page.goto(f"{server}/{spec.link}?lang={lang}")
    wait_ready(page)
    assert errors(page) == []
    i18n.set_language(lang)
    assert page.locator("h1").first.inner_text().strip() != ""
    assert i18n.t("app.subtitle") in page.locator('[data-testid="stSidebar"]').inner_text()
    shot(page, f"{spec.url_path}-{lang}")


def test_language_switch_changes_the_interface(server: str, page) -> None:
    page.goto(f"{server}/")
    wait_ready(page)
    assert "Международните програми на София" in page.locator("h1").first.inner_text()
    page.get_by_role("button", name="EN", exact=True).click()
    page.wait_for_function("location.search.includes('lang=en')")
    wait_ready(page)
    assert "Sofia's international programmes" in page.locator("h1").first.inner_text()


def test_overview_draws_the_timeline(server: str, page) -> None:
    page.goto(f"{server}/?lang=en")
    wait_ready(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.wait_for()
    bars = chart.locator("g.barlayer path")
    assert bars.count() >= 6, "one bar per programme Sofia takes part in"
    assert "Digital" in chart.inner_text()


def test_sidebar_navigation_keeps_language_and_filters(server: str, page) -> None:
    page.goto(f"{server}/?lang=en&family=challenge&period=2018&period=2022")
    wait_ready(page)
    links = page.locator('[data-testid="stSidebarNav"] a')
    assert links.count() == len(PAGES)
    links.locator(f"xpath=self::*[contains(@href, '/{PAGES[-1].url_path}')]").first.click()
    page.wait_for_function(f"location.pathname.endsWith('/{PAGES[-1].url_path}')")
    wait_ready(page)
    url = page.url
    assert "lang=en" in url and "family=challenge" in url and "period=2018&period=2022" in url, url
    i18n.set_language("en")
    assert i18n.t("app.subtitle") in page.locator('[data-testid="stSidebar"]').inner_text()


def test_choosing_a_filter_updates_the_link_and_the_numbers(server: str, page) -> None:
    page.goto(f"{server}/?lang=en")
    wait_ready(page)
    cities = page.locator('[data-testid="stMetric"]').nth(1)
    before = int(cities.locator('[data-testid="stMetricValue"]').inner_text())
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    page.get_by_role("option", name="City challenges").click()
    page.keyboard.press("Escape")
    page.wait_for_function("location.search.includes('family=challenge')")
    wait_ready(page)
    after = int(cities.locator('[data-testid="stMetricValue"]').inner_text())
    assert 0 < after < before, (before, after)


def test_after_the_warm_up_a_first_deep_link_opens_without_a_notice(tmp_path, page) -> None:
    """scripts/run.sh warms the server up, so a bookmark opened first shows its page and no dialog."""
    with running_server(tmp_path / "db.duckdb", tmp_path / "server.log", warm_up=True) as base:
        page.goto(f"{base}/{PAGES[-1].link}?lang=en")
        wait_ready(page)
        assert errors(page) == []
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator('[data-testid="stDialog"]').count() == 0
        i18n.set_language("en")
        assert (
            i18n.t(PAGES[-1].title)
            in page.locator('[data-testid="stSidebarNav"] [aria-current="page"]').inner_text()
        )
