"""Present: a deck as full-screen 16:9 slides (?deck=, ?slide=, ?auto=), moved by keys; handouts on demand.

The slide area is a fragment: a key press reruns only it, and it keeps ?slide= in the URL. lib/present.py
builds the slides (the same model the handouts use), lib/slide_html.py writes their text.
"""

from functools import partial

import streamlit as st

from lib import db, handouts, i18n, network_cache, present, slide_html, ui
from lib.i18n import t

STATIC = {"staticPlot": True, "displayModeBar": False}
AUTO_RANGE = (2, 3600)
MOVES = (("first", "Home", ":material/first_page:"), ("prev", "Left", ":material/chevron_left:"),
         ("next", "Right", ":material/chevron_right:"), ("last", "End", ":material/last_page:"))  # fmt: skip


def _context(filters, today, options) -> present.Context:
    """What the slides are built from: the app's queries and the network the Network page computed."""
    return present.Context(db.query, filters, today, options, network_cache.data, network_cache.analysis)


@st.cache_resource(show_spinner=False, max_entries=256)
def _outline(version: str, name: str, lang: str, filters, today, options) -> present.Deck | present.Slide:
    try:
        return present.open_deck(name, _context(filters, today, options))
    except present.DeckError as exc:
        return exc.slide


@st.cache_resource(show_spinner=False, max_entries=256)
def _slide(
    version: str, deck: present.Deck, number: int, lang: str, filters, today, options
) -> present.Slide:
    return present.build_slide(deck, number, _context(filters, today, options))


@st.cache_data(show_spinner=False, max_entries=16)
def _handout(kind: str, version: str, deck: present.Deck, lang: str, filters, today, options) -> bytes:
    """The PowerPoint or PDF of the deck, made when its button is clicked (in a thread of its own)."""
    i18n.set_language(lang)
    return handouts.build(
        kind, deck, [_slide(version, deck, n, lang, filters, today, options) for n in range(1, len(deck) + 1)]
    )


def _downloads() -> None:
    handouts.warm_up()  # the export browser starts now, so the first click waits seconds, not its start
    help_text = t("present.download.help", language=t(f"present.language_name.{lang}"))
    for kind in ("pptx", "pdf"):
        st.download_button(
            t(f"present.download.{kind}"),
            partial(_handout, kind, version, deck, lang, filters, today, options),
            file_name=present.file_name(deck, lang, kind),
            mime=handouts.MIME[kind],
            icon=":material/download:",
            on_click="ignore",
            help=help_text,
            key=f"present-{kind}",
            type="tertiary",
        )


def _link(link: present.Link, where=st) -> None:
    where.page_link(link.page, label=link.label, icon=":material/arrow_back:",
                    query_params={**ui.frame_params(), **link.params})  # fmt: skip


def _draw(slide: present.Slide, deck_title: str, number: int, total: int) -> None:
    with st.container(key="present-slide"):
        st.html(slide_html.header(slide))
        with st.container(key="present-body"):
            for i, block in enumerate(slide.blocks):
                if isinstance(block, present.Chart):
                    st.plotly_chart(
                        block.figure, theme=None, height="stretch", config=STATIC, key=f"chart-{i}"
                    )
                else:
                    st.html(slide_html.block_html(block))
                if isinstance(block, present.Message) and block.link:
                    _link(block.link)
        st.html(slide_html.footer(slide, deck_title, number, total))
        if total:
            _controls(number, total)


def _go(to: str) -> None:
    n, total = st.session_state["present.n"], st.session_state["present.total"]
    target = {"first": 1, "last": total, "next": min(total, n + 1), "prev": max(1, n - 1)}[to]
    st.session_state["present.n"] = target
    st.session_state["present.moved"] = True
    st.query_params["slide"] = str(target)


def _controls(number: int, total: int) -> None:
    with st.container(key="present-controls", horizontal=True):
        for to, key, icon in MOVES:
            disabled = (to in ("first", "prev") and number == 1) or (
                to in ("next", "last") and number == total
            )
            st.button(t(f"present.{to}"), key=f"present-{to}", icon=icon, shortcut=key, on_click=_go,
                      args=(to,), disabled=disabled, type="tertiary")  # fmt: skip
        _link(exit_link)
        _downloads()
        st.caption(t("present.keys"))
    with st.container(key="present-keys"):  # more keys for the same moves (clickers send PageUp/PageDown)
        for to, key in (("next", "PageDown"), ("next", "Space"), ("prev", "PageUp")):
            st.button(key, key=f"present-{key}", shortcut=key, on_click=_go, args=(to,))
        if st.button("Esc", key="present-esc", shortcut="Esc"):
            st.switch_page(exit_link.page, query_params={**ui.frame_params(), **exit_link.params})


def _auto() -> int | None:
    raw = st.query_params.get("auto")
    if raw and raw.isdigit() and AUTO_RANGE[0] <= int(raw) <= AUTO_RANGE[1]:
        return int(raw)
    return None


lang, version, today = i18n.language(), db.data_version(), ui.today()
filters = ui.current_filters()
options = present.Options.from_params(st.query_params.to_dict())
outline = _outline(
    version, st.query_params.get("deck") or present.DEFAULT_DECK, lang, filters, today, options
)
if isinstance(outline, present.Slide):  # an unknown deck, programme or partner
    _draw(outline, "", 0, 0)
    st.stop()
deck: present.Deck = outline
exit_link = present.exit_link(deck, st.query_params.get("from", ""), options)
try:
    first = present.slide_number(st.query_params.get("slide"), deck)
except present.DeckError as exc:
    _draw(exc.slide, deck.title, 0, 0)
    st.stop()
st.session_state["present.n"], st.session_state["present.total"] = first, len(deck)
st.session_state["present.moved"] = True  # this run shows the URL's slide; only a timer run advances
auto = _auto()


@st.fragment(run_every=auto)
def show() -> None:
    # A key press or the timer reruns only this function, in a thread of its own that app.py did not run
    # in: the thread's language must be set again, or the slide (and its cache entry) comes out in the
    # default language.
    i18n.set_language(lang)
    if auto and not st.session_state.pop("present.moved", False):
        st.session_state["present.n"] = st.session_state["present.n"] % len(deck) + 1
        st.query_params["slide"] = str(st.session_state["present.n"])
    st.session_state.pop("present.moved", None)
    number = st.session_state["present.n"]
    _draw(_slide(version, deck, number, lang, filters, today, options), deck.title, number, len(deck))


show()
