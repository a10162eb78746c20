"""The network page's logic on small graphs whose answers are known by hand, and on the fixture database."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from lib import i18n, network, sql

ROOT = Path(__file__).resolve().parents[2]

# Sofia (S) is in programmes p1 (with A, B) and p2 (with B).
# A is also in p3 (with C, D); B is also in p4 (with D) and p5 (with E); F is alone in p6 (a theme Sofia has).
MEMBERS = [
    ("p1", "sofia"), ("p1", "a"), ("p1", "b"),
    ("p2", "sofia"), ("p2", "b"),
    ("p3", "a"), ("p3", "c"), ("p3", "d"),
    ("p4", "b"), ("p4", "d"),
    ("p5", "b"), ("p5", "e"),
    ("p6", "f"),
]  # fmt: skip
THEMES = pd.DataFrame(
    [("p1", "digital"), ("p2", "mobility"), ("p3", "digital"), ("p3", "housing"), ("p4", "digital"),
     ("p6", "mobility")],
    columns=["programme_id", "theme_id"],
)  # fmt: skip
NAMES = {
    "sofia": "Sofia",
    "a": "Oulu",
    "b": "Helsingborg",
    "c": "Cork",
    "d": "Dublin",
    "e": "Espoo",
    "f": "Faro",
}


def memberships() -> pd.DataFrame:
    frame = pd.DataFrame(MEMBERS, columns=["programme_id", "partner_id"])
    frame["roles"] = "member"
    frame["reliability"] = "verified"
    return frame


def nodes() -> pd.DataFrame:
    programmes = [
        (p, "programme", "research", f"Programme {p}", f"Програма {p}", None)
        for p in ["p1", "p2", "p3", "p4", "p5", "p6"]
    ]
    partners = [(k, "partner", "city", v, v + " (bg)", "FI") for k, v in NAMES.items()]
    return pd.DataFrame(
        programmes + partners, columns=["id", "kind", "type", "name_en", "name_bg", "country_code"]
    )


@pytest.fixture()
def two_mode() -> nx.Graph:
    return network.two_mode_graph(memberships(), nodes())


def test_two_mode_graph_has_a_node_per_programme_and_partner(two_mode: nx.Graph) -> None:
    assert two_mode.number_of_nodes() == 6 + 7
    assert two_mode.number_of_edges() == len(MEMBERS)
    assert nx.is_bipartite(two_mode)
    assert two_mode.nodes["partner:a"]["name_bg"] == "Oulu (bg)"
    assert two_mode.nodes["programme:p1"]["country"] == ""  # NULL country becomes "", never NaN


def test_projection_weights_are_shared_programmes(two_mode: nx.Graph) -> None:
    view = network.view_graph(two_mode, "partners", "partner:sofia")
    graph = view.graph
    assert graph["partner:sofia"]["partner:b"]["weight"] == 2  # p1 and p2
    assert graph["partner:sofia"]["partner:a"]["weight"] == 1
    assert graph["partner:b"]["partner:d"]["weight"] == 1
    assert not graph.has_edge("partner:sofia", "partner:c")
    assert "partner:f" in graph and graph.degree("partner:f") == 0


def test_ego_views_one_and_two_steps(two_mode: nx.Graph) -> None:
    one = network.view_graph(two_mode, "sofia-1", "partner:sofia").graph
    two = network.view_graph(two_mode, "sofia-2", "partner:sofia").graph
    assert {network.ref(n) for n in one} == {"sofia", "a", "b"}
    assert {network.ref(n) for n in two} == {"sofia", "a", "b", "c", "d", "e"}
    assert one["partner:a"]["partner:b"]["weight"] == 1  # edges among Sofia's partners are kept


def test_projection_cap_keeps_sofia_and_her_partners_first(two_mode: nx.Graph) -> None:
    view = network.view_graph(two_mode, "sofia-2", "partner:sofia", limit=3)
    assert view.partners_before_cap == 6
    assert {network.ref(n) for n in view.graph} == {"sofia", "a", "b"}
    capped = network.view_graph(two_mode, "partners", "partner:sofia", limit=2)
    assert set(capped.graph) == {"partner:sofia", "partner:b"}  # b is in the most programmes (4)


def test_metrics_on_a_star_and_a_path() -> None:
    star = nx.star_graph(4)  # centre 0 with leaves 1..4
    frame, samples = network.metrics(star)
    row = frame.set_index("node").loc[0]
    assert samples is None
    assert row["degree"] == 4
    assert row["betweenness"] == pytest.approx(1.0)  # every leaf-to-leaf path goes through the centre
    assert row["pagerank"] == frame["pagerank"].max()
    path = nx.Graph()
    path.add_edge("x", "y", weight=3)
    path.add_edge("y", "z", weight=1)
    frame, _ = network.metrics(path)
    assert frame.set_index("node").loc["y", "weighted_degree"] == 4


def test_betweenness_is_sampled_on_large_graphs() -> None:
    big = nx.path_graph(1100)  # 1,100 nodes * 1,099 edges is over the exact budget
    _, samples = network.metrics(big)
    assert samples == network.BETWEENNESS_SAMPLES
    again, _ = network.metrics(big)
    first, _ = network.metrics(big)
    assert again["betweenness"].tolist() == first["betweenness"].tolist()  # seeded


def test_communities_are_seeded_and_numbered_by_size() -> None:
    two_cliques = nx.barbell_graph(5, 0)  # two 5-cliques joined by one edge
    nx.relabel_nodes(two_cliques, {i: f"n{i}" for i in two_cliques}, copy=False)
    groups = network.communities(two_cliques)
    assert groups == network.communities(two_cliques)
    assert len(set(groups.values())) == 2
    assert {groups[f"n{i}"] for i in range(5)} != {groups[f"n{i}"] for i in range(5, 10)}


def test_layout_is_deterministic_and_inside_the_frame(two_mode: nx.Graph) -> None:
    first = network.layout(two_mode)
    assert first == network.layout(two_mode)
    main = [first[n] for n in nx.node_connected_component(two_mode, "partner:sofia")]
    assert all(-1.0001 <= x <= 1.0001 and -1.0001 <= y <= 1.0001 for x, y in main)
    assert first["partner:f"][1] < -1  # the lone programme sits beneath the main picture


#: The demo database's network in a new process: every view's drawn positions and label placements.
PICTURE_IN_A_NEW_PROCESS = """
from lib import config, db, i18n, network
from lib.filters import Filters
i18n.set_language("bg")
scope = tuple(db.query("programme_scope", **Filters().scope_params())["id"])
memberships, nodes, _, groups, _, _ = network.load(db.query, scope, config.HOME_PARTNER)
for view in network.VIEWS:
    analysis = network.analyse(memberships, nodes, view, config.HOME_PARTNER, groups)
    print(view, analysis.nodes[["node", "x", "y"]].round(6).values.tolist())
    figure = network.figure(analysis, view, "kind", config.HOME_PARTNER)
    print([(a.name, a.xanchor, a.yanchor, a.xshift, a.yshift) for a in figure.layout.annotations])
"""


def test_the_same_data_draws_the_same_picture_in_every_process(demo_db_path) -> None:
    """String hashing differs between processes: a graph iterated in set order drew the network (and
    placed its labels) differently at every server start."""
    pictures = set()
    for hash_seed in ("1", "2", "3"):
        env = dict(os.environ, PARTNERSHIPS_DB=str(demo_db_path), PYTHONHASHSEED=hash_seed)
        done = subprocess.run(
            [sys.executable, "-c", PICTURE_IN_A_NEW_PROCESS], env=env, capture_output=True, text=True,
            cwd=ROOT, check=True,
        )  # fmt: skip
        pictures.add(done.stdout)
    assert len(pictures) == 1


def test_bridges_known_answer() -> None:
    groups = {"sofia": 1, "a": 1, "b": 1, "c": 2, "d": 2, "e": 3, "f": 4}
    frame = network.bridges(memberships(), groups, "sofia")
    assert frame["partner_id"].tolist() == ["b", "a"]
    b, a = frame.iloc[0], frame.iloc[1]
    assert b["programmes"] == ["p4", "p5"] and b["new_partners"] == 2 and b["communities"] == 2  # d, e
    assert a["programmes"] == ["p3"] and a["new_partners"] == 2 and a["communities"] == 1  # c, d


def test_opportunities_known_answer() -> None:
    frame = network.opportunities(memberships(), THEMES, "sofia")
    assert frame["partner_id"].tolist() == ["d", "c", "e", "f"]
    d = frame.iloc[0]
    assert d["ties"] == 2 and d["programmes"] == 2  # with a in p3, with b in p4
    assert d["via"] == [("a", 1), ("b", 1)]
    assert d["shared_themes"] == ["digital"] and d["theme_overlap"] == pytest.approx(0.5)
    assert d["score"] == pytest.approx(0.7 + 0.3 * 0.5)
    c = frame.iloc[1]
    assert c["ties"] == 1 and c["score"] == pytest.approx(0.35 + 0.15)
    e = frame.iloc[2]  # one tie (with b in p5), no theme
    assert e["ties"] == 1 and e["shared_themes"] == [] and e["score"] == pytest.approx(0.35)
    f = frame.iloc[3]  # no tie, but Sofia works on its only theme
    assert f["ties"] == 0 and f["score"] == pytest.approx(0.3)
    assert "sofia" not in set(frame["partner_id"]) and not {"a", "b"} & set(frame["partner_id"])


def test_opportunity_reason_in_both_languages() -> None:
    frame = network.opportunities(memberships(), THEMES, "sofia")
    names = {"a": "Oulu", "b": "Helsingborg"}
    i18n.set_language("en")
    assert network.opportunity_reason(frame.iloc[0], names, {"digital": "Digital skills"}) == (
        "works with Oulu and Helsingborg in 2 programmes; digital skills"
    )
    assert network.opportunity_reason(frame.iloc[1], names, {"digital": "Digital skills"}) == (
        "works with Oulu in 1 programme; digital skills"
    )
    i18n.set_language("bg")
    text = network.opportunity_reason(frame.iloc[0], names, {"digital": "Цифрови умения"})
    assert text == "работи с Oulu и Helsingborg в 2 програми; цифрови умения"


def test_figure_has_one_edge_trace_and_maps_clicks_to_nodes(lang: str) -> None:
    analysis = network.analyse(memberships(), nodes(), "two-mode", "sofia")
    fig = network.figure(analysis, "two-mode", "type", "sofia")
    edge_traces = [tr for tr in fig.data if tr.mode == "lines"]
    assert len(edge_traces) == 1 and edge_traces[0].type == "scattergl"
    assert list(edge_traces[0].x).count(None) == len(MEMBERS)  # one gap per edge
    traces = network.trace_nodes(fig)
    assert sum(len(v) for v in traces.values()) == 13
    sofia_curve = next(i for i, ids in traces.items() if ids == ["partner:sofia"])
    assert network.selected_node([{"curve_number": sofia_curve, "point_index": 0}], traces) == "partner:sofia"
    assert network.selected_node([{"curve_number": 0, "point_index": 3}], traces) is None  # the edge trace
    assert network.selected_node([], traces) is None
    hover = " ".join(h for tr in fig.data if tr.hovertext is not None for h in tr.hovertext)
    assert ("programmes" if lang == "en" else "програми") in hover


def test_figure_colours_by_community(lang: str) -> None:
    analysis = network.analyse(memberships(), nodes(), "partners", "sofia")
    fig = network.figure(analysis, "partners", "community", "sofia")
    names = [tr.name for tr in fig.data if tr.meta == "nodes"]
    assert names[-1] == ("Sofia" if lang == "en" else "Sofia (bg)")
    assert any(i18n.t("network.community_n", n=1) == n for n in names)


def test_large_views_cap_what_is_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "MAX_DRAWN_NODES", 4)
    monkeypatch.setattr(network, "MAX_DRAWN_EDGES", 3)
    analysis = network.analyse(memberships(), nodes(), "two-mode", "sofia")
    assert analysis.drawn_count <= 5 and "partner:sofia" in set(
        analysis.nodes.loc[analysis.nodes["drawn"], "node"]
    )
    assert len(analysis.drawn_edges) <= 3 and len(analysis.edges) == len(MEMBERS)


def test_exports_are_valid_graphml_gexf_and_safe_csv() -> None:
    analysis = network.analyse(memberships(), nodes(), "partners", "sofia")
    graph = nx.read_graphml(io.BytesIO(network.to_graphml(analysis)))
    assert graph.number_of_nodes() == 7 and graph["partner:sofia"]["partner:b"]["weight"] == 2.0
    root = ET.fromstring(network.to_gexf(analysis))
    assert len(root.findall(".//{*}node")) == 7
    i18n.set_language("en")
    hostile = {"b": "=HYPERLINK(1)", "c": "+1", "d": "-2", "e": "@x"}
    named = nodes().assign(name_en=lambda f: f["id"].map(hostile).fillna(f["name_en"]))
    analysis = network.analyse(memberships(), named, "partners", "sofia")
    csv = next(d for d in network.downloads(analysis, "partners") if d[3] == "text/csv")
    text = csv[1]().decode("utf-8-sig")  # the node table of the view, every node
    assert "'=HYPERLINK(1)" in text and "'+1" in text and "'-2" in text and "'@x" in text
    assert "\nOulu," in text and len(text.splitlines()) == 1 + 7


def test_node_table_has_names_and_labels_not_ids() -> None:
    i18n.set_language("en")
    table = network.node_table(network.analyse(memberships(), nodes(), "two-mode", "sofia"))
    assert "Oulu" in set(table["Name"]) and "a" not in set(table["Name"])
    assert "City" in set(table["Type"]) and "Finland" in set(table["Country"])


def test_closest_matches_for_an_unknown_node() -> None:
    i18n.set_language("en")
    names = {"partner:oulu": "Oulu", "partner:cork": "Cork"}
    assert network.unknown_node_message("partner:olu", names).endswith("Closest matches: Oulu.")
    assert "Closest" not in network.unknown_node_message("zzzzzzzz", names)


def test_queries_on_the_fixture_database(fixture_con) -> None:
    scope = tuple(fixture_con.execute("SELECT id FROM programme").df()["id"])
    members = sql.run(fixture_con, "network_memberships", programme_ids=scope)
    found = sql.run(fixture_con, "network_nodes", programme_ids=scope)
    raw = fixture_con.execute("SELECT count(DISTINCT (programme_id, partner_id)) FROM membership").fetchone()[
        0
    ]
    assert len(members) == raw
    assert set(members["partner_id"]) == set(found.loc[found["kind"] == "partner", "id"])
    assert set(members["reliability"]) <= {"verified", "general-knowledge", "uncertain", "illustrative"}
    assert sql.run(fixture_con, "network_memberships", programme_ids=()).empty


def test_home_countrys_own_state_is_no_new_partner() -> None:
    nodes = pd.DataFrame(
        {
            "id": ["p1", "sofia", "bulgaria", "finland", "oulu"],
            "kind": ["programme", "partner", "partner", "partner", "partner"],
            "type": ["urban-agenda", "city", "member-state", "member-state", "city"],
            "country_code": [None, "BG", "BG", "FI", "FI"],
        }
    )
    assert network.own_state(nodes, "sofia") == frozenset({"bulgaria"})
    memberships = pd.DataFrame(
        {
            "programme_id": ["a", "a", "b", "b", "b"],
            "partner_id": ["sofia", "oulu", "oulu", "bulgaria", "finland"],
        }
    )
    themes = pd.DataFrame({"programme_id": [], "theme_id": []})
    ranked = network.opportunities(memberships, themes, "sofia")
    assert set(ranked["partner_id"]) == {"bulgaria", "finland"}
    kept = network.opportunities(memberships, themes, "sofia", exclude=network.own_state(nodes, "sofia"))
    assert kept["partner_id"].tolist() == ["finland"]
