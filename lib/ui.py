"""Page chrome shared by every page: language switch, global filters, badges and KPI helpers.

With db.py, the only module in lib/ that imports streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from lib import config, db, i18n
from lib.filters import Filters
from lib.i18n import t

FAMILIES = ("urban-agenda", "city-pairing", "challenge", "research", "philanthropy")
STATUSES = ("active", "completed", "planned")
YEARS = tuple(range(config.FIRST_YEAR, config.LAST_YEAR + 1))
#: URL parameters the frame binds (besides the pages' own).
FILTER_KEYS = ("family", "programme", "theme", "country", "period", "status")


def today() -> dt.date:
    return dt.date.today()


def url_values(key: str, allowed: Sequence[object], label: str) -> list[str] | None:
    """The values of ?key= that are among `allowed` (None when the URL lacks the key).

    Unknown values are reported in the sidebar and dropped, never raised.
    """
    if key not in st.query_params:
        return None
    allowed_text = {str(a): a for a in allowed}
    raw = st.query_params.get_all(key)
    bad = [v for v in raw if v not in allowed_text]
    if bad:
        st.sidebar.warning(
            t("filters.unknown_value", label=label, values=", ".join(bad)), icon=":material/link_off:"
        )
    return [allowed_text[v] for v in raw if v in allowed_text]


def _as_strings(value: object) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in (value if isinstance(value, list | tuple) else [value])]


def write_url(key: str, value: object, default: object) -> None:
    """Keep ?key= equal to a widget's value (ids, not labels, so a link works in either language)."""
    values = _as_strings(value)
    if values == _as_strings(default) or not values:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get_all(key) != values:
        st.query_params[key] = values


def sync_url(key: str, default: object) -> None:
    """on_change of a URL-kept widget: write its new value to the URL before the rerun reads it."""
    write_url(key, st.session_state.get(key), default)


def seed_from_url(key: str, allowed: Sequence[object], label: str, multi: bool) -> None:
    """Before drawing a bound widget: a value in the URL wins over the session's (URL > session > default).

    Streamlit's own bind="query-params" writes option labels into the URL, which differ by language;
    this keeps ids there instead.
    """
    values = url_values(key, allowed, label)
    if values is None:
        return
    if multi:
        st.session_state[key] = values
    elif values:
        st.session_state[key] = values[0]


def language_switch() -> str:
    """The BG/EN switch, bound to ?lang=; sets the language of this run and returns it."""
    default = config.LANGUAGES[0]
    seed_from_url("lang", config.LANGUAGES, "lang", multi=False)
    st.session_state.setdefault("lang", default)
    lang = st.sidebar.segmented_control(
        "Език / Language",
        options=list(config.LANGUAGES),
        format_func=lambda code: {"bg": "БГ", "en": "EN"}[code],
        required=True,
        key="lang",
        on_change=sync_url,
        args=("lang", default),
        label_visibility="collapsed",
    )
    lang = i18n.set_language(lang or default)
    write_url("lang", lang, default)
    return lang


def _multiselect(key: str, label: str, options: Sequence[str], format_func) -> list[str]:
    seed_from_url(key, options, label, multi=True)
    value = st.sidebar.multiselect(
        label,
        list(options),
        format_func=format_func,
        placeholder=t("filters.all"),
        key=key,
        on_change=sync_url,
        args=(key, []),
    )
    write_url(key, value, [])
    return value


def global_filters() -> Filters:
    """Draw the sidebar filters (kept in the URL) and return the current selection."""
    options = db.query("filter_options")
    programmes = options[options.kind == "programme"].value.tolist()
    themes = options[options.kind == "theme"].value.tolist()
    countries = sorted(options[options.kind == "country"].value, key=i18n.country)
    names = {r.value: i18n.name(r) for r in options.itertuples() if r.kind in ("programme", "theme")}
    st.sidebar.markdown(f"**{t('filters.title')}**", help=t("filters.help"))
    families = _multiselect("family", t("filters.family"), FAMILIES, lambda v: i18n.label("family", v))
    chosen = _multiselect("programme", t("filters.programme"), programmes, lambda v: names.get(v, v))
    theme_ids = _multiselect("theme", t("filters.theme"), themes, lambda v: names.get(v, v))
    country_codes = _multiselect("country", t("filters.country"), countries, i18n.country)
    full = (YEARS[0], YEARS[-1])
    url_period = url_values("period", YEARS, t("filters.period"))
    if url_period:
        st.session_state["period"] = (min(url_period), max(url_period))
    st.session_state.setdefault("period", full)
    period = st.sidebar.select_slider(
        t("filters.period"), options=list(YEARS), key="period", on_change=sync_url, args=("period", full)
    )
    write_url("period", tuple(period), full)
    statuses = _multiselect("status", t("filters.status"), STATUSES, lambda v: i18n.label("status", v))
    filters = Filters(
        families=tuple(families),
        programmes=tuple(chosen),
        themes=tuple(theme_ids),
        countries=tuple(country_codes),
        statuses=tuple(statuses),
        year_from=int(period[0]),
        year_to=int(period[1]),
    )
    if not filters.is_default:
        st.sidebar.button(t("filters.reset"), on_click=_reset_filters, icon=":material/filter_alt_off:")
    st.session_state["filters"] = filters
    return filters


def _reset_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)
        if key in st.query_params:
            del st.query_params[key]


def current_filters() -> Filters:
    """The selection the frame drew in this run (defaults when a page runs on its own)."""
    return st.session_state.get("filters", Filters())


def programme_scope(filters: Filters) -> tuple[str, ...]:
    """Ids of the programmes the global filters select."""
    return tuple(db.query("programme_scope", **filters.scope_params())["id"])


def page_title(title_key: str, caption_key: str | None = None) -> None:
    st.title(t(title_key))
    if caption_key:
        st.caption(t(caption_key))


def sample_badge() -> None:
    """The "sample data" mark for illustrative numbers."""
    st.badge(t("common.sample"), icon=":material/science:", color="orange", help=t("common.sample_help"))


def uncertain_badge() -> None:
    st.badge(t("common.uncertain"), icon=":material/help:", color="gray", help=t("common.uncertain_help"))


def empty_state(message_key: str = "common.empty") -> None:
    st.info(t(message_key), icon=":material/filter_alt:")


def kpi(label: str, value: str | int, change: int | None, description: str, help_text: str) -> None:
    st.metric(
        label,
        value,
        delta=change,
        delta_description=description,
        help=help_text,
        border=True,
    )


def localise(frame: pd.DataFrame, fields: Sequence[str]) -> pd.DataFrame:
    """Add a column per field with the value in the current language (from <field>_bg / <field>_en)."""
    out = frame.copy()
    lang = i18n.language()
    for field in fields:
        out[field] = out[f"{field}_{lang}"].fillna(out[f"{field}_en"])
    return out


def footer() -> None:
    st.divider()
    st.caption(t("common.data_footer", version=db.data_version()))
