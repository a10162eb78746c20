"""The data as rows: read from a published database, compared, and written in the seed's format. No streamlit.

A dataset is ``{table: [row, ...]}`` for every table of lib/validate.TABLES, each row a dict of column ->
Python value of the column's type (str, int, float, bool, datetime.date, or None) — the same values the
validator makes from text cells, so rows read from the database and rows read from an upload compare
equal when they hold the same data.

Exports (`to_csv_zip`, `to_workbook`) write the seed's format: one table per CSV file or sheet, the
schema's column names as the header, dates as YYYY-MM-DD, booleans as true/false, an empty cell for no
value. They read back through the importer (and, as CSV, through the seed build) unchanged. Text that a
spreadsheet would run as a formula is protected as lib/exports.py does (a leading apostrophe in CSV; a
text cell in Excel); the importer removes that apostrophe again.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Font

from lib import exports, validate

Row = dict[str, object]
Dataset = dict[str, list[Row]]
Key = tuple[object, ...]


def columns(table: str) -> list[str]:
    return [c.name for c in validate.schema().columns[table]]


def key_columns(table: str) -> tuple[str, ...]:
    return validate.schema().keys[table]


def key_of(table: str, row: Mapping[str, object]) -> Key:
    return tuple(row.get(c) for c in key_columns(table))


def read(path: Path) -> Dataset:
    """Every table of a database file, as rows (opened read-only, closed again)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return read_from(con)
    finally:
        con.close()


def read_from(con: duckdb.DuckDBPyConnection) -> Dataset:
    out: Dataset = {}
    for table in validate.TABLES:
        names = columns(table)
        select = ", ".join(f'"{c}"' for c in names)  # names from schema.sql
        order = ", ".join(f'"{c}"' for c in key_columns(table))
        cursor = con.execute(f'SELECT {select} FROM "{table}" ORDER BY {order}')
        out[table] = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    return out


def as_tables(data: Dataset, file_label: Mapping[str, str] | None = None) -> dict[str, validate.Table]:
    """The rows as the validator's tables (no line numbers: problems name them by key)."""
    labels = file_label or {}
    return {
        table: validate.Table(table, labels.get(table, table), [dict(r, _line=None) for r in rows])
        for table, rows in data.items()
    }


def from_tables(tables: Mapping[str, validate.Table]) -> Dataset:
    """Rows of the validator's tables without their line numbers, every column present."""
    return {
        name: [{c: row.get(c) for c in columns(name)} for row in table.rows] for name, table in tables.items()
    }


# --- the seed's format ----------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A value as the seed's CSV files write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_text(table: str, rows: Sequence[Row]) -> str:
    """One table as the seed's CSV (RFC 4180 quoting, LF line ends), formula-like text protected."""
    lines = [",".join(columns(table))]
    for row in rows:
        cells = []
        for name in columns(table):
            value = row.get(name)
            text = cell_text(exports.neutralise(value) if isinstance(value, str) else value)
            if any(ch in text for ch in ',"\r\n') or text != text.strip():
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def to_csv_zip(data: Dataset) -> bytes:
    """Every table as <table>.csv (UTF-8) in one ZIP file: a copy of data/seed/ for the current data."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in validate.TABLES:
            archive.writestr(f"{table}.csv", csv_text(table, data.get(table, [])).encode("utf-8"))
    return buffer.getvalue()


def to_workbook(data: Dataset) -> bytes:
    """Every table on its own sheet (named as the table), the header in bold and frozen."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in validate.TABLES:
        sheet = book.create_sheet(table)
        sheet.freeze_panes = "A2"
        sheet.append([exports.excel_cell(sheet, name, bold) for name in columns(table)])
        for row in data.get(table, []):
            sheet.append([exports.excel_cell(sheet, row.get(name)) for name in columns(table)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
