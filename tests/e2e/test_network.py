"""The Network page in real Chromium: the graph is drawn (WebGL node traces with points), both languages."""

from __future__ import annotations

import pytest

from lib import i18n
from tests.e2e.conftest import shot, wait_ready

pytestmark = pytest.mark.e2e


def node_points(pg) -> int:
    """Points in the plotly node traces of the network chart (read from the figure the browser holds)."""
    return pg.evaluate(
        """() => {
            const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
            if (!plot || !plot.data) return -1;
            return plot.data.filter(t => t.meta === 'nodes').reduce((n, t) => n + t.customdata.length, 0);
        }"""
    )


def wait_graph(pg) -> None:
    pg.wait_for_function(
        """() => { const p = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
                   return p && p.data && p.data.some(t => t.meta === 'nodes'); }""",
        timeout=60_000,
    )


@pytest.mark.parametrize("lang", ["en", "bg"])
def test_network_graph_is_drawn(server: str, page, lang: str) -> None:
    page.goto(f"{server}/network?lang={lang}")
    wait_ready(page)
    wait_graph(page)
    assert page.query_selector_all('[data-testid="stException"]') == []
    i18n.set_language(lang)
    assert page.locator("h1").first.inner_text().strip() == i18n.t("network.title")
    assert node_points(page) > 100, "programmes and partners are drawn as points"
    assert page.locator('[data-testid="stPlotlyChart"] canvas').count() >= 1, "WebGL canvas"
    legend = page.locator('[data-testid="stPlotlyChart"] .legend').text_content() or ""
    assert i18n.t("network.programmes") in legend and ("Sofia" if lang == "en" else "София") in legend
    shot(page, f"network-graph-{lang}")


def test_network_node_link_shows_the_node(server: str, page) -> None:
    page.goto(f"{server}/network?lang=en&view=partners&node=partner:oulu")
    wait_ready(page)
    page.get_by_text("Oulu shares programmes with").wait_for(timeout=60_000)
    assert page.get_by_text("With Sofia:").count() == 1
    wait_graph(page)
    assert node_points(page) > 50
