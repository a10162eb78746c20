"""Paths and settings. Environment variables override the defaults; no streamlit here."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "data" / "seed"
SCHEMA_FILE = ROOT / "lib" / "schema.sql"
QUERY_DIR = ROOT / "lib" / "queries"
LOCALE_DIR = ROOT / "lib" / "locales"
DEFAULT_DB = ROOT / "data" / "partnerships.duckdb"

#: Languages of the interface; the first is the default.
LANGUAGES = ("bg", "en")
#: The city whose portfolio this dashboard shows.
HOME_PARTNER = "sofia"
#: First and last year offered by the period filter.
FIRST_YEAR = 2016
LAST_YEAR = 2027


def db_path() -> Path:
    """The DuckDB file: $PARTNERSHIPS_DB or data/partnerships.duckdb."""
    return Path(os.environ.get("PARTNERSHIPS_DB") or DEFAULT_DB)
