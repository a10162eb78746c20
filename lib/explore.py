"""Pure helpers of the Explore pages (Programmes, Partner cities, Events). No streamlit.

Distances, the "dormant" rule, the programme tree, tables in the current language, the event timeline and
the small map of a partner card.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from lib import charts, config, exports, i18n, maps, palette, safe, search, seed
from lib.exports import CalendarEvent
from lib.i18n import t

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
FAMILIES = seed.ENUMS[("programme", "family")]
EVENT_KINDS = seed.ENUMS[("event", "kind")]
#: Draw at most what a person can read; the table and the downloads keep every row.
EVENT_DOTS = 400  # above this many events the timeline counts them by month instead of a dot each
UPCOMING_LINKS = 10  # upcoming events listed as links (the calendar file has them all)
TABLE_ROWS = 500  # rows of a long table shown until "show all" is asked for
LIST_ROWS = 16  # programmes of a family listed one by one (a row of links and notes each)
#: The widest period, for a programme's or partner's full record (which ignores the period filter).
ALL_TIME = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))


# --- geography ----------------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


# --- dormant partners ---------------------------------------------------------------------------


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it has fewer days)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    next_first = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (next_first - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _date(value: object) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def relation(
    shared_programmes: int,
    active_shared: int,
    last_shared_event: object,
    today: dt.date,
    months: int = config.DORMANT_MONTHS,
) -> str:
    """ "active", "dormant" (no shared event for `months` and no active shared programme) or "none"
    (the partner shares no programme with Sofia)."""
    one = pd.DataFrame(
        {
            "shared_programmes": [shared_programmes],
            "active_shared": [active_shared],
            "last_shared_event": [_date(last_shared_event)],
        }
    )
    return str(relations(one, today, months)[0])


def relations(frame: pd.DataFrame, today: dt.date, months: int = config.DORMANT_MONTHS) -> np.ndarray:
    """relation() of every row of queries/explore_partners.sql at once (the rule is written once, here)."""
    last = pd.to_datetime(frame["last_shared_event"])
    recent = last.notna() & (last >= pd.Timestamp(months_before(today, months)))
    none = (frame["shared_programmes"] == 0) & last.isna()
    active = (frame["active_shared"] > 0) | recent
    return np.where(none, "none", np.where(active, "active", "dormant"))


# --- programmes ---------------------------------------------------------------------------------


def programme_tree(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Programmes of queries/explore_programmes.sql by family in FAMILIES order; each umbrella is followed
    by its children. Adds column depth (1 for a programme under an umbrella that is also listed)."""
    listed = set(frame["id"])
    out: list[tuple[str, pd.DataFrame]] = []
    for family in FAMILIES:
        part = frame[frame["family"] == family].sort_values("sort")
        if part.empty:
            continue
        part = part.assign(depth=[int(p in listed) if isinstance(p, str) else 0 for p in part["parent_id"]])
        out.append((family, part))
    return out


def roles_text(roles: Sequence[str] | None, in_children: bool = False) -> str:
    """Sofia's roles in words; an umbrella she is in only through its partnerships or pairings says so."""
    roles = list(roles) if roles is not None else []
    if roles:
        return ", ".join(i18n.label("role", r) for r in roles)
    return t("explore.sofia_via_children") if in_children else t("explore.sofia_not_member")


def period_text(start: object, end: object) -> str:
    start_d, end_d = _date(start), _date(end)
    if start_d is None:
        return "–"
    if end_d is None:
        return f"{i18n.date(start_d)} – {t('explore.ongoing')}"
    return i18n.date_range(start_d, end_d)


def programme_row(row: dict) -> tuple[str, str, str]:
    """The three grey notes beside a programme in the list: period and status, Sofia's role, size."""
    return (
        f"{years_text(row['start_date'], row['end_date'])} · {i18n.label('status', row['status'])}",
        t("explore.sofia_role", roles=roles_text(row["sofia_roles"], bool(row.get("sofia_in_children")))),
        t("explore.programmes.size", members=row["members"], events=row["events"]),
    )


def programme_kpis(
    info: dict, members: pd.DataFrame, events: pd.DataFrame
) -> list[tuple[str, str, str | None]]:
    """(label, value, help) of a programme's four cards: period (years), countries, members, events."""
    return [
        (
            t("explore.programmes.period"),
            years_text(info["start_date"], info["end_date"]),
            period_text(info["start_date"], info["end_date"]),
        ),
        (t("explore.programmes.countries"), i18n.number(country_count(members)), None),
        (t("explore.programmes.members"), i18n.number(members["partner_id"].nunique()), None),
        (t("explore.programmes.events"), i18n.number(len(events)), None),
    ]


def programme_fact_items(info: dict) -> list[tuple[str, str, str | None]]:
    """Label, plain text and link (the official page's address, else None) of each line of a programme's
    facts: lead organisation, funder, themes, official page; lines without a value left out."""
    themes = info.get(f"themes_{i18n.language()}")
    themes = list(themes) if themes is not None else []
    url = info.get("url")
    items: list[tuple[str, object, str | None]] = [
        (t("explore.programmes.lead_org"), i18n.name(info, "lead_org"), None),
        (t("explore.programmes.funder"), i18n.name(info, "funder"), None),
        (t("explore.programmes.themes"), ", ".join(themes), None),
    ]
    if isinstance(url, str) and url:
        items.append((t("explore.programmes.website"), _host(url), url))
    return [(label, value, link) for label, value, link in items if isinstance(value, str) and value]


def programme_facts(info: dict) -> list[tuple[str, str]]:
    """Label/value lines of a programme's page (programme_fact_items); the values are Markdown (data
    escaped, the official page a link)."""
    return [
        (label, safe.link(value, link) if link else safe.md(value))
        for label, value, link in programme_fact_items(info)
    ]


def planned_actions(info: dict, recorded: int) -> str:
    """What is known against what the plan had: "3 of the 15 actions of the plan are recorded here ..."
    ("" when no source gives the plan's size)."""
    total = info.get("plan_actions")
    if total is None or pd.isna(total):
        return ""
    source = safe.md(i18n.name(info, "plan_source"))
    if recorded >= total:
        return t("explore.programmes.plan_all", total=int(total), source=source)
    if recorded == 0:
        return t("explore.programmes.plan_none", total=int(total), source=source)
    return t("explore.programmes.plan_known", n=recorded, total=int(total), source=source)


def _host(url: str) -> str:
    from urllib.parse import urlparse

    return urlparse(url).netloc.removeprefix("www.") or url


def event_label(row: dict) -> str:
    """An event as a link label: date range · title · host (or online)."""
    title = i18n.name(row, "title")
    where = t("common.online") if row.get("online") else i18n.name(row, "host")
    if where and where in title:
        where = ""
    when = i18n.date_range(_date(row.get("start_date")), _date(row.get("end_date")))
    mark = f"({t('common.uncertain')})" if row.get("reliability") == "uncertain" else ""
    return " · ".join(part for part in (when, title, where, mark) if part)


def years_text(start: object, end: object) -> str:
    """ "2017 – 2019", "2021 – …" (ongoing) or "2020"."""
    a, b = _date(start), _date(end)
    if a is None:
        return "–"
    if b is None:
        return f"{a.year} – …"
    return str(a.year) if a.year == b.year else f"{a.year} – {b.year}"


def members_table(frame: pd.DataFrame) -> pd.DataFrame:
    """queries/explore_programme_members.sql for display: role, type, country name in the language, dates
    (date and note columns only when some member has one)."""
    table = pd.DataFrame(
        {
            t("explore.col.member"): [i18n.name(r) for r in frame.to_dict("records")],
            t("explore.col.role"): [i18n.cell("role", v) for v in frame["role"]],
            t("explore.col.type"): [i18n.cell("partner_type", v) for v in frame["type"]],
            t("explore.col.country"): [_country(c) for c in frame["country_code"]],
            t("explore.col.from"): [i18n.date(_date(v)) if _date(v) else "" for v in frame["start_date"]],
            t("explore.col.to"): [i18n.date(_date(v)) if _date(v) else "" for v in frame["end_date"]],
            t("explore.col.note"): [i18n.name(r, "note") for r in frame.to_dict("records")],
        }
    )
    empty = [c for c in table.columns[4:] if not table[c].astype(bool).any()]
    return table.drop(columns=empty)


def _country(code: object) -> str:
    if not isinstance(code, str):
        return ""
    return t("explore.eu") if code == "EU" else i18n.country(code)


def members_by(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Members counted by `type` or `country_code`, with a label in the current language, largest first."""
    counts = frame.drop_duplicates("partner_id")[column].value_counts().rename_axis("value").reset_index()
    label = (lambda v: i18n.label("partner_type", v)) if column == "type" else (lambda v: _country(v))
    counts["label"] = counts["value"].map(label)
    return counts.sort_values(["count", "label"], ascending=[False, True]).reset_index(drop=True)


def count_bars(frame: pd.DataFrame, colour: str = palette.BLUE) -> go.Figure:
    """Horizontal bars of members_by(): the largest on top, a count at the end of each bar."""
    rows = frame.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=rows["count"],
            y=rows["label"].map(safe.html),
            orientation="h",
            marker={"color": colour},
            text=rows["count"],
            textposition="outside",
            hovertemplate="%{y}: %{x}<extra></extra>",
            cliponaxis=False,
        )
    )
    fig.update_layout(
        height=max(160, 28 * len(rows) + 60),
        margin={"l": 10, "r": 30, "t": 10, "b": 10},
        xaxis={"visible": False},
        yaxis={"automargin": True},
        showlegend=False,
    )
    return fig


def actions_table(frame: pd.DataFrame) -> pd.DataFrame:
    sample = frame["status_reliability"].eq("illustrative")
    return pd.DataFrame(
        {
            t("explore.col.code"): [i18n.action_code(c) for c in frame["code"]],
            t("explore.col.action"): [i18n.name(r, "title") for r in frame.to_dict("records")],
            t("explore.col.owner"): [i18n.name(r, "owner") for r in frame.to_dict("records")],
            t("explore.col.status"): [
                i18n.cell("action_status", s) + (f" ({t('common.sample')})" if smp else "")
                for s, smp in zip(frame["status"], sample, strict=True)
            ],
            t("explore.col.progress"): frame["progress_pct"].fillna(0).astype(float),
        }
    )


def sources_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("explore.col.source"): [i18n.name(r, "title") for r in frame.to_dict("records")],
            t("explore.col.publisher"): [i18n.name(r, "publisher") for r in frame.to_dict("records")],
            t("explore.col.reliability"): [i18n.cell("reliability", r) for r in frame["reliability"]],
            t("explore.col.rows"): frame["rows"].astype(int),
            t("explore.col.link"): frame["url"].fillna(""),
        }
    )


# --- partners -----------------------------------------------------------------------------------


def with_relation(frame: pd.DataFrame, today: dt.date, months: int = config.DORMANT_MONTHS) -> pd.DataFrame:
    """Add `relation` (active / dormant / none) to rows of queries/explore_partners.sql."""
    return frame.assign(relation=relations(frame, today, months))


SORTS = ("shared", "last_contact", "type", "country", "name")


def sort_partners(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Sort the partner list: most shared programmes, latest contact, type, country (by name) or name."""
    rows = frame.assign(_name=i18n.names(frame), _country=i18n.each(frame["country_code"], _country))
    keys = {
        "shared": (["shared_programmes", "shared_events", "_name"], [False, False, True]),
        "last_contact": (["last_contact", "_name"], [False, True]),
        "type": (["type", "_name"], [True, True]),
        "country": (["_country", "_name"], [True, True]),
        "name": (["_name"], [True]),
    }
    columns, ascending = keys.get(by, keys["shared"])
    ordered = rows.sort_values(columns, ascending=ascending, na_position="last", kind="stable")
    return ordered.drop(columns=["_name", "_country"]).reset_index(drop=True)


def filter_partners(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows whose name (either language), id or country matches `query` (forgiving, as the search box)."""
    folded = search.fold(query)
    if not folded:
        return frame
    keep = []
    for r in frame.itertuples():
        item = search.Item("partner", r.id, r.name_en, r.name_bg, r.country_code)
        haystack = " ".join([*item.folded_names(), search.fold(_country(r.country_code))])
        keep.append(search.score(query, item) >= 0.5 or folded in haystack)
    return frame[keep]


def partners_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The partner list as shown and downloaded, in the current language (plus the id for links)."""
    return pd.DataFrame(
        {
            t("explore.col.partner"): i18n.names(frame).to_numpy(),
            t("explore.col.type"): i18n.each(frame["type"], lambda v: i18n.cell("partner_type", v)),
            t("explore.col.country"): i18n.each(frame["country_code"], _country),
            t("explore.col.shared_programmes"): frame["shared_programmes"].astype(int).to_numpy(),
            t("explore.col.shared_events"): frame["shared_events"].astype(int).to_numpy(),
            t("explore.col.first_contact"): pd.to_datetime(frame["first_contact"]).dt.date.to_numpy(),
            t("explore.col.last_contact"): pd.to_datetime(frame["last_contact"]).dt.date.to_numpy(),
            t("explore.col.relation"): i18n.each(
                frame["relation"], lambda v: i18n.capital(t(f"explore.relation.{v}"))
            ),
            "id": frame["id"].to_numpy(),
        }
    )


def partners_export(frame: pd.DataFrame, lang: str, kind: str) -> bytes:
    """The whole partner list as a CSV or Excel file in `lang` (made on click, in another thread)."""
    i18n.set_language(lang)
    table = partners_table(frame)
    export = table.drop(columns="id").assign(id=table["id"])
    return exports.to_csv(export) if kind == "csv" else exports.to_excel(export, t("nav.partners"))


@dataclass(frozen=True)
class PartnerSummary:
    badges: list[tuple[str, str]]  # (text, colour)
    note: str
    point: dict  # name, lat, lon
    home_point: dict
    distance_km: float
    relation: str


def partner_summary(card: dict, home: dict, is_home: bool, relation_value: str = "none") -> PartnerSummary:
    """What the top of a partner card says: type, country, relation to Sofia, where it is placed."""
    badges = [(i18n.label("partner_type", card["type"]), "blue"), (_country(card["country_code"]), "gray")]
    if not is_home:
        # neutral words and colours: the card may be shown to the partner itself
        colour = {"active": "green", "dormant": "gray", "none": "gray"}[relation_value]
        badges.append((t(f"explore.relation.{relation_value}"), colour))
    note = i18n.name(card, "location_note")
    if not is_home and relation_value == "dormant":
        badges.append((t("explore.partners.dormant_why", months=config.DORMANT_MONTHS), "gray"))
    lat, lon, home_lat, home_lon = (float(v) for v in (card["lat"], card["lon"], home["lat"], home["lon"]))
    point = {"name": i18n.name(card), "lat": lat, "lon": lon}
    home_point = {"name": i18n.name(home), "lat": home_lat, "lon": home_lon}
    return PartnerSummary(
        badges=badges,
        note=t("explore.partners.placed", note=safe.md(note)) if note else "",
        point=point,
        home_point=home_point,
        distance_km=haversine_km(home_lat, home_lon, lat, lon),
        relation=relation_value,
    )


def partner_kpis(
    stats: pd.DataFrame,
    programmes: pd.DataFrame,
    events: pd.DataFrame,
    summary: PartnerSummary,
    is_home: bool,
) -> list[tuple[str, str, str]]:
    """Five (label, value, help) cards: programmes with Sofia, events together, hosted, contact, distance."""
    row = stats.iloc[0].to_dict() if not stats.empty else {}
    hosted = int((events["role"] == "host").sum()) if not events.empty else 0
    if is_home:
        return [
            (
                t("explore.partners.kpi.programmes_home"),
                i18n.number(len(programmes)),
                t("explore.partners.kpi.programmes_home_help"),
            ),
            (
                t("explore.partners.kpi.events_home"),
                i18n.number(len(events)),
                t("explore.partners.kpi.events_home_help"),
            ),
            (t("explore.partners.kpi.hosted"), i18n.number(hosted), t("explore.partners.kpi.hosted_help")),
            (
                t("explore.partners.kpi.first"),
                _year_or_dash(programmes["start_date"].min() if len(programmes) else None),
                t("explore.partners.kpi.first_help"),
            ),
            (t("explore.partners.kpi.distance"), "–", t("explore.partners.kpi.distance_help")),
        ]
    return [
        (
            t("explore.partners.kpi.programmes"),
            i18n.number(row.get("shared_programmes", 0)),
            t("explore.partners.kpi.programmes_help"),
        ),
        (
            t("explore.partners.kpi.events"),
            i18n.number(row.get("shared_events", 0)),
            t("explore.partners.kpi.events_help"),
        ),
        (t("explore.partners.kpi.hosted"), i18n.number(hosted), t("explore.partners.kpi.hosted_help")),
        (
            t("explore.partners.kpi.contact"),
            _year_or_dash(row.get("last_contact")),
            contact_detail(row.get("first_contact"), row.get("last_contact"))
            + "  \n"
            + t("explore.partners.kpi.contact_help", months=config.DORMANT_MONTHS),
        ),
        (
            t("explore.partners.kpi.distance"),
            i18n.number(round(summary.distance_km, -1)),
            t("explore.partners.kpi.distance_help"),
        ),
    ]


def _year_or_dash(value: object) -> str:
    day = _date(value)
    return str(day.year) if day else "–"


def contact_detail(first: object, last: object) -> str:
    """ "first Jan 13, 2017 · last Mar 27, 2019" for the help of the contact card."""
    a, b = _date(first), _date(last)
    return t(
        "explore.partners.contact_detail", first=i18n.date(a) if a else "–", last=i18n.date(b) if b else "–"
    )


def roles_line(row: dict, partner_name: str, is_home: bool) -> str:
    """Under a programme on a partner card: each side's role and the programme's period (Markdown)."""
    period = period_text(row["start_date"], row["end_date"])
    roles = ", ".join(i18n.label("role", r) for r in row["roles"])
    name = safe.md(partner_name)
    if is_home:
        return f"{t('explore.partners.role_of', name=name, roles=roles)} · {period}"
    return " · ".join(
        [
            t("explore.partners.role_of", name=name, roles=roles),
            t("explore.sofia_role", roles=roles_text(row["sofia_roles"])),
            period,
        ]
    )


def partner_event_groups(frame: pd.DataFrame, partner_id: str) -> list[tuple[str, pd.DataFrame]]:
    """A partner's events in groups: study visits to the partner, study visits to Sofia, hosted, attended."""
    if frame.empty:
        return []
    direction = pd.Series(
        [visit_direction(r, partner_id) for r in frame.to_dict("records")], index=frame.index
    )
    hosted = (frame["role"] == "host") & direction.isna()
    groups = [
        (t("explore.partners.visits_to_partner"), frame[direction == "to_partner"]),
        (t("explore.partners.visits_to_home"), frame[direction == "to_home"]),
        (t("explore.partners.hosted"), frame[hosted]),
        (t("explore.partners.attended"), frame[~hosted & direction.isna()]),
    ]
    return [(heading, part) for heading, part in groups if not part.empty]


def date_format() -> str:
    """The date format of st.column_config.DateColumn in the current language (day first in Bulgarian)."""
    return "DD.MM.YYYY" if i18n.language() == "bg" else "MMM D, YYYY"  # English as Babel writes it elsewhere


def visit_direction(row: dict, partner_id: str, home: str = config.HOME_PARTNER) -> str | None:
    """For a study visit: "to_partner" (Sofia visited the partner), "to_home" (the partner visited Sofia)."""
    if row.get("kind") != "study-visit" or partner_id == home:
        return None
    host = row.get("host_id")
    if host == partner_id:
        return "to_partner"
    if host == home:
        return "to_home"
    return None


# --- events -------------------------------------------------------------------------------------


def split_upcoming(frame: pd.DataFrame, today: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(past, upcoming): upcoming are events that end (or start, without an end) today or later."""
    last = pd.to_datetime(frame["end_date"]).fillna(pd.to_datetime(frame["start_date"]))
    upcoming = last.dt.date >= today
    return frame[~upcoming], frame[upcoming]


def event_when(row: dict) -> str:
    return i18n.date_range(_date(row.get("start_date")), _date(row.get("end_date")))


def topics_markdown(frame: pd.DataFrame) -> str:
    """An event's topics as a numbered Markdown list: the current language, then the other one in grey."""
    first, second = ("bg", "en") if i18n.language() == "bg" else ("en", "bg")
    return "\n".join(
        f"{int(r['seq'])}. **{safe.md(r[f'title_{first}'])}** · :gray[{safe.md(r[f'title_{second}'])}]"
        for r in frame.to_dict("records")
    )


def events_table(frame: pd.DataFrame) -> pd.DataFrame:
    title = i18n.names(frame, "title")
    uncertain = frame["reliability"].eq("uncertain")
    host = i18n.names(frame, "host").where(~frame["online"].astype(bool), t("common.online"))
    return pd.DataFrame(
        {
            t("explore.col.date"): i18n.date_ranges(frame["start_date"], frame["end_date"]),
            t("explore.col.event"): (
                title + uncertain.map({True: f" ({t('common.uncertain')})", False: ""})
            ).to_numpy(),
            t("explore.col.kind"): i18n.each(frame["kind"], lambda v: i18n.cell("event_kind", v)),
            t("explore.col.programme"): i18n.names(frame, "programme").to_numpy(),
            t("explore.col.host"): host.to_numpy(),
            t("explore.col.country"): i18n.each(frame["host_country"], _country),
            t("explore.col.topics"): frame["topics"].astype(int).to_numpy(),
            "id": frame["id"].to_numpy(),
        }
    )


def events_timeline(
    frame: pd.DataFrame, today: dt.date, by: str = "programme", show_today: bool = True
) -> go.Figure:
    """A dot per event on a date axis, one row per programme (or per kind: by="kind"), coloured by kind;
    a dotted line at today. Above EVENT_DOTS events, events_by_month() instead (a dot each would be a blur
    and a chart as tall as the list of programmes)."""
    if len(frame) > EVENT_DOTS:
        return events_by_month(frame, today, show_today)
    fig = go.Figure()
    rows = frame.assign(
        programme=(
            i18n.names(frame, "programme")
            if by == "programme"
            else pd.Series(
                i18n.each(frame["kind"], lambda v: i18n.capital(i18n.label("event_kind", v))),
                index=frame.index,
            )
        ).map(safe.html),
        title=i18n.names(frame, "title").map(safe.html),
        when=i18n.date_ranges(frame["start_date"], frame["end_date"]),
        start=pd.to_datetime(frame["start_date"]),
    )
    # each row's name above its dots at the plot's left (as the programme timeline): no column of names
    # takes the width (on a phone it took most of it and was cut)
    programmes = list(dict.fromkeys(rows.sort_values("start")["programme"]))
    position = {name: len(programmes) - 1 - i for i, name in enumerate(programmes)}  # the first on top
    names = [charts.wrapped(name) for name in programmes]
    lines = max((name.count("<br>") + 1 for name in names), default=1)
    row = lines * charts.TIMELINE_LINE + charts.TIMELINE_BAR + charts.TIMELINE_AIR
    low = -0.5 + (charts.TIMELINE_AIR / 2) / row  # the dots at the bottom of their row, the name above
    dot = low + charts.TIMELINE_BAR / 2 / row
    for kind in EVENT_KINDS:
        part = rows[rows["kind"] == kind]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["start"],
                y=part["programme"].map(position) + dot,
                mode="markers",
                name=i18n.capital(i18n.label("event_kind", kind)),
                marker={
                    "size": 13,
                    "color": palette.EVENT_KIND[kind],
                    "line": {"width": 1, "color": palette.WHITE},
                },
                customdata=part[["title", "when", "id"]],
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
            )
        )
    shift = charts.TIMELINE_BAR / 2 + 2  # pinned to the dots in pixels, also when a slide stretches the chart
    fig.update_layout(
        annotations=[
            {**charts.NAME_AT_LEFT, "y": position[name] + dot, "yshift": shift, "text": text}
            for name, text in zip(programmes, names, strict=True)
        ]
    )
    n = len(programmes)
    fig.update_yaxes(
        range=[-0.5, n - 0.5],
        showticklabels=False,
        showgrid=False,
        zeroline=False,
        fixedrange=True,
        title=None,
    )
    charts.date_axis(fig, i18n.language())
    if show_today:
        charts.add_today_line(fig, today, t("common.today"))
    plot = row * max(n, 2)
    fig.update_layout(
        height=plot + 90,  # + the "today" label above, the axis and a legend row below
        margin={"l": 4, "r": 10, "t": 26, "b": 10},
        showlegend=by == "programme",
        legend={"orientation": "h", "yanchor": "top", "y": -30 / plot, "x": 0},
    )
    return fig


def events_by_month(frame: pd.DataFrame, today: dt.date, show_today: bool = True) -> go.Figure:
    """Events counted by month of their start, stacked by kind (the timeline of a long list)."""
    month = pd.to_datetime(frame["start_date"]).dt.to_period("M").dt.to_timestamp()
    counts = frame.assign(month=month).groupby(["kind", "month"]).size().rename("n").reset_index()
    fig = go.Figure()
    for kind in EVENT_KINDS:
        part = counts[counts["kind"] == kind]
        if part.empty:
            continue
        label = i18n.label("event_kind", kind)
        fig.add_trace(
            go.Bar(
                x=part["month"],
                y=part["n"],
                name=label,
                marker={"color": palette.EVENT_KIND[kind]},
                hovertemplate=f"{label}: %{{y}}<extra></extra>",
            )
        )
    charts.date_axis(fig, i18n.language())
    if show_today:
        charts.add_today_line(fig, today, t("common.today"))
    fig.update_yaxes(title=t("explore.events.per_month"))
    fig.update_layout(
        barmode="stack",
        bargap=0.1,
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    )
    return fig


def event_id_at(figure_selection: dict) -> str | None:
    """The event id of the first point selected on events_timeline() (from st.plotly_chart's selection)."""
    points = (figure_selection or {}).get("points") or []
    for point in points:
        data = point.get("customdata")
        if data and len(data) >= 3:
            return str(data[2])
    return None


def calendar_events(frame: pd.DataFrame) -> list[CalendarEvent]:
    """Upcoming events (queries/explore_events.sql rows) as exports.CalendarEvent, in the current language."""
    out = []
    for r in frame.to_dict("records"):
        start = _date(r["start_date"])
        if start is None:  # the schema requires a start date; nothing to put in a calendar without one
            continue
        where = t("common.online") if r["online"] else i18n.name(r, "host")
        if r.get("host_country") and not r["online"]:
            where = f"{where}, {_country(r['host_country'])}"
        out.append(
            CalendarEvent(
                uid=r["id"],
                summary=i18n.name(r, "title"),
                start=start,
                end=_date(r["end_date"]),
                location=where,
                description=i18n.name(r, "programme"),
            )
        )
    return out


def calendar_file(frame: pd.DataFrame, stamp: dt.datetime, lang: str) -> str:
    """The iCalendar file of these events in `lang` (a download made on click runs in another thread,
    which has no language of its own yet)."""
    i18n.set_language(lang)
    return exports.to_ics(calendar_events(frame), stamp, t("explore.events.calendar_name"))


# --- the small map of a partner card ------------------------------------------------------------


def fit_zoom(
    lat1: float, lon1: float, lat2: float, lon2: float, width: int = 420, height: int = 320
) -> float:
    """The Web-Mercator zoom at which both points fit a width x height map with a margin."""

    def merc(lat: float) -> float:
        lat = max(-85.0, min(85.0, lat))
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = abs(lon2 - lon1) / 360
    dy = abs(merc(lat2) - merc(lat1)) / (2 * math.pi)
    zooms = [math.log2(size * 0.6 / (512 * span)) for size, span in ((width, dx), (height, dy)) if span > 0]
    return max(0.0, min(6.0, min(zooms, default=6.0)))


def _mid_lat(lat1: float, lat2: float) -> float:
    """The latitude halfway between two points on a Mercator map (not the plain average)."""
    y = (math.asinh(math.tan(math.radians(lat1))) + math.asinh(math.tan(math.radians(lat2)))) / 2
    return math.degrees(math.atan(math.sinh(y)))


def partner_map(home: dict, partner: dict, theme: str = "light") -> pdk.Deck:
    """Sofia and the partner on the offline world outline (the Map page's basemap), joined by an arc.

    Points are dicts with name, lat, lon.
    """
    pal = maps.theme_palette(theme)
    colour_home = palette.rgba(palette.HOME)
    colour_partner = palette.rgba(palette.FAMILY["urban-agenda"])
    points = [
        {**home, "colour": colour_home},
        {**partner, "colour": colour_partner},
    ]
    layers = [
        *maps.basemap_layers(theme),
        pdk.Layer(
            "ArcLayer",
            data=[{"from": [home["lon"], home["lat"]], "to": [partner["lon"], partner["lat"]]}],
            id="arc",
            get_source_position="from",
            get_target_position="to",
            get_source_color=colour_home,
            get_target_color=colour_partner,
            get_width=2,
            get_height=0.5,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            data=points,
            id="points",
            get_position=["lon", "lat"],
            get_fill_color="colour",
            get_radius=1,
            radius_min_pixels=7,
            radius_max_pixels=7,
            stroked=True,
            get_line_color=list(pal.stroke),
            line_width_min_pixels=1.5,
            pickable=True,
        ),
    ]
    view = pdk.ViewState(
        latitude=_mid_lat(home["lat"], partner["lat"]),
        longitude=(home["lon"] + partner["lon"]) / 2,
        zoom=fit_zoom(home["lat"], home["lon"], partner["lat"], partner["lon"]),
    )
    return maps.deck(layers, view, {"text": "{name}"}, theme, online_tiles=False)


def country_count(members: pd.DataFrame) -> int:
    """Countries among a programme's members (EU bodies do not count as a country)."""
    codes = members["country_code"].dropna()
    return int(codes[codes != "EU"].nunique())


def partners_params(
    programme_ids: Sequence[str], countries: Sequence[str], today: dt.date, partner: str = ""
) -> dict[str, object]:
    """Parameters of queries/explore_partners.sql: the list (in scope) or one partner's full record."""
    return {
        "home": config.HOME_PARTNER,
        "programme_ids": tuple(programme_ids),
        "all_programmes": bool(partner),
        "countries": tuple(countries),
        "partner": partner,
        "today": today,
    }


def programme_events_params(programme_id: str) -> dict[str, object]:
    """Parameters of queries/explore_events.sql for every event of one programme."""
    return {
        "programme_ids": (programme_id,),
        "date_from": ALL_TIME[0],
        "date_to": ALL_TIME[1],
        "kinds": (),
        "hosts": (),
    }
