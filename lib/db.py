"""The only owner of the DuckDB connection: one cached connection, a cursor per query, cached results.

Results are cached per (query, parameters, data version), so a rebuilt or updated database is never
served from a stale cache.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from lib import config, seed, sql


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    seed.ensure_database(Path(path))
    return duckdb.connect(path, read_only=True)


def connection() -> duckdb.DuckDBPyConnection:
    return _connection(str(config.db_path()))


def data_version() -> str:
    return sql.data_version(connection())


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, version: str, name: str, params: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    return sql.run(_connection(path), name, **dict(params))


def query(name: str, **params: object) -> pd.DataFrame:
    """Run lib/queries/<name>.sql with bound parameters; cached by data version. Lists become tuples."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in params.items()))
    return _cached(str(config.db_path()), data_version(), name, frozen)
