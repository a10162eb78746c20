"""Figures for slides: the pages' figures restyled for distance, and the map as a plotly figure. No streamlit.

Restyled for distance means larger type (per-axis tickfont and title_font, since Streamlit's chart theme
ignores a layout-wide font size), fewer labels, nothing that only a mouse hover would show. The figure
keeps its data: a slide shows what the page shows.

The map of a slide is drawn from the Map page's own data and rules (maps.MapData, partner_records,
arc_records, label_records, the family colours) on plain plotly axes in Web Mercator, with the offline
Natural Earth outlines as filled shapes. It needs no tiles and no topology download (plotly's geo charts
fetch one from a CDN), so it draws offline on screen and as a picture (kaleido) for the handouts; a pydeck
map can only become a picture through a browser screenshot, which took 38–47 s here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib import i18n, labels, maps, palette, progress
from lib.i18n import t

FONT = '"Source Sans", "Source Sans Pro", "DejaVu Sans", "Liberation Sans", Arial, sans-serif'
TEXT = palette.SLIDE_TEXT
MUTED = palette.SLIDE_MUTED
TICK_SIZE = 20
LEGEND_SIZE = 20
LABEL_SIZE = 18
#: Mercator is cut here (degrees of latitude) so the poles do not stretch to infinity.
MAX_LAT = 82.0
#: Width / height of a map on a slide (the slide's body at 16:9); the map's box is widened to it.
MAP_ASPECT = 2.45
#: A slide labels fewer cities than the Map page: larger type needs more room.
LABEL_SPACING = 1.7
MAX_LABELS = 10
#: City names on a slide's map: placed as on the Map page (maps.label_records) with boxes LABEL_SPACING
#: times as large, so that fewer, sparser names are chosen.
SLIDE_LABELS = labels.Style(
    size=maps.LABEL_STYLE.size * LABEL_SPACING,
    line_height=maps.LABEL_STYLE.line_height * LABEL_SPACING,
    pad=maps.LABEL_STYLE.pad * LABEL_SPACING,
    gap=maps.LABEL_STYLE.gap * LABEL_SPACING,
)


def _style_axes(fig: go.Figure, size: int) -> None:
    grid = {"gridcolor": palette.SLIDE_RULE, "zerolinecolor": palette.SLIDE_FRAME, "automargin": True}
    fig.update_xaxes(tickfont={"size": size, "color": MUTED}, title_font={"size": size}, **grid)
    fig.update_yaxes(tickfont={"size": size, "color": TEXT}, title_font={"size": size}, **grid)


def for_distance(
    fig: go.Figure, legend_top: bool = True, show_legend: bool | None = None, **_: Any
) -> go.Figure:
    """A page's figure restyled for a slide, in place (the figure is the slide's own): larger type on axes,
    legend, bar texts and annotations; the height left to the slide (the page stretches it, a handout sets
    it); a white background; no hover."""
    out = fig
    _style_axes(out, TICK_SIZE)
    out.update_layout(
        height=None,
        autosize=True,
        paper_bgcolor=palette.WHITE,
        plot_bgcolor=palette.WHITE,
        font={"family": FONT, "size": TICK_SIZE, "color": TEXT},
        margin={"l": 10, "r": 30, "t": 70 if legend_top else 20, "b": 10},
        hovermode=False,
    )
    legend: dict[str, Any] = {"font": {"size": LEGEND_SIZE}, "title": None}
    if legend_top:
        legend |= {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}
    out.update_layout(legend=legend)
    if show_legend is not None:
        out.update_layout(showlegend=show_legend)
    out.update_traces(textfont_size=LABEL_SIZE, selector={"type": "bar"})
    out.update_traces(marker_size=20, selector={"type": "scatter", "mode": "markers"})
    out.update_annotations(font_size=LABEL_SIZE)
    return out


#: The network's drawing on a slide (pixels): smaller than the page's, which a slide would shrink under
#: its labels; network.figure() places the labels for it.
SLIDE_NETWORK_PLOT = (1200.0, 430.0)


def network_for_distance(fig: go.Figure) -> go.Figure:
    """network.figure() for a slide: SVG traces (sharp in a picture), larger legend, no panning. Nodes and
    labels keep the sizes network.figure() placed the labels for (network.label_placements: no two
    overlap at that size; larger ones would)."""
    out = go.Figure(layout=fig.layout)
    for trace in fig.data:
        data = trace.to_plotly_json()
        data.pop("type", None)
        out.add_trace(go.Scatter(**data))
    out.update_layout(
        height=None,
        autosize=True,
        paper_bgcolor=palette.WHITE,
        plot_bgcolor=palette.WHITE,
        font={"family": FONT, "size": LEGEND_SIZE, "color": TEXT},
        legend={"font": {"size": LEGEND_SIZE}, "itemsizing": "constant"},
        margin={"l": 0, "r": 0, "t": 50, "b": 0},
        dragmode=False,
        hovermode=False,
    )
    return out


# --- indicators against targets ---------------------------------------------------------------------------


def target_share(actual: object, target: object, direction: str) -> float | None:
    """How much of its target an indicator reached, in percent (lower is better: target / actual)."""
    a, g = progress._number(actual), progress._number(target)
    if a is None or g is None or g == 0 or (direction == "down" and a == 0):
        return None
    return round(100 * (g / a if direction == "down" else a / g), 1)


def target_chart(table: pd.DataFrame) -> go.Figure:
    """Bars of progress.indicator_table(): each indicator's latest actual as a share of its target, coloured
    by its status, with the values written on the bar; a dotted line at 100%."""
    names = [progress.indicator_name(r) for _, r in table.iterrows()]
    short = [n if len(n) <= 46 else n[:44].rstrip() + "…" for n in names]
    shares = [target_share(r["actual"], r["target"], r["direction"]) for _, r in table.iterrows()]
    labels = [
        f"{progress.fmt_value(r['actual'], r['unit'])} / {progress.fmt_value(r['target'], r['unit'])}"
        for _, r in table.iterrows()
    ]
    fig = go.Figure()
    for status in progress.STATUSES:
        mask = [s == status for s in table["status"]]
        if not any(mask):
            continue
        fig.add_trace(
            go.Bar(
                y=[n for n, m in zip(short, mask, strict=True) if m],
                x=[v for v, m in zip(shares, mask, strict=True) if m],
                text=[lab for lab, m in zip(labels, mask, strict=True) if m],
                orientation="h",
                name=i18n.label("indicator_status", status),
                marker={"color": palette.INDICATOR_STATUS[status]},
                textposition="outside",
                cliponaxis=False,
            )
        )
    top = max([s for s in shares if s is not None] + [100.0])
    fig.add_vline(x=100, line={"color": MUTED, "width": 2, "dash": "dot"})
    fig.update_xaxes(range=[0, top * 1.3], ticksuffix="%", title=t("present.share_of_target"))
    fig.update_yaxes(categoryorder="array", categoryarray=short[::-1])
    fig.update_layout(barmode="overlay", bargap=0.3)
    return for_distance(fig)


# --- maps ------------------------------------------------------------------------------------------------


def mercator_y(lat: float) -> float:
    """Web Mercator's y in degree-like units (equal to the longitude scale at the equator)."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _rings(geometry: Mapping[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"][0]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield polygon[0]


@cache
def _land_xy() -> tuple[np.ndarray, np.ndarray]:
    """Every country's outer ring, projected, NaN between rings (numpy: plotly takes it without a copy)."""
    xs: list[float] = []
    ys: list[float] = []
    for feature in maps._countries():
        for ring in _rings(feature["geometry"]):
            xs += [p[0] for p in ring] + [math.nan]
            ys += [mercator_y(p[1]) for p in ring] + [math.nan]
    return np.array(xs), np.array(ys)


def _land(pal: maps.Palette) -> go.Scatter:
    """The offline outlines as one filled trace."""
    xs, ys = _land_xy()
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        fill="toself",
        fillcolor=_css(pal.land),
        line={"color": _css(pal.border), "width": 0.7},
        hoverinfo="skip",
        showlegend=False,
        name="land",
    )


def _css(rgba: Sequence[int]) -> str:
    r, g, b, *a = rgba
    return f"rgba({r},{g},{b},{(a[0] if a else 255) / 255:.2f})"


def _arc(
    source: Sequence[float], target: Sequence[float], steps: int = 24
) -> tuple[list[float], list[float]]:
    """A curve from source to target (lon, lat) bending to one side, as the Map page's flat arcs do."""
    x0, y0 = source[0], mercator_y(source[1])
    x1, y1 = target[0], mercator_y(target[1])
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    cx, cy = mx - (y1 - y0) * 0.2, my + (x1 - x0) * 0.2
    xs, ys = [], []
    for i in range(steps + 1):
        s = i / steps
        xs.append((1 - s) ** 2 * x0 + 2 * (1 - s) * s * cx + s**2 * x1)
        ys.append((1 - s) ** 2 * y0 + 2 * (1 - s) * s * cy + s**2 * y1)
    return xs, ys


def _hex(rgba: Sequence[int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgba[:3])


def fit_box(
    bounds: tuple[float, float, float, float], aspect: float = MAP_ASPECT
) -> tuple[list[float], list[float]]:
    """The x (longitude) and y (Mercator) ranges around `bounds`, widened on one axis to `aspect`."""
    lon_min, lat_min, lon_max, lat_max = bounds
    x0, x1 = lon_min, lon_max
    y0, y1 = mercator_y(lat_min), mercator_y(lat_max)
    if (x1 - x0) / (y1 - y0) < aspect:
        grow = ((y1 - y0) * aspect - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = ((x1 - x0) / aspect - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    return [x0, x1], [y0, y1]


def _frame(fig: go.Figure, bounds: tuple[float, float, float, float], pal: maps.Palette) -> go.Figure:
    xs, ys = fit_box(bounds)
    fig.update_xaxes(range=xs, visible=False, constrain="domain")
    fig.update_yaxes(range=ys, visible=False, scaleanchor="x", scaleratio=1, constrain="domain")
    fig.update_layout(
        plot_bgcolor=_css(pal.ocean),
        paper_bgcolor=palette.WHITE,
        margin={"l": 0, "r": 0, "t": 50, "b": 0},
        font={"family": FONT, "size": LEGEND_SIZE, "color": TEXT},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "x": 0,
            "title": None,
            "font": {"size": LEGEND_SIZE},
            "itemsizing": "constant",
        },  # fmt: skip
        hovermode=False,
        dragmode=False,
        showlegend=True,
        autosize=True,
    )
    return fig


def _label(fig: go.Figure, lon: float, lat: float, text: str, bold: bool = False) -> None:
    fig.add_annotation(
        x=lon,
        y=mercator_y(lat),
        text=f"<b>{text}</b>" if bold else text,
        showarrow=False,
        xanchor="left",
        xshift=12,
        font={"size": LABEL_SIZE, "color": TEXT},
        bgcolor=palette.SLIDE_PLATE,
        borderpad=2,
    )


def static_map(data: maps.MapData, view: str | maps.View) -> go.Figure:
    """The Map page's partners (or grid cells), arcs from Sofia and labels, on the offline outlines."""
    pal = maps.theme_palette("light")
    frame = maps.VIEWS.get(view, maps.VIEWS[maps.DEFAULT_VIEW]) if isinstance(view, str) else view
    fig = go.Figure(_land(pal))
    home = (float(data.home["lon"]), float(data.home["lat"]))
    records = maps.cell_records(data.points) if data.aggregated else maps.partner_records(data.points)
    families = data.points["family"].tolist() if len(data.points) else []
    arcs = maps.arc_records(data) if len(data.points) or data.aggregated else []
    for colour in dict.fromkeys(_hex(a["colour"]) for a in arcs):
        xs: list[float] = []
        ys: list[float] = []
        for a in arcs:
            if _hex(a["colour"]) == colour:
                ax, ay = _arc(a["source"], a["target"])
                xs += [*ax, math.nan]
                ys += [*ay, math.nan]
        line = {"color": colour, "width": 1.6}
        fig.add_trace(
            go.Scatter(x=np.array(xs), y=np.array(ys), mode="lines", line=line, opacity=0.55,
                       hoverinfo="skip", showlegend=False)
        )  # fmt: skip
    by_family: dict[str, list[dict]] = {}
    for record, family in zip(records, families, strict=True):
        by_family.setdefault(family, []).append(record)
    for family in [f for f in palette.FAMILY if f in by_family] + [
        f for f in by_family if f not in palette.FAMILY
    ]:
        part = by_family[family]
        fig.add_trace(
            go.Scatter(
                x=[r["lon"] for r in part],
                y=[mercator_y(r["lat"]) for r in part],
                mode="markers",
                marker={
                    "size": [2.6 * r["radius"] for r in part],
                    "color": palette.FAMILY.get(family, palette.NEUTRAL),
                    "line": {"color": palette.WHITE, "width": 1.5},
                    "opacity": 0.92,
                },
                name=i18n.label("family", family),
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[home[0]], y=[mercator_y(home[1])], mode="markers", name=i18n.name(data.home),
            marker={"size": 24, "color": palette.HOME, "line": {"color": palette.WHITE, "width": 3}},
        )
    )  # fmt: skip
    sparse = replace(frame, label_count=min(frame.label_count, MAX_LABELS))
    for label in maps.label_records(data, sparse, SLIDE_LABELS):
        _label(fig, label["lon"], label["lat"], label["text"], bold=label["home"])
    return _frame(fig, frame.bounds, pal)


def fitting_view(points: pd.DataFrame, home: Mapping[str, Any] | None = None, pad: float = 0.12) -> maps.View:
    """A view whose box holds every point (and home), with a margin, in the Map page's View form."""
    lons = [float(v) for v in points["lon"]] + ([float(home["lon"])] if home else [])
    lats = [float(v) for v in points["lat"]] + ([float(home["lat"])] if home else [])
    if not lons:
        return maps.VIEWS[maps.DEFAULT_VIEW]
    lon_min, lon_max, lat_min, lat_max = min(lons), max(lons), min(lats), max(lats)
    if lon_max - lon_min > 200 or (lon_max - lon_min) < 0.01 and (lat_max - lat_min) < 0.01:
        return maps.VIEWS["world"] if lon_max - lon_min > 200 else maps.VIEWS[maps.DEFAULT_VIEW]
    span_lon = max(lon_max - lon_min, 8.0)
    span_lat = max(lat_max - lat_min, 5.0)
    bounds = (
        max(-180.0, lon_min - pad * span_lon - 2),
        max(-MAX_LAT, lat_min - pad * span_lat - 1),
        min(180.0, lon_max + pad * span_lon + 2),
        min(MAX_LAT, lat_max + pad * span_lat + 1),
    )
    return maps.View((lat_min + lat_max) / 2, (lon_min + lon_max) / 2, 3.0, bounds, 14)


def pair_map(home: Mapping[str, Any], partner: Mapping[str, Any]) -> go.Figure:
    """Sofia and one partner joined by an arc on the offline outlines (the partner card's small map)."""
    pal = maps.theme_palette("light")
    frame = pd.DataFrame(
        [{"lon": home["lon"], "lat": home["lat"]}, {"lon": partner["lon"], "lat": partner["lat"]}]
    )
    view = fitting_view(frame, pad=0.35)
    fig = go.Figure(_land(pal))
    xs, ys = _arc((home["lon"], home["lat"]), (partner["lon"], partner["lat"]), steps=40)
    colour = palette.FAMILY["urban-agenda"]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": 3}, showlegend=False))
    for point, marker_colour in ((home, palette.HOME), (partner, colour)):
        fig.add_trace(
            go.Scatter(
                x=[point["lon"]], y=[mercator_y(point["lat"])], mode="markers", name=point["name"],
                marker={"size": 24, "color": marker_colour, "line": {"color": palette.WHITE, "width": 3}},
            )
        )  # fmt: skip
        _label(fig, point["lon"], point["lat"], point["name"], bold=True)
    return _frame(fig, view.bounds, pal)
