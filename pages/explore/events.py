"""Events: past and upcoming on a timeline and in a table, an event's page (?event=<id>), an .ics download."""

import datetime as dt
from functools import partial

import streamlit as st

from lib import db, explore, i18n, safe, ui
from lib.i18n import t

filters = ui.current_filters()
today = ui.today()
event = ui.selected_record("event")

if event is None:  # the list
    ui.page_title("explore.events.title", "explore.events.caption")
    scope = ui.programme_scope(filters)
    countries = sorted(db.query("explore_host_countries")["country_code"], key=i18n.country)
    kind_col, host_col = st.columns(2)
    with kind_col:
        ui.seed_from_url("kind", explore.EVENT_KINDS, t("explore.events.kind"), multi=True)
        kinds = st.multiselect(
            t("explore.events.kind"),
            explore.EVENT_KINDS,
            format_func=lambda v: i18n.label("event_kind", v),
            placeholder=t("filters.all"),
            key="kind",
            on_change=ui.sync_url,
            args=("kind", []),
        )
        ui.write_url("kind", kinds, [])
    with host_col:
        ui.seed_from_url("host", countries, t("explore.events.host"), multi=True)
        hosts = st.multiselect(
            t("explore.events.host"),
            countries,
            format_func=i18n.country,
            placeholder=t("filters.all"),
            key="host",
            on_change=ui.sync_url,
            args=("host", []),
        )
        ui.write_url("host", hosts, [])
    rows = db.query(
        "explore_events",
        programme_ids=scope,
        date_from=filters.date_from,
        date_to=filters.date_to,
        kinds=tuple(kinds),
        hosts=tuple(hosts),
    )
    if rows.empty:
        ui.empty_state()
        st.stop()
    past, upcoming = explore.split_upcoming(rows, today)
    st.caption(t("explore.events.count", n=len(rows), past=len(past), upcoming=len(upcoming)))
    drawn = {"filters": filters, "today": today, "kinds": kinds, "hosts": hosts}
    chart = ui.chart(
        db.kept("explore.events_timeline", lambda: explore.events_timeline(rows, today), **drawn),
        "timeline",
        t("explore.events.chart"),
        on_select="rerun",
        selection_mode="points",
    )
    binned = len(rows) > explore.EVENT_DOTS
    st.caption(
        t("explore.events.binned", n=i18n.number(len(rows))) if binned else t("explore.events.click_dot")
    )
    clicked = explore.event_id_at(chart.selection if chart else {})
    if clicked:
        ui.open_record("event", clicked)

    st.subheader(t("explore.events.upcoming", n=len(upcoming)))
    if upcoming.empty:
        st.info(t("explore.events.no_upcoming"), icon=":material/event_busy:")
    else:
        for r in upcoming.head(explore.UPCOMING_LINKS).to_dict("records"):
            ui.entity_link("event", r["id"], explore.event_label(r))
        if len(upcoming) > explore.UPCOMING_LINKS:
            st.caption(
                t("explore.events.more_upcoming", n=i18n.number(len(upcoming) - explore.UPCOMING_LINKS))
            )
        st.download_button(
            t("explore.events.ics", n=len(upcoming)),
            partial(explore.calendar_file, upcoming, dt.datetime.now(dt.UTC), i18n.language()),
            file_name="sofia-partnership-events.ics",
            mime="text/calendar",
            icon=":material/calendar_add_on:",
            on_click="ignore",
        )

    st.subheader(t("explore.events.table", n=len(rows)))
    newest = rows.iloc[::-1]
    limited = ("explore.table_limited", "explore.show_all_rows")
    everything = ui.show_all("all_events", explore.TABLE_ROWS, len(rows), *limited)
    listed = {**drawn, "everything": everything}  # what the table depends on (db.kept)
    table = db.kept(
        "explore.events_table",
        lambda: explore.events_table(newest if everything else newest.head(explore.TABLE_ROWS)),
        **listed,
    )
    shown = db.kept("explore.events_shown", lambda: table.drop(columns="id"), **listed)
    picked = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config=ui.fitted(shown, wrap=True, selectable=True),
        row_height=ui.WRAPPED_ROW,
        on_select="rerun",
        selection_mode="single-row",
        key="events_table",
    )
    st.caption(t("explore.events.click_row"))
    if picked.selection.rows:
        ui.open_record("event", table["id"].iloc[picked.selection.rows[0]])
    ui.footer()
    st.stop()

# one event
st.button(t("explore.events.all"), icon=":material/arrow_back:", on_click=ui.clear_selection, args=("event",))
st.title(safe.md(i18n.name(event, "title")))
with st.container(horizontal=True):
    st.badge(i18n.label("event_kind", event["kind"]), color="blue")
    st.badge(explore.event_when(event), icon=":material/calendar_month:", color="gray")
    if event["online"]:
        st.badge(t("common.online"), icon=":material/videocam:", color="violet")
    if event["reliability"] == "uncertain":
        ui.uncertain_badge()
summary = i18n.name(event, "summary")
if summary:
    st.markdown(safe.md(summary))
with st.container(horizontal=True):
    ui.entity_link("programme", event["programme_id"], i18n.name(event, "programme"))
    if isinstance(event["host_id"], str):
        ui.entity_link(
            "partner",
            event["host_id"],
            t("explore.events.host_is", name=i18n.name(event, "host")),
            partner_type=event["host_type"],
        )

topics = db.query("explore_event_topics", id=event["id"])
if not topics.empty:
    st.subheader(t("explore.events.topics", n=len(topics)))
    st.caption(t("explore.events.topics_caption"))
    st.markdown(explore.topics_markdown(topics))

people = db.query("explore_event_partners", id=event["id"])
st.subheader(t("explore.events.participants", n=len(people)))
if people.empty:
    st.caption(t("explore.events.no_participants"))
elif len(people) < event["programme_members"]:
    st.caption(t("explore.events.participants_known", n=len(people), members=event["programme_members"]))
with st.container(horizontal=True):
    for r in people.to_dict("records"):
        label = f"{i18n.name(r)} · {i18n.label('event_role', r['role'])}"
        ui.entity_link("partner", r["partner_id"], label, partner_type=r["type"])
source = safe.link(i18n.name(event, "source_title"), event["source_url"])
st.caption(t("explore.source_line", source=source, mark=i18n.label("reliability", event["reliability"])))
ui.footer()
