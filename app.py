"""Sofia International Partnerships: the frame. Language, global filters and navigation; pages run inside."""

from __future__ import annotations

import streamlit as st

from lib import slide_html, ui
from lib.i18n import t
from lib.navigation import PAGES, in_navigation

st.set_page_config(page_title="Sofia International Partnerships", page_icon="data/favicon.png", layout="wide")
lang = ui.language_switch()
st.set_page_config(page_title=t("app.title"))
st.logo(f"data/logo-{lang}.svg", size="large")
st.sidebar.caption(t("app.subtitle"))
ui.require_database()
ui.rerun_after_reconnect()

editor = ui.is_editor()
sections: dict[str, list[st.Page]] = {}
specs = {}
for spec in PAGES:
    page = st.Page(
        spec.path,
        title=t(spec.title),
        icon=spec.icon,
        url_path=spec.url_path,
        default=spec.default,
        visibility="visible" if in_navigation(spec, editor) else "hidden",
    )
    sections.setdefault(t(spec.section), []).append(page)
    specs[page.url_path] = spec
navigation = st.navigation(sections)
running = specs[navigation.url_path]
reader = ui.may_read()
if running.fullscreen:
    ui.fullscreen(slide_html.PAGE_CSS)
else:
    ui.print_styles(slide_html.PRINT_CSS)
    ui.page_not_found([spec.url_path for spec in PAGES])
    if reader:
        ui.search_box()
if reader and running.role is None and not running.hidden:
    ui.global_filters(running.shows)
ui.glossary()
ui.account_box()
ui.require_reader()
navigation.run()
