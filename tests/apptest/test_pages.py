"""Every page runs headless in both languages on the demo database, with no exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import config, i18n
from lib.navigation import PAGES
from tests.text import shown

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def app(demo_db_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PARTNERSHIPS_DB", str(demo_db_path))
    monkeypatch.chdir(ROOT)

    def start(lang: str, page: str | None = None, **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["lang"] = lang
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at

    return start


@pytest.mark.parametrize("lang", config.LANGUAGES)
@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_page_runs_in_both_languages(app, spec, lang: str) -> None:
    at = app(lang, spec.path)
    assert not at.exception, [e.value for e in at.exception]
    if spec.fullscreen:  # a slide: its title is the slide's heading
        assert any("class='slide-title'" in h.value for h in at.html), "every page has a title"
    else:
        assert at.title, "every page has a title"
    i18n.set_language(lang)
    assert at.sidebar.caption[0].value == i18n.t("app.subtitle")


def test_overview_kpis_and_sample_badge(app) -> None:
    at = app("en")
    labels = [m.label for m in at.metric]
    assert labels[:5] == [
        "Running now",
        "Sofia's partners",
        "Events in the period",
        "Actions done",
        "Late actions",
    ]
    assert any("sample data" in m.value for m in at.markdown), "illustrative numbers carry the badge"


def test_overview_empty_selection_shows_a_message(app) -> None:
    at = app("en", period=["2016", "2016"], family=["research"])
    assert not at.exception
    assert any("Nothing matches the selected filters" in i.value for i in at.info)


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_a_programme_sofia_is_not_in_gives_an_empty_timeline_not_an_error(app, lang: str) -> None:
    at = app(lang, programme=["ua-air-quality"])  # the Air Quality partnership: Sofia was not a member
    assert not at.exception, [e.value for e in at.exception]  # was a TypeError in overview.timeline_rows
    message = i18n.t("overview.no_sofia_programmes", lang)
    assert any(shown(i.value) == shown(message) for i in at.info)


def test_nonsense_url_parameter_is_reported_not_raised(app) -> None:
    at = app("en", family=["no-such-family"], period=["abc", "2020"])
    assert not at.exception
    warnings = shown(" ".join(w.value for w in at.sidebar.warning))
    assert "no-such-family" in warnings and "abc" in warnings


def test_a_broken_seed_on_first_start_says_where_and_writes_nothing(tmp_path, monkeypatch) -> None:
    import shutil

    from lib import config as cfg
    from tests.conftest import FIXTURE_SEED

    seed_dir = tmp_path / "seed"
    shutil.copytree(FIXTURE_SEED, seed_dir)
    text = (seed_dir / "membership.csv").read_text(encoding="utf-8")
    (seed_dir / "membership.csv").write_text(text.replace("part-a,oulu,", "part-a,ouluu,"), encoding="utf-8")
    target = tmp_path / "new.duckdb"
    monkeypatch.setattr(cfg, "SEED_DIR", seed_dir)
    monkeypatch.setenv("PARTNERSHIPS_DB", str(target))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert "The database cannot be built" in at.error[0].value
    assert "membership.csv, line 3, column 'partner_id': 'ouluu' does not match" in at.code[0].value
    assert not target.exists()
