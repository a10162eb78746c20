"""Named SQL queries: one file per query in lib/queries/, values always bound as $params. No streamlit."""

from __future__ import annotations

from functools import cache

import duckdb
import pandas as pd

from lib import config


@cache
def load(name: str) -> str:
    """The text of lib/queries/<name>.sql; a name outside that folder is refused."""
    path = (config.QUERY_DIR / f"{name}.sql").resolve()
    if path.parent != config.QUERY_DIR.resolve() or not path.exists():
        raise KeyError(f"no query named {name!r}")
    return path.read_text(encoding="utf-8")


def run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run a named query on its own cursor and return a DataFrame."""
    cur = con.cursor()
    try:
        return cur.execute(load(name), {k: _bindable(v) for k, v in params.items()}).df()
    finally:
        cur.close()


def _bindable(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """The version stamp the seed build wrote into meta (changes with every rebuild or import)."""
    cur = con.cursor()
    try:
        row = cur.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    finally:
        cur.close()
    return row[0] if row else "unknown"
