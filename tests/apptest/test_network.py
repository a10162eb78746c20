"""The Network page headless: every view in both languages, node look-up, bad links, the sample mark."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import config, i18n, network
from tests.text import shown

PAGE = "pages/dashboards/network.py"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def app(demo_db_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The Network page on the demo database, opened directly with its URL parameters.

    (Switching page after a first run narrows the period slider to its first year in AppTest 1.67.)"""
    monkeypatch.setenv("PARTNERSHIPS_DB", str(demo_db_path))
    monkeypatch.chdir(ROOT)

    def start(lang: str, page: str = PAGE, **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["lang"] = lang
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page(page)  # before the first run, as scripts/bench.py does
        at.run()
        return at

    return start


@pytest.mark.parametrize("lang", config.LANGUAGES)
@pytest.mark.parametrize("view", network.VIEWS)
def test_every_view_runs_in_both_languages(app, view: str, lang: str) -> None:
    at = app(lang, view=view)
    assert not at.exception, [e.value for e in at.exception]
    i18n.set_language(lang)
    assert at.title[0].value == i18n.t("network.title")
    control = at.segmented_control(key="view")
    assert control.value == view
    headings = [h.value for h in at.subheader]
    assert i18n.t("network.bridges") in headings and i18n.t("network.opportunities") in headings
    names = at.dataframe[-1].value[i18n.t("network.col.name")].tolist()
    assert ("Sofia" if lang == "en" else "София") in names
    assert not any(":" in n for n in names), "no raw node keys in the table"


def test_picking_a_node_shows_its_numbers_and_sentence(app) -> None:
    at = app("en", view="partners", node="partner:oulu")
    assert not at.exception
    assert at.selectbox(key="node").value == "partner:oulu"
    labels = [m.label for m in at.metric]
    assert labels[:5] == ["Links (degree)", "Weighted links", "Betweenness", "PageRank", "Community"]
    assert any("Oulu shares programmes with" in m.value for m in at.markdown)
    assert any("With Sofia:" in m.value for m in at.markdown)


def test_unknown_node_in_the_link_is_reported_with_closest_matches(app) -> None:
    at = app("en", node="partner:olu")
    assert not at.exception
    text = shown(" ".join(w.value for w in at.warning))
    assert "partner:olu" in text and "Oulu" in text


def test_nonsense_view_is_reported_not_raised(app) -> None:
    at = app("en", view="galaxy")
    assert not at.exception
    assert "galaxy" in " ".join(w.value for w in at.sidebar.warning)
    assert at.segmented_control(key="view").value == "two-mode"


def test_opportunities_carry_reasons_in_words(app) -> None:
    at = app("en")
    frames = [d.value for d in at.dataframe]
    opportunities = next(f for f in frames if "Why" in f.columns)
    assert len(opportunities) > 0
    assert opportunities["Why"].str.contains("works with").any()
    bridges = next(f for f in frames if "Programmes without Sofia" in f.columns)
    assert (bridges["New partners"] > 0).all()


def test_empty_scope_shows_a_message(app) -> None:
    at = app("en", period=["2016", "2016"], family=["research"])
    assert not at.exception
    assert any("Nothing matches" in i.value for i in at.info)


@pytest.mark.parametrize("view", ["sofia-1", "sofia-2"])
def test_sofia_views_without_sofia_say_so(app, view: str) -> None:
    at = app("en", view=view, period=["2016", "2016"], family=["urban-agenda"])
    assert not at.exception, [e.value for e in at.exception]
    assert any("Sofia takes part in none" in i.value for i in at.info)
