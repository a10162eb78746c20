"""Overview: Sofia's international programmes at a glance (KPIs, timeline, roles, events, indicators)."""

import streamlit as st

from lib import charts, config, db, i18n, overview, present, progress, ui
from lib.i18n import t

ui.page_title("overview.title", "overview.caption")
ui.present_button("overview", present.slide_of("kpis"), present.OPTION_KEYS)
filters = ui.current_filters()
scope = ui.programme_scope(filters)
if not scope:
    ui.empty_state()
    st.stop()

today = ui.today()
as_of, since = filters.as_of(today), filters.since(today)
kpis = db.query(
    "overview_kpis",
    home=config.HOME_PARTNER,
    programme_ids=scope,
    countries=filters.countries,
    date_from=filters.date_from,
    date_to=filters.date_to,
    as_of=as_of,
    since=since,
    today=today,
).iloc[0]
for column, card in zip(
    st.columns(5),
    overview.kpi_cards(kpis.to_dict(), as_of, since, today, (filters.year_from, filters.year_to)),
    strict=True,
):
    with column:
        ui.kpi(card)

st.subheader(t("overview.timeline"))
only_sofia = st.toggle(t("overview.only_sofia"), value=True, key="only_sofia", bind="query-params")
programmes = db.query("overview_timeline", home=config.HOME_PARTNER, programme_ids=scope)
total = overview.timeline_count(programmes, only_sofia)
limited = ("overview.timeline_limited", "overview.timeline_all")
everything = ui.show_all("all_programmes", overview.TIMELINE_ROWS, total, *limited)
rows = overview.timeline_rows(programmes, only_sofia, None if everything else overview.TIMELINE_ROWS)
if rows.empty:
    ui.empty_state("overview.no_sofia_programmes")
else:
    labels = {f: i18n.label("family", f) for f in ui.FAMILIES}
    title = t("overview.timeline_chart" if only_sofia else "overview.timeline_chart_all")
    drawn = {"filters": filters, "today": today, "only_sofia": only_sofia, "everything": everything}
    timeline = db.kept(
        "overview.timeline",
        lambda: charts.programme_timeline(rows, today, labels, t("common.today")),
        **drawn,
    )
    ui.chart(timeline, "timeline", title)

st.subheader(t("overview.roles"))
roles = overview.roles_table(programmes)
if roles.empty:
    ui.empty_state("overview.no_sofia_programmes")
else:
    st.dataframe(roles, hide_index=True, width="stretch")

events = db.query(
    "explore_events",
    programme_ids=scope,
    date_from=filters.date_from,
    date_to=filters.date_to,
    kinds=(),
    hosts=filters.countries,
)
past, upcoming = overview.split_events(events, today)
for column, (heading, rows, none) in zip(
    st.columns(2, gap="large"),
    [
        ("overview.next_events", upcoming, "overview.no_upcoming"),
        ("overview.latest_events", past, "overview.no_past"),
    ],
    strict=True,
):
    with column:
        st.subheader(t(heading))
        if rows.empty:
            st.caption(t(none))
        for _, event in rows.iterrows():
            st.markdown(overview.event_line(event))

title, badge = st.columns([4, 1], vertical_alignment="center")
title.subheader(t("overview.indicators"))
series = db.query(
    "progress_indicators",
    home=config.HOME_PARTNER,
    programme_ids=scope,
    year_from=filters.year_from,
    year_to=filters.year_to,
)
view = {"filters": filters, "today": today}  # the same table as the Progress page's (db.kept)
table = db.kept("progress.indicators", lambda: progress.indicator_table(series), **view).head(4)
if (table["reliability"] == "illustrative").any():
    with badge:
        ui.sample_badge()
if table.empty:
    ui.empty_state("progress.no_indicators")
for column, (_, row) in zip(st.columns(4), table.iterrows(), strict=False):
    with column, st.container(border=True, height="stretch"):
        ui.indicator_metric(progress.indicator_card(row))
        ui.badge(*progress.status_badge(row["status"]))
ui.footer()
