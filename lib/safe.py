"""Text from data or from the URL, made safe for the place it is shown. No streamlit.

Streamlit renders the text of most elements as Markdown (titles, captions, alerts, labels of links,
buttons, metrics, badges, expanders and tabs), with its own extras: ``:red[...]`` colours,
``:material/...:`` icons, ``:emoji:`` shortcodes, ``$...$`` formulas and GFM autolinks. Plotly and deck.gl
render a subset of HTML in labels, hovers and tooltips. A name, a note or a URL value must reach the
viewer as the characters it holds, so every such value passes through one of these functions where the
text is built:

- :func:`md` for anything Streamlit renders as Markdown;
- :func:`html` for Plotly labels, titles and hover text, and for deck.gl tooltips;
- :func:`link` for a Markdown link whose label and address come from data.

Text that is not rendered (dataframe cells, CSV and Excel cells, file names) needs neither.
"""

from __future__ import annotations

import html as _html
import re
import string
from urllib.parse import quote, urlsplit

#: Every ASCII punctuation character may be backslash-escaped in CommonMark, and is then literal.
_PUNCTUATION = frozenset(string.punctuation)
#: U+2060 WORD JOINER: invisible, and it stops GFM's autolink literals ("http://", "www.", "a@b"), which
#: Streamlit's Markdown turns into links even when the punctuation is escaped.
_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=\\:)(?=\\/\\/)|(?<=www)(?=\\\.)|(?=\\@)")


def md(value: object) -> str:
    """`value` as literal text inside Streamlit Markdown: no formatting, colour, icon, formula, HTML or
    link can come out of it. Line breaks stay line breaks. None is the empty string."""
    if value is None:
        return ""
    text = "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in str(value))
    text = _AUTOLINK.sub(_JOINER, text)
    return text.replace("\r\n", "\n").replace("\n", "  \n")


def html(value: object) -> str:
    """`value` as literal text inside Plotly's or deck.gl's HTML subset (labels, hovers, tooltips)."""
    if value is None:
        return ""
    return _html.escape(str(value), quote=True)


def link(label: object, url: object) -> str:
    """A Markdown link to a web page from data: `label` as literal text, and a link only when `url` is an
    http(s) address (anything else, e.g. ``javascript:``, gives the label alone)."""
    text = md(label)
    if not isinstance(url, str):
        return text
    parsed = urlsplit(url.strip())
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        return text
    # percent-encode what would end or break the link's destination
    target = quote(url.strip(), safe=":/?#@!$&'*+,;=%~-._")
    return f"[{text}]({target})"
