"""Pure helpers of the Overview page: KPI cards, the timeline's rows, events before and after today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lib import i18n, safe
from lib.i18n import t


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    delta: int | None
    description: str
    help: str
    sample: bool = False


def kpi_cards(row: dict, year: int) -> list[Kpi]:
    """The five KPI cards from one row of queries/overview_kpis.sql, in the current language."""
    prev = year - 1
    return [
        Kpi(
            t("overview.kpi.active", year=year),
            i18n.number(row["active_now"]),
            row["active_now"] - row["active_prev"],
            t("overview.kpi.vs_year", year=prev),
            t("overview.kpi.active_help", year=year),
        ),
        Kpi(
            t("overview.kpi.cities"),
            i18n.number(row["cities"]),
            row["cities"] - row["cities_prev"],
            t("overview.kpi.new_in", year=year),
            t("overview.kpi.cities_help"),
        ),
        Kpi(
            t("overview.kpi.countries"),
            i18n.number(row["countries"]),
            row["countries"] - row["countries_prev"],
            t("overview.kpi.new_in", year=year),
            t("overview.kpi.countries_help"),
        ),
        Kpi(
            t("overview.kpi.events"),
            i18n.number(row["events"]),
            row["events"] - row["events_prev"],
            t("overview.kpi.new_in", year=year),
            t("overview.kpi.events_help"),
        ),
        Kpi(
            t("overview.kpi.actions"),
            t(
                "overview.kpi.of",
                done=i18n.number(row["actions_done"]),
                total=i18n.number(row["actions_total"]),
            ),
            row["actions_done"] - row["actions_done_prev"],
            t("overview.kpi.vs_year", year=prev),
            t("overview.kpi.actions_help"),
            sample=row["actions_sample"] > 0,
        ),
    ]


#: Programmes drawn on the timeline until "show all" is asked for (the most recent ones; the roles table
#: below lists every programme of Sofia's).
TIMELINE_ROWS = 40


def timeline_count(frame: pd.DataFrame, only_sofia: bool) -> int:
    """How many programmes the timeline would draw without a limit."""
    return int((frame["sofia_roles"].map(len) > 0).sum()) if only_sofia else len(frame)


def timeline_rows(frame: pd.DataFrame, only_sofia: bool, limit: int | None = None) -> pd.DataFrame:
    """Rows for charts.programme_timeline: a label per programme (children indented) and hover text; with
    a limit, only the `limit` that started last (still in start order)."""
    rows = frame[frame["sofia_roles"].map(len) > 0] if only_sofia else frame
    rows = (rows if limit is None else rows.tail(limit)).copy()
    names = i18n.names(rows).map(safe.html)  # Plotly renders HTML in labels
    shown = set(rows["id"])  # indent a child only when its umbrella is on the chart too
    rows["label"] = rows["parent_id"].isin(shown).map({True: "· ", False: ""}) + names
    dates = i18n.date_ranges(rows["start_date"], rows["end_date"])
    ongoing = rows["end_date"].isna().map({True: f" ({t('overview.ongoing')})", False: ""})
    roles = i18n.each(rows["sofia_roles"].map(tuple), _role_line)
    rows["hover"] = "<b>" + names + "</b><br>" + pd.Series(dates, index=rows.index) + ongoing + "<br>" + roles
    return rows


def _role_line(roles: tuple[str, ...]) -> str:
    if not roles:
        return t("overview.sofia_not_member")
    return t("overview.sofia_role", roles=", ".join(i18n.label("role", r) for r in roles))


def roles_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Sofia's role in each programme it takes part in, for display."""
    mine = frame[frame["sofia_roles"].map(len) > 0]
    return pd.DataFrame(
        {
            t("overview.col.programme"): i18n.names(mine).to_numpy(),
            t("overview.col.role"): i18n.each(
                mine["sofia_roles"].map(tuple), lambda roles: ", ".join(i18n.label("role", x) for x in roles)
            ),
            t("overview.col.period"): i18n.date_ranges(mine["start_date"], mine["end_date"]),
            t("overview.col.status"): i18n.each(mine["status"], lambda s: i18n.label("status", s)),
        }
    )


def split_events(frame: pd.DataFrame, today: dt.date, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The n latest events up to today (newest first) and the n next ones after today."""
    starts = pd.to_datetime(frame["start_date"]).dt.date
    past = frame[starts <= today].iloc[::-1].head(n)
    upcoming = frame[starts > today].head(n)
    return past, upcoming


def event_line(row: pd.Series) -> str:
    """One event as a line of Markdown (data escaped): date, title, where, programme."""
    place = (
        t("common.online")
        if row["online"]
        else safe.md(f"{i18n.name(row, 'host')}, {i18n.country(row['host_country'])}")
    )
    end = None if pd.isna(row["end_date"]) else row["end_date"]
    mark = f" · _{t('common.uncertain')}_" if row["reliability"] == "uncertain" else ""
    title, programme = safe.md(i18n.name(row, "title")), safe.md(i18n.name(row, "programme"))
    return (
        f"**{i18n.date_range(row['start_date'], end)}** — {title}  \n"
        f":gray[{i18n.label('event_kind', row['kind'])} · {place} · {programme}]{mark}"
    )


@dataclass(frozen=True)
class IndicatorCard:
    label: str
    value: str
    delta: str | None
    description: str
    history: list[float]
    higher_is_better: bool
    help: str


def indicator_cards(series: pd.DataFrame, last_year: int, n: int = 4) -> list[IndicatorCard]:
    """Cards for the first n indicators: latest actual up to last_year, its gap to target, and history."""
    cards: list[IndicatorCard] = []
    first = sorted(series["code"].unique())[:n]
    for _, group in series[series["code"].isin(first)].groupby("code", sort=True):
        rows = group[(group["year"] <= last_year) & group["actual"].notna()].sort_values("year")
        if rows.empty:
            continue
        last = rows.iloc[-1]
        unit = last["unit"]
        value = i18n.percent(last["actual"] / 100, 1) if unit == "percent" else i18n.number(last["actual"])
        gap = None if pd.isna(last["target"]) else last["actual"] - last["target"]
        gap_text = None
        if gap is not None:
            text = i18n.number(abs(gap), 1) if unit == "percent" else i18n.number(abs(gap))
            gap_text = ("+" if gap >= 0 else "-") + text  # st.metric reads the sign from the first character
        cards.append(
            IndicatorCard(
                label=i18n.name(last),
                value=value,
                delta=gap_text,
                description=t("overview.vs_target", year=int(last["year"])),
                history=rows["actual"].tolist(),
                higher_is_better=last["direction"] == "up",
                help=t(
                    "overview.indicator_help",
                    source=safe.md(i18n.source_title(last["source_title"], last["reliability"])),
                ),
            )
        )
    return cards
