"""Pure chart builders: DataFrame in, plotly Figure out. No streamlit."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from lib import i18n, palette

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


def programme_timeline(
    frame: pd.DataFrame, today: dt.date, family_labels: dict[str, str], today_label: str
) -> go.Figure:
    """Horizontal bars from start to end per programme, one trace per family, and a line at today.

    frame: columns label (y axis text), family, start_date, end_date (NaT = still running), hover.
    """
    fig = go.Figure()
    rows = frame.assign(
        start=pd.to_datetime(frame["start_date"]),
        end=pd.to_datetime(frame["end_date"]).fillna(pd.Timestamp(today)),
    )
    for family, colour in palette.FAMILY.items():
        part = rows[rows["family"] == family]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                name=family_labels.get(family, family),
                y=part["label"],
                base=part["start"],
                x=(part["end"] - part["start"]).dt.total_seconds() * 1000,
                orientation="h",
                marker={"color": colour},
                customdata=part[["hover"]],
                hovertemplate="%{customdata[0]}<extra></extra>",
            )
        )
    order = rows["label"].tolist()
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], automargin=True, title=None)
    date_axis(fig, i18n.language())
    add_today_line(fig, today, today_label)
    fig.update_layout(
        barmode="overlay",
        height=max(260, 30 * len(rows) + 110),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": None},
        bargap=0.25,
    )
    return fig


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
