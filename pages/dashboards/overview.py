"""Overview: Sofia's international programmes at a glance (KPIs, timeline, roles, events, indicators)."""

import streamlit as st

from lib import charts, config, db, i18n, overview, present, safe, ui
from lib.i18n import t

ui.page_title("overview.title", "overview.caption")
ui.present_button("overview", present.slide_of("kpis"), present.OPTION_KEYS)
filters = ui.current_filters()
scope = ui.programme_scope(filters)
if not scope:
    ui.empty_state()
    st.stop()

today = ui.today()
year = filters.reference_year(today)
kpis = db.query(
    "overview_kpis",
    home=config.HOME_PARTNER,
    programme_ids=scope,
    countries=filters.countries,
    date_from=filters.date_from,
    date_to=filters.date_to,
    year=year,
).iloc[0]
for column, card in zip(st.columns(5), overview.kpi_cards(kpis.to_dict(), year), strict=True):
    with column:
        ui.kpi(card.label, card.value, card.delta, card.description, card.help)
        if card.sample:
            ui.sample_badge()

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
    st.plotly_chart(
        charts.programme_timeline(rows, today, labels, t("common.today")), width="stretch", key="timeline"
    )

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
with badge:
    ui.sample_badge()
series = db.query("indicator_series", partner=config.HOME_PARTNER)
cards = overview.indicator_cards(series, filters.year_to)
for column, card in zip(st.columns(len(cards) or 1), cards, strict=False):
    with column, st.container(border=True, height=250):
        st.markdown(f"**{safe.md(card.label)}**")
        st.metric(
            safe.md(card.label),
            card.value,
            label_visibility="collapsed",
            delta=card.delta,
            delta_color="normal" if card.higher_is_better else "inverse",
            delta_description=card.description,
            chart_data=card.history,
            help=card.help,
        )
ui.footer()
