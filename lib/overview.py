"""Pure helpers of the Overview page: KPI cards, the timeline's rows, events before and after today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lib import i18n, safe
from lib.i18n import t


@dataclass(frozen=True)
class Kpi:
    """One headline number: what it counts (label, help), a line of context (note) and, only when something
    changed, the change (delta) with the day it is counted from (delta_text)."""

    label: str
    value: str
    note: str
    help: str
    delta: int | None = None
    delta_text: str | None = None
    sample: bool = False


def _date(value: object) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return value.date() if isinstance(value, dt.datetime) else value  # type: ignore[return-value]


def _change(now: int, before: int | None, since: dt.date, key: str) -> tuple[int | None, str | None]:
    """(delta, its text) when the number moved; (None, None) when it did not: a zero says nothing."""
    delta = now if before is None else now - before
    return (delta, t(key, date=i18n.date(since))) if delta else (None, None)


def kpi_cards(
    row: dict, as_of: dt.date, since: dt.date, today: dt.date, period: tuple[int, int]
) -> list[Kpi]:
    """The five KPI cards from one row of queries/overview_kpis.sql, in the current language: what runs on
    `as_of` (today, or the end of the period), Sofia's partners, events, actions done and late actions;
    changes count from `since` (a year before `as_of`); period: the selected years."""
    running = int(row["running"])
    last_end, next_end = _date(row["last_end"]), _date(row["next_end"])
    if running == 0:
        running_note = t("overview.kpi.last_ended", date=i18n.date(last_end)) if last_end else ""
    else:
        running_note = t("overview.kpi.next_end", date=i18n.date(next_end)) if next_end else ""
    actions, done, late = int(row["actions"]), int(row["actions_done"]), int(row["actions_late"])
    return [
        Kpi(
            t("overview.kpi.running")
            if as_of == today
            else t("overview.kpi.running_on", date=i18n.date(as_of)),
            i18n.number(running),
            running_note,
            t("glossary.running.text"),
            *_change(running, int(row["running_since"]), since, "overview.kpi.vs_date"),
        ),
        Kpi(
            t("overview.kpi.partners"),
            i18n.number(row["partners"]),
            t(
                "overview.kpi.partners_note",
                cities=i18n.number(row["cities"]),
                countries=i18n.number(row["countries"]),
            ),
            t("glossary.sofia_partners.text"),
            *_change(int(row["partners_new"]), None, since, "overview.kpi.new_since"),
        ),
        Kpi(
            t("overview.kpi.events"),
            i18n.number(row["events"]),
            t("overview.kpi.events_note", years=f"{period[0]} – {period[1]}")
            + ("" if row["events_recent"] else " · " + t("overview.kpi.none_since", date=i18n.date(since))),
            t("glossary.events.text"),
            *_change(int(row["events_recent"]), None, since, "overview.kpi.since"),
        ),
        Kpi(
            t("overview.kpi.actions"),
            t("overview.kpi.of", done=i18n.number(done), total=i18n.number(actions)),
            t("overview.kpi.actions_note", open=i18n.number(actions - done)),
            t("glossary.actions_done.text"),
            sample=row["actions_sample"] > 0,
        ),
        Kpi(
            t("overview.kpi.late"),
            i18n.number(late),
            t("overview.kpi.late_note"),
            t("glossary.late.text"),
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
    if rows.empty:  # Sofia in none of the programmes: an empty column of names is not text
        return rows.assign(label=pd.Series(dtype=str), hover=pd.Series(dtype=str))
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
                mine["sofia_roles"].map(tuple),
                lambda roles: i18n.capital(", ".join(i18n.label("role", x) for x in roles)),
            ),
            t("overview.col.period"): i18n.date_ranges(mine["start_date"], mine["end_date"]),
            t("overview.col.status"): i18n.each(mine["status"], lambda s: i18n.cell("status", s)),
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
