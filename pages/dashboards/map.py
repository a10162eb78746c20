"""Map: Sofia's partner network on a world map that works offline (lib/maps.py builds the deck)."""

import streamlit as st

from lib import config, db, i18n, maps, navigation, present, safe, ui
from lib.i18n import t

VIEW_LABELS = {
    "europe": t("map.view.europe"),
    "world": t("map.view.world"),
    "asia-pacific": t("map.view.asia"),
}
TOGGLE_LABELS = {
    "arcs": t("map.layer.arcs"),
    "labels": t("map.layer.labels"),
    "events": t("map.layer.events"),
    "flows": t("map.layer.flows"),
    "shade": t("map.layer.shade"),
}


def _listed() -> None:
    ui.write_url("partner", st.session_state.get("map_partner"), None)
    st.session_state["map_gen"] = st.session_state.get("map_gen", 0) + 1  # a fresh chart drops its old click


ui.page_title("map.title", "map.caption")
ui.present_button("overview", present.slide_of("map"), present.OPTION_KEYS)
filters = ui.current_filters()
scope = ui.programme_scope(filters)

view_col, role_col = st.columns([2, 3], vertical_alignment="bottom")
with view_col:
    ui.seed_from_url("view", list(maps.VIEWS), t("map.view.label"), multi=False)
    st.session_state.setdefault("view", maps.DEFAULT_VIEW)
    view = st.segmented_control(
        t("map.view.label"), list(maps.VIEWS), format_func=VIEW_LABELS.get, required=True, key="view",
        on_change=ui.sync_url, args=("view", maps.DEFAULT_VIEW),
    )  # fmt: skip
    ui.write_url("view", view, maps.DEFAULT_VIEW)
with role_col:
    ui.seed_from_url("role", maps.ROLES, t("map.roles.label"), multi=True)
    roles = st.multiselect(
        t("map.roles.label"), maps.ROLES, format_func=lambda r: i18n.label("role", r), key="role",
        placeholder=t("map.roles.all"), help=t("map.roles.help"), on_change=ui.sync_url, args=("role", []),
    )  # fmt: skip
    ui.write_url("role", roles, [])
with st.container(horizontal=True, gap="medium"):
    shown = {k: st.toggle(TOGGLE_LABELS[k], value=on, key=k, bind="query-params") for k, on in maps.TOGGLES}

params = {"home": config.HOME_PARTNER, "programme_ids": scope, "countries": filters.countries, "roles": roles}
period = {"programme_ids": scope, "countries": filters.countries}
period |= {"date_from": filters.date_from, "date_to": filters.date_to}
countries = db.query("map_countries", **params)
total, limit = int(countries["partners"].sum()), config.map_point_limit()
aggregated = total > limit
points = (
    db.query("map_grid", **params, cell=maps.GRID_CELL) if aggregated else db.query("map_partners", **params)
)
data = maps.MapData(
    home=db.query("map_home", home=config.HOME_PARTNER).iloc[0].to_dict(),
    points=points,
    countries=countries,
    aggregated=aggregated,
    events=db.query("map_events", **period) if shown["events"] else None,
    flows=db.query("map_flows", **period) if shown["flows"] else None,
)

state = st.session_state
chart_key = f"map_deck_{state.get('map_gen', 0)}"
ids = [] if aggregated else points["id"].tolist()
asked = st.query_params.get("partner")
clicked = maps.picked_partner(state.get(chart_key))
choice = maps.pick(asked, ids, clicked, state.get("map_last_click"), state.get("map_partner"))
state["map_last_click"], state["map_partner"] = choice.clicked, choice.chosen
chosen = choice.chosen

theme = ui.theme()
options = maps.Options(
    view=view, theme=theme, online_tiles=config.online_tiles(), selected=choice.ring, **shown
)
map_col, side = st.columns([3, 1], gap="medium")
with map_col:
    selection = st.pydeck_chart(
        maps.build_deck(data, options), on_select="rerun", selection_mode="single-object", key=chart_key,
        height=maps.MAP_HEIGHT, alt=t("map.alt", partners=i18n.number(total)),
    )  # fmt: skip
    st.markdown(maps.legend_html(maps.legend_items(data, options)), unsafe_allow_html=True)

with side:
    if total == 0:
        ui.empty_state("map.empty")
    n_countries = int((countries["country_code"] != "EU").sum())
    count = t("map.count_roles" if roles else "map.count", partners=i18n.number(total),
              countries=i18n.number(n_countries))  # fmt: skip
    st.markdown(count, help=t("glossary.sofia_partners.text"))
    if bool(countries["sample"].any()):
        ui.sample_badge()
    if aggregated:
        st.info(t("map.aggregated", limit=i18n.number(limit), cell=i18n.number(maps.GRID_CELL, 0)))
        cell = maps.picked_cell(selection)
        rows = points[points["cell"] == cell].to_dict("records")
        if rows:
            title, body = maps.cell_tip(rows[0])
            st.markdown(f"**{safe.md(title)}**  \n" + safe.md(body))
        if asked:
            st.caption(t("map.partner.aggregated"))
    else:
        names = {r["id"]: i18n.name(r) for r in points.to_dict("records")}
        st.selectbox(
            t("map.partner.label"), sorted(ids, key=lambda i: names[i].casefold()), format_func=names.get,
            index=None, placeholder=t("map.partner.placeholder"), key="map_partner", on_change=_listed,
        )  # fmt: skip
        if asked and asked not in ids:
            close = maps.closest_partners(asked, points)
            st.warning(t("map.partner.unknown", value=safe.md(asked)), icon=":material/link_off:")
            if close:
                st.caption(t("map.partner.closest", names=safe.md(", ".join(close))))
        ui.write_url("partner", chosen, None)
        info = maps.summary(chosen, points)
        if info is None:
            st.caption(t("map.partner.hint"))
        else:
            st.subheader(safe.md(info.name))
            facts = (info.type.capitalize(), info.country, info.location_note)
            st.caption(safe.md(" · ".join(x for x in facts if x)))
            if info.uncertain:
                ui.uncertain_badge()
            st.markdown(f"**{t('map.partner.shared', n=i18n.number(info.shared))}**")
            st.markdown("\n".join(f"- {safe.md(p)}" for p in info.programmes))
            st.markdown(f"**{t('map.partner.roles')}:** {safe.md(', '.join(info.roles))}")
            st.markdown(
                f"**{t('map.partner.family')}:** {safe.md(info.family)}", help=t("map.partner.family_help")
            )
            if card_page := navigation.page_for("partner"):
                st.page_link(
                    card_page.path,
                    label=t("map.partner.card"),
                    icon=":material/badge:",
                    query_params=navigation.link_params("partner", info.id),
                )

st.caption(t("map.basemap_online") if options.online_tiles else t("map.basemap_offline"))
ui.footer()
