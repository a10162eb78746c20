"""Every text on every chart reads: at least 4.5:1 contrast (WCAG AA) on what lies behind it, and no
smaller than the page's body text, in the light and the dark theme.

The figures are built from the demo database as the pages build them and finished as the pages finish
them (charts.finish, through ui.chart). The colours are resolved here as Plotly resolves them (the text's
own colour, else the template's, else the figure's font) and measured with the WCAG formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import pytest

from lib import charts, explore, i18n, maps, network, overview, palette, progress, sql

TODAY = dt.date(2026, 11, 23)
WIDE = {"date_from": dt.date(2016, 1, 1), "date_to": dt.date(2027, 12, 31)}
THEMES = tuple(palette.THEMES)


def scope(con) -> tuple[str, ...]:
    found = sql.run(
        con, "programme_scope", families=(), programmes=(), themes=(), countries=(), statuses=(), **WIDE
    )
    return tuple(found["id"])


@cache
def analyses(db: Path) -> dict[str, network.Analysis]:
    """The network's views of the demo data (language-independent, and the slow part: computed once)."""
    with duckdb.connect(str(db), read_only=True) as con:
        ids = scope(con)
        memberships, nodes, _ = (sql.run(con, f"network_{q}", programme_ids=ids) for q in network.QUERIES)
    return {view: network.analyse(memberships, nodes, view, "sofia") for view in network.VIEWS}


def figures(con, db: Path, theme: str) -> Iterator[tuple[str, go.Figure]]:
    """(name, figure) of each chart the pages draw, on the demo data."""
    ids = scope(con)
    rows = overview.timeline_rows(sql.run(con, "overview_timeline", home="sofia", programme_ids=ids), True)
    families = {f: i18n.label("family", f) for f in palette.FAMILY}
    yield "timeline", charts.programme_timeline(rows, TODAY, families, i18n.t("common.today"))
    series = sql.run(
        con, "progress_indicators", home="sofia", programme_ids=ids, year_from=2016, year_to=2027
    )
    table = progress.indicator_table(series)
    for status in table["status"].unique():  # each status colour once
        row = table[table["status"] == status].iloc[0]
        one = series[series["indicator_id"] == row["indicator_id"]]
        yield f"indicator-{status}", progress.indicator_figure(one, row)
    actions = sql.run(con, "progress_actions", programme_ids=ids, countries=(), today=TODAY, **WIDE)
    yield "gantt", progress.gantt_figure(progress.gantt_rows(actions, TODAY), TODAY)
    programmes = sql.run(
        con, "progress_programmes", home="sofia", programme_ids=ids, countries=(), today=TODAY
    )
    yield "programmes", progress.programmes_figure(progress.programmes_table(programmes, table))
    where = {"home": "sofia", "programme_ids": ids, "countries": (), "year_to": 2027}
    first = sql.run(con, "progress_peer_indicators", **where)["indicator_id"].iloc[0]
    peers = sql.run(con, "progress_peers", **where, indicator_id=first, limit=progress.PEER_LIMIT)
    yield "peers", progress.peers_figure(peers)
    members = sql.run(con, "explore_programme_members", id="ua-digital-transition")
    yield "members", explore.count_bars(explore.members_by(members, "type"), palette.BLUE)
    events = sql.run(con, "explore_events", **explore.programme_events_params("ua-digital-transition"))
    yield "events-by-kind", explore.events_timeline(events, TODAY, by="kind", show_today=True)
    yield "events", explore.events_timeline(events, TODAY)
    for view, analysis in analyses(db).items():
        yield f"network-{view}", network.figure(analysis, view, "type", "sofia", theme=theme)


def _get(obj: object, *path: str) -> object:
    for name in path:
        obj = getattr(obj, name, None) if obj is not None else None
    return obj


def texts(fig: go.Figure) -> Iterator[tuple[str, str, str, float]]:
    """(what, colour, background, size) of every text of a finished figure."""
    layout, tpl = fig.layout, fig.layout.template.layout
    paper = layout.paper_bgcolor or tpl.paper_bgcolor
    colour = layout.font.color or tpl.font.color
    size = layout.font.size or tpl.font.size
    assert paper and colour and size, "finished figures have a background, a text colour and a size"
    if layout.title.text:
        yield "title", layout.title.font.color or tpl.title.font.color or colour, paper, tpl.title.font.size
    for name in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
        axis, default = layout[name], tpl[name.rstrip("0123456789")]
        if axis.visible is False or axis.showticklabels is False:
            continue
        tick = axis.tickfont.color or default.tickfont.color or colour
        yield name, tick, paper, axis.tickfont.size or default.tickfont.size or size
        if axis.title.text:
            yield f"{name} title", axis.title.font.color or default.title.font.color or colour, paper, size
    if layout.showlegend is not False and any(tr.showlegend is not False and tr.name for tr in fig.data):
        yield "legend", layout.legend.font.color or tpl.legend.font.color or colour, paper, size
    for a in layout.annotations:
        behind = palette.over(a.bgcolor, paper) if a.bgcolor else paper
        yield (
            f"annotation {a.text!r}",
            a.font.color or tpl.annotationdefaults.font.color or colour,
            behind,
            (a.font.size or size),
        )
    for tr in fig.data:
        if getattr(tr, "text", None) is None or (tr.type == "scatter" and "text" not in (tr.mode or "")):
            continue
        font = tr.textfont
        colours = (
            font.color if isinstance(font.color, tuple | list) else [font.color or colour] * len(tr.text)
        )
        inside = tr.textposition == "inside"
        bars = (
            tr.marker.color if isinstance(tr.marker.color, tuple | list) else [tr.marker.color] * len(tr.text)
        )
        for c, bar in zip(colours, bars, strict=True):
            yield f"{tr.type} text", c, palette.over(bar, paper) if inside else paper, font.size or size
    hover = tpl.hoverlabel
    yield "hover", hover.font.color, hover.bgcolor, hover.font.size


@pytest.mark.parametrize("theme", THEMES)
def test_every_chart_text_reads_in_both_themes(demo_con, demo_db_path, lang: str, theme: str) -> None:
    low: list[str] = []
    small: list[str] = []
    checked = 0
    for name, fig in figures(demo_con, demo_db_path, theme):
        charts.finish(fig, theme, title=name)
        for what, colour, background, size in texts(fig):
            checked += 1
            ratio = palette.contrast(colour, background)
            if ratio < palette.MIN_TEXT_CONTRAST:
                low.append(f"{name}: {what}: {colour} on {background} = {ratio:.2f}")
            if size < charts.TYPE.body:
                small.append(f"{name}: {what}: {size} px")
    assert checked > 60
    assert low == [], "\n".join(low)
    assert small == [], "\n".join(small)


def test_the_map_labels_read_on_land_and_sea() -> None:
    for theme, colours in palette.THEMES.items():
        pal = maps.theme_palette(theme)
        text = "#{:02x}{:02x}{:02x}".format(*pal.text[:3])
        halo = palette.css("#{:02x}{:02x}{:02x}".format(*pal.halo[:3]), pal.halo[3] / 255)
        for ground in (colours.land, colours.ocean):
            assert palette.contrast(text, palette.over(halo, ground)) >= palette.MIN_TEXT_CONTRAST, theme


def test_contrast_formula_known_answers() -> None:
    assert palette.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert palette.contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert palette.contrast("#808495", "#ffffff") == pytest.approx(3.7, abs=0.05)  # Streamlit's chart grey
    assert palette.over("rgba(255,255,255,0.5)", "#000000") == "#808080"


@pytest.mark.parametrize("colour", [palette.TODAY, palette.ORANGE, palette.LIGHT_GREY, palette.SLATE])
@pytest.mark.parametrize("theme", THEMES)
def test_readable_keeps_the_hue_and_reaches_aa(colour: str, theme: str) -> None:
    background = palette.THEMES[theme].background
    shade = palette.readable(colour, background)
    assert palette.contrast(shade, background) >= palette.MIN_TEXT_CONTRAST
    r, g, b = palette.rgb(colour)
    sr, sg, sb = palette.rgb(shade)
    assert (r >= g) == (sr >= sg) and (g >= b) == (sg >= sb), "the same hue, lighter or darker"
