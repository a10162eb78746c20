"""Every colour of the app, in one place: charts, maps, the network and the theme use these. No streamlit.

.streamlit/config.toml cannot import Python, so its theme colours are written there again; a test
(tests/unit/test_palette.py) fails when they disagree with THEMES and CATEGORICAL here, and when a hex or
rgba() colour is written in any other module of lib/ or in a page.

Categorical colours are readable on the light and the dark background alike; text always accompanies a
colour (statuses, families and kinds are also written out).
"""

from __future__ import annotations

from dataclasses import dataclass

# --- the named colours ------------------------------------------------------------------------------------

BLUE = "#2b6cb0"
ORANGE = "#dd6b20"
TEAL = "#2c9a7a"
VIOLET = "#8b5cf6"
PINK = "#d53f8c"
GOLD = "#d69e2e"
CYAN = "#0891b2"
GREY = "#718096"
LIGHT_GREY = "#a0aec0"
SLATE = "#475569"
RED = "#c53030"
BRIGHT_RED = "#e53e3e"
GREEN = "#2f855a"
PALE_BLUE = "#90a4c0"
DARK_GOLD = "#b7791f"
INDIGO = "#5a67d8"
INK_GREY = "#4a5568"
WHITE = "#ffffff"
TRANSPARENT = "rgba(0,0,0,0)"


@dataclass(frozen=True)
class Theme:
    """One of the two themes (the viewer's light or dark mode): Streamlit's theme colours and the map's."""

    primary: str
    background: str
    secondary_background: str
    text: str
    muted: str  # secondary text on charts (axis ticks), still >= 4.5:1 on the background
    grid: str  # chart grid lines and axis lines
    ocean: str  # the map's sea
    land: str  # the map's countries
    border: str  # the map's country borders
    tooltip: str  # the map's tooltips


THEMES: dict[str, Theme] = {
    "light": Theme(
        primary=BLUE,
        background=WHITE,
        secondary_background="#f1f5f9",
        text="#1a202c",
        muted=INK_GREY,
        grid="#e2e8f0",
        ocean="#e2eef9",
        land="#fafaf7",
        border=LIGHT_GREY,
        tooltip=WHITE,
    ),
    "dark": Theme(
        primary="#63b3ed",
        background="#0f172a",
        secondary_background="#1e293b",
        text="#e2e8f0",
        muted="#a0aec0",
        grid="#334155",
        ocean="#0b1526",
        land="#243146",
        border="#64748b",
        tooltip="#1e293b",
    ),
}
#: Streamlit's chartCategoricalColors (the theme's colours for charts that set none).
CATEGORICAL = (BLUE, ORANGE, TEAL, VIOLET, PINK, GREY)

# --- colours by meaning -----------------------------------------------------------------------------------

#: One colour per programme family (charts, the map's partners, the programmes' bars).
FAMILY = {
    "urban-agenda": BLUE,
    "city-pairing": ORANGE,
    "challenge": TEAL,
    "research": VIOLET,
    "philanthropy": PINK,
}
EVENT_KIND = {
    "meeting": BLUE,
    "study-visit": ORANGE,
    "workshop": TEAL,
    "conference": VIOLET,
    "academy": PINK,
    "webinar": GREY,
}
PARTNER_TYPE = {
    "city": BLUE,
    "member-state": ORANGE,
    "region": TEAL,
    "organisation": VIOLET,
    "eu-body": GOLD,
    "company": PINK,
    "university": CYAN,
}
#: Communities of the network, largest first; the rest share OTHER.
COMMUNITY = (BLUE, ORANGE, TEAL, VIOLET, PINK, GOLD, CYAN, "#65a30d", "#9f1239", "#4338ca")
OTHER = LIGHT_GREY
PROGRAMME = SLATE  # programme nodes of the network
INDICATOR_STATUS = {"on-track": GREEN, "at-risk": ORANGE, "off-track": RED, "no-data": GREY}
ACTION_STATUS = {
    "done": GREEN,
    "in-progress": BLUE,
    "planned": PALE_BLUE,
    "delayed": ORANGE,
    "cancelled": LIGHT_GREY,
}
OVERDUE = RED
HOME = RED  # Sofia on the maps and in the network
TODAY = BRIGHT_RED  # the line at today on timelines
HIGHLIGHT = BLUE  # Sofia's bar among peers
PEER = LIGHT_GREY
ACTUAL = BLUE
TARGET = GREY
NEUTRAL = GREY  # legend marks that stand for no family
EVENT = DARK_GOLD  # the map's event rings
FLOW_FROM = GREY  # delegation flows, from ... to
FLOW_TO = GOLD
SHADE = INDIGO  # countries shaded by partners
BAR_TEXT = INK_GREY  # labels beside the Gantt's bars
EDGE = "rgba(120,130,150,0.35)"  # the network's links
PLATE = "rgba(255,255,255,0.78)"  # behind labels drawn over a chart
GREY_LINE = "rgba(128,128,128,0.35)"  # thin borders (tooltips)
GREY_RING = "rgba(128,128,128,0.5)"  # the ring around the home swatch
TEMPLATE_HEADER = "#e2e8f0"  # the header row of the import templates (Excel)
TEMPLATE_EXAMPLE = INK_GREY  # their example row


def rgb(colour: str) -> tuple[int, int, int]:
    """'#2b6cb0' -> (43, 108, 176)."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def rgba(colour: str, alpha: int = 255) -> list[int]:
    """'#2b6cb0' -> [43, 108, 176, alpha] (deck.gl's colour form; alpha 0..255)."""
    return [*rgb(colour), alpha]


# --- contrast (WCAG 2.x) ------------------------------------------------------------------------------------

#: WCAG AA for text: 4.5:1 (tests/unit/test_contrast.py holds every chart's text to it).
MIN_TEXT_CONTRAST = 4.5
#: WCAG 1.4.11 for marks that carry meaning (the network's nodes): 3:1 against the background.
MIN_MARK_CONTRAST = 3.0


def parse(colour: str) -> tuple[float, float, float, float]:
    """'#2b6cb0' or 'rgba(255,255,255,0.78)' -> (r, g, b, alpha), channels 0..255, alpha 0..1."""
    text = colour.strip()
    if text.startswith("#"):
        r, g, b = rgb(text)
        return float(r), float(g), float(b), 1.0
    inner = text[text.index("(") + 1 : text.rindex(")")]
    parts = [float(p) for p in inner.split(",")]
    return parts[0], parts[1], parts[2], parts[3] if len(parts) == 4 else 1.0


def over(colour: str, background: str) -> str:
    """The opaque colour seen where a (possibly translucent) colour lies on an opaque background."""
    r, g, b, a = parse(colour)
    br, bg, bb, _ = parse(background)
    mixed = [round(a * c + (1 - a) * d) for c, d in ((r, br), (g, bg), (b, bb))]
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def luminance(colour: str) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = parse(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio (1..21) of text in `foreground` on `background` (translucent text is first
    laid on the background)."""
    lighter, darker = sorted((luminance(over(foreground, background)), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(colour: str, background: str, minimum: float = MIN_TEXT_CONTRAST) -> str:
    """`colour`, or the nearest shade of it (mixed towards black or white, whichever the background
    needs) that reads on `background` with at least `minimum` contrast: coloured text keeps its hue."""
    base = over(colour, background)
    if contrast(base, background) >= minimum:
        return base
    towards = "#000000" if luminance(background) > 0.18 else WHITE
    for step in range(1, 21):
        mixed = over(css(towards, step / 20), base)
        if contrast(mixed, background) >= minimum:
            return mixed
    return towards


def css(colour: str, opacity: float) -> str:
    """'#5a67d8', 0.16 -> 'rgba(90,103,216,0.16)' (CSS and Plotly)."""
    r, g, b = rgb(colour)
    return f"rgba({r},{g},{b},{opacity:g})"


def gradient(start: str, end: str) -> str:
    """A left-to-right CSS gradient (legend swatches of flows and shaded areas)."""
    return f"linear-gradient(90deg, {start}, {end})"


# --- slides (presenter mode and the handouts) --------------------------------------------------------------

SLIDE_TEXT = THEMES["light"].text
SLIDE_MUTED = INK_GREY
SLIDE_LABEL = "#2d3748"  # KPI labels, the uncertain mark
SLIDE_RULE = "#e2e8f0"  # table rules, the footer's line, chart grid
SLIDE_FRAME = "#cbd5e0"  # KPI card borders, zero lines
SLIDE_CARD = "#f8fafc"  # KPI card fill
SLIDE_ACCENT = BLUE  # the table header's rule
SAMPLE_TEXT = "#9c4221"  # the "sample data" mark
SAMPLE_FILL = "#fefcbf"
UNCERTAIN_FILL = "#edf2f7"
SLIDE_PLATE = "rgba(255,255,255,0.72)"  # behind city labels on a slide's map
