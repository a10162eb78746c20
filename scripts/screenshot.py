"""Screenshot pages of a running dashboard in Debian's Chromium, the way a person would see them.

Run: .venv/bin/python scripts/screenshot.py URL OUT.png [--height 900] [--width 1440]
Prints any Streamlit exception found on the page. Waits until the script run and the charts are done.
"""

from __future__ import annotations

import argparse
import shutil

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--wait", type=float, default=3.0, help="extra seconds for charts to paint")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=ARGS
        )
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.goto(args.url)
        page.wait_for_selector('[data-testid="stApp"]')
        page.wait_for_timeout(1000)
        page.wait_for_function(
            """() => !document.querySelector('[data-testid="stStatusWidget"]')
                     && !document.querySelector('[data-testid="stSkeleton"]')
                     && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                        .every(c => c.querySelector('svg.main-svg'))""",
            timeout=60_000,
        )
        page.wait_for_timeout(args.wait * 1000)
        page.screenshot(path=args.out)
        errors = [e.inner_text()[:800] for e in page.query_selector_all('[data-testid="stException"]')]
        print("exceptions:", errors or "none")
        browser.close()


if __name__ == "__main__":
    main()
