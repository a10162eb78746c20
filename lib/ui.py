"""Page chrome shared by every page: language switch, global filters, badges and KPI helpers.

With db.py, the only module in lib/ that imports streamlit.
"""

from __future__ import annotations

import copy
import datetime as dt
import heapq
import math
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib import (
    accounts,
    auth,
    changes,
    charts,
    config,
    db,
    exports,
    faults,
    i18n,
    importer,
    labels,
    navigation,
    safe,
    search,
    seed,
    store,
    validate,
)
from lib.filters import Filters
from lib.i18n import t

T = TypeVar("T")
FAMILIES = seed.ENUMS[("programme", "family")]
STATUSES = seed.ENUMS[("programme", "status")]
YEARS = tuple(range(config.FIRST_YEAR, config.LAST_YEAR + 1))
#: URL parameters the frame binds (besides the pages' own).
FILTER_KEYS = ("family", "programme", "theme", "country", "period", "status")


@dataclass(frozen=True)
class FrameState:
    """What the frame (app.py) hands to the page it runs; kept in one session-state entry, read through
    frame_state(). The defaults are what a page sees when it runs without the frame."""

    filters: Filters = field(default_factory=Filters)
    #: The ?programme= values as the link had them, before the filters dropped unknown ones (the
    #: Programmes page says which are unknown, with the closest matches).
    asked_programmes: tuple[str, ...] = ()


_FRAME_STATE = "_frame"


def frame_state() -> FrameState:
    """The frame's state of this run (defaults when a page runs on its own)."""
    state = st.session_state.get(_FRAME_STATE)
    return state if isinstance(state, FrameState) else FrameState()


def today() -> dt.date:
    return dt.date.today()


def theme() -> str:
    """The viewer's theme, "light" or "dark" (the app follows the browser's setting)."""
    return getattr(st.context.theme, "type", None) or "light"


def chart(fig: Any, key: str, title: str | None = None, where: Any = st, **options: Any) -> Any:
    """A Plotly figure as every page shows one: finished for the viewer's theme (charts.finish: the app's
    type and colours, not Streamlit's chart theme), its title inside the figure so that a downloaded PNG
    keeps it, full width. `options` go to st.plotly_chart (on_select, selection_mode, ...); `where` is a
    column or container to draw in. `fig` is left as it was (it may be shared: db.kept); the finished copy
    of a kept figure is made once per theme and title (db.derived)."""
    fig = db.derived(fig, ("chart", theme(), title), lambda: charts.finish(go.Figure(fig), theme(), title))
    config = charts.image_config(title or key) | options.pop("config", {})
    return where.plotly_chart(fig, key=key, theme=None, width="stretch", config=config, **options)


def url_values(key: str, allowed: Sequence[T], label: str, report: bool = True) -> list[T] | None:
    """The values of ?key= that are among `allowed` (None when the URL lacks the key).

    Unknown values are reported in the sidebar (unless the page says it itself: report=False) and dropped,
    never raised.
    """
    if key not in st.query_params:
        return None
    allowed_text = {str(a): a for a in allowed}
    raw = st.query_params.get_all(key)
    bad = [v for v in raw if v not in allowed_text]
    if bad and report:
        st.sidebar.warning(
            t("filters.unknown_value", label=safe.md(label), values=safe.md(", ".join(bad))),
            icon=":material/link_off:",
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


def seed_from_url(key: str, allowed: Sequence[object], label: str, multi: bool, report: bool = True) -> None:
    """Before drawing a bound widget: a value in the URL wins over the session's (URL > session > default).

    Streamlit's own bind="query-params" writes option labels into the URL, which differ by language;
    this keeps ids there instead.
    """
    values = url_values(key, allowed, label, report)
    if values is None:
        return
    if multi:
        st.session_state[key] = values
    elif values:
        st.session_state[key] = values[0]


def _choose_language(code: str) -> None:
    st.session_state["_lang"] = code
    write_url("lang", code, config.LANGUAGES[0])


@st.fragment(run_every=dt.timedelta(hours=1))
def rerun_after_reconnect() -> None:
    """Draws nothing. A fragment with run_every makes Streamlit's frontend ask for a full script run when
    its websocket reconnects (1.67: only then, or when a run was going on). Behind a load balancer that
    reconnect may reach another replica, where this browser's session does not exist yet: the run
    rebuilds the page there from the URL, and the widgets answer again (tests/e2e/test_replicas.py)."""


def require_database() -> None:
    """At the start of every run: the current database (a new version from this run on), or a clear page
    saying what is wrong with it (db.require)."""
    db.require()


def language_switch() -> str:
    """The БГ/EN switch, kept in ?lang=; sets the language of this run and returns it.

    Two buttons rather than a selection widget: on a page switch Streamlit 1.67 hands a segmented control
    its default value again, which would drop the language; a plain session value does not move.
    """
    default = config.LANGUAGES[0]
    if "_lang" not in st.session_state and (kept := _kept_language()):
        st.session_state["_lang"] = kept
    i18n.set_language(st.session_state.get("_lang", default))  # a bad ?lang= is reported in this language
    from_url = url_values("lang", config.LANGUAGES, t("app.language"))
    if from_url:
        st.session_state["_lang"] = from_url[0]
    lang = i18n.set_language(st.session_state.get("_lang", default))
    row = st.sidebar.container(horizontal=True, gap="small")
    for code, text in (("bg", "БГ"), ("en", "EN")):
        row.button(
            text,
            key=f"lang-{code}",
            type="primary" if code == lang else "secondary",
            on_click=_choose_language,
            args=(code,),
            help="Български" if code == "bg" else "English",
        )
    write_url("lang", lang, default)
    _keep_language(lang)
    return lang


#: With an identity provider, signing in and out passes through the provider's pages, and Streamlit comes
#: back to the app's root without the ?lang= of the page left: the language is kept in this cookie for
#: that return (local accounts sign in on the page itself and need none).
_LANG_COOKIE = "sip_lang"


def _kept_language() -> str | None:
    """The language kept for the return from the identity provider, if any."""
    if not uses_identity_provider():
        return None
    kept = st.context.cookies.get(_LANG_COOKIE)
    return kept if kept in config.LANGUAGES else None


def _keep_language(lang: str) -> None:
    if uses_identity_provider() and st.context.cookies.get(_LANG_COOKIE) != lang:
        with st.sidebar:
            _write_cookie(_LANG_COOKIE, lang, 3600 * config.signin_hours())


def _multiselect(key: str, label: str, options: Sequence[str], format_func, report: bool = True) -> list[str]:
    seed_from_url(key, options, label, multi=True, report=report)
    value = st.sidebar.multiselect(
        label,
        list(options),
        format_func=format_func,
        placeholder=t("filters.all"),
        key=key,
        on_change=sync_url,
        args=(key, []),
        persist_state="session",
    )
    write_url(key, value, [])
    return value


def global_filters(page_shows: str | None = None) -> Filters:
    """Draw the sidebar filters (kept in the URL), hand them to the page (frame_state()) and return them.

    page_shows: the kind of record the running page opens (navigation.PageSpec.shows). The Programmes page
    says itself which ?programme= ids are unknown, with the closest matches, so the sidebar does not too.
    """
    asked_programmes = tuple(st.query_params.get_all("programme"))
    options = db.query("filter_options")
    programmes = options[options.kind == "programme"].value.tolist()
    themes = options[options.kind == "theme"].value.tolist()
    countries = sorted(options[options.kind == "country"].value, key=i18n.country)
    named = options[options.kind.isin(("programme", "theme"))]
    names = dict(zip(named["value"], i18n.names(named), strict=True))
    st.sidebar.markdown(f"**{t('filters.title')}**", help=t("filters.help"))
    families = _multiselect("family", t("filters.family"), FAMILIES, lambda v: i18n.label("family", v))
    chosen = _multiselect(
        "programme",
        t("filters.programme"),
        programmes,
        lambda v: names.get(v, v),
        report=page_shows != "programme",
    )
    theme_ids = _multiselect("theme", t("filters.theme"), themes, lambda v: names.get(v, v))
    country_codes = _multiselect("country", t("filters.country"), countries, i18n.country)
    full = (YEARS[0], YEARS[-1])
    url_period = url_values("period", YEARS, t("filters.period"))
    if url_period:
        st.session_state["period"] = (min(url_period), max(url_period))
    period = st.sidebar.select_slider(
        t("filters.period"),
        options=list(YEARS),
        value=full,
        key="period",
        on_change=sync_url,
        args=("period", full),
        persist_state="session",
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
    st.session_state[_FRAME_STATE] = FrameState(filters, asked_programmes)
    return filters


def _reset_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)
        if key in st.query_params:
            del st.query_params[key]


def current_filters() -> Filters:
    """The selection the frame drew in this run (defaults when a page runs on its own)."""
    return frame_state().filters


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


def show_all(key: str, shown: int, total: int, note_key: str, label_key: str) -> bool:
    """Where a chart or list draws only `shown` of `total` rows (what a person can read): the note saying
    so (note_key, with {shown} and {n}) and a toggle to draw them all (label_key, with {n}). True when the
    toggle is on; False, with nothing drawn, when nothing was left out."""
    if shown >= total:
        return False
    note, switch = st.columns([3, 1], vertical_alignment="center")
    note.caption(t(note_key, shown=i18n.number(shown), n=i18n.number(total)))
    return switch.toggle(t(label_key, n=i18n.number(total)), key=key)


def limited_note(note_key: str, shown: int, total: int) -> None:
    """Under a chart that draws only `shown` of `total` (the table below it has them all): say so."""
    if shown < total:
        st.caption(t(note_key, shown=i18n.number(shown), n=i18n.number(total)))


def empty_state(message_key: str = "common.empty") -> None:
    st.info(t(message_key), icon=":material/filter_alt:")


#: One rule for changes on every page (glossary "Changes and colours"): a change is a grey number with its
#: sign and unit, its arrow and sparkline grey too; colour says only a status against a target, on the
#: status badge, always with its word.
DELTA_COLOUR: Literal["off"] = "off"
BadgeColour = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary"]


class KpiCard(Protocol):
    """What ui.kpi() draws (overview.Kpi is one)."""

    label: str
    value: str
    note: str
    help: str
    delta: int | None
    delta_text: str | None
    sample: bool


class MetricCard(Protocol):
    """What ui.indicator_metric() draws (progress.Card is one)."""

    label: str
    value: str
    delta: str | None
    description: str
    history: list[float]
    help: str


def kpi(card: KpiCard) -> None:
    """A headline number in a bordered card: the value, a change only when there is one, a line of context."""
    with st.container(border=True, height="stretch"):
        st.markdown(card.label)  # a label that wraps where the metric's own would be cut
        st.metric(
            card.label,
            card.value,
            label_visibility="collapsed",
            delta=card.delta,
            delta_color=DELTA_COLOUR,
            delta_description=card.delta_text,
        )
        st.caption(card.note, help=card.help)
        if card.sample:
            sample_badge()


def indicator_metric(card: MetricCard) -> None:
    """An indicator's latest value, its gap to the target (in its unit) and its history, as on Progress."""
    st.markdown(f"**{safe.md(card.label)}**")
    st.metric(
        safe.md(card.label),
        card.value,
        label_visibility="collapsed",
        delta=card.delta,
        delta_color=DELTA_COLOUR,
        chart_data=card.history or None,
        help=card.help,
    )
    st.caption(card.description)  # under the number: as the change's description it was cut at 1440


def badge(text: str, icon: str, colour: BadgeColour) -> None:
    """A status badge from progress.status_badge(): text, icon and colour together."""
    st.badge(text, icon=icon, color=colour)


GLOSSARY = (
    "sofia_partners",
    "cities",
    "members",
    "listed",
    "running",
    "events",
    "actions_done",
    "late",
    "no_contact",
    "sample",
    "deltas",
)


def page_not_found(known: Sequence[str]) -> None:
    """Say so when the link names a page the app does not have (Streamlit then runs the default page, with
    only an English notice of its own)."""
    ctx = get_script_run_ctx()
    asked = (ctx.pages_manager.intended_page_name or "").strip("/") if ctx else ""
    if asked and asked not in known:
        st.warning(t("app.no_such_page", page=safe.md(asked)), icon=":material/link_off:")


def glossary_markdown() -> str:
    """What each number counts (lib/locales/glossary.toml), as Markdown: a term in bold, then its rule."""
    lines = [t("glossary.intro")]
    for term in GLOSSARY:
        text = t(f"glossary.{term}.text", months=config.DORMANT_MONTHS)
        lines.append(f"**{t(f'glossary.{term}.term')}**: {text}")
    return "\n\n".join(lines)


def glossary() -> None:
    """The glossary in the sidebar, reachable from every page."""
    with st.sidebar.popover(t("glossary.title"), icon=":material/menu_book:", width="stretch"):
        st.markdown(glossary_markdown())


def footer() -> None:
    """What the data is and how old, in words; the technical ids only in a details popover."""
    dates = db.query("data_dates").iloc[0]
    read = i18n.date(dates["sources_read"]) if not pd.isna(dates["sources_read"]) else "–"
    st.divider()
    text, details = st.columns([6, 1], vertical_alignment="center")
    text.caption(t("common.data_footer", date=read))
    with details.popover(t("common.data_details"), type="tertiary", icon=":material/info:"):
        built = pd.Timestamp(dates["built_at"]) if isinstance(dates["built_at"], str) else None
        st.caption(
            t(
                "common.data_details_text",
                version=safe.md(db.data_version()),
                built=i18n.date(built) if built is not None else "–",
            )
        )


# --- Links to programmes, partners and events; the search in the frame -------------------------------


def entity_link(
    kind: str, item_id: str, label: str, where=st, help_text: str | None = None, partner_type: str = ""
) -> None:
    """A link that opens a programme, partner or event (its id as ?programme=, ?partner=, ?event=) on the
    page that shows that kind (lib/navigation.py). `label` is plain text (shown as the
    characters it holds); a partner's link shows the icon of its type when the caller knows it."""
    spec = navigation.page_for(kind)
    if spec is None:
        raise KeyError(f"no page shows a {kind!r}")
    where.page_link(
        spec.path,
        label=safe.md(label),
        icon=navigation.record_icon(kind, partner_type),
        query_params=navigation.link_params(kind, item_id),
        help=help_text,
    )


def open_record(kind: str, item_id: str) -> None:
    """Switch to the page of one programme, partner or event (a click on a table row or a chart point)."""
    spec = navigation.page_for(kind)
    if spec is None:
        raise KeyError(f"no page shows a {kind!r}")
    st.switch_page(spec.path, query_params=navigation.link_params(kind, item_id))


def _search_items() -> list[search.Item]:
    return search.items_from(db.query("explore_search_items"))


def search_box() -> None:
    """The search in the frame: programmes, partners and events by name, in either language and script."""
    query = st.sidebar.text_input(
        t("explore.search.label"),
        key="search",
        type="search",
        live=True,
        icon=":material/search:",
        placeholder=t("explore.search.placeholder"),
        help=t("explore.search.help"),
        label_visibility="collapsed",
    )
    if not query or not query.strip():
        return
    hits = search.search(query, _search_items(), limit=8)
    if not hits:
        st.sidebar.caption(t("explore.search.none", query=safe.md(query.strip())))
    for hit in hits:
        entity_link(
            hit.item.kind, hit.item.id, search.item_label(hit.item), st.sidebar, partner_type=hit.item.type
        )


def not_found(kind: str, value: str) -> None:
    """A clear "not found" for an unknown id in the URL, with the closest matches as links."""
    message = {
        "programme": t("explore.not_found.programme", value=safe.md(value)),
        "partner": t("explore.not_found.partner", value=safe.md(value)),
        "event": t("explore.not_found.event", value=safe.md(value)),
    }[kind]
    matches = search.closest(value, [i for i in _search_items() if i.kind == kind])
    hint = t("explore.not_found.did_you_mean") if matches else t("explore.not_found.none")
    st.warning(f"{message} {hint}", icon=":material/link_off:")
    for item in matches:
        entity_link(kind, item.id, search.item_label(item), partner_type=item.type)


def selected_record(kind: str) -> dict | None:
    """The record named by ?<kind>=<id> (partner or event), via queries/explore_<kind>.sql; None when the
    URL names none, and a clear "not found" with the closest matches when it names an unknown id."""
    wanted = st.query_params.get(kind)
    if not wanted:
        return None
    found = db.query(f"explore_{kind}", id=wanted)
    if found.empty:
        not_found(kind, wanted)
        return None
    return found.iloc[0].to_dict()


def clear_selection(key: str) -> None:
    """on_click of "back to the list": forget ?<key>= (and the programme filter when key is "programme")."""
    st.session_state.pop(key, None)
    if key in st.query_params:
        del st.query_params[key]


# --- Progress: the data behind a chart; a URL-kept choice of one id ---------------------------------------


#: A table's text is Source Sans, 400 14 px (Streamlit's grid). labels.text_width(s, GRID_TEXT_SIZE) is
#: never narrower than that: measured in Chromium (canvas measureText) over 1,220 names, titles and
#: interface strings of the demo in both languages, ratio min 1.00, mean 1.14.
GRID_TEXT_SIZE = 10.9
#: A cell's padding (the grid's 8 px on each side).
GRID_CELL_PAD = 16
#: The grid's widest self-sized column (31.25rem) and the width of each named size.
GRID_AUTO_MAX = 500
GRID_NAMED_WIDTHS = {"small": 75, "medium": 200, "large": 400}
#: The width a table may fill at 1440×900: the main column is 978 px, less a vertical scroll bar; in an
#: expander (view_data) less its padding; a table whose rows can be selected has a column of check boxes.
TABLE_ROOM = 960
EXPANDER_PADDING = 34
SELECTION_COLUMN = 36
#: When the columns are too wide together, the text columns are shortened to a common width, not below this.
MIN_TEXT_COLUMN = 120
#: A row height (pixels) at which the grid wraps a cell's text (above 4rem): three lines of 14 px text.
WRAPPED_ROW = 66
#: The widest cells are found among this many longest distinct ones (characters), so a long table is not
#: measured cell by cell.
MEASURED_CELLS = 40


def _given_width(column: Any) -> int | None:
    width = column.get("width") if isinstance(column, dict) else None
    return GRID_NAMED_WIDTHS.get(width) if isinstance(width, str) else width


def column_extent(values: pd.Series, header: str) -> tuple[int, int]:
    """(one line, widest word): the width in pixels a column of these values needs at most to show its
    longest cell on one line, and to show every word of it whole when it wraps (the header never wraps)."""
    cells = dict.fromkeys(map(str, values.dropna().tolist()))  # each distinct text once, in order
    longest = heapq.nlargest(MEASURED_CELLS, cells, key=len)

    def px(s: str) -> int:
        return math.ceil(labels.text_width(s, GRID_TEXT_SIZE)) + GRID_CELL_PAD

    line = max([px(header), *map(px, longest)])
    word = max([px(header), *(px(w) for v in longest for w in v.split())])
    return line, word


def fitted(
    frame: pd.DataFrame,
    column_config: dict | None = None,
    room: int = TABLE_ROOM,
    wrap: bool = False,
    selectable: bool = False,
) -> dict:
    """st.dataframe's column_config for `frame` so that its columns fit in `room` pixels (1440 px): the given
    config, and when the columns sized to their content would be wider than that, widths for the text
    columns the config does not size. Left to size themselves, one name or note column pushed the others
    out of sight at 1440 px.

    On one line (the default), the longer ones are shortened to one common width (the widest that fits,
    at least MIN_TEXT_COLUMN); the full text shows on hover and in the download. With `wrap` (for a table
    drawn with row_height=WRAPPED_ROW), each text column gets a share in proportion to its longest cell, so
    that they wrap to about as many lines, and never less than its widest word. A wider screen stretches
    the widths. `selectable`: the rows can be selected (a column of check boxes takes room).

    Measured once per kept table (db.derived)."""
    key = ("fitted", repr(column_config), room, wrap, selectable)
    made = db.derived(frame, key, lambda: _fitted(frame, column_config, room, wrap, selectable))
    return copy.deepcopy(made)  # st.dataframe may change the config it is given; the kept one stays


def _fitted(frame: pd.DataFrame, column_config: dict | None, room: int, wrap: bool, selectable: bool) -> dict:
    room -= SELECTION_COLUMN if selectable else 0
    config = dict(column_config or {})
    given = {name: _given_width(config.get(name)) for name in frame.columns}
    extent = {name: column_extent(frame[name], str(name)) for name in frame.columns if given[name] is None}
    natural = {name: given[name] or min(GRID_AUTO_MAX, extent[name][0]) for name in frame.columns}
    if sum(natural.values()) <= room:
        return config
    text = [
        name
        for name in frame.columns
        if given[name] is None
        and name not in config
        and (pd.api.types.is_string_dtype(frame[name]) or frame[name].dtype == object)
    ]
    if not text:
        return config
    free = room - sum(natural[name] for name in frame.columns if name not in text)
    if wrap:
        return config | _shares({name: extent[name] for name in text}, free)
    cap = _common_width(sorted(natural[name] for name in text), free)
    return config | {name: {"width": cap} for name in text if natural[name] > cap}


def _common_width(widths: list[int], room: int) -> int:
    """The largest c (at least MIN_TEXT_COLUMN) with sum(min(w, c) for w in widths) <= room; widths sorted."""
    whole = 0  # the widths below c, kept whole
    for i, width in enumerate(widths):
        cap = (room - whole) // (len(widths) - i)
        if cap <= width:
            return max(MIN_TEXT_COLUMN, cap)
        whole += width
    return widths[-1]


def _shares(extents: dict[str, tuple[int, int]], room: int) -> dict[str, dict[str, int]]:
    """Widths max(word, f × line) for the largest f <= 1 whose sum fits in room (the words alone if none)."""

    def widths(f: float) -> dict[str, int]:
        return {name: max(word, math.floor(line * f)) for name, (line, word) in extents.items()}

    low, high = 0.0, 1.0
    for _ in range(30):
        mid = (low + high) / 2
        low, high = (mid, high) if sum(widths(mid).values()) <= room else (low, mid)
    return {name: {"width": width} for name, width in widths(low).items()}


def view_data(frame: pd.DataFrame, file_name: str, key: str, column_config: dict | None = None) -> None:
    """A "view data" expander under a chart, closed: its rows (headers already localised) and a CSV download
    (UTF-8 with BOM; cells that a spreadsheet would run as formulas are neutralised)."""
    with st.expander(t("common.view_data"), icon=":material/table_view:"):
        config = fitted(frame, column_config, room=TABLE_ROOM - EXPANDER_PADDING)
        st.dataframe(frame, hide_index=True, width="stretch", column_config=config)
        st.download_button(
            t("common.download_csv"),
            data=partial(exports.to_csv, frame),  # made on click
            file_name=f"{file_name}.csv",
            mime="text/csv",
            icon=":material/download:",
            key=f"{key}-csv",
            on_click="ignore",
        )


def choose(key: str, label: str, options: Sequence[str], format_func, where=st) -> str:
    """A selectbox of ids kept in ?key= (ids, not labels); an unknown id in the link is reported, and a
    value no longer among the options falls back to the first one."""
    seed_from_url(key, options, label, multi=False)
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    value = where.selectbox(
        label, list(options), format_func=format_func, key=key, on_change=sync_url, args=(key, options[0])
    )
    write_url(key, value, options[0])
    return value


# --- Present: the frame of a full-screen page, the "Present" buttons, printing ---------------------------


def frame_params() -> dict[str, list[str]]:
    """The language and global filters of this view as URL parameters (ids), for a link that keeps them."""
    keys = ("lang", *FILTER_KEYS)
    return {k: st.query_params.get_all(k) for k in keys if st.query_params.get_all(k)}


def fullscreen(css: str) -> None:
    """Full screen for the presenter: no sidebar, header or toolbar (the frame still reads the filters).

    CSS alone hides them: a collapsed sidebar (set_page_config) would stay collapsed on the page the
    presenter goes back to."""
    st.html(f"<style>{css}</style>")


def print_styles(css: str) -> None:
    """The browser's Print on a normal page: A4 landscape, no sidebar and no widgets."""
    st.html(f"<style>{css}</style>")


def present_button(deck: str, slide: int = 1, options: Sequence[str] = ()) -> None:
    """A "Present" link that opens `deck` at `slide` in presenter mode with this view's language, filters
    and the page's own URL options (`options`: the keys of ?view=, ?colour=, ... the deck follows)."""
    if not any(spec.fullscreen for spec in navigation.PAGES):
        return  # no presenter page registered (as the cards' links, the button needs its page)
    kept = {k: st.query_params[k] for k in options if k in st.query_params}
    here = urllib.parse.urlparse(st.context.url or "").path.rstrip("/").rpartition("/")[2]
    if navigation.page_at(here):  # the exit link of the deck comes back here
        kept["from"] = here
    st.page_link(
        navigation.presenter().path,
        label=t("present.button"),
        icon=":material/slideshow:",
        query_params={"deck": deck, "slide": str(slide), **frame_params(), **kept},
        help=t("present.button_help"),
    )


# --- Signing in: who is signed in, the sign-in form, the gate of the Data pages -------------------------

#: This session's local sign-in: a signed token (lib/auth.py), "" once signed out here; absent when the
#: session has done neither (then the browser's cookie, sent when the page was opened, decides).
_SIGNIN = "_signin"


@st.cache_resource(show_spinner=False)
def _accounts(folder: str) -> accounts.Accounts:
    return accounts.Accounts(Path(folder))


def local_accounts() -> accounts.Accounts:
    return _accounts(str(config.signin_dir()))


def uses_identity_provider() -> bool:
    """An identity provider is configured (`[auth]` in .streamlit/secrets.toml): editors sign in with
    st.login; else local accounts."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, OSError, ValueError):
        return False


def identity() -> auth.Identity | None:
    """Who is signed in in this session: st.user (an identity provider), else a local sign-in of this
    session or the browser's signed cookie; None for nobody."""
    found = auth.from_user_info(st.user.to_dict())
    if found is not None or uses_identity_provider():
        return found
    value = st.session_state.get(_SIGNIN)
    if value is None:
        value = st.context.cookies.get(auth.COOKIE)
    try:
        return auth.verify(local_accounts(), value) if value else None
    except (OSError, ValueError):  # an unreadable accounts folder: nobody is signed in
        return None


def is_editor() -> bool:
    return auth.is_editor(identity(), local_accounts())


def may_read() -> bool:
    """Reading is open unless $PARTNERSHIPS_SIGN_IN_TO_READ asks for a signed-in account."""
    return not config.sign_in_to_read() or auth.current_role(identity(), local_accounts()) is not None


def _sign_in_local(form_key: str) -> None:
    name = st.session_state.get(f"{form_key}-name", "")
    password = st.session_state.get(f"{form_key}-password", "")
    st.session_state[f"{form_key}-password"] = ""
    try:
        attempt = local_accounts().sign_in(name, password)
    except (OSError, ValueError):
        st.session_state[f"{form_key}-message"] = ("auth.unavailable", {})
        return
    if attempt.account is None:  # a callback runs before the page sets the language: translated when shown
        message = ("auth.wait", {"seconds": attempt.wait}) if attempt.wait else ("auth.wrong", {})
        st.session_state[f"{form_key}-message"] = message
        return
    st.session_state[_SIGNIN] = auth.token(local_accounts(), attempt.account.name)
    st.session_state.pop(f"{form_key}-message", None)


def _sign_out() -> None:
    if uses_identity_provider():
        st.logout()
    st.session_state[_SIGNIN] = ""


def sign_in_form(key: str = "signin") -> None:
    """The sign-in: a button to the identity provider, or the name-and-password form of local accounts."""
    if uses_identity_provider():
        st.button(t("auth.sign_in_provider"), key=f"{key}-oidc", icon=":material/login:", on_click=st.login)
        return
    with st.form(key, border=True, enter_to_submit=True, width=420):
        st.text_input(t("auth.name"), key=f"{key}-name", autocomplete="username")
        st.text_input(
            t("auth.password"), key=f"{key}-password", type="password", autocomplete="current-password"
        )
        st.form_submit_button(
            t("auth.sign_in"), icon=":material/login:", type="primary", on_click=_sign_in_local, args=(key,)
        )
    message = st.session_state.get(f"{key}-message")
    if message:
        st.error(t(message[0], **message[1]), icon=":material/lock:")


def _cookie_script() -> None:
    """Keep the browser's sign-in cookie in step with this session (set after a sign-in here, cleared
    after a sign-out), so that a new tab, a reload or another replica finds it."""
    value = st.session_state.get(_SIGNIN)
    if value is None or uses_identity_provider():
        return
    _write_cookie(auth.COOKIE, value, 3600 * config.signin_hours() if value else 0)


def _write_cookie(name: str, value: str, age: int) -> None:
    """Set a cookie of the app's site in the browser (Streamlit cannot from the server): a small script.
    `value` is one of ours (a signed token, a language code), never a user's text."""
    st.html(
        "<script>document.cookie = "
        f"'{name}={value}; Path=/; Max-Age={age}; SameSite=Strict'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
        width="content",
    )


def account_box() -> None:
    """The sidebar's last lines: "Sign in" for viewers; who is signed in and "Sign out" for the others."""
    who = identity()
    with st.sidebar:
        st.divider()
        if who is None:
            page_link(navigation.sign_in_page())
        else:
            role = auth.current_role(who, local_accounts()) or auth.VIEWER
            st.caption(t("auth.signed_in_as", name=safe.md(who.label), role=i18n.label("role_access", role)))
            st.button(t("auth.sign_out"), key="sign-out", icon=":material/logout:", on_click=_sign_out)
        _cookie_script()


def require_reader() -> None:
    """With $PARTNERSHIPS_SIGN_IN_TO_READ: a sign-in form instead of any page for someone not signed in."""
    if may_read():
        return
    st.title(t("app.title"))
    st.info(t("auth.read_needs_sign_in"), icon=":material/lock:")
    sign_in_form("signin-read")
    st.stop()


def require_editor(title_key: str) -> auth.Identity:
    """The first line of every Data page: the editor signed in, or (for anyone else) the page's title, a
    sign-in prompt and nothing else."""
    who = identity()
    st.title(t(title_key))
    if auth.is_editor(who, local_accounts()):
        assert who is not None
        return who
    if who is None:
        st.info(t("auth.editors_only"), icon=":material/lock:")
        sign_in_form(f"signin-{title_key}")
    else:
        st.warning(t("auth.not_an_editor", name=safe.md(who.label)), icon=":material/lock:")
    st.stop()


def signed_in_note(who: auth.Identity) -> None:
    role = auth.current_role(who, local_accounts()) or auth.VIEWER
    st.success(
        t("auth.signed_in_as", name=safe.md(who.label), role=i18n.label("role_access", role)),
        icon=":material/verified_user:",
    )


def page_link(spec: navigation.PageSpec) -> None:
    """A link to a page of the registry, with its title and icon."""
    st.page_link(spec.path, label=t(spec.title), icon=spec.icon)


# --- The Data pages: a change checked, previewed and published ----------------------------------------


def data_store() -> store.Store:
    """The data directory the app reads and editors publish to. With a fixed file ($PARTNERSHIPS_DB) there
    is nothing to publish to: the page says so and stops."""
    if config.db_path() is not None:
        st.info(t("data.fixed_file"), icon=":material/info:")
        st.stop()
    return store.Store(config.data_dir(), keep=config.keep_versions())


def _show_error(exc: Exception) -> None:
    if isinstance(exc, auth.Forbidden):
        st.error(t("auth.forbidden"), icon=":material/lock:")
    elif isinstance(exc, faults.Fault):
        st.error(f"**{safe.md(exc.what())}**\n\n{safe.md(exc.todo())}", icon=":material/error:")
    elif isinstance(exc, changes.Rejected):
        problems_table(exc.problems)


def check_change(slot: str, change: changes.Change, who: auth.Identity) -> None:
    """Check a change against the current data (nothing is written) and keep the result for the review."""
    st.session_state.pop(f"{slot}-published", None)
    try:
        with st.spinner(t("data.checking")):
            st.session_state[slot] = changes.prepare(data_store(), change, who, local_accounts())
    except (auth.Forbidden, faults.Fault) as exc:
        st.session_state.pop(slot, None)
        _show_error(exc)


def problems_table(problems: Sequence[validate.Problem]) -> None:
    st.error(t("data.problems.title", n=len(problems)), icon=":material/rule:")
    frame = changes.problems_frame(problems)
    # pixels: file, row, column, value, message — together the main column's width at 1440 px (a wider
    # screen shares what is left evenly), so that most of the message shows without scrolling sideways
    widths = (170, 50, 140, 120, 460)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=min(600, 38 + 35 * len(frame)),
        column_config={
            name: st.column_config.Column(width=w) for name, w in zip(frame.columns, widths, strict=True)
        },
    )
    st.download_button(
        t("data.problems.download"),
        exports.to_csv(frame),
        file_name="problems.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def _publish(slot: str, who: auth.Identity) -> None:
    prepared = st.session_state.get(slot)
    if prepared is None:
        return
    try:
        version = changes.publish(
            data_store(), prepared, who, st.session_state.get(f"{slot}-note", ""), local_accounts()
        )
    except (auth.Forbidden, faults.Fault, changes.Rejected) as exc:
        st.session_state[f"{slot}-error"] = exc
        return
    st.session_state.pop(slot, None)
    st.session_state[f"{slot}-note"] = ""
    st.session_state[f"{slot}-published"] = version.number


def review_change(slot: str, who: auth.Identity) -> None:
    """The checked change of this page: every problem, or the preview per table and the Publish button."""
    published = st.session_state.get(f"{slot}-published")
    if published is not None:
        st.success(t("data.published", version=published), icon=":material/task_alt:")
    error = st.session_state.pop(f"{slot}-error", None)
    if error is not None:
        _show_error(error)
    prepared: changes.Prepared | None = st.session_state.get(slot)
    if prepared is None:
        return
    if prepared.problems:
        problems_table(prepared.problems)
        st.caption(t("data.problems.nothing_changed"))
        return
    st.subheader(t("data.preview.title"))
    if prepared.empty:
        st.info(t("data.preview.nothing"), icon=":material/check:")
        return
    st.caption(t("data.preview.caption", version=prepared.base or "—"))
    for table, diff in prepared.diffs.items():
        counts = diff.counts()
        label = t("data.preview.table", None, table=importer.table_label(table), **counts)
        with st.expander(label, expanded=len(prepared.diffs) == 1, icon=":material/table_rows:"):
            shown = changes.diff_frames(diff)
            for part in ("added", "changed", "removed"):
                if counts[part]:
                    st.markdown(f"**{t(f'data.preview.{part}', n=counts[part])}**")
                    st.dataframe(shown[part], hide_index=True, width="stretch")
            if any(n > changes.SHOWN_ROWS for n in counts.values()):
                st.caption(t("data.preview.first_rows", n=changes.SHOWN_ROWS))
    st.text_input(t("data.note"), key=f"{slot}-note", placeholder=t("data.note_hint"), max_chars=500)
    st.button(
        t("data.publish"),
        key=f"{slot}-publish",
        type="primary",
        icon=":material/publish:",
        on_click=_publish,
        args=(slot, who),
    )
    st.caption(t("data.publish_help"))


def _restore(number: int, base: int | None, who: auth.Identity) -> None:
    try:
        version = changes.restore(
            data_store(), number, who, st.session_state.get("restore-note", ""), base, local_accounts()
        )
    except (auth.Forbidden, faults.Fault) as exc:
        st.session_state["restore-error"] = exc
        return
    st.session_state["restore-note"] = ""
    st.session_state["restore-done"] = (number, version.number)


def workbook_and_csv_downloads(
    workbook: tuple[str, Callable[[], bytes]], csv_zip: tuple[str, Callable[[], bytes]], stem: str
) -> None:
    """Two buttons side by side: (label, bytes made on click) of an Excel workbook (<stem>.xlsx) and of a
    ZIP of CSV files (<stem>-csv.zip)."""
    with st.container(horizontal=True):
        for (label, data), name, mime, icon in (
            (workbook, f"{stem}.xlsx", exports.XLSX_MIME, ":material/table_view:"),
            (csv_zip, f"{stem}-csv.zip", "application/zip", ":material/folder_zip:"),
        ):
            st.download_button(label, data, file_name=name, mime=mime, icon=icon, on_click="ignore")


def restore_button(number: int, base: int | None, who: auth.Identity) -> None:
    """Restore version `number` as a new version (the role is checked again when it is pressed)."""
    st.button(
        t("data.restore.button", version=number),
        key="restore",
        icon=":material/restore:",
        on_click=_restore,
        args=(number, base, who),
    )
    error = st.session_state.pop("restore-error", None)
    if error is not None:
        _show_error(error)
    done = st.session_state.pop("restore-done", None)
    if done is not None:
        st.success(t("data.restore.done", version=done[0], new=done[1]), icon=":material/task_alt:")
