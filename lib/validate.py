"""One validator for every way data comes in: the seed build (data/seed/*.csv) now, the staff importer later.

Data flows: text cells (from a CSV file or a spreadsheet sheet) -> `read_rows` (header, cell count, types,
required values, lengths, invisible characters) -> `check` (keys, ids that differ only by case, references,
allowed values, ranges, date order across all tables) -> `frames` (typed DataFrames to insert).

Every problem is a `Problem` with structured fields — where (file, sheet, line/row, column), what (a `code`),
the value found and what is expected — and its message comes from the catalog in the user's language
(`Problem.text(lang)`); `str(problem)` is the English text for logs and the command line.

CSV is parsed as CSV by `parse_csv`: quoted cells may hold the delimiter, quotes ("") and line breaks
(LF, CRLF, CR; U+2028 and U+0085 are ordinary characters), and every record keeps the line it starts on, so
line numbers stay right after a multi-line cell. Bad quoting is reported with its line and column, never
guessed around.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from lib import config, i18n
from lib.faults import os_error_code

#: Load order: a table comes after every table it refers to.
TABLES = (
    "source",
    "theme",
    "programme",
    "programme_theme",
    "partner",
    "membership",
    "event",
    "event_partner",
    "event_topic",
    "action",
    "indicator",
    "observation",
)

#: (table, column) -> (referenced table, referenced column). Every `source_id` column refers to source.id too.
REFERENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("programme", "parent_id"): ("programme", "id"),
    ("programme_theme", "programme_id"): ("programme", "id"),
    ("programme_theme", "theme_id"): ("theme", "id"),
    ("membership", "programme_id"): ("programme", "id"),
    ("membership", "partner_id"): ("partner", "id"),
    ("event", "programme_id"): ("programme", "id"),
    ("event", "host_partner_id"): ("partner", "id"),
    ("event_partner", "event_id"): ("event", "id"),
    ("event_partner", "partner_id"): ("partner", "id"),
    ("event_topic", "event_id"): ("event", "id"),
    ("action", "programme_id"): ("programme", "id"),
    ("action", "theme_id"): ("theme", "id"),
    ("action", "owner_partner_id"): ("partner", "id"),
    ("action", "status_source_id"): ("source", "id"),
    ("programme", "plan_source_id"): ("source", "id"),
    ("indicator", "programme_id"): ("programme", "id"),
    ("observation", "indicator_id"): ("indicator", "id"),
    ("observation", "partner_id"): ("partner", "id"),
}

#: (table, column) -> allowed values
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("source", "reliability"): ("verified", "general-knowledge", "uncertain", "illustrative"),
    ("programme", "family"): ("urban-agenda", "city-pairing", "challenge", "research", "philanthropy"),
    ("programme", "kind"): ("umbrella", "partnership", "pairing", "challenge", "project", "network"),
    ("programme", "status"): ("planned", "active", "completed"),
    ("partner", "type"): (
        "city",
        "member-state",
        "region",
        "organisation",
        "eu-body",
        "company",
        "university",
    ),
    ("membership", "role"): (
        "coordinator",
        "member",
        "mentor",
        "observer",
        "fellow",
        "challenge",
        "pair",
        "core",
        "partner",
        "pilot",
    ),
    ("event", "kind"): ("meeting", "study-visit", "workshop", "conference", "academy", "webinar"),
    ("event_partner", "role"): ("host", "visitor", "participant"),
    ("action", "status"): ("planned", "in-progress", "done", "delayed", "cancelled"),
    ("indicator", "direction"): ("up", "down"),
    ("observation", "kind"): ("actual", "target", "baseline"),
}

#: Membership roles that lead a programme or a pairing: the map and the network name such partners first.
LEAD_ROLES = frozenset({"coordinator", "pair"})

#: (table, first date column, second date column): the first may not come after the second.
DATE_ORDER = (
    ("programme", "start_date", "end_date"),
    ("membership", "start_date", "end_date"),
    ("event", "start_date", "end_date"),
    ("action", "start_date", "due_date"),
)

#: (table, column, low, high)
RANGES = (
    ("partner", "lat", -90.0, 90.0),
    ("partner", "lon", -180.0, 180.0),
    ("action", "progress_pct", 0.0, 100.0),
)

#: The longest text a cell may hold (the longest in the demo data is under 500 characters).
MAX_CELL_CHARS = 10_000
#: The largest file the validator reads.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Whole-number ranges of DuckDB's integer types.
INTEGER_RANGES = {
    "SMALLINT": (-(2**15), 2**15 - 1),
    "INTEGER": (-(2**31), 2**31 - 1),
    "BIGINT": (-(2**63), 2**63 - 1),
}
TEXT_TYPES = ("VARCHAR",)
NUMBER_TYPES = ("DOUBLE", "FLOAT", "REAL")
#: Characters a cell may not contain: C0 controls except tab, line feed and carriage return; DEL; C1
#: controls except NEL (U+0085); and U+FFFE/U+FFFF. They are invisible, and XML (GraphML, GEXF) and Excel
#: files cannot hold them.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]")
#: Line breaks, for columns that must stay on one line (ids, codes, allowed values).
LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_NUMBER_COMMA = re.compile(r"[+-]?(?:[0-9]+(?:,[0-9]*)?|,[0-9]+)", re.ASCII)
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_DMY_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", re.ASCII)


# --- problems ---------------------------------------------------------------------------------------

#: Every kind of problem; each has its message `validate.<code>` in lib/locales/validate.toml.
CODES = frozenset(
    {
        # the file
        "file_missing",
        "file_not_regular",
        "file_unreadable",
        "file_too_large",
        "file_empty",
        "not_utf8",
        "csv_unclosed_quote",
        "csv_text_after_quote",
        "csv_quote_in_cell",
        # an upload (lib/importer.py)
        "not_text",
        "unknown_table",
        "unknown_sheet",
        "duplicate_table",
        "workbook_unreadable",
        "no_tables",
        # the header and the rows
        "header_unknown_column",
        "header_duplicate_column",
        "header_missing_column",
        "row_extra_cells",
        "row_missing_cells",
        # a cell
        "required",
        "cell_too_long",
        "forbidden_character",
        "line_break_in_id",
        "not_a_date",
        "no_such_date",
        "not_a_number",
        "number_too_large",
        "not_an_integer",
        "integer_out_of_range",
        "not_a_boolean",
        # across rows and tables
        "duplicate_key",
        "duplicate_id_case",
        "unknown_reference",
        "unknown_reference_case",
        "not_allowed",
        "out_of_range",
        "date_order",
        "one_language",
    }
)


def shown(value: str, limit: int = 60) -> str:
    """A cell's text as it can be shown in a message: shortened, invisible characters written out
    (U+0000, U+2028, ...), so a person can see what is wrong with it."""
    short = value if len(value) <= limit else value[:limit] + "…"
    out = []
    for ch in short:
        if ch in "\t\n\r" or FORBIDDEN.match(ch) or unicodedata.category(ch) in ("Cf", "Zl", "Zp", "Cs"):
            out.append(f"⟨U+{ord(ch):04X}⟩")
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, with where it is and what is expected.

    file: the file's name (data/seed/partner.csv -> "partner.csv", an upload -> its name);
    sheet: the sheet of a workbook (None for CSV); line: the line of a CSV file or the row of a sheet (the
    header is 1), None for the whole file; column: the column's name (or "#n" when it has none), None for
    the whole row or file; code: what is wrong, the catalog key `validate.<code>`; value: the value found,
    as `shown()` writes it; params: what the message needs besides (what is expected, limits, lines).
    """

    file: str
    line: int | None
    column: str | None
    code: str
    value: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    sheet: str | None = None

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")

    def message(self, lang: str | None = None) -> str:
        """What is wrong and what is expected, in `lang` (default: the current language)."""
        values = {"value": self.value or "", **self.params}
        if "reason" in values:  # an OS error's short name (faults.os_error_code), said in the language
            values["reason"] = i18n.t(f"fault.reason.{values['reason']}", lang)
        return i18n.t(f"validate.{self.code}", lang, **values)

    def where(self, lang: str | None = None) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(i18n.t("validate.where.sheet", lang, sheet=self.sheet))
        if self.line is not None:
            key = "validate.where.row" if self.sheet is not None else "validate.where.line"
            parts.append(i18n.t(key, lang, line=self.line))
        if self.column is not None:
            parts.append(i18n.t("validate.where.column", lang, column=self.column))
        return ", ".join(parts)

    def text(self, lang: str | None = None) -> str:
        return f"{self.where(lang)}: {self.message(lang)}"

    def __str__(self) -> str:
        return self.text("en")


# --- the schema ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool


@dataclass(frozen=True)
class Schema:
    """Columns (in order) and primary keys of every table in lib/schema.sql, and the names of every table
    and view it defines."""

    columns: Mapping[str, tuple[Column, ...]]
    keys: Mapping[str, tuple[str, ...]]
    views: tuple[str, ...]


@cache
def schema() -> Schema:
    """Read from schema.sql itself (the columns are written once, there)."""
    con = duckdb.connect()
    try:
        con.execute(config.SCHEMA_FILE.read_text(encoding="utf-8"))
        rows = con.execute(
            "SELECT c.table_name, c.column_name, c.data_type, c.is_nullable "
            "FROM information_schema.columns c JOIN information_schema.tables t USING (table_name) "
            "WHERE t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position"
        ).fetchall()
        keys = con.execute(
            "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchall()
        views = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW' ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    columns: dict[str, list[Column]] = {}
    for table, name, dtype, nullable in rows:
        if dtype not in (*TEXT_TYPES, *NUMBER_TYPES, *INTEGER_RANGES, "DATE", "BOOLEAN"):
            raise NotImplementedError(
                f"schema.sql: {table}.{name} has type {dtype}, which validate.py cannot read"
            )
        columns.setdefault(table, []).append(Column(name, dtype, nullable == "NO"))
    return Schema(
        {t: tuple(cols) for t, cols in columns.items()},
        {table: tuple(cols) for table, cols in keys},
        tuple(v for (v,) in views),
    )


def references(table: str) -> dict[str, tuple[str, str]]:
    """column -> (table, column) it refers to, for one table (source_id columns included)."""
    out = {col: ref for (t, col), ref in REFERENCES.items() if t == table}
    if any(c.name == "source_id" for c in schema().columns.get(table, ())):
        out["source_id"] = ("source", "id")
    return out


def _one_line_columns(table: str) -> set[str]:
    """Columns whose values are ids or codes: keys, references and allowed-value columns."""
    cols = set(schema().keys.get(table, ())) | set(references(table))
    cols |= {c for (t, c) in ENUMS if t == table}
    return cols


# --- CSV as CSV -----------------------------------------------------------------------------------------


class CsvSyntaxError(ValueError):
    """Bad quoting: where (line, the 0-based index of the cell in its record) and what (a Problem code)."""

    def __init__(self, line: int, index: int, code: str) -> None:
        super().__init__(f"line {line}, cell {index + 1}: {code}")
        self.line = line
        self.index = index
        self.code = code


@cache
def _unquoted(delimiter: str) -> re.Pattern[str]:
    return re.compile(f'[^"\r\n{re.escape(delimiter)}]*')


_QUOTED = re.compile(r'"((?:[^"]++|"")*+)"')  # possessive: no backtracking, linear time


def _breaks(text: str, start: int, end: int) -> int:
    """Line breaks in text[start:end], each of CRLF, LF and CR counted once."""
    return text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)


def parse_csv(text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """The records of a CSV text (RFC 4180), each with the line it starts on (1-based).

    A cell in double quotes may hold the delimiter, "" for a quote, and line breaks; records end at LF,
    CRLF or CR outside quotes. A quote inside an unquoted cell, text after a closing quote, or a quote that
    is never closed raises CsvSyntaxError with the line and the cell. Cells are returned as written (not
    stripped).
    """
    unquoted = _unquoted(delimiter)
    pos, line, size = 0, 1, len(text)
    while pos < size:
        record: list[str] = []
        start_line = line
        while True:
            if pos < size and text[pos] == '"':
                match = _QUOTED.match(text, pos)
                if match is None:
                    raise CsvSyntaxError(line, len(record), "csv_unclosed_quote")
                record.append(match.group(1).replace('""', '"'))
                line += _breaks(text, pos, match.end())
                pos = match.end()
                if pos < size and text[pos] not in (delimiter, "\r", "\n"):
                    raise CsvSyntaxError(line, len(record) - 1, "csv_text_after_quote")
            else:
                match = unquoted.match(text, pos)
                assert match is not None  # the pattern matches the empty string
                record.append(match.group())
                pos = match.end()
                if pos < size and text[pos] == '"':
                    raise CsvSyntaxError(line, len(record) - 1, "csv_quote_in_cell")
            if pos < size and text[pos] == delimiter:
                pos += 1
                continue
            break
        if text.startswith("\r\n", pos):
            pos += 2
        elif pos < size:
            pos += 1  # \r or \n
        line += 1
        yield start_line, record


def _locate(prefix: str, delimiter: str) -> tuple[int, int, list[str] | None]:
    """(line, cell index, header) of the position at the end of `prefix` (a file cut at a bad byte)."""
    records: list[list[str]] = []
    index = 0
    try:
        for _line, record in parse_csv(prefix, delimiter):
            records.append(record)
        if records and not prefix.endswith(("\n", "\r")):
            index = len(records[-1]) - 1
    except CsvSyntaxError as exc:
        index = exc.index
    return 1 + _breaks(prefix, 0, len(prefix)), index, records[0] if records else None


def _column_name(header: Sequence[str] | None, index: int) -> str:
    if header is not None and 0 <= index < len(header) and header[index].strip():
        return header[index].strip()
    return f"#{index + 1}"


def read_csv_file(
    path: Path, problems: list[Problem], delimiter: str = ","
) -> list[tuple[int, list[str]]] | None:
    """The records of a CSV file (UTF-8, a byte-order mark allowed), problems appended instead of raised:
    a missing, unreadable or oversized file, a directory, bytes that are not UTF-8 (with their line and
    column), bad quoting. None when the file gives no usable records."""
    name = path.name
    try:
        if not path.exists():
            problems.append(Problem(name, None, None, "file_missing"))
            return None
        if not path.is_file():
            problems.append(Problem(name, None, None, "file_not_regular"))
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(
                Problem(name, None, None, "file_too_large", params={"limit": MAX_FILE_BYTES // 2**20})
            )
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, None, None, "file_unreadable", params={"reason": os_error_code(exc)}))
        return None
    return read_csv_bytes(data, name, problems, delimiter)


def read_csv_bytes(
    data: bytes, name: str, problems: list[Problem], delimiter: str = ","
) -> list[tuple[int, list[str]]] | None:
    """As read_csv_file, for the bytes of a file called `name`."""
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8-sig", errors="replace")
        line, index, head = _locate(prefix, delimiter)
        column = _column_name(head, index) if line > 1 else f"#{index + 1}"
        bad = data[exc.start : exc.end]
        problems.append(Problem(name, line, column, "not_utf8", value=bad.hex(" "), params={"bom": bom}))
        return None
    return read_csv_text(text, name, problems, delimiter)


def read_csv_text(
    text: str, name: str, problems: list[Problem], delimiter: str = ","
) -> list[tuple[int, list[str]]] | None:
    """As read_csv_bytes, for text already decoded (the importer decodes Windows-1251 and UTF-16 too)."""
    records: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        for line, record in parse_csv(text, delimiter):
            header = header or record
            records.append((line, record))
    except CsvSyntaxError as exc:
        column = _column_name(header, exc.index) if records else f"#{exc.index + 1}"
        problems.append(Problem(name, exc.line, column, exc.code))
        return None
    return records


# --- typing the cells of one table ------------------------------------------------------------------------


@dataclass(frozen=True)
class Formats:
    """How numbers and dates may be written. The seed is strict (ISO dates, decimal point); the importer
    may also accept what office files hold (dd.mm.yyyy, decimal comma)."""

    day_first_dates: bool = False
    decimal_comma: bool = False


STRICT = Formats()


class _CellError(ValueError):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def parse_cell(value: str, dtype: str, formats: Formats = STRICT) -> object:
    """One non-empty cell as a Python value of the column's type; raises _CellError(code, **params)."""
    if dtype in TEXT_TYPES:
        return value
    if dtype == "DATE":
        match = _ISO_DATE.fullmatch(value)
        year_month_day = (match.group(1), match.group(2), match.group(3)) if match else None
        if year_month_day is None and formats.day_first_dates and (match := _DMY_DATE.fullmatch(value)):
            year_month_day = (match.group(3), match.group(2), match.group(1))
        if year_month_day is None:
            raise _CellError("not_a_date", expected="DD.MM.YYYY" if formats.day_first_dates else "YYYY-MM-DD")
        try:
            return dt.date(*(int(part) for part in year_month_day))
        except ValueError:
            raise _CellError("no_such_date") from None
    if dtype in NUMBER_TYPES:
        if _NUMBER.fullmatch(value):
            number = float(value)
        elif formats.decimal_comma and _NUMBER_COMMA.fullmatch(value):
            number = float(value.replace(",", "."))
        else:
            raise _CellError("not_a_number")
        if not math.isfinite(number):
            raise _CellError("number_too_large")
        return number
    if dtype in INTEGER_RANGES:
        low, high = INTEGER_RANGES[dtype]
        if not _INTEGER.fullmatch(value):
            raise _CellError("not_an_integer")
        if len(value) > 25 or not low <= int(value) <= high:
            raise _CellError("integer_out_of_range", low=low, high=high)
        return int(value)
    if dtype == "BOOLEAN":
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise _CellError("not_a_boolean")
    raise NotImplementedError(dtype)


@dataclass
class Table:
    """The typed rows of one table read from one file (or sheet). Each row is a dict of column -> value
    with its line (or sheet row) under "_line" and the columns whose cell had a problem under "_bad"."""

    name: str
    file: str
    rows: list[dict[str, object]]
    sheet: str | None = None
    #: False when the file or its header could not be read: references into it are not checked (every one
    #: would fail and hide the real problem).
    readable: bool = True
    #: Key values whose cell had a problem: references to them are not reported a second time.
    unparsed: set[str] = field(default_factory=set)
    #: The file's own header text of a column, where it differs from the schema's name (an upload with
    #: Bulgarian headers): problems name the column as the file does.
    headers: Mapping[str, str] = field(default_factory=dict)


def read_rows(
    table: str,
    records: Iterable[tuple[int, Sequence[str]]] | None,
    problems: list[Problem],
    *,
    file: str,
    sheet: str | None = None,
    formats: Formats = STRICT,
) -> Table:
    """Type the records of one table; the first record is the header (column names, in any order).

    Checks the header (every column present, none unknown or twice), each row's cell count, and each cell:
    required, length, forbidden characters, line breaks in ids, type. Problems are appended; rows with a
    problem are kept (with None in the bad cell) so the checks across tables still see them.
    """
    columns = schema().columns[table]
    out = Table(table, file, [], sheet)
    if records is None:  # the file could not be read; its problem is reported already
        out.readable = False
        return out
    iterator = iter(records)
    first = next(iterator, None)
    if first is None or not any(c.strip() for c in first[1]):
        problems.append(
            Problem(line=first[0] if first else 1, column=None, code="file_empty", file=file, sheet=sheet)
        )
        out.readable = False
        return out
    header_line, raw_header = first
    header = [h.strip() for h in raw_header]
    expected = [c.name for c in columns]
    bad_header = False
    for index, name in enumerate(header):
        label = name or f"#{index + 1}"
        if name not in expected:
            problems.append(
                Problem(
                    line=header_line,
                    column=label,
                    code="header_unknown_column",
                    value=shown(name),
                    params={"expected": ", ".join(expected)},
                    file=file,
                    sheet=sheet,
                )
            )
            bad_header = True
        elif header.index(name) != index:
            problems.append(
                Problem(
                    line=header_line,
                    column=name,
                    code="header_duplicate_column",
                    params={"first": header.index(name) + 1, "index": index + 1},
                    file=file,
                    sheet=sheet,
                )
            )
            bad_header = True
    for name in expected:
        if name not in header:
            problems.append(
                Problem(line=header_line, column=name, code="header_missing_column", file=file, sheet=sheet)
            )
            bad_header = True
    if bad_header:
        out.readable = False
        return out
    one_line = _one_line_columns(table)
    keys = set(schema().keys.get(table, ()))
    by_name = {c.name: c for c in columns}
    for line, cells in iterator:
        if not any(c.strip() for c in cells):
            continue
        extra = next((i for i in range(len(header), len(cells)) if cells[i].strip()), None)
        if extra is not None:
            problems.append(
                Problem(
                    line=line,
                    column=f"#{extra + 1}",
                    code="row_extra_cells",
                    value=shown(cells[extra].strip()),
                    params={"cells": len(cells), "expected": len(header)},
                    file=file,
                    sheet=sheet,
                )
            )
        elif len(cells) < len(header):
            problems.append(
                Problem(
                    line=line,
                    column=header[len(cells)],
                    code="row_missing_cells",
                    params={"cells": len(cells), "expected": len(header)},
                    file=file,
                    sheet=sheet,
                )
            )
        # empty cells after the last column are harmless; a short row is reported once, not per cell
        padded: list[str | None] = [*cells[: len(header)], *([None] * (len(header) - len(cells)))]
        bad: set[str] = set()  # cells with a problem (or missing): no follow-up problem is reported on them
        row: dict[str, object] = {"_line": line, "_bad": bad}
        for name, cell in zip(header, padded, strict=True):
            column = by_name[name]
            row[name] = None
            if cell is None:
                bad.add(name)
                continue
            value = cell.strip()
            if value == "":
                if column.required:
                    problems.append(Problem(line=line, column=name, code="required", file=file, sheet=sheet))
                    bad.add(name)
                continue
            code, params = _cell_problem(value, column, name in one_line)
            if code is None:
                try:
                    row[name] = parse_cell(value, column.type, formats)
                    continue
                except _CellError as exc:
                    code, params = exc.code, exc.params
            problems.append(
                Problem(
                    line=line,
                    column=name,
                    code=code,
                    value=shown(value),
                    params=params,
                    file=file,
                    sheet=sheet,
                )
            )
            bad.add(name)
            if name in keys:
                out.unparsed.add(value)
        out.rows.append(row)
    return out


def _cell_problem(value: str, column: Column, one_line: bool) -> tuple[str | None, dict[str, object]]:
    if len(value) > MAX_CELL_CHARS:
        return "cell_too_long", {"length": len(value), "limit": MAX_CELL_CHARS}
    bad = FORBIDDEN.search(value)
    if bad:
        return "forbidden_character", {"character": f"U+{ord(bad.group()):04X}", "position": bad.start() + 1}
    if one_line and LINE_BREAKS.search(value):
        return "line_break_in_id", {}
    return None, {}


# --- checks across tables ---------------------------------------------------------------------------------


def _fold(value: object) -> object:
    return unicodedata.normalize("NFKC", value).casefold() if isinstance(value, str) else value


def check(tables: Mapping[str, Table], problems: list[Problem]) -> None:
    """Keys unique (and ids unique ignoring letter case), references resolve, allowed values, ranges and
    date order. `tables` may hold rows without a line (read from the database, for an import of one
    table): their problems are reported against the rows that have one."""
    keys = schema().keys
    ids: dict[str, set[object]] = {}
    folded_ids: dict[str, dict[object, object]] = {}
    for name, table in tables.items():
        key = keys.get(name)
        if not key:
            continue
        seen: dict[tuple, object] = {}
        folded: dict[object, tuple[object, object]] = {}
        for row in table.rows:
            value = tuple(row.get(k) for k in key)
            if any(v is None for v in value):
                continue
            if value in seen:
                problems.append(
                    _at(
                        table,
                        row,
                        ", ".join(key),
                        "duplicate_key",
                        "/".join(map(str, value)),
                        first=seen[value] if seen[value] is not None else "—",
                    )
                )
                continue
            seen[value] = row.get("_line")
            if key == ("id",):
                other = folded.get(_fold(value[0]))
                if other is not None:
                    problems.append(
                        _at(
                            table,
                            row,
                            "id",
                            "duplicate_id_case",
                            value[0],
                            other=other[0],
                            first=other[1] or "—",
                        )
                    )
                else:
                    folded[_fold(value[0])] = (value[0], row.get("_line"))
        if key == ("id",):
            ids[name] = {v[0] for v in seen}
            folded_ids[name] = {f: original for f, (original, _line) in folded.items()}
    for name, table in tables.items():
        for col, (ref_table, _ref_col) in references(name).items():
            target = tables.get(ref_table)
            if target is not None and not target.readable:
                continue
            known = ids.get(ref_table, set())
            unparsed = target.unparsed if target is not None else set()
            for row in table.rows:
                ref = row.get(col)
                if ref is None or ref in known or ref in unparsed:
                    continue
                near = folded_ids.get(ref_table, {}).get(_fold(ref))
                if near is not None:
                    problems.append(
                        _at(table, row, col, "unknown_reference_case", ref, table=ref_table, near=near)
                    )
                else:
                    problems.append(_at(table, row, col, "unknown_reference", ref, table=ref_table))
    for (name, col), allowed in ENUMS.items():
        for row in tables[name].rows if name in tables else ():
            cell = row.get(col)
            if cell is not None and cell not in allowed:
                problems.append(_at(tables[name], row, col, "not_allowed", cell, allowed=", ".join(allowed)))
    for name, col, low, high in RANGES:
        for row in tables[name].rows if name in tables else ():
            cell = row.get(col)
            if isinstance(cell, int | float) and not low <= cell <= high:
                problems.append(_at(tables[name], row, col, "out_of_range", cell, low=low, high=high))
    for name, first, second in DATE_ORDER:
        for row in tables[name].rows if name in tables else ():
            a, b = row.get(first), row.get(second)
            if isinstance(a, dt.date) and isinstance(b, dt.date) and a > b:
                problems.append(_at(tables[name], row, second, "date_order", b, first=first, start=a))
    for name, table in tables.items():
        for english, bulgarian in language_pairs(name):
            for row in table.rows:
                bad = row.get("_bad")
                if isinstance(bad, set) and (english in bad or bulgarian in bad):
                    continue  # that cell's own problem is reported
                has_en, has_bg = bool(row.get(english)), bool(row.get(bulgarian))
                if has_en != has_bg:
                    missing, given = (bulgarian, english) if has_en else (english, bulgarian)
                    problems.append(_at(table, row, missing, "one_language", "", given=given))


def language_pairs(table: str) -> list[tuple[str, str]]:
    """(English, Bulgarian) columns of a table that hold one text in both languages: x_en or x, with x_bg.
    A row may leave both empty, never one only (a name cited as it is written in its own language is
    repeated)."""
    names = {c.name for c in schema().columns.get(table, ())}
    pairs = []
    for name in sorted(names):
        stem = name.removesuffix("_bg")
        english = f"{stem}_en" if f"{stem}_en" in names else stem
        if stem != name and english in names:
            pairs.append((english, name))
    return pairs


def _at(
    table: Table, row: Mapping[str, object], column: str, code: str, value: object, /, **params: object
) -> Problem:
    return Problem(
        file=table.file,
        line=row.get("_line"),  # type: ignore[arg-type]
        column=table.headers.get(column, column),
        code=code,
        value=shown(str(value)),
        params={k: shown(v) if isinstance(v, str) else v for k, v in params.items()},
        sheet=table.sheet,
    )


def frames(tables: Mapping[str, Table]) -> dict[str, pd.DataFrame]:
    """The typed rows as DataFrames in schema column order (the line numbers dropped), ready to insert."""
    columns = schema().columns
    out: dict[str, pd.DataFrame] = {}
    for name, table in tables.items():
        cols = columns[name]
        data = {c.name: [row.get(c.name) for row in table.rows] for c in cols}
        out[name] = pd.DataFrame(
            {
                c.name: pd.array(data[c.name], dtype="Int64") if c.type in INTEGER_RANGES else data[c.name]
                for c in cols
            },
            columns=[c.name for c in cols],
        )
    return out
