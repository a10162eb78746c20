"""Screenshot pages of a running dashboard in Debian's Chromium, the way a person would see them.

Run: .venv/bin/python scripts/screenshot.py URL OUT.png [URL OUT.png ...] [--width 1440] [--height 900]
     [--dark] [--full-page]

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

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.browser import launch, new_offline_context, open_page, settled_screenshot  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("pairs", nargs="+", metavar="URL OUT.png", help="pages and the files to write")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--dark", action="store_true", help="the viewer's dark mode")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not only the viewport")
    args = parser.parse_args()
    if len(args.pairs) % 2:
        parser.error("give pairs of URL and OUT.png")
    failed = False
    with sync_playwright() as p:
        browser = launch(p)
        viewport = {"width": args.width, "height": args.height}
        context, refused = new_offline_context(
            browser, viewport=viewport, color_scheme="dark" if args.dark else "light"
        )
        page = context.new_page()
        for url, out in zip(args.pairs[::2], args.pairs[1::2], strict=True):
            open_page(page, url)
            settled_screenshot(page, Path(out), full_page=args.full_page)
            errors = [e.inner_text()[:800] for e in page.query_selector_all('[data-testid="stException"]')]
            print(f"{out}: exceptions: {errors or 'none'}")
            failed |= bool(errors)
        context.close()
        browser.close()
    if refused:
        print("refused outside requests:", refused)
    return 1 if failed or refused else 0


if __name__ == "__main__":
    raise SystemExit(main())
