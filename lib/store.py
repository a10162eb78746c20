"""The data store: published versions of the database in one data directory, and which one is current.

Layout of the data directory ($PARTNERSHIPS_DATA_DIR, default data/store/):

    current                  the number of the current version ("7"), replaced atomically (rename)
    versions/000007.duckdb   a published database, never changed after it is published
    versions/000007.json     what it is: number, published_at (UTC), rows per table, the publisher's info
    publish.lock             an OS lock (flock) held while publishing: publishes queue, across processes
    tmp/                     builds in progress; a crashed publish leaves its build here, the next removes it

Readers (every app process; replicas on other machines with the folder mounted read-only) only read
`current` and open ``versions/<n>.duckdb`` read-only: they never write here. `publish` does, in order:

1. take the lock; remove what crashed publishes left (tmp/, versions newer than `current`);
2. call ``build(path)`` to write the new database at a fresh path under tmp/ — with the lock held, so build
   may read `current()` and apply its change on top of the latest version;
3. check the built file (it opens read-only with every table and view of schema.sql) and count its rows;
4. fsync it, rename it to versions/<n>.duckdb, write <n>.json the same way;
5. replace `current` (write, fsync, rename, fsync the folder) — the moment the new version is published;
6. prune database files of old versions (their .json stays: the history).

Killed at any moment, the store still names a complete version: the old one until step 5's rename, the new
one after it. Numbers only grow; restoring an old version means publishing a copy of it as a new one.

    store = Store(path)
    store.current() -> Version | None        the current version (None: nothing published yet)
    store.current_number() -> int | None     cheap (reads the small pointer file only)
    store.versions() -> list[Version]        every published version, oldest first (pruned ones too)
    store.publish(build, info=None, base=ANY) -> Version
    store.prune(keep) -> list[int]           (publish prunes to the store's `keep`)
    open_read_only(path) -> connection       a database file opened read-only and checked, or a Fault

Every failure is a `lib.faults.Fault` (codes store_* and db_*), in the user's language; an exception raised
by `build` (e.g. seed.SeedError) passes through unchanged, and then nothing was published.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
import stat
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from lib import validate
from lib.faults import Fault, open_error, os_error_code

#: `publish(base=ANY)`: publish whatever the current version is.
ANY: object = object()
_POINTER = "current"
_LOCK = "publish.lock"


@dataclass(frozen=True)
class Version:
    """One published version: its number, its database file, when it was published, rows per table, and
    what the publisher said about it (issue 13: who, a note, the files and their hashes)."""

    number: int
    path: Path
    published_at: str = ""
    tables: Mapping[str, int] = field(default_factory=dict)
    info: Mapping[str, object] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        """False once pruned: the history keeps it, the database file is gone."""
        return self.path.is_file()


def fsync(path: Path) -> None:
    """Make a file's data, or a folder's entries (a rename into it), durable on disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync(path.parent)


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """Open a database file read-only and check that it is this dashboard's (every table with its columns,
    and every view, of schema.sql). Raises a Fault saying what is wrong: missing, a folder, empty, not a
    DuckDB file, damaged, unreadable, held by another writer, wrong tables."""
    try:
        info = path.stat()
    except OSError as exc:
        raise open_error(path, exc) from exc
    if stat.S_ISDIR(info.st_mode):
        raise Fault("db_directory", path)
    if not stat.S_ISREG(info.st_mode):
        raise Fault("db_not_regular", path)
    if info.st_size == 0:
        raise Fault("db_empty", path)
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise open_error(path, exc) from exc
    if head[8:12] != b"DUCK":
        raise Fault("db_not_duckdb", path, f"header {head[:16]!r}")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise open_error(path, exc) from exc
    try:
        missing = _missing_objects(con)
    except duckdb.Error as exc:
        con.close()
        raise open_error(path, exc) from exc
    if missing:
        con.close()
        raise Fault(
            "db_wrong_tables",
            path,
            "missing: " + ", ".join(missing),
            missing=", ".join(missing[:4]),
            count=len(missing),
        )
    return con


def _missing_objects(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables, columns and views of schema.sql that the open database lacks."""
    schema = validate.schema()
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
    ).fetchall()
    present: dict[str, set[str]] = {}
    for table, column in rows:
        present.setdefault(table, set()).add(column)
    order = [*validate.TABLES, *(t for t in schema.columns if t not in validate.TABLES)]
    missing = [table for table in order if table not in present]
    for table in order:
        if table in present:
            missing += [f"{table}.{c.name}" for c in schema.columns[table] if c.name not in present[table]]
    missing += [view for view in schema.views if view not in present]
    return missing


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {
        table: (con.execute(f'SELECT count(*) FROM "{table}"').fetchone() or (0,))[0]  # names from schema.sql
        for table in validate.schema().columns
    }


class Store:
    """A data directory of published versions (see the module's docstring)."""

    def __init__(self, root: Path, keep: int = 10) -> None:
        self.root = Path(root)
        self.keep = max(1, keep)
        self.versions_dir = self.root / "versions"

    # --- reading (also from a read-only folder) ---------------------------------------------------

    def path_of(self, number: int) -> Path:
        return self.versions_dir / f"{number:06d}.duckdb"

    def current_number(self) -> int | None:
        """The current version's number, None when nothing is published yet."""
        try:
            text = (self.root / _POINTER).read_text(encoding="ascii")
        except FileNotFoundError:
            if self.root.exists() and not self.root.is_dir():
                raise Fault("store_not_directory", self.root) from None
            return None
        except NotADirectoryError:
            raise Fault("store_not_directory", self.root) from None
        except (OSError, UnicodeDecodeError) as exc:
            if isinstance(exc, OSError):
                raise Fault("store_unreadable", self.root, str(exc), reason=os_error_code(exc)) from exc
            raise Fault("store_bad_pointer", self.root, repr(exc)) from exc
        try:
            number = int(text.strip())
        except ValueError:
            raise Fault("store_bad_pointer", self.root, f"current = {text[:40]!r}") from None
        if number < 1:
            raise Fault("store_bad_pointer", self.root, f"current = {number}")
        return number

    def version(self, number: int) -> Version:
        """What is recorded about version `number` (its .json; the file alone if that is missing)."""
        path = self.path_of(number)
        try:
            record = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        return Version(
            number,
            path,
            str(record.get("published_at", "")),
            dict(record.get("tables", {})),
            dict(record.get("info", {})),
        )

    def current(self) -> Version | None:
        number = self.current_number()
        return None if number is None else self.version(number)

    def versions(self) -> list[Version]:
        """Every published version up to the current one, oldest first (pruned ones with available False)."""
        current = self.current_number()
        if current is None:
            return []
        numbers = set()
        for path in self.versions_dir.glob("[0-9]*.*"):
            if path.suffix in (".json", ".duckdb") and path.stem.isdigit() and int(path.stem) <= current:
                numbers.add(int(path.stem))
        return [self.version(n) for n in sorted(numbers | {current})]

    # --- writing ---------------------------------------------------------------------------------

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the publish lock (an exclusive flock on publish.lock): one publisher at a time, across
        threads and processes (also on NFS, where Linux maps flock to POSIX locks)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.root / _LOCK, os.O_RDWR | os.O_CREAT, 0o664)
        except OSError as exc:
            raise self._cannot_write(exc) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def _cannot_write(self, exc: OSError) -> Fault:
        if exc.errno == errno.ENOTDIR or (self.root.exists() and not self.root.is_dir()):
            return Fault("store_not_directory", self.root, str(exc))
        return Fault("store_cannot_write", self.root, str(exc), reason=os_error_code(exc))

    def publish(
        self,
        build: Callable[[Path], object],
        info: Mapping[str, object] | None = None,
        *,
        base: int | None | object = ANY,
    ) -> Version:
        """Build a new version with ``build(path)`` (which writes a DuckDB file at `path`) and make it the
        current one, atomically. `base`: publish only if the current version is still this one (None: only
        into an empty store), else Fault("store_conflict") and nothing is published. `info` (JSON-able) is
        kept with the version."""
        with self.lock():
            current = self.current_number()
            if base is not ANY and base != current:
                raise Fault("store_conflict", self.root, current=current or "—", base=base or "—")
            try:
                self._clean(current or 0)
                number = max([current or 0, *self._numbers()]) + 1
                (self.root / "tmp").mkdir(exist_ok=True)
                self.versions_dir.mkdir(exist_ok=True)
            except OSError as exc:
                raise self._cannot_write(exc) from exc
            work = self.root / "tmp" / f"{number:06d}-{uuid.uuid4().hex}.duckdb"
            try:
                build(work)
                tables = self._check(work)
                fsync(work)
                final = self.path_of(number)
                os.replace(work, final)
                fsync(self.versions_dir)
                published_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                record = {
                    "number": number,
                    "published_at": published_at,
                    "tables": tables,
                    "info": dict(info or {}),
                }
                _write_atomically(
                    final.with_suffix(".json"), json.dumps(record, ensure_ascii=False, indent=1)
                )
                _write_atomically(self.root / _POINTER, f"{number}\n")
            except OSError as exc:
                raise self._cannot_write(exc) from exc
            finally:
                for leftover in (work, work.with_name(work.name + ".wal")):
                    leftover.unlink(missing_ok=True)
            self._prune(self.keep, number)
            return Version(number, final, published_at, tables, dict(info or {}))

    def _check(self, work: Path) -> dict[str, int]:
        try:
            con = open_read_only(work)
        except Fault as fault:
            raise Fault("store_invalid_build", work, fault.details()) from fault
        try:
            return _counts(con)
        finally:
            con.close()

    def _numbers(self) -> list[int]:
        return [int(p.stem) for p in self.versions_dir.glob("[0-9]*.*") if p.stem.isdigit()]

    def _clean(self, current: int) -> None:
        """Remove what crashed publishes left: builds in tmp/, files of versions never made current."""
        for path in (self.root / "tmp").glob("*"):
            path.unlink(missing_ok=True)
        for path in self.versions_dir.glob("[0-9]*.*"):
            if path.stem.isdigit() and int(path.stem) > current:
                path.unlink(missing_ok=True)
        for path in self.root.glob(".*.tmp"):
            path.unlink(missing_ok=True)
        for path in self.versions_dir.glob(".*.tmp"):
            path.unlink(missing_ok=True)

    def prune(self, keep: int) -> list[int]:
        """Delete the database files of all but the newest `keep` versions (never the current one); their
        .json records stay. Returns the numbers pruned."""
        with self.lock():
            current = self.current_number()
            return [] if current is None else self._prune(keep, current)

    def _prune(self, keep: int, current: int) -> list[int]:
        files = sorted(int(p.stem) for p in self.versions_dir.glob("[0-9]*.duckdb") if p.stem.isdigit())
        old = [n for n in files if n <= current][: -max(1, keep)]
        for number in old:
            # a reader that still has it open keeps reading it (POSIX): the space is freed when it lets go
            self.path_of(number).unlink(missing_ok=True)
        return old
