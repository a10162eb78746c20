"""History and export: every published version (who, when, what, a note), restoring an earlier one as a new
version, the history as a download, and the current data as a workbook or CSV files. Editors only."""

import json

import streamlit as st

from lib import changes, dataset, exports, ui
from lib.i18n import t

who = ui.require_editor("nav.history")
data = ui.data_store()
current = data.current()
versions = changes.history(data)
st.caption(t("data.history.caption", n=len(versions), keep=data.keep))
frame = changes.history_frame(data)
st.dataframe(frame, hide_index=True, width="stretch", height=min(520, 38 + 35 * len(frame)))
with st.container(horizontal=True):
    st.download_button(
        t("data.history.download_csv"),
        lambda: exports.to_csv(changes.history_frame(data)),
        file_name="history.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    st.download_button(
        t("data.history.download_json"),
        lambda: json.dumps(changes.history_records(data), ensure_ascii=False, indent=1).encode("utf-8"),
        file_name="history.json",
        mime="application/json",
        icon=":material/data_object:",
        on_click="ignore",
    )

st.subheader(t("data.restore.title"))
choices = [v.number for v in versions if v.available and current is not None and v.number != current.number]
if not choices:
    st.caption(t("data.restore.none"))
else:
    number = st.selectbox(
        t("data.restore.version"),
        choices,
        format_func=lambda n: t(
            "data.restore.option", version=n, what=changes.describe(data.version(n).info)
        ),
        key="restore-version",
    )
    st.text_input(t("data.note"), key="restore-note", max_chars=500)
    ui.restore_button(number, current.number if current else None, who)

st.subheader(t("data.export.title"))
st.caption(t("data.export.caption", version=current.number if current else "—"))
if current is not None:
    rows = changes.version_rows(current)
    ui.workbook_and_csv_downloads(
        (t("data.export.workbook"), lambda: dataset.to_workbook(rows)),
        (t("data.export.csv"), lambda: dataset.to_csv_zip(rows)),
        f"partnerships-v{current.number}",
    )
