"""The Map page in real Chromium with every non-local request refused: the country outlines still show.

The canvas is checked pixel by pixel (land, ocean and partner colours present), not just found in the DOM.
"""

from __future__ import annotations

import io
from urllib.parse import urlparse

import numpy as np
import pytest
from PIL import Image

from lib import maps
from lib.charts import FAMILY_COLOURS
from tests.e2e.conftest import shot, wait_ready

pytestmark = pytest.mark.e2e

DECK = '[data-testid="stDeckGlJsonChart"]'


def offline(context) -> list[str]:
    """Refuse every request that leaves this machine; returns the list the refused URLs are added to."""
    refused: list[str] = []

    def handle(route) -> None:
        host = urlparse(route.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", handle)
    return refused


def map_pixels(pg) -> Image.Image:
    pg.wait_for_selector(f"{DECK} canvas", timeout=60_000)
    pg.wait_for_timeout(2500)  # deck.gl draws on the next animation frames
    return Image.open(io.BytesIO(pg.locator(DECK).first.screenshot())).convert("RGB")


def share_near(image: Image.Image, colour: tuple[int, ...], tolerance: int = 6) -> float:
    """Share of pixels within `tolerance` of `colour` on every channel."""
    pixels = np.asarray(image, dtype=np.int16).reshape(-1, 3)
    return float((np.abs(pixels - np.array(colour[:3])) <= tolerance).all(axis=1).mean())


def distinct_colours(image: Image.Image) -> int:
    return len(np.unique(np.asarray(image).reshape(-1, 3), axis=0))


def open_map(pg, server: str, query: str) -> list[str]:
    refused = offline(pg.context)
    pg.goto(f"{server}/map?{query}")
    wait_ready(pg)
    # the first session after a server start may show a passing "Page not found" (design.md §2): close it
    if pg.locator('[role="dialog"]').count():
        pg.keyboard.press("Escape")
        pg.locator('[role="dialog"]').wait_for(state="detached")
    assert pg.query_selector_all('[data-testid="stException"]') == []
    return refused


def test_map_draws_country_outlines_with_no_network(server: str, page) -> None:
    refused = open_map(page, server, "lang=en")
    image = map_pixels(page)
    light = maps.PALETTES["light"]
    land, ocean = share_near(image, light.land), share_near(image, light.ocean)
    assert land > 0.15, f"land covers {land:.1%} of the map"
    assert ocean > 0.10, f"sea covers {ocean:.1%} of the map"
    assert share_near(image, light.border, 40) > 0.002, "country borders are drawn"
    urban_agenda = tuple(int(FAMILY_COLOURS["urban-agenda"][i : i + 2], 16) for i in (1, 3, 5))
    assert share_near(image, urban_agenda, 30) > 0.0005, "partner points in their family colour"
    assert distinct_colours(image) > 200, "not a flat canvas"
    # nothing at all was asked of the internet (the tab icon is a local file too)
    assert refused == [], refused
    legend = page.locator('[data-testid="map-legend"]').inner_text()
    assert "Sofia" in legend and "Urban Agenda" in legend
    shot(page, "map-offline-en")


def test_map_in_bulgarian_with_all_layers(server: str, page) -> None:
    refused = open_map(page, server, "events=true&flows=true&shade=true&view=world")
    image = map_pixels(page)
    assert share_near(image, maps.PALETTES["light"].land) > 0.10
    event = tuple(int(maps.EVENT_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    assert share_near(image, event, 40) > 0.0002, "event rings are drawn"
    assert "Делегация" in page.locator('[data-testid="map-legend"]').inner_text()
    assert page.locator("h1").first.inner_text().strip() == "Партньорската мрежа на София"
    assert all(urlparse(u).hostname == "fonts.gstatic.com" for u in refused), refused
    shot(page, "map-offline-bg")


def test_dark_theme_uses_the_dark_basemap(server: str, browser) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme="dark")
    try:
        pg = context.new_page()
        open_map(pg, server, "lang=en")
        image = map_pixels(pg)
        dark = maps.PALETTES["dark"]
        assert share_near(image, dark.land) > 0.15 and share_near(image, dark.ocean) > 0.10
        assert share_near(image, maps.PALETTES["light"].land) < 0.01
        shot(pg, "map-offline-dark")
    finally:
        context.close()


def test_choosing_a_partner_shows_its_summary(server: str, page) -> None:
    open_map(page, server, "lang=en&partner=semarang&view=asia-pacific")
    link = page.get_by_role("link", name="Partner card")
    link.wait_for(timeout=30_000)  # the panel's last element: the page has drawn it all
    wait_ready(page)
    panel = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    assert "Semarang" in panel and "Indonesia" in panel and "Programmes shared with Sofia: 1" in panel
    assert "partner=semarang" in (link.get_attribute("href") or "")
