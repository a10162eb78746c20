"""The Progress page in real Chromium: the four charts draw, overdue actions are marked, data opens."""

from __future__ import annotations

import pytest

from lib import i18n
from tests.e2e.conftest import shot, wait_ready

pytestmark = pytest.mark.e2e

CHARTS = '[data-testid="stPlotlyChart"]'


def wait_charts(page, n: int = 4) -> None:
    wait_ready(page)
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('{CHARTS}')]
                 .filter(c => c.querySelector('svg.main-svg')).length >= {n}""",
        timeout=120_000,
    )
    page.wait_for_timeout(800)


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_progress_draws_every_chart(server: str, page, lang: str) -> None:
    page.goto(f"{server}/progress?lang={lang}")
    wait_charts(page)
    i18n.set_language(lang)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert i18n.t("progress.title") in page.locator("h1").first.inner_text()
    charts = page.locator(CHARTS)
    assert charts.count() == 4
    indicator, gantt, programmes, peers = (charts.nth(i) for i in range(4))
    assert indicator.locator("g.scatterlayer path.js-line").count() >= 2, "actual and target lines"
    assert i18n.t("progress.overdue") in gantt.inner_text(), "overdue actions are labelled in words"
    assert i18n.t("common.today") in gantt.inner_text()
    assert gantt.locator("g.barlayer path").count() >= 14
    assert programmes.locator("g.barlayer path").count() >= 20
    assert i18n.t("progress.col.partners") in programmes.inner_text()
    sofia = "София" if lang == "bg" else "Sofia"
    assert sofia in peers.inner_text()
    main = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    # 4 cards + the summary + the rule's sentence: statuses are written, not only coloured
    assert main.count(i18n.t("progress.status.off_track")) >= 6
    shot(page, f"progress-full-{lang}")


def test_view_data_opens_the_rows_with_a_download(server: str, page) -> None:
    page.goto(f"{server}/progress?lang=en&peer=open-datasets")
    wait_charts(page)
    peers_chart = page.locator(CHARTS).nth(3)
    assert "Hamburg" in peers_chart.inner_text()
    expander = page.get_by_text("View data", exact=True).last
    expander.click()
    download = page.get_by_role("button", name="Download CSV").last
    download.wait_for(state="visible")
    with page.expect_download() as info:
        download.click()
    body = info.value.path().read_bytes().decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Partner,Country,Year,Actual")
    assert "Sofia,Bulgaria,2025" in body


def test_a_link_with_filters_opens_the_narrowed_page(server: str, page) -> None:
    page.goto(f"{server}/progress?lang=en&programme=icc")
    wait_charts(page)
    metrics = page.locator('[data-testid="stMetric"]')
    assert metrics.count() == 1, "only the ICC's indicator"
    assert "266" in metrics.first.inner_text()
    gantt = page.locator(CHARTS).nth(1).inner_text()
    assert "Solution 4" in gantt and "Step 0" not in gantt
