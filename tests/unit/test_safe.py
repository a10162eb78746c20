"""lib/safe.py: data and URL values stay text wherever they are shown (the browser side is in e2e)."""

from __future__ import annotations

import re

import pytest

from lib import safe

HOSTILE = [
    "**bold** _it_ `code` [Sign in again](http://127.0.0.1:9/login)",
    ":red[red] :blue-background[x] :material/home: :smile: $x^2$ $$y$$ ~~strike~~",
    "# heading\n- item\n1. one\n> quote\n---",
    "<b>html</b> <a href='javascript:alert(1)'>a</a> <script>alert(1)</script> &amp;",
    "http://example.com www.example.com HTTPS://EXAMPLE.COM a@b.com",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_md_escapes_every_ascii_punctuation_mark(value: str) -> None:
    out = safe.md(value)
    # remove the escapes and the invisible joiners: the original characters are all there, in order
    plain = re.sub(r"\\(.)", r"\1", out.replace("\u2060", "").replace("  \n", "\n"))
    assert plain == value
    # no punctuation mark is left unescaped
    unescaped = re.sub(r"\\.", "", out)
    assert not re.search(r"[!-/:-@\[-`{-~]", unescaped), unescaped


def test_md_breaks_autolinks_with_an_invisible_joiner() -> None:
    out = safe.md("see http://x.org, www.y.org and a@b.com")
    assert "\\:\u2060\\/\\/" in out and "www\u2060\\." in out and "\u2060\\@" in out
    assert "://" not in out.replace("\\", "")


def test_md_keeps_line_breaks_and_handles_none() -> None:
    assert safe.md("a\nb") == "a  \nb"
    assert safe.md("a\r\nb") == "a  \nb"
    assert safe.md(None) == ""
    assert safe.md(42) == "42"
    assert safe.md("Оулу и София") == "Оулу и София"


def test_html_escapes_tags_and_quotes() -> None:
    assert safe.html("<b>x</b> & 'y' \"z\"") == "&lt;b&gt;x&lt;/b&gt; &amp; &#x27;y&#x27; &quot;z&quot;"
    assert safe.html(None) == ""


def test_link_only_for_web_addresses() -> None:
    assert safe.link("EC", "https://ec.europa.eu/x") == "[EC](https://ec.europa.eu/x)"
    assert safe.link("a*b", "http://x.org/a b") == "[a\\*b](http://x.org/a%20b)"
    assert safe.link("x", "http://x.org/a)b(c") == "[x](http://x.org/a%29b%28c)"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "//x.org", "", None, 3.0):
        assert safe.link("x", bad) == "x", bad
