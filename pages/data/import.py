"""Import: upload CSV or Excel files (one table, or a workbook with a sheet per table), see every problem or
what would change, and publish it as a new version. Editors only."""

import streamlit as st

from lib import changes, i18n, importer, ui, validate
from lib.i18n import t

who = ui.require_editor("nav.import")
st.caption(t("data.import.caption"))
lang = i18n.language()
with st.expander(t("data.import.templates"), icon=":material/download:"):
    st.caption(t("data.import.templates_help"))
    ui.workbook_and_csv_downloads(
        (t("data.import.template_excel"), lambda: importer.template_workbook(lang)),
        (t("data.import.template_csv"), lambda: importer.template_csv_zip(lang)),
        f"templates-{lang}",
    )

files = st.file_uploader(
    t("data.import.files"),
    type=["csv", "txt", "tsv", *(s.lstrip(".") for s in importer.WORKBOOK_SUFFIXES)],
    accept_multiple_files=True,
    key="import-files",
    help=t("data.import.files_help"),
)
left, right = st.columns(2)
table = left.selectbox(
    t("data.import.table"),
    [None, *validate.TABLES],
    format_func=lambda v: t("data.import.table_auto") if v is None else importer.table_label(v),
    key="import-table",
)
mode = right.radio(
    t("data.import.mode"),
    changes.MODES,
    format_func=lambda v: t(f"data.import.mode_{v}"),
    key="import-mode",
    horizontal=True,
)
if st.button(t("data.import.check"), type="primary", icon=":material/fact_check:", disabled=not files):
    uploads = [importer.Upload(f.name, f.getvalue()) for f in files]
    ui.check_change("import", changes.from_uploads(importer.read_uploads(uploads, table), mode), who)
ui.review_change("import", who)
