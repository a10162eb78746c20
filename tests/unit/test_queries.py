"""Named queries on the small fixture database, whose answers are known by construction."""

from __future__ import annotations

import datetime as dt

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


def kpis(con, year: int, **kwargs) -> dict:
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
            year=year,
        )
        .iloc[0]
        .to_dict()
    )


def test_kpis_count_sofias_programmes_and_partners(fixture_con) -> None:
    k = kpis(fixture_con, 2022)
    # Sofia is in part-a (2017-2019) and pair (2021-2023): only pair runs in 2022 and in 2021.
    assert (k["active_now"], k["active_prev"]) == (1, 1)
    # Partner cities: Oulu (part-a) and Faraway (pair); Vienna shares nothing with Sofia; Estonia is a state.
    assert k["cities"] == 2
    assert k["countries"] == 3  # FI, EE, KR
    # Events up to 2022: 3 in part-a (2017) and the 2022 visit; the 2099 webinar is outside the period.
    assert (k["events"], k["events_prev"]) == (4, 3)
    # Actions: a2 done, a3 in progress, a4 cancelled (not counted); two statuses are sample data.
    assert (k["actions_done"], k["actions_total"], k["actions_sample"]) == (1, 2, 2)


def test_kpis_follow_the_period(fixture_con) -> None:
    k = kpis(fixture_con, 2018, year_from=2017, year_to=2018)
    assert (k["active_now"], k["active_prev"]) == (1, 1)
    assert k["cities"] == 1  # only Oulu: the pairing starts in 2021
    assert k["countries"] == 2  # FI, EE


def test_kpis_country_filter(fixture_con) -> None:
    k = kpis(fixture_con, 2022, countries=("KR",))
    assert (k["cities"], k["countries"], k["events"]) == (1, 1, 1)


def test_timeline_lists_sofias_roles(fixture_con) -> None:
    rows = sql.run(fixture_con, "overview_timeline", home="sofia", programme_ids=("part-a", "part-b", "pair"))
    roles = dict(zip(rows["id"], rows["sofia_roles"].map(list), strict=True))
    assert roles == {"part-a": ["coordinator"], "part-b": [], "pair": ["pair"]}


def test_events_in_period_with_host(fixture_con) -> None:
    rows = sql.run(
        fixture_con,
        "explore_events",
        programme_ids=("part-a",),
        kinds=(),
        hosts=(),
        date_from=dt.date(2017, 1, 1),
        date_to=dt.date(2017, 12, 31),
    )
    assert rows["id"].tolist() == ["kickoff", "sofia-meeting", "third"]
    assert rows.set_index("id").loc["third", "reliability"] == "uncertain"
    assert rows.set_index("id").loc["sofia-meeting", "host_bg"] == "София"


def test_indicator_series_pivots_actual_and_target(fixture_con) -> None:
    rows = sql.run(fixture_con, "indicator_series", partner="sofia")
    online = rows[rows["indicator_id"] == "online"].set_index("year")
    assert online.loc[2021, "actual"] == 55 and online.loc[2021, "target"] == 60
    assert set(rows["reliability"]) == {"illustrative"}


def test_unknown_query_name_is_refused() -> None:
    with pytest.raises(KeyError):
        sql.load("../schema")
