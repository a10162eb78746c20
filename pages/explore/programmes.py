"""Programmes: the list by family (follows the global filters) and one programme's page (?programme=<id>)."""

import streamlit as st

from lib import config, db, explore, i18n, palette, safe, ui
from lib.i18n import t

filters = ui.current_filters()
for value in ui.frame_state().asked_programmes:
    if value not in filters.programmes:
        ui.not_found("programme", value)

if len(filters.programmes) != 1:  # the list
    ui.page_title("explore.programmes.title", "explore.programmes.caption")
    scope = ui.programme_scope(filters)
    if not scope:
        ui.empty_state()
        st.stop()
    rows = db.query("explore_programmes", home=config.HOME_PARTNER, programme_ids=scope)
    st.caption(t("explore.programmes.count", n=len(rows)))
    for family, part in explore.programme_tree(rows):
        st.subheader(i18n.label("family", family))
        limited = ("explore.table_limited", "explore.show_all_rows")
        if not ui.show_all(f"all_{family}", explore.LIST_ROWS, len(part), *limited):
            part = part.head(explore.LIST_ROWS)
        for r in part.to_dict("records"):
            # the name gets most of the row (a link's text does not wrap); beside it, on two lines, the
            # period, status and size, then Sofia's role
            link, notes = st.columns([5, 3], vertical_alignment="center")
            with link.container(horizontal=True, gap="small", wrap=False):
                if r["depth"]:
                    st.space(24)
                ui.entity_link("programme", r["id"], i18n.name(r))
            when, role, size = explore.programme_row(r)
            notes.caption(f"{when} · {size}  \n{role}")
    ui.footer()
    st.stop()

# one programme
pid = filters.programmes[0]
info = db.query("explore_programme", id=pid, home=config.HOME_PARTNER).iloc[0].to_dict()
st.button(
    t("explore.programmes.all"), icon=":material/arrow_back:", on_click=ui.clear_selection, args=["programme"]
)
if isinstance(info["parent_id"], str):
    ui.entity_link("programme", info["parent_id"], i18n.name(info, "parent"))
st.title(safe.md(i18n.name(info)))
ui.present_button(f"programme:{pid}")
with st.container(horizontal=True):
    st.badge(i18n.label("family", info["family"]), color="blue")
    st.badge(i18n.label("kind", info["kind"]), color="gray")
    st.badge(i18n.label("status", info["status"]), color="green" if info["status"] == "active" else "gray")
    st.badge(t("explore.sofia_role", roles=explore.roles_text(info["sofia_roles"])), color="orange")
    if info["reliability"] == "uncertain":
        ui.uncertain_badge()
st.markdown(safe.md(i18n.name(info, "summary")))

members = db.query("explore_programme_members", id=pid)
events = db.query("explore_events", **explore.programme_events_params(pid))
for column, (label, value, help_text) in zip(
    st.columns(4), explore.programme_kpis(info, members, events), strict=True
):
    column.metric(label, value, help=help_text, border=True)

facts = explore.programme_facts(info)
st.markdown("  \n".join(f"**{label}:** {value}" for label, value in facts))

children = db.query("explore_programme_children", id=pid)
if not children.empty:
    st.subheader(t("explore.programmes.children", n=len(children)))
    for r in children.to_dict("records"):
        ui.entity_link(
            "programme", r["id"], f"{i18n.name(r)} · {explore.period_text(r['start_date'], r['end_date'])}"
        )

if not members.empty:
    st.subheader(t("explore.programmes.members_title", n=members["partner_id"].nunique()))
    leads = members[members["role"].isin(["coordinator", "core", "pair"])]
    if not leads.empty:
        st.markdown(f"**{t('explore.programmes.leads')}**")
        with st.container(horizontal=True):
            for r in leads.drop_duplicates("partner_id").to_dict("records"):
                label = f"{i18n.name(r)} · {i18n.label('role', r['role'])}"
                ui.entity_link("partner", r["partner_id"], label, partner_type=r["type"])
    member_rows = db.kept("explore.member_rows", lambda: explore.members_table(members), id=pid)
    picked = st.dataframe(
        member_rows,
        hide_index=True,
        width="stretch",
        column_config=ui.fitted(member_rows, selectable=True),
        on_select="rerun",
        selection_mode="single-row",
        key="members_table",
    )
    st.caption(t("explore.click_row_partner"))
    if picked.selection.rows:
        row = members.iloc[picked.selection.rows[0]]
        ui.open_record("partner", row["partner_id"])
    by = [
        (t("explore.programmes.by_type"), "type", palette.BLUE),
        (t("explore.programmes.by_country"), "country_code", palette.TEAL),
    ]
    for column, (title, field, colour) in zip(st.columns(2, gap="large"), by, strict=True):
        bars = db.kept(
            "explore.member_bars",
            lambda field=field, colour=colour: explore.count_bars(explore.members_by(members, field), colour),
            id=pid,
            by=field,
        )
        ui.chart(bars, field, title, where=column)

st.subheader(t("explore.programmes.events_title", n=len(events)))
if events.empty:
    st.caption(t("explore.programmes.no_events"))
else:
    today = ui.today()
    timeline = db.kept(
        "explore.programme_events",
        lambda: explore.events_timeline(events, today, by="kind", show_today=info["status"] != "completed"),
        id=pid,
        today=today,
    )
    ui.chart(
        timeline,
        "events",
        t("explore.programmes.events_chart"),
    )
    for r in events.to_dict("records"):
        ui.entity_link("event", r["id"], explore.event_label(r))

actions = db.query("explore_programme_actions", id=pid)
planned = explore.planned_actions(info, len(actions))
if not actions.empty or planned:
    head, badge = st.columns([4, 1], vertical_alignment="center")
    head.subheader(t("explore.programmes.actions_title", n=len(actions)))
    if actions["status_reliability"].eq("illustrative").any():
        with badge:
            ui.sample_badge()
    if planned:
        st.caption(planned)
if not actions.empty:
    action_rows = db.kept("explore.action_rows", lambda: explore.actions_table(actions), id=pid)
    progress_column = st.column_config.ProgressColumn(format="%d%%", width="small")
    st.dataframe(
        action_rows,
        hide_index=True,
        width="stretch",
        column_config=ui.fitted(action_rows, {t("explore.col.progress"): progress_column}),
    )

sources = db.query("explore_programme_sources", id=pid)
st.subheader(t("explore.programmes.sources_title", n=len(sources)))
if (sources["reliability"] == "uncertain").any():
    st.caption(t("explore.programmes.uncertain_note"))
source_rows = db.kept("explore.source_rows", lambda: explore.sources_table(sources), id=pid)
st.dataframe(
    source_rows,
    hide_index=True,
    width="stretch",
    column_config=ui.fitted(
        source_rows,
        {t("explore.col.link"): st.column_config.LinkColumn(display_text=t("explore.open"), width="small")},
    ),
)
ui.footer()
