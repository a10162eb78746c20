"""Network: who is connected to whom through which programme, who bridges, where Sofia's next partners are."""

import streamlit as st

from lib import config, db, i18n, network, network_cache, present, ui
from lib.i18n import t

HOME = config.HOME_PARTNER


@st.cache_resource(show_spinner=False, max_entries=64)  # names and types of every node, per language
def _labels(version: str, view: str, scope_key: str, lang: str, _scope: tuple[str, ...]):
    return network.node_labels(network_cache.analysis(_scope, view), network_cache.data(_scope)[1])


def _choice(where, key: str, options: tuple[str, ...], label: str, prefix: str) -> str:
    ui.seed_from_url(key, options, label, multi=False)
    st.session_state.setdefault(key, options[0])
    value = where.segmented_control(
        label, options, format_func=lambda v: t(f"{prefix}.{v}"), required=True, key=key,
        on_change=ui.sync_url, args=(key, options[0]),
    )  # fmt: skip
    ui.write_url(key, value, options[0])
    return value or options[0]


ui.page_title("network.title", "network.caption")
ui.present_button("overview", present.slide_of("network"), present.OPTION_KEYS)
filters = ui.current_filters()
scope = ui.programme_scope(filters)
if not scope:
    ui.empty_state()
    st.stop()
version, scope_key = db.data_version(), network.scope_key(scope)
left, right = st.columns([3, 2])
view = _choice(left, "view", network.VIEWS, t("network.view"), "network.views")
colour_by = _choice(right, "colour", network.COLOUR_BY, t("network.colour"), "network.colours")
with st.spinner():
    memberships, nodes, themes, groups, bridges, chances = network_cache.data(scope)  # shared with the slides
    result = network_cache.analysis(scope, view)
if result.nodes.empty:
    ui.empty_state("network.no_sofia")
    st.stop()
names, types = _labels(version, view, scope_key, i18n.language(), scope)
if (memberships["reliability"] == "illustrative").any():
    ui.sample_badge()
for kind, text in network.notes(result, memberships):
    (st.info if kind == "info" else st.caption)(text)
counts = db.query("partner_counts", home=HOME, programme_ids=scope, countries=filters.countries).iloc[0]
counted = "network.counted_countries" if filters.countries else "network.counted"
st.caption(t(counted, sofia=i18n.number(counts["sofia_partners"])), help=t("glossary.members.text"))

raw, valid = st.query_params.get("node"), set(result.nodes["node"])
options = network.node_options(result, names, HOME, wanted=(raw, st.session_state.get("node")))
if raw is not None and raw not in valid:
    st.warning(network.unknown_node_message(raw, {o: names[o] for o in options}), icon=":material/link_off:")
    del st.query_params["node"]
if st.session_state.get("node") not in (None, *options):
    st.session_state.pop("node")
    st.caption(t("network.node_gone"))

picked, theme = st.session_state.get("node"), ui.theme()
drawn = {"filters": filters, "view": view, "colour": colour_by, "node": picked, "theme": theme}
fig = db.kept("network.figure", lambda: network.figure(result, view, colour_by, HOME, picked, theme), **drawn)
traces = network.trace_nodes(fig)


def _picked() -> None:
    node = network.selected_node(st.session_state["network_chart"]["selection"]["points"], traces)
    if node:
        st.session_state["node"] = node
        ui.write_url("node", node, None)


ui.chart(
    fig,
    "network_chart",
    t(f"network.views.{view}"),
    on_select=_picked,
    selection_mode="points",
    config={"scrollZoom": True},
)
st.caption(t("network.chart_help"))

pick, explain = st.columns([3, 2], gap="large")
with pick:
    ui.seed_from_url("node", options, t("network.node"), multi=False)
    node = st.selectbox(
        t("network.node"),
        options,
        index=None,
        format_func=lambda n: f"{names[n]} · {types.get(n, '')}",
        placeholder=t("network.node_pick"),
        key="node",
        on_change=ui.sync_url,
        args=("node", None),
    )
    ui.write_url("node", node, None)
    if node:
        st.markdown("  \n".join(network.node_sentences(result, node, view, HOME)))
        for cell, (label, value, place) in zip(st.columns(5), network.node_cards(result, node), strict=True):
            cell.metric(label, value, place, delta_color="off", delta_arrow="off", border=True)
        link = network.node_link(result, node)
        if link:
            st.page_link(link[0], label=link[1], query_params=link[2], icon=":material/open_in_new:")
with explain, st.container(border=True):
    st.markdown(f"**{t('network.explain.title')}**")
    for metric in ("degree", "weighted_degree", "betweenness", "pagerank", "community"):
        st.markdown(t(f"network.explain.{metric}"))

tables = {"filters": filters, "view": view}  # what the tables below depend on (db.kept)
st.subheader(t("network.bridges"))
st.caption(t("network.bridges_help"))
if bridges.empty:
    st.caption(t("network.no_bridges"))
else:
    shown = db.kept("network.bridges", lambda: network.bridge_table(bridges, names, types), **tables)
    config = ui.fitted(shown, wrap=True)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, row_height=ui.WRAPPED_ROW)

st.subheader(t("network.opportunities"))
st.caption(t("network.opportunities_help"))
if chances.empty:
    st.caption(t("network.no_opportunities"))
else:
    theme_names = dict(zip(themes["theme_id"], i18n.names(themes), strict=True))
    shown = db.kept(
        "network.opportunities",
        lambda: network.opportunity_table(chances, names, types, theme_names),
        **tables,
    )
    score = st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d%%", width=100)
    config = ui.fitted(shown, {t("network.col.score"): score}, wrap=True)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, row_height=ui.WRAPPED_ROW)
st.subheader(t("network.all_nodes"))
limited = ("network.table_limited", "network.table_all")
everything = ui.show_all("all_nodes", network.TABLE_ROWS, len(result.nodes), *limited)
rows = None if everything else network.TABLE_ROWS
table = db.kept("network.nodes", lambda: network.node_table(result, rows), **tables, rows=rows)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=420,
    column_config=ui.fitted(table, wrap=True),
    row_height=ui.WRAPPED_ROW,
)
st.caption(t("network.export_help"))
for cell, (label, data, file_name, mime) in zip(st.columns(6), network.downloads(result, view), strict=False):
    cell.download_button(label, data, file_name, mime, icon=":material/download:", on_click="ignore")
ui.footer()
