"""The Progress page headless in both languages: statuses in words, sample labels, data, URL state."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import config, i18n
from tests.text import shown

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/dashboards/progress.py"


@pytest.fixture()
def app(demo_db_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PARTNERSHIPS_DB", str(demo_db_path))
    monkeypatch.chdir(ROOT)

    def start(lang: str, **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["lang"] = lang
        for key, value in params.items():
            at.query_params[key] = value
        # open the page directly: a run of another page first, then switch_page, makes AppTest send the
        # period slider back as (2016, 2016) (seen on streamlit 1.67), which would hide everything here
        at.switch_page(PAGE)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        i18n.set_language(lang)
        return at

    return start


def texts(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_progress_page_in_both_languages(app, lang: str) -> None:
    at = app(lang)
    t = i18n.t
    assert at.title[0].value == t("progress.title")
    subheaders = [s.value for s in at.subheader]
    for key in ("progress.indicators", "progress.actions", "progress.programmes", "progress.peers"):
        assert t(key) in subheaders
    # seven KPI cards, one per demo indicator, each with a status in words (never colour alone)
    assert len(at.metric) == 7
    shown = texts(at)
    for status in ("enum.indicator_status.on-track", "enum.indicator_status.off-track"):
        assert t(status) in shown
    assert t("progress.rule") in shown, "the status rule is stated on the page"
    assert t("common.sample") in shown, "illustrative values carry the sample-data label"
    # every chart says where its values come from: the demo's indicator values are all sample data
    assert t("progress.provenance_sample", date="").split("·")[0] in shown
    # a "view data" expander with a CSV download under every chart (and under the status cards)
    assert sum(e.label == t("common.view_data") for e in at.expander) == 5
    assert len(at.get("download_button")) == 5
    assert t("progress.col.programme") in at.dataframe[0].value.columns


def test_status_counts_match_the_demo_data(app) -> None:
    at = app("en")
    shown = texts(at)
    assert "on track: 2" in shown and "at risk: 1" in shown and "off track: 4" in shown


def test_chosen_indicator_is_kept_in_the_url(app) -> None:
    at = app("en", indicator="signal-response-days", peer="e-service-users")
    assert at.selectbox(key="indicator").value == "signal-response-days"
    assert at.selectbox(key="peer").value == "e-service-users"
    at.selectbox(key="indicator").set_value("open-datasets").run()
    assert at.query_params["indicator"] == "open-datasets"


def test_unknown_indicator_in_the_link_is_reported(app) -> None:
    at = app("en", indicator="no-such-indicator")
    warnings = shown(" ".join(w.value for w in at.sidebar.warning))
    assert "no-such-indicator" in warnings
    assert at.selectbox(key="indicator").value == "services-online", "falls back to the first indicator"


def test_empty_selection_shows_a_message(app) -> None:
    at = app("en", period=["2016", "2016"], family=["research"])
    assert any("Nothing matches the selected filters" in i.value for i in at.info)


def test_programme_filter_narrows_every_section(app) -> None:
    at = app("en", programme=["icc"])
    assert len(at.metric) == 1, "only the ICC's indicator"
    frames = [d.value for d in at.dataframe]
    assert frames[0]["Code"].tolist() == ["DIG-02"], "the status table behind the cards"
    programmes = {v for f in frames if f.columns[0] == "Programme" for v in f["Programme"]}
    assert programmes == {"Intelligent Cities Challenge"}, "roll-ups, actions and comparison alike"


def test_country_filter_without_peers_explains_itself(app) -> None:
    at = app("bg", country=["KR"])
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert i18n.t("progress.only_home") in infos or i18n.t("progress.no_peers") in infos


def test_charts_and_tables_are_built_once_per_data_language_and_filters(app, monkeypatch) -> None:
    """A warm rerun, or another session with the same view, builds no chart or table again (db.kept);
    another language or another filter does."""
    from lib import db, progress

    built: list[str] = []
    for name in ("indicator_table", "gantt_figure", "programmes_figure", "peers_figure", "action_rows"):
        original = getattr(progress, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            built.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(progress, name, counted)
    db._kept.clear()
    at = app("en")
    assert {"indicator_table", "gantt_figure", "programmes_figure", "peers_figure", "action_rows"} <= set(
        built
    )
    built.clear()
    at.run()
    assert not at.exception and built == []
    app("en")  # a new session, the same view
    assert built == []
    app("bg")
    assert "gantt_figure" in built and "indicator_table" in built
    built.clear()
    app("en", family="challenge")
    assert "indicator_table" in built


def test_a_kept_chart_is_drawn_the_same_on_every_run(app) -> None:
    """ui.chart finishes a copy: a chart shared through db.kept keeps its title and margins on the next run
    and in the next session (finishing it in place added the title's room again each time)."""
    import json

    from lib import db

    db._kept.clear()

    def drawn(at) -> list[dict]:
        return [json.loads(chart.proto.spec)["layout"] for chart in at.get("plotly_chart")]

    at = app("en")
    first = drawn(at)
    assert first and all(layout.get("title", {}).get("text") for layout in first)
    at.run()
    assert drawn(at) == first
    assert drawn(app("en")) == first
