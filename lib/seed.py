"""Build the DuckDB database from the CSV files in data/seed/.

The build validates every file first with lib/validate.py (the one validator: CSV syntax, columns, types,
required values, lengths, invisible characters, unique keys, references, allowed values, coordinates, date
order) and reports each problem with its file, line and column. It writes a new database file and only then
puts it in place, so a failed build never leaves a half-built or changed database behind.

Run it by hand with ``python -m lib.seed [--force] [--seed DIR] [PATH]`` (see USAGE): by default it publishes
a new version into the data directory (lib/store.py), which running apps switch to at their next rerun.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import sys
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from lib import config, validate
from lib.faults import Fault, os_error_code
from lib.store import ANY, Store, Version, fsync
from lib.validate import DATE_ORDER, ENUMS, RANGES, REFERENCES, TABLES, Problem

__all__ = [
    "DATE_ORDER",
    "ENUMS",
    "RANGES",
    "REFERENCES",
    "TABLES",
    "Problem",
    "SeedError",
    "build",
    "load_seed",
]


class SeedError(Exception):
    """The seed did not validate; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:30])
        more = f"\n  ... and {len(problems) - 30} more" if len(problems) > 30 else ""
        super().__init__(f"{len(problems)} problem(s) in the seed data:\n{shown}{more}")


def load_seed(seed_dir: Path) -> dict[str, pd.DataFrame]:
    """Read and validate every seed file; raise SeedError listing every problem found."""
    problems: list[Problem] = []
    tables: dict[str, validate.Table] = {}
    for table in TABLES:
        path = seed_dir / f"{table}.csv"
        records = validate.read_csv_file(path, problems)
        tables[table] = validate.read_rows(table, records, problems, file=path.name)
    validate.check(tables, problems)
    if problems:
        raise SeedError(problems)
    return validate.frames(tables)


def seed_version(seed_dir: Path) -> str:
    """A short hash of the seed files: the data version of a database built from them."""
    digest = hashlib.sha256()
    for table in TABLES:
        digest.update(_read(seed_dir / f"{table}.csv"))
    return digest.hexdigest()[:12]


def schema_version() -> str:
    """A short hash of lib/schema.sql: a database built from another schema.sql lacks something."""
    return hashlib.sha256(config.SCHEMA_FILE.read_bytes()).hexdigest()[:12]


def is_current_schema(db_file: Path) -> bool:
    """Whether db_file was built from this lib/schema.sql (True also when it cannot be read as a database:
    then nothing is rebuilt and opening it reports the problem). A database of an older schema that holds
    other data than the seed (an edited or benchmark database) raises the Fault db_schema_outdated: it is
    never silently replaced by the demo data."""
    stamps = _stamps(db_file)
    if stamps is None or stamps.get("schema") == schema_version():
        return True
    if stamps.get("version") != seed_version(config.SEED_DIR):
        raise Fault("db_schema_outdated", db_file, f"schema {stamps.get('schema')} != {schema_version()}")
    return False


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


def _read(path: Path) -> bytes:
    """A seed file's bytes for a hash; nothing for one that cannot be read (the validator reports it)."""
    try:
        return path.read_bytes() if path.is_file() else b""
    except OSError:
        return b""


def write_database(target: Path, frames: dict[str, pd.DataFrame], version: str) -> None:
    """Write a new database file at `target` (which must not exist yet): schema.sql, every table, meta.

    The frames have passed the validator, so an insert that still fails is a bug: it is raised as a Fault
    naming the table, never as a half-written file (the caller removes `target`).
    """
    con = duckdb.connect(str(target))
    try:
        con.execute(config.SCHEMA_FILE.read_text(encoding="utf-8"))
        con.execute("BEGIN")
        for table in TABLES:
            frame = frames[table]  # noqa: F841 (read by DuckDB's replacement scan)
            try:
                con.execute(f"INSERT INTO {table} SELECT * FROM frame")  # table from the fixed list
            except duckdb.Error as exc:
                raise Fault("build_insert_failed", target, str(exc), table=table) from exc
        con.execute(
            "INSERT INTO meta VALUES ('version', $v), ('built_at', $t), ('schema', $s)",
            {
                "v": version,
                "t": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "s": schema_version(),
            },
        )
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def build_into(target: Path, seed_dir: Path | None = None) -> None:
    """Validate the seed and write it as a new database file at `target` (for the store's publish)."""
    seed_dir = seed_dir or config.SEED_DIR
    frames = load_seed(seed_dir)
    write_database(target, frames, seed_version(seed_dir))


def _check_target(db_file: Path) -> None:
    """Refuse to replace what must not be replaced: a directory, or a file made read-only on purpose."""
    try:
        info = db_file.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise Fault("build_cannot_write", db_file, str(exc), reason=os_error_code(exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise Fault("build_target_directory", db_file)
    if not info.st_mode & 0o222:
        raise Fault("build_target_read_only", db_file, f"mode {stat.filemode(info.st_mode)}")


def build(db_file: Path, seed_dir: Path | None = None) -> Path:
    """Validate the seed and (re)build the single file db_file, atomically.

    Raises SeedError (the seed is wrong) or Fault (the file cannot be written: a read-only file, folder or
    file system, an immutable file, a full disk). Either way db_file is untouched and no temporary file is
    left. A rebuilt file keeps the permissions of the one it replaces.
    """
    seed_dir = seed_dir or config.SEED_DIR
    frames = load_seed(seed_dir)
    _check_target(db_file)
    tmp: Path | None = None
    try:
        db_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{db_file.name}.", suffix=".tmp", dir=db_file.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        tmp.unlink()  # DuckDB wants to create the file itself
        write_database(tmp, frames, seed_version(seed_dir))
        if db_file.exists():
            os.chmod(tmp, stat.S_IMODE(db_file.stat().st_mode))
        fsync(tmp)
        os.replace(tmp, db_file)
        fsync(db_file.parent)
    except OSError as exc:
        raise Fault("build_cannot_write", db_file, str(exc), reason=os_error_code(exc)) from exc
    finally:
        if tmp is not None:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                leftover.unlink(missing_ok=True)
    return db_file


def ensure_database(db_file: Path) -> Path:
    """Build the database from the seed when the file is missing, or when it was built from another
    lib/schema.sql and holds exactly what the seed holds (nothing is lost by the rebuild). A database of
    another schema with other data (an edited seed, a benchmark database) raises db_schema_outdated."""
    if not db_file.exists():
        try:
            build(db_file)
        except Fault as fault:
            if fault.code != "build_cannot_write":
                raise
            raise Fault("db_cannot_build", db_file, fault.detail, **fault.params) from fault
        return db_file
    if not is_current_schema(db_file):
        build(db_file)
    return db_file


def publish(data: Store, seed_dir: Path | None = None, *, base: object = ANY, note: str = "") -> Version:
    """Validate the seed and publish it as a new version of the data directory (see lib/store.py); the
    version's record says it came from the seed, with the hash of every file."""
    seed_dir = seed_dir or config.SEED_DIR
    info = {
        "source": "seed",
        "seed_dir": str(seed_dir),
        "seed_version": seed_version(seed_dir),
        "files": {f"{t}.csv": hashlib.sha256(_read(seed_dir / f"{t}.csv")).hexdigest() for t in TABLES},
        "note": note,
    }
    return data.publish(lambda path: build_into(path, seed_dir), info, base=base)


def publish_initial(data: Store) -> None:
    """Version 1 from the seed, for a first start on an empty data directory (unless another process has
    just published one)."""
    try:
        publish(data, base=None, note="first start")
    except Fault as fault:
        if fault.code != "store_conflict":
            raise


USAGE = """usage: python -m lib.seed [--force] [--seed DIR] [PATH]

Validate the CSV files in data/seed/ (or DIR) and build the database from them:
  without PATH  publish them as a new version of the data directory ($PARTNERSHIPS_DATA_DIR, default
                data/store/); running apps switch to it at their next rerun
  PATH          build this one database file instead ($PARTNERSHIPS_DB, when set, is the default PATH)
  --force       publish (or rebuild) even when there is a database already
"""


def main(argv: list[str]) -> int:
    args = list(argv)
    if "-h" in args or "--help" in args:
        print(USAGE)
        return 0
    force = "--force" in args
    args = [a for a in args if a != "--force"]
    seed_dir = config.SEED_DIR
    if "--seed" in args:
        at = args.index("--seed")
        if at + 1 >= len(args):
            print(USAGE, file=sys.stderr)
            return 2
        seed_dir = Path(args[at + 1])
        del args[at : at + 2]
    if len(args) > 1 or any(a.startswith("-") for a in args):
        print(USAGE, file=sys.stderr)
        return 2
    target = Path(args[0]) if args else config.db_path()
    try:
        if target is None:
            data = Store(config.data_dir(), keep=config.keep_versions())
            current = data.current_number()
            if current is not None and not force:
                print(f"{data.root} has version {current}; use --force to publish the seed as a new version")
            else:
                version = publish(data, seed_dir, note="python -m lib.seed")
                print(f"Published version {version.number} ({version.path}).")
                print("Running apps use it from their next run.")
        elif force or not target.exists():
            build(target, seed_dir)
            print(f"Built {target}")
        else:
            print(f"{target} exists; use --force to rebuild it")
    except SeedError as exc:
        print(exc, file=sys.stderr)
        return 1
    except Fault as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. a folder on the way that this user may not enter
        where = target or config.data_dir()
        print(Fault("build_cannot_write", where, str(exc), reason=os_error_code(exc)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
