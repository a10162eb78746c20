"""Shared fixtures: a small fixture database and the demo database, each built from CSV into a temp dir."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from lib import config, i18n, seed

FIXTURE_SEED = Path(__file__).parent / "fixtures" / "seed"


@pytest.fixture(scope="session")
def fixture_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed.build(tmp_path_factory.mktemp("fixture") / "fixture.duckdb", FIXTURE_SEED)


@pytest.fixture()
def fixture_con(fixture_db_path: Path):
    con = duckdb.connect(str(fixture_db_path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed.build(tmp_path_factory.mktemp("demo") / "demo.duckdb", config.SEED_DIR)


@pytest.fixture()
def demo_con(demo_db_path: Path):
    con = duckdb.connect(str(demo_db_path), read_only=True)
    yield con
    con.close()


@pytest.fixture(params=config.LANGUAGES)
def lang(request: pytest.FixtureRequest):
    previous = i18n.language()
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language(previous)
