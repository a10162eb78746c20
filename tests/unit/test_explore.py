"""Explore pages' logic (lib/explore.py) and queries, on the fixture and the demo database."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib import config, explore, i18n, sql

SOFIA = (42.6977, 23.3219)
OULU = (65.0121, 25.4651)
TODAY = dt.date(2026, 11, 23)


def test_haversine_sofia_oulu_is_about_2480_km() -> None:
    km = explore.haversine_km(*SOFIA, *OULU)
    assert km == pytest.approx(2480, rel=0.01)  # 22.3 degrees of latitude ~ 2,480 km
    assert explore.haversine_km(*SOFIA, *SOFIA) == 0
    assert explore.haversine_km(*OULU, *SOFIA) == pytest.approx(km)


def test_haversine_quarter_of_the_equator() -> None:
    assert explore.haversine_km(0, 0, 0, 90) == pytest.approx(10007.5, rel=0.001)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 11, 23), 24, dt.date(2024, 11, 23)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 1, 15), 13, dt.date(2022, 12, 15)),
    ],
)
def test_months_before(day: dt.date, months: int, expected: dt.date) -> None:
    assert explore.months_before(day, months) == expected


def test_dormant_rule() -> None:
    assert explore.relation(1, 0, pd.Timestamp("2019-03-27"), TODAY) == "dormant"
    assert explore.relation(1, 1, pd.Timestamp("2019-03-27"), TODAY) == "active", "an active programme"
    assert explore.relation(1, 0, dt.date(2025, 1, 1), TODAY) == "active", "an event within 24 months"
    assert explore.relation(1, 0, dt.date(2025, 1, 1), TODAY, months=12) == "dormant", (
        "threshold is a setting"
    )
    assert explore.relation(0, 0, pd.NaT, TODAY) == "none"
    assert explore.relation(1, 0, None, TODAY) == "dormant"


def test_dormant_threshold_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    monkeypatch.setenv("PARTNERSHIPS_DORMANT_MONTHS", "6")
    try:
        assert importlib.reload(config).DORMANT_MONTHS == 6
        monkeypatch.setenv("PARTNERSHIPS_DORMANT_MONTHS", "not a number")
        assert importlib.reload(config).DORMANT_MONTHS == 24
    finally:
        monkeypatch.delenv("PARTNERSHIPS_DORMANT_MONTHS")
        importlib.reload(config)


def test_fit_zoom_shows_both_points() -> None:
    near = explore.fit_zoom(*SOFIA, 42.15, 24.75)  # Plovdiv
    far = explore.fit_zoom(*SOFIA, -6.99, 110.42)  # Semarang
    mid = explore.fit_zoom(*SOFIA, *OULU)
    assert far < mid < near
    assert 1.5 < mid < 3.5


def test_partner_map_is_offline_with_sofia_and_the_partner() -> None:
    deck = explore.partner_map(
        {"name": "Sofia", "lat": SOFIA[0], "lon": SOFIA[1]}, {"name": "Oulu", "lat": OULU[0], "lon": OULU[1]}
    )
    # offline: pydeck's own style sentinel and no provider, so Streamlit fetches no style and no tiles
    # (map_style=None would make it load CARTO's style from the internet)
    assert deck.map_provider is None and deck.map_style == "__MAP_STYLE__"
    assert '"mapStyle":"__MAP_STYLE__"' in deck.to_json()
    layers = {layer.id: layer for layer in deck.layers}
    assert set(layers) == {"ocean", "basemap", "arc", "points"}
    assert layers["basemap"].type == "GeoJsonLayer"
    assert [p["name"] for p in layers["points"].data] == ["Sofia", "Oulu"]


# --- queries on the fixture database (answers known by construction) -----------------------------


def test_programme_members_coordinators_first(fixture_con) -> None:
    members = sql.run(fixture_con, "explore_programme_members", id="part-a")
    assert members["partner_id"].tolist() == ["estonia", "oulu", "sofia"]
    assert set(members["role"]) == {"coordinator"}


def test_partners_share_programmes_and_events_with_sofia(fixture_con) -> None:
    rows = sql.run(
        fixture_con,
        "explore_partners",
        home="sofia",
        programme_ids=("umbrella", "part-a", "part-b", "pair"),
        all_programmes=False,
        countries=(),
        partner="",
        today=TODAY,
    ).set_index("id")
    assert "sofia" not in rows.index
    assert rows.loc["oulu", "shared_programmes"] == 1
    assert rows.loc["oulu", "hosted"] == 2
    assert rows.loc["vienna", "shared_programmes"] == 0, "Vienna is in part-b, Sofia is not"
    assert rows.loc["faraway", "shared_events"] == 1, "the study visit: Sofia visited Faraway"
    assert rows.loc["faraway", "last_shared_event"] == pd.Timestamp("2022-06-27")
    relations = explore.with_relation(rows.reset_index(), TODAY).set_index("id")["relation"]
    assert relations["vienna"] == "none"
    assert relations["faraway"] == "dormant"


def test_study_visits_have_a_direction(fixture_con) -> None:
    events = sql.run(fixture_con, "explore_partner_events", id="faraway", home="sofia")
    assert events["id"].tolist() == ["visit"]
    row = events.iloc[0].to_dict()
    assert row["role"] == "host" and row["sofia_role"] == "visitor"
    assert explore.visit_direction(row, "faraway") == "to_partner"
    assert explore.visit_direction({**row, "host_id": "sofia"}, "faraway") == "to_home"
    i18n.set_language("en")
    groups = explore.partner_event_groups(events, "faraway")
    assert [(heading, len(part)) for heading, part in groups] == [("Study visits of Sofia to the partner", 1)]


def test_upcoming_events_and_their_calendar(fixture_con) -> None:
    rows = sql.run(
        fixture_con,
        "explore_events",
        programme_ids=("part-a", "pair"),
        date_from=dt.date(2016, 1, 1),
        date_to=dt.date(2100, 1, 1),
        kinds=(),
        hosts=(),
    )
    past, upcoming = explore.split_upcoming(rows, TODAY)
    assert upcoming["id"].tolist() == ["future"]
    assert len(past) == 4
    i18n.set_language("bg")
    [event] = explore.calendar_events(upcoming)
    assert event.summary == "Бъдещ уебинар" and event.location == "онлайн"


def test_event_filters_by_kind_and_host_country(fixture_con) -> None:
    def ids(**kw) -> list[str]:
        params = dict(
            programme_ids=("part-a", "pair"), date_from=dt.date(2016, 1, 1), date_to=dt.date(2100, 1, 1)
        )
        return sql.run(fixture_con, "explore_events", **{"kinds": (), "hosts": (), **params, **kw})[
            "id"
        ].tolist()

    assert ids(kinds=("study-visit",)) == ["visit"]
    assert ids(hosts=("FI",)) == ["kickoff", "third"]
    assert ids(hosts=("BG",), kinds=("meeting",)) == ["sofia-meeting"]


def test_programme_tree_nests_children_under_their_umbrella(fixture_con) -> None:
    rows = sql.run(
        fixture_con, "explore_programmes", home="sofia", programme_ids=("umbrella", "part-a", "pair")
    )
    tree = explore.programme_tree(rows)
    assert [family for family, _ in tree] == ["urban-agenda", "city-pairing"]
    ua = tree[0][1]
    assert ua["id"].tolist() == ["umbrella", "part-a"]
    assert ua["depth"].tolist() == [0, 1]


# --- the demo data: what the issue says will be checked -------------------------------------------


def test_digital_transition_coordinators(demo_con) -> None:
    members = sql.run(demo_con, "explore_programme_members", id="ua-digital-transition")
    coordinators = members[members["role"] == "coordinator"]["partner_id"].tolist()
    assert sorted(coordinators) == ["estonia", "oulu", "sofia"]
    assert len(members) > 10, "and its other members"
    i18n.set_language("en")
    table = explore.members_table(members)
    assert {"Estonia", "Finland", "Bulgaria"} <= set(table["Country"])
    i18n.set_language("bg")
    assert "Финландия" in set(explore.members_table(members)["Държава"])


def test_oulus_card(demo_con) -> None:
    programmes = sql.run(demo_con, "explore_partner_programmes", id="oulu", home="sofia")
    assert programmes["id"].tolist() == ["ua-digital-transition"]
    events = sql.run(demo_con, "explore_partner_events", id="oulu", home="sofia")
    hosted = events[events["role"] == "host"]["id"].tolist()
    assert hosted == ["dt-2017-02-oulu"]
    stats = sql.run(
        demo_con,
        "explore_partners",
        home="sofia",
        programme_ids=(),
        all_programmes=True,
        countries=(),
        partner="oulu",
        today=TODAY,
    )
    assert stats.iloc[0]["shared_programmes"] == 1
    assert explore.with_relation(stats, TODAY).iloc[0]["relation"] == "dormant", (
        "last shared event March 2019"
    )


def test_the_sofia_meeting_has_seven_panels_in_both_languages(demo_con) -> None:
    topics = sql.run(demo_con, "explore_event_topics", id="dt-2017-06-sofia")
    assert len(topics) == 7
    i18n.set_language("en")
    assert (
        explore.topics_markdown(topics).splitlines()[0]
        == "1. **E\\-government** · :gray[Електронно управление]"  # data escaped (lib/safe.py)
    )
    i18n.set_language("bg")
    lines = explore.topics_markdown(topics).splitlines()
    assert len(lines) == 7
    assert lines[0] == "1. **Електронно управление** · :gray[E\\-government]"


def test_every_programme_source_has_a_reliability(demo_con) -> None:
    sources = sql.run(demo_con, "explore_programme_sources", id="ua-digital-transition")
    assert set(sources["reliability"]) <= {"verified", "general-knowledge", "uncertain", "illustrative"}
    assert "uncertain" in set(sources["reliability"]), "the Helsingborg date"
    assert sources["rank"].is_monotonic_increasing


def test_partner_list_sort_and_filter(demo_con) -> None:
    rows = sql.run(
        demo_con,
        "explore_partners",
        home="sofia",
        programme_ids=tuple(sql.run(demo_con, "explore_search_items").query("kind == 'programme'")["id"]),
        all_programmes=False,
        countries=(),
        partner="",
        today=TODAY,
    )
    rows = explore.with_relation(rows, TODAY)
    i18n.set_language("en")
    assert explore.filter_partners(rows, "оулу")["id"].tolist() == ["oulu"]
    assert "oulu" in explore.filter_partners(rows, "Finland")["id"].tolist()
    by_shared = explore.sort_partners(rows, "shared")
    assert by_shared["shared_programmes"].is_monotonic_decreasing
    by_country = explore.sort_partners(rows, "country")
    names = [explore._country(c) for c in by_country["country_code"]]
    assert names == sorted(names)
    table = explore.partners_table(by_shared)
    assert "Relation to Sofia" in table.columns and table["id"].iloc[0] == by_shared["id"].iloc[0]


def test_sofias_own_card_has_no_visit_direction() -> None:
    row = {"kind": "study-visit", "host_id": "sofia"}
    assert explore.visit_direction(row, "sofia") is None
    assert explore.visit_direction(row, "semarang") == "to_home"


def test_uncertain_events_are_marked_in_lists(demo_con) -> None:
    i18n.set_language("en")
    events = sql.run(demo_con, "explore_partner_events", id="helsingborg", home="sofia")
    row = events[events["id"] == "dt-2017-09-helsingborg"].iloc[0].to_dict()
    assert explore.event_label(row) == "Sep 1, 2017 · 3rd partnership meeting, Helsingborg · (uncertain)"
    verified = events[events["id"] != "dt-2017-09-helsingborg"]
    assert all("uncertain" not in explore.event_label(r) for r in verified.to_dict("records"))


def test_a_click_on_the_timeline_opens_that_event() -> None:
    selection = {"points": [{"customdata": ["Kick-off", "Feb 16 – 17, 2017", "dt-2017-02-oulu"]}]}
    assert explore.event_id_at(selection) == "dt-2017-02-oulu"
    assert explore.event_id_at({"points": []}) is None
    assert explore.event_id_at({}) is None


def test_events_timeline_has_a_trace_per_kind(demo_con) -> None:
    i18n.set_language("bg")
    events = sql.run(demo_con, "explore_events", **explore.programme_events_params("ua-digital-transition"))
    fig = explore.events_timeline(events, TODAY, by="kind", show_today=False)
    assert {trace.name for trace in fig.data} == {"Среща", "Работна среща"}
    assert sum(len(trace.x) for trace in fig.data) == len(events) == 9
    assert [c[2] for trace in fig.data for c in trace.customdata][:1] == ["dt-2017-02-oulu"]
    assert not fig.layout.shapes, "no today line for a completed programme"
    # each row's name above its dots, not in a column of tick labels
    assert [a.text for a in fig.layout.annotations] == ["Среща", "Работна среща"]
    assert fig.layout.yaxis.showticklabels is False
    rows = {round(y) for trace in fig.data for y in trace.y}
    assert rows == {0, 1}, "a row per kind"


def test_an_umbrella_says_sofia_takes_part_through_its_children(lang: str) -> None:
    from lib import explore
    from lib.i18n import t

    assert explore.roles_text([], in_children=True) == t("explore.sofia_via_children")
    assert explore.roles_text([], in_children=False) == t("explore.sofia_not_member")
    assert explore.roles_text(["coordinator"], in_children=True) == i18n.label("role", "coordinator")


def test_a_programme_in_the_list_says_what_its_numbers_count(lang: str) -> None:
    from lib import explore

    row = {"start_date": "2017-01-01", "end_date": "2019-12-31", "status": "completed", "sofia_roles": [],
           "sofia_in_children": False, "members": 21, "events": 9}  # fmt: skip
    words = {"bg": ("членове", "събития"), "en": ("members", "events")}[lang]
    expected = f":material/groups: {words[0]}: 21 · :material/event: {words[1]}: 9"
    assert explore.programme_row(row)[2] == expected


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_a_programme_says_how_many_actions_its_plan_has_against_those_recorded(demo_con, lang: str) -> None:
    """The Digital Transition Action Plan has 15 actions (Ecorys); the demo records 3 of them, and says so."""
    i18n.set_language(lang)
    info = sql.run(demo_con, "explore_programme", id="ua-digital-transition", home=config.HOME_PARTNER).iloc[
        0
    ]
    recorded = len(sql.run(demo_con, "explore_programme_actions", id="ua-digital-transition"))
    assert int(info["plan_actions"]) == 15 and 0 < recorded < 15
    text = explore.planned_actions(info.to_dict(), recorded)
    assert f"{recorded} " in text and "15" in text and "Ecorys" in text
    assert explore.planned_actions({**info.to_dict(), "plan_actions": None}, recorded) == ""
    assert explore.planned_actions(info.to_dict(), 0) == i18n.t(
        "explore.programmes.plan_none", total=15, source=info[f"plan_source_{lang}"]
    )
    assert "15" in explore.planned_actions(info.to_dict(), 15) and explore.planned_actions(
        info.to_dict(), 15
    ) != explore.planned_actions(info.to_dict(), recorded)


def _table(rows: int = 2) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Oulu", "European Commission, DG Communications Networks, Content and Technology"]
            * rows,
            "note": ["founding member (Orientation Paper, February 2017), representative", ""] * rows,
            "type": ["city", "EU body"] * rows,
            "members": [21, 3] * rows,
        }
    )


def _widths(frame: pd.DataFrame, config: dict) -> int:
    from lib import ui

    return sum(
        ui._given_width(config.get(c)) or min(ui.GRID_AUTO_MAX, ui.column_extent(frame[c], c)[0])
        for c in frame
    )


def test_a_table_too_wide_for_1440_gets_widths_that_fit_and_one_that_fits_is_left_alone() -> None:
    from lib import ui

    frame = _table()
    room = 500
    assert _widths(frame, {}) > room, "the example must be too wide"
    given = {"type": {"width": "small"}}
    config = ui.fitted(frame, given, room=room)
    assert config["type"] == {"width": "small"}, "a column the page configures is left as it is"
    assert config["name"] == config["note"], "the two long ones share one width"
    assert "members" not in config, "a number column sizes itself"
    assert _widths(frame, config) <= room
    assert ui.fitted(frame, given, room=room, selectable=True)["name"]["width"] < config["name"]["width"]
    assert ui.fitted(frame[["type", "members"]], room=room) == {}
    assert ui.fitted(frame, room=5000) == {}


def test_wrapped_columns_share_the_room_by_their_longest_cell_and_keep_words_whole() -> None:
    from lib import ui

    frame = _table()
    room = 500
    config = ui.fitted(frame, room=room, wrap=True)
    assert _widths(frame, config) <= room
    width = {c: config[c]["width"] for c in ("name", "note", "type")}
    line = {c: ui.column_extent(frame[c], c)[0] for c in width}
    assert width["name"] > width["note"] > width["type"], (width, line)
    assert abs(line["name"] / width["name"] - line["note"] / width["note"]) < 0.1, "about as many lines"
    word = ui.column_extent(frame["type"], "type")[1]
    assert width["type"] >= word, "'EU body' keeps its words whole"
    # no room at all: every column at its widest word, not narrower
    tight = ui.fitted(frame, room=10, wrap=True)
    assert all(tight[c]["width"] == ui.column_extent(frame[c], c)[1] for c in ("name", "note", "type"))


def test_the_widest_cells_are_measured_even_in_a_long_table() -> None:
    from lib import ui

    frame = _table(rows=5000)
    assert ui.column_extent(frame["name"], "name") == ui.column_extent(_table()["name"], "name")
