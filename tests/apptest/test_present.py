"""The Present page headless: each deck kind in both languages, the moves and the URL, bad input, and the
Present buttons of the pages."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib import i18n, network, present

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/present/present.py"


@pytest.fixture()
def open_present(demo_db_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PARTNERSHIPS_DB", str(demo_db_path))
    monkeypatch.chdir(ROOT)

    def start(lang: str = "en", page: str = PAGE, **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        at.query_params["lang"] = lang
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page(page)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return start


def html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def counter(at: AppTest) -> str:
    text = html(at)
    start = text.index("data-testid='slide-counter'>") + len("data-testid='slide-counter'>")
    return text[start : text.index("<", start)]


@pytest.mark.parametrize("lang", ["bg", "en"])
@pytest.mark.parametrize("deck", ["overview", "programme:ua-digital-transition", "partner:oulu"])
def test_each_deck_kind_opens_in_both_languages(open_present, deck: str, lang: str) -> None:
    at = open_present(lang, deck=deck, slide="2")
    i18n.set_language(lang)
    assert counter(at).startswith("2 / ")
    assert "slide-title" in html(at)
    assert at.button(key="present-next").label == i18n.t("present.next")


def test_the_buttons_move_the_slide_and_the_url(open_present) -> None:
    at = open_present(deck="overview")
    assert counter(at) == "1 / 6" and at.button(key="present-prev").disabled
    at.button(key="present-next").click().run()
    assert counter(at) == "2 / 6" and at.query_params["slide"] == "2"
    at.button(key="present-last").click().run()
    assert counter(at) == "6 / 6" and at.button(key="present-next").disabled
    at.button(key="present-PageUp").click().run()
    assert counter(at) == "5 / 6" and at.query_params["slide"] == "5"
    at.button(key="present-first").click().run()
    assert counter(at) == "1 / 6"


@pytest.mark.parametrize(
    ("params", "text"),
    [
        ({"deck": "nonsense"}, "'nonsense' is not the name of a deck"),
        ({"deck": "overview", "slide": "999"}, "There is no slide '999': this deck has slides 1 to 6."),
        ({"deck": "overview", "slide": "-1"}, "There is no slide '-1'"),
        ({"deck": "partner:no-such-city"}, "There is no partner with the id 'no-such-city'."),
        ({"deck": "programme:<script>"}, "There is no programme with the id '<script>'."),
    ],
)
def test_bad_input_is_a_message_on_a_slide_with_a_link_back(open_present, params: dict, text: str) -> None:
    at = open_present(**params)
    assert text in unescape(html(at))
    assert at.get("page_link"), "a link back"
    assert "<script>" not in html(at)


@pytest.mark.parametrize(
    ("page", "params", "deck", "slide"),
    [
        ("pages/dashboards/overview.py", {}, "overview", "1"),
        ("pages/dashboards/map.py", {"view": "world", "family": "challenge"}, "overview", "3"),
        ("pages/dashboards/network.py", {"view": "sofia-1"}, "overview", "4"),
        ("pages/dashboards/progress.py", {}, "overview", "5"),
        (
            "pages/explore/programmes.py",
            {"programme": "ua-digital-transition"},
            "programme:ua-digital-transition",
            "1",
        ),
        ("pages/explore/partners.py", {"partner": "oulu"}, "partner:oulu", "1"),
    ],
)
def test_a_present_button_opens_the_matching_slide_with_the_same_view(
    open_present, page: str, params: dict, deck: str, slide: str
) -> None:
    at = open_present("en", page, **params)
    links = [p for p in at.get("page_link") if p.proto.page.endswith("present")]
    assert len(links) == 1
    query = links[0].proto.query_string
    assert f"deck={deck.replace(':', '%3A')}" in query and f"slide={slide}" in query and "lang=en" in query
    for key, value in params.items():
        if key not in ("programme", "partner") or key == "programme":
            assert f"{key}={value}" in query, (key, query)


def test_the_network_slide_reuses_what_the_network_page_computed(open_present, monkeypatch) -> None:
    """lib/network_cache holds one network per data version for the Network page and the slides: a deck
    opened after the page computes no network again (on the 100× database that is 13–18 s of CPU)."""
    st.cache_resource.clear()
    open_present("en", page="pages/dashboards/network.py")
    computed: list[str] = []
    for name in ("load", "analyse"):
        real = getattr(network, name)
        monkeypatch.setattr(
            network, name, lambda *a, _real=real, _name=name, **k: computed.append(_name) or _real(*a, **k)
        )
    at = open_present("en", deck="overview", slide=str(present.slide_of("network")))
    assert i18n.t("present.overview.network", "en") in html(at)
    assert computed == []
