"""Hostile text stays text: a seed whose every free-text field carries Markdown, HTML, KaTeX and link
payloads (tests/hostile.py), and hostile URL values, on every page in both languages, in Chromium.

Nothing may come out formatted: no bold, colour, formula, HTML or link made from data, in the page and in
what its charts hold (labels and hover text are rendered by Plotly as HTML).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from lib import config, seed
from lib.navigation import PAGES
from tests import hostile
from tests.e2e.conftest import open_page, running_server

pytestmark = pytest.mark.e2e

#: Problems on the page: formatting that data produced, and markers shown without their punctuation.
CHECK_JS = r"""(tokens) => {
  const problems = [];
  let seen = 0;
  const root = document.querySelector('[data-testid="stApp"]');
  for (const el of root.querySelectorAll('.katex, .katex-display, .katex-html')) {
    problems.push('formula: ' + el.textContent.slice(0, 80));
  }
  for (const a of root.querySelectorAll('a[href*="127.0.0.1:9"], a[href^="javascript:"]')) {
    problems.push('link: ' + a.getAttribute('href'));
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const text = node.nodeValue.replace(/\u2060/g, '').trimEnd();
    for (const [marker, token] of Object.entries(tokens)) {
      let at = text.indexOf(marker);
      while (at >= 0) {
        seen += 1;
        const start = at - token.indexOf(marker);
        const shown = text.slice(Math.max(0, start), start + token.length);
        // a label cut short ("…") may end inside the token: what is left must be its beginning
        const body = text.replace(/(…|\.\.\.)$/, '');
        const cut = body.length < text.length && start + token.length > body.length;
        const ok = start >= 0 && (shown === token || (cut && token.startsWith(body.slice(start))));
        if (!ok) problems.push(marker + ' shown as: ' + text.slice(0, 140));
        at = text.indexOf(marker, at + 1);
      }
    }
  }
  // what the charts hold: Plotly renders <b>, <a>, <i> ... in labels and hovers, so none may be raw
  for (const gd of root.querySelectorAll('.js-plotly-plot')) {
    const raw = JSON.stringify([gd.data || [], gd.layout || {}]);
    for (const token of Object.values(tokens)) {
      if (token.includes('<') && raw.includes(token)) problems.push('chart holds raw ' + token);
    }
  }
  return {problems, seen};
}"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("hostile")
    db = seed.build(tmp / "hostile.duckdb", hostile.make_seed(config.SEED_DIR, tmp / "seed"))
    with running_server(db, tmp / "server.log") as base:
        yield base


def check(pg, must_see: bool = True) -> None:
    result = pg.evaluate(CHECK_JS, hostile.TOKENS)
    assert result["problems"] == [], result["problems"][:20]
    if must_see:
        assert result["seen"] > 0, "the page shows some of the hostile data (else this test proves nothing)"
    expect(pg.locator('[data-testid="stException"]')).to_have_count(0)


#: Pages whose data shows only inside tables (drawn on a canvas, as plain text): nothing to see in the DOM.
TABLE_ONLY = {"partners"}
#: Pages that show no data to a visitor who is not signed in (the Data pages ask for a sign-in).
NO_DATA = {spec.link for spec in PAGES if spec.role or spec.hidden}
PATHS = [spec.link for spec in PAGES] + [
    "programmes?programme=ua-digital-transition",
    "partners?partner=oulu",
    "events?event=dt-2017-06-sofia",
    "map?partner=oulu",
    "network?view=partners&node=partner:oulu",
]


@pytest.mark.parametrize("lang", config.LANGUAGES)
@pytest.mark.parametrize("path", PATHS)
def test_hostile_data_is_shown_as_text(hostile_server: str, page, path: str, lang: str) -> None:
    sep = "&" if "?" in path else "?"
    open_page(page, f"{hostile_server}/{path}{sep}lang={lang}")
    check(page, must_see=path not in TABLE_ONLY | NO_DATA)


#: URL values a crafted link could carry: each must be reported (or ignored) as literal text.
URL_PAYLOAD = quote(
    hostile.PAYLOAD.strip() + " **Session expired.** [Sign in again](http://127.0.0.1:9/login)"
)
URL_PATHS = [
    f"partners?partner={URL_PAYLOAD}",
    f"programmes?programme={URL_PAYLOAD}",
    f"events?event={URL_PAYLOAD}&kind={URL_PAYLOAD}",
    f"partners?find={URL_PAYLOAD}&sort={URL_PAYLOAD}",
    f"?family={URL_PAYLOAD}&country={URL_PAYLOAD}&period={URL_PAYLOAD}",
    f"map?partner={URL_PAYLOAD}&view={URL_PAYLOAD}",
    f"network?view={URL_PAYLOAD}&node={URL_PAYLOAD}",
    f"progress?peer={URL_PAYLOAD}",
]


@pytest.mark.parametrize("path", URL_PATHS)
def test_hostile_url_values_are_shown_as_text(server: str, page, path: str) -> None:
    open_page(page, f"{server}/{path}&lang=en" if "?" in path else f"{server}/{path}?lang=en")
    check(page, must_see=False)
