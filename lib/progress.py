"""Pure helpers of the Progress page: the status rule, indicator roll-ups, figures and the rows behind them.

No streamlit. Every text goes through t(); every figure is a plotly Figure built from a DataFrame.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lib import charts, i18n, palette, safe
from lib.i18n import t

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "on-track", "at-risk", "off-track", "no-data"
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)
#: st.badge colours and chart colours of the statuses (text always accompanies the colour).
BADGE_COLOURS = {ON_TRACK: "green", AT_RISK: "orange", OFF_TRACK: "red", NO_DATA: "gray"}
STATUS_ICONS = {
    ON_TRACK: ":material/check_circle:",
    AT_RISK: ":material/warning:",
    OFF_TRACK: ":material/error:",
    NO_DATA: ":material/help:",
}
#: Bands of the status rule, as shares of the planned change.
ON_TRACK_BAND = 0.05
AT_RISK_BAND = 0.15

#: Draw at most what a person can read; the tables under the charts keep every row.
CARD_LIMIT = 12  # indicator cards (the ones furthest behind first when there are more)
GANTT_LIMIT = 60  # actions on the Gantt (overdue, delayed and running ones first)
PROGRAMME_LIMIT = 25  # programmes compared (most actions, then partners)
PEER_LIMIT = 15  # peers on the chart, and Sofia wherever she ranks


# --- the status rule -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """An indicator's status in its latest year with an actual value."""

    status: str
    year: int | None = None
    actual: float | None = None
    target: float | None = None
    baseline: float | None = None
    shortfall: float | None = None  # missing share of the planned change; <= 0 when the target is met
    achieved: float | None = None  # share of the planned change achieved (None without a baseline)


def _number(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def classify(
    actual: float | None, target: float | None, baseline: float | None, direction: str
) -> tuple[str, float | None]:
    """The status of one actual against its target, and the shortfall as a share of the planned change.

    The planned change is target − baseline. The shortfall is how far the actual stays behind the target
    in the indicator's direction (below it when higher is better, above it when lower is better), divided
    by the size of the planned change; without a baseline, or when the baseline equals the target, it is
    divided by the size of the target instead. Then:

    - on track: the target is met or beaten, or the shortfall is at most 5% of the planned change;
    - at risk: the shortfall is at most 15%;
    - off track: the shortfall is larger;
    - no data: the actual or the target is missing.
    """
    actual, target, baseline = _number(actual), _number(target), _number(baseline)
    if actual is None or target is None:
        return NO_DATA, None
    sign = -1.0 if direction == "down" else 1.0
    gap = sign * (target - actual)  # > 0: behind the target
    scale = abs(target - baseline) if baseline is not None else 0.0
    if scale == 0:
        scale = abs(target) or 1.0
    shortfall = gap / scale
    if shortfall <= ON_TRACK_BAND:
        return ON_TRACK, shortfall
    if shortfall <= AT_RISK_BAND:
        return AT_RISK, shortfall
    return OFF_TRACK, shortfall


def assess(series: pd.DataFrame, direction: str, baseline: float | None = None) -> Assessment:
    """Apply classify() to the latest year of `series` (columns year, actual, target) that has an actual.

    The baseline is the recorded one; without it, the earliest actual of an earlier year. A single point
    (one year, no baseline) is measured against its target alone. No actual, or no target in that year:
    no data.
    """
    one = series.assign(indicator_id="", direction=direction, baseline=baseline)
    found = assessments(one)
    if found.empty:
        return Assessment(NO_DATA)
    row = {k: (None if pd.isna(v) else v) for k, v in found.iloc[0].items()}
    return Assessment(
        status=str(row["status"]),
        year=row["year"],
        actual=row["actual"],
        target=row["target"],
        baseline=row["baseline"],
        shortfall=row["shortfall"],
        achieved=row["achieved"],
    )


def assessments(series: pd.DataFrame) -> pd.DataFrame:
    """assess() of every indicator of `series` at once (columns indicator_id, direction, baseline, year,
    actual, target; one row per indicator and year). One row per indicator that has an actual: status,
    year, actual, target, baseline, shortfall, achieved; indexed by indicator_id."""
    fields = list(Assessment.__dataclass_fields__)
    rows = series.dropna(subset=["actual"]).sort_values(["indicator_id", "year"], kind="stable")
    if rows.empty:
        return pd.DataFrame(columns=fields, index=pd.Index([], name="indicator_id"))
    by = rows.groupby("indicator_id", sort=False)
    last, first = by.tail(1).set_index("indicator_id"), by.head(1).set_index("indicator_id")
    recorded = pd.to_numeric(last["baseline"], errors="coerce")
    earliest = first["actual"].where(first["year"] < last["year"])  # an earlier year's first actual
    base = recorded.where(recorded.notna(), earliest)
    out = pd.DataFrame(index=last.index)
    out["year"] = last["year"].astype(int)
    out["actual"] = pd.to_numeric(last["actual"], errors="coerce")
    out["target"] = pd.to_numeric(last["target"], errors="coerce")
    out["baseline"] = base
    judged = [  # the rule itself, once per indicator (not per row of the series)
        classify(a, tg, b, d)
        for a, tg, b, d in zip(out["actual"], out["target"], out["baseline"], last["direction"], strict=True)
    ]
    out["status"] = [j[0] for j in judged]
    out["shortfall"] = [j[1] for j in judged]
    planned = out["target"] - out["baseline"]
    out["achieved"] = ((out["actual"] - out["baseline"]) / planned).where(planned.notna() & (planned != 0))
    return out[fields]


#: The provenance columns of indicator_table: the weakest reliability of the year assessed and its source.
SOURCES = ["reliability", "source_title_en", "source_title_bg", "updated_at"]


def indicator_table(series: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator of queries/progress_indicators.sql with its assessment and history.

    Columns: indicator_id, code, name_en, name_bg, unit, direction, programme_id, programme_en,
    programme_bg, status, year, actual, target, baseline, shortfall, achieved, history (actuals by year),
    reliability, source_title_en, source_title_bg, updated_at.
    """
    columns = [
        "indicator_id",
        "code",
        "name_en",
        "name_bg",
        "unit",
        "direction",
        "programme_id",
        "programme_en",
        "programme_bg",
        "description_en",
        "description_bg",
    ]
    extra = ["status", "year", "actual", "target", "baseline", "shortfall", "achieved", "history"]
    if series.empty:
        return pd.DataFrame(columns=[*columns, *extra, *SOURCES])
    ordered = series.sort_values(["indicator_id", "year"], kind="stable")
    found = assessments(ordered)
    table = ordered.drop_duplicates("indicator_id")[columns].set_index("indicator_id", drop=False)
    table = table.join(found.drop(columns="baseline")).join(found[["baseline"]])
    table["status"] = table["status"].fillna(NO_DATA)
    history = ordered.dropna(subset=["actual"]).groupby("indicator_id")["actual"].agg(list)
    table["history"] = table.index.map(history).map(lambda h: h if isinstance(h, list) else [])
    # provenance of the assessed year (the last year when none has an actual)
    year = table["year"].where(table["year"].notna(), ordered.groupby("indicator_id")["year"].max())
    used = ordered.merge(
        pd.DataFrame({"indicator_id": table.index, "year": year.to_numpy()}), on=["indicator_id", "year"]
    ).drop_duplicates("indicator_id")
    table = table.join(used.set_index("indicator_id")[["reliability", "source_title_en", "source_title_bg"]])
    table["updated_at"] = ordered.groupby("indicator_id")["updated_at"].max()
    table["year"] = table["year"].astype("Int64").astype(object).where(table["year"].notna(), None)
    out = table.reset_index(drop=True)[[*columns, *extra, *SOURCES]]
    return out.sort_values("code", kind="stable").reset_index(drop=True)


_SEVERITY = {OFF_TRACK: 0, AT_RISK: 1, NO_DATA: 2, ON_TRACK: 3}


def cards_shown(table: pd.DataFrame, limit: int | None = CARD_LIMIT) -> pd.DataFrame:
    """The indicators to draw as cards: all of them up to `limit`; above it the `limit` furthest behind
    (off track, then at risk, no data, on track; by shortfall, then code), in code order."""
    if limit is None or len(table) <= limit:
        return table
    severity = table["status"].map(_SEVERITY)
    ranked = table.assign(_s=severity, _f=-table["shortfall"].astype(float).fillna(0))
    picked = ranked.sort_values(["_s", "_f", "code"], kind="stable").head(limit)
    return table.loc[picked.index].sort_values("code", kind="stable")


def status_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many indicators have each status, in STATUSES order (zero counts included)."""
    counts = table["status"].value_counts() if not table.empty else pd.Series(dtype=int)
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def on_track_by_programme(table: pd.DataFrame) -> pd.DataFrame:
    """Indicators and indicators on track per programme id (columns programme_id, indicators, on_track)."""
    if table.empty:
        return pd.DataFrame(columns=["programme_id", "indicators", "on_track"])
    return (
        table.assign(on=table["status"] == ON_TRACK)
        .groupby("programme_id", as_index=False)
        .agg(indicators=("indicator_id", "count"), on_track=("on", "sum"))
    )


# --- labels and formatting ---------------------------------------------------------------------------------


def direction_label(direction: str) -> str:
    return t("progress.lower_better") if direction == "down" else t("progress.higher_better")


def fmt_value(value: object, unit: str) -> str:
    """A value in its unit, in the current language: "78,4 %", "266", "7,2 дни"."""
    number = _number(value)
    if number is None:
        return "–"
    if unit == "percent":
        return i18n.percent(number / 100, 1)
    if unit == "days":
        return t("progress.fmt_days", n=i18n.number(number, 1))
    return i18n.number(number, 0 if number.is_integer() else 1)


def fmt_gap(actual: float | None, target: float | None, unit: str) -> str | None:
    """The signed difference actual − target in the indicator's unit ("+1,2 пр. п.", "-54", "+0.5 days");
    st.metric reads the sign from the first character. None without both values."""
    actual, target = _number(actual), _number(target)
    if actual is None or target is None:
        return None
    gap = actual - target
    size = i18n.number(abs(gap), 0 if float(gap).is_integer() and unit != "percent" else 1)
    if unit == "percent":
        size = f"{size} {t('progress.unit.points')}"
    elif unit == "days":
        size = t("progress.fmt_days", n=size)
    return ("+" if gap >= 0 else "-") + size


def status_badge(status: str, text: str | None = None) -> tuple[str, str, str]:
    """(text, icon, colour) of a status's badge: the one place colour meets a status (always with its
    word). ui.badge() draws it."""
    return text or i18n.label("indicator_status", status), STATUS_ICONS[status], BADGE_COLOURS[status]


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None
    description: str
    history: list[float]
    help: str


def indicator_card(row: pd.Series) -> Card:
    """A KPI card of one row of indicator_table(): latest actual, its gap to the target, the history."""
    year = _number(row.get("year"))
    year_text = str(int(year)) if year is not None else "–"
    gap = fmt_gap(row.get("actual"), row.get("target"), row["unit"])
    if _number(row.get("target")) is not None:
        # the arrow under the value is the gap to the target, not a change since last year: say so
        key = "progress.gap_to_target" if gap is not None else "progress.vs_target"
        description = t(key, year=year_text, target=fmt_value(row["target"], row["unit"]))
    else:
        description = t("progress.no_target", year=year_text)
    return Card(
        label=indicator_name(row),
        value=fmt_value(row.get("actual"), row["unit"]),
        delta=gap,
        description=description,
        history=[float(v) for v in row.get("history") or []],
        help=f"{safe.md(i18n.name(row, 'description'))} ({direction_label(row['direction'])})",
    )


def indicator_names(frame: pd.DataFrame) -> pd.Series:
    """indicator_name() of every row: "CODE · name", in the current language."""
    return frame["code"].astype(str) + " · " + i18n.names(frame)


def indicator_name(row: object) -> str:
    getter = row.get if hasattr(row, "get") else lambda k: getattr(row, k)
    return f"{getter('code')} · {i18n.name(row)}"


def provenance(source_title: str, reliability: str, updated_at: object) -> str:
    """One line under a chart (Markdown): source, reliability and last update (sample data says only that)."""
    date = i18n.date(updated_at) if updated_at is not None and not pd.isna(updated_at) else "–"
    if reliability == "illustrative":
        return t("progress.provenance_sample", date=date)
    return t(
        "progress.provenance",
        source=safe.md(i18n.source_title(source_title, reliability)),
        reliability=i18n.label("reliability", reliability),
        date=date,
    )


# --- figures --------------------------------------------------------------------------------------------


def _layout(fig: go.Figure, height: int, legend: bool = True) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 20, "t": 40 if legend else 20, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": None},
        showlegend=legend,
        hoverlabel={"align": "left"},
    )
    return fig


def _behind(row: pd.Series) -> bool:
    """Whether the assessed actual lies below its target on the chart (label it underneath)."""
    actual, target = _number(row.get("actual")), _number(row.get("target"))
    return actual is not None and target is not None and actual < target


def indicator_figure(rows: pd.DataFrame, row: pd.Series) -> go.Figure:
    """Actuals (solid) against targets (dashed) by year for one indicator, its baseline dotted, and the
    assessed year marked in its status colour. rows: that indicator's rows of progress_indicators.sql."""
    unit = row["unit"]
    data = rows.sort_values("year")
    fig = go.Figure()
    text = lambda values: [fmt_value(v, unit) for v in values]  # noqa: E731
    fig.add_trace(
        go.Scatter(
            x=data["year"],
            y=data["target"],
            name=t("progress.target"),
            mode="lines+markers",
            line={"color": palette.TARGET, "dash": "dash", "width": 2},
            marker={"symbol": "diamond-open", "size": 8},
            customdata=text(data["target"]),
            hovertemplate="%{x}: %{customdata}<extra>" + t("progress.target") + "</extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=data["year"],
            y=data["actual"],
            name=t("progress.actual"),
            mode="lines+markers",
            line={"color": palette.ACTUAL, "width": 3},
            marker={"size": 8},
            customdata=text(data["actual"]),
            hovertemplate="%{x}: %{customdata}<extra>" + t("progress.actual") + "</extra>",
        )
    )
    if _number(row.get("baseline")) is not None:
        fig.add_hline(
            y=row["baseline"],
            line={"color": palette.TARGET, "dash": "dot", "width": 1},
            annotation_text=t("progress.baseline_value", value=fmt_value(row["baseline"], unit)),
            annotation_position="bottom right",
        )
    if _number(row.get("year")) is not None and _number(row.get("actual")) is not None:
        colour = palette.INDICATOR_STATUS[row["status"]]
        fig.add_trace(
            go.Scatter(
                x=[row["year"]],
                y=[row["actual"]],
                name=i18n.label("indicator_status", row["status"]),
                mode="markers",
                marker={"size": 16, "color": colour, "line": {"width": 2, "color": palette.WHITE}},
                hoverinfo="skip",
            )
        )
        fig.add_annotation(  # the status in words beside the point, away from the target line
            x=row["year"],
            y=row["actual"],
            text=f"<b>{fmt_value(row['actual'], unit)} · {i18n.label('indicator_status', row['status'])}</b>",
            font={"color": colour, "size": 14},
            showarrow=True,
            arrowcolor=colour,
            ax=-70,
            ay=45 if _behind(row) else -45,
            bgcolor=palette.css(palette.WHITE, 0.85),
        )
    fig.update_xaxes(dtick=1, title=None)
    fig.update_yaxes(title=i18n.label("unit", unit), rangemode="tozero")
    return _layout(fig, 380)


_URGENCY = {"delayed": 1, "in-progress": 2, "planned": 3, "done": 4, "cancelled": 5}


def gantt_subset(actions: pd.DataFrame, limit: int = GANTT_LIMIT) -> pd.DataFrame:
    """The actions the Gantt draws: all up to `limit`; above it overdue ones first, then delayed, running,
    planned, done (each by due date), kept in the query's order (programmes by start)."""
    if len(actions) <= limit:
        return actions
    urgency = actions["status"].map(_URGENCY).fillna(6).where(~actions["overdue"].astype(bool), 0)
    ranked = actions.assign(_u=urgency, _d=pd.to_datetime(actions["bar_end"]))
    picked = ranked.sort_values(["_u", "_d"], kind="stable", na_position="last").head(limit).index
    return actions.loc[sorted(picked)]


def gantt_rows(actions: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Rows for gantt_figure: a y label per action, a bold header row per programme, drawn dates, hover.

    actions: queries/progress_actions.sql. Header rows have header=True and no bar.
    """
    out = []
    seen: set[str] = set()
    for programme_id, group in actions.groupby("programme_id", sort=False):
        header = f"<b>{safe.html(i18n.name(group.iloc[0], 'programme'))}</b>"
        out.append({"label": header, "header": True, "programme_id": programme_id})
        for _, a in group.iterrows():
            title = i18n.name(a, "title")
            short = safe.html(title if len(title) <= 58 else title[:56].rstrip() + "…")
            code = safe.html(i18n.action_code(a["code"]))
            label = f"{code} · {short}" if code else short
            while label in seen:  # plotly merges equal category labels
                label += " "
            seen.add(label)
            open_end = pd.isna(a["bar_end"])
            end = pd.Timestamp(today) if open_end else pd.Timestamp(a["bar_end"])
            due = (
                t("progress.no_deadline")
                if open_end
                else i18n.date(a["bar_end"]) + (f" ({t('progress.due_implied')})" if a["due_implied"] else "")
            )
            status = i18n.label("action_status", a["status"])
            progress_pct = _number(a["progress_pct"])
            pct = i18n.percent(progress_pct / 100) if progress_pct is not None else "–"
            sample = a["status_reliability"] == "illustrative"
            hover = (
                f"<b>{safe.html(title)}</b><br>{safe.html(i18n.name(a, 'programme'))}<br>"
                f"{t('progress.col.status')}: {status} · {pct}"
                + (f" ({t('common.sample')})" if sample else "")
                + f"<br>{t('progress.col.start')}: {i18n.date(a['bar_start'])}"
                + f"<br>{t('progress.col.due')}: {due}"
                + (f"<br><b>{t('progress.overdue')}</b>" if a["overdue"] else "")
            )
            out.append(
                {
                    "label": label,
                    "header": False,
                    "programme_id": programme_id,
                    "status": a["status"],
                    "start": pd.Timestamp(a["bar_start"]),
                    "end": end,
                    "open": open_end,
                    "overdue": bool(a["overdue"]),
                    "text": pct + (f" · {t('progress.overdue')}" if a["overdue"] else ""),
                    "hover": hover,
                }
            )
    return pd.DataFrame(out)


def gantt_figure(rows: pd.DataFrame, today: dt.date) -> go.Figure:
    """Bars from start to due per action, coloured by status; overdue bars outlined in red and labelled;
    open-ended bars (no deadline) faded up to today; a dotted line at today."""
    fig = go.Figure()
    bars = rows[~rows["header"]] if not rows.empty else rows
    for status, colour in palette.ACTION_STATUS.items():
        part = bars[bars["status"] == status]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                name=i18n.label("action_status", status),
                y=part["label"],
                base=part["start"],
                x=(part["end"] - part["start"]).dt.total_seconds() * 1000,
                orientation="h",
                marker={
                    "color": colour,
                    "opacity": [0.45 if o else 1.0 for o in part["open"]],
                    "line": {
                        "color": [palette.OVERDUE if o else colour for o in part["overdue"]],
                        "width": [3 if o else 0 for o in part["overdue"]],
                    },
                },
                text=part["text"],
                textposition="outside",
                textfont={"color": [palette.OVERDUE if o else palette.BAR_TEXT for o in part["overdue"]]},
                cliponaxis=False,
                customdata=part[["hover"]],
                hovertemplate="%{customdata[0]}<extra></extra>",
            )
        )
    if bars["overdue"].any():
        fig.add_trace(  # legend entry for the red outline
            go.Bar(
                name=t("progress.overdue"),
                y=[None],
                x=[None],
                orientation="h",
                marker={"color": palette.TRANSPARENT, "line": {"color": palette.OVERDUE, "width": 3}},
                hoverinfo="skip",
            )
        )
    order = rows["label"].tolist()
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=order[::-1],
        range=[-0.6, len(order) - 0.4],  # keep the top header row, which has no bar
        automargin=True,
        title=None,
    )
    charts.date_axis(fig, i18n.language())
    charts.add_today_line(fig, today, t("common.today"))
    fig.update_layout(barmode="overlay", bargap=0.3)
    return _layout(fig, max(300, 28 * len(rows) + 120))


def programmes_table(programmes: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """progress_programmes.sql joined with the indicators on track per programme (pure merge)."""
    merged = programmes.merge(
        on_track_by_programme(indicators), how="left", left_on="id", right_on="programme_id"
    )
    merged["indicators"] = merged["indicators"].fillna(0).astype(int)
    merged["indicators_on_track"] = merged["on_track"].fillna(0).astype(int)
    return merged.drop(columns=["programme_id", "on_track"])


def programmes_shown(table: pd.DataFrame, limit: int = PROGRAMME_LIMIT) -> pd.DataFrame:
    """The programmes the comparison draws: all up to `limit`; above it those with most actions, then most
    partners, kept in start order."""
    if len(table) <= limit:
        return table
    picked = table.sort_values(["actions", "partners"], ascending=False, kind="stable").head(limit).index
    return table.loc[sorted(picked)]


PANEL_TITLE_CHARS = 20


def programmes_figure(table: pd.DataFrame) -> go.Figure:
    """Five small bar panels sharing the programme axis: share of actions done, share of indicators on
    track, partners, events, duration. Each panel has its own scale, and each bar's label states the very
    quantity its length shows: a share ("67 %", the counts "2 of 3" in the hover) or a number."""
    measures = [
        ("actions_done", t("progress.col.share_actions_done"), "actions"),
        ("indicators_on_track", t("progress.col.share_indicators_on_track"), "indicators"),
        ("partners", t("progress.col.partners"), None),
        ("events", t("progress.col.events"), None),
        ("years", t("progress.col.years"), None),
    ]
    fig = make_subplots(
        rows=1,
        cols=len(measures),
        shared_yaxes=True,
        # a panel is a fifth of the width: long titles ("Дял изпълнени действия") go on two lines, or they
        # run into the next panel's at 1440 px
        subplot_titles=["<br>".join(textwrap.wrap(m[1], PANEL_TITLE_CHARS)) for m in measures],
        horizontal_spacing=0.02,
    )
    plain = i18n.names(table).tolist()
    short = [safe.html(n if len(n) <= 40 else n[:38].rstrip() + "…") for n in plain]
    names = [safe.html(n) for n in plain]
    colours = [palette.FAMILY.get(f, palette.NEUTRAL) for f in table["family"]]
    for col, (field, title, total) in enumerate(measures, start=1):
        counts = table[field].astype(float)
        if total:
            totals = table[total].astype(float)
            values = (counts / totals.where(totals > 0)).fillna(0.0)
            text = [i18n.percent(v) if n else "–" for v, n in zip(values, totals, strict=True)]
            hover = [
                t("progress.n_of_total", n=i18n.number(c), total=i18n.number(n)) if n else "–"
                for c, n in zip(counts, totals, strict=True)
            ]
            top = 1.0
        else:
            values = counts
            text = [i18n.number(v, 1 if field == "years" else 0) for v in values]
            hover = text
            top = max(float(values.max()) if len(values) else 0.0, 1.0)
        fig.add_trace(
            go.Bar(
                y=short,
                x=values,
                orientation="h",
                marker={"color": colours},
                text=text,
                textposition="outside",
                cliponaxis=False,
                customdata=[[n, title, x] for n, x in zip(names, hover, strict=True)],
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}<extra></extra>",
                showlegend=False,
            ),
            row=1,
            col=col,
        )
        fig.update_xaxes(range=[0, top * 1.35], showticklabels=False, row=1, col=col)
    fig.update_yaxes(categoryorder="array", categoryarray=short[::-1], automargin=True)
    fig.update_annotations(font={"size": 13})
    fig = _layout(fig, max(260, 46 * len(table) + 90), legend=False)
    return fig.update_layout(margin_t=48)  # room for two-line panel titles


def peers_figure(rows: pd.DataFrame) -> go.Figure:
    """Horizontal bars of one indicator's latest actuals, best first (respecting the direction), Sofia
    highlighted, values as text, Sofia's target as a dashed line. rows: one indicator of progress_peers."""
    unit, direction = rows["unit"].iloc[0], rows["direction"].iloc[0]
    if "rank" in rows:  # progress_peers.sql: the best PEER_LIMIT, and Sofia wherever she ranks
        rows = rows[(rows["rank"] <= PEER_LIMIT) | rows["is_home"]]
    data = rows.sort_values("value", ascending=direction == "down").reset_index(drop=True)
    names = i18n.names(data, "partner")
    labels = [
        f"{f'<b>{n}</b>' if home else n} ({safe.html(c)})"
        for n, home, c in zip(
            names.map(safe.html), data["is_home"], i18n.countries(data["country_code"]), strict=True
        )
    ]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=data["value"],
            orientation="h",
            marker={"color": [palette.HIGHLIGHT if h else palette.PEER for h in data["is_home"]]},
            text=[fmt_value(v, unit) for v in data["value"]],
            textposition="inside",
            insidetextanchor="end",
            textfont={"color": palette.WHITE, "size": 14},
            hovertemplate="%{y}: %{text}<extra></extra>",
            showlegend=False,
        )
    )
    target = _number(data["home_target"].iloc[0])
    if target is not None:
        fig.add_vline(
            x=target,
            line={"color": palette.HIGHLIGHT, "dash": "dash", "width": 2},
            annotation_text=t(
                "progress.home_target", year=int(data["year"].iloc[0]), value=fmt_value(target, unit)
            ),
            annotation_position="top",
            annotation_font={"color": palette.HIGHLIGHT},
        )
    top = max(float(data["value"].max()), target or 0.0)
    fig.update_xaxes(title=i18n.label("unit", unit), range=[0, top * 1.08])
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], automargin=True, title=None)
    fig = _layout(fig, max(260, 44 * len(data) + 110), legend=False)
    fig.update_layout(margin={"t": 50})
    return fig


def peers_notes(rows: pd.DataFrame, reported: int) -> list[str]:
    """The lines under the peers chart: how much of the ranking it shows, the year and direction, the
    provenance of the latest value. rows: progress_peers.sql for one indicator."""
    out = []
    if reported > PEER_LIMIT + 1:
        home = rows.loc[rows["is_home"], "rank"]
        rank = int(home.iloc[0]) if len(home) else "–"
        out.append(t("progress.peers_limited", shown=PEER_LIMIT, n=i18n.number(reported), rank=rank))
    direction = direction_label(rows["direction"].iloc[0])
    out.append(t("progress.peers_note", year=int(rows["year"].iloc[0]), direction=direction))
    latest = rows.sort_values("updated_at").iloc[-1]
    out.append(provenance(i18n.name(latest, "source_title"), latest["reliability"], latest["updated_at"]))
    return out


# --- the rows behind the charts (localised headers) ---------------------------------------------------


def indicator_status_rows(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("progress.col.code"): table["code"],
            t("progress.col.indicator"): i18n.names(table),
            t("progress.col.programme"): i18n.names(table, "programme"),
            t("progress.col.direction"): i18n.each(table["direction"], direction_label),
            t("progress.col.year"): table["year"],
            t("progress.col.baseline"): table["baseline"],
            t("progress.col.target"): table["target"],
            t("progress.col.actual"): table["actual"],
            t("progress.col.unit"): i18n.each(table["unit"], lambda u: i18n.label("unit", u)),
            t("progress.col.achieved"): table["achieved"],
            t("progress.col.status"): i18n.each(table["status"], lambda s: i18n.cell("indicator_status", s)),
            t("progress.col.reliability"): i18n.each(
                table["reliability"], lambda r: i18n.cell("reliability", r)
            ),
        }
    )


def indicator_series_rows(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("progress.col.year"): rows["year"],
            t("progress.col.actual"): rows["actual"],
            t("progress.col.target"): rows["target"],
            t("progress.col.unit"): i18n.each(rows["unit"], lambda u: i18n.label("unit", u)),
            t("progress.col.reliability"): i18n.each(
                rows["reliability"], lambda r: i18n.cell("reliability", r)
            ),
            t("progress.col.source"): i18n.each(
                zip(i18n.names(rows, "source_title"), rows["reliability"], strict=True),
                lambda p: i18n.source_title(*p),
            ),
            t("progress.col.updated"): i18n.dates(rows["updated_at"]),
        }
    )


def action_rows(actions: pd.DataFrame) -> pd.DataFrame:
    theme = i18n.names(actions, "theme")
    return pd.DataFrame(
        {
            t("progress.col.programme"): i18n.names(actions, "programme").to_numpy(),
            t("progress.col.code"): i18n.each(actions["code"], i18n.action_code),
            t("progress.col.action"): i18n.names(actions, "title").to_numpy(),
            t("progress.col.theme"): theme.where(theme != "", "–").to_numpy(),
            t("progress.col.status"): i18n.each(actions["status"], lambda s: i18n.cell("action_status", s)),
            t("progress.col.progress"): actions["progress_pct"].to_numpy(),
            t("progress.col.start"): i18n.dates(actions["start_date"]),
            t("progress.col.due"): i18n.dates(actions["due_date"]),
            t("progress.col.is_overdue"): actions["overdue"]
            .map({True: t("progress.yes")})
            .fillna("")
            .to_numpy(),
            t("progress.col.status_source"): i18n.each(
                zip(i18n.names(actions, "status_source"), actions["status_reliability"], strict=True),
                lambda p: (
                    i18n.source_title(*p)
                    if p[1] == "illustrative"
                    else f"{p[0]} ({i18n.label('reliability', p[1])})"
                ),
            ),
        }
    )


def rollup_rows(rollups: pd.DataFrame, level: str) -> pd.DataFrame:
    part = rollups[rollups["level"] == level]
    names = i18n.names(part)
    first = t("progress.col.programme") if level == "programme" else t("progress.col.theme")
    return pd.DataFrame(
        {
            first: names.where(names != "", t("progress.no_theme")).to_numpy(),
            t("progress.col.actions"): part["actions"].to_numpy(),
            t("progress.col.share_done"): (part["share_done"] * 100).to_numpy(),
            t("progress.col.share_on_track"): (part["share_on_track"] * 100).to_numpy(),
            t("progress.col.overdue"): part["overdue"].to_numpy(),
        }
    )


def programme_rows(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("progress.col.programme"): i18n.names(table).to_numpy(),
            t("progress.col.family"): i18n.each(table["family"], lambda f: i18n.label("family", f)),
            t("progress.col.actions_done"): table["actions_done"].to_numpy(),
            t("progress.col.actions"): table["actions"].to_numpy(),
            t("progress.col.indicators_on_track"): table["indicators_on_track"].to_numpy(),
            t("progress.col.indicators"): table["indicators"].to_numpy(),
            t("progress.col.partners"): table["partners"].to_numpy(),
            t("progress.col.events"): table["events"].to_numpy(),
            t("progress.col.years"): table["years"].to_numpy(),
            t("progress.col.period"): i18n.date_ranges(table["start_date"], table["end_date"]),
        }
    )


def peer_rows(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("progress.col.partner"): i18n.names(rows, "partner").to_numpy(),
            t("progress.col.country"): i18n.countries(rows["country_code"]),
            t("progress.col.year"): rows["year"].to_numpy(),
            t("progress.col.actual"): rows["value"].to_numpy(),
            t("progress.col.unit"): i18n.each(rows["unit"], lambda u: i18n.label("unit", u)),
            t("progress.col.reliability"): i18n.each(
                rows["reliability"], lambda r: i18n.cell("reliability", r)
            ),
            t("progress.col.updated"): i18n.dates(rows["updated_at"]),
        }
    )
