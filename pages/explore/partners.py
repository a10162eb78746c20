"""Partners: the list (searchable, sortable, downloadable) and a card per partner (?partner=<id>)."""

from functools import partial

import streamlit as st

from lib import config, db, explore, i18n, safe, ui
from lib.i18n import t

filters = ui.current_filters()
today = ui.today()
card = ui.selected_record("partner")

if card is None:  # the list
    ui.page_title("explore.partners.title", "explore.partners.caption")
    scope = ui.programme_scope(filters)
    rows = db.query("explore_partners", **explore.partners_params(scope, filters.countries, today))
    rows = explore.with_relation(rows, today)
    find, order = st.columns([3, 2])
    query = find.text_input(
        t("explore.partners.find"),
        key="find",
        bind="query-params",
        placeholder=t("explore.partners.find_hint"),
    )
    ui.seed_from_url("sort", explore.SORTS, t("explore.partners.sort"), multi=False)
    sort = order.selectbox(
        t("explore.partners.sort"),
        explore.SORTS,
        format_func=lambda v: t(f"explore.sort.{v}"),
        key="sort",
        on_change=ui.sync_url,
        args=("sort", explore.SORTS[0]),
    )
    ui.write_url("sort", sort, explore.SORTS[0])
    shown = explore.sort_partners(explore.filter_partners(rows, query or ""), sort)
    if shown.empty:
        ui.empty_state("explore.partners.none")
        st.stop()
    counts = db.query(
        "partner_counts", home=config.HOME_PARTNER, programme_ids=scope, countries=filters.countries
    ).iloc[0]
    others = counts["members"] - counts["sofia_partners"]
    parts = [
        t("explore.partners.count", listed=counts["listed"], sofia=counts["sofia_partners"], others=others,
          met=counts["event_only"]),
        t("explore.partners.matching", n=len(shown)) if query else "",
        t("explore.partners.no_contact", n=int((shown["relation"] == "dormant").sum()),
          months=config.DORMANT_MONTHS),
    ]  # fmt: skip
    st.caption(" ".join(p for p in parts if p), help=t("glossary.listed.text"))
    limited = ("explore.table_limited", "explore.show_all_rows")
    everyone = ui.show_all("all_partners", explore.TABLE_ROWS, len(shown), *limited)
    table = explore.partners_table(shown if everyone else shown.head(explore.TABLE_ROWS))
    date = explore.date_format()
    picked = st.dataframe(
        table.drop(columns="id"),
        hide_index=True,
        width="stretch",
        height=min(600, 38 + 35 * len(table)),
        on_select="rerun",
        selection_mode="single-row",
        key="partners_table",
        column_config={  # widths that show all columns at 1440 px (the grid sizes a column to its first rows)
            t("explore.col.partner"): st.column_config.TextColumn(width=130),
            t("explore.col.type"): st.column_config.TextColumn(width=115),
            t("explore.col.country"): st.column_config.TextColumn(width=105),
            t("explore.col.shared_programmes"): st.column_config.NumberColumn(width=112),
            t("explore.col.shared_events"): st.column_config.NumberColumn(width=100),
            t("explore.col.first_contact"): st.column_config.DateColumn(format=date, width=105),
            t("explore.col.last_contact"): st.column_config.DateColumn(format=date, width=120),
        },
    )
    st.caption(t("explore.click_row_partner"))
    if picked.selection.rows:
        ui.open_record("partner", table["id"].iloc[picked.selection.rows[0]])
    with st.container(horizontal=True, vertical_alignment="center"):
        st.download_button(
            t("explore.download_csv"),
            partial(explore.partners_export, shown, i18n.language(), "csv"),  # every row, made on click
            file_name="partners.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
        )
        st.download_button(
            t("explore.download_excel"),
            partial(explore.partners_export, shown, i18n.language(), "excel"),
            file_name="partners.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/table_view:",
            on_click="ignore",
        )
    ui.footer()
    st.stop()

# one partner's card
pid = card["id"]
is_home = pid == config.HOME_PARTNER
home = db.query("explore_partner", id=config.HOME_PARTNER).iloc[0].to_dict()
if len(filters.programmes) == 1:
    back = db.query("explore_programme", id=filters.programmes[0], home=config.HOME_PARTNER).iloc[0].to_dict()
    ui.entity_link("programme", back["id"], t("explore.partners.back_to", name=i18n.name(back)))
st.button(
    t("explore.partners.all"), icon=":material/arrow_back:", on_click=ui.clear_selection, args=("partner",)
)
st.title(safe.md(i18n.name(card)))
if not is_home:
    ui.present_button(f"partner:{pid}")
stats = db.query("explore_partners", **explore.partners_params((), (), today, partner=pid))
relation = explore.with_relation(stats, today)["relation"].iloc[0] if not stats.empty else "none"
summary = explore.partner_summary(card, home, is_home, relation)
with st.container(horizontal=True):
    for text, colour in summary.badges:
        st.badge(text, color=colour)
    if card["reliability"] == "uncertain":
        ui.uncertain_badge()
if summary.note:
    st.caption(summary.note)

programmes = db.query("explore_partner_programmes", id=pid, home=config.HOME_PARTNER)
events = db.query("explore_partner_events", id=pid, home=config.HOME_PARTNER)
kpis = explore.partner_kpis(stats, programmes, events, summary, is_home)
for column, (label, value, help_text) in zip(st.columns(len(kpis)), kpis, strict=True):
    column.metric(label, value, help=help_text, border=True)

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(t("explore.partners.programmes_title", n=len(programmes)))
    if programmes.empty:
        st.caption(t("explore.partners.no_programmes"))
    for r in programmes.to_dict("records"):
        ui.entity_link("programme", r["id"], i18n.name(r))
        st.caption(explore.roles_line(r, i18n.name(card), is_home))
with right:
    if not is_home:
        st.subheader(t("explore.partners.map_title"))
        st.pydeck_chart(explore.partner_map(summary.home_point, summary.point, ui.theme()), height=320)
        st.caption(
            t("explore.partners.map_caption", home=safe.md(i18n.name(home)), name=safe.md(i18n.name(card)))
        )

st.subheader(t("explore.partners.events_title", n=len(events)))
if events.empty:
    st.caption(t("explore.partners.no_events"))
for heading, part in explore.partner_event_groups(events, pid):
    st.markdown(f"**{heading}**")
    for r in part.to_dict("records"):
        ui.entity_link("event", r["id"], explore.event_label(r))
st.caption(t("explore.partners.source", title=safe.md(i18n.name(card, "source_title"))))
ui.footer()
