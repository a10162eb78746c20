"""What the office sees at 1440×900 is not cut (issue 10.7): the tables named in the issue show all their
columns without scrolling sideways, no programme name in the list is clipped and no text in a Progress
card is shortened. Measured in Chromium on the drawn page (the grid's scroll width, each link's text box
against the box that clips it, elements the browser ends with an ellipsis)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import TIMEOUT_MS, open_page

pytestmark = pytest.mark.e2e

#: Per table on the page: how far its content is wider than the grid (pixels; 0 when it fits). Per link:
#: its text, when the text is wider than the link or the link reaches past the box that clips it.
MEASURE_JS = """() => {
  const tables = [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
    .map(s => s.scrollWidth - s.clientWidth);
  const clipped = [];
  for (const link of document.querySelectorAll('[data-testid="stPageLink"]')) {
    const a = link.querySelector('a');
    let clip = link.parentElement;
    while (clip && clip !== document.body && getComputedStyle(clip).overflowX === 'visible') {
      clip = clip.parentElement;
    }
    const cut = a.scrollWidth > a.clientWidth + 1
      || [...a.querySelectorAll('span')].some(s => s.scrollWidth > s.clientWidth + 1)
      || (clip && clip !== document.body
          && link.getBoundingClientRect().right > clip.getBoundingClientRect().right + 1);
    if (cut) clipped.push(link.innerText);
  }
  // text that the browser shortens with an ellipsis inside a metric card ("цел за 2025: 85,…")
  for (const el of document.querySelectorAll('[data-testid="stMetric"] *')) {
    if (getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      clipped.push(el.innerText);
    }
  }
  return {tables, clipped};
}"""


#: Every table one can see has drawn its grid (one in a closed "view data" expander is not drawn).
GRIDS_DRAWN_JS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
  .filter(d => d.checkVisibility()).every(d => d.querySelector('.dvn-scroller'))"""

#: The measure once the page's fonts have loaded and two measures an animation frame apart agree (the grid
#: sizes its columns after the font is there): a settled layout, not a passing one.
SETTLED_JS = f"""async () => {{
  const measure = {MEASURE_JS};
  const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  await document.fonts.ready;
  let last = JSON.stringify(measure());
  for (;;) {{
    await frame();
    const now = JSON.stringify(measure());
    if (now === last) return JSON.parse(now);
    last = now;
  }}
}}"""


@pytest.mark.parametrize("lang", ["bg", "en"])
@pytest.mark.parametrize(
    ("path", "tables"),
    [
        ("partners", 1),  # the partner list
        ("programmes", 0),  # the programme list: links only
        ("programmes?programme=ua-digital-transition", 3),  # members, actions (with progress), sources
        ("progress", None),  # the indicator cards (its data views are wide by design, and closed)
        ("events", 1),  # the list of events: long titles and programme names wrap
        ("network", 3),  # bridges, possible new partners, all nodes
    ],
)
def test_tables_and_names_are_whole_at_1440(
    server: str, page, path: str, tables: int | None, lang: str
) -> None:
    sep = "&" if "?" in path else "?"
    open_page(page, f"{server}/{path}{sep}lang={lang}")
    page.wait_for_function(GRIDS_DRAWN_JS, timeout=TIMEOUT_MS)
    found = page.evaluate(SETTLED_JS)
    if tables is not None:
        assert len(found["tables"]) == tables
        assert [over for over in found["tables"] if over > 1] == [], "a table scrolls sideways"
    assert found["clipped"] == []
