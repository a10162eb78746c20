"""Paths and settings. Environment variables override the defaults; no streamlit here."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "data" / "seed"
SCHEMA_FILE = ROOT / "lib" / "schema.sql"
QUERY_DIR = ROOT / "lib" / "queries"
LOCALE_DIR = ROOT / "lib" / "locales"
DEFAULT_DATA_DIR = ROOT / "data" / "store"

#: Languages of the interface; the first is the default.
LANGUAGES = ("bg", "en")
#: The city whose portfolio this dashboard shows.
HOME_PARTNER = "sofia"
#: First and last year offered by the period filter.
FIRST_YEAR = 2016
LAST_YEAR = 2027


def data_dir() -> Path:
    """The data directory: the published versions of the database and which one is current (lib/store.py);
    $PARTNERSHIPS_DATA_DIR or data/store/. The first start publishes version 1 from data/seed/."""
    return Path(os.environ.get("PARTNERSHIPS_DATA_DIR") or DEFAULT_DATA_DIR)


def db_path() -> Path | None:
    """$PARTNERSHIPS_DB: one fixed database file the app opens instead of the data directory (built from the
    seed when missing; for a copy, a benchmark or a test). None when unset."""
    value = os.environ.get("PARTNERSHIPS_DB")
    return Path(value) if value else None


def _int_env(name: str, default: int) -> int:
    """An integer setting from the environment; the default when unset, empty or not a number."""
    try:
        return int(os.environ.get(name) or default)
    except ValueError:
        return default


#: A partner with no shared event and no active shared programme for this many months is "dormant".
DORMANT_MONTHS = _int_env("PARTNERSHIPS_DORMANT_MONTHS", 24)


def online_tiles() -> bool:
    """Map: draw CARTO's online tiles under the data ($PARTNERSHIPS_ONLINE_TILES=1). Off by default: the
    offline Natural Earth outlines always work, with or without a network."""
    return os.environ.get("PARTNERSHIPS_ONLINE_TILES", "").strip().lower() in ("1", "true", "yes", "on")


def map_point_limit() -> int:
    """Map: above this many partners the map shows grid cells and per-country arcs instead of one point
    and one arc per partner ($PARTNERSHIPS_MAP_POINT_LIMIT, default 1500)."""
    return max(1, _int_env("PARTNERSHIPS_MAP_POINT_LIMIT", 1500))


def keep_versions() -> int:
    """How many published versions keep their database file in the data directory
    ($PARTNERSHIPS_KEEP_VERSIONS, default 10); older ones keep only their record."""
    return max(1, _int_env("PARTNERSHIPS_KEEP_VERSIONS", 10))
