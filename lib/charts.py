"""Pure chart builders: DataFrame in, plotly Figure out, and how every figure is finished for the page.

No streamlit. Figure functions describe the data in the palette's colours; `finish(fig, theme)` then gives
the figure the app's type and theme (Plotly's own, not Streamlit's chart theme, whose 12 px grey text is
below WCAG AA), a title that a downloaded picture keeps, and makes every coloured text readable on what
lies behind it (tests/unit/test_contrast.py measures each text of each figure in both themes).
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from lib import i18n, palette, safe

#: Plotly writes English month names on date axes; in Bulgarian the ticks are numeric instead.
_NUMERIC_DATE_TICKS = [
    {"dtickrange": [None, "M1"], "value": "%d.%m.%Y"},
    {"dtickrange": ["M1", "M12"], "value": "%m.%Y"},
    {"dtickrange": ["M12", None], "value": "%Y"},
]


def date_axis(fig: go.Figure, lang: str) -> go.Figure:
    """Make the x axis a date axis whose tick labels read right in `lang`."""
    fig.update_xaxes(type="date", title=None)
    if lang != "en":
        fig.update_xaxes(tickformatstops=_NUMERIC_DATE_TICKS)
    return fig


#: The programme timeline: each name on its own line(s) above its bar, so that no width goes to a column of
#: names (on a phone it took three quarters of the chart); names wrap at TIMELINE_WRAP characters, about
#: 300 px at 14 px, which a phone's chart holds. Pixels per name line, of a bar and of air in a row.
TIMELINE_WRAP = 42
TIMELINE_LINE = 18
TIMELINE_BAR = 14
TIMELINE_AIR = 16


#: A row's name above it at the plot's left edge (the timeline, the events chart). A chart's names are set
#: at once (layout.annotations): add_annotation() checks every annotation already there, so one call per name
#: is quadratic (764 names on the 100x database: 73 s of CPU; at once: well under a second).
NAME_AT_LEFT = {
    "x": 0,
    "xref": "paper",
    "showarrow": False,
    "xanchor": "left",
    "yanchor": "bottom",
    "align": "left",
}


def name_lines(labels: Iterable[str], wrap: int = TIMELINE_WRAP) -> int:
    """How many lines the longest of these names takes on the timeline (each row has room for that many)."""
    return max((wrapped(label, wrap).count("<br>") + 1 for label in labels), default=1)


def programme_timeline(
    frame: pd.DataFrame,
    today: dt.date,
    family_labels: dict[str, str],
    today_label: str,
    wrap: int = TIMELINE_WRAP,
) -> go.Figure:
    """Horizontal bars from start to end per programme, one trace per family, a line at today.

    Each programme's name (already escaped for Plotly) sits above its bar at the plot's left edge, pinned to
    the bar in pixels; the legend is below the axis, where more rows on a narrow screen push nothing onto
    the "today" label at the top. frame: columns label, family, start_date, end_date (NaT = still running),
    hover. wrap: about how many characters of a name go on one line.
    """
    fig = go.Figure()
    n = len(frame)
    names = [wrapped(label, wrap) for label in frame["label"]]
    lines = name_lines(frame["label"], wrap)
    row = lines * TIMELINE_LINE + TIMELINE_BAR + TIMELINE_AIR
    rows = frame.assign(
        start=pd.to_datetime(frame["start_date"]),
        end=pd.to_datetime(frame["end_date"]).fillna(pd.Timestamp(today)),
        position=range(n - 1, -1, -1),  # the first programme on top
    )
    bar = TIMELINE_BAR / row  # in rows
    low = -0.5 + (TIMELINE_AIR / 2) / row  # the bar sits at the bottom of its row, its name above it
    for family, colour in palette.FAMILY.items():
        part = rows[rows["family"] == family]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                name=family_labels.get(family, family),
                y=part["position"],
                base=part["start"],
                x=(part["end"] - part["start"]).dt.total_seconds() * 1000,
                orientation="h",
                width=bar,
                offset=low,
                marker={"color": colour},
                customdata=part[["hover"]],
                hovertemplate="%{customdata[0]}<extra></extra>",
            )
        )
    fig.update_layout(
        annotations=[
            {**NAME_AT_LEFT, "y": position + low + bar, "yshift": 2, "text": name}
            for position, name in zip(rows["position"], names, strict=True)
        ]
    )
    fig.update_yaxes(
        range=[-0.5, n - 0.5], showticklabels=False, showgrid=False, zeroline=False, fixedrange=True
    )
    date_axis(fig, i18n.language())
    add_today_line(fig, today, today_label)
    plot = row * max(n, 3)
    fig.update_layout(
        barmode="overlay",
        height=plot + 90,  # + the "today" label above, the axis and a legend row below
        margin={"l": 4, "r": 10, "t": 26, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -30 / plot, "x": 0, "title": None},
        showlegend=True,
    )
    return fig


def wrapped(label: str, width: int = TIMELINE_WRAP) -> str:
    """A (escaped) name in lines of at most about `width` characters, broken at spaces, for Plotly."""
    return "<br>".join(textwrap.wrap(label, width=width, break_long_words=False, break_on_hyphens=False))


def add_today_line(fig: go.Figure, today: dt.date, label: str) -> go.Figure:
    """A dotted vertical line at today across the plot, labelled at the top (date x axes)."""
    fig.add_shape(
        type="line",
        x0=today.isoformat(),
        x1=today.isoformat(),
        y0=0,
        y1=1,
        yref="paper",
        line={"color": palette.TODAY, "width": 2, "dash": "dot"},
    )
    fig.add_annotation(
        x=today.isoformat(),
        y=1,
        yref="paper",
        text=label,
        showarrow=False,
        yanchor="bottom",
        font={"color": palette.TODAY},
    )
    return fig


# --- finishing: type, theme, title, readable colours ----------------------------------------------------

#: Streamlit's own body font first (the page loads it), then fonts a Debian or Windows machine has.
FONT = '"Source Sans", "Source Sans Pro", "DejaVu Sans", Arial, sans-serif'


@dataclass(frozen=True)
class Typography:
    """Font sizes of a figure, in pixels: chart text never smaller than the page's body text (14 px).
    Slides pass larger ones."""

    body: float = 14
    title: float = 17


TYPE = Typography()
#: Space above a figure's title: Plotly's toolbar (on a phone always shown) sits there, not on the title.
TITLE_PAD = 30
#: A title longer than this many characters goes on more lines (Plotly does not wrap it).
TITLE_WRAP = 40


def template(theme: str = "light", typography: Typography = TYPE) -> go.layout.Template:
    """The app's Plotly template for the viewer's theme: theme background and text colour, grid lines,
    hover labels, the categorical colours."""
    colours = palette.THEMES.get(theme, palette.THEMES["light"])
    axis = {
        "gridcolor": colours.grid,
        "linecolor": colours.grid,
        "zerolinecolor": colours.grid,
        "tickcolor": colours.grid,
        "tickfont": {"size": typography.body, "color": colours.muted},
        "title": {"font": {"size": typography.body, "color": colours.text}},
        "automargin": True,
    }
    return go.layout.Template(
        layout={
            "font": {"family": FONT, "size": typography.body, "color": colours.text},
            "title": {
                "font": {"size": typography.title, "color": colours.text},
                "x": 0,
                "xanchor": "left",
                "xref": "container",
                "y": 1,
                "yref": "container",
                "yanchor": "top",
                "pad": {"t": TITLE_PAD, "l": 4},
            },
            "paper_bgcolor": colours.background,
            "plot_bgcolor": colours.background,
            "colorway": list(palette.CATEGORICAL),
            "xaxis": axis,
            "yaxis": {**axis, "tickfont": {"size": typography.body, "color": colours.text}},
            "legend": {"font": {"size": typography.body, "color": colours.text}},
            "hoverlabel": {
                "bgcolor": colours.tooltip,
                "bordercolor": colours.grid,
                "font": {"family": FONT, "size": typography.body, "color": colours.text},
            },
            "annotationdefaults": {"font": {"size": typography.body, "color": colours.text}},
        }
    )


def _alpha(colour: str) -> float:
    return palette.parse(colour)[3]


def _readable(colour: object, background: object) -> object:
    """A text colour (or a list of them, per point) made readable on its background(s)."""
    if isinstance(colour, str) and isinstance(background, str):
        return palette.readable(colour, background)
    n = len(colour) if isinstance(colour, list | tuple) else len(background)  # type: ignore[arg-type]
    colours = colour if isinstance(colour, list | tuple) else [colour] * n
    backgrounds = background if isinstance(background, list | tuple) else [background] * n
    return [palette.readable(c, b) for c, b in zip(colours, backgrounds, strict=True)]


def _inside(trace: go.BaseTraceType) -> bool:
    position = getattr(trace, "textposition", None)
    return position == "inside" or (isinstance(position, list | tuple) and set(position) == {"inside"})


def _text_background(trace: go.BaseTraceType, paper: str) -> str | list[str]:
    """What lies behind a trace's text: its bars, for text inside them, else the background."""
    bars = getattr(getattr(trace, "marker", None), "color", None)
    if _inside(trace) and isinstance(bars, str):
        return palette.over(bars, paper)
    if _inside(trace) and isinstance(bars, list | tuple):
        return [palette.over(b, paper) for b in bars]
    return paper


def finish(
    fig: go.Figure, theme: str = "light", title: str | None = None, typography: Typography = TYPE
) -> go.Figure:
    """The figure as the page shows it, in place: the app's template for `theme`, `title` in the figure
    (so that "Download plot as PNG" keeps it), no text smaller than the body size, and every text colour
    the figure chose made readable (WCAG AA) on what lies behind it: the background, an annotation's
    plate (which takes the theme's background colour) or, for text inside bars, the bar."""
    colours = palette.THEMES.get(theme, palette.THEMES["light"])
    paper = colours.background
    fig.update_layout(template=template(theme, typography))
    if title:  # above what the figure has at its top (a legend, "today"), in a taller figure
        text = wrapped(safe.html(title), TITLE_WRAP)  # a phone's chart holds about 40 characters
        room = round(TITLE_PAD + typography.title * 1.4 * (text.count("<br>") + 1) + 8)
        top = fig.layout.margin.t if fig.layout.margin.t is not None else 0
        fig.update_layout(title={"text": text}, margin={"t": top + room})
        if fig.layout.height:
            fig.update_layout(height=fig.layout.height + room)
    for annotation in fig.layout.annotations:
        if annotation.bgcolor:
            annotation.bgcolor = palette.css(paper, _alpha(annotation.bgcolor))
        behind = palette.over(annotation.bgcolor, paper) if annotation.bgcolor else paper
        if annotation.font.color:
            annotation.font.color = palette.readable(annotation.font.color, behind)
        if annotation.font.size is None or annotation.font.size < typography.body:
            annotation.font.size = typography.body
    for trace in fig.data:
        font = getattr(trace, "textfont", None)
        if font is None:
            continue
        if font.color is not None:
            font.color = _readable(font.color, _text_background(trace, paper))
        if font.size is None or (isinstance(font.size, int | float) and font.size < typography.body):
            font.size = typography.body
    return fig


def image_config(name: str) -> dict:
    """st.plotly_chart's config: the camera button saves a sharp PNG named after the chart."""
    slug = re.sub(r"[^0-9A-Za-zА-Яа-я]+", "-", name).strip("-").lower() or "chart"
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": f"sofia-{slug}", "scale": 2},
    }
