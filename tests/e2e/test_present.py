"""Presenter mode in real Chromium: every slide of each deck kind at 1920×1080 and 1280×720 in both
languages fits the window with no sidebar and no exception (a screenshot of each is saved in
tests/e2e/screenshots/present/ to look at); the keys move the slide and the URL; a reload keeps the slide;
?auto= advances; a Present button lands on the matching slide and the exit link goes back to that page as
it was; Esc goes back."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lib import i18n
from tests.e2e.browser import TIMEOUT_MS, settled_screenshot
from tests.e2e.conftest import SCREENSHOTS, open_page, rerun, shot, wait_ready

pytestmark = pytest.mark.e2e

SIZES = {"1920": (1920, 1080), "1280": (1280, 720)}
DECKS = ("overview", "programme:ua-digital-transition", "partner:oulu")
COUNTER = '[data-testid="slide-counter"]'
EXIT = '.st-key-present-controls [data-testid="stPageLink"] a'


def no_exception(pg) -> None:
    expect(pg.locator('[data-testid="stException"]')).to_have_count(0)


#: Records whether the last key press reached a shortcut handler (Streamlit's handler calls preventDefault;
#: this listener on window runs after the one on document).
KEY_WATCH_JS = """() => { if (!window.__keyWatch) { window.__keyWatch = true;
  window.addEventListener('keydown', e => { window.__lastKey = {key: e.key, handled: e.defaultPrevented}; });
} }"""


def move(pg, key: str, expected: int, total: int) -> None:
    """Press `key` and wait until slide `expected` is drawn and in the URL.

    CI once saw an End press (right after Home) leave the slide as it was for 120 s; 150 presses in the same
    sequence on a loaded machine did not repeat it. So the press is checked where it can fail: if no
    shortcut handler took it (the browser's default was not prevented), the test says so with the buttons'
    state and presses once more — nothing happened, so a second press cannot move two slides. A press a
    handler took must land on the slide."""
    pg.evaluate(KEY_WATCH_JS)
    pg.keyboard.press(key)
    last = pg.evaluate("() => window.__lastKey")
    if not (last and last["key"] == key.replace("Space", " ") and last["handled"]):
        buttons = pg.evaluate(
            "() => [...document.querySelectorAll('[class*=st-key-present-] button')]"
            ".map(b => b.innerText.trim() + (b.disabled ? ' (disabled)' : '')).join(', ')"
        )
        slide = pg.locator(COUNTER).inner_text()
        warnings.warn(f"no shortcut took {key} on slide {slide}: {last}; {buttons}", stacklevel=2)
        pg.keyboard.press(key)
    expect(pg.locator(COUNTER)).to_have_text(f"{expected} / {total}")
    expect(pg).to_have_url(re.compile(rf"slide={expected}\b"))
    wait_ready(pg)


def fits(pg) -> None:
    """No scroll bar: the document is no taller or wider than the window; no sidebar, header or toolbar."""
    size = pg.evaluate(
        "() => ({h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth,"
        " vh: innerHeight, vw: innerWidth})"
    )
    assert size["h"] <= size["vh"] and size["w"] <= size["vw"], size
    expect(pg.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(pg.locator('[data-testid="stHeader"]')).to_be_hidden()


def foreign_strings(lang: str) -> list[str]:
    """The presenter's own texts in the other language than `lang` that differ between the languages (a
    slide moved to by a key is drawn in a run of its own: it must keep the language)."""
    other = "en" if lang == "bg" else "bg"
    keys = [k for k in i18n.catalog() if k.startswith(("present.", "nav.present"))]
    return [
        i18n.t(k, other)
        for k in keys
        if "{" not in i18n.t(k, other) and i18n.t(k, other) != i18n.t(k, lang) and len(i18n.t(k, other)) > 3
    ]


@pytest.mark.parametrize("lang", ["en", "bg"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("deck", DECKS)
def test_every_slide_fits_the_window(new_context, server: str, deck: str, size: str, lang: str) -> None:
    width, height = SIZES[size]
    pg = new_context(viewport={"width": width, "height": height}).new_page()
    open_page(pg, f"{server}/present?lang={lang}&deck={deck}")
    total = int(pg.locator(COUNTER).inner_text(timeout=TIMEOUT_MS).split("/")[1])
    assert total >= 5
    foreign = foreign_strings(lang)
    folder = SCREENSHOTS / "present"
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, total + 1):
        expect(pg.locator(COUNTER)).to_have_text(f"{number} / {total}")
        no_exception(pg)
        fits(pg)
        expect(pg.locator("h1.slide-title")).not_to_be_empty()
        text = pg.locator('[data-testid="stMain"]').inner_text(timeout=TIMEOUT_MS)
        for sources in pg.locator(".slide-sources").all_inner_texts():  # data: titles in their own language
            text = text.replace(sources, " ")
        leaked = [s for s in foreign if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)]
        assert not leaked, f"the other language on slide {number} ({lang}): {leaked}"
        name = f"{deck.replace(':', '-')}-{size}-{lang}-{number}"
        settled_screenshot(pg, folder / f"{name}.png")
        if size == "1920" and lang == "en" and deck in ("overview", "partner:oulu"):
            shot(pg, f"present-{deck.replace(':', '-')}-{number}")  # the README's pictures (docs/)
        if number < total:
            move(pg, "ArrowRight", number + 1, total)


def test_the_keys_move_the_slide_and_the_url_and_a_reload_keeps_it(new_context, server: str) -> None:
    pg = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    open_page(pg, f"{server}/present?lang=en&deck=overview")
    for key, expected in (("PageDown", 2), ("Space", 3), ("ArrowRight", 4), ("PageUp", 3), ("ArrowLeft", 2),
                          ("End", 6), ("Home", 1), ("End", 6)):  # fmt: skip
        move(pg, key, expected, 6)
    pg.reload(timeout=TIMEOUT_MS)
    wait_ready(pg)
    expect(pg.locator(COUNTER)).to_have_text("6 / 6")
    expect(pg).to_have_url(re.compile(r"slide=6\b"))
    expect(pg.locator(EXIT)).to_have_text(re.compile("Back to the page"))  # the visible exit link
    rerun(pg, lambda: pg.keyboard.press("Escape"))
    expect(pg).not_to_have_url(re.compile(r"/present"))
    expect(pg.locator('[data-testid="stSidebar"]')).to_be_visible()
    expect(pg.locator("h1").first).to_have_text(i18n.t("overview.title", "en"))


def test_auto_advances_the_slides(new_context, server: str) -> None:
    pg = new_context(viewport={"width": 1280, "height": 720}).new_page()
    open_page(pg, f"{server}/present?lang=en&deck=overview&slide=5&auto=2")
    expect(pg.locator(COUNTER)).to_have_text("6 / 6")
    expect(pg.locator(COUNTER)).to_have_text("1 / 6")  # it loops
    expect(pg).to_have_url(re.compile(r"slide=1\b"))


def test_a_present_button_opens_the_matching_slide_with_the_same_filters(new_context, server: str) -> None:
    pg = new_context(viewport={"width": 1440, "height": 900}).new_page()
    open_page(pg, f"{server}/map?lang=en&family=challenge&view=world")
    rerun(pg, lambda: pg.get_by_role("link", name="Present").click(timeout=TIMEOUT_MS))
    expect(pg).to_have_url(re.compile(r"/present\?.*deck=overview"))
    expect(pg.locator(COUNTER)).to_have_text("3 / 6")
    expect(pg.locator("h1.slide-title")).to_have_text("Who Sofia works with")
    url = pg.url
    assert all(p in url for p in ("family=challenge", "view=world", "lang=en", "from=map")), url
    no_exception(pg)
    # the exit link goes back to the map as it was: the same view and filters
    rerun(pg, lambda: pg.locator(EXIT).click(timeout=TIMEOUT_MS))
    expect(pg).to_have_url(re.compile(r"/map\?"))
    url = pg.url
    assert all(p in url for p in ("family=challenge", "view=world", "lang=en")), url
    expect(pg.locator('[data-testid="stSidebar"]')).to_be_visible()
    no_exception(pg)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("deck=nonsense", "No such deck"),
        ("deck=overview&slide=999", "No such slide"),
        ("deck=overview&slide=-1", "No such slide"),
        ("deck=partner:no-such-city", "No such partner"),
    ],
)
def test_bad_input_shows_a_message_slide_with_a_link_back(page, server: str, query: str, text: str) -> None:
    open_page(page, f"{server}/present?lang=en&{query}")
    no_exception(page)
    expect(page.locator("h1.slide-title")).to_have_text(text)
    # the link back, on the slide (the hidden sidebar has page links of its own, e.g. sign-in)
    expect(page.locator('[data-testid="stMain"] [data-testid="stPageLink"]')).to_have_count(1)


@pytest.mark.parametrize(("kind", "magic"), [("pptx", b"PK"), ("pdf", b"%PDF")])
def test_a_handout_downloads_from_the_slide(new_context, server: str, kind: str, magic: bytes) -> None:
    pg = new_context(viewport={"width": 1920, "height": 1080}, accept_downloads=True).new_page()
    open_page(pg, f"{server}/present?lang=bg&deck=partner:oulu&slide=2")
    with pg.expect_download(timeout=300_000) as download:
        # role locators see only visible elements (a hidden copy of the button was found once)
        pg.locator(f".st-key-present-{kind}").get_by_role("button").click(timeout=TIMEOUT_MS)
    assert download.value.suggested_filename == f"sofia-partner-oulu-bg.{kind}"
    assert Path(download.value.path()).read_bytes()[:4].startswith(magic)
    no_exception(pg)


def test_printing_a_normal_page_gives_a_clean_a4_landscape_page(page, server: str) -> None:
    open_page(page, f"{server}/progress?lang=bg")
    page.emulate_media(media="print")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator('[data-testid="stHeader"]')).to_be_hidden()
    expect(page.locator('[data-testid="stPageLink"]').first).to_be_hidden()
    expect(page.locator("h1").first).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    out = Path(__file__).resolve().parent / "screenshots" / "print-progress-bg.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    size = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert size and float(size.group(1)) > float(size.group(2)), "landscape"
