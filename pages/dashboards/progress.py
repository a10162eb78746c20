"""Progress: are we on track? Indicators against targets, action plans, programmes by results, peers."""

import streamlit as st

from lib import config, db, i18n, present, progress, ui
from lib.i18n import t


def heading(key: str, sample: bool | None):
    """A section title with the sample-data badge beside it (None: the page adds the badge later)."""
    title, badge = st.columns([5, 1], vertical_alignment="center")
    title.subheader(t(key))
    if sample:
        with badge:
            ui.sample_badge()
    return badge


ui.page_title("progress.title", "progress.caption")
ui.present_button("overview", present.slide_of("progress"))
filters = ui.current_filters()
scope = ui.programme_scope(filters)
if not scope:
    ui.empty_state()
    st.stop()
today, home = ui.today(), config.HOME_PARTNER
view = {"filters": filters, "today": today}  # what the built charts and tables below depend on (db.kept)

# 1. Indicators against targets
years = {"year_from": filters.year_from, "year_to": filters.year_to}
series = db.query("progress_indicators", home=home, programme_ids=scope, **years)
table = db.kept("progress.indicators", lambda: progress.indicator_table(series), **view)
heading("progress.indicators", (table["reliability"] == "illustrative").any())
if table.empty:
    ui.empty_state("progress.no_indicators")
else:
    with st.container(horizontal=True):
        for status, n in progress.status_counts(table).items():
            ui.badge(
                *progress.status_badge(
                    status, t("progress.status_count", label=i18n.label("indicator_status", status), n=n)
                )
            )
    st.caption(t("progress.rule"))
    cards = progress.cards_shown(table)
    if ui.show_all("all_cards", len(cards), len(table), "progress.cards_limited", "progress.cards_all"):
        cards = table
    for start in range(0, len(cards), 4):
        for column, (_, row) in zip(st.columns(4), cards.iloc[start : start + 4].iterrows(), strict=False):
            with column, st.container(border=True, height="stretch"):
                ui.indicator_metric(progress.indicator_card(row))
                ui.badge(*progress.status_badge(row["status"]))
    status_rows = db.kept("progress.status_rows", lambda: progress.indicator_status_rows(table), **view)
    ui.view_data(status_rows, "indicator-status", "status-data")

    st.markdown(f"#### {t('progress.over_time')}")
    names = dict(zip(table["indicator_id"], progress.indicator_names(table), strict=True))
    chosen = ui.choose("indicator", t("progress.choose_indicator"), list(names), names.get)
    row = table[table["indicator_id"] == chosen].iloc[0]
    rows = series[series["indicator_id"] == chosen]
    figure = db.kept("progress.indicator", lambda: progress.indicator_figure(rows, row), **view, id=chosen)
    ui.chart(figure, "indicator-chart", names[chosen])
    st.caption(progress.provenance(i18n.name(row, "source_title"), row["reliability"], row["updated_at"]))
    series_rows = db.kept(
        "progress.series_rows", lambda: progress.indicator_series_rows(rows), **view, id=chosen
    )
    ui.view_data(series_rows, f"indicator-{chosen}", "indicator-data")

# 2. Action plans
period = {"date_from": filters.date_from, "date_to": filters.date_to, "today": today}
period |= {"countries": filters.countries}
actions = db.query("progress_actions", programme_ids=scope, **period)
sample_actions = int((actions["status_reliability"] == "illustrative").sum())
heading("progress.actions", sample_actions > 0)
if actions.empty:
    ui.empty_state("progress.no_actions")
else:
    rollups = db.query("progress_rollups", programme_ids=scope, **period)
    share = st.column_config.ProgressColumn(format="%.0f%%", min_value=0, max_value=100)
    shares = {t("progress.col.share_done"): share, t("progress.col.share_on_track"): share}
    tabs = st.tabs([t("progress.by_programme"), t("progress.by_theme")])
    for tab, level in zip(tabs, ("programme", "theme"), strict=True):
        with tab:
            st.dataframe(
                progress.rollup_rows(rollups, level), hide_index=True, width="stretch", column_config=shares
            )
    st.caption(t("progress.rollup_note"))
    drawn = progress.gantt_subset(actions)
    gantt = db.kept(
        "progress.gantt", lambda: progress.gantt_figure(progress.gantt_rows(drawn, today), today), **view
    )
    ui.chart(gantt, "gantt", t("progress.gantt"))
    ui.limited_note("progress.gantt_limited", len(drawn), len(actions))
    st.caption(t("progress.gantt_note"))
    verified = int((actions["status_reliability"] == "verified").sum())
    st.caption(t("progress.actions_provenance", verified=verified, sample=sample_actions))
    column = {t("progress.col.progress"): share}
    action_rows = db.kept("progress.action_rows", lambda: progress.action_rows(actions), **view)
    ui.view_data(action_rows, "actions", "actions-data", column_config=column)
    with st.expander(t("progress.plans_title"), icon=":material/menu_book:"):
        st.markdown(t("progress.plans_body"))

# 3. Programmes compared by results
where = {"home": home, "programme_ids": scope, "countries": filters.countries}
programmes = db.query("progress_programmes", **where, today=today)
compared = db.kept("progress.programmes", lambda: progress.programmes_table(programmes, table), **view)
heading("progress.programmes", bool(compared["actions_sample"].sum() or compared["indicators"].sum()))
if compared.empty:
    ui.empty_state("progress.no_programmes")
else:
    st.caption(t("progress.programmes_note"))
    bars = progress.programmes_shown(compared)
    figure = db.kept("progress.programmes_figure", lambda: progress.programmes_figure(bars), **view)
    ui.chart(figure, "programmes-chart", t("progress.programmes_chart"))
    ui.limited_note("progress.programmes_limited", len(bars), len(compared))
    programme_rows = db.kept("progress.programme_rows", lambda: progress.programme_rows(compared), **view)
    ui.view_data(programme_rows, "programmes", "programmes-data")

# 4. Sofia against peers
where["year_to"] = filters.year_to
listed = db.query("progress_peer_indicators", **where)
badge = heading("progress.peers", None)
if listed.empty:
    ui.empty_state("progress.no_peers")
else:
    peer_names = dict(zip(listed["indicator_id"], progress.indicator_names(listed), strict=True))
    chosen_peer = ui.choose("peer", t("progress.choose_peer_indicator"), list(peer_names), peer_names.get)
    reported = int(listed.loc[listed["indicator_id"] == chosen_peer, "reported"].iloc[0])
    label = t("progress.peers_all", n=i18n.number(reported))
    everyone = reported > progress.PEER_LIMIT + 1 and st.toggle(label, key="all_peers")
    limit = reported if everyone else progress.PEER_LIMIT
    rows = db.query("progress_peers", **where, indicator_id=chosen_peer, limit=limit)
    if (rows["reliability"] == "illustrative").any():
        with badge:
            ui.sample_badge()
    if rows.empty or rows["is_home"].all():
        ui.empty_state("progress.only_home")
    else:
        peers = {**view, "id": chosen_peer, "limit": limit}
        figure = db.kept("progress.peers", lambda: progress.peers_figure(rows), **peers)
        ui.chart(figure, "peers-chart", peer_names[chosen_peer])
        for line in progress.peers_notes(rows, reported):
            st.caption(line)
        peer_rows = db.kept("progress.peer_rows", lambda: progress.peer_rows(rows), **peers)
        ui.view_data(peer_rows, f"peers-{chosen_peer}", "peers-data")
ui.footer()
