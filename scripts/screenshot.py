"""Screenshot pages of a running dashboard in Debian's Chromium, the way a person would see them.

Run: .venv/bin/python scripts/screenshot.py URL OUT.png [URL OUT.png ...] [--width 1440] [--height 900]
     [--dark] [--full-page]
The review set (every page in both languages at 1440×900 and 1920×1080, Overview and Map on a phone,
Overview, Map and Network in dark mode), into a folder:
     .venv/bin/python scripts/screenshot.py --gallery BASE_URL OUT_DIR [--only NAME ...] [--full-page]

Waits exactly as the end-to-end tests do (tests/e2e/browser.py: connected, the script run over, no
skeleton, every chart and map drawn), then until the picture stops changing. Outside requests are refused
and reported, as in the tests. Prints any Streamlit exception found on the page; exits 1 if there was one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from lib import config  # noqa: E402
from lib.navigation import PAGES  # noqa: E402
from tests.e2e.browser import (  # noqa: E402
    launch,
    new_offline_context,
    open_page,
    settled_screenshot,
    wait_ready,
)

DESKTOP = ((1440, 900), (1920, 1080))
PHONE = (390, 844)
PHONE_PAGES = ("overview", "map")
DARK_PAGES = ("overview", "map", "network")

#: The height of the page's content: Streamlit scrolls inside its own container, so Playwright's
#: full_page screenshot alone would show only the first screen.
CONTENT_HEIGHT_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  return Math.max(main.scrollHeight, window.innerHeight);
}"""
#: A whole page is at most this tall (pixels).
MAX_HEIGHT = 12_000


def gallery(base: str) -> list[tuple[str, str, tuple[int, int], bool]]:
    """(file stem, url, viewport, dark) of every shot of the review set."""
    shots = []
    for spec in PAGES:
        for lang in config.LANGUAGES:
            url = f"{base}/{spec.link}?lang={lang}"
            for size in DESKTOP:
                shots.append((f"{spec.url_path}-{lang}-{size[0]}", url, size, False))
            if spec.url_path in PHONE_PAGES:
                shots.append((f"{spec.url_path}-{lang}-phone", url, PHONE, False))
            if spec.url_path in DARK_PAGES:
                shots.append((f"{spec.url_path}-{lang}-dark", url, DESKTOP[0], True))
    return shots


def grow_to_content(page, width: int) -> None:
    """Make the viewport as tall as the page's content (the charts redraw at the new size)."""
    for _ in range(3):  # charts that redraw taller can make the page taller once more
        height = min(page.evaluate(CONTENT_HEIGHT_JS), MAX_HEIGHT)
        if height <= page.viewport_size["height"]:
            return
        page.set_viewport_size({"width": width, "height": height})
        wait_ready(page)


def take(browser, shots: list[tuple[str, Path]], size: tuple[int, int], dark: bool, full: bool) -> bool:
    """Screenshot each (url, file) in one context of that size and theme (a phone's below 600 px: touch,
    mobile viewport); False if a page showed an exception or tried an outside request."""
    phone = size[0] < 600
    context, refused = new_offline_context(
        browser,
        viewport={"width": size[0], "height": size[1]},
        color_scheme="dark" if dark else "light",
        is_mobile=phone,
        has_touch=phone,
    )
    page = context.new_page()
    failed = False
    for url, out in shots:
        page.set_viewport_size({"width": size[0], "height": size[1]})
        open_page(page, url)
        if full:
            grow_to_content(page, size[0])
        settled_screenshot(page, out, full_page=full)
        errors = [e.inner_text()[:800] for e in page.query_selector_all('[data-testid="stException"]')]
        print(f"{out}: exceptions: {errors or 'none'}", flush=True)
        failed |= bool(errors)
    context.close()
    if refused:
        print("refused outside requests:", refused)
    return not (failed or refused)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("pairs", nargs="+", metavar="URL OUT.png", help="pages and the files to write")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--dark", action="store_true", help="the viewer's dark mode")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not only the viewport")
    parser.add_argument("--gallery", action="store_true", help="BASE_URL OUT_DIR: the review set")
    parser.add_argument("--only", nargs="*", default=(), help="with --gallery: stems that contain these")
    args = parser.parse_args()
    if len(args.pairs) % 2:
        parser.error("give pairs of URL and OUT.png (with --gallery: BASE_URL OUT_DIR)")
    ok = True
    with sync_playwright() as p:
        browser = launch(p)
        if args.gallery:
            base, folder = args.pairs[0].rstrip("/"), Path(args.pairs[1])
            folder.mkdir(parents=True, exist_ok=True)
            for stem, url, size, dark in gallery(base):
                if not args.only or any(part in stem for part in args.only):
                    try:
                        ok &= take(browser, [(url, folder / f"{stem}.png")], size, dark, args.full_page)
                    except PlaywrightError as error:  # say so and go on with the next shot
                        print(f"{stem}: FAILED: {error.message.splitlines()[0]}", flush=True)
                        ok = False
        else:
            pairs = [(url, Path(out)) for url, out in zip(args.pairs[::2], args.pairs[1::2], strict=True)]
            ok = take(browser, pairs, (args.width, args.height), args.dark, args.full_page)
        browser.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
