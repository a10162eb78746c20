"""lib/db.py's Connections: a new version (published, or a fixed file replaced in place) is used from the next
look on; a query running on the old one is never cut off; the old connection closes once idle; the data
version costs no query."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import duckdb
import pytest

from lib import db, seed, sql, store
from tests.conftest import add_theme


def theme_count(snap: db.Snapshot) -> int:
    cur = snap.con.cursor()
    try:
        return cur.execute("SELECT count(*) FROM theme").fetchone()[0]
    finally:
        cur.close()


def test_a_published_version_is_used_from_the_next_look_and_the_old_closes_when_idle(
    tmp_path: Path, seed_dir: Path
) -> None:
    data = store.Store(tmp_path / "store")
    seed.publish(data, seed_dir)
    connections = db.Connections(lambda: db.store_target(data))
    with connections.lease(max_age=0) as first:
        assert first.version.startswith("1 · ") and theme_count(first) == 2
        add_theme(seed_dir, "energy")
        seed.publish(data, seed_dir)
        with connections.lease(max_age=0) as second:  # another session's run, while `first` is mid-query
            assert second.version.startswith("2 · ") and theme_count(second) == 3
            assert theme_count(first) == 2, "the older snapshot still answers: nothing was cut off"
            assert not first.closed
    assert first.closed and not second.closed
    with pytest.raises(duckdb.ConnectionException):
        first.con.execute("SELECT 1")
    assert connections.opened == 2


def test_a_fixed_file_replaced_in_place_is_reopened_after_its_queries_end(
    tmp_path: Path, seed_dir: Path
) -> None:
    """DuckDB hands back the database it has open for a path: the switch waits for the old one's leases."""
    path = seed.build(tmp_path / "fixed.duckdb", seed_dir)
    connections = db.Connections(lambda: db.file_target(path))
    order: list[str] = []
    other_started = threading.Event()
    holder = connections.acquire(0)
    assert theme_count(holder) == 2
    add_theme(seed_dir, "energy")
    seed.build(path, seed_dir)  # os.replace: a new file at the same path

    def other_session() -> None:
        other_started.set()
        with connections.lease(max_age=0) as snap:
            order.append(f"other sees {theme_count(snap)} themes")

    thread = threading.Thread(target=other_session)
    thread.start()
    assert other_started.wait(60)
    order.append(f"holder still reads {theme_count(holder)} themes")
    connections.release(holder)
    thread.join(60)
    assert order == ["holder still reads 2 themes", "other sees 3 themes"]
    assert holder.closed


def test_the_data_version_is_read_once_per_database_not_per_query(
    tmp_path: Path, seed_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[object] = []
    real = sql.data_version
    monkeypatch.setattr(sql, "data_version", lambda con: reads.append(con) or real(con))
    data = store.Store(tmp_path / "store")
    seed.publish(data, seed_dir)
    connections = db.Connections(lambda: db.store_target(data))
    for _ in range(50):
        with connections.lease(max_age=0) as snap:
            assert snap.version.startswith("1 · ")
    assert len(reads) == 1
    seed.publish(data, seed_dir)
    with connections.lease(max_age=0) as snap:
        assert snap.version.startswith("2 · ")
    assert len(reads) == 2


def test_a_fault_of_the_new_version_keeps_nothing_half_switched(tmp_path: Path, seed_dir: Path) -> None:
    data = store.Store(tmp_path / "store")
    seed.publish(data, seed_dir)
    connections = db.Connections(lambda: db.store_target(data))
    with connections.lease(max_age=0) as first:
        pass
    seed.publish(data, seed_dir)
    data.path_of(2).write_bytes(b"")  # damaged behind the store's back
    from lib.faults import Fault

    with pytest.raises(Fault) as caught:
        connections.acquire(0)
    assert caught.value.code == "db_empty"
    assert not first.closed, "the old database stays open until a new one opens"


def test_the_shipped_config_binds_to_localhost_and_hides_error_details() -> None:
    import tomllib

    with (Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").open("rb") as handle:
        shipped = tomllib.load(handle)
    assert shipped["server"]["address"] == "localhost"
    assert shipped["client"]["showErrorDetails"] == "none"


def test_derived_is_made_once_per_object_and_key_and_forgotten_with_the_object() -> None:
    class Kept:  # a kept chart or table stands in
        pass

    made: list[str] = []

    def build(value: str):
        return lambda: made.append(value) or value

    table, other = Kept(), Kept()
    assert db.derived(table, "light", build("first")) == "first"
    assert db.derived(table, "light", build("again")) == "first"  # kept: not made again
    assert db.derived(table, "dark", build("dark")) == "dark"  # another key
    assert db.derived(other, "light", build("other")) == "other"  # another object
    assert made == ["first", "dark", "other"]
    gone = id(table)
    del table
    gc.collect()
    assert gone not in db._derived  # dropped with its object, so nothing grows with each rerun
    assert id(other) in db._derived
