"""Named SQL queries: one file per query in lib/queries/, values always bound as $params. No streamlit.

A definition several queries share (what "Sofia's partners" means, say) lives once, in a fragment file
``lib/queries/_<name>.sql`` holding common table expressions; a query includes it in its WITH clause as
``{{ _<name> }}``. A fragment is never run on its own.
"""

from __future__ import annotations

import re
from functools import cache

import duckdb
import pandas as pd

from lib import config

#: {{ _name }}: where a query includes a shared fragment.
_INCLUDE = re.compile(r"\{\{\s*(_[a-z0-9_]+)\s*\}\}")


def _read(name: str) -> str:
    path = (config.QUERY_DIR / f"{name}.sql").resolve()
    if path.parent != config.QUERY_DIR.resolve() or not path.exists():
        raise KeyError(f"no query named {name!r}")
    return path.read_text(encoding="utf-8")


@cache
def load(name: str) -> str:
    """The text of lib/queries/<name>.sql with its fragments included; a name outside that folder, or a
    fragment's own name, is refused."""
    if name.startswith("_"):
        raise KeyError(f"{name!r} is a fragment, included by queries, not a query")
    return _INCLUDE.sub(lambda m: _read(m.group(1)), _read(name))


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
