"""The Map page in real Chromium with every non-local request refused: the country outlines still show.

The canvas is checked pixel by pixel (land, ocean and partner colours present), not just found in the DOM.
`outlines_with_no_network` runs inside tests/e2e/test_pages.py's test_page_loads, on /map?lang=en, which
it has just opened (one page load for both).
"""

from __future__ import annotations

import io
import json
import time
import urllib.request

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from lib import maps, palette
from tests.e2e.conftest import TIMEOUT_MS, open_page, shot

pytestmark = pytest.mark.e2e

DECK = '[data-testid="stDeckGlJsonChart"]'


def map_pixels(pg, min_colours: int = 200) -> Image.Image:
    """The map's pixels once deck.gl has drawn (it paints on later animation frames than the page run):
    screenshots until the canvas holds more than `min_colours` colours (not blank) and two shots in a row
    are the same (done drawing)."""
    deck = pg.locator(DECK).first
    expect(deck.locator("canvas")).to_have_count(1)
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    previous = b""
    while True:
        png = deck.screenshot(timeout=TIMEOUT_MS)  # "waiting for element to be stable" is slow under load
        image = Image.open(io.BytesIO(png)).convert("RGB")
        if (png == previous and distinct_colours(image) > min_colours) or time.monotonic() > deadline:
            return image
        previous = png


def share_near(image: Image.Image, colour: tuple[int, ...], tolerance: int = 6) -> float:
    """Share of pixels within `tolerance` of `colour` on every channel."""
    pixels = np.asarray(image, dtype=np.int16).reshape(-1, 3)
    return float((np.abs(pixels - np.array(colour[:3])) <= tolerance).all(axis=1).mean())


def distinct_colours(image: Image.Image) -> int:
    return len(np.unique(np.asarray(image).reshape(-1, 3), axis=0))


def open_map(pg, server: str, query: str) -> None:
    open_page(pg, f"{server}/map?{query}")
    expect(pg.locator('[data-testid="stException"]')).to_have_count(0)


def outlines_with_no_network(page, lang: str) -> None:
    """/map?lang=en, just opened: land, sea, borders and partner points on the canvas, all offline."""
    image = map_pixels(page)
    light = maps.PALETTES["light"]
    land, ocean = share_near(image, light.land), share_near(image, light.ocean)
    assert land > 0.15, f"land covers {land:.1%} of the map"
    assert ocean > 0.10, f"sea covers {ocean:.1%} of the map"
    assert share_near(image, light.border, 40) > 0.002, "country borders are drawn"
    urban_agenda = palette.rgb(palette.FAMILY["urban-agenda"])
    assert share_near(image, urban_agenda, 30) > 0.0005, "partner points in their family colour"
    assert distinct_colours(image) > 200, "not a flat canvas"
    # nothing at all was asked of the internet: the `page` fixture fails the test otherwise
    legend = page.locator('[data-testid="map-legend"]').inner_text()
    assert "Sofia" in legend and "Urban Agenda" in legend
    shot(page, "map-offline-en")


#: Checks test_page_loads runs on the page it opened: (url_path, lang) -> checks.
CHECKS = {("map", "en"): [outlines_with_no_network]}


def test_map_in_bulgarian_with_all_layers(server: str, page) -> None:
    open_map(page, server, "events=true&flows=true&shade=true&view=world")
    image = map_pixels(page)
    assert share_near(image, maps.PALETTES["light"].land) > 0.10
    event = palette.rgb(palette.EVENT)
    assert share_near(image, event, 40) > 0.0002, "event rings are drawn"
    expect(page.locator('[data-testid="map-legend"]')).to_contain_text("Делегация")
    expect(page.locator("h1").first).to_have_text("Партньорската мрежа на София")
    shot(page, "map-offline-bg")


def test_dark_theme_uses_the_dark_basemap(server: str, new_context) -> None:
    pg = new_context(color_scheme="dark").new_page()
    open_map(pg, server, "lang=en")
    image = map_pixels(pg)
    dark = maps.PALETTES["dark"]
    assert share_near(image, dark.land) > 0.15 and share_near(image, dark.ocean) > 0.10
    assert share_near(image, maps.PALETTES["light"].land) < 0.01
    shot(pg, "map-offline-dark")


def test_choosing_a_partner_shows_its_summary(server: str, page) -> None:
    open_map(page, server, "lang=en&partner=semarang&view=asia-pacific")
    link = page.get_by_role("link", name="Partner card")
    expect(link).to_be_visible()
    panel = page.locator('[data-testid="stMainBlockContainer"]')
    for text in ("Semarang", "Indonesia", "Programmes shared with Sofia: 1"):
        expect(panel).to_contain_text(text)
    assert "partner=semarang" in (link.get_attribute("href") or "")


def test_the_basemap_comes_once_as_a_static_file_not_in_the_deck(server: str, page) -> None:
    """The countries travel as one cacheable file from app/static/, so the websocket carries only data."""
    with urllib.request.urlopen(f"{server}/{maps.BASEMAP_URL}", timeout=30) as answer:
        assert answer.status == 200
        assert len(json.loads(answer.read())["features"]) == 177
    received: list[int] = []
    fetched: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
    page.on("response", lambda r: fetched.append(r.url) if "/app/static/basemap/" in r.url else None)
    open_map(page, server, "lang=en")
    image = map_pixels(page)
    assert share_near(image, maps.PALETTES["light"].land) > 0.15, "the countries were drawn from the file"
    assert fetched == [f"{server}/{maps.BASEMAP_URL}"]
    assert sum(received) < 150_000, f"{sum(received):,} bytes over the websocket"
