"""The Map page headless: what the deck carries, the panel beside it, URL state and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from lib import config, i18n, navigation, sql
from lib.filters import Filters

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/dashboards/map.py"


@pytest.fixture()
def open_map(demo_db_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PARTNERSHIPS_DB", str(demo_db_path))
    monkeypatch.chdir(ROOT)

    def start(lang: str = "en", **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["lang"] = lang
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page(PAGE)  # straight to the map, as a deep link does
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return start


def deck(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def layers(at: AppTest) -> dict[str, dict]:
    return {layer["id"]: layer for layer in deck(at)["layers"]}


def text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    return "\n".join(parts + [i.value for i in at.info] + [w.value for w in at.warning])


def demo_partner_count(demo_db_path: Path) -> int:
    con = duckdb.connect(str(demo_db_path), read_only=True)
    try:
        ids = tuple(sql.run(con, "programme_scope", **Filters().scope_params())["id"])
        frame = sql.run(con, "map_partners", home="sofia", programme_ids=ids, countries=(), roles=())
    finally:
        con.close()
    return len(frame)


def test_default_map_draws_the_offline_basemap_and_partners(open_map, demo_db_path: Path) -> None:
    at = open_map("en")
    spec = deck(at)
    assert [layer["id"] for layer in spec["layers"]] == [
        "ocean",
        "basemap",
        "arcs",
        "partners",
        "home",
        "labels",
    ]
    assert (
        spec["mapStyle"] == "__MAP_STYLE__" and "cartocdn" not in at.get("deck_gl_json_chart")[0].proto.json
    )
    n = demo_partner_count(demo_db_path)
    assert n > 50
    assert len(layers(at)["partners"]["data"]) == n
    assert f"Sofia's partners: **{n}**" in text(at)
    assert "Natural Earth" in text(at)
    legend = next(m.value for m in at.markdown if "map-legend" in m.value)
    assert "Sofia" in legend and i18n.t("enum.family.urban-agenda", "en") in legend


def test_bulgarian_labels_and_legend(open_map) -> None:
    at = open_map("bg")
    assert at.title[0].value == i18n.t("map.title", "bg")
    labels = [x["text"] for x in layers(at)["labels"]["data"]]
    assert labels[0] == "София" and all(any("\u0400" <= ch <= "\u04ff" for ch in x) for x in labels)
    assert "Дъги от София" in [t.label for t in at.toggle]


def test_partner_in_the_url_shows_its_summary_and_card_link(open_map) -> None:
    at = open_map("en", partner="oulu")
    assert [s.value for s in at.subheader] == ["Oulu"]
    body = text(at)
    assert "Partnership on Digital Transition" in body and "City · Finland" in body
    assert layers(at)["selected"]["data"][0]["lat"] == pytest.approx(65.0121)
    links = at.get("page_link")
    assert any("partner=oulu" in link.proto.query_string for link in links)


def test_choosing_in_the_list_updates_the_panel_and_the_url(demo_db_path: Path, monkeypatch) -> None:
    # The page on its own (default filters, Bulgarian): through the frame, AppTest's second run narrows the
    # frame's period slider to its first year, which would drop Semarang's programme from the scope.
    # Without the frame there is no st.navigation, so no partner card page and no presenter: their links
    # must stay away.
    monkeypatch.setenv("PARTNERSHIPS_DB", str(demo_db_path))
    monkeypatch.chdir(ROOT)
    pages = tuple(p for p in navigation.PAGES if "explore" not in p.path and not p.fullscreen)
    monkeypatch.setattr(navigation, "PAGES", pages)
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=120).run()
    assert not at.exception and not at.subheader
    at.selectbox(key="map_partner").select("semarang").run()
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Семаранг"]
    assert at.query_params["partner"] in ("semarang", ["semarang"])
    assert "Индонезия" in text(at)
    assert not at.get("page_link")
    assert layers(at)["selected"]["data"][0]["lat"] == pytest.approx(-6.9932)


def test_mistyped_partner_is_reported_with_closest_matches(open_map) -> None:
    at = open_map("en", partner="olu")
    assert any("“olu” is not among the partners" in w.value for w in at.warning)
    assert any("Closest matches:" in c.value and "Oulu" in c.value for c in at.caption)


def test_layers_roles_and_view_live_in_the_url(open_map) -> None:
    at = open_map("en", events="true", flows="true", shade="true", labels="false", view="world", role="pair")
    ids = list(layers(at))
    assert ids == ["ocean", "basemap", "shade", "flows", "arcs", "events", "partners", "home"]
    assert at.segmented_control(key="view").value == "world"
    assert at.multiselect(key="role").value == ["pair"]
    assert len(layers(at)["flows"]["data"]) > 0 and len(layers(at)["events"]["data"]) > 0
    legend = next(m.value for m in at.markdown if "map-legend" in m.value)
    assert "Delegation" in legend and "Event location" in legend
    # partners in a pairing with Sofia: only city-pairing colours
    colours = {tuple(p["colour"][:3]) for p in layers(at)["partners"]["data"]}
    assert colours == {(0xDD, 0x6B, 0x20)}


def test_nonsense_url_values_are_reported_not_raised(open_map) -> None:
    at = open_map("en", view="mars", role=["boss", "member"])
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert "mars" in warnings and "boss" in warnings
    assert at.segmented_control(key="view").value == "europe"
    assert at.multiselect(key="role").value == ["member"]


def test_above_the_point_limit_the_map_aggregates(open_map, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERSHIPS_MAP_POINT_LIMIT", "20")
    at = open_map("en", partner="oulu")
    ids = list(layers(at))
    assert "cells" in ids and "partners" not in ids
    arcs = layers(at)["arcs"]["data"]
    assert len(arcs) < 40  # one per country, not one per partner
    assert any("More than 20 partners" in i.value for i in at.info)
    assert not at.subheader  # no single-partner panel in the aggregated view


def test_empty_selection_keeps_the_map_and_says_so(open_map) -> None:
    at = open_map("en", family="research", period=["2016", "2016"])
    assert any(i18n.t("map.empty", "en") in i.value for i in at.info)
    assert list(layers(at))[:2] == ["ocean", "basemap"] and layers(at)["partners"]["data"] == []


def test_online_tiles_are_opt_in(open_map, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERSHIPS_ONLINE_TILES", "1")
    at = open_map("en")
    assert deck(at)["mapProvider"] == "carto"
    assert "OpenStreetMap" in text(at)
    assert config.online_tiles() is True
