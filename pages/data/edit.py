"""Quick edits: add or edit a partner (coordinates found offline from the city's name), add an event with its
partners, enter an indicator value for a year, change an action's status. The same checks, preview and
publishing as an import. Editors only."""

import datetime as dt

import streamlit as st

from lib import changes, config, geocode, i18n, importer, ui, validate
from lib import quick_edits as qe
from lib.i18n import t

who = ui.require_editor("nav.edit")
current = ui.data_store().current()
data = changes.version_rows(current) if current else {name: [] for name in validate.TABLES}
sources = qe.source_choices(data)
partners = qe.labelled(data["partner"])
programmes = qe.labelled(data["programme"])
enum = validate.ENUMS
st.caption(t("data.edit.caption"))
tabs = st.tabs([t(f"data.edit.{k}.tab") for k in ("partner", "event", "observation", "action")])


#: The partner form's fields (the partner table's columns it edits).
PARTNER_FIELDS = (
    "name_en",
    "name_bg",
    "type",
    "country_code",
    "lat",
    "lon",
    "location_note",
    "location_note_bg",
    "source_id",
)


def fill_partner() -> None:
    row = qe.by_id(data["partner"]).get(st.session_state.get("ep-pick") or "", {})
    for column in PARTNER_FIELDS:
        st.session_state[f"ep-{column}"] = row.get(column)
    st.session_state["ep-found"] = None


def find_city() -> None:
    found = geocode.find(st.session_state.get("ep-city") or st.session_state.get("ep-name_en") or "")
    st.session_state["ep-found"] = found
    if len(found) == 1:
        use_city(found[0])


def use_city(city: geocode.City) -> None:
    st.session_state["ep-lat"], st.session_state["ep-lon"] = city.lat, city.lon
    st.session_state["ep-country_code"] = city.country_code
    st.session_state["ep-name_en"] = st.session_state.get("ep-name_en") or city.name


with tabs[0]:
    countries = qe.country_codes()
    pick = st.selectbox(
        t("data.edit.partner.pick"),
        [None, *partners],
        format_func=lambda v: t("data.edit.partner.new") if v is None else partners[v],
        key="ep-pick",
        on_change=fill_partner,
    )
    search, button = st.columns([3, 1], vertical_alignment="bottom")
    search.text_input(
        t("data.edit.partner.city"), key="ep-city", placeholder=t("data.edit.partner.city_hint")
    )
    button.button(t("data.edit.partner.find"), icon=":material/travel_explore:", on_click=find_city)
    found = st.session_state.get("ep-found")
    if found is not None and not found:
        st.warning(t("data.edit.partner.no_city"), icon=":material/wrong_location:")
    elif found and len(found) > 1:
        index = st.radio(
            t("data.edit.partner.choose"), range(len(found)), format_func=lambda i: qe.city_label(found[i])
        )
        st.button(t("data.edit.partner.use"), on_click=use_city, args=(found[index],))
    if found and any(c.cyrillic for c in found[:1]):
        st.caption(t("data.edit.partner.cyrillic", names=ui.safe.md(", ".join(found[0].cyrillic[:6]))))
    left, right = st.columns(2)
    left.text_input(importer.column_label("name_en"), key="ep-name_en")
    right.text_input(importer.column_label("name_bg"), key="ep-name_bg")
    left.selectbox(
        importer.column_label("type"),
        enum[("partner", "type")],
        format_func=lambda v: i18n.label("partner_type", v),
        key="ep-type",
    )
    right.selectbox(
        importer.column_label("country_code"),
        countries,
        index=countries.index(config.HOME_COUNTRY) if config.HOME_COUNTRY in countries else 0,
        format_func=qe.country_label,
        key="ep-country_code",
    )
    left.number_input(importer.column_label("lat"), -90.0, 90.0, value=None, format="%.4f", key="ep-lat")
    right.number_input(importer.column_label("lon"), -180.0, 180.0, value=None, format="%.4f", key="ep-lon")
    left.text_input(importer.column_label("location_note"), key="ep-location_note")
    right.text_input(importer.column_label("location_note_bg"), key="ep-location_note_bg")
    st.selectbox(
        importer.column_label("source_id"), list(sources), format_func=sources.get, key="ep-source_id"
    )
    member_of = left.selectbox(
        t("data.edit.partner.member_of"),
        [None, *programmes],
        format_func=lambda v: "—" if v is None else programmes[v],
    )
    roles = enum[("membership", "role")]
    role = right.selectbox(
        importer.column_label("role"),
        roles,
        index=roles.index("member"),
        format_func=lambda v: i18n.label("role", v),
    )
    if st.button(t("data.edit.check"), key="ep-check", type="primary", icon=":material/fact_check:"):
        values = {c: st.session_state.get(f"ep-{c}") for c in PARTNER_FIELDS}
        values["id"] = pick or qe.unique_id(qe.slug(values["name_en"] or ""), partners)
        membership = None
        if member_of:
            membership = {
                "programme_id": member_of,
                "partner_id": values["id"],
                "role": role,
                "source_id": values["source_id"],
            }
        ui.check_change("edit", qe.partner_change(values, membership), who)

with tabs[1]:
    left, right = st.columns(2)
    programme = left.selectbox(
        importer.column_label("programme_id"),
        list(programmes),
        format_func=programmes.get,
        key="ee-programme",
    )
    kind = right.selectbox(
        importer.column_label("kind"),
        enum[("event", "kind")],
        format_func=lambda v: i18n.label("event_kind", v),
        key="ee-kind",
    )
    title_en = left.text_input(importer.column_label("title_en"), key="ee-title_en")
    title_bg = right.text_input(importer.column_label("title_bg"), key="ee-title_bg")
    start = left.date_input(
        importer.column_label("start_date"), value=None, format="DD.MM.YYYY", key="ee-start"
    )
    end = right.date_input(importer.column_label("end_date"), value=None, format="DD.MM.YYYY", key="ee-end")
    host = left.selectbox(
        importer.column_label("host_partner_id"),
        [None, *partners],
        format_func=lambda v: "—" if v is None else partners[v],
        key="ee-host",
    )
    online = right.toggle(importer.column_label("online"), key="ee-online")
    taking_part = st.multiselect(
        t("data.edit.event.partners"), list(partners), format_func=partners.get, key="ee-partners"
    )
    summary_en = left.text_area(importer.column_label("summary_en"), key="ee-summary_en")
    summary_bg = right.text_area(importer.column_label("summary_bg"), key="ee-summary_bg")
    source = st.selectbox(
        importer.column_label("source_id"), list(sources), format_func=sources.get, key="ee-source"
    )
    if st.button(t("data.edit.check"), key="ee-check", type="primary", icon=":material/fact_check:"):
        base = qe.slug(f"{programme}-{start:%Y-%m}-{title_en}" if start else f"{programme}-{title_en}")
        event_id = qe.unique_id(base, (r["id"] for r in data["event"]))
        values = {
            "id": event_id,
            "programme_id": programme,
            "kind": kind,
            "title_en": title_en,
            "title_bg": title_bg,
            "start_date": start,
            "end_date": end,
            "host_partner_id": host,
            "online": online,
            "summary_en": summary_en,
            "summary_bg": summary_bg,
            "source_id": source,
        }
        ui.check_change("edit", qe.event_change(values, taking_part, source, host), who)

with tabs[2]:
    indicators = qe.labelled(data["indicator"])
    left, right = st.columns(2)
    indicator = left.selectbox(
        importer.column_label("indicator_id"),
        list(indicators),
        format_func=indicators.get,
        key="eo-indicator",
    )
    partner = right.selectbox(
        importer.column_label("partner_id"),
        list(partners),
        index=list(partners).index(config.HOME_PARTNER) if config.HOME_PARTNER in partners else 0,
        format_func=partners.get,
        key="eo-partner",
    )
    year = left.number_input(
        t("data.edit.observation.year"), 1990, 2100, value=dt.date.today().year, step=1, key="eo-year"
    )
    kind = right.selectbox(
        importer.column_label("kind"),
        enum[("observation", "kind")],
        format_func=lambda v: i18n.label("observation_kind", v),
        key="eo-kind",
    )
    value = left.number_input(importer.column_label("value"), value=None, key="eo-value")
    source = right.selectbox(
        importer.column_label("source_id"), list(sources), format_func=sources.get, key="eo-source"
    )
    if st.button(t("data.edit.check"), key="eo-check", type="primary", icon=":material/fact_check:"):
        values = {
            "indicator_id": indicator,
            "partner_id": partner,
            "period": dt.date(int(year), 1, 1),
            "kind": kind,
            "value": value,
            "source_id": source,
            "updated_at": dt.date.today(),
        }
        ui.check_change("edit", qe.observation_change(values), who)

with tabs[3]:
    actions = {
        str(r["id"]): f"{i18n.action_code(r.get('code'))} {i18n.name(r, 'title')}".strip()
        for r in data["action"]
    }
    chosen = st.selectbox(t("data.edit.action.pick"), list(actions), format_func=actions.get, key="ea-action")
    row = qe.by_id(data["action"]).get(chosen or "", {})
    left, right = st.columns(2)
    statuses = enum[("action", "status")]
    status = left.selectbox(
        importer.column_label("status"),
        statuses,
        index=statuses.index(row["status"]) if row.get("status") in statuses else 0,
        format_func=lambda v: i18n.label("action_status", v),
        key=f"ea-status-{chosen}",
    )
    progress = right.number_input(
        importer.column_label("progress_pct"),
        0.0,
        100.0,
        value=row.get("progress_pct"),
        key=f"ea-progress-{chosen}",
    )
    status_source = st.selectbox(
        importer.column_label("status_source_id"),
        list(sources),
        index=list(sources).index(row["status_source_id"]) if row.get("status_source_id") in sources else 0,
        format_func=sources.get,
        key=f"ea-source-{chosen}",
    )
    if row and st.button(t("data.edit.check"), key="ea-check", type="primary", icon=":material/fact_check:"):
        ui.check_change("edit", qe.action_change(row, status, progress, status_source), who)

ui.review_change("edit", who)
