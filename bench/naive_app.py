"""The naive baseline of scripts/bench.py: what an analyst would write in one file.

Every rerun reads the CSV files with pandas ($NAIVE_SEED_DIR, default data/seed), joins them in pandas and
draws the same kind of charts as the project's Overview, Map and Network pages (?page=overview|map|network),
with no SQL and no caching. The network page computes what the project's does (Louvain communities,
degree, betweenness sampled on large graphs, PageRank, a layout of the 300 best connected nodes), so the
comparison is of the same answer, not of a shortcut. English only; one sidebar filter (programme family)
for the filter-change measurement.

Not part of the app: it exists to be measured.
"""

import json
import os
from pathlib import Path

import networkx as nx
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(os.environ.get("NAIVE_SEED_DIR") or ROOT / "data" / "seed")
HOME = "sofia"
YEAR = 2026


def read(table: str) -> pd.DataFrame:
    return pd.read_csv(SEED / f"{table}.csv", keep_default_na=False, na_values=[""])


st.set_page_config(page_title="Naive baseline", layout="wide")
page = st.query_params.get("page", "overview")
programmes = read("programme")
memberships = read("membership")
partners = read("partner")
families = sorted(programmes["family"].unique())
chosen = st.sidebar.multiselect("Programme family", families)
if chosen:
    programmes = programmes[programmes["family"].isin(chosen)]
memberships = memberships[memberships["programme_id"].isin(programmes["id"])]
mine = memberships.loc[memberships["partner_id"] == HOME, "programme_id"].unique()

if page == "overview":
    st.title("Overview")
    events = read("event").merge(programmes[["id", "name_en"]], left_on="programme_id", right_on="id")
    actions = read("action")
    actions = actions[actions["programme_id"].isin(programmes["id"])]
    shared = memberships[memberships["programme_id"].isin(mine) & (memberships["partner_id"] != HOME)]
    linked = shared.merge(partners, left_on="partner_id", right_on="id")
    start = pd.to_datetime(programmes["start_date"])
    end = pd.to_datetime(programmes["end_date"]).fillna(pd.Timestamp("2100-01-01"))
    active = programmes[programmes["id"].isin(mine) & (start.dt.year <= YEAR) & (end.dt.year >= YEAR)]
    cols = st.columns(5)
    cols[0].metric(f"Active in {YEAR}", len(active))
    cols[1].metric("Partner cities", linked.loc[linked["type"] == "city", "partner_id"].nunique())
    cols[2].metric("Countries", linked.loc[linked["country_code"] != "EU", "country_code"].nunique())
    cols[3].metric("Events", len(events))
    cols[4].metric("Actions done", f"{(actions['status'] == 'done').sum()} of {len(actions)}")
    timeline = programmes[programmes["id"].isin(mine)].sort_values("start_date")
    fig = go.Figure()
    for family, part in timeline.groupby("family"):
        s, e = (
            pd.to_datetime(part["start_date"]),
            pd.to_datetime(part["end_date"]).fillna(pd.Timestamp.today()),
        )
        fig.add_trace(
            go.Bar(
                name=family, y=part["name_en"], base=s, x=(e - s).dt.total_seconds() * 1000, orientation="h"
            )
        )
    fig.update_xaxes(type="date")
    fig.update_layout(barmode="overlay", height=max(260, 30 * len(timeline) + 110))
    st.plotly_chart(fig, width="stretch")
    roles = memberships[memberships["partner_id"] == HOME][["programme_id", "role"]].merge(
        programmes, left_on="programme_id", right_on="id"
    )
    st.dataframe(roles[["name_en", "role", "start_date", "end_date", "status"]], hide_index=True)
    events = events.sort_values("start_date")
    today = pd.Timestamp.today().strftime("%Y-%m-%d")
    left, right = st.columns(2)
    for column, title, rows in (
        (left, "Next events", events[events["start_date"] > today].head(5)),
        (right, "Latest events", events[events["start_date"] <= today].iloc[::-1].head(5)),
    ):
        column.subheader(title)
        for _, row in rows.iterrows():
            column.markdown(f"**{row['start_date']}** {row['title_en']} · {row['name_en']}")
    observations = read("observation")
    indicators = read("indicator").sort_values("code")
    home_obs = observations[(observations["partner_id"] == HOME) & (observations["kind"] == "actual")]
    cards = st.columns(4)
    for column, (_, indicator) in zip(cards, indicators.head(4).iterrows(), strict=False):
        series = home_obs[home_obs["indicator_id"] == indicator["id"]].sort_values("period")
        if not series.empty:
            column.metric(indicator["name_en"], series["value"].iloc[-1], chart_data=series["value"].tolist())

elif page == "map":
    st.title("Map")
    shared = memberships[memberships["programme_id"].isin(mine) & (memberships["partner_id"] != HOME)]
    counted = shared.groupby("partner_id").size().rename("shared").reset_index()
    points = counted.merge(partners, left_on="partner_id", right_on="id")
    home = partners[partners["id"] == HOME].iloc[0]
    with open(ROOT / "static" / "basemap" / "countries.geojson", encoding="utf-8") as fh:
        basemap = json.load(fh)
    layers = [
        pdk.Layer(
            "GeoJsonLayer", data=basemap, get_fill_color=[250, 250, 247], get_line_color=[160, 174, 192]
        ),
        pdk.Layer(
            "ArcLayer",
            data=[
                {"from": [home["lon"], home["lat"]], "to": [r["lon"], r["lat"]]} for _, r in points.iterrows()
            ],
            get_source_position="from",
            get_target_position="to",
            get_source_color=[43, 108, 176],
            get_target_color=[43, 108, 176],
        ),
        pdk.Layer(
            "ScatterplotLayer",
            data=points[["name_en", "lat", "lon", "shared"]],
            get_position=["lon", "lat"],
            get_radius=8,
            radius_units="'pixels'",
            get_fill_color=[43, 108, 176],
            pickable=True,
        ),
    ]
    view = pdk.ViewState(latitude=52.5, longitude=13.0, zoom=2.95)
    st.pydeck_chart(pdk.Deck(layers=layers, initial_view_state=view, map_provider=None), height=620)
    st.write(f"{len(points)} partners in {points['country_code'].nunique()} countries")

else:
    st.title("Network")
    graph = nx.Graph()
    for _, row in memberships.iterrows():
        graph.add_edge(f"programme:{row['programme_id']}", f"partner:{row['partner_id']}")
    communities = nx.community.louvain_communities(graph, seed=42)
    n = graph.number_of_nodes()
    k = 32 if n * graph.number_of_edges() > 1_000_000 and n > 64 else None
    betweenness = nx.betweenness_centrality(graph, k=k, seed=42)
    rank = nx.pagerank(graph)
    degree = dict(graph.degree())
    top = sorted(graph, key=lambda v: -degree[v])[:300]
    sub = graph.subgraph(top)
    pos = nx.spring_layout(sub, seed=42, iterations=100)
    edge_x, edge_y = [], []
    for u, v in sub.edges():
        edge_x += [pos[u][0], pos[v][0], None]
        edge_y += [pos[u][1], pos[v][1], None]
    fig = go.Figure(go.Scattergl(x=edge_x, y=edge_y, mode="lines", line={"width": 0.6}))
    fig.add_trace(
        go.Scattergl(
            x=[pos[v][0] for v in top],
            y=[pos[v][1] for v in top],
            mode="markers",
            marker={"size": [6 + degree[v] ** 0.5 for v in top]},
            hovertext=top,
        )
    )
    fig.update_layout(height=640, showlegend=False)
    st.plotly_chart(fig, width="stretch")
    table = pd.DataFrame(
        {
            "node": list(graph),
            "degree": [degree[v] for v in graph],
            "betweenness": [betweenness[v] for v in graph],
        }
    )
    table["pagerank"] = table["node"].map(rank)
    st.write(f"{len(communities)} communities")
    st.dataframe(table.sort_values("degree", ascending=False), hide_index=True, height=360)
