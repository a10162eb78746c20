"""The map: its queries on the fixture database (known answers) and the pure deck and legend builders."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from lib import config, i18n, maps, palette, sql
from lib.filters import Filters

HOME = "sofia"


def scope(con, **kwargs) -> tuple[str, ...]:
    return tuple(sql.run(con, "programme_scope", **Filters(**kwargs).scope_params())["id"])


def partners(con, roles=(), countries=(), **kwargs) -> pd.DataFrame:
    ids = scope(con, **kwargs)
    return sql.run(con, "map_partners", home=HOME, programme_ids=ids, countries=countries, roles=roles)


def map_data(con, aggregated: bool = False, **kwargs) -> maps.MapData:
    ids = scope(con)
    params = {"home": HOME, "programme_ids": ids, "countries": (), "roles": ()}
    period = {"programme_ids": ids, "countries": (), "date_from": dt.date(2016, 1, 1)}
    period["date_to"] = dt.date(2027, 12, 31)
    points = (
        sql.run(con, "map_grid", **params, cell=maps.GRID_CELL)
        if aggregated
        else sql.run(con, "map_partners", **params)
    )
    return maps.MapData(
        home=sql.run(con, "map_home", home=HOME).iloc[0].to_dict(),
        points=points,
        countries=sql.run(con, "map_countries", **params),
        aggregated=aggregated,
        events=sql.run(con, "map_events", **period),
        flows=sql.run(con, "map_flows", **period),
    )


def spec(deck) -> dict:
    return json.loads(deck.to_json())


def layer(deck, layer_id: str):
    return next(x for x in deck.layers if x.id == layer_id)


# --- queries -----------------------------------------------------------------------------------------


def test_partners_are_those_sharing_a_programme_with_sofia(fixture_con) -> None:
    frame = partners(fixture_con)
    # Vienna is only in part-b, which Sofia is not in; Sofia is the home, not a partner
    assert sorted(frame["id"]) == ["estonia", "faraway", "oulu"]
    rows = frame.set_index("id")
    assert rows.loc["oulu", "shared"] == 1
    assert list(rows.loc["oulu", "roles"]) == ["coordinator"]
    assert rows.loc["oulu", "family"] == "urban-agenda"
    assert rows.loc["faraway", "family"] == "city-pairing"
    assert list(rows.loc["faraway", "programmes_en"]) == ["Pairing"]
    assert not rows["sample"].any()


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"roles": ("pair",)}, ["faraway"]),
        ({"roles": ("coordinator",)}, ["estonia", "oulu"]),
        ({"countries": ("FI",)}, ["oulu"]),
        ({"families": ("city-pairing",)}, ["faraway"]),
        ({"year_from": 2021, "year_to": 2022}, ["faraway"]),
    ],
)
def test_partner_filters(fixture_con, kwargs: dict, expected: list[str]) -> None:
    assert sorted(partners(fixture_con, **kwargs)["id"]) == expected


def test_countries_grid_and_home(fixture_con) -> None:
    ids = scope(fixture_con)
    params = {"home": HOME, "programme_ids": ids, "countries": (), "roles": ()}
    countries = sql.run(fixture_con, "map_countries", **params).set_index("country_code")
    assert countries["partners"].to_dict() == {"EE": 1, "FI": 1, "KR": 1}
    grid = sql.run(fixture_con, "map_grid", **params, cell=2.0)
    assert grid["partners"].sum() == 3 and len(grid) == 3  # Oulu, Tallinn and Sejong are far apart
    coarse = sql.run(fixture_con, "map_grid", **params, cell=90.0)
    assert sorted(coarse["partners"]) == [1, 2]  # Oulu and Tallinn share a 90° cell
    home = sql.run(fixture_con, "map_home", home=HOME).iloc[0]
    assert (home["name_bg"], home["lat"]) == ("София", 42.6977)


def test_events_and_flows(fixture_con) -> None:
    period = {"programme_ids": scope(fixture_con), "countries": ()}
    period |= {"date_from": dt.date(2016, 1, 1), "date_to": dt.date(2099, 12, 31)}
    events = sql.run(fixture_con, "map_events", **period).set_index("host_id")
    # the future webinar is online: no place on the map
    assert events["events"].to_dict() == {"oulu": 2, "sofia": 1, "faraway": 1}
    assert bool(events.loc["oulu", "uncertain"]) is True  # the third meeting's date is uncertain
    flows = sql.run(fixture_con, "map_flows", **period)
    assert flows[["from_id", "to_id", "trips", "visits"]].values.tolist() == [["sofia", "faraway", 1, 1]]
    later = sql.run(fixture_con, "map_flows", **(period | {"date_from": dt.date(2023, 1, 1)}))
    assert later.empty


# --- the deck ----------------------------------------------------------------------------------------


ALL_ON = {"arcs": True, "labels": True, "events": True, "flows": True, "shade": True}


def test_basemap_first_and_layers_in_order(fixture_con, lang) -> None:
    data = map_data(fixture_con)
    deck = maps.build_deck(data, maps.Options(**ALL_ON, selected="oulu"))
    ids = maps.layer_ids(deck)
    assert ids == [
        "ocean",
        "basemap",
        "shade",
        "flows",
        "arcs",
        "events",
        "partners",
        "selected",
        "home",
        "labels",
    ]
    assert ids == [i for i in maps.LAYER_ORDER if i in ids]
    plain = maps.build_deck(data, maps.Options(arcs=False, labels=False))
    assert maps.layer_ids(plain) == ["ocean", "basemap", "partners", "home"]


def test_offline_deck_fetches_no_tiles(fixture_con) -> None:
    deck = maps.build_deck(map_data(fixture_con), maps.Options())
    text = deck.to_json()
    # pydeck's sentinel (not None or ""): Streamlit's frontend then draws no CARTO tiles
    assert spec(deck)["mapStyle"] == "__MAP_STYLE__"
    assert "mapProvider" not in spec(deck)
    assert "cartocdn" not in text and "http" not in text
    ocean, basemap = spec(deck)["layers"][:2]
    assert basemap["id"] == "basemap" and basemap["@@type"] == "GeoJsonLayer"
    # the countries come from the app's own static file (fetched once by the browser), not inside the deck
    assert basemap["data"] == maps.BASEMAP_URL and not basemap["data"].startswith(("/", "http"))
    assert (
        maps.BASEMAP_URL.removeprefix("app/static/")
        == maps.BASEMAP_FILE.relative_to(config.ROOT / "static").as_posix()
    )
    assert len(json.loads(maps.BASEMAP_FILE.read_text(encoding="utf-8"))["features"]) == 177
    assert tuple(basemap["getFillColor"]) == maps.PALETTES["light"].land
    assert ocean["id"] == "ocean" and tuple(ocean["getFillColor"]) == maps.PALETTES["light"].ocean
    assert len(deck.to_json()) < 20_000, "the deck carries data, not the world's coastlines"


def test_dark_theme_and_online_tiles(fixture_con) -> None:
    data = map_data(fixture_con)
    dark = spec(maps.build_deck(data, maps.Options(theme="dark")))
    assert tuple(dark["layers"][1]["getFillColor"]) == maps.PALETTES["dark"].land
    assert maps.PALETTES["dark"].land != maps.PALETTES["light"].land
    online = spec(maps.build_deck(data, maps.Options(online_tiles=True)))
    assert online["mapProvider"] == "carto" and "cartocdn" in online["mapStyle"]
    # under tiles the outlines stay but the fills are transparent
    assert online["layers"][0]["getFillColor"][3] == online["layers"][1]["getFillColor"][3] == 0


def test_partner_points_and_arcs(fixture_con, lang) -> None:
    data = map_data(fixture_con)
    deck = maps.build_deck(data, maps.Options())
    points = layer(deck, "partners").data
    assert sorted(p["id"] for p in points) == ["estonia", "faraway", "oulu"]
    by_id = {p["id"]: p for p in points}
    assert by_id["oulu"]["colour"][:3] == palette.rgba(palette.FAMILY["urban-agenda"])[:3]
    assert by_id["faraway"]["colour"][:3] == palette.rgba(palette.FAMILY["city-pairing"])[:3]
    assert layer(deck, "partners").pickable is True
    arcs = layer(deck, "arcs").data
    assert len(arcs) == 3 and all(a["source"] == [23.3219, 42.6977] for a in arcs)
    assert {tuple(a["target"]) for a in arcs} == {(25.4651, 65.0121), (24.7536, 59.437), (127.289, 36.48)}
    i18n.set_language(lang)
    oulu = by_id["oulu"]
    assert oulu["tip_title"] == {"bg": "Оулу", "en": "Oulu"}[lang]
    assert i18n.country("FI") in oulu["tip_body"] and i18n.label("role", "coordinator") in oulu["tip_body"]


def test_points_grow_with_shared_programmes() -> None:
    assert maps.point_radius(1) < maps.point_radius(2) < maps.point_radius(9)


def test_aggregated_deck_sends_cells_and_country_arcs(fixture_con) -> None:
    data = map_data(fixture_con, aggregated=True)
    deck = maps.build_deck(data, maps.Options())
    assert "cells" in maps.layer_ids(deck) and "partners" not in maps.layer_ids(deck)
    assert sum(1 for _ in layer(deck, "cells").data) == len(data.points)
    assert len(layer(deck, "arcs").data) == len(data.countries) == 3


def test_flows_events_and_shade(fixture_con, lang) -> None:
    deck = maps.build_deck(map_data(fixture_con), maps.Options(**ALL_ON))
    flows = layer(deck, "flows").data
    assert len(flows) == 1 and flows[0]["target"] == [127.289, 36.48]
    assert flows[0]["tip_title"] == {"bg": "София → Далечен", "en": "Sofia → Faraway"}[lang]
    assert len(layer(deck, "events").data) == 3
    shaded = layer(deck, "shade").data["features"]
    assert sorted(f["properties"]["iso_a2"] for f in shaded) == ["EE", "FI", "KR"]


def test_shade_gets_darker_with_more_partners() -> None:
    assert maps.shade_colour(1, 10)[3] < maps.shade_colour(5, 10)[3] < maps.shade_colour(10, 10)[3]


def test_labels_in_the_chosen_language_with_cyrillic(fixture_con) -> None:
    i18n.set_language("bg")
    data = map_data(fixture_con)
    deck = maps.build_deck(data, maps.Options(view="world"))
    labels = spec(deck)["layers"][-1]
    assert labels["id"] == "labels" and labels["characterSet"] == "auto"
    assert [x["text"] for x in labels["data"]][:1] == ["София"]
    assert "Оулу" in [x["text"] for x in labels["data"]]  # cities only: Estonia (a member state) is not
    asia = maps.label_records(data, maps.VIEWS["asia-pacific"])
    assert [x["text"] for x in asia] == ["Далечен"]  # only what the view shows: Sofia lies off it
    i18n.set_language("en")


def test_json_sent_to_the_browser_is_compact(fixture_con) -> None:
    deck = maps.build_deck(map_data(fixture_con), maps.Options())
    from pydeck.bindings.json_tools import serialize

    assert json.loads(deck.to_json()) == json.loads(serialize(deck))
    assert len(deck.to_json()) < 0.6 * len(serialize(deck))


# --- legend ------------------------------------------------------------------------------------------


def test_legend_follows_the_layers_and_language(fixture_con) -> None:
    data = map_data(fixture_con)
    i18n.set_language("en")
    items = maps.legend_items(data, maps.Options())
    labels = [i.label for i in items]
    assert labels[0] == "Sofia"
    assert i18n.label("family", "urban-agenda") in labels and i18n.label("family", "city-pairing") in labels
    assert i18n.label("family", "research") not in labels  # no research partner in the fixture
    colours = {i.label: i.colour for i in items}
    assert colours[i18n.label("family", "city-pairing")] == palette.FAMILY["city-pairing"]
    assert "Delegation" not in labels and "Event location" not in labels
    full = [i.label for i in maps.legend_items(data, maps.Options(**ALL_ON))]
    assert {"Delegation", "Event location", "Country"} <= set(full)
    i18n.set_language("bg")
    assert maps.legend_items(data, maps.Options())[0].label == "София"
    i18n.set_language("en")


def test_legend_html_escapes_text() -> None:
    out = maps.legend_html([maps.LegendItem("<b>x</b>", "#123456", "dot")])
    assert "&lt;b&gt;x&lt;/b&gt;" in out and "#123456" in out


# --- selection ---------------------------------------------------------------------------------------


def test_picked_partner_from_the_chart_selection() -> None:
    state = {"selection": {"indices": {"partners": [2]}, "objects": {"partners": [{"id": "oulu"}]}}}
    assert maps.picked_partner(state) == "oulu"
    assert maps.picked_partner({"selection": {"indices": {}, "objects": {}}}) is None
    assert maps.picked_partner({"selection": {"objects": {"home": [{"lon": 1}]}}}) is None
    assert maps.picked_partner(None) is None
    cells = {"selection": {"objects": {"cells": [{"id": "25:2"}]}}}
    assert maps.picked_cell(cells) == "25:2" and maps.picked_partner(cells) is None


def test_a_new_click_wins_an_old_one_does_not() -> None:
    assert maps.resolve_choice("oulu", None, None) == "oulu"
    assert maps.resolve_choice("oulu", "estonia", "estonia") == "oulu"
    # the chart still reports Oulu, but the user has since chosen Estonia in the list
    assert maps.resolve_choice("oulu", "oulu", "estonia") == "estonia"
    assert maps.resolve_choice(None, "oulu", None) is None


def test_the_panel_shows_the_link_then_a_new_click_then_the_list() -> None:
    ids = ["oulu", "estonia", "sejong"]
    assert maps.pick("sejong", ids, None, None, "oulu") == maps.Pick("sejong", None, "sejong")
    # a new click beats the link; the chart highlights it itself, so no ring
    assert maps.pick("sejong", ids, "oulu", None, None) == maps.Pick("oulu", "oulu", None)
    # an old click stays quiet: the list's choice is shown and ringed
    assert maps.pick(None, ids, "oulu", "oulu", "estonia") == maps.Pick("estonia", "oulu", "estonia")
    # a partner the filters took off the map, or an unknown link, shows nothing
    assert maps.pick("nowhere", ids, None, None, "semarang") == maps.Pick(None, None, None)


def test_summary_of_a_partner(fixture_con) -> None:
    frame = partners(fixture_con)
    i18n.set_language("bg")
    info = maps.summary("faraway", frame)
    assert info is not None
    assert (info.name, info.country, info.shared) == ("Далечен", "Южна Корея", 1)
    assert info.programmes == ["Двойка"] and info.roles == [i18n.label("role", "pair")]
    assert info.family == i18n.label("family", "city-pairing")
    i18n.set_language("en")
    assert maps.summary("vienna", frame) is None and maps.summary(None, frame) is None


def test_closest_partners_for_a_mistyped_id(fixture_con) -> None:
    frame = partners(fixture_con)
    assert maps.closest_partners("olu", frame)[0] == "Oulu"
    assert maps.closest_partners("zzzzzz", frame) == []


def test_tooltips_hold_hostile_data_as_text(hostile_con, lang) -> None:
    """deck.gl puts tooltip fields into HTML: data in them is escaped (in every layer that has tips)."""

    deck = maps.build_deck(map_data(hostile_con), maps.Options(**ALL_ON))
    tips = [
        value
        for lay in deck.layers
        if isinstance(lay.data, list)
        for record in lay.data
        for name, value in record.items()
        if name.startswith("tip_")
    ]
    assert tips and any("ZQH" in tip for tip in tips), "the hostile names reach the tooltips"
    assert not any("<b>ZQH</b>" in tip or "<" in tip for tip in tips)
    assert any("&lt;b&gt;ZQH&lt;/b&gt;" in tip for tip in tips)
