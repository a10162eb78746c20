"""The Progress page in real Chromium: the four charts draw, overdue actions are marked, data opens.

`every_chart_is_drawn` runs inside tests/e2e/test_pages.py's test_page_loads, on the page it has just
opened (/progress in each language), so the page is loaded once for both.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lib import i18n
from tests.e2e.conftest import TIMEOUT_MS, open_page, shot, wait_ready

pytestmark = pytest.mark.e2e

CHARTS = '[data-testid="stPlotlyChart"]'


def open_progress(page, url: str, charts: int = 4) -> None:
    open_page(page, url)  # waits until every chart on the page has drawn
    expect(page.locator(CHARTS)).to_have_count(charts)


def every_chart_is_drawn(page, lang: str) -> None:
    """/progress?lang=<lang>, just opened: the four charts, overdue actions in words, statuses written."""
    expect(page.locator(CHARTS)).to_have_count(4)
    i18n.set_language(lang)
    expect(page.locator("h1").first).to_contain_text(i18n.t("progress.title"))
    charts = page.locator(CHARTS)
    indicator, gantt, programmes, peers = (charts.nth(i) for i in range(4))
    # retrying assertions: "at least n" as "the n-th is there"
    expect(indicator.locator("g.scatterlayer path.js-line").nth(1)).to_be_attached()  # actual and target
    expect(gantt).to_contain_text(i18n.t("progress.overdue"))  # overdue actions are labelled in words
    expect(gantt).to_contain_text(i18n.t("common.today"))
    expect(gantt.locator("g.barlayer path").nth(13)).to_be_attached()
    expect(programmes.locator("g.barlayer path").nth(19)).to_be_attached()
    expect(programmes).to_contain_text(i18n.t("progress.col.partners"))
    expect(peers).to_contain_text("София" if lang == "bg" else "Sofia")
    # 4 cards + the summary + the rule's sentence: statuses are written, not only coloured ("at least 6"
    # as "the 6th is there", retrying)
    off_track = page.locator('[data-testid="stMainBlockContainer"]').get_by_text(
        i18n.label("indicator_status", "off-track")
    )
    expect(off_track.nth(5)).to_be_attached()
    shot(page, f"progress-full-{lang}")


#: Checks test_page_loads runs on the page it opened: (url_path, lang) -> checks.
CHECKS = {("progress", lang): [every_chart_is_drawn] for lang in ("bg", "en")}


def test_view_data_opens_the_rows_with_a_download(server: str, page) -> None:
    open_progress(page, f"{server}/progress?lang=en&peer=open-datasets")
    expect(page.locator(CHARTS).nth(3)).to_contain_text("Hamburg")
    page.get_by_text("View data", exact=True).last.click()
    # the table inside loads lazily and pushes the button down when it draws: a click during that move
    # was lost (2 of 22 tries with two busy loops beside it; 0 of 20 once the table had drawn)
    wait_ready(page)
    download = page.get_by_role("button", name="Download CSV").last
    expect(download).to_be_visible()
    with page.expect_download(timeout=TIMEOUT_MS) as info:  # a busy machine serves it slowly
        download.click()
    body = info.value.path().read_bytes().decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Partner,Country,Year,Actual")
    assert "Sofia,Bulgaria,2025" in body


def test_a_link_with_filters_opens_the_narrowed_page(server: str, page) -> None:
    open_progress(page, f"{server}/progress?lang=en&programme=icc")
    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics).to_have_count(1)  # only the ICC's indicator
    expect(metrics.first).to_contain_text("266")
    gantt = page.locator(CHARTS).nth(1).inner_text()
    assert "Solution 4" in gantt and "Step 0" not in gantt
