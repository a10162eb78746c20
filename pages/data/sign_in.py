"""Sign in: the form of local accounts, or the button to the identity provider; once signed in, who and
where the Data pages are."""

import streamlit as st

from lib import navigation, ui
from lib.i18n import t

ui.page_title("auth.sign_in_title", "auth.sign_in_caption")
who = ui.identity()
if who is None:
    ui.sign_in_form()
    st.stop()
ui.signed_in_note(who)
if ui.is_editor():
    st.caption(t("auth.signed_in_links"))
    for spec in navigation.PAGES:
        if spec.role == "editor":
            ui.page_link(spec)
