"""The Network page in real Chromium: the graph is drawn (WebGL node traces with points), both languages.

`graph_is_drawn` runs inside tests/e2e/test_pages.py's test_page_loads, on the page it has just opened
(/network in each language), so the page is loaded once for both.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lib import i18n
from tests.e2e.conftest import TIMEOUT_MS, open_page, shot

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
        timeout=TIMEOUT_MS,
    )


def graph_is_drawn(page, lang: str) -> None:
    """/network?lang=<lang>, just opened: programmes and partners drawn as WebGL points, a legend."""
    wait_graph(page)
    i18n.set_language(lang)
    expect(page.locator("h1").first).to_have_text(i18n.t("network.title"))
    assert node_points(page) > 100, "programmes and partners are drawn as points"
    expect(page.locator('[data-testid="stPlotlyChart"] canvas').first).to_be_attached()  # WebGL
    legend = page.locator('[data-testid="stPlotlyChart"] .legend')
    expect(legend).to_contain_text(i18n.t("network.programmes"))
    expect(legend).to_contain_text("Sofia" if lang == "en" else "София")
    shot(page, f"network-graph-{lang}")


#: Checks test_page_loads runs on the page it opened: (url_path, lang) -> checks.
CHECKS = {("network", lang): [graph_is_drawn] for lang in ("en", "bg")}


def test_network_node_link_shows_the_node(server: str, page) -> None:
    open_page(page, f"{server}/network?lang=en&view=partners&node=partner:oulu")
    expect(page.get_by_text("Oulu shares programmes with")).to_be_visible()
    expect(page.get_by_text("With Sofia:")).to_have_count(1)
    wait_graph(page)
    assert node_points(page) > 50


#: The drawn label boxes of the network chart (their plates), in page pixels, and the plot area.
LABEL_BOXES_JS = """() => {
    const chart = document.querySelector('[data-testid="stPlotlyChart"]');
    const plot = chart.querySelector('.nsewdrag').getBoundingClientRect();
    const boxes = [...chart.querySelectorAll('g.annotation')].map(g => {
        const r = g.querySelector('rect.bg').getBoundingClientRect();
        return {text: g.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom};
    });
    return {plot: {x0: plot.left, y0: plot.top, x1: plot.right, y1: plot.bottom}, boxes};
}"""


@pytest.mark.parametrize(("view", "lang"), [("two-mode", "bg"), ("sofia-1", "en")])
def test_drawn_labels_do_not_overlap_and_stay_on_the_plot(server: str, page, view: str, lang: str) -> None:
    """What Chromium draws (fonts, line height, plates) keeps to the boxes the placement estimated."""
    open_page(page, f"{server}/network?lang={lang}&view={view}")
    wait_graph(page)
    found = page.evaluate(LABEL_BOXES_JS)
    boxes, plot = found["boxes"], found["plot"]
    assert len(boxes) >= 15, "programmes, Sofia and the main partners are named"
    pairs = [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]
    ]
    assert pairs == []
    outside = [b["text"] for b in boxes if b["x0"] < plot["x0"] - 1 or b["x1"] > plot["x1"] + 1]
    outside += [b["text"] for b in boxes if b["y0"] < plot["y0"] - 1 or b["y1"] > plot["y1"] + 1]
    assert outside == []
    if view == "sofia-1":
        texts = " ".join(b["text"] for b in boxes)
        assert "Oulu" in texts and "Estonia" in texts
    shot(page, f"network-labels-{view}-{lang}")
