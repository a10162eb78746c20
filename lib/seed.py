"""Build the DuckDB database from the CSV files in data/seed/.

The build validates every file first (columns, types, required values, unique keys, references, enum
values, coordinates, date order) and reports each problem with its file, line and column. It writes to a
temporary file beside the target and renames it into place, so a failed build never leaves a half-built
or changed database behind.

Run it by hand with ``python -m lib.seed [--force] [path]``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from lib import config

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

#: (table, column) -> (referenced table, referenced column)
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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a seed file; line is the 1-based line in the file (the header is line 1)."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class SeedError(Exception):
    """The seed did not validate; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:30])
        more = f"\n  ... and {len(problems) - 30} more" if len(problems) > 30 else ""
        super().__init__(f"{len(problems)} problem(s) in the seed data:\n{shown}{more}")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool


def read_schema() -> tuple[dict[str, list[Column]], dict[str, tuple[str, ...]]]:
    """Columns and primary keys of every table, read from schema.sql itself (written once)."""
    con = duckdb.connect()
    con.execute(config.SCHEMA_FILE.read_text(encoding="utf-8"))
    rows = con.execute(
        "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
        "ORDER BY table_name, ordinal_position"
    ).fetchall()
    keys = con.execute(
        "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
        "WHERE constraint_type = 'PRIMARY KEY'"
    ).fetchall()
    con.close()
    columns: dict[str, list[Column]] = {}
    for table, name, dtype, nullable in rows:
        columns.setdefault(table, []).append(Column(name, dtype, nullable == "NO"))
    return columns, {table: tuple(cols) for table, cols in keys}


def _parse(value: str, dtype: str) -> object:
    """Parse one cell; raises ValueError with a readable message."""
    if dtype == "DATE":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a date (write YYYY-MM-DD)") from None
    if dtype == "DOUBLE":
        try:
            return float(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a number") from None
    if dtype == "INTEGER":
        try:
            return int(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a whole number") from None
    if dtype == "BOOLEAN":
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise ValueError(f"'{value}' is not true or false")
    return value


def read_table(path: Path, columns: list[Column], problems: list[Problem]) -> list[dict]:
    """Read one CSV into typed rows (each with its line number under '_line'), collecting problems."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(name, None, None, "file is missing"))
        return []
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, None, None, f"not UTF-8 text ({exc.reason})"))
        return []
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if not header:
        problems.append(Problem(name, 1, None, "file is empty: the first line must name the columns"))
        return []
    header = [h.strip() for h in header]
    expected = [c.name for c in columns]
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected]
    for heading in missing:
        problems.append(Problem(name, 1, heading, "column is missing from the header"))
    for heading in unknown:
        problems.append(Problem(name, 1, heading, f"unknown column (expected: {', '.join(expected)})"))
    if missing or unknown:
        return []
    rows: list[dict] = []
    for line_no, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(name, line_no, None, f"has {len(cells)} cells, the header has {len(header)}")
            )
            continue
        raw = dict(zip(header, (c.strip() for c in cells), strict=True))
        row: dict = {"_line": line_no}
        for col in columns:
            value = raw[col.name]
            if value == "":
                if col.required:
                    problems.append(Problem(name, line_no, col.name, "a value is required"))
                row[col.name] = None
                continue
            try:
                row[col.name] = _parse(value, col.type)
            except ValueError as exc:
                problems.append(Problem(name, line_no, col.name, str(exc)))
                row[col.name] = None
        rows.append(row)
    return rows


def validate(
    tables: dict[str, list[dict]], keys: dict[str, tuple[str, ...]], problems: list[Problem]
) -> None:
    """Check keys, references, enums, ranges and date order across the typed tables."""
    for table, rows in tables.items():
        key = keys.get(table)
        if key:
            seen: dict[tuple, int] = {}
            for row in rows:
                found = tuple(row[k] for k in key)
                if found in seen:
                    problems.append(
                        Problem(
                            f"{table}.csv",
                            row["_line"],
                            ", ".join(key),
                            f"duplicate key {'/'.join(map(str, found))} (first on line {seen[found]})",
                        )
                    )
                else:
                    seen[found] = row["_line"]
    ids = {t: {r.get("id") for r in rows} for t, rows in tables.items()}
    references = dict(REFERENCES)
    for table, rows in tables.items():
        if rows and "source_id" in rows[0]:
            references[(table, "source_id")] = ("source", "id")
    for (table, col), (ref_table, _ref_col) in references.items():
        for row in tables.get(table, []):
            value = row.get(col)
            if value is not None and value not in ids.get(ref_table, set()):
                problems.append(
                    Problem(
                        f"{table}.csv",
                        row["_line"],
                        col,
                        f"'{value}' does not match any id in {ref_table}.csv",
                    )
                )
    for (table, col), allowed in ENUMS.items():
        for row in tables.get(table, []):
            value = row.get(col)
            if value is not None and value not in allowed:
                problems.append(
                    Problem(
                        f"{table}.csv",
                        row["_line"],
                        col,
                        f"'{value}' is not one of: {', '.join(allowed)}",
                    )
                )
    for table, col, low, high in RANGES:
        for row in tables.get(table, []):
            value = row.get(col)
            if value is not None and not low <= value <= high:
                problems.append(
                    Problem(f"{table}.csv", row["_line"], col, f"{value} is outside {low}..{high}")
                )
    for table, first, second in DATE_ORDER:
        for row in tables.get(table, []):
            a, b = row.get(first), row.get(second)
            if a is not None and b is not None and a > b:
                problems.append(Problem(f"{table}.csv", row["_line"], second, f"{b} is before {first} {a}"))


def load_seed(seed_dir: Path) -> dict[str, pd.DataFrame]:
    """Read and validate every seed file; raise SeedError listing every problem found."""
    columns, keys = read_schema()
    problems: list[Problem] = []
    tables = {t: read_table(seed_dir / f"{t}.csv", columns[t], problems) for t in TABLES}
    validate(tables, keys, problems)
    if problems:
        raise SeedError(problems)
    return {
        t: pd.DataFrame(
            [{k: v for k, v in r.items() if k != "_line"} for r in rows],
            columns=[c.name for c in columns[t]],
        )
        for t, rows in tables.items()
    }


def seed_version(seed_dir: Path) -> str:
    """A short hash of the seed files: the data version of a database built from them."""
    digest = hashlib.sha256()
    for table in TABLES:
        path = seed_dir / f"{table}.csv"
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:12]


def schema_version() -> str:
    """A short hash of lib/schema.sql: a database built from another schema.sql lacks something."""
    return hashlib.sha256(config.SCHEMA_FILE.read_bytes()).hexdigest()[:12]


class OutdatedDatabase(Exception):
    """The database was built from another lib/schema.sql and holds data the seed cannot rebuild."""

    def __init__(self, db_file: Path) -> None:
        self.db_file = db_file
        super().__init__(f"{db_file} was built with another lib/schema.sql; rebuild it")


def _stamps(db_file: Path) -> dict[str, str] | None:
    """The meta rows of an existing database (version, schema, ...); None when it cannot be read as one
    (then nothing is rebuilt: opening it reports the problem)."""
    try:
        con = duckdb.connect(str(db_file), read_only=True)
    except duckdb.Error:
        return None
    try:
        return dict(con.execute("SELECT key, value FROM meta").fetchall())
    except duckdb.Error:
        return None
    finally:
        con.close()


def build(db_file: Path, seed_dir: Path | None = None) -> Path:
    """Validate the seed and (re)build db_file atomically. Raises SeedError; then db_file is untouched."""
    seed_dir = seed_dir or config.SEED_DIR
    frames = load_seed(seed_dir)
    db_file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{db_file.name}.", suffix=".tmp", dir=db_file.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute(config.SCHEMA_FILE.read_text(encoding="utf-8"))
            con.execute("BEGIN")
            for table in TABLES:
                frame = frames[table]  # noqa: F841 (read by DuckDB's replacement scan)
                con.execute(f"INSERT INTO {table} SELECT * FROM frame")  # table from the fixed list
            con.execute(
                "INSERT INTO meta VALUES ('version', $v), ('built_at', $t), ('schema', $s)",
                {
                    "v": seed_version(seed_dir),
                    "t": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "s": schema_version(),
                },
            )
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db_file)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return db_file


def ensure_database(db_file: Path) -> Path:
    """Build the database from the seed when the file is missing, or when it was built from another
    lib/schema.sql and holds exactly what the seed holds (nothing is lost by the rebuild). A database of
    another schema with other data (an edited seed, a benchmark database) raises OutdatedDatabase."""
    if not db_file.exists():
        build(db_file)
        return db_file
    stamps = _stamps(db_file)
    if stamps is None or stamps.get("schema") == schema_version():
        return db_file
    if stamps.get("version") != seed_version(config.SEED_DIR):
        raise OutdatedDatabase(db_file)
    build(db_file)
    return db_file


def main(argv: list[str]) -> int:
    force = "--force" in argv
    args = [a for a in argv if a != "--force"]
    target = Path(args[0]) if args else config.db_path()
    try:
        if force or not target.exists():
            build(target)
            print(f"Built {target}")
        else:
            print(f"{target} exists; use --force to rebuild it")
    except SeedError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
