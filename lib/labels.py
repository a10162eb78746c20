"""Where labels go: greedy placement of text boxes around points, in screen space. Pure, no streamlit.

The map (city names) and the network (node names) both use it. Labels are taken in priority order; each is
tried at candidate positions around its point (right, left, above, below, then the diagonals, or an order
of its own); the first position whose box overlaps no label placed before, no point (its own included) and
keeps to the frames is taken. A label that fits nowhere is dropped: its point keeps its hover text, and a
selected point is labelled first.

Screen coordinates are pixels, x to the right and y downwards, relative to any fixed origin (the map's
centre, the network's plot area).

Text boxes are estimated, not measured: per-character advance widths of DejaVu Sans Bold, the widest of
the fonts the app draws labels in or falls back to, so a drawn label is at most as wide as its box
(tests/unit/test_labels.py checks the estimate against the font file, tests/e2e checks drawn labels).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Advance widths in em of DejaVu Sans Bold, by class (each class's widest letter, rounded up).
#: Characters not listed are 0.86 em (capitals) or 0.76 em (the rest).
_CLASSES = (
    (0.42, frozenset(" '.,·:;!|/-ijlIJ")),
    (0.60, frozenset('ftr()[]–"„“«»гтзzcsç')),
    (0.70, frozenset("aeokvxyãäåáàéèöóòьвяхуаеокчнпийб0123456789")),
    (1.11, frozenset("mwMWжшщюфдмДЦЪФ&")),
    (1.33, frozenset("ЖШЩЮ")),
)
_UPPER, _OTHER = 0.86, 0.76


def char_width(ch: str) -> float:
    """Estimated advance width of one character, in em."""
    for width, chars in _CLASSES:
        if ch in chars:
            return width
    return _UPPER if ch.isupper() else _OTHER


def text_width(text: str, size: float) -> float:
    """Estimated width in pixels of one line of text at font size `size` (pixels)."""
    return size * sum(char_width(ch) for ch in text)


def wrap(text: str, width: int) -> tuple[str, ...]:
    """A long name broken into lines of about `width` characters at spaces (never inside a word)."""
    return tuple(textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)) or ("",)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """They share some area (boxes that only touch do not overlap)."""
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def grown(self, by: float) -> Box:
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by) if by else self

    def inside(self, other: Box) -> bool:
        return other.x0 <= self.x0 and self.x1 <= other.x1 and other.y0 <= self.y0 and self.y1 <= other.y1

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def touches_circle(self, x: float, y: float, radius: float) -> bool:
        """The circle (centre x, y) reaches into the box."""
        dx = max(self.x0 - x, 0.0, x - self.x1)
        dy = max(self.y0 - y, 0.0, y - self.y1)
        return dx * dx + dy * dy < radius * radius


def centred(width: float, height: float) -> Box:
    """A box of that size centred on the origin (a view whose centre is the origin)."""
    return Box(-width / 2, -height / 2, width / 2, height / 2)


@dataclass(frozen=True)
class Point:
    """A mark on screen: a circle of `radius` pixels (a diamond counts as its circumscribed circle)."""

    x: float
    y: float
    radius: float = 0.0
    #: a minor mark (e.g. an unlabelled partner in the network) that a label allowed to `cover` may lie
    #: on as a last resort; other marks are never covered
    minor: bool = False


#: Candidate positions, in the default order of preference.
POSITIONS = (
    "right",
    "left",
    "above",
    "below",
    "above-right",
    "below-right",
    "above-left",
    "below-left",
)
#: Prefer the side facing the view's centre (a label near the right edge goes left of its point).
INWARD_LEFT = ("left", "above-left", "below-left", "above", "below", "right", "above-right", "below-right")
INWARD_RIGHT = ("right", "above-right", "below-right", "above", "below", "left", "above-left", "below-left")


@dataclass(frozen=True)
class Label:
    key: str
    lines: tuple[str, ...]  # the text, one entry per line
    point: Point
    positions: tuple[str, ...] = POSITIONS
    #: farther distances (pixels) to try, each at every position, when no position next to the point is
    #: free (the renderer then joins the label to its point by a line)
    leaders: tuple[float, ...] = ()
    #: when nothing else is free, the label may lie on minor marks (beside its point first)
    cover: bool = False


@dataclass(frozen=True)
class Style:
    """How the renderer draws a label: font size and line height (pixels), the padding inside its box
    (a plate or a halo) and the gap between a point and its label."""

    size: float
    line_height: float
    pad: float = 2.0
    gap: float = 3.0
    #: the plate's border around the padding (Plotly draws a 1 px one round every annotation's plate)
    border: float = 0.0
    #: how far apart two labels keep: a renderer puts text on whole pixels and centres it by the glyphs
    #: it measures, a few pixels off the estimate (Plotly: up to 3 px), so that touching boxes would overlap
    spacing: float = 0.0

    def box_size(self, lines: Sequence[str]) -> tuple[float, float]:
        width = max(text_width(line, self.size) for line in lines)
        frame = 2 * (self.pad + self.border)
        return width + frame, self.line_height * len(lines) + frame


@dataclass(frozen=True)
class Placement:
    """A placed label: its box on screen, and where the renderer anchors the text.

    anchor_x is "left", "center" or "right" and anchor_y "top", "middle" or "bottom": the side of the box
    at (point.x + dx, point.y + dy), so that a text narrower than the estimate stays next to its point.
    """

    key: str
    lines: tuple[str, ...]
    position: str
    box: Box
    anchor_x: str
    anchor_y: str
    dx: float
    dy: float
    leader: bool = False  # placed away from its point: the renderer draws a line to it


def candidate(point: Point, width: float, height: float, position: str, gap: float) -> Box:
    """The box of a label of that size at `position` around `point`."""
    r = point.radius + gap
    d = point.radius * math.sqrt(0.5) + gap  # diagonals: clear of the circle at 45°
    x, y = point.x, point.y
    if position == "right":
        return Box(x + r, y - height / 2, x + r + width, y + height / 2)
    if position == "left":
        return Box(x - r - width, y - height / 2, x - r, y + height / 2)
    if position == "above":
        return Box(x - width / 2, y - r - height, x + width / 2, y - r)
    if position == "below":
        return Box(x - width / 2, y + r, x + width / 2, y + r + height)
    vertical, horizontal = position.split("-")
    x0 = x + d if horizontal == "right" else x - d - width
    y0 = y - d - height if vertical == "above" else y + d
    return Box(x0, y0, x0 + width, y0 + height)


def _anchor(point: Point, box: Box, position: str) -> tuple[str, str, float, float]:
    horizontal = "left" if position.endswith("right") else "right" if position.endswith("left") else "center"
    vertical = (
        "bottom" if position.startswith("above") else "top" if position.startswith("below") else "middle"
    )
    ax = {"left": box.x0, "right": box.x1, "center": (box.x0 + box.x1) / 2}[horizontal]
    ay = {"top": box.y0, "bottom": box.y1, "middle": (box.y0 + box.y1) / 2}[vertical]
    return horizontal, vertical, ax - point.x, ay - point.y


def _keeps_to(box: Box, point: Point, frames: Iterable[Box]) -> bool:
    """In every frame (nested views: a phone's, a laptop's ...), a label is wholly inside when its point
    is, and wholly outside when it is not, so no view shows part of a label."""
    for frame in frames:
        if frame.holds(point.x, point.y):
            if not box.inside(frame):
                return False
        elif box.overlaps(frame):
            return False
    return True


def place(
    labels: Sequence[Label],
    points: Sequence[Point],
    style: Style,
    bounds: Box | None = None,
    frames: Sequence[Box] = (),
    limit: int | None = None,
) -> list[Placement]:
    """Greedy placement in the order given (the most important label first): each label is tried beside
    its point, then at its `leaders`' distances, then (with `cover`) lying on minor marks, beside its point
    and farther, before the next label is tried; so a label never loses its room to a less important one.
    A point that a placed label covers gets no label of its own.

    points: every mark drawn (no label may cover one); bounds: the area labels must stay in (labels of
    points outside it are dropped); frames: views that must show whole labels or none (see _keeps_to);
    limit: at most this many labels. The result is in the order given.
    """
    placed: list[Placement] = []
    major = [q for q in points if not q.minor]
    for label in labels:
        if limit is not None and len(placed) >= limit:
            break
        for far, cover in ((False, False), (True, False), (False, True), (True, True)):
            if (far and not label.leaders) or (cover and not label.cover):
                continue
            found = _fit(label, major if cover else points, style, bounds, frames, placed, far)
            if found is not None:
                placed.append(found)
                break
    return placed


def _fit(
    label: Label,
    points: Sequence[Point],
    style: Style,
    bounds: Box | None,
    frames: Sequence[Box],
    placed: Sequence[Placement],
    far: bool,
) -> Placement | None:
    """The first free position of `label` (beside its point, or with `far` at its leaders' distances)."""
    p = label.point
    if bounds is not None and not bounds.holds(p.x, p.y):
        return None
    if any(other.box.touches_circle(p.x, p.y, p.radius) for other in placed):
        return None  # its mark lies under another label
    width, height = style.box_size(label.lines)
    gaps = [style.gap + d for d in label.leaders] if far else [style.gap]
    reach = p.radius + max(gaps) + width + height  # how far a candidate box reaches from the point
    near = [q for q in points if abs(q.x - p.x) < reach + q.radius and abs(q.y - p.y) < reach + q.radius]
    for gap in gaps:
        for position in label.positions:
            box = candidate(p, width, height, position, gap)
            if bounds is not None and not box.inside(bounds):
                continue
            if not _keeps_to(box, p, frames):
                continue
            if any(box.overlaps(other.box.grown(style.spacing)) for other in placed):
                continue
            if any(box.touches_circle(q.x, q.y, q.radius) for q in near):
                continue
            horizontal, vertical, dx, dy = _anchor(p, box, position)
            return Placement(label.key, label.lines, position, box, horizontal, vertical, dx, dy, far)
    return None


def inward(x: float) -> tuple[str, ...]:
    """Candidate order for a point at x (relative to the view's centre): facing the centre first."""
    return INWARD_LEFT if x > 0 else INWARD_RIGHT
