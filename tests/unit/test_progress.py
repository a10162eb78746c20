"""The Progress page's pure parts: the status rule, the roll-ups (SQL), figures and the rows behind them."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pandas as pd
import pytest

from lib import exports, i18n, palette, progress, seed, sql
from lib.progress import AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK
from tests.conftest import FIXTURE_SEED

TODAY = dt.date(2026, 11, 23)
WIDE = {"date_from": dt.date(2016, 1, 1), "date_to": dt.date(2027, 12, 31)}
#: The actions queries' parameters besides the scope and today: the whole period, every country.
ACTIONS = {**WIDE, "countries": ()}


def series(*rows: tuple[int, float | None, float | None]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year", "actual", "target"])


# --- the status rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "target", "baseline", "direction", "status"),
    [
        (100, 100, 0, "up", ON_TRACK),  # target met
        (120, 100, 0, "up", ON_TRACK),  # beaten
        (95, 100, 0, "up", ON_TRACK),  # 5% of the planned change short: still on track
        (94, 100, 0, "up", AT_RISK),  # 6% short
        (85, 100, 0, "up", AT_RISK),  # 15% short
        (84, 100, 0, "up", OFF_TRACK),  # 16% short
        (7, 7, 19, "down", ON_TRACK),  # lower is better: target met
        (5, 7, 19, "down", ON_TRACK),  # below the target is better
        (7.6, 7, 19, "down", ON_TRACK),  # 0.6 of a 12-day planned cut = 5%
        (8.5, 7, 19, "down", AT_RISK),  # 12.5% of the planned cut missing
        (10, 7, 19, "down", OFF_TRACK),  # 25% missing
        (19, 7, 19, "down", OFF_TRACK),  # no change at all
    ],
)
def test_classify_respects_the_direction(actual, target, baseline, direction, status) -> None:
    assert progress.classify(actual, target, baseline, direction)[0] == status


def test_the_same_numbers_read_opposite_ways_in_each_direction() -> None:
    assert progress.classify(80, 100, 50, "up")[0] == OFF_TRACK
    assert progress.classify(80, 100, 150, "down")[0] == ON_TRACK  # 80 is below the 100 target: better


def test_shortfall_is_a_share_of_the_planned_change() -> None:
    status, shortfall = progress.classify(90, 100, 60, "up")
    assert shortfall == pytest.approx(0.25) and status == OFF_TRACK


@pytest.mark.parametrize(
    ("actual", "target"), [(None, 100), (50, None), (float("nan"), 100), (50, float("nan"))]
)
def test_missing_actual_or_target_is_no_data(actual, target) -> None:
    assert progress.classify(actual, target, 0, "up") == (NO_DATA, None)


def test_assess_uses_the_latest_year_with_an_actual() -> None:
    found = progress.assess(series((2020, 40, 50), (2021, 55, 60), (2022, None, 70)), "up", baseline=20)
    assert (found.year, found.actual, found.target) == (2021, 55, 60)
    assert found.status == AT_RISK  # 5 short of a planned change of 40 = 12.5%
    assert found.achieved == pytest.approx(35 / 40)


def test_assess_without_baseline_falls_back_to_the_earliest_actual() -> None:
    found = progress.assess(series((2020, 40, 50), (2021, 55, 60)), "up")
    assert found.baseline == 40
    assert found.status == OFF_TRACK  # 5 short of a planned change of 20 = 25%


def test_assess_a_single_point_is_measured_against_its_target() -> None:
    assert progress.assess(series((2021, 96, 100)), "up").status == ON_TRACK  # 4% of the target
    assert progress.assess(series((2021, 90, 100)), "up").status == AT_RISK  # 10%
    assert progress.assess(series((2021, 9, 10)), "down").status == ON_TRACK  # target beaten
    assert progress.assess(series((2021, 13, 10)), "down").status == OFF_TRACK  # 30% over


def test_assess_missing_actuals_or_target_is_no_data() -> None:
    assert progress.assess(series((2020, None, 50), (2021, None, 60)), "up").status == NO_DATA
    assert progress.assess(series(), "up").status == NO_DATA
    found = progress.assess(series((2020, 40, 50), (2021, 55, None)), "up")
    assert (found.status, found.year) == (NO_DATA, 2021)


def test_the_rule_is_stated_in_both_languages() -> None:
    for lang in ("bg", "en"):
        text = i18n.t("progress.rule", lang)
        assert "5%" in text and "15%" in text


# --- the queries and roll-ups on the fixture database (known answers) ------------------------------------


def scope(con) -> tuple[str, ...]:
    return tuple(
        sql.run(
            con, "programme_scope", families=(), programmes=(), themes=(), countries=(), statuses=(), **WIDE
        )["id"]
    )


def test_indicator_statuses_on_the_fixture(fixture_con) -> None:
    rows = sql.run(
        fixture_con,
        "progress_indicators",
        home="sofia",
        programme_ids=scope(fixture_con),
        year_from=2016,
        year_to=2027,
    )
    table = progress.indicator_table(rows).set_index("indicator_id")
    assert table.loc["online", "status"] == OFF_TRACK  # 55 vs 60, planned change 40 -> 60: 25% short
    assert table.loc["days", "status"] == ON_TRACK  # single point, 9 days against a 10-day target
    assert table.loc["online", "history"] == [40.0, 55.0]
    assert progress.status_counts(table.reset_index()) == {ON_TRACK: 1, AT_RISK: 0, OFF_TRACK: 1, NO_DATA: 0}


def test_the_period_moves_the_assessed_year(fixture_con) -> None:
    rows = sql.run(
        fixture_con,
        "progress_indicators",
        home="sofia",
        programme_ids=scope(fixture_con),
        year_from=2016,
        year_to=2020,
    )
    online = progress.indicator_table(rows).set_index("indicator_id").loc["online"]
    assert (online["year"], online["status"]) == (2020, OFF_TRACK)  # single point 40 vs 50: 20% short
    assert "days" not in progress.indicator_table(rows)["indicator_id"].tolist()


def test_indicators_follow_the_programme_scope(fixture_con) -> None:
    rows = sql.run(
        fixture_con,
        "progress_indicators",
        home="sofia",
        programme_ids=("pair",),
        year_from=2016,
        year_to=2027,
    )
    assert rows["indicator_id"].unique().tolist() == ["days"]  # "days" has no programme, so it is always in


def test_rollups_per_programme_and_theme(fixture_con) -> None:
    rollups = sql.run(
        fixture_con, "progress_rollups", programme_ids=scope(fixture_con), today=TODAY, **ACTIONS
    )
    by = {(r.level, r.key): r for r in rollups.itertuples()}
    part_a = by[("programme", "part-a")]
    # part-a: a2 done, a3 in progress past its due date (sample status), a5 done with no dates at all
    assert (part_a.actions, part_a.done, part_a.on_track, part_a.overdue, part_a.sample) == (3, 2, 2, 1, 1)
    assert (part_a.share_done, part_a.share_on_track) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    pair = by[("programme", "pair")]  # a4 is cancelled and counts nowhere; a6 is late
    assert (pair.actions, pair.done, pair.overdue) == (1, 0, 1)
    skills = by[("theme", "skills")]
    assert (skills.actions, skills.done, skills.overdue) == (3, 2, 1)
    assert skills.name_en == "Digital skills"


def test_an_action_is_overdue_only_after_its_due_date(fixture_con) -> None:
    before = sql.run(
        fixture_con,
        "progress_rollups",
        programme_ids=scope(fixture_con),
        today=dt.date(2020, 6, 1),
        **ACTIONS,
    )
    part_a = before[(before.level == "programme") & (before.key == "part-a")].iloc[0]
    assert (part_a.overdue, part_a.on_track) == (0, 3)


def test_actions_and_rollups_agree_on_the_demo(demo_con) -> None:
    ids = scope(demo_con)
    actions = sql.run(demo_con, "progress_actions", programme_ids=ids, today=TODAY, **ACTIONS)
    rollups = sql.run(demo_con, "progress_rollups", programme_ids=ids, today=TODAY, **ACTIONS)
    live = actions[actions.status != "cancelled"]
    for level in ("programme", "theme"):
        part = rollups[rollups.level == level]
        assert part["actions"].sum() == len(live)
        assert part["done"].sum() == (live.status == "done").sum()
        assert part["overdue"].sum() == live["overdue"].sum()
        assert part["on_track"].sum() == live["on_track"].sum()
    assert actions["overdue"].any(), "the demo shows at least one overdue action"
    assert (actions.loc[actions.overdue, "status"].isin(["done", "cancelled"])).sum() == 0


def test_gantt_dates_fall_back_to_the_programme(demo_con) -> None:
    actions = sql.run(demo_con, "progress_actions", programme_ids=scope(demo_con), today=TODAY, **ACTIONS)
    by = actions.set_index("id")
    step1 = by.loc["dcc-sofia-step-1"]  # no start date: the programme's start
    assert pd.Timestamp(step1.bar_start) == pd.Timestamp("2017-11-01") and not step1.due_implied
    step4 = by.loc["dcc-sofia-step-4"]  # starts after the programme ended: open, never overdue
    assert pd.isna(step4.bar_end) and not step4.overdue
    action3 = by.loc["dt-action-3"]  # delayed, no due date: the partnership's end is the deadline
    assert action3.due_implied and action3.overdue
    codes = actions[actions.programme_id == "dcc"]["code"].dropna().tolist()
    assert codes == ["Step 0", "Step 1", "Step 2", "Step 3", "Step 4"]


def test_programmes_compared_by_results(fixture_con) -> None:
    programmes = sql.run(
        fixture_con,
        "progress_programmes",
        home="sofia",
        programme_ids=scope(fixture_con),
        countries=(),
        today=TODAY,
    )
    indicators = progress.indicator_table(
        sql.run(
            fixture_con,
            "progress_indicators",
            home="sofia",
            programme_ids=scope(fixture_con),
            year_from=2016,
            year_to=2027,
        )
    )
    table = progress.programmes_table(programmes, indicators).set_index("id")
    assert table.index.tolist() == ["part-a", "pair"], "only programmes Sofia takes part in"
    part_a = table.loc["part-a"]
    assert (part_a.partners, part_a.actions, part_a.actions_done) == (2, 3, 2)
    assert (part_a.indicators, part_a.indicators_on_track) == (1, 0)
    assert table.loc["pair", "actions"] == 1  # a6; a4 is cancelled
    assert table.loc["part-a", "years"] == pytest.approx(2.2)


def peers(con, indicator: str, limit: int = 100, **params) -> pd.DataFrame:
    args = {"home": "sofia", "programme_ids": scope(con), "countries": (), "year_to": 2027, **params}
    return sql.run(con, "progress_peers", indicator_id=indicator, limit=limit, **args)


def test_peers_keep_sofia_and_filter_countries(fixture_con) -> None:
    ids = scope(fixture_con)
    listed = sql.run(
        fixture_con, "progress_peer_indicators", home="sofia", programme_ids=ids, countries=(), year_to=2027
    )
    assert listed[["indicator_id", "year", "reported"]].values.tolist() == [["online", 2021, 2]]
    rows = peers(fixture_con, "online")
    assert sorted(rows["partner_id"]) == ["oulu", "sofia"]
    assert rows.loc[rows.is_home, "home_target"].iloc[0] == 60
    assert rows["rank"].tolist() == [1, 2] and rows["partner_id"].iloc[0] == "oulu", "best first"
    assert peers(fixture_con, "online", countries=("SE",))["partner_id"].tolist() == ["sofia"]
    assert peers(fixture_con, "online", year_to=2020).empty
    assert peers(fixture_con, "days").empty, "no other partner reports it"


def test_peers_keep_the_best_and_sofia_wherever_she_ranks(demo_con) -> None:
    everyone = peers(demo_con, "services-online")
    assert everyone["reported"].iloc[0] == len(everyone) == 5
    top = peers(demo_con, "services-online", limit=2)
    home_rank = int(everyone.loc[everyone.is_home, "rank"].iloc[0])
    assert home_rank > 2 and top["rank"].tolist() == [1, 2, home_rank]


@pytest.fixture(scope="module")
def quarterly_con(tmp_path_factory: pytest.TempPathFactory):
    """The fixture database plus a year (2022) of quarterly values: periods on the first day of each
    quarter, which the schema allows. Sofia's actuals fall over the year and her targets too, so the latest
    quarter differs from the year's largest value."""
    folder = tmp_path_factory.mktemp("quarterly") / "seed"
    shutil.copytree(FIXTURE_SEED, folder)
    rows = []
    for quarter, (actual, target, peer) in enumerate(
        [(70, 75, 71), (64, 72, 80), (62, 71, 73), (61, 70, 74)]
    ):
        period = f"2022-{1 + 3 * quarter:02d}-01"
        rows += [
            f"online,sofia,{period},actual,{actual},sample,2026-01-15",
            f"online,sofia,{period},target,{target},sample,2026-01-15",
            f"online,oulu,{period},actual,{peer},sample,2026-01-15",
        ]
    with (folder / "observation.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n".join(rows) + "\n")
    con = duckdb.connect(str(seed.build(folder.parent / "q.duckdb", folder)), read_only=True)
    yield con
    con.close()


def test_quarterly_periods_give_one_row_per_partner_and_the_latest_values(quarterly_con) -> None:
    """The old query joined Sofia's target by year and returned 4 x 4 rows for Oulu and 4 x 4 for Sofia."""
    rows = peers(quarterly_con, "online")
    assert rows[["partner_id", "value"]].values.tolist() == [["oulu", 74], ["sofia", 61]]
    assert rows["year"].unique().tolist() == [2022] and rows["reported"].tolist() == [2, 2]
    assert rows["home_target"].unique().tolist() == [70], "Sofia's latest target of 2022, once"
    listed = sql.run(
        quarterly_con,
        "progress_peer_indicators",
        home="sofia",
        programme_ids=scope(quarterly_con),
        countries=(),
        year_to=2027,
    )
    assert listed.set_index("indicator_id").loc["online", "reported"] == 2


def test_quarterly_periods_assess_the_latest_quarter(quarterly_con) -> None:
    rows = sql.run(
        quarterly_con,
        "progress_indicators",
        home="sofia",
        programme_ids=scope(quarterly_con),
        year_from=2016,
        year_to=2027,
    )
    online = rows[rows.indicator_id == "online"].set_index("year")
    assert len(online) == 3, "one row per year, quarters or not"
    assert (online.loc[2022, "actual"], online.loc[2022, "target"]) == (61, 70), "the year's last quarter"


def test_indicator_table_agrees_with_assess_on_the_demo(demo_con) -> None:
    rows = sql.run(
        demo_con,
        "progress_indicators",
        home="sofia",
        programme_ids=scope(demo_con),
        year_from=2016,
        year_to=2027,
    )
    table = progress.indicator_table(rows).set_index("indicator_id")
    for indicator, group in rows.groupby("indicator_id"):
        found = progress.assess(group, group["direction"].iloc[0], group["baseline"].iloc[0])
        assert table.loc[indicator, "status"] == found.status
        assert table.loc[indicator, "year"] == found.year
        assert table.loc[indicator, "actual"] == found.actual


# --- figures and rows -------------------------------------------------------------------------------------


def test_indicator_figure_shows_actual_target_and_status(fixture_con, lang) -> None:
    rows = sql.run(
        fixture_con,
        "progress_indicators",
        home="sofia",
        programme_ids=scope(fixture_con),
        year_from=2016,
        year_to=2027,
    )
    table = progress.indicator_table(rows)
    row = table[table.indicator_id == "online"].iloc[0]
    fig = progress.indicator_figure(rows[rows.indicator_id == "online"], row)
    names = [tr.name for tr in fig.data]
    assert names[:2] == [i18n.t("progress.target"), i18n.t("progress.actual")]
    assert names[2] == i18n.label("indicator_status", OFF_TRACK)
    assert list(fig.data[1].y) == [40, 55]
    assert i18n.label("indicator_status", OFF_TRACK) in fig.layout.annotations[-1].text


def test_gantt_marks_overdue_and_today(demo_con) -> None:
    i18n.set_language("en")
    actions = sql.run(demo_con, "progress_actions", programme_ids=scope(demo_con), today=TODAY, **ACTIONS)
    rows = progress.gantt_rows(actions, TODAY)
    assert rows["header"].sum() == actions["programme_id"].nunique(), "one header row per programme"
    fig = progress.gantt_figure(rows, TODAY)
    assert fig.layout.shapes[0].x0 == TODAY.isoformat(), "a line at today"
    outlined = sum(w == 3 for tr in fig.data if tr.name != "overdue" for w in tr.marker.line.width)
    assert outlined == actions["overdue"].sum()
    assert "overdue" in [tr.name for tr in fig.data]
    labels = [y for tr in fig.data if tr.y is not None for y in tr.y if y]
    assert "Step 0 · Preparation" in labels
    assert fig.layout.yaxis.range[1] == pytest.approx(len(rows) - 0.4), "the top header row stays visible"


def test_peers_figure_highlights_sofia_best_first(demo_con, lang) -> None:
    rows = peers(demo_con, "services-online")
    fig = progress.peers_figure(rows)
    bar = fig.data[0]
    assert list(bar.x) == sorted(rows["value"], reverse=True), "higher is better: best on top"
    home = [i for i, y in enumerate(bar.y) if "<b>" in y]
    assert len(home) == 1 and bar.marker.color[home[0]] == palette.HIGHLIGHT
    assert i18n.country("FI") in " ".join(bar.y), "partner names with their country, in the language"
    assert fig.layout.xaxis.title.text == i18n.label("unit", "percent")


def test_programmes_figure_has_one_panel_per_measure(fixture_con, lang) -> None:
    programmes = sql.run(
        fixture_con,
        "progress_programmes",
        home="sofia",
        programme_ids=scope(fixture_con),
        countries=(),
        today=TODAY,
    )
    table = progress.programmes_table(programmes, progress.indicator_table(pd.DataFrame()))
    fig = progress.programmes_figure(table)
    assert len(fig.data) == 5
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0].replace("<br>", " ") == i18n.t("progress.col.share_actions_done")
    # a panel is a fifth of the chart: a long title goes on lines short enough not to reach the next one
    assert all(len(line) <= progress.PANEL_TITLE_CHARS for title in titles for line in title.split("<br>"))
    done = fig.data[0]  # part-a: a2 and a5 done of a2, a3, a5; pair: a6 not done (a4 cancelled)
    assert list(done.x) == [pytest.approx(2 / 3), 0.0]
    assert [c[2] for c in done.customdata] == [
        i18n.t("progress.n_of_total", n="2", total="3"),
        i18n.t("progress.n_of_total", n="0", total="1"),
    ]
    # every bar's label states the quantity its length shows: a share, or a number
    for trace, kind in zip(fig.data, ["share", "share", "n", "n", "years"], strict=True):
        for x, text in zip(trace.x, trace.text, strict=True):
            if text == "–":
                assert x == 0
            elif kind == "share":
                assert text == i18n.percent(x)
            else:
                assert text == i18n.number(x, 1 if kind == "years" else 0)


def test_values_and_gaps_in_each_language() -> None:
    i18n.set_language("bg")
    assert progress.fmt_value(78.4, "percent") == "78,4%"
    assert progress.fmt_value(7.5, "days") == "7,5 дни"
    assert progress.fmt_gap(78.4, 85, "percent") == "-6,6 пр. п."
    assert progress.fmt_gap(7.5, 7.0, "days") == "+0,5 дни", "every gap carries its unit"
    assert i18n.action_code("Step 0") == "Етап 0"
    i18n.set_language("en")
    assert progress.fmt_value(2418, "count") == "2,418"
    assert progress.fmt_gap(2418, 2400, "count") == "+18"
    assert progress.fmt_gap(None, 2400, "count") is None
    assert i18n.action_code("Actions 11-12") == "Actions 11-12"


def test_an_indicator_card_says_its_arrow_is_the_gap_to_the_target(lang: str) -> None:
    row = pd.Series({"code": "DIG-01", "name_en": "Services online", "name_bg": "Услуги онлайн",
                     "description_en": "", "description_bg": "", "direction": "up", "unit": "percent",
                     "year": 2025, "actual": 78.4, "target": 85.0, "history": [70.0, 78.4]})  # fmt: skip
    card, no_actual = progress.indicator_card(row), progress.indicator_card(row.drop("actual"))
    expected = {
        "bg": ("-6,6 пр. п.", "спрямо целта за 2025: 85,0%", "цел за 2025: 85,0%"),
        "en": ("-6.6 pp", "against the 2025 target of 85.0%", "2025 target: 85.0%"),
    }[lang]
    assert (card.delta, card.description) == expected[:2]
    assert (no_actual.delta, no_actual.description) == (None, expected[2]), "no arrow, no 'against'"


def test_rows_behind_the_charts_have_localised_headers_and_safe_csv(demo_con, lang) -> None:
    actions = sql.run(demo_con, "progress_actions", programme_ids=scope(demo_con), today=TODAY, **ACTIONS)
    actions.loc[0, "title_en"] = actions.loc[0, "title_bg"] = "=HYPERLINK(1)"
    rows = progress.action_rows(actions)
    assert i18n.t("progress.col.due") in rows.columns
    csv = exports.to_csv(rows).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv and "\n=HYPERLINK" not in csv
    rollups = sql.run(demo_con, "progress_rollups", programme_ids=scope(demo_con), today=TODAY, **ACTIONS)
    themes = progress.rollup_rows(rollups, "theme")
    assert i18n.t("progress.no_theme") in themes.iloc[:, 0].tolist(), "actions without a theme are named"
    assert "nan" not in " ".join(themes.iloc[:, 0].astype(str))
