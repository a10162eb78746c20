"""The only owner of the DuckDB connection: the current database, a cursor per query, cached results.

Where the data comes from (lib/config.py): the current published version of the data directory
(lib/store.py; the first start publishes version 1 from data/seed/), or one fixed file when
$PARTNERSHIPS_DB is set (built from the seed when missing).

A new version reaches running apps within one rerun, without a restart: every script run starts with
`require()`, which looks again where the data comes from (the store's small pointer file, or the fixed
file's identity) and, when it changed, opens the new database and moves every later query to it. Queries
already running finish on the old one; its connection is closed once no query uses it any more. (DuckDB
hands back the database it already has open for a path, so a fixed file replaced in place is reopened
only after its old connection is closed: such a switch waits for the running queries to finish.)

Results are cached per (source, database opened, query, parameters), so a new version is never served from
a stale cache; `data_version()` costs no query (the version is read once, when a database is opened).

A fault (a missing, damaged, locked or foreign database; an unwritable data directory; a broken seed; an
error of a running query) is shown on the page in the user's language, with no traceback; the raw details
only in development (client.showErrorDetails = "full"), and always in the server's log.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NoReturn, TypeVar

import duckdb
import pandas as pd
import streamlit as st

from lib import config, faults, i18n, safe, seed, sql, store
from lib.i18n import t

log = logging.getLogger("partnerships")

#: How long a switch of a fixed file replaced in place waits for running queries to finish.
T = TypeVar("T")
RUN_DATA = "db.run_data"  # session-state entry: the database this script run started on (kept())
SWITCH_WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class Target:
    """Where the current database is: `key` is unique per database (a store version, or a file's identity)."""

    key: str
    path: Path
    label: str | None = None  # the store's version number


@dataclass
class Snapshot:
    """One open database. `key` goes into every cache key; `version` is what data_version() says."""

    key: str
    version: str
    path: Path
    con: duckdb.DuckDBPyConnection
    leases: int = 0
    retired: bool = False
    closed: bool = False


def open_snapshot(target: Target) -> Snapshot:
    """Open and check the database of `target`, and read its version stamp once."""
    con = store.open_read_only(target.path)
    stamp = sql.data_version(con)
    version = f"{target.label} · {stamp}" if target.label else stamp
    return Snapshot(target.key, version, target.path, con)


class Connections:
    """The open database of one data source, switched to a newer one when one appears. No streamlit.

    `lease()` hands out the current snapshot for one query (a cursor of its connection); `resolve()` says
    where the current database is. A retired snapshot's connection closes when its last lease ends, so a
    query that is running is never cut off. Thread-safe: Streamlit runs every session in its own thread.
    """

    def __init__(
        self, resolve: Callable[[], Target], opener: Callable[[Target], Snapshot] = open_snapshot
    ) -> None:
        self._resolve = resolve
        self._open = opener
        self._cond = threading.Condition()
        self._snap: Snapshot | None = None
        self._checked = float("-inf")
        self._switching = False
        self.opened = 0  # databases opened so far (for tests and benchmarks)

    @contextmanager
    def lease(self, max_age: float = 1.0) -> Iterator[Snapshot]:
        """The current snapshot, held for the duration; where the data comes from is looked at again when
        the last look is older than `max_age` seconds (0: now)."""
        snap = self.acquire(max_age)
        try:
            yield snap
        finally:
            self.release(snap)

    def acquire(self, max_age: float = 1.0) -> Snapshot:
        with self._cond:
            self._cond.wait_for(lambda: not self._switching)
            if self._snap is None or time.monotonic() - self._checked >= max_age:
                target = self._resolve()
                self._checked = time.monotonic()
                if self._snap is None or target.key != self._snap.key:
                    self._switch(target)
            assert self._snap is not None
            self._snap.leases += 1
            return self._snap

    def release(self, snap: Snapshot) -> None:
        with self._cond:
            snap.leases -= 1
            if snap.retired and snap.leases == 0:
                self._close(snap)
            self._cond.notify_all()

    def _switch(self, target: Target) -> None:
        """Called with the lock held: open `target` and make it current; retire the old snapshot."""
        old = self._snap
        self._switching = True
        try:
            if old is not None and old.path == target.path:
                # DuckDB would hand back the old database for this path while it is open: wait for its
                # queries to end (the lock is released while waiting), then close it first
                if not self._cond.wait_for(lambda: old.leases == 0, timeout=SWITCH_WAIT_SECONDS):
                    log.warning(
                        "%s: still in use after %.0f s; switching at a later run",
                        old.path,
                        SWITCH_WAIT_SECONDS,
                    )
                    return
                self._close(old)
                self._snap = None
            new = self._open(target)
            self.opened += 1
            if old is not None:
                old.retired = True
                if old.leases == 0:
                    self._close(old)
            self._snap = new
        finally:
            self._switching = False
            self._cond.notify_all()

    @staticmethod
    def _close(snap: Snapshot) -> None:
        if not snap.closed:
            snap.closed = True
            try:
                snap.con.close()
            except duckdb.Error as exc:  # pragma: no cover - nothing uses it any more
                log.warning("closing %s: %s", snap.path, exc)

    def close(self) -> None:
        with self._cond:
            if self._snap is not None:
                self._snap.retired = True
                if self._snap.leases == 0:
                    self._close(self._snap)
                self._snap = None


# --- where the data comes from --------------------------------------------------------------------------


def store_target(data: store.Store) -> Target:
    """The store's current version; an empty store gets version 1 from the seed first."""
    number = data.current_number()
    if number is None:
        seed.publish_initial(data)
        number = data.current_number()
        assert number is not None
    path = data.path_of(number)
    if not path.exists():
        raise faults.Fault("store_version_missing", data.root, str(path), version=number)
    if not seed.is_current_schema(path):  # the seed's data under an older schema.sql: publish it anew
        try:
            seed.publish(data, base=number, note="schema.sql changed")
        except faults.Fault as fault:
            if fault.code != "store_conflict":  # another process has just published: use that one
                raise
        return store_target(data)
    return Target(f"v{number}", path, str(number))


def file_target(path: Path) -> Target:
    """A fixed database file (built from the seed when missing); its identity changes when it is replaced."""
    try:
        seed.ensure_database(path)
        info = path.stat()
    except OSError as exc:
        raise faults.open_error(path, exc) from exc
    return Target(f"{info.st_dev}:{info.st_ino}:{info.st_mtime_ns}:{info.st_size}", path)


def source() -> tuple[str, str]:
    """("file", path) when $PARTNERSHIPS_DB names a file, else ("store", the data directory)."""
    fixed = config.db_path()
    return ("file", str(fixed)) if fixed else ("store", str(config.data_dir()))


@st.cache_resource(show_spinner=False)
def _connections(kind: str, where: str) -> Connections:
    if kind == "file":
        return Connections(lambda: file_target(Path(where)))
    data = store.Store(Path(where), keep=config.keep_versions())
    return Connections(lambda: store_target(data))


def connections() -> Connections:
    return _connections(*source())


# --- what pages use -----------------------------------------------------------------------------------


def require() -> None:
    """At the start of every script run: look again where the data comes from (so a new version is used
    from this run on) and stop with a clear page when the database cannot be used."""
    try:
        with connections().lease(max_age=0) as snap:
            st.session_state[RUN_DATA] = "|".join((*source(), snap.key))
    except (faults.Fault, seed.SeedError) as exc:
        stop_with(exc)


def data_version() -> str:
    """The version of the data shown (the store's version number and the seed's stamp): no query."""
    try:
        with connections().lease() as snap:
            return snap.version
    except (faults.Fault, seed.SeedError) as exc:
        stop_with(exc)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(
    where: str,
    key: str,
    name: str,
    digest: str,
    _params: tuple[tuple[str, object], ...],
    _snap: Snapshot,
) -> pd.DataFrame:
    return sql.run(_snap.con, name, **dict(_params))


def query(name: str, **params: object) -> pd.DataFrame:
    """Run lib/queries/<name>.sql with bound parameters; cached per database and parameters. Lists become
    tuples. An error of the query stops the page with a readable message (see the module's docstring)."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in params.items()))
    # keyed by a digest: Streamlit's hasher takes ~14 ms for a scope of 2,200 programme ids (issue 15)
    digest = hashlib.sha1(repr(frozen).encode()).hexdigest()
    try:
        with connections().lease() as snap:
            return _cached("|".join(source()), snap.key, name, digest, frozen, snap)
    except duckdb.Error as exc:
        stop_with(faults.query_error(name, exc))
    except (faults.Fault, seed.SeedError) as exc:
        stop_with(exc)


@st.cache_resource(show_spinner=False, max_entries=256)
def _kept(data: str, lang: str, name: str, digest: str, _build: Callable[[], object]) -> object:
    return _build()


def kept(name: str, build: Callable[[], T], **key: object) -> T:
    """What `build()` returns (a built chart or table), made once per data version, language and `key` and
    shared by every session: a rerun that changes none of them costs nothing. `key` must hold everything
    `build` depends on besides the data version and the language (the filters, a choice, today); never
    change what comes back (st.plotly_chart and st.dataframe copy what they are given)."""
    digest = hashlib.sha1(repr(sorted(key.items())).encode()).hexdigest()
    return _kept(_run_data(), i18n.language(), name, digest, build)  # type: ignore[return-value]


_derived: dict[int, tuple[weakref.ref, dict[object, object]]] = {}
_derived_lock = threading.RLock()  # re-entered when a collection drops an object meanwhile (_forget)


def derived(of: object, key: object, build: Callable[[], T]) -> T:
    """What `build()` makes of `of` (a kept chart or table: the same object on every rerun, never changed),
    made once per object and `key` and dropped when the object is (when `kept` lets it go): a finished
    figure for the viewer's theme, a table's column widths. For an object made anew on each run it is
    simply made again. What `build` returns must not refer to `of` (it would keep it alive)."""
    with _derived_lock:
        entry = _derived.get(id(of))
        if entry is None or entry[0]() is not of:
            entry = (weakref.ref(of, partial(_forget, id(of))), {})
            _derived[id(of)] = entry
        made = entry[1]
        if key in made:
            return made[key]  # type: ignore[return-value]
    value = build()
    with _derived_lock:
        made[key] = value
    return value


def _forget(ident: int, ref: weakref.ref) -> None:
    with _derived_lock:
        if ident in _derived and _derived[ident][0] is ref:
            del _derived[ident]


def _run_data() -> str:
    """The database this script run started on (require() notes it). Kept results are filed under it, so
    a new version published while a run is under way cannot file old charts under the new version: a run
    that starts on the new version never reads what a run that started on the old one built."""
    noted = st.session_state.get(RUN_DATA)
    if noted:
        return str(noted)
    try:
        with connections().lease() as snap:
            return "|".join((*source(), snap.key))
    except (faults.Fault, seed.SeedError) as exc:
        stop_with(exc)


def show_details() -> bool:
    """Development mode: Streamlit shows error details (client.showErrorDetails "full" or "stacktrace")."""
    value = st.get_option("client.showErrorDetails")
    return value in ("full", "stacktrace", True, "true", "True")


_logged: set[str] = set()


def stop_with(exc: faults.Fault | seed.SeedError) -> NoReturn:
    """Show a fault in the user's language instead of the page, and stop the run. The raw details (paths,
    DuckDB's message) are logged, and shown only in development."""
    details = exc.details() if isinstance(exc, faults.Fault) else str(exc)
    if details not in _logged:  # once per distinct fault, not on every rerun
        _logged.add(details)
        log.error("%s", details)
    if isinstance(exc, seed.SeedError):
        st.error(t("app.seed_error", n=len(exc.problems)), icon=":material/error:")
        st.code("\n".join(p.text() for p in exc.problems[:50]), language=None)
        st.caption(t("app.seed_error_help"))
    else:
        st.error(
            f"**{safe.md(exc.what())}**\n\n{t('fault.todo_label')} {safe.md(exc.todo())}",
            icon=":material/error:",
        )
        if show_details():
            with st.expander(t("fault.details"), icon=":material/code:"):
                st.code(details, language=None)
    st.stop()
