"""Named queries on the small fixture database, whose answers are known by construction."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib import sql
from lib.filters import Filters


def scope(con, **kwargs) -> list[str]:
    return sql.run(con, "programme_scope", **Filters(**kwargs).scope_params())["id"].tolist()


def test_scope_defaults_to_every_programme(fixture_con) -> None:
    assert scope(fixture_con) == ["umbrella", "part-a", "part-b", "pair"]


def test_scope_umbrella_brings_its_children(fixture_con) -> None:
    assert scope(fixture_con, programmes=("umbrella",)) == ["umbrella", "part-a", "part-b"]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"families": ("city-pairing",)}, ["pair"]),
        ({"themes": ("skills",)}, ["part-a"]),
        ({"statuses": ("active",)}, ["umbrella"]),
        ({"countries": ("KR",)}, ["pair"]),
        ({"countries": ("FI", "AT")}, ["part-a", "part-b"]),
        ({"year_from": 2021, "year_to": 2022}, ["umbrella", "pair"]),
        ({"year_from": 2016, "year_to": 2016}, ["umbrella"]),
    ],
)
def test_scope_filters(fixture_con, kwargs: dict, expected: list[str]) -> None:
    assert scope(fixture_con, **kwargs) == expected


TODAY = dt.date(2026, 12, 1)


def kpis(con, today: dt.date = TODAY, **kwargs) -> dict:
    """overview_kpis on the fixture for a selection, as the Overview page calls it."""
    f = Filters(**kwargs)
    ids = tuple(sql.run(con, "programme_scope", **f.scope_params())["id"])
    return (
        sql.run(
            con,
            "overview_kpis",
            home="sofia",
            programme_ids=ids,
            countries=f.countries,
            date_from=f.date_from,
            date_to=f.date_to,
            as_of=f.as_of(today),
            since=f.since(today),
            today=today,
        )
        .iloc[0]
        .to_dict()
    )


# Hand-computed answers on tests/fixtures/seed. Sofia is a member of part-a (13 Jan 2017 - 29 Mar 2019, with
# Oulu, a Finnish city, and Estonia, a member state) and of pair (30 Sep 2021 - 31 Dec 2023, with Faraway, a
# Korean city); Vienna is only in part-b. Actions: a2 done (due 2019), a3 in progress past its 2020 due date
# (sample status), a4 cancelled, a5 done with no dates at all (owner Estonia), a6 in progress past its 2022
# due date (owner Faraway, sample status).


def test_kpis_now_on_the_whole_period(fixture_con) -> None:
    k = kpis(fixture_con)  # now = 1 Dec 2026: both of Sofia's programmes are over
    assert (k["running"], k["running_since"]) == (0, 0)
    assert pd.Timestamp(k["last_end"]) == pd.Timestamp("2023-12-31") and pd.isna(k["next_end"])
    assert (k["partners"], k["cities"], k["countries"], k["partners_new"]) == (3, 2, 3, 0)  # FI, EE, KR
    assert (k["events"], k["events_recent"]) == (4, 0)  # three in 2017, the 2022 visit; not the 2099 webinar
    # a done action with no due date counts (a5), a cancelled one does not (a4)
    assert (k["actions"], k["actions_done"], k["actions_late"], k["actions_sample"]) == (4, 2, 2, 2)


def test_kpis_follow_the_period(fixture_con) -> None:
    k = kpis(fixture_con, year_from=2017, year_to=2018)  # now = 31 Dec 2018, since = 31 Dec 2017
    assert (k["running"], k["running_since"]) == (1, 1)  # part-a on both days
    assert pd.Timestamp(k["next_end"]) == pd.Timestamp("2019-03-29")
    assert (k["partners"], k["cities"], k["countries"]) == (2, 1, 2)  # the pairing starts in 2021
    assert (k["events"], k["events_recent"]) == (3, 0)
    assert (k["actions"], k["actions_done"], k["actions_late"], k["actions_sample"]) == (3, 2, 1, 1)


def test_kpis_say_what_changed_in_the_last_year(fixture_con) -> None:
    k = kpis(fixture_con, year_from=2021, year_to=2021)  # now = 31 Dec 2021, since = 31 Dec 2020
    assert (k["running"], k["running_since"]) == (1, 0)  # the pairing began in between
    assert (k["partners"], k["partners_new"]) == (1, 1)  # Faraway, new
    assert (k["events"], k["actions"]) == (0, 0)  # the visit and both pair actions are in 2022


def test_kpis_follow_the_country_filter(fixture_con) -> None:
    korea = kpis(fixture_con, countries=("KR",))  # scope: pair; its actions owned by a Korean partner: a6
    assert (korea["partners"], korea["cities"], korea["countries"], korea["events"]) == (1, 1, 1, 1)
    assert (korea["actions"], korea["actions_done"], korea["actions_late"]) == (1, 0, 1)
    estonia = kpis(fixture_con, countries=("EE",))  # scope: part-a; owned by Estonia: a5
    assert (estonia["partners"], estonia["cities"], estonia["countries"], estonia["events"]) == (1, 0, 1, 3)
    assert (estonia["actions"], estonia["actions_done"], estonia["actions_late"]) == (1, 1, 0)


def test_kpi_cards_show_a_change_only_when_there_is_one(fixture_con, lang) -> None:
    from lib import i18n, overview

    f = Filters(year_from=2021, year_to=2021)
    moved = overview.kpi_cards(
        kpis(fixture_con, **vars(f)), f.as_of(TODAY), f.since(TODAY), TODAY, (2021, 2021)
    )
    assert [c.delta for c in moved] == [1, 1, None, None, None]
    assert moved[0].delta_text == i18n.t("overview.kpi.vs_date", date=i18n.date(dt.date(2020, 12, 31)))
    assert moved[0].label == i18n.t("overview.kpi.running_on", date=i18n.date(dt.date(2021, 12, 31)))
    still = overview.kpi_cards(kpis(fixture_con), TODAY, dt.date(2025, 12, 1), TODAY, (2016, 2027))
    assert [c.delta for c in still] == [None] * 5
    assert still[0].label == i18n.t("overview.kpi.running")
    assert still[0].note == i18n.t("overview.kpi.last_ended", date=i18n.date(dt.date(2023, 12, 31)))
    assert still[3].value == i18n.t("overview.kpi.of", done="2", total="4") and still[3].sample
    assert still[4].value == "2"


def test_the_overview_and_the_pages_count_partners_alike(demo_con) -> None:
    """One definition (home_links in lib/schema.sql): the Overview's KPI, the map's points and countries,
    the Partners list and partner_counts agree, for every selection tried; so do the Overview's events and
    the Events page's list."""
    selections = [
        {},
        {"countries": ("FI",)},
        {"families": ("challenge",)},
        {"year_from": 2016, "year_to": 2018},
    ]
    for kwargs in selections:
        f = Filters(**kwargs)
        ids = tuple(sql.run(demo_con, "programme_scope", **f.scope_params())["id"])
        base = {"home": "sofia", "programme_ids": ids, "countries": f.countries}
        counts = sql.run(demo_con, "partner_counts", **base).iloc[0]
        k = kpis(demo_con, **kwargs)
        points = sql.run(demo_con, "map_partners", **base, roles=())
        per_country = sql.run(demo_con, "map_countries", **base, roles=())
        listed = sql.run(
            demo_con,
            "explore_partners",
            **base,
            all_programmes=False,
            partner="",
            today=TODAY,
        )
        assert k["partners"] == counts.sofia_partners == len(points) == per_country["partners"].sum(), kwargs
        assert k["cities"] == counts.sofia_cities == (points["type"] == "city").sum(), kwargs
        assert k["countries"] == counts.sofia_countries == (per_country["country_code"] != "EU").sum(), kwargs
        assert (listed["shared_programmes"] > 0).sum() == counts.sofia_partners, kwargs
        assert len(listed) == counts.listed == counts.members + counts.event_only, kwargs
        events = sql.run(
            demo_con,
            "explore_events",
            programme_ids=ids,
            date_from=f.date_from,
            date_to=f.date_to,
            kinds=(),
            hosts=(),
        )
        assert k["events"] == len(events), kwargs


def test_partner_counts_on_the_fixture(fixture_con) -> None:
    ids = ("umbrella", "part-a", "part-b", "pair")
    counts = sql.run(fixture_con, "partner_counts", home="sofia", programme_ids=ids, countries=()).iloc[0]
    # Sofia's partners: Oulu, Estonia, Faraway; members besides Sofia: those and Vienna; nobody met Sofia at
    # an event without being a member (Faraway hosted the visit, but is a member of pair).
    assert (counts.sofia_partners, counts.sofia_cities, counts.sofia_countries) == (3, 2, 3)
    assert (counts.members, counts.event_only, counts.listed) == (4, 0, 4)
