"""Label placement (lib/labels.py) and its use on the map and in the network: no two label boxes overlap,
no label covers a point it must not, every label stays whole in every frame, checked on the coordinates the
layout produces. The text-width estimate is checked against the font file it stands for."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PIL import ImageFont

from lib import i18n, labels, maps, network, sql
from tests.unit.test_maps import map_data

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")  # Debian's fonts-dejavu-core
STYLE = labels.Style(size=14, line_height=17, pad=2, gap=3)


def overlapping(boxes: list[labels.Box]) -> list[tuple[int, int]]:
    return [(i, j) for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2) if a.overlaps(b)]


# --- the estimate ---------------------------------------------------------------------------------------


def test_the_width_estimate_is_never_narrower_than_dejavu_sans_bold(demo_con) -> None:
    font = ImageFont.truetype(str(FONT), 100)
    names = [
        name
        for table in ("partner", "programme")
        for (name,) in demo_con.execute(
            f"SELECT name_en FROM {table} UNION SELECT name_bg FROM {table}"
        ).fetchall()
        if name
    ]
    assert len(names) > 300
    ratios = {name: labels.text_width(name, 100) / font.getlength(name) for name in names}
    assert min(ratios.values()) >= 1.0, min(ratios, key=ratios.get)
    assert sum(ratios.values()) / len(ratios) < 1.15, "and not much wider, or labels are left out for nothing"


def test_wrap_breaks_at_spaces_only() -> None:
    assert labels.wrap("Partnership on Digital Transition", 16) == ("Partnership on", "Digital", "Transition")
    assert labels.wrap("Supercalifragilistic", 5) == ("Supercalifragilistic",)


# --- the placement --------------------------------------------------------------------------------------


def test_a_label_goes_to_the_first_free_side_and_the_renderer_is_told_where() -> None:
    point = labels.Point(100, 100, 5)
    blocker = labels.Point(125, 100, 5)  # right of the point, where the label would go first
    placed = labels.place([labels.Label("a", ("Oulu",), point)], [point, blocker], STYLE)
    assert [p.position for p in placed] == ["left"]
    p = placed[0]
    assert (p.anchor_x, p.anchor_y) == ("right", "middle")
    assert p.box.x1 == pytest.approx(point.x - point.radius - STYLE.gap)
    assert (point.x + p.dx, point.y + p.dy) == pytest.approx((p.box.x1, (p.box.y0 + p.box.y1) / 2))


def test_a_label_that_fits_nowhere_is_left_out() -> None:
    point = labels.Point(0, 0, 4)
    ring = [labels.Point(x, y, 12) for x in (-30, 0, 30) for y in (-20, 0, 20) if (x, y) != (0, 0)]
    assert labels.place([labels.Label("a", ("Haskovo",), point)], [point, *ring], STYLE) == []


def test_a_leader_label_sits_farther_away_and_a_covering_one_lies_on_minor_marks_only() -> None:
    point = labels.Point(0, 0, 4)
    dots = [labels.Point(x, y, 6, minor=True) for x in range(-60, 61, 20) for y in range(-30, 31, 20)]
    crowded = [point, *[d for d in dots if (d.x, d.y) != (0, 0)]]
    far = labels.place([labels.Label("a", ("Name",), point, leaders=(60,))], crowded, STYLE)
    assert far and far[0].leader and not any(far[0].box.touches_circle(d.x, d.y, d.radius) for d in crowded)
    covering = labels.place([labels.Label("a", ("Name",), point, cover=True)], crowded, STYLE)
    assert covering and not covering[0].leader
    major = [labels.Point(d.x, d.y, d.radius) for d in crowded]
    assert labels.place([labels.Label("a", ("Name",), point, cover=True)], major, STYLE) == []


def test_frames_show_a_label_whole_or_not_at_all() -> None:
    phone, laptop = labels.centred(360, 600), labels.centred(720, 600)
    near_edge = labels.Point(160, 0, 5)  # on the phone, near its right edge
    outside = labels.Point(200, 0, 5)  # off the phone, on the laptop
    wanted = [
        labels.Label("edge", ("Oulu",), near_edge),  # default order: right first, which the phone would cut
        labels.Label("out", ("Guimarães",), outside, labels.INWARD_LEFT),  # left would reach into the phone
    ]
    placed = {p.key: p for p in labels.place(wanted, [near_edge, outside], STYLE, frames=[phone, laptop])}
    assert placed["edge"].box.inside(phone)
    assert not placed["out"].box.overlaps(phone) and placed["out"].box.inside(laptop)


def test_a_point_under_a_label_gets_no_label() -> None:
    big, small = labels.Point(0, 0, 3), labels.Point(40, 0, 2, minor=True)
    wanted = [
        labels.Label("big", ("A long programme name",), big, cover=True),
        labels.Label("small", ("B",), small),
    ]
    placed = labels.place(wanted, [big, small], STYLE, bounds=labels.Box(-10, -12, 400, 12))  # right only
    assert [p.key for p in placed] == ["big"]


def test_many_random_points_never_give_overlapping_boxes() -> None:
    import random

    rng = random.Random(7)
    points = [labels.Point(rng.uniform(0, 800), rng.uniform(0, 500), rng.uniform(3, 14)) for _ in range(250)]
    wanted = [
        labels.Label(str(i), ("Name " * rng.randint(1, 3)).split()[:3], p) for i, p in enumerate(points)
    ]
    bounds = labels.Box(0, 0, 800, 500)
    placed = labels.place(wanted, points, STYLE, bounds=bounds)
    assert 20 < len(placed) < len(points)
    assert overlapping([p.box for p in placed]) == []
    for p in placed:
        assert p.box.inside(bounds)
        assert not any(p.box.touches_circle(q.x, q.y, q.radius) for q in points)


# --- the map --------------------------------------------------------------------------------------------


def map_boxes(records: list[dict], view: maps.View) -> list[labels.Box]:
    """The box each map label covers, rebuilt from what the TextLayer is sent (anchor, baseline, offset)."""
    boxes = []
    for r in records:
        x, y = maps.screen_point(r["lon"], r["lat"], view)
        width, height = maps.LABEL_STYLE.box_size((r["text"],))
        ax, ay = x + r["offset"][0], y + r["offset"][1]
        x0 = {"start": ax, "middle": ax - width / 2, "end": ax - width}[r["anchor"]]
        y0 = {"top": ay, "center": ay - height / 2, "bottom": ay - height}[r["baseline"]]
        boxes.append(labels.Box(x0, y0, x0 + width, y0 + height))
    return boxes


@pytest.mark.parametrize("view_name", list(maps.VIEWS))
def test_map_labels_overlap_no_label_no_point_and_no_frame_edge(demo_con, lang, view_name: str) -> None:
    data = map_data(demo_con)
    view = maps.VIEWS[view_name]
    records = maps.label_records(data, view)
    boxes = map_boxes(records, view)
    assert overlapping(boxes) == []
    points = [(*maps.screen_point(data.home["lon"], data.home["lat"], view), maps.HOME_RADIUS + 2.5)]
    points += [
        (*maps.screen_point(lon, lat, view), maps.point_radius(n))
        for lon, lat, n in zip(data.points["lon"], data.points["lat"], data.points["shared"], strict=True)
    ]
    for box, record in zip(boxes, records, strict=True):
        others = points if not record["home"] else points[:1]  # Sofia's may lie on partners round her
        assert not any(box.touches_circle(x, y, r) for x, y, r in others), record["text"]
        x, y = maps.screen_point(record["lon"], record["lat"], view)
        for width in maps.MAP_WIDTHS:
            frame = labels.centred(width, maps.MAP_HEIGHT)
            assert box.inside(frame) if frame.holds(x, y) else not box.overlaps(frame), (
                record["text"],
                width,
            )


def test_sofia_is_labelled_and_nothing_covers_her_in_the_world_view(demo_con) -> None:
    i18n.set_language("en")
    data = map_data(demo_con)
    records = maps.label_records(data, maps.VIEWS["world"])
    assert records[0]["text"] == "Sofia" and records[0]["home"]
    assert "Haskovo" not in [r["text"] for r in records], "a few pixels from Sofia at this zoom"
    europe = [r["text"] for r in maps.label_records(data, maps.VIEWS["europe"])]
    assert {"Sofia", "Oulu"} <= set(europe)


# --- the network ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_analyses(demo_db_path) -> dict[str, network.Analysis]:
    import duckdb

    with duckdb.connect(str(demo_db_path), read_only=True) as con:
        ids = tuple(r[0] for r in con.execute("SELECT id FROM programme").fetchall())
        memberships, nodes, _ = (sql.run(con, f"network_{q}", programme_ids=ids) for q in network.QUERIES)
    return {view: network.analyse(memberships, nodes, view, "sofia") for view in network.VIEWS}


@pytest.mark.parametrize("view", network.VIEWS)
def test_network_labels_overlap_no_label_and_stay_on_the_plot(demo_analyses, lang, view: str) -> None:
    analysis = demo_analyses[view]
    nodes = network.drawn_node_marks(analysis, view, "partner:sofia")
    placed = network.label_placements(analysis, nodes, view, "partner:sofia", None)
    assert overlapping([p.box for p in placed]) == []
    plot = labels.Box(0, 0, network.DESIGN_WIDTH, network.HEIGHT - network.LEGEND_MARGIN)
    assert all(p.box.inside(plot) for p in placed)
    kind = dict(zip(nodes["node"], nodes["kind"], strict=True))
    covered = {  # what a label lies on: only partners' dots, and only in the two-mode view
        n
        for p in placed
        for n, x, y, size in zip(nodes["node"], nodes["px"], nodes["py"], nodes["size"], strict=True)
        if n != p.key and p.box.touches_circle(x, y, size / 2)
    }
    assert {kind[n] for n in covered} <= ({"partner"} if view == "two-mode" else set())
    assert "partner:sofia" in {p.key for p in placed}


def test_the_network_labels_what_matters_first(demo_analyses, lang: str) -> None:
    two_mode = demo_analyses["two-mode"]
    nodes = network.drawn_node_marks(two_mode, "two-mode", "partner:sofia")
    keys = {p.key for p in network.label_placements(two_mode, nodes, "two-mode", "partner:sofia", None)}
    programmes = set(nodes.loc[nodes["kind"] == "programme", "node"])
    assert len(keys & programmes) >= 0.8 * len(programmes), "most programme diamonds are labelled"
    edges = two_mode.edges
    sofias = set(edges.loc[edges["target"] == "partner:sofia", "source"]) | set(
        edges.loc[edges["source"] == "partner:sofia", "target"]
    )
    assert sofias <= keys, "every programme Sofia is in is named (the Digital Transition partnership first)"
    ego = demo_analyses["sofia-1"]
    nodes = network.drawn_node_marks(ego, "sofia-1", "partner:sofia")
    keys = {p.key for p in network.label_placements(ego, nodes, "sofia-1", "partner:sofia", None)}
    assert {"partner:oulu", "partner:estonia"} <= keys, "Sofia's co-coordinators"
    chosen = "partner:vratsa"
    keys = {p.key for p in network.label_placements(ego, nodes, "sofia-1", "partner:sofia", chosen)}
    assert chosen in keys, "the selected node is always labelled"


def test_long_names_wrap_and_end_in_an_ellipsis() -> None:
    lines = network.label_lines("Partnership on Sustainable Use of Land and Nature-Based Solutions")
    assert len(lines) == network.LABEL_LINES and lines[-1].endswith("…")
    assert all(len(line) <= network.LABEL_LINE_CHARS + 8 for line in lines)
    assert network.label_lines("Oulu") == ("Oulu",)
