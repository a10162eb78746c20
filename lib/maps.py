"""Pure map builders: query results in, a pydeck Deck (offline basemap + data layers) and its legend out.

No streamlit. The basemap is the Natural Earth country layer in static/basemap/ (public domain), drawn as the
first layer, so the map works with no network; CARTO's online tiles are an opt-in (config.online_tiles()).

Offline, the Deck keeps pydeck's own map-style sentinel with map_provider=None: Streamlit's frontend then
draws no tiles. (Checked on streamlit 1.67: `map_style=None` or `""` makes it fetch CARTO's style instead.)

Layer order, bottom to top: ocean, basemap, shade, flows, arcs, events, partners|cells, selected, home,
labels.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from lib import config, i18n, labels, palette, safe, search, seed, validate
from lib.i18n import t

BASEMAP_FILE = config.ROOT / "static" / "basemap" / "countries.geojson"
#: The same file as the browser fetches it: Streamlit serves static/ beside app.py at app/static/
#: (server.enableStaticServing). Relative to the page, so it works under any base URL path; the browser
#: keeps it in its HTTP cache, so a session's decks carry its address, not its 185 kB of coordinates.
BASEMAP_URL = "app/static/basemap/countries.geojson"
#: Size of a grid cell (degrees) when partners are aggregated above the point limit.
GRID_CELL = 4.0
#: Sofia's point (pixels).
HOME_RADIUS = 9
#: Layer ids in drawing order (bottom first); the page reads selections by these ids.
LAYER_ORDER = (
    "ocean",
    "basemap",
    "shade",
    "flows",
    "arcs",
    "events",
    "partners",
    "cells",
    "selected",
    "home",
    "labels",
)
ROLES = seed.ENUMS[("membership", "role")]
#: Optional layers switched on the page: (id, default).
TOGGLES = (("arcs", True), ("labels", True), ("events", False), ("flows", False), ("shade", False))


@dataclass(frozen=True)
class View:
    """A view preset: where the camera looks, the box it shows, and at most how many city names."""

    latitude: float
    longitude: float
    zoom: float
    bounds: tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
    label_count: int
    pitch: float = 0.0


VIEWS: dict[str, View] = {
    "europe": View(52.5, 13.0, 2.95, (-25.0, 34.0, 45.0, 71.0), 16),
    "world": View(28.0, 40.0, 1.15, (-180.0, -60.0, 180.0, 80.0), 14),
    "asia-pacific": View(12.0, 118.0, 2.4, (60.0, -50.0, 180.0, 60.0), 14),
}
DEFAULT_VIEW = "europe"


@dataclass(frozen=True)
class Palette:
    ocean: tuple[int, ...]
    land: tuple[int, ...]
    border: tuple[int, ...]
    text: tuple[int, ...]
    halo: tuple[int, ...]
    stroke: tuple[int, ...]  # ring around points
    tooltip_bg: str
    tooltip_fg: str


def _map_palette(theme: palette.Theme) -> Palette:
    return Palette(
        ocean=tuple(palette.rgba(theme.ocean)),
        land=tuple(palette.rgba(theme.land)),
        border=tuple(palette.rgba(theme.border)),
        text=tuple(palette.rgba(theme.text)),
        halo=tuple(palette.rgba(theme.background, 230)),
        stroke=tuple(palette.rgba(theme.background)),
        tooltip_bg=theme.tooltip,
        tooltip_fg=theme.text,
    )


#: The map's colours in the light and the dark theme (lib/palette.py's THEMES as deck.gl colours).
PALETTES: dict[str, Palette] = {name: _map_palette(theme) for name, theme in palette.THEMES.items()}


@dataclass(frozen=True)
class MapData:
    """What the page queried. `points` are partners (map_partners.sql) or, when `aggregated`, grid cells
    (map_grid.sql); `countries` is map_countries.sql; events/flows are None when their layer is off."""

    home: Mapping[str, Any]
    points: pd.DataFrame
    countries: pd.DataFrame
    aggregated: bool = False
    events: pd.DataFrame | None = None
    flows: pd.DataFrame | None = None


@dataclass(frozen=True)
class Options:
    view: str = DEFAULT_VIEW
    theme: str = "light"
    arcs: bool = True
    labels: bool = True
    events: bool = False
    flows: bool = False
    shade: bool = False
    online_tiles: bool = False
    selected: str | None = None  # partner id to ring


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str  # CSS colour
    shape: str  # dot | ring | line | flow | area | home
    detail: str = ""


@dataclass(frozen=True)
class Summary:
    """What the panel beside the map says about one clicked or chosen partner."""

    id: str
    name: str
    country: str
    type: str
    family: str
    shared: int
    programmes: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    location_note: str = ""
    uncertain: bool = False


# --- colours -----------------------------------------------------------------------------------------


def family_colour(family: str | None, alpha: int = 230) -> list[int]:
    return palette.rgba(palette.FAMILY.get(family or "", palette.NEUTRAL), alpha)


def theme_palette(theme: str | None) -> Palette:
    return PALETTES.get(theme or "light", PALETTES["light"])


def shade_colour(count: int, most: int) -> list[int]:
    """Fill of a shaded country: more partners, more opaque (log scale, so one big country doesn't flatten
    the rest)."""
    share = math.log1p(count) / math.log1p(max(most, 1)) if most > 0 else 0.0
    return palette.rgba(palette.SHADE, int(40 + 150 * share))


# --- basemap -----------------------------------------------------------------------------------------


@cache
def _countries() -> tuple[dict, ...]:
    with BASEMAP_FILE.open(encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    return tuple(features)


def basemap_layers(theme: str, online_tiles: bool = False) -> list[pdk.Layer]:
    """The offline world, always the first layers of every map in the app: the ocean (one rectangle) and
    every country (fetched by the browser from BASEMAP_URL), coloured for the theme.

    With online tiles the fills are transparent and only the borders stay, so the outlines remain if
    the tiles don't load.
    """
    pal = theme_palette(theme)
    ocean = [*pal.ocean[:3], 0] if online_tiles else list(pal.ocean)
    land = [*pal.land[:3], 0] if online_tiles else list(pal.land)
    rect = [[-180.0, -85.0], [180.0, -85.0], [180.0, 85.0], [-180.0, 85.0], [-180.0, -85.0]]
    return [
        pdk.Layer(
            "PolygonLayer",
            id="ocean",
            data=[{"polygon": rect}],
            get_polygon="polygon",
            get_fill_color=ocean,
            stroked=False,
            pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            id="basemap",
            data=BASEMAP_URL,
            stroked=True,
            filled=True,
            get_fill_color=land,
            get_line_color=list(pal.border),
            line_width_min_pixels=0.6,
            pickable=False,
        ),
    ]


def deck(
    layers: list[pdk.Layer], view: pdk.ViewState, tooltip: Any, theme: str, online_tiles: bool
) -> pdk.Deck:
    """A Deck that fetches nothing unless online tiles are asked for. Offline it keeps pydeck's own
    map-style sentinel with map_provider=None (map_style=None would make Streamlit load CARTO's style)."""
    args: dict[str, Any] = {"layers": layers, "initial_view_state": view, "tooltip": tooltip}
    if online_tiles:
        args["map_provider"] = "carto"
        args["map_style"] = "dark" if theme == "dark" else "light"
    else:
        args["map_provider"] = None
    return CompactDeck(**args)


def country_geometries() -> dict[str, dict]:
    """iso_a2 -> geometry, for the shaded-countries layer."""
    return {f["properties"]["iso_a2"]: f["geometry"] for f in _countries() if f["properties"]["iso_a2"]}


# --- tooltips ----------------------------------------------------------------------------------------


def _list(items: Sequence[str], limit: int = 3) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    if len(items) > limit:
        shown += " " + t("map.tip.more", n=i18n.number(len(items) - limit))
    return shown


def _items(value: Any) -> list[str]:
    """A list column's value (a list, tuple or numpy array from DuckDB) as strings; [] when missing."""
    if value is None or isinstance(value, str | float):
        return []
    return [str(v) for v in value]


def _lang_list(row: Mapping[str, Any], field_name: str) -> list[str]:
    return _items(row.get(f"{field_name}_{i18n.language()}")) or _items(row.get(f"{field_name}_en"))


def tip(title: str, body: str) -> dict[str, str]:
    """The tooltip fields of a map record; deck.gl puts them into the tooltip's HTML, so they are escaped."""
    return {"tip_title": safe.html(title), "tip_body": safe.html(body)}


def partner_tip(row: Mapping[str, Any]) -> tuple[str, str]:
    """Tooltip title and body (plain text, one fact per line) of a partner row."""
    lines = [
        f"{i18n.country(row['country_code'])} · {i18n.label('partner_type', row['type'])}",
        t("map.tip.shared", n=i18n.number(int(row["shared"]))) + ": " + _list(_lang_list(row, "programmes")),
        t("map.tip.roles", roles=", ".join(i18n.label("role", r) for r in _items(row["roles"]))),
    ]
    if row.get("uncertain"):
        lines.append(t("common.uncertain"))
    if row.get("sample"):
        lines.append(t("common.sample"))
    return i18n.name(row), "\n".join(lines)


def cell_tip(row: Mapping[str, Any]) -> tuple[str, str]:
    title = t("map.tip.cell", n=i18n.number(int(row["partners"])))
    lines = [
        t("map.tip.cell_countries", n=i18n.number(int(row["countries"]))),
        t("map.tip.cell_top", name=i18n.name(row, "top")),
        i18n.label("family", row["family"]),
    ]
    return title, "\n".join(lines)


# --- layers ------------------------------------------------------------------------------------------


def _num(value: Any) -> float:
    return float(value)


def point_radius(shared: int) -> float:
    """Pixels: grows with the square root of the number of shared programmes."""
    return round(4.0 + 3.0 * math.sqrt(max(int(shared), 1)), 1)


def cell_radius(partners: int) -> float:
    return round(4.0 + 2.2 * math.sqrt(max(int(partners), 1)), 1)


def partner_records(points: pd.DataFrame) -> list[dict]:
    out = []
    for row in points.to_dict("records"):
        title, body = partner_tip(row)
        out.append(
            {
                "id": row["id"],
                "lon": _num(row["lon"]),
                "lat": _num(row["lat"]),
                "radius": point_radius(row["shared"]),
                "colour": family_colour(row["family"]),
                **tip(title, body),
            }
        )
    return out


def cell_records(points: pd.DataFrame) -> list[dict]:
    out = []
    for row in points.to_dict("records"):
        title, body = cell_tip(row)
        out.append(
            {
                "id": row["cell"],
                "lon": round(_num(row["lon"]), 3),
                "lat": round(_num(row["lat"]), 3),
                "radius": cell_radius(row["partners"]),
                "colour": family_colour(row["family"], 210),
                **tip(title, body),
            }
        )
    return out


def arc_records(data: MapData) -> list[dict]:
    """One arc per partner from home; above the point limit one per country (to its partners' centre)."""
    home = [_num(data.home["lon"]), _num(data.home["lat"])]
    out = []
    if data.aggregated:
        for row in data.countries.to_dict("records"):
            n = int(row["partners"])
            out.append(
                {
                    "source": home,
                    "target": [round(_num(row["lon"]), 3), round(_num(row["lat"]), 3)],
                    "colour": family_colour(row["family"], 150),
                    "width": round(1.0 + math.sqrt(n) / 2, 1),
                    **tip(i18n.country(row["country_code"]), t("map.tip.country_partners", n=i18n.number(n))),
                }
            )
        return out
    for row in data.points.to_dict("records"):
        target = [_num(row["lon"]), _num(row["lat"])]
        if target == home:
            continue
        title, body = partner_tip(row)
        out.append(
            {
                "source": home,
                "target": target,
                "colour": family_colour(row["family"], 170),
                "width": round(1.0 + 0.8 * int(row["shared"]), 1),
                **tip(title, body),
            }
        )
    return out


def event_records(events: pd.DataFrame) -> list[dict]:
    out = []
    for row in events.to_dict("records"):
        n = int(row["events"])
        kinds = ", ".join(i18n.label("event_kind", k) for k in _items(row["kinds"]))
        body = [
            t("map.tip.events", n=i18n.number(n)) + f" ({kinds})",
            i18n.date_range(row["first_date"], row["last_date"]),
            t("map.tip.latest", title=i18n.name(row, "latest")),
        ]
        if row.get("uncertain"):
            body.append(t("map.tip.uncertain_dates"))
        out.append(
            {
                "id": row["host_id"],
                "lon": _num(row["lon"]),
                "lat": _num(row["lat"]),
                "radius": round(7.0 + 3.0 * math.sqrt(n), 1),
                **tip(f"{i18n.name(row)}, {i18n.country(row['country_code'])}", "\n".join(body)),
            }
        )
    return out


def flow_records(flows: pd.DataFrame) -> list[dict]:
    out = []
    for row in flows.to_dict("records"):
        n = int(row["trips"])
        body = [t("map.tip.trips", n=i18n.number(n))]
        if int(row["visits"]):
            body.append(t("map.tip.visits", n=i18n.number(int(row["visits"]))))
        body.append(i18n.date_range(row["first_date"], row["last_date"]))
        out.append(
            {
                "source": [_num(row["from_lon"]), _num(row["from_lat"])],
                "target": [_num(row["to_lon"]), _num(row["to_lat"])],
                "width": round(1.5 + 1.5 * math.sqrt(n), 1),
                **tip(f"{i18n.name(row, 'from')} → {i18n.name(row, 'to')}", "\n".join(body)),
            }
        )
    return out


def shade_features(countries: pd.DataFrame) -> list[dict]:
    geometries = country_geometries()
    most = int(countries["partners"].max()) if len(countries) else 0
    out = []
    for row in countries.to_dict("records"):
        geometry = geometries.get(row["country_code"])
        if geometry is None:  # EU bodies, and countries too small for the 1:110m layer (e.g. Singapore)
            continue
        n = int(row["partners"])
        out.append(
            {
                "type": "Feature",
                "properties": {
                    "iso_a2": row["country_code"],
                    "fill": shade_colour(n, most),
                    **tip(i18n.country(row["country_code"]), t("map.tip.country_partners", n=i18n.number(n))),
                },
                "geometry": geometry,
            }
        )
    return out


#: The map's height on the page, and its widths on a phone (390 px), at 1440 and at 1920 px with the
#: sidebar open: the views in which no label may be cut at an edge (lib/labels.py's frames).
MAP_HEIGHT = 620
MAP_WIDTHS = (356, 718, 1078)
#: City names: 14 px bold with a halo, a little away from the point.
LABEL_STYLE = labels.Style(size=14, line_height=14 * 1.25, pad=2, gap=4)
#: deck.gl's text anchors for lib/labels.py's sides of the box.
_TEXT_ANCHOR = {"left": "start", "center": "middle", "right": "end"}
_BASELINE = {"top": "top", "middle": "center", "bottom": "bottom"}


def screen_point(lon: float, lat: float, view: View) -> tuple[float, float]:
    """Where (lon, lat) is drawn, in pixels from the map's centre at the view's zoom (Web Mercator with
    deck.gl's 512-pixel world at zoom 0; y downwards)."""
    world = 512 * 2**view.zoom

    def y(latitude: float) -> float:
        phi = math.radians(max(-85.0, min(85.0, latitude)))
        return world * (1 - math.log(math.tan(math.pi / 4 + phi / 2)) / math.pi) / 2

    return world * (lon - view.longitude) / 360, y(lat) - y(view.latitude)


def label_candidates(data: MapData) -> list[tuple[str, Mapping[str, Any], float]]:
    """(name, row, radius of its point) of what may be labelled, most important first: home, then partner
    cities by shared programmes (a co-coordinator or pair city before a member sharing as many: Oulu
    before Espoo), or the largest grid cells by their top partner's name."""
    out: list[tuple[str, Mapping[str, Any], float]] = [(i18n.name(data.home), data.home, HOME_RADIUS + 2.5)]
    if data.aggregated:
        rows = data.points.sort_values(["partners", "cell"], ascending=[False, True]).to_dict("records")
        return out + [(i18n.name(r, "top"), r, cell_radius(r["partners"])) for r in rows]
    cities = data.points[data.points["type"] == "city"]
    lead = cities["roles"].map(lambda roles: any(r in validate.LEAD_ROLES for r in roles))
    ranked = cities.assign(_rank=cities["shared"] + 0.5 * lead)
    rows = ranked.sort_values(["_rank", "name_en"], ascending=[False, True]).to_dict("records")
    return out + [(i18n.name(r), r, point_radius(r["shared"])) for r in rows]


def label_records(data: MapData, view: View, style: labels.Style = LABEL_STYLE) -> list[dict]:
    """The city names of the view, in the current language: placed by lib/labels.py in screen space at
    the view's zoom, facing the map's centre, covering no other name and no point (Sofia's alone may lie
    on partners crowding round her), whole or absent in each frame of MAP_WIDTHS x MAP_HEIGHT; at most
    view.label_count besides home. What does not fit is left out (its point's tooltip names it)."""
    radii = (
        [cell_radius(n) for n in data.points["partners"]]
        if data.aggregated
        else [point_radius(n) for n in data.points["shared"]]
    )
    marks = [  # + the white ring; where partners crowd round Sofia, her name may lie on their dots
        labels.Point(*screen_point(_num(lon), _num(lat), view), radius + 1, minor=True)
        for lon, lat, radius in zip(data.points["lon"], data.points["lat"], radii, strict=True)
    ]
    candidates = label_candidates(data)
    wanted = []
    for i, (name, row, radius) in enumerate(candidates):
        point = labels.Point(*screen_point(_num(row["lon"]), _num(row["lat"]), view), radius + 1)
        wanted.append(labels.Label(str(i), (name,), point, labels.inward(point.x), cover=i == 0))
    frames = [labels.centred(width, MAP_HEIGHT) for width in MAP_WIDTHS]
    points = [wanted[0].point, *marks]  # home, then every partner (or cell)
    placed = labels.place(wanted, points, style, bounds=frames[-1], frames=frames, limit=view.label_count + 1)
    out = []
    for p in placed:
        name, row, _ = candidates[int(p.key)]
        out.append(
            {
                "lon": _num(row["lon"]),
                "lat": _num(row["lat"]),
                "text": name,
                "home": p.key == "0",
                "anchor": _TEXT_ANCHOR[p.anchor_x],
                "baseline": _BASELINE[p.anchor_y],
                "offset": [round(p.dx, 1), round(p.dy, 1)],
            }
        )
    return out


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation (pydeck indents by 2, which triples the size of the basemap's
    coordinates in what Streamlit sends to the browser)."""

    def to_json(self) -> str:
        return json.dumps(
            self, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False
        )


def _scatter(layer_id: str, data: list[dict], **style: Any) -> pdk.Layer:
    """A ScatterplotLayer of records with lon, lat (and radius in pixels unless `style` sets one)."""
    style = {"get_radius": "radius", "radius_units": "'pixels'", **style}
    return pdk.Layer("ScatterplotLayer", id=layer_id, data=data, get_position=["lon", "lat"], **style)


def _arcs(layer_id: str, data: list[dict], **style: Any) -> pdk.Layer:
    """An ArcLayer of records with source, target and width (pixels), pickable."""
    return pdk.Layer(
        "ArcLayer",
        id=layer_id,
        data=data,
        get_source_position="source",
        get_target_position="target",
        get_width="width",
        width_units="'pixels'",
        pickable=True,
        auto_highlight=True,
        **style,
    )


def shade_layer(data: MapData) -> pdk.Layer:
    """Countries shaded by their number of partners."""
    return pdk.Layer(
        "GeoJsonLayer",
        id="shade",
        data={"type": "FeatureCollection", "features": shade_features(data.countries)},
        stroked=False,
        filled=True,
        get_fill_color="properties.fill",
        pickable=True,
    )


def flows_layer(flows: pd.DataFrame) -> pdk.Layer:
    """Delegation flows (who travelled where), bending the other way from Sofia's arcs."""
    return _arcs(
        "flows",
        flow_records(flows),
        get_source_color=palette.rgba(palette.FLOW_FROM, 200),
        get_target_color=palette.rgba(palette.FLOW_TO, 240),
        get_height=0.25,
        get_tilt=-90,
    )


def arcs_layer(data: MapData) -> pdk.Layer:
    """Sofia's arcs to her partners (or to countries above the point limit), laid flat."""
    return _arcs(
        "arcs",
        arc_records(data),
        get_source_color="colour",
        get_target_color="colour",
        get_height=0.35,
        get_tilt=90,  # lay the arc flat, so it shows as a curve seen from above
    )


def events_layer(events: pd.DataFrame) -> pdk.Layer:
    """Rings where events took place, sized by how many."""
    return _scatter(
        "events",
        event_records(events),
        filled=False,
        stroked=True,
        get_line_color=palette.rgba(palette.EVENT),
        line_width_min_pixels=2.5,
        pickable=True,
        auto_highlight=True,
    )


def points_layer(layer_id: str, records: list[dict], pal: Palette) -> pdk.Layer:
    """The partners (layer "partners") or the grid cells above the point limit ("cells")."""
    return _scatter(
        layer_id,
        records,
        get_fill_color="colour",
        stroked=True,
        get_line_color=list(pal.stroke),
        line_width_min_pixels=1,
        pickable=True,
        auto_highlight=True,
    )


def selected_layer(point: dict, pal: Palette) -> pdk.Layer:
    """A ring around the chosen partner's point."""
    ring = {"lon": point["lon"], "lat": point["lat"], "radius": point["radius"] + 5}
    return _scatter(
        "selected",
        [ring],
        filled=False,
        stroked=True,
        get_line_color=list(pal.text),
        line_width_min_pixels=2.5,
        pickable=False,
    )


def home_layer(home: Mapping[str, Any], pal: Palette) -> pdk.Layer:
    """Sofia, on top of the partners."""
    point = {"lon": _num(home["lon"]), "lat": _num(home["lat"]), **tip(i18n.name(home), t("map.tip.home"))}
    return _scatter(
        "home",
        [point],
        get_radius=HOME_RADIUS,
        get_fill_color=palette.rgba(palette.HOME),
        stroked=True,
        get_line_color=list(pal.stroke),
        line_width_min_pixels=2.5,
        pickable=True,
    )


def labels_layer(data: MapData, view: View, pal: Palette) -> pdk.Layer:
    """The names of the main partner cities of the view (placed by label_records), with a halo, in the
    current language."""
    return pdk.Layer(
        "TextLayer",
        id="labels",
        data=label_records(data, view),
        get_position=["lon", "lat"],
        get_text="text",
        get_size=LABEL_STYLE.size,
        size_units="'pixels'",
        get_color=list(pal.text),
        get_text_anchor="anchor",
        get_alignment_baseline="baseline",
        get_pixel_offset="offset",
        character_set="'auto'",  # Cyrillic: deck.gl's default atlas is ASCII only
        font_family='"DejaVu Sans, Liberation Sans, Arial, sans-serif"',
        font_weight=600,
        font_settings={"sdf": True},
        outline_width=3,
        outline_color=list(pal.halo),
        parameters={"depthCompare": "always"},
        pickable=False,
    )


def tooltip(pal: Palette) -> dict[str, Any]:
    """The tooltip of every pickable layer: its records' tip_title and tip_body (plain text)."""
    return {
        "html": "<b>{tip_title}</b><div style='white-space:pre-line;margin-top:2px'>{tip_body}</div>",
        "style": {
            "backgroundColor": pal.tooltip_bg,
            "color": pal.tooltip_fg,
            "fontSize": "13px",
            "maxWidth": "340px",
            "border": f"1px solid {palette.GREY_LINE}",
            "borderRadius": "6px",
        },
    }


def build_deck(data: MapData, options: Options) -> pdk.Deck:
    """The map: offline basemap first, then the data layers the options switch on (in LAYER_ORDER)."""
    pal = theme_palette(options.theme)
    view = VIEWS.get(options.view, VIEWS[DEFAULT_VIEW])
    layers = basemap_layers(options.theme, options.online_tiles)
    if options.shade:
        layers.append(shade_layer(data))
    if options.flows and data.flows is not None:
        layers.append(flows_layer(data.flows))
    if options.arcs:
        layers.append(arcs_layer(data))
    if options.events and data.events is not None:
        layers.append(events_layer(data.events))
    if data.aggregated:
        layers.append(points_layer("cells", cell_records(data.points), pal))
    else:
        records = partner_records(data.points)
        layers.append(points_layer("partners", records, pal))
        chosen = next((r for r in records if options.selected and r["id"] == options.selected), None)
        if chosen is not None:
            layers.append(selected_layer(chosen, pal))
    layers.append(home_layer(data.home, pal))
    if options.labels:
        layers.append(labels_layer(data, view, pal))
    initial = pdk.ViewState(
        latitude=view.latitude,
        longitude=view.longitude,
        zoom=view.zoom,
        pitch=view.pitch,
        min_zoom=0.6,
        max_zoom=9,
    )
    return deck(layers, initial, tooltip(pal), options.theme, options.online_tiles)


def layer_ids(deck: pdk.Deck) -> list[str]:
    return [layer.id for layer in deck.layers]


# --- legend ------------------------------------------------------------------------------------------


def legend_items(data: MapData, options: Options) -> list[LegendItem]:
    """What the map's marks mean, for the families and layers actually shown."""
    items = [LegendItem(i18n.name(data.home), palette.HOME, "home", t("map.legend.home"))]
    families = [f for f in palette.FAMILY if f in set(data.points["family"])] if len(data.points) else []
    for family in families:
        items.append(LegendItem(i18n.label("family", family), palette.FAMILY[family], "dot"))
    if data.aggregated:
        items.append(LegendItem(t("map.legend.cell"), palette.NEUTRAL, "dot", t("map.legend.cell_detail")))
    else:
        items.append(LegendItem(t("map.legend.size"), palette.NEUTRAL, "dot", t("map.legend.size_detail")))
    if options.arcs:
        detail = t("map.legend.arc_country") if data.aggregated else t("map.legend.arc_detail")
        items.append(LegendItem(t("map.legend.arc"), palette.NEUTRAL, "line", detail))
    if options.events and data.events is not None:
        items.append(LegendItem(t("map.legend.events"), palette.EVENT, "ring", t("map.legend.events_detail")))
    if options.flows and data.flows is not None:
        items.append(
            LegendItem(
                t("map.legend.flows"),
                palette.gradient(palette.FLOW_FROM, palette.FLOW_TO),
                "flow",
                t("map.legend.flows_detail"),
            )
        )
    if options.shade:
        items.append(
            LegendItem(
                t("map.legend.shade"),
                palette.gradient(palette.css(palette.SHADE, 0.16), palette.css(palette.SHADE, 0.75)),
                "area",
                t("map.legend.shade_detail"),
            )
        )
    return items


_SWATCH = {
    "dot": "display:inline-block;width:12px;height:12px;border-radius:50%;background:{c}",
    "home": "display:inline-block;width:13px;height:13px;border-radius:50%;background:{c};"
    f"box-shadow:0 0 0 2px {palette.GREY_RING}",
    "ring": "display:inline-block;width:12px;height:12px;border-radius:50%;border:2.5px solid {c}",
    "line": "display:inline-block;width:22px;height:3px;border-radius:2px;background:{c}",
    "flow": "display:inline-block;width:22px;height:4px;border-radius:2px;background:{c}",
    "area": "display:inline-block;width:22px;height:12px;border-radius:3px;background:{c}",
}


def legend_html(items: Sequence[LegendItem]) -> str:
    """The legend as a row of swatches (HTML for st.markdown(unsafe_allow_html=True)); text is escaped."""
    parts = []
    for item in items:
        style = _SWATCH[item.shape].format(c=item.colour)
        detail = f" <span style='opacity:0.7'>{html.escape(item.detail)}</span>" if item.detail else ""
        parts.append(
            "<span style='display:inline-flex;align-items:center;gap:6px;margin:0 16px 6px 0'>"
            f"<span style='{style}'></span><span>{html.escape(item.label)}{detail}</span></span>"
        )
    return (
        "<div data-testid='map-legend' style='display:flex;flex-wrap:wrap;font-size:0.9rem'>"
        + "".join(parts)
        + "</div>"
    )


# --- selection and lookup ----------------------------------------------------------------------------


def picked_partner(selection: Mapping[str, Any] | None) -> str | None:
    """The partner id a map click selected on the partners layer (st.pydeck_chart's selection state);
    None when nothing (or something else, e.g. an arc) is selected."""
    return _picked_id(selection, "partners")


def picked_cell(selection: Mapping[str, Any] | None) -> str | None:
    """The grid cell a map click selected (above the point limit); None when nothing is selected."""
    return _picked_id(selection, "cells")


def _picked_id(selection: Mapping[str, Any] | None, layer_id: str) -> str | None:
    """The id of the first object picked on `layer_id` in st.pydeck_chart's selection state."""
    objects = ((selection or {}).get("selection") or {}).get("objects") or {}
    picked = objects.get(layer_id) or []
    return str(picked[0]["id"]) if picked and isinstance(picked[0], Mapping) and picked[0].get("id") else None


def resolve_choice(clicked: str | None, last_clicked: str | None, current: str | None) -> str | None:
    """Which partner the panel shows: a new map click wins; otherwise the list's (or URL's) choice stays.

    The chart keeps its selection across reruns, so an old click must not undo a later pick in the list.
    """
    if clicked and clicked != last_clicked:
        return clicked
    return current


@dataclass(frozen=True)
class Pick:
    """Which partner the map's panel shows, and what the page keeps for its next run."""

    chosen: str | None  # the partner the panel shows (and the list selects); None: none on the map
    clicked: str | None  # the chart's click of this run, kept to tell a new click from an old one
    ring: str | None  # the partner to ring on the map (a click is highlighted by the chart itself)


def pick(
    asked: str | None, ids: Sequence[str], clicked: str | None, last_clicked: str | None, current: str | None
) -> Pick:
    """The panel's partner: the link's ?partner= (when on the map), then a new click on the map, then the
    list's choice; a partner no longer on the map (other filters) is dropped."""
    if asked and asked in ids:
        current = asked
    chosen = resolve_choice(clicked, last_clicked, current)
    chosen = chosen if chosen in ids else None
    return Pick(chosen, clicked, chosen if chosen != clicked else None)


def summary(partner_id: str | None, points: pd.DataFrame) -> Summary | None:
    """The panel's facts about one partner of the map, in the current language; None if not on the map."""
    if not partner_id or points.empty or "id" not in points:
        return None
    rows = points[points["id"] == partner_id]
    if rows.empty:
        return None
    row = rows.iloc[0].to_dict()
    return Summary(
        id=row["id"],
        name=i18n.name(row),
        country=i18n.country(row["country_code"]),
        type=i18n.label("partner_type", row["type"]),
        family=i18n.label("family", row["family"]),
        shared=int(row["shared"]),
        programmes=_lang_list(row, "programmes"),
        roles=[i18n.label("role", r) for r in _items(row["roles"])],
        location_note=i18n.name(row, "location_note"),
        uncertain=bool(row.get("uncertain")),
    )


def closest_partners(value: str, points: pd.DataFrame, n: int = 3) -> list[str]:
    """Names (in the current language) of the partners on the map closest to a mistyped ?partner= value,
    by search.closest (id or name, either language and script)."""
    if points.empty:
        return []
    rows = points[["id", "name_en", "name_bg"]].to_dict("records")
    items = [search.Item("partner", r["id"], r["name_en"], r["name_bg"]) for r in rows]
    return [search.item_label(item) for item in search.closest(value, items, n)]
