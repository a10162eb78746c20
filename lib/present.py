"""Decks for presenter mode and handouts: a deck name -> its slides, built from the database. No streamlit.

One model, three renderers: the Present page (pages/present/present.py), the PowerPoint and the PDF
(lib/handouts.py) all draw the `Slide` objects made here, so the three always show the same figures.

Decks (the page's ?deck=):
- ``overview``: Sofia's international programmes at a glance (KPIs, timeline, map, network, progress, events);
- ``programme:<id>``: one programme (who, since when, Sofia's role; members on the map; meetings; the topics
  of meetings that had panels; actions; results);
- ``partner:<id>``: the meeting brief for one partner (shared programmes and both sides' roles, meetings and
  delegations, joint results, distance and a small map, where to work together next).

Every figure comes from the same lib function the pages use (charts, maps, network, progress, explore),
restyled for distance by lib/present_figures.py. Every slide lists its sources and says when it shows
sample numbers. Text in the model is plain text: the renderers escape it (lib/slide_html.py).

The data comes through a `Query` (name, **params) -> DataFrame: `db.query` on the page (cached per data
version), `sql.run` on a connection in scripts and tests.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from lib import (
    charts,
    config,
    explore,
    i18n,
    maps,
    navigation,
    network,
    overview,
    palette,
    present_figures,
    progress,
)
from lib.filters import Filters
from lib.i18n import t

Query = Callable[..., pd.DataFrame]
HOME = config.HOME_PARTNER
#: The timeline slide shows the programmes that started last, as many as leave each row room for its name
#: (on one line of up to TIMELINE_SLIDE_WRAP characters where it fits) above its bar: the rows share
#: TIMELINE_SLIDE_PLOT px of the slide's plot (1920x1080), a name line taking TIMELINE_SLIDE_LINE px in the
#: slide's type. With 22 or 24 rows (the demo's every programme, the 100x database's 726) names ran into
#: the bars and names of the rows next to them; at most TIMELINE_ROWS rows.
TIMELINE_ROWS = 16
TIMELINE_SLIDE_PLOT = 600
TIMELINE_SLIDE_LINE = 24
TIMELINE_SLIDE_WRAP = 64
#: At most this many indicators on a targets slide (the ones furthest behind, as the Progress page's cards):
#: the 100x database's 700 bars could not be read and took seconds to draw as a picture.
TARGET_ROWS = 12
KINDS = ("overview", "programme", "partner")
DEFAULT_DECK = "overview"
#: The slides of each kind of deck, in order (the programme deck adds one "topics:<event>" slide per
#: meeting that had panels, after "meetings").
OVERVIEW_SLIDES = ("kpis", "timeline", "map", "network", "progress", "events")
PROGRAMME_SLIDES = ("programme", "members", "meetings", "actions", "results")
PARTNER_SLIDES = ("brief", "programmes", "history", "results", "distance", "next")
MAX_TOPIC_SLIDES = 3
MAX_TABLE_ROWS = 8
#: The "where we could work together next" table: its reasons take two lines each (the Bulgarian ones
#: clipped the eighth row at 1920×1080 and the seventh at 1280×720).
NEXT_ROWS = 6
#: The URL parameters of the pages that a deck follows (see Options).
OPTION_KEYS = ("view", "colour", "only_sofia")


def slide_of(key: str) -> int:
    """The number of the overview deck's slide that shows what a page shows (the pages' Present button)."""
    return OVERVIEW_SLIDES.index(key) + 1


# --- the model ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    detail: str = ""
    sample: bool = False


@dataclass(frozen=True)
class Kpis:
    items: tuple[Kpi, ...]


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    colour: str


@dataclass(frozen=True)
class Native:
    """A chart's data in the form PowerPoint draws natively (editable, with its data).

    kind "bar": horizontal bars, one per category, a series per colour group (values None where a
    category is not in the group). kind "timeline": bars from start to end per category (dates), one series
    per colour group. kind "scatter": dated points (x: dates) in rows of `categories` (y: the row index).
    """

    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...] = ()
    starts: tuple[dt.date | None, ...] = ()
    ends: tuple[dt.date | None, ...] = ()
    groups: tuple[str, ...] = ()  # timeline/scatter: the series name of each category or point
    dates: tuple[dt.date | None, ...] = ()  # scatter: each point's date (None: undated, not drawn)
    rows: tuple[int, ...] = ()  # scatter: each point's row (index into categories)
    colours: Mapping[str, str] = field(default_factory=dict)  # timeline/scatter: series name -> colour
    number_format: str = "General"
    axis_title: str = ""
    today: dt.date | None = None


@dataclass(frozen=True)
class Chart:
    """A plotly figure (screen, PDF) and, unless it is a picture (map, network), its native form."""

    figure: go.Figure
    native: Native | None = None
    alt: str = ""

    @property
    def picture(self) -> bool:
        return self.native is None


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    more: str = ""  # "and 4 more" under the table


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Link:
    """Where a message slide sends the viewer: a page and its URL parameters."""

    label: str
    page: str
    params: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Message:
    text: str
    link: Link | None = None


Block = Kpis | Chart | Table | Bullets | Message


@dataclass(frozen=True)
class Slide:
    key: str
    title: str
    blocks: tuple[Block, ...]
    subtitle: str = ""
    sources: tuple[str, ...] = ()
    sample: bool = False
    uncertain: bool = False
    notes: tuple[str, ...] = ()  # what the speaker should know besides the sources

    @property
    def error(self) -> bool:
        return any(isinstance(b, Message) and b.link is not None for b in self.blocks)

    def speaker_notes(self) -> str:
        """The notes of the slide in a handout: what it counts, the sample-data note, every source."""
        lines = list(self.notes)
        if self.sample:
            lines.append(t("present.notes.sample"))
        if self.uncertain:
            lines.append(t("present.notes.uncertain"))
        if self.sources:
            lines.append(t("present.notes.sources"))
            lines += [f"- {s}" for s in self.sources]
        return "\n".join(lines)


@dataclass(frozen=True)
class Deck:
    """A deck's outline: its name, title, the keys of its slides, and the page it came from."""

    name: str
    kind: str
    title: str
    slides: tuple[str, ...]
    back: Link
    ref: str = ""  # the programme or partner id

    def __len__(self) -> int:
        return len(self.slides)

    def number_of(self, key: str) -> int:
        """The 1-based number of slide `key` (1 when the deck has no such slide)."""
        return self.slides.index(key) + 1 if key in self.slides else 1


@dataclass(frozen=True)
class Options:
    """What the page the deck came from showed, from the URL: the map's view, the network's view and
    colouring, whether the timeline shows only Sofia's programmes."""

    map_view: str = maps.DEFAULT_VIEW
    network_view: str = network.VIEWS[0]
    colour_by: str = network.COLOUR_BY[0]
    only_sofia: bool = True

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Options:
        view = params.get("view", "")
        colour = params.get("colour", "")
        return cls(
            map_view=view if view in maps.VIEWS else maps.DEFAULT_VIEW,
            network_view=view if view in network.VIEWS else network.VIEWS[0],
            colour_by=colour if colour in network.COLOUR_BY else network.COLOUR_BY[0],
            only_sofia=params.get("only_sofia", "true").lower() != "false",
        )

    def params(self) -> dict[str, str]:
        """The URL parameters that give these options back (defaults left out)."""
        out: dict[str, str] = {}
        if self.map_view != maps.DEFAULT_VIEW:
            out["view"] = self.map_view
        elif self.network_view != network.VIEWS[0]:
            out["view"] = self.network_view
        if self.colour_by != network.COLOUR_BY[0]:
            out["colour"] = self.colour_by
        if not self.only_sofia:
            out["only_sofia"] = "false"
        return out


@dataclass(frozen=True)
class Context:
    """Everything a slide is built from besides the database."""

    query: Query
    filters: Filters = Filters()
    today: dt.date = field(default_factory=dt.date.today)
    options: Options = Options()
    #: the network of a scope and its analysis for a view; the app passes lib/network_cache's (the Network
    #: page's entries), by default they are computed from `query`
    network_data: Callable[[tuple[str, ...]], network.Loaded] | None = None
    network_analysis: Callable[[tuple[str, ...], str], network.Analysis] | None = None

    def scope(self) -> tuple[str, ...]:
        return tuple(self.query("programme_scope", **self.filters.scope_params())["id"])

    def network_of(self, scope: Sequence[str]) -> network.Loaded:
        if self.network_data is not None:
            return self.network_data(tuple(scope))
        return network.load(self.query, tuple(scope), HOME)

    def analysis_of(self, scope: Sequence[str], view: str) -> network.Analysis:
        if self.network_analysis is not None:
            return self.network_analysis(tuple(scope), view)
        memberships, nodes, _, groups, _, _ = self.network_of(scope)
        return network.analyse(memberships, nodes, view, HOME, groups)


class DeckError(Exception):
    """A deck or slide the URL names that does not exist; carries the slide that says so."""

    def __init__(self, slide: Slide) -> None:
        super().__init__(slide.title)
        self.slide = slide


# --- decks -------------------------------------------------------------------------------------------------


def _page(kind: str) -> str:
    """The page that shows one record of `kind` (the page registry's), e.g. the Partners page."""
    spec = navigation.page_for(kind)
    return spec.path if spec else navigation.default_page().path


def _back(page: str, **params: str) -> Link:
    return Link(t("present.back"), page, params)


def open_deck(name: str, ctx: Context) -> Deck:
    """The outline of the deck `name`; raises DeckError (with a message slide) for an unknown name or id."""
    kind, _, ref = (name or DEFAULT_DECK).partition(":")
    if kind == "overview" and not ref:
        return Deck(
            "overview",
            "overview",
            t("present.deck.overview"),
            OVERVIEW_SLIDES,
            _back(navigation.default_page().path),
        )
    if kind == "programme" and ref:
        found = ctx.query("explore_programme", id=ref, home=HOME)
        if found.empty:
            raise DeckError(_missing("programme", ref))
        title = i18n.name(found.iloc[0].to_dict())
        topics = ctx.query("present_topics", id=ref)
        extra = tuple(f"topics:{e}" for e in pd.unique(topics["event_id"])[:MAX_TOPIC_SLIDES])
        slides = PROGRAMME_SLIDES[:3] + extra + PROGRAMME_SLIDES[3:]
        back = _back(_page("programme"), programme=ref)
        return Deck(name, "programme", title, slides, back, ref)
    if kind == "partner" and ref:
        found = ctx.query("explore_partner", id=ref)
        if found.empty or ref == HOME:
            raise DeckError(_missing("partner", ref))
        title = t("present.deck.partner", name=i18n.name(found.iloc[0].to_dict()))
        return Deck(name, "partner", title, PARTNER_SLIDES, _back(_page("partner"), partner=ref), ref)
    raise DeckError(
        message_slide(
            t("present.error.deck_title"),
            t("present.error.deck", value=name),
            Link(t("present.error.to_overview"), navigation.presenter().path, {"deck": DEFAULT_DECK}),
        )
    )


def exit_link(deck: Deck, origin: str, options: Options) -> Link:
    """Where Esc and the exit link go: the page the Present button was on (`origin`, its url_path from
    ?from=), as it was (the options it handed over), else the deck's own page. Only the overview deck is
    opened from several pages; a value that names no page is ignored."""
    spec = navigation.page_at(origin)
    if deck.kind == "overview" and spec is not None and not spec.fullscreen:
        return _back(spec.path, **options.params())
    return deck.back


def _missing(kind: str, ref: str) -> Slide:
    page = _page(kind)
    return message_slide(
        t(f"present.error.{kind}_title"),
        t(f"present.error.{kind}", value=ref),
        Link(t(f"present.error.to_{kind}s"), page, {}),
    )


def message_slide(title: str, text: str, link: Link | None = None) -> Slide:
    return Slide("message", title, (Message(text, link),))


def slide_number(raw: str | None, deck: Deck) -> int:
    """The 1-based slide number of ?slide= (1 when absent); raises DeckError for one outside the deck."""
    if raw is None or raw == "":
        return 1
    number = int(raw) if re.fullmatch(r"[+-]?\d{1,6}", raw.strip()) else None
    if number is None or not 1 <= number <= len(deck):
        raise DeckError(
            message_slide(
                t("present.error.slide_title"),
                t("present.error.slide", value=raw, n=len(deck)),
                Link(
                    t("present.error.to_first"),
                    navigation.presenter().path,
                    {"deck": deck.name, "slide": "1"},
                ),
            )
        )
    return number


def build_slide(deck: Deck, number: int, ctx: Context) -> Slide:
    """Slide `number` (1-based) of `deck`, built from the database in the current language."""
    key = deck.slides[number - 1]
    name, _, arg = key.partition(":")
    builder = _BUILDERS[(deck.kind, name)]
    return builder(ctx, deck, arg) if arg else builder(ctx, deck)


def build_deck(deck: Deck, ctx: Context) -> list[Slide]:
    return [build_slide(deck, n, ctx) for n in range(1, len(deck) + 1)]


# --- sources -----------------------------------------------------------------------------------------------


def _sources(
    ctx: Context, programme_ids: Sequence[str], tables: Sequence[str], partner: str = ""
) -> tuple[tuple[str, ...], bool, bool]:
    """(source names, any sample data, any uncertain row) behind a slide, most-cited first."""
    rows = ctx.query(
        "present_sources",
        programme_ids=tuple(programme_ids),
        tables=tuple(tables),
        partner=partner,
        home=HOME,
    )
    names = []
    for r in rows.to_dict("records"):
        name = i18n.source_title(i18n.name(r, "title"), r["reliability"])
        if r["reliability"] == "uncertain":
            name += f" ({t('common.uncertain')})"
        publisher = i18n.name(r, "publisher")
        names.append(f"{name} — {publisher}" if publisher and r["reliability"] != "illustrative" else name)
    reliability = set(rows["reliability"])
    return tuple(dict.fromkeys(names)), "illustrative" in reliability, "uncertain" in reliability


def _with_sources(slide: Slide, found: tuple[tuple[str, ...], bool, bool]) -> Slide:
    names, sample, uncertain = found
    return replace(
        slide, sources=names, sample=slide.sample or sample, uncertain=slide.uncertain or uncertain
    )


def _empty(key: str, title: str, text_key: str = "present.empty") -> Slide:
    return Slide(key, title, (Message(t(text_key)),))


# --- the overview deck -------------------------------------------------------------------------------------


def _overview_kpis(ctx: Context, deck: Deck) -> Slide:
    title = t("present.overview.kpis")
    scope = ctx.scope()
    if not scope:
        return _empty("kpis", title)
    f = ctx.filters
    as_of, since = f.as_of(ctx.today), f.since(ctx.today)
    row = ctx.query(
        "overview_kpis", home=HOME, programme_ids=scope, countries=f.countries,
        date_from=f.date_from, date_to=f.date_to, as_of=as_of, since=since, today=ctx.today,
    ).iloc[0]  # fmt: skip
    cards = overview.kpi_cards(row.to_dict(), as_of, since, ctx.today, (f.year_from, f.year_to))
    items = tuple(Kpi(c.label, c.value, _delta_text(c.delta, c.delta_text, c.note), c.sample) for c in cards)
    slide = Slide("kpis", title, (Kpis(items),), subtitle=t("present.overview.kpis_sub"))
    notes = tuple(f"{c.label}: {c.value}. {c.help}" for c in cards)
    slide = replace(slide, notes=notes)
    return _with_sources(slide, _sources(ctx, scope, ("programme", "membership", "event", "action")))


def _delta_text(delta: int | None, description: str | None, note: str) -> str:
    """A KPI's line on a slide: its context, and its change where the Overview shows one."""
    if delta is None:
        return note
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    return f"{note} · {sign}{i18n.number(abs(delta))} {description or ''}".rstrip()


def _timeline_rows(programmes: pd.DataFrame, only_sofia: bool) -> pd.DataFrame:
    """overview.timeline_rows() of the programmes that started last, as many as fit the slide's plot."""
    rows = overview.timeline_rows(programmes, only_sofia, TIMELINE_ROWS)
    limit = len(rows)  # none (Sofia in no programme) or one: nothing to fit
    while limit > 1:
        row = charts.name_lines(rows["label"].tail(limit), TIMELINE_SLIDE_WRAP) * TIMELINE_SLIDE_LINE
        if limit * (row + charts.TIMELINE_BAR + charts.TIMELINE_AIR) <= TIMELINE_SLIDE_PLOT:
            break
        limit -= 1
    if limit < len(rows):  # again, so that a child is indented only when its umbrella is shown too
        rows = overview.timeline_rows(programmes, only_sofia, limit)
    return rows


def _overview_timeline(ctx: Context, deck: Deck) -> Slide:
    title = t("present.overview.timeline")
    scope = ctx.scope()
    programmes = ctx.query("overview_timeline", home=HOME, programme_ids=scope) if scope else None
    only_sofia = ctx.options.only_sofia
    rows = _timeline_rows(programmes, only_sofia) if programmes is not None else None
    if programmes is None or rows is None or rows.empty:
        return _empty("timeline", title, "overview.no_sofia_programmes")
    labels = {f: i18n.label("family", f) for f in palette.FAMILY}
    fig = charts.programme_timeline(rows, ctx.today, labels, t("common.today"), wrap=TIMELINE_SLIDE_WRAP)
    native = Native(
        "timeline",
        categories=tuple(rows["label"]),
        starts=tuple(_day(d) for d in rows["start_date"]),
        ends=tuple(_day(d) or ctx.today for d in rows["end_date"]),
        groups=tuple(labels.get(f, f) for f in rows["family"]),
        colours={labels[f]: c for f, c in palette.FAMILY.items()},
        number_format="yyyy",
        today=ctx.today,
    )
    chart = Chart(present_figures.for_distance(fig, legend_top=True), native, title)
    sub = t("present.overview.timeline_sub") if only_sofia else t("present.overview.timeline_all")
    total = overview.timeline_count(programmes, only_sofia)
    if total > len(rows):  # the ones that started last, and how many there are
        sub += " · " + t("overview.timeline_limited", shown=len(rows), n=i18n.number(total))
    slide = Slide("timeline", title, (chart,), subtitle=sub)
    return _with_sources(slide, _sources(ctx, tuple(rows["id"]), ("programme", "membership")))


def map_data(ctx: Context, scope: Sequence[str]) -> maps.MapData:
    """The Map page's data for the programmes in scope (partners, or grid cells above the point limit)."""
    params = {"home": HOME, "programme_ids": tuple(scope), "countries": ctx.filters.countries, "roles": ()}
    countries = ctx.query("map_countries", **params)
    aggregated = int(countries["partners"].sum()) > config.map_point_limit()
    points = (
        ctx.query("map_grid", **params, cell=maps.GRID_CELL)
        if aggregated
        else ctx.query("map_partners", **params)
    )
    home = ctx.query("map_home", home=HOME).iloc[0].to_dict()
    return maps.MapData(home=home, points=points, countries=countries, aggregated=aggregated)


def _overview_map(ctx: Context, deck: Deck) -> Slide:
    title = t("present.overview.map")
    scope = ctx.scope()
    if not scope:
        return _empty("map", title)
    data = map_data(ctx, scope)
    view = ctx.options.map_view
    total = int(data.countries["partners"].sum())
    n_countries = int((data.countries["country_code"] != "EU").sum())
    fig = present_figures.static_map(data, view)
    legend = [f"{item.label}" for item in maps.legend_items(data, maps.Options(view=view))]
    sub = t("map.count", partners=i18n.number(total), countries=i18n.number(n_countries))
    chart = Chart(fig, None, t("map.alt", partners=i18n.number(total)))
    notes = (t("present.notes.map", view=t(f"present.map_view.{view}")), " · ".join(legend))
    slide = Slide("map", title, (chart,), subtitle=sub.replace("**", ""), notes=notes)
    return _with_sources(slide, _sources(ctx, scope, ("membership", "partner")))


@dataclass(frozen=True)
class NetworkData:
    memberships: pd.DataFrame
    nodes: pd.DataFrame
    themes: pd.DataFrame
    analysis: network.Analysis
    bridges: pd.DataFrame
    chances: pd.DataFrame


def network_data(ctx: Context, scope: Sequence[str], view: str) -> NetworkData:
    memberships, nodes, themes, _, bridges, chances = ctx.network_of(scope)
    return NetworkData(memberships, nodes, themes, ctx.analysis_of(scope, view), bridges, chances)


def _overview_network(ctx: Context, deck: Deck) -> Slide:
    title = t("present.overview.network")
    scope = ctx.scope()
    if not scope:
        return _empty("network", title)
    view, colour = ctx.options.network_view, ctx.options.colour_by
    data = network_data(ctx, scope, view)
    if data.analysis.nodes.empty:
        return _empty("network", title, "network.no_sofia")
    fig = network.figure(data.analysis, view, colour, HOME, plot=present_figures.SLIDE_NETWORK_PLOT)
    chart = Chart(present_figures.network_for_distance(fig), None, t("present.overview.network"))
    notes = tuple(text.replace("**", "") for _, text in network.notes(data.analysis, data.memberships))
    slide = Slide("network", title, (chart,), subtitle=t(f"network.views.{view}"), notes=notes)
    return _with_sources(slide, _sources(ctx, scope, ("membership",)))


def _target_slide(key: str, title: str, ctx: Context, scope: Sequence[str], empty_key: str) -> Slide:
    """Indicators against their targets (the Progress page's status rule), as a share of the target."""
    f = ctx.filters
    series = ctx.query(
        "progress_indicators", home=HOME, programme_ids=tuple(scope), year_from=f.year_from, year_to=f.year_to
    )
    table = progress.indicator_table(series)
    if table.empty:
        return _empty(key, title, empty_key)
    shown = progress.cards_shown(table, TARGET_ROWS)
    fig = present_figures.target_chart(shown)
    native = native_bars(fig, '0"%"', t("present.share_of_target"))
    counts = progress.status_counts(table)  # every indicator, also those not drawn
    sub = " · ".join(
        t("progress.status_count", label=i18n.label("indicator_status", s), n=n)
        for s, n in counts.items()
        if n
    )
    if len(shown) < len(table):
        sub += " · " + t("present.targets_limited", shown=len(shown), n=i18n.number(len(table)))
    notes = (t("progress.rule"),) + tuple(
        f"{progress.indicator_name(r)}: {progress.fmt_value(r['actual'], r['unit'])} "
        f"({r['year']}; {t('present.target')} {progress.fmt_value(r['target'], r['unit'])}) — "
        f"{i18n.label('indicator_status', r['status'])}"
        for _, r in shown.iterrows()
    )
    sample = bool((table["reliability"] == "illustrative").any())
    slide = Slide(key, title, (Chart(fig, native, title),), subtitle=sub, sample=sample, notes=notes)
    return _with_sources(slide, _sources(ctx, scope, ("observation",)))


def _overview_progress(ctx: Context, deck: Deck) -> Slide:
    title = t("present.overview.progress")
    scope = ctx.scope()
    if not scope:
        return _empty("progress", title)
    return _target_slide("progress", title, ctx, scope, "progress.no_indicators")


def _event_rows(frame: pd.DataFrame) -> tuple[tuple[str, ...], ...]:
    rows = []
    for r in frame.to_dict("records"):
        end = None if pd.isna(r["end_date"]) else r["end_date"]
        place = (
            t("common.online")
            if r["online"]
            else f"{i18n.name(r, 'host')}, {i18n.country(r['host_country'])}"
        )
        title = i18n.name(r, "title") + (
            f" ({t('common.uncertain')})" if r["reliability"] == "uncertain" else ""
        )
        rows.append((i18n.date_range(r["start_date"], end), title, place, i18n.name(r, "programme")))
    return tuple(rows)


def _overview_events(ctx: Context, deck: Deck) -> Slide:
    scope = ctx.scope()
    title = t("present.overview.events")
    if not scope:
        return _empty("events", title)
    f = ctx.filters
    events = ctx.query(  # the Overview page's query
        "explore_events",
        programme_ids=scope,
        date_from=f.date_from,
        date_to=f.date_to,
        kinds=(),
        hosts=f.countries,
    )
    past, upcoming = overview.split_events(events, ctx.today, n=6)
    if upcoming.empty and past.empty:
        return _empty("events", title, "overview.no_upcoming")
    shown, sub = (upcoming, t("present.overview.events_next")) if not upcoming.empty else (
        past, t("present.overview.events_none_next"))  # fmt: skip
    columns = (
        t("explore.col.date"),
        t("explore.col.event"),
        t("present.col.where"),
        t("explore.col.programme"),
    )
    slide = Slide("events", title, (Table(columns, _event_rows(shown)),), subtitle=sub)
    slide = replace(slide, uncertain=bool((shown["reliability"] == "uncertain").any()))
    return _with_sources(slide, _sources(ctx, tuple(pd.unique(shown["programme_id"])), ("event",)))


# --- the programme deck ------------------------------------------------------------------------------------


def _programme(ctx: Context, ref: str) -> dict:
    return ctx.query("explore_programme", id=ref, home=HOME).iloc[0].to_dict()


def _programme_intro(ctx: Context, deck: Deck) -> Slide:
    info = _programme(ctx, deck.ref)
    members = ctx.query("explore_programme_members", id=deck.ref)
    events = ctx.query("explore_events", **explore.programme_events_params(deck.ref))
    kpis = Kpis(tuple(Kpi(label, value, help_text or "") for label, value, help_text in
                      explore.programme_kpis(info, members, events)))  # fmt: skip
    facts = [(t("present.programme.role"), explore.roles_text(info["sofia_roles"]))]
    facts += [(label, value) for label, value, _ in explore.programme_fact_items(info)]  # plain text
    leads = members[members["role"].isin(["coordinator", "core", "pair"])].drop_duplicates("partner_id")
    if not leads.empty:
        names = ", ".join(
            f"{i18n.name(r)} ({i18n.label('role', r['role'])})" for r in leads.to_dict("records")
        )
        facts.insert(1, (t("explore.programmes.leads"), names))
    lines = tuple(f"{label}: {value}" for label, value in facts)
    summary = i18n.name(info, "summary")
    sub = " · ".join(
        x for x in (i18n.label("family", info["family"]), i18n.label("status", info["status"])) if x
    )
    blocks: tuple[Block, ...] = (kpis, Bullets(lines))
    slide = Slide("programme", i18n.name(info), blocks, subtitle=sub, notes=(summary,) if summary else ())
    slide = replace(slide, uncertain=info["reliability"] == "uncertain")
    return _with_sources(slide, _sources(ctx, (deck.ref,), ("programme", "membership")))


def _programme_members(ctx: Context, deck: Deck) -> Slide:
    title = t("present.programme.members")
    points = ctx.query("present_members", id=deck.ref, home=HOME)
    if points.empty:
        return _empty("members", title, "present.programme.no_members")
    home = ctx.query("map_home", home=HOME).iloc[0].to_dict()
    data = maps.MapData(
        home=home, points=points, countries=pd.DataFrame(columns=["country_code", "partners"])
    )
    view = present_figures.fitting_view(points)
    fig = present_figures.static_map(data, view)
    countries = explore.country_count(points)
    sub = t("present.programme.members_sub", n=i18n.number(len(points)), countries=i18n.number(countries))
    slide = Slide("members", title, (Chart(fig, None, title),), subtitle=sub)
    return _with_sources(slide, _sources(ctx, (deck.ref,), ("membership",)))


def _programme_meetings(ctx: Context, deck: Deck) -> Slide:
    title = t("present.programme.meetings")
    info = _programme(ctx, deck.ref)
    events = ctx.query("explore_events", **explore.programme_events_params(deck.ref))
    if events.empty:
        return _empty("meetings", title, "explore.programmes.no_events")
    fig = explore.events_timeline(events, ctx.today, by="kind", show_today=info["status"] != "completed")
    kinds = [i18n.label("event_kind", k) for k in explore.EVENT_KINDS if k in set(events["kind"])]
    points = events.sort_values("start_date")
    native = Native(
        "scatter",
        categories=tuple(kinds),
        dates=tuple(_day(d) for d in points["start_date"]),
        rows=tuple(kinds.index(i18n.label("event_kind", k)) for k in points["kind"]),
        groups=tuple(i18n.label("event_kind", k) for k in points["kind"]),
        colours={i18n.label("event_kind", k): c for k, c in palette.EVENT_KIND.items()},
        number_format="yyyy",
    )
    chart = Chart(present_figures.for_distance(fig, legend_top=True, show_legend=True), native, title)
    sub = t("present.programme.meetings_sub", n=i18n.number(len(events)))
    notes = tuple(explore.event_label(r) for r in events.to_dict("records"))
    slide = Slide("meetings", title, (chart,), subtitle=sub, notes=notes)
    slide = replace(slide, uncertain=bool((events["reliability"] == "uncertain").any()))
    return _with_sources(slide, _sources(ctx, (deck.ref,), ("event",)))


def _programme_topics(ctx: Context, deck: Deck, event_id: str) -> Slide:
    topics = ctx.query("present_topics", id=deck.ref)
    rows = topics[topics["event_id"] == event_id]
    if rows.empty:
        return _empty(f"topics:{event_id}", t("present.programme.meetings"))
    first = rows.iloc[0].to_dict()
    end = None if pd.isna(first["end_date"]) else first["end_date"]
    title = i18n.name(first, "title")
    where = i18n.name(first, "host")
    sub = " · ".join(x for x in (i18n.date_range(first["start_date"], end), where) if x)
    other = "bg" if i18n.language() == "en" else "en"
    items = tuple(i18n.name(r, "topic") for r in rows.to_dict("records"))
    notes = (t("present.programme.topics_note", n=len(items)),) + tuple(
        f"{int(r['seq'])}. {r[f'topic_{other}']}" for r in rows.to_dict("records")
    )
    slide = Slide(f"topics:{event_id}", title, (Bullets(items, numbered=True),), subtitle=sub, notes=notes)
    return replace(
        slide,
        sources=_sources(ctx, (deck.ref,), ("event",))[0],
        uncertain=first["reliability"] == "uncertain",
    )


def _programme_actions(ctx: Context, deck: Deck) -> Slide:
    title = t("present.programme.actions")
    start, end = explore.ALL_TIME
    actions = ctx.query(
        "progress_actions",
        programme_ids=(deck.ref,),
        countries=(),
        date_from=start,
        date_to=end,
        today=ctx.today,
    )
    if actions.empty:
        return _empty("actions", title, "progress.no_actions")
    rows = progress.gantt_rows(actions, ctx.today)
    fig = progress.gantt_figure(rows, ctx.today)
    bars = rows[~rows["header"]]
    status_names = {s: i18n.label("action_status", s) for s in palette.ACTION_STATUS}
    native = Native(
        "timeline",
        categories=tuple(_plain(x).strip() for x in bars["label"]),
        starts=tuple(_day(d) for d in bars["start"]),
        ends=tuple(_day(d) for d in bars["end"]),
        groups=tuple(status_names[s] for s in bars["status"]),
        colours={status_names[s]: c for s, c in palette.ACTION_STATUS.items()},
        number_format="yyyy",
        today=ctx.today,
    )
    counts = actions["status"].value_counts()
    sub = " · ".join(
        f"{status_names[s]}: {i18n.number(int(counts[s]))}" for s in palette.ACTION_STATUS if s in counts
    )
    sample = bool((actions["status_reliability"] == "illustrative").any())
    chart = Chart(present_figures.for_distance(fig, legend_top=True, drop_header_rows=True), native, title)
    notes = (t("progress.gantt_note"),)
    slide = Slide("actions", title, (chart,), subtitle=sub, sample=sample, notes=notes)
    return _with_sources(slide, _sources(ctx, (deck.ref,), ("action",)))


def _programme_results(ctx: Context, deck: Deck) -> Slide:
    return _target_slide("results", t("present.programme.results"), ctx, (deck.ref,), "present.no_results")


# --- the partner brief -------------------------------------------------------------------------------------


def _partner(ctx: Context, ref: str) -> dict:
    return ctx.query("explore_partner", id=ref).iloc[0].to_dict()


def _partner_summary(ctx: Context, ref: str) -> tuple[dict, explore.PartnerSummary, pd.DataFrame]:
    card = _partner(ctx, ref)
    home = _partner(ctx, HOME)
    stats = ctx.query("explore_partners", **explore.partners_params((), (), ctx.today, partner=ref))
    relation = explore.with_relation(stats, ctx.today)["relation"].iloc[0] if not stats.empty else "none"
    return card, explore.partner_summary(card, home, False, relation), stats


def _partner_brief(ctx: Context, deck: Deck) -> Slide:
    card, summary, stats = _partner_summary(ctx, deck.ref)
    programmes = ctx.query("explore_partner_programmes", id=deck.ref, home=HOME)
    events = ctx.query("explore_partner_events", id=deck.ref, home=HOME)
    kpis = explore.partner_kpis(stats, programmes, events, summary, False)
    items = tuple(Kpi(label, value, _first_line(help_text)) for label, value, help_text in kpis)
    sub = " · ".join(text for text, _ in summary.badges)
    facts = tuple(f"{label}: {value}. {help_text}".replace("  \n", " ") for label, value, help_text in kpis)
    notes = tuple(x for x in (summary.note,) if x) + facts
    slide = Slide("brief", deck.title, (Kpis(items),), subtitle=sub, notes=notes)
    slide = replace(slide, uncertain=card["reliability"] == "uncertain")
    shared = tuple(programmes["id"])
    return _with_sources(slide, _sources(ctx, shared, ("partner", "membership"), partner=deck.ref))


def _first_line(text: str) -> str:
    return text.split("  \n")[0]


def _partner_programmes(ctx: Context, deck: Deck) -> Slide:
    title = t("present.partner.programmes")
    card = _partner(ctx, deck.ref)
    programmes = ctx.query("explore_partner_programmes", id=deck.ref, home=HOME)
    if programmes.empty:
        return _empty("programmes", title, "explore.partners.no_programmes")
    name = i18n.name(card)
    columns = (t("explore.col.programme"), t("present.col.role_of", name=name), t("present.col.sofia_role"),
               t("present.col.period"))  # fmt: skip
    records = programmes.to_dict("records")
    shared = [r for r in records if len(r["sofia_roles"])]
    rows = tuple(
        (
            i18n.name(r),
            ", ".join(i18n.label("role", x) for x in r["roles"]),
            explore.roles_text(r["sofia_roles"]),
            explore.years_text(r["start_date"], r["end_date"]),
        )
        for r in records[:MAX_TABLE_ROWS]
    )
    more = t("present.more_rows", n=len(records) - MAX_TABLE_ROWS) if len(records) > MAX_TABLE_ROWS else ""
    sub = t("present.partner.programmes_sub", n=i18n.number(len(shared)), total=i18n.number(len(records)))
    slide = Slide("programmes", title, (Table(columns, rows, more),), subtitle=sub)
    return _with_sources(slide, _sources(ctx, tuple(programmes["id"]), ("membership",), partner=deck.ref))


def _partner_history(ctx: Context, deck: Deck) -> Slide:
    title = t("present.partner.history")
    events = ctx.query("explore_partner_events", id=deck.ref, home=HOME)
    if events.empty:
        return _empty("history", title, "explore.partners.no_events")
    columns = (
        t("explore.col.date"),
        t("explore.col.event"),
        t("present.col.what"),
        t("present.col.with_sofia"),
    )
    heading_of = {
        event_id: heading
        for heading, part in explore.partner_event_groups(events, deck.ref)
        for event_id in part["id"]
    }
    rows = []
    for r in events.sort_values("start_date", ascending=False).to_dict("records"):
        when = i18n.date_range(explore._date(r["start_date"]), explore._date(r["end_date"]))
        mark = f" ({t('common.uncertain')})" if r["reliability"] == "uncertain" else ""
        sofia = t("present.yes") if r["with_sofia"] else t("present.no")
        rows.append((when, i18n.name(r, "title") + mark, heading_of.get(r["id"], ""), sofia))
    shown = tuple(rows[:MAX_TABLE_ROWS])
    more = t("present.more_rows", n=len(rows) - MAX_TABLE_ROWS) if len(rows) > MAX_TABLE_ROWS else ""
    together = int(events["with_sofia"].sum())
    sub = t("present.partner.history_sub", n=i18n.number(len(events)), together=i18n.number(together))
    slide = Slide("history", title, (Table(columns, shown, more),), subtitle=sub)
    slide = replace(slide, uncertain=bool((events["reliability"] == "uncertain").any()))
    programmes = tuple(pd.unique(events["programme_id"]))
    return _with_sources(slide, _sources(ctx, programmes, ("event",), partner=deck.ref))


def _partner_results(ctx: Context, deck: Deck) -> Slide:
    title = t("present.partner.results")
    programmes = ctx.query("explore_partner_programmes", id=deck.ref, home=HOME)
    shared = tuple(r["id"] for r in programmes.to_dict("records") if len(r["sofia_roles"]))
    if not shared:
        return _empty("results", title, "present.partner.no_shared")
    slide = _target_slide("results", title, ctx, shared, "present.no_results")
    start, end = explore.ALL_TIME
    actions = ctx.query(
        "progress_actions", programme_ids=shared, countries=(), date_from=start, date_to=end, today=ctx.today
    )
    if not actions.empty:
        done = int((actions["status"] == "done").sum())
        line = t("present.partner.actions_done", done=i18n.number(done), total=i18n.number(len(actions)))
        slide = replace(slide, subtitle=" · ".join(x for x in (slide.subtitle, line) if x))
        slide = replace(
            slide, sample=slide.sample or bool((actions["status_reliability"] == "illustrative").any())
        )
    return slide


def _partner_distance(ctx: Context, deck: Deck) -> Slide:
    card, summary, _ = _partner_summary(ctx, deck.ref)
    title = t("present.partner.distance")
    km = i18n.number(round(summary.distance_km, -1))
    fig = present_figures.pair_map(summary.home_point, summary.point)
    sub = t(
        "present.partner.distance_sub", km=km, home=summary.home_point["name"], name=summary.point["name"]
    )
    notes = (summary.note,) if summary.note else ()
    slide = Slide("distance", title, (Chart(fig, None, sub),), subtitle=sub, notes=notes)
    return _with_sources(slide, _sources(ctx, (), ("partner",), partner=deck.ref))


def _partner_next(ctx: Context, deck: Deck) -> Slide:
    title = t("present.partner.next")
    scope = ctx.scope()
    if not scope:
        return _empty("next", title)
    memberships, nodes, themes, _, bridges, chances = ctx.network_of(scope)
    names = {network.key(r.kind, r.id): i18n.name(r) for r in nodes.itertuples()}
    rows = next_steps(deck.ref, memberships, themes, bridges, chances, names)
    if not rows:
        return _empty("next", title, "present.partner.no_next")
    me = names.get(network.key("partner", deck.ref), deck.ref)
    columns = (t("present.col.opportunity"), t("network.col.reason"))
    shown = tuple(rows[:NEXT_ROWS])
    more = t("present.more_rows", n=len(rows) - NEXT_ROWS) if len(rows) > NEXT_ROWS else ""
    slide = Slide(
        "next", title, (Table(columns, shown, more),), subtitle=t("present.partner.next_sub", name=me)
    )
    rest = tuple(f"{label}: {reason}" for label, reason in rows[NEXT_ROWS:])  # the speaker has them all
    slide = replace(slide, notes=(t("network.opportunities_help"), t("network.bridges_help"), *rest))
    sample = bool((memberships["reliability"] == "illustrative").any())
    return replace(_with_sources(slide, _sources(ctx, scope, ("membership",))), sample=sample)


def next_steps(
    partner: str,
    memberships: pd.DataFrame,
    themes: pd.DataFrame,
    bridges: pd.DataFrame,
    chances: pd.DataFrame,
    names: Mapping[str, str],
) -> list[tuple[str, str]]:
    """Where Sofia and `partner` could work together next, each with its reason in words, from the network
    page's bridges and opportunity finder, in this order:

    1. programmes the partner is in and Sofia is not (Sofia could join through it);
    2. the partner itself, when it shares no programme with Sofia yet (the finder's reason);
    3. partners with no tie to Sofia that the partner links to (the finder's candidates reached through it);
    4. Sofia's programmes the partner is not in that share a theme with the partner's programmes;
    5. the finder's best candidates working on one of the partner's themes.
    names: node key ("partner:oulu", "programme:icc") -> name in the current language.
    """
    partner_names = {network.ref(k): v for k, v in names.items() if k.startswith("partner:")}
    theme_names = {r.theme_id: i18n.name(r) for r in themes.drop_duplicates("theme_id").itertuples()}
    me = partner_names.get(partner, partner)
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(key: str, label: str, reason: str) -> None:
        if key not in seen and reason:
            seen.add(key)
            rows.append((label, reason))

    for programmes in bridges.loc[bridges["partner_id"] == partner, "programmes"]:
        for pid in programmes:
            add(pid, names.get(network.key("programme", pid), pid), t("present.partner.join", name=me))
    for _, c in chances[chances["partner_id"] == partner].iterrows():
        add(partner, me, network.opportunity_reason(c, partner_names, theme_names))
    through = chances[chances["via"].map(lambda via: any(v == partner for v, _ in via))]
    for _, c in through.iterrows():
        add(c["partner_id"], partner_names.get(c["partner_id"], c["partner_id"]),
            network.opportunity_reason(c, partner_names, theme_names))  # fmt: skip
    by_programme = memberships.groupby("programme_id")["partner_id"].agg(set)
    theirs = {p for p, members in by_programme.items() if partner in members}
    mine = {p for p, members in by_programme.items() if HOME in members}
    theme_sets = themes.groupby("programme_id")["theme_id"].agg(set)
    their_themes = set().union(*(theme_sets.get(p, set()) for p in theirs)) if theirs else set()
    invites = []
    for pid in mine - theirs:
        common = sorted(theme_sets.get(pid, set()) & their_themes)
        if common:
            invites.append((-len(common), names.get(network.key("programme", pid), pid), pid, common))
    for _, label, pid, common in sorted(invites):
        listed = " · ".join(network._lower_first(theme_names.get(x, x)) for x in common[:3])
        add(pid, label, t("present.partner.invite", name=me, themes=listed))
    for _, c in chances.iterrows():
        if set(c["shared_themes"]) & their_themes:
            add(c["partner_id"], partner_names.get(c["partner_id"], c["partner_id"]),
                network.opportunity_reason(c, partner_names, theme_names))  # fmt: skip
    return rows


# --- helpers -----------------------------------------------------------------------------------------------


def native_bars(fig: go.Figure, number_format: str, axis_title: str = "") -> Native:
    """The native form of a figure of horizontal bars: its categories top to bottom, a series per trace
    (None where the trace has no bar for a category), in the trace's colour."""
    bars = [tr for tr in fig.data if tr.type == "bar"]
    categories = list(dict.fromkeys(y for tr in bars for y in tr.y))
    order = list(fig.layout.yaxis.categoryarray or [])[::-1] or categories
    categories = [c for c in order if c in categories]
    series = []
    for tr in bars:
        values = dict(zip(tr.y, tr.x, strict=True))
        series.append(Series(tr.name, tuple(values.get(c) for c in categories), str(tr.marker.color)))
    return Native("bar", tuple(categories), tuple(series), number_format=number_format, axis_title=axis_title)


def _day(value: object) -> dt.date | None:
    return explore._date(value)


_TAG = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    """A plotly label without its markup (<b>...</b>)."""
    return _TAG.sub("", text)


_BUILDERS: dict[tuple[str, str], Callable[..., Slide]] = {
    ("overview", "kpis"): _overview_kpis,
    ("overview", "timeline"): _overview_timeline,
    ("overview", "map"): _overview_map,
    ("overview", "network"): _overview_network,
    ("overview", "progress"): _overview_progress,
    ("overview", "events"): _overview_events,
    ("programme", "programme"): _programme_intro,
    ("programme", "members"): _programme_members,
    ("programme", "meetings"): _programme_meetings,
    ("programme", "topics"): _programme_topics,
    ("programme", "actions"): _programme_actions,
    ("programme", "results"): _programme_results,
    ("partner", "brief"): _partner_brief,
    ("partner", "programmes"): _partner_programmes,
    ("partner", "history"): _partner_history,
    ("partner", "results"): _partner_results,
    ("partner", "distance"): _partner_distance,
    ("partner", "next"): _partner_next,
}


def file_name(deck: Deck, lang: str, ext: str) -> str:
    """e.g. "sofia-overview-en.pptx", "sofia-partner-oulu-bg.pdf" (ids are slugs: safe in a file name)."""
    slug = re.sub(r"[^a-z0-9-]+", "-", deck.name.replace(":", "-").lower()).strip("-")
    return f"sofia-{slug}-{lang}.{ext}"
