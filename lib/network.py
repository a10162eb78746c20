"""The partnership network: programme-partner graphs, metrics, layout, drawing and exports. No streamlit.

Nodes are keyed "programme:<id>" and "partner:<id>" so a programme and a partner can share a slug.

Views (the page's ?view=):
- ``two-mode``: programmes and partners, an edge for each membership;
- ``partners``: the projection on partners, an edge weighted by the number of programmes two partners share;
- ``sofia-1`` / ``sofia-2``: Sofia's own network, the partners one or two steps away in that projection.

Definitions used by the page (and tested in tests/unit/test_network.py):
- **community**: seeded Louvain (seed 42) on the two-mode graph of the whole scope, so a node keeps its colour
  in every view; numbered 1, 2, ... from the largest.
- **bridge**: a partner that shares at least one programme with Sofia (a direct partner) and also takes part
  in programmes Sofia is not in. Through it Sofia *reaches* those programmes, the partners in them that share
  no programme with Sofia, and the communities of those partners other than Sofia's own. Ranked by new
  partners reached, then programmes, then communities.
- **opportunity**: a partner sharing no programme with Sofia. Its *ties* are the programme memberships it
  shares with Sofia's direct partners (the weighted projection edges from it to them, summed); its *theme
  overlap* is the share of its programmes' themes that Sofia's programmes also have. Score =
  0.7 * ties / (largest ties among candidates) + 0.3 * theme overlap.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import networkx as nx
import pandas as pd
import plotly.graph_objects as go
from networkx.algorithms import bipartite

from lib import exports, i18n, labels, navigation, palette, safe, search, validate
from lib.i18n import t

VIEWS = ("two-mode", "partners", "sofia-1", "sofia-2")
#: The page's queries: lib/queries/network_<name>.sql, each bound to $programme_ids.
QUERIES = ("memberships", "nodes", "themes")
COLOUR_BY = ("type", "community")
SEED = 42
#: Betweenness is exact while nodes * edges stays under this budget (about one second of work), else it is
#: estimated from BETWEENNESS_SAMPLES seeded sources.
BETWEENNESS_EXACT_UP_TO = 1_000_000
BETWEENNESS_SAMPLES = 32
#: The partner projections are computed on at most this many partners (those in most programmes, and Sofia).
MAX_PROJECTED_PARTNERS = 300
#: What is drawn: the nodes with the highest degree (and Sofia), and the strongest edges among them.
MAX_DRAWN_NODES = 300
MAX_DRAWN_EDGES = 4000
TABLE_ROWS = 500  # rows of the node table until "show all" is asked for
KAMADA_KAWAI_UP_TO = 100
OPPORTUNITY_TIES_WEIGHT = 0.7


def key(kind: str, ref: str) -> str:
    return f"{kind}:{ref}"


def ref(node: str) -> str:
    return node.split(":", 1)[1]


# ----------------------------------------------------------------------------------------------- graphs


def two_mode_graph(memberships: pd.DataFrame, nodes: pd.DataFrame) -> nx.Graph:
    """Programmes and partners, an edge per (programme, partner) membership.

    memberships: programme_id, partner_id[, roles, reliability]; nodes: id, kind, type, name_en, name_bg,
    country_code (the attributes of every node; a node missing there gets its id as name).
    """
    graph = nx.Graph()
    info = {key(r.kind, r.id): r._asdict() for r in nodes.itertuples(index=False)}
    for kind, ids in (("programme", memberships["programme_id"]), ("partner", memberships["partner_id"])):
        for node_id in pd.unique(ids):
            row = info.get(key(kind, node_id), {})
            name_en = _text(row.get("name_en")) or node_id
            graph.add_node(
                key(kind, node_id),
                kind=kind,
                ref=node_id,
                bipartite=0 if kind == "programme" else 1,
                type=_text(row.get("type")) or kind,
                name_en=name_en,
                name_bg=_text(row.get("name_bg")) or name_en,
                country=_text(row.get("country_code")),
            )
    roles = memberships["roles"] if "roles" in memberships else [""] * len(memberships)
    reliability = memberships["reliability"] if "reliability" in memberships else [""] * len(memberships)
    for prog, partner, role, rel in zip(
        memberships["programme_id"], memberships["partner_id"], roles, reliability, strict=True
    ):
        role_text = role if isinstance(role, str) else ",".join(role)
        graph.add_edge(
            key("programme", prog), key("partner", partner), weight=1, roles=role_text, reliability=rel
        )
    return graph


def _text(value: object) -> str:
    """A string cell, with None/NaN as ""."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def partners_of(graph: nx.Graph) -> list[str]:
    return [n for n, kind in graph.nodes(data="kind") if kind == "partner"]


def partners_within(two_mode: nx.Graph, home: str, steps: int) -> set[str]:
    """Partners at most `steps` steps from `home` in the projection (2 * steps in the two-mode graph)."""
    if home not in two_mode:
        return set()
    reach = nx.single_source_shortest_path_length(two_mode, home, cutoff=2 * steps)
    return {n for n in reach if two_mode.nodes[n]["kind"] == "partner"}


def cap_partners(two_mode: nx.Graph, partners: Iterable[str], limit: int, keep: Sequence[str]) -> list[str]:
    """At most `limit` partners: those in `keep`, then the ones in most programmes (ties by id)."""
    chosen = [p for p in keep if p in two_mode][:limit]
    rest = sorted((p for p in set(partners) - set(chosen)), key=lambda p: (-two_mode.degree(p), p))
    return chosen + rest[: max(0, limit - len(chosen))]


def partner_projection(two_mode: nx.Graph, partners: Iterable[str]) -> nx.Graph:
    """Partners linked by the programmes they share (edge weight = number shared), among `partners` only."""
    partners = set(partners)
    if not partners:
        return nx.Graph()
    programmes = {p for n in partners for p in two_mode[n]}
    found = bipartite.weighted_projected_graph(two_mode.subgraph(partners | programmes), sorted(partners))
    projected = ordered(found, found)
    for node in projected:  # weighted_projected_graph copies the attributes
        projected.nodes[node].pop("bipartite", None)
    return projected


def ordered(graph: nx.Graph, nodes: Iterable[str]) -> nx.Graph:
    """A copy of `graph` among `nodes`, nodes and edges added in sorted order. A subgraph of a set (or
    a projection) iterates in set order, which differs between processes (string hashing), and the layout,
    communities and label placement follow the graph's order: the same data must draw the same picture."""
    keep = sorted(set(nodes))
    copy = nx.Graph()
    copy.add_nodes_from((n, dict(graph.nodes[n])) for n in keep)
    edges = graph.subgraph(keep).edges(data=True)
    copy.add_edges_from(sorted(((*sorted((u, v)), dict(d)) for u, v, d in edges), key=lambda e: e[:2]))
    return copy


@dataclass(frozen=True)
class ViewGraph:
    graph: nx.Graph
    partners_before_cap: int  # partners the view would hold without the cap


def view_graph(two_mode: nx.Graph, view: str, home: str, limit: int = MAX_PROJECTED_PARTNERS) -> ViewGraph:
    """The graph of one of VIEWS (home is the node key, e.g. "partner:sofia")."""
    if view == "two-mode":
        return ViewGraph(two_mode, len(partners_of(two_mode)))
    if view == "partners":
        candidates = set(partners_of(two_mode))
    elif view in ("sofia-1", "sofia-2"):
        candidates = partners_within(two_mode, home, int(view[-1]))
    else:
        raise ValueError(f"unknown view {view!r}")
    # Keep Sofia and, in the ego views, her direct partners first.
    direct = sorted(partners_within(two_mode, home, 1) - {home}) if view != "partners" else []
    keep = [home, *sorted(direct, key=lambda p: (-two_mode.degree(p), p))]
    chosen = cap_partners(two_mode, candidates, limit, keep) if len(candidates) > limit else candidates
    return ViewGraph(partner_projection(two_mode, chosen), len(candidates))


# ---------------------------------------------------------------------------------------------- metrics


def communities(graph: nx.Graph, seed: int = SEED) -> dict[str, int]:
    """Louvain communities (seeded), numbered 1.. from the largest (ties by smallest node key)."""
    if graph.number_of_edges() == 0:
        return {n: i + 1 for i, n in enumerate(sorted(graph))}
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    return {node: number for number, members in enumerate(ordered, 1) for node in members}


def metrics(graph: nx.Graph, seed: int = SEED) -> tuple[pd.DataFrame, int | None]:
    """Per node: degree, weighted degree, betweenness (0..1), PageRank; and the betweenness sample size.

    Betweenness counts shortest paths in steps (not weights); when nodes * edges exceeds
    BETWEENNESS_EXACT_UP_TO it is estimated from BETWEENNESS_SAMPLES seeded sources (the second value; None
    when exact).
    """
    n = graph.number_of_nodes()
    k = BETWEENNESS_SAMPLES if n * graph.number_of_edges() > BETWEENNESS_EXACT_UP_TO and n > 64 else None
    between = nx.betweenness_centrality(graph, k=k, seed=seed) if n > 2 else dict.fromkeys(graph, 0.0)
    rank = nx.pagerank(graph, weight="weight") if n else {}
    frame = pd.DataFrame(
        {
            "node": list(graph),
            "degree": [graph.degree(v) for v in graph],
            "weighted_degree": [graph.degree(v, weight="weight") for v in graph],
            "betweenness": [between[v] for v in graph],
            "pagerank": [rank.get(v, 0.0) for v in graph],
        }
    )
    return frame, k


def _normalised(pos: dict, box: float) -> dict[str, tuple[float, float]]:
    """Positions scaled into [-box, box] on both axes (keeping the aspect), centred on 0."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {n: (float((x - cx) / span * box), float((y - cy) / span * box)) for n, (x, y) in pos.items()}


def _component_layout(graph: nx.Graph, seed: int) -> dict:
    n = graph.number_of_nodes()
    if n == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    if n <= KAMADA_KAWAI_UP_TO:
        return nx.kamada_kawai_layout(graph)
    return nx.spring_layout(graph, seed=seed, k=2.5 / n**0.5, iterations=100)


def layout(graph: nx.Graph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Seeded, deterministic positions: the largest connected part fills [-1, 1]; smaller parts (programmes
    no one else shares) sit in a row beneath it, so they do not push the main picture into a corner."""
    if graph.number_of_nodes() == 0:
        return {}
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    pos = _normalised(_component_layout(ordered(graph, parts[0]), seed), 1.0)
    small = parts[1:]
    per_row = max(1, min(len(small), 8))
    cell = 2.0 / per_row
    for i, part in enumerate(small):
        row, col = divmod(i, per_row)
        cx, cy = -1.0 + cell * (col + 0.5), -1.25 - 0.4 * row
        local = _normalised(_component_layout(ordered(graph, part), seed), min(cell, 0.4) * 0.35)
        pos |= {node: (cx + x, cy + y) for node, (x, y) in local.items()}
    return pos


def drawn_nodes(frame: pd.DataFrame, limit: int, always: Sequence[str]) -> set[str]:
    """The `limit` nodes with the highest degree (ties: weighted degree, key), plus `always`."""
    ordered = frame.sort_values(["degree", "weighted_degree", "node"], ascending=[False, False, True])
    return set(ordered["node"].head(limit)) | {n for n in always if n in set(frame["node"])}


@dataclass(frozen=True)
class Analysis:
    """Everything the page draws for one view, language-independent (so one cache entry serves both)."""

    nodes: pd.DataFrame  # node, kind, ref, type, name_en, name_bg, country, metrics, community, x, y, drawn,
    # leads_with_home (programmes shared with home that the partner coordinates or is paired in)
    edges: pd.DataFrame  # source, target, weight (the whole view)
    drawn_edges: pd.DataFrame  # the edges among drawn nodes (the strongest MAX_DRAWN_EDGES)
    partners_before_cap: int
    partners_in_view: int
    betweenness_samples: int | None

    @property
    def capped(self) -> bool:
        return self.partners_in_view < self.partners_before_cap

    @property
    def drawn_count(self) -> int:
        return int(self.nodes["drawn"].sum())


def analyse(
    memberships: pd.DataFrame,
    nodes: pd.DataFrame,
    view: str,
    home_id: str,
    groups: dict[str, int] | None = None,
) -> Analysis:
    """Build the view's graph and compute metrics, drawn subset and layout.

    groups: the communities of the two-mode graph (computed here when not given).
    """
    two_mode = two_mode_graph(memberships, nodes)
    home = key("partner", home_id)
    found = view_graph(two_mode, view, home)
    graph = found.graph
    groups = communities(two_mode) if groups is None else groups
    frame, samples = metrics(graph)
    fields = ["kind", "ref", "type", "name_en", "name_bg", "country"]
    attrs = pd.DataFrame.from_dict(dict(graph.nodes(data=True)), orient="index").reindex(columns=fields)
    frame = frame.join(attrs, on="node")
    frame["community"] = frame["node"].map(groups).fillna(0).astype(int)
    frame["leads_with_home"] = frame["node"].map(leads_with(memberships, home_id)).fillna(0).astype(int)
    shown = drawn_nodes(frame, MAX_DRAWN_NODES, [home])
    frame["drawn"] = frame["node"].isin(shown)
    edges = pd.DataFrame(
        [(u, v, d.get("weight", 1)) for u, v, d in graph.edges(data=True)],
        columns=["source", "target", "weight"],
    )
    among = edges[edges["source"].isin(shown) & edges["target"].isin(shown)]
    among = among.sort_values("weight", ascending=False, kind="stable").head(MAX_DRAWN_EDGES)
    pos = layout(ordered(graph, shown))
    frame["x"] = frame["node"].map(lambda n: pos.get(n, (None, None))[0])
    frame["y"] = frame["node"].map(lambda n: pos.get(n, (None, None))[1])
    return Analysis(
        nodes=frame.reset_index(drop=True),
        edges=edges,
        drawn_edges=among.reset_index(drop=True),
        partners_before_cap=found.partners_before_cap,
        partners_in_view=sum(1 for n in graph if graph.nodes[n]["kind"] == "partner"),
        betweenness_samples=samples,
    )


def leads_with(memberships: pd.DataFrame, home_id: str) -> dict[str, int]:
    """Partner node key -> how many of the programmes it shares with home it coordinates or is paired in."""
    if "roles" not in memberships or memberships.empty:
        return {}
    mine = set(memberships.loc[memberships["partner_id"] == home_id, "programme_id"])
    roles = memberships["roles"].map(lambda r: set(r.split(",")) if isinstance(r, str) else set(r))
    leading = memberships[
        memberships["programme_id"].isin(mine) & roles.map(lambda r: bool(r & validate.LEAD_ROLES))
    ]
    counts = leading[leading["partner_id"] != home_id].groupby("partner_id").size()
    return {key("partner", p): int(n) for p, n in counts.items()}


# ------------------------------------------------------------------------------------- bridges, opportunities


def _sets(memberships: pd.DataFrame) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    by_partner: dict[str, set[str]] = {}
    by_programme: dict[str, set[str]] = {}
    for prog, partner in zip(memberships["programme_id"], memberships["partner_id"], strict=True):
        by_partner.setdefault(partner, set()).add(prog)
        by_programme.setdefault(prog, set()).add(partner)
    return by_partner, by_programme


def bridges(memberships: pd.DataFrame, community: dict[str, int], home: str) -> pd.DataFrame:
    """Sofia's direct partners that take part in programmes Sofia is not in (see the module docstring).

    community: partner id -> community number. Columns: partner_id, programmes (list of programme ids Sofia
    is not in), new_partners (count of partners there sharing no programme with Sofia), communities (count of
    their communities other than Sofia's). Sorted by new_partners, programmes, communities (desc), id.
    """
    by_partner, by_programme = _sets(memberships)
    mine = by_partner.get(home, set())
    direct = {p for prog in mine for p in by_programme[prog]} - {home}
    home_community = community.get(home)
    rows = []
    for partner in direct:
        outside = sorted(by_partner[partner] - mine)
        if not outside:
            continue
        new = {p for prog in outside for p in by_programme[prog]} - direct - {home}
        reached = {community[p] for p in new if p in community} - {home_community}
        rows.append((partner, outside, len(new), len(reached)))
    frame = pd.DataFrame(rows, columns=["partner_id", "programmes", "new_partners", "communities"])
    frame["n_programmes"] = frame["programmes"].map(len)
    frame = frame.sort_values(
        ["new_partners", "n_programmes", "communities", "partner_id"], ascending=[False, False, False, True]
    )
    return frame.drop(columns="n_programmes").reset_index(drop=True)


def opportunities(
    memberships: pd.DataFrame,
    themes: pd.DataFrame,
    home: str,
    top: int = 50,
    exclude: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """Partners sharing no programme with Sofia, ranked by ties to her partners and theme overlap.

    themes: programme_id, theme_id. Columns: partner_id, ties (memberships shared with Sofia's partners),
    programmes (distinct programmes where those ties are), via (list of (partner id, shared programmes),
    strongest first), shared_themes (list of theme ids, sorted), theme_overlap (0..1), score (0..1).
    Candidates with no tie and no shared theme are left out, and so are the ids in `exclude` (e.g. the
    home city's own national government, which is no "new partner"); the best `top` are returned.
    """
    m = memberships[["programme_id", "partner_id"]].drop_duplicates()
    mine = set(m.loc[m["partner_id"] == home, "programme_id"])
    direct = set(m.loc[m["programme_id"].isin(mine), "partner_id"]) - {home}
    candidates = m[~m["partner_id"].isin(direct | {home} | exclude)]
    columns = ["partner_id", "ties", "programmes", "via", "shared_themes", "theme_overlap", "score"]
    if candidates.empty:
        return pd.DataFrame(columns=columns)
    # ties(c) = sum over c's programmes of the number of Sofia's partners in it
    direct_rows = m[m["partner_id"].isin(direct)]
    per_programme = direct_rows.groupby("programme_id").size()
    counted = candidates.assign(n=candidates["programme_id"].map(per_programme).fillna(0).astype(int))
    ties = counted.groupby("partner_id")["n"].sum()
    progs = counted[counted["n"] > 0].groupby("partner_id")["programme_id"].nunique()
    home_themes = set(themes.loc[themes["programme_id"].isin(mine), "theme_id"])
    cand_themes = candidates.merge(themes[["programme_id", "theme_id"]], on="programme_id")
    theme_sets = cand_themes.groupby("partner_id")["theme_id"].agg(set)
    ids = sorted(set(candidates["partner_id"]))
    out = pd.DataFrame({"partner_id": ids})
    out["ties"] = out["partner_id"].map(ties).fillna(0).astype(int)
    out["programmes"] = out["partner_id"].map(progs).fillna(0).astype(int)
    own = out["partner_id"].map(lambda p: theme_sets.get(p, set()))
    out["shared_themes"] = own.map(lambda s: sorted(s & home_themes))
    out["theme_overlap"] = [
        len(sh) / len(s) if s else 0.0 for sh, s in zip(out["shared_themes"], own, strict=True)
    ]
    most = out["ties"].max() or 1
    w = OPPORTUNITY_TIES_WEIGHT
    out["score"] = w * out["ties"] / most + (1 - w) * out["theme_overlap"]
    out = out[(out["ties"] > 0) | (out["theme_overlap"] > 0)]
    out = out.sort_values(["score", "ties", "partner_id"], ascending=[False, False, True]).head(top)
    out = out.reset_index(drop=True)
    # the partners behind the ties, strongest first, for the rows kept
    pairs = candidates[candidates["partner_id"].isin(out["partner_id"])].merge(
        direct_rows.rename(columns={"partner_id": "via"}), on="programme_id"
    )
    shared = pairs.groupby(["partner_id", "via"]).size().rename("shared").reset_index()
    shared = shared.sort_values(["partner_id", "shared", "via"], ascending=[True, False, True])
    via = {p: list(zip(g["via"], g["shared"], strict=True)) for p, g in shared.groupby("partner_id")}
    out.insert(3, "via", [via.get(p, []) for p in out["partner_id"]])
    return out[columns]


def _names(ids: Sequence[str], names: dict[str, str], shown: int = 2) -> str:
    labels = [names.get(i, i) for i in ids]
    head = labels[:shown]
    rest = len(labels) - len(head)
    if rest:
        return t("network.and", first=", ".join(head), last=t("network.more", n=rest))
    return head[0] if len(head) == 1 else t("network.and", first=", ".join(head[:-1]), last=head[-1])


def _lower_first(text: str) -> str:
    """ "Digital skills" -> "digital skills"; an acronym ("EU ...") stays as it is."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def opportunity_reason(row: pd.Series, partner_names: dict[str, str], theme_names: dict[str, str]) -> str:
    """E.g. "works with Oulu and Helsingborg in 3 programmes; digital skills" in the current language."""
    parts = []
    if row["ties"]:
        vias = [v for v, _ in row["via"]]
        n = int(row["programmes"])
        text = t("network.reason_ties_one", names=_names(vias, partner_names)) if n == 1 else None
        parts.append(text or t("network.reason_ties", names=_names(vias, partner_names), n=n))
    if row["shared_themes"]:
        themes = [_lower_first(theme_names.get(x, x)) for x in row["shared_themes"]]
        extra = len(themes) - 3
        parts.append(" · ".join(themes[:3]) + (" · " + t("network.more", n=extra) if extra > 0 else ""))
    return "; ".join(parts)


# --------------------------------------------------------------------------------------- page helpers


def type_label(kind: str, node_type: str) -> str:
    if kind == "programme":
        return (
            i18n.label("family", node_type)
            if i18n.has(f"enum.family.{node_type}")
            else t("network.programme")
        )
    return i18n.label("partner_type", node_type)


def type_labels(kinds: pd.Series, node_types: pd.Series) -> list[str]:
    """type_label() of two whole columns (each distinct pair once)."""
    return i18n.each(zip(kinds, node_types, strict=True), lambda pair: i18n.capital(type_label(*pair)))


def node_table(analysis: Analysis, limit: int | None = None) -> pd.DataFrame:
    """The view's nodes with their metrics, localised, most links first (the first `limit`, or all). No raw
    ids."""
    nodes = analysis.nodes.sort_values(["degree", "pagerank", "node"], ascending=[False, False, True])
    nodes = nodes if limit is None else nodes.head(limit)
    return pd.DataFrame(
        {
            t("network.col.name"): i18n.names(nodes).to_numpy(),
            t("network.col.type"): type_labels(nodes["kind"], nodes["type"]),
            t("network.col.country"): i18n.countries(nodes["country"]),
            t("network.col.degree"): nodes["degree"].to_numpy(),
            t("network.col.weighted_degree"): nodes["weighted_degree"].to_numpy(),
            # as text in the language's digits ("0,3038"): a table column's own format writes "0.3038"
            t("network.col.betweenness"): [i18n.number(v, 4) for v in nodes["betweenness"]],
            t("network.col.pagerank"): [i18n.number(v, 4) for v in nodes["pagerank"]],
            t("network.col.community"): nodes["community"].to_numpy(),
        }
    )


def hover_text(row: pd.Series, view: str) -> str:
    name = safe.html(i18n.name(row))  # Plotly renders HTML in hover text
    kind = type_label(row["kind"], row["type"])
    place = f" · {i18n.country(row['country'])}" if row["country"] else ""
    if row["kind"] == "programme":
        ties = t("network.hover.members", n=i18n.number(row["degree"]))
    elif view == "two-mode":
        ties = t("network.hover.programmes", n=i18n.number(row["degree"]))
    else:
        ties = t(
            "network.hover.partners",
            n=i18n.number(row["degree"]),
            w=i18n.number(row["weighted_degree"]),
        )
    community = t("network.hover.community", n=row["community"])
    return f"<b>{name}</b><br>{kind}{place}<br>{ties}<br>{community}"


#: The figure's size: its height, the top margin the legend sits in (finish() adds the title's), and the
#: plot width the labels are placed for. Axes are in pixels of that plot: a wider plot (1920) only adds room
#: at the sides; a narrower one (a phone) shrinks the drawing and its labels may touch.
HEIGHT = 780
LEGEND_MARGIN = 64
DESIGN_WIDTH = 960
PLOT = (DESIGN_WIDTH, HEIGHT - LEGEND_MARGIN)
#: Nodes keep this far (pixels) from the plot's edges, so a label fits beside one on the edge.
INSET = 34
#: Labels: 15 px on a plate (Plotly's 1 px border round it), 1.5 px apart, long names in lines of about
#: LABEL_LINE_CHARS characters.
LABEL_STYLE = labels.Style(size=15, line_height=15 * 1.3, pad=3, gap=3, border=1, spacing=1.5)
LABEL_LINE_CHARS = 22
LABEL_LINES = 3
#: A programme's (or Sofia's, or the selected node's) label that finds no room beside its node may sit
#: this much farther away (pixels), joined to it by a line; a partner's is left out instead.
LEADERS = (28, 56, 96, 140, 190)
#: At most this many partners labelled besides Sofia and the selected node (two-mode: the programmes
#: come first); the rest show their names on hover.
LABELLED_PARTNERS = {"two-mode": 16}


def figure(
    analysis: Analysis,
    view: str,
    colour_by: str,
    home_id: str,
    selected: str | None = None,
    theme: str = "light",
    label_style: labels.Style = LABEL_STYLE,
    plot: tuple[float, float] = PLOT,
) -> go.Figure:
    """Edges in one WebGL trace with None gaps, then one node trace per colour group (legend), sized by
    degree, then the labels that fit (label_placements: Sofia and the selected node first, no two
    overlapping, none over a node; the others show their name on hover). `plot` is the drawing's size in
    pixels (width, height) the labels are placed for: a smaller plot on screen would shrink the drawing
    under labels of the same size.

    Each node trace carries the node keys in customdata[0] and its name in meta, see trace_nodes().
    """
    home = key("partner", home_id)
    nodes = drawn_node_marks(analysis, view, home, plot)
    fig = go.Figure(edge_trace(analysis, nodes))
    for name, colour, part in _groups(nodes, colour_by, home):
        fig.add_trace(node_trace(part, name, mark_colour(colour, theme), (home, selected), theme))
    placements = label_placements(analysis, nodes, view, home, selected, label_style, plot)
    # all at once, not one add_annotation() each (see charts.NAME_AT_LEFT)
    fig.update_layout(annotations=label_annotations(placements, nodes, theme, label_style))
    fig.update_xaxes(visible=False, range=[0, plot[0]], fixedrange=False)
    # y upwards in Plotly, so the screen's y (downwards) is drawn negated
    fig.update_yaxes(visible=False, range=[-plot[1], 0], scaleanchor="x", scaleratio=1)
    fig.update_layout(
        height=plot[1] + LEGEND_MARGIN,
        margin={"l": 0, "r": 0, "t": LEGEND_MARGIN, "b": 0},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "x": 0,
            "title": None,
            "itemsizing": "constant",
        },
        hovermode="closest",
        dragmode="pan",
        clickmode="event+select",
    )
    return fig


def drawn_node_marks(
    analysis: Analysis, view: str, home: str, plot: tuple[float, float] = PLOT
) -> pd.DataFrame:
    """The drawn nodes with what their marks need: screen position (px, px: the layout stretched over
    the plot, y downwards), size (diameter in pixels, by degree), name and hover text."""
    nodes = analysis.nodes[analysis.nodes["drawn"]].copy()
    top = nodes["degree"].max() or 1
    nodes["size"] = 9 + 27 * (nodes["degree"] / top) ** 0.5
    nodes["px"], nodes["py"] = screen(nodes["x"], nodes["y"], *plot)
    nodes["name"] = [i18n.name(r) for r in nodes.itertuples()]
    nodes["hover"] = [hover_text(r, view) for _, r in nodes.iterrows()]
    return nodes


def screen(xs: pd.Series, ys: pd.Series, width: float, height: float) -> tuple[pd.Series, pd.Series]:
    """Layout positions stretched over a width x height plot (INSET inside its edges), y downwards."""

    def stretch(values: pd.Series, length: float, flip: bool) -> pd.Series:
        low, high = float(values.min()), float(values.max())
        share = (values - low) / (high - low) if high > low else values * 0 + 0.5
        return INSET + (1 - share if flip else share) * (length - 2 * INSET)

    return stretch(xs, width, False), stretch(ys, height, True)


def mark_colour(colour: str, theme: str) -> str:
    """A node colour that stands out from the theme's background (3:1; the programmes' slate in dark)."""
    background = palette.THEMES.get(theme, palette.THEMES["light"]).background
    return palette.readable(colour, background, palette.MIN_MARK_CONTRAST)


def edge_trace(analysis: Analysis, nodes: pd.DataFrame) -> go.Scattergl:
    """Every drawn edge in one WebGL line trace, segments separated by None gaps."""
    pos = dict(zip(nodes["node"], zip(nodes["px"], nodes["py"], strict=True), strict=True))
    xs: list[float | None] = []
    ys: list[float | None] = []
    for u, v in zip(analysis.drawn_edges["source"], analysis.drawn_edges["target"], strict=True):
        xs += [pos[u][0], pos[v][0], None]
        ys += [-pos[u][1], -pos[v][1], None]
    return go.Scattergl(
        x=xs,
        y=ys,
        mode="lines",
        line={"width": 0.7, "color": palette.EDGE},
        hoverinfo="skip",
        showlegend=False,
        name="edges",
    )


def node_trace(
    part: pd.DataFrame, name: str, colour: str, outlined: Sequence[str | None], theme: str
) -> go.Scattergl:
    """One colour group's nodes (a legend entry): programmes as diamonds, partners as circles; the
    `outlined` nodes (home, the selected one) with a thick ring. customdata[0] is the node key."""
    ring = palette.THEMES.get(theme, palette.THEMES["light"]).text
    return go.Scattergl(
        x=part["px"],
        y=-part["py"],
        mode="markers",
        hovertext=part["hover"],
        hoverinfo="text",
        customdata=part[["node"]].to_numpy(),
        marker={
            "size": part["size"],
            "color": colour,
            "symbol": ["diamond" if k == "programme" else "circle" for k in part["kind"]],
            "line": {"width": [3 if n in outlined else 0.5 for n in part["node"]], "color": ring},
        },
        name=name,
        meta="nodes",
    )


def label_order(
    analysis: Analysis, nodes: pd.DataFrame, view: str, home: str, selected: str | None
) -> list[str]:
    """Which nodes to label first: the selected node and home, then the programmes (two-mode: home's own
    first, each by members), then partners by the programmes they share with home (in the ego views, half
    a programme more for each it leads with home: Oulu and Estonia co-coordinate with Sofia) and PageRank."""
    edges = analysis.edges
    mine = edges[(edges["source"] == home) | (edges["target"] == home)]
    pairs = zip(mine["source"], mine["target"], mine["weight"], strict=True)
    ties = {(t if s == home else s): w for s, t, w in pairs}
    ranked = sorted(
        nodes.itertuples(),
        key=lambda r: (
            r.kind != "programme",
            r.kind == "programme" and r.node not in ties,
            -(r.degree if r.kind == "programme" else ties.get(r.node, 0) + 0.5 * r.leads_with_home),
            -r.pagerank,
            r.node,
        ),
    )
    first = [n for n in (selected, home) if n is not None and n in set(nodes["node"])]
    return first + [r.node for r in ranked if r.node not in first]


def label_lines(name: str) -> tuple[str, ...]:
    """A node's name in lines of about LABEL_LINE_CHARS characters, at most LABEL_LINES (the last one
    ends in "…" when the name is longer)."""
    lines = labels.wrap(name, LABEL_LINE_CHARS)
    if len(lines) <= LABEL_LINES:
        return lines
    last = " ".join(lines[LABEL_LINES - 1 :])[: LABEL_LINE_CHARS - 1].rstrip()
    return (*lines[: LABEL_LINES - 1], last + "…")


def label_placements(
    analysis: Analysis,
    nodes: pd.DataFrame,
    view: str,
    home: str,
    selected: str | None,
    style: labels.Style = LABEL_STYLE,
    plot: tuple[float, float] = PLOT,
) -> list[labels.Placement]:
    """Where the labels go on the plot (pixels): lib/labels.py's greedy placement in label_order(), every
    node a mark no label may cover, the plot the bounds."""
    by_node = nodes.set_index("node")
    first = {home, selected}
    # in the two-mode view the programmes are the story: their labels may lie on partners' dots
    minor = {n for n, k in by_node["kind"].items() if view == "two-mode" and k == "partner"} - first
    marks = {
        n: labels.Point(float(r["px"]), float(r["py"]), float(r["size"]) / 2 + 1.5, minor=n in minor)
        for n, r in by_node.iterrows()
    }
    wanted = []
    for n in label_order(analysis, nodes, view, home, selected):
        major = n in first or by_node.at[n, "kind"] == "programme"
        lines = label_lines(str(by_node.at[n, "name"]))
        wanted.append(labels.Label(n, lines, marks[n], leaders=LEADERS if major else (), cover=major))
    bounds = labels.Box(0, 0, *plot)
    placed = labels.place(wanted, list(marks.values()), style, bounds=bounds)
    partners = [p for p in placed if by_node.at[p.key, "kind"] == "partner" and p.key not in first]
    extra = {p.key for p in partners[LABELLED_PARTNERS.get(view, len(partners)) :]}
    return [p for p in placed if p.key not in extra]


def label_annotations(
    placements: Sequence[labels.Placement], nodes: pd.DataFrame, theme: str, style: labels.Style = LABEL_STYLE
) -> list[dict]:
    """The placed labels as annotations on a translucent plate (readable where they cross edges); the
    text is data, so escaped. Programmes in bold."""
    colours = palette.THEMES.get(theme, palette.THEMES["light"])
    kinds = dict(zip(nodes["node"], nodes["kind"], strict=True))
    out = []
    for p in placements:
        text = "<br>".join(safe.html(line) for line in p.lines)
        point = nodes.loc[nodes["node"] == p.key].iloc[0]
        annotation = {
            "x": float(point["px"]),
            "y": -float(point["py"]),
            "text": f"<b>{text}</b>" if kinds[p.key] == "programme" else text,
            "showarrow": False,
            "xanchor": p.anchor_x,
            "yanchor": p.anchor_y,
            "xshift": p.dx,
            "yshift": -p.dy,
            "align": {"left": "left", "right": "right"}.get(p.anchor_x, "center"),
            "font": {"size": style.size, "color": colours.text},
            "bgcolor": palette.css(colours.background, 0.8),
            "borderpad": style.pad,
            "borderwidth": style.border,
            "name": p.key,
        }
        if p.leader:  # the box's centre at the arrow's tail, a thin line to the node's edge
            box = p.box
            annotation |= {
                "showarrow": True,
                "arrowhead": 0,
                "arrowwidth": 1,
                "arrowcolor": colours.muted,
                "standoff": float(point["size"]) / 2,
                "ax": (box.x0 + box.x1) / 2 - float(point["px"]),
                "ay": (box.y0 + box.y1) / 2 - float(point["py"]),
                "xanchor": "center",
                "yanchor": "middle",
                "xshift": 0,
                "yshift": 0,
                "align": "center",
            }
        out.append(annotation)
    return out


def _groups(nodes: pd.DataFrame, colour_by: str, home: str) -> list[tuple[str, str, pd.DataFrame]]:
    groups: list[tuple[str, str, pd.DataFrame]] = []
    rest = nodes[nodes["node"] != home]
    if colour_by == "community":
        sizes = rest["community"].value_counts()
        order = sorted(sizes.index, key=lambda c: (-sizes[c], c))
        main = order[: len(palette.COMMUNITY)]
        for i, number in enumerate(sorted(main)):
            groups.append(
                (t("network.community_n", n=number), palette.COMMUNITY[i], rest[rest["community"] == number])
            )
        other = rest[~rest["community"].isin(main)]
        if not other.empty:
            groups.append((t("network.other_communities"), palette.OTHER, other))
    else:
        programmes = rest[rest["kind"] == "programme"]
        if not programmes.empty:
            groups.append((t("network.programmes"), palette.PROGRAMME, programmes))
        partners = rest[rest["kind"] == "partner"]
        for node_type, colour in palette.PARTNER_TYPE.items():
            part = partners[partners["type"] == node_type]
            if not part.empty:
                groups.append((i18n.label("partner_types", node_type), colour, part))
        other = partners[~partners["type"].isin(palette.PARTNER_TYPE)]
        if not other.empty:
            groups.append((t("network.other_types"), palette.OTHER, other))
    me = nodes[nodes["node"] == home]
    if not me.empty:
        groups.append((safe.html(i18n.name(me.iloc[0])), palette.HOME, me))
    return groups


def trace_nodes(fig: go.Figure) -> dict[int, list[str]]:
    """Node keys per node trace index (curve number), in point order."""
    return {i: [row[0] for row in tr.customdata] for i, tr in enumerate(fig.data) if tr.meta == "nodes"}


def selected_node(points: Sequence[dict], traces: dict[int, list[str]]) -> str | None:
    """The node a plotly selection points at: the first point on a node trace (curve number, point index)."""
    for point in points:
        ids = traces.get(point.get("curve_number", -1))
        index = point.get("point_index", point.get("point_number"))
        if ids is not None and index is not None and 0 <= index < len(ids):
            return ids[index]
    return None


# ----------------------------------------------------------------------------------------------- exports


def export_graph(analysis: Analysis) -> nx.Graph:
    """The view as a graph whose attributes are strings and numbers only (GraphML/GEXF need that)."""
    graph = nx.Graph()
    for row in analysis.nodes.itertuples(index=False):
        graph.add_node(
            row.node,
            label=str(row.name_en),
            name_bg=str(row.name_bg),
            kind=str(row.kind),
            type=str(row.type),
            country=str(row.country or ""),
            degree=int(row.degree),
            weighted_degree=float(row.weighted_degree),
            betweenness=float(row.betweenness),
            pagerank=float(row.pagerank),
            community=int(row.community),
        )
    for row in analysis.edges.itertuples(index=False):
        graph.add_edge(row.source, row.target, weight=float(row.weight))
    return graph


def to_graphml(analysis: Analysis) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(export_graph(analysis), buffer)
    return buffer.getvalue()


def to_gexf(analysis: Analysis) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(export_graph(analysis), buffer)
    return buffer.getvalue()


def bridge_table(
    frame: pd.DataFrame, names: dict[str, str], types: dict[str, str], n: int = 12
) -> pd.DataFrame:
    """The top n bridges for display, localised. names/types: node key -> name / type label."""
    rows = frame.head(n)
    return pd.DataFrame(
        {
            t("network.col.partner"): [names[key("partner", p)] for p in rows["partner_id"]],
            t("network.col.type"): [i18n.capital(types[key("partner", p)]) for p in rows["partner_id"]],
            t("network.col.outside"): [
                _names([key("programme", g) for g in gs], names, shown=3) for gs in rows["programmes"]
            ],
            t("network.col.new_partners"): rows["new_partners"].to_numpy(),
            t("network.col.communities"): rows["communities"].to_numpy(),
        }
    )


def opportunity_table(
    frame: pd.DataFrame,
    names: dict[str, str],
    types: dict[str, str],
    theme_names: dict[str, str],
    n: int = 12,
) -> pd.DataFrame:
    """The top n opportunities for display, localised, each with its reason in words."""
    rows = frame.head(n)
    partner_names = {ref(k): v for k, v in names.items() if k.startswith("partner:")}
    return pd.DataFrame(
        {
            t("network.col.partner"): [names[key("partner", p)] for p in rows["partner_id"]],
            t("network.col.type"): [i18n.capital(types[key("partner", p)]) for p in rows["partner_id"]],
            t("network.col.score"): (rows["score"] * 100).round().astype(int).to_numpy(),  # a share, in %
            t("network.col.reason"): [
                opportunity_reason(r, partner_names, theme_names) for _, r in rows.iterrows()
            ],
        }
    )


def node_sentences(analysis: Analysis, node: str, view: str, home_id: str) -> list[str]:
    """What the selected node's numbers say, in plain words (Markdown, the name escaped)."""
    nodes = analysis.nodes.set_index("node")
    row = nodes.loc[node]
    name = safe.md(i18n.name(row))
    if row["kind"] == "programme":
        lines = [t("network.sentence.programme", name=name, n=i18n.number(row["degree"]))]
    elif view == "two-mode":
        lines = [t("network.sentence.partner_two_mode", name=name, n=i18n.number(row["degree"]))]
    else:
        lines = [
            t(
                "network.sentence.partner",
                name=name,
                n=i18n.number(row["degree"]),
                w=i18n.number(row["weighted_degree"]),
            )
        ]
    home = key("partner", home_id)
    shared = analysis.edges[
        ((analysis.edges["source"] == node) & (analysis.edges["target"] == home))
        | ((analysis.edges["target"] == node) & (analysis.edges["source"] == home))
    ]
    if view != "two-mode" and not shared.empty:
        count = int(shared["weight"].iloc[0])
        one = count == 1
        lines.append(
            t("network.sentence.sofia_shares_one") if one else t("network.sentence.sofia_shares", n=count)
        )
    return lines


def rank(analysis: Analysis, node: str, column: str) -> int:
    """1 = the highest value of `column` in the view (ties share the best rank)."""
    values = analysis.nodes.set_index("node")[column]
    return int((values > values[node]).sum()) + 1


def notes(analysis: Analysis, memberships: pd.DataFrame) -> list[tuple[str, str]]:
    """What the page says above the chart: ("caption" | "info", text), in the current language."""
    kinds = analysis.nodes["kind"].value_counts()
    partners, links = i18n.number(kinds.get("partner", 0)), i18n.number(len(analysis.edges))
    if kinds.get("programme", 0):
        summary = t(
            "network.summary", programmes=i18n.number(kinds["programme"]), partners=partners, links=links
        )
    else:
        summary = t("network.summary_partners", partners=partners, links=links)
    out = [("caption", summary)]
    uncertain = int((memberships["reliability"] == "uncertain").sum())
    if uncertain:
        out.append(("caption", t("network.uncertain_links", n=i18n.number(uncertain))))
    if analysis.capped:
        shown, total = i18n.number(analysis.partners_in_view), i18n.number(analysis.partners_before_cap)
        out.append(("info", t("network.capped", shown=shown, total=total)))
    if analysis.drawn_count < len(analysis.nodes) or len(analysis.drawn_edges) < len(analysis.edges):
        drawn, total = i18n.number(analysis.drawn_count), i18n.number(len(analysis.nodes))
        out.append(
            (
                "caption",
                t(
                    "network.drawn_cap",
                    drawn=drawn,
                    total=total,
                    edges=i18n.number(len(analysis.drawn_edges)),
                ),
            )
        )
    if analysis.betweenness_samples:
        out.append(("caption", t("network.sampled", k=analysis.betweenness_samples)))
    return out


def node_labels(analysis: Analysis, nodes: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """Node key -> localised name, and node key -> type label, for every node in scope."""
    keys = nodes["kind"].astype(str) + ":" + nodes["id"].astype(str)
    localised = i18n.names(nodes)
    names = dict(zip(analysis.nodes["node"], i18n.names(analysis.nodes), strict=True))
    names |= dict(zip(keys, localised.where(localised != "", nodes["id"].astype(str)), strict=True))
    types = dict(zip(keys, type_labels(nodes["kind"], nodes["type"]), strict=True))
    return names, types


def node_options(
    analysis: Analysis, names: dict[str, str], home_id: str, wanted: Iterable[str | None] = ()
) -> list[str]:
    """The look-up box's nodes: the drawn ones (what a person can pick from a list; the table below has
    every node) and any node of the view in `wanted` (from the link or an earlier choice); Sofia first,
    then by name."""
    home = key("partner", home_id)
    shown = set(analysis.nodes.loc[analysis.nodes["drawn"], "node"])
    shown |= {n for n in wanted if n is not None} & set(analysis.nodes["node"])
    return sorted(shown, key=lambda n: (n != home, names[n].lower()))


def unknown_node_message(value: str, names: dict[str, str]) -> str:
    """The warning for a ?node= value not in the view (Markdown: the URL value and the names escaped),
    with the closest nodes by id or name (the "partner:" or "programme:" prefix of a key is left out of
    the comparison)."""
    items = [search.Item("node", ref(node), label, label) for node, label in names.items()]
    near = [item.name_en for item in search.closest(value.split(":", 1)[-1], items)]
    text = t("network.node_unknown", value=safe.md(value))
    return text + (" " + t("network.node_closest", names=safe.md(", ".join(near))) if near else "")


def node_cards(analysis: Analysis, node: str) -> list[tuple[str, str, str | None]]:
    """(label, value, rank text) of the selected node's metrics."""
    row = analysis.nodes.set_index("node").loc[node]
    n = len(analysis.nodes)
    cards: list[tuple[str, str, str | None]] = [
        (t("network.metric.degree"), i18n.number(row["degree"]), None),
        (t("network.metric.weighted_degree"), i18n.number(row["weighted_degree"]), None),
    ]
    for column in ("betweenness", "pagerank"):
        place = t("network.rank_of", rank=rank(analysis, node, column), n=n)
        cards.append((t(f"network.metric.{column}"), i18n.number(row[column], 3), place))
    cards.append((t("network.metric.community"), str(row["community"]), None))
    return cards


def node_link(analysis: Analysis, node: str) -> tuple[str, str, dict[str, str]] | None:
    """(page file, label, query params) of the node's card (lib/navigation.py's page for its kind), or
    None when the app has no such page."""
    row = analysis.nodes.set_index("node").loc[node]
    spec = navigation.page_for(str(row["kind"]))
    if spec is None:
        return None
    label = t("network.open_partner") if row["kind"] == "partner" else t("network.open_programme")
    return spec.path, label, navigation.link_params(str(row["kind"]), str(row["ref"]))


def downloads(analysis: Analysis, view: str) -> list[tuple[str, object, str, str]]:
    """(label, data callable, file name, mime) of each download; built only when clicked (in another
    thread, so the table is made in the language of this run)."""
    stem, lang = f"sofia-network-{view}", i18n.language()

    def table_csv() -> bytes:
        i18n.set_language(lang)
        return exports.to_csv(node_table(analysis))

    return [
        (t("network.download_graphml"), lambda: to_graphml(analysis), f"{stem}.graphml", "application/xml"),
        (t("network.download_gexf"), lambda: to_gexf(analysis), f"{stem}.gexf", "application/xml"),
        (t("network.download_csv"), table_csv, f"{stem}.csv", "text/csv"),
    ]


def scope_key(scope: Sequence[str]) -> str:
    """A short key for a programme scope (the network's caches are keyed by it, not by thousands of ids)."""
    return hashlib.sha1("\x1f".join(scope).encode()).hexdigest()


def own_state(nodes: pd.DataFrame, home: str) -> frozenset[str]:
    """Ids of member states in the home partner's country (not candidates for a "new partner")."""
    partners = nodes[nodes["kind"] == "partner"]
    home_country = partners.loc[partners["id"] == home, "country_code"]
    if home_country.empty:
        return frozenset()
    same = partners[(partners["type"] == "member-state") & (partners["country_code"] == home_country.iloc[0])]
    return frozenset(same["id"])


#: What load() returns: memberships, nodes, themes, communities, bridges, opportunities.
Loaded = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, int], pd.DataFrame, pd.DataFrame]


def load(query: Callable[..., pd.DataFrame], scope: tuple[str, ...], home: str) -> Loaded:
    """Everything the page and the slides compute once per scope: memberships, nodes, themes (QUERIES run
    through `query`, e.g. db.query), the communities of the two-mode graph, the bridges and the
    opportunities of `home`."""
    memberships, nodes, themes = (query(f"network_{q}", programme_ids=scope) for q in QUERIES)
    groups = communities(two_mode_graph(memberships, nodes))
    by_partner = {ref(k): c for k, c in groups.items() if k.startswith("partner:")}
    found = bridges(memberships, by_partner, home)
    chances = opportunities(memberships, themes, home, exclude=own_state(nodes, home))
    return memberships, nodes, themes, groups, found, chances
