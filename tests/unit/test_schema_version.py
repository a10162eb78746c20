"""A database built before lib/schema.sql changed (say, before the home_partners macro) is rebuilt where it
is opened when the seed can rebuild it, and refused with a clear message when it holds other data."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from lib import config, db, seed, sql, store
from lib.faults import Fault
from tests.conftest import FIXTURE_SEED


def stamps(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("SELECT key, value FROM meta").fetchall())
    finally:
        con.close()


def as_built_before_the_macro(db: Path) -> None:
    """What a database built from the previous schema.sql looks like: no macro, no schema stamp."""
    con = duckdb.connect(str(db))
    con.execute("DROP MACRO TABLE home_partners")
    con.execute("DELETE FROM meta WHERE key = 'schema'")
    con.close()


@pytest.fixture()
def fixture_is_the_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "SEED_DIR", FIXTURE_SEED)


def test_a_build_records_the_schema_it_was_built_from(tmp_path: Path) -> None:
    db = seed.build(tmp_path / "db.duckdb", FIXTURE_SEED)
    assert stamps(db)["schema"] == seed.schema_version()
    assert seed.schema_version() == hashlib.sha256(config.SCHEMA_FILE.read_bytes()).hexdigest()[:12]


def test_an_old_database_of_the_seeds_data_is_rebuilt_and_works(tmp_path: Path, fixture_is_the_seed) -> None:
    db = seed.build(tmp_path / "db.duckdb", FIXTURE_SEED)
    as_built_before_the_macro(db)
    seed.ensure_database(db)
    assert stamps(db)["schema"] == seed.schema_version()
    con = duckdb.connect(str(db), read_only=True)
    params = {"home": "sofia", "programme_ids": ("part-a", "pair"), "countries": (), "roles": ()}
    assert len(sql.run(con, "map_partners", **params)) > 0
    con.close()


def test_an_old_database_with_other_data_is_refused_and_left_alone(
    tmp_path: Path, fixture_is_the_seed
) -> None:
    db = seed.build(tmp_path / "db.duckdb", FIXTURE_SEED)
    as_built_before_the_macro(db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = 'someone-elses' WHERE key = 'version'")
    con.close()
    before = db.read_bytes()
    with pytest.raises(Fault) as caught:
        seed.ensure_database(db)
    assert caught.value.code == "db_schema_outdated"
    assert db.read_bytes() == before


def test_a_current_database_is_left_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = seed.build(tmp_path / "db.duckdb", FIXTURE_SEED)
    monkeypatch.setattr(seed, "build", lambda *a, **k: pytest.fail("rebuilt a current database"))
    assert seed.ensure_database(db) == db


def old_store(tmp_path: Path) -> tuple[store.Store, int]:
    """A data directory whose current version was built before the macro; (the store, that version)."""
    data = store.Store(tmp_path / "store")
    seed.publish(data, FIXTURE_SEED, base=None)
    first = data.current_number()
    assert first is not None
    as_built_before_the_macro(data.path_of(first))
    return data, first


def test_a_store_version_of_the_seeds_data_under_an_old_schema_is_published_anew(
    tmp_path: Path, fixture_is_the_seed
) -> None:
    data, first = old_store(tmp_path)
    target = db.store_target(data)
    assert data.current_number() == first + 1
    assert target.path == data.path_of(first + 1)
    assert stamps(target.path)["schema"] == seed.schema_version()


def test_a_store_version_of_other_data_under_an_old_schema_is_refused(
    tmp_path: Path, fixture_is_the_seed
) -> None:
    data, first = old_store(tmp_path)
    con = duckdb.connect(str(data.path_of(first)))
    con.execute("UPDATE meta SET value = 'someone-elses' WHERE key = 'version'")
    con.close()
    with pytest.raises(Fault) as caught:
        db.store_target(data)
    assert caught.value.code == "db_schema_outdated"
    assert data.current_number() == first
