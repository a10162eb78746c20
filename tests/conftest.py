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


@pytest.fixture(scope="session")
def hostile_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database with Markdown, HTML, KaTeX and link payloads in every free-text field."""
    from tests import hostile

    tmp = tmp_path_factory.mktemp("hostile")
    return seed.build(tmp / "hostile.duckdb", hostile.make_seed(config.SEED_DIR, tmp / "seed"))


@pytest.fixture()
def hostile_con(hostile_db_path: Path):
    con = duckdb.connect(str(hostile_db_path), read_only=True)
    yield con
    con.close()


@pytest.fixture(params=config.LANGUAGES)
def lang(request: pytest.FixtureRequest):
    previous = i18n.language()
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language(previous)
