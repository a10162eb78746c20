"""Every database fault is a clear page in the chosen language, never a traceback; details only in
development; a new version reaches a running app within one rerun, with no restart (issue 11, items 2, 6)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit import config as streamlit_config
from streamlit.testing.v1 import AppTest

from lib import config, i18n, safe, seed, sql, store, validate
from lib.faults import Fault
from tests.conftest import held_for_writing, read_only, read_only_reason

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def seed_dir(seed_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture seed's copy, which a first start builds from."""
    monkeypatch.setattr(config, "SEED_DIR", seed_dir)
    monkeypatch.chdir(ROOT)
    return seed_dir


@contextlib.contextmanager
def error_details(value: str):
    """Streamlit's client.showErrorDetails for the duration ("none": a visitor, as .streamlit/config.toml
    ships; "full": development)."""
    before = streamlit_config.get_option("client.showErrorDetails")
    streamlit_config.set_option("client.showErrorDetails", value)
    try:
        yield
    finally:
        streamlit_config.set_option("client.showErrorDetails", before)


def run_app(lang: str, details: str = "none", page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    with error_details(details):
        at.run()
        if page:
            at.switch_page(page)
            at.run()
    return at


def expect_fault(at: AppTest, code: str, lang: str, path: Path, **params: object) -> None:
    """The page is the fault's message in `lang`, with no exception, no details and no path."""
    assert not at.exception, [e.value for e in at.exception]
    fault = Fault(code, path, **params)
    assert len(at.error) == 1
    message = at.error[0].value
    assert safe.md(fault.what(lang)) in message and safe.md(fault.todo(lang)) in message
    assert str(path.parent) not in message, "visitors see the file's name, not its path"
    assert not at.expander and not at.code, "no details for visitors"
    assert not at.title, "nothing of the page ran"


@contextlib.contextmanager
def broken(kind: str, path: Path, seed_dir: Path) -> Iterator[None]:
    """A broken database of `kind` at `path`, for the duration."""
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "directory":
        path.mkdir()
    elif kind == "not duckdb":
        path.write_text("id,name\nsofia,Sofia\n", encoding="utf-8")
    elif kind == "damaged":
        good = seed.build(path.with_name("good.duckdb"), seed_dir)
        path.write_bytes(good.read_bytes()[:20_000])
    elif kind == "wrong tables":
        con = duckdb.connect(str(path))
        con.execute("CREATE TABLE partner (id VARCHAR); CREATE TABLE something_else (a INTEGER)")
        con.close()
    elif kind == "locked":
        seed.build(path, seed_dir)
        with held_for_writing(path):
            yield
        return
    else:
        raise AssertionError(kind)
    yield


WRONG_TABLES_MISSING = len(validate.schema().columns) - 1 + len(validate.schema().columns["partner"]) - 1
FILE_FAULTS = [
    ("empty", "db_empty", {}),
    ("directory", "db_directory", {}),
    ("not duckdb", "db_not_duckdb", {}),
    ("damaged", "db_damaged", {}),
    (
        "wrong tables",
        "db_wrong_tables",
        # every table but partner, and every column of partner but id
        {"missing": "source, theme, programme, programme_theme", "count": WRONG_TABLES_MISSING},
    ),
    ("locked", "db_locked", {}),
]


@pytest.mark.parametrize("lang", config.LANGUAGES)
@pytest.mark.parametrize(("kind", "code", "params"), FILE_FAULTS, ids=[k for k, _c, _p in FILE_FAULTS])
def test_each_broken_database_is_a_clear_page(
    tmp_path: Path,
    seed_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    code: str,
    params: dict,
    lang: str,
) -> None:
    path = tmp_path / "data" / "partnerships.duckdb"
    path.parent.mkdir()
    monkeypatch.setenv("PARTNERSHIPS_DB", str(path))
    with broken(kind, path, seed_dir):
        at = run_app(lang)
    expect_fault(at, code, lang, path, **params)
    if kind == "locked":  # the other program is gone: the next run of the same app works
        with error_details("none"):
            at.run()
        assert not at.error and not at.exception and at.title


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_a_missing_database_in_a_read_only_folder_is_a_clear_page(
    tmp_path: Path, seed_dir: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("PARTNERSHIPS_DB", str(folder / "partnerships.duckdb"))
    with read_only(folder):
        at = run_app(lang)
    expect_fault(at, "db_cannot_build", lang, folder / "partnerships.duckdb", reason=read_only_reason())


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_an_empty_read_only_data_directory_is_a_clear_page(
    tmp_path: Path, seed_dir: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    root = tmp_path / "store"
    root.mkdir()
    monkeypatch.delenv("PARTNERSHIPS_DB", raising=False)
    monkeypatch.setenv("PARTNERSHIPS_DATA_DIR", str(root))
    with read_only(root):
        at = run_app(lang)
    expect_fault(at, "store_cannot_write", lang, root, reason=read_only_reason())


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_a_missing_current_version_is_a_clear_page(
    tmp_path: Path, seed_dir: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    root = tmp_path / "store"
    version = seed.publish(store.Store(root), seed_dir)
    version.path.unlink()
    monkeypatch.delenv("PARTNERSHIPS_DB", raising=False)
    monkeypatch.setenv("PARTNERSHIPS_DATA_DIR", str(root))
    expect_fault(run_app(lang), "store_version_missing", lang, root, version=1)


def test_developers_see_the_details(tmp_path: Path, seed_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "empty.duckdb"
    path.write_bytes(b"")
    monkeypatch.setenv("PARTNERSHIPS_DB", str(path))
    at = run_app("en", details="full")
    assert not at.exception
    assert safe.md("The database 'empty.duckdb' cannot be opened") in at.error[0].value
    assert at.expander[0].label == "Details (development mode only)"
    assert f"path: {path}" in at.code[0].value


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_an_error_of_a_running_query_is_a_readable_message(
    tmp_path: Path, seed_dir: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("PARTNERSHIPS_DB", str(tmp_path / "ok.duckdb"))
    real = sql.run

    def failing(con, name, **params):
        if name == "overview_kpis":
            raise duckdb.ConversionException("Conversion Error: Could not convert string 'x' to INT32")
        return real(con, name, **params)

    monkeypatch.setattr(sql, "run", failing)
    at = run_app(lang)
    assert not at.exception
    i18n.set_language(lang)
    assert at.title, "the page ran up to the failing query"
    fault = Fault("query_value", None)
    assert [e.value for e in at.error] == [
        f"**{safe.md(fault.what(lang))}**\n\n{i18n.t('fault.todo_label', lang)} {safe.md(fault.todo(lang))}"
    ]
    assert not at.code, "DuckDB's own text only in development"
    dev = run_app(lang, details="full")
    assert "ConversionException" in dev.code[0].value and "overview_kpis" in dev.code[0].value


# --- a new version reaches a running app ---------------------------------------------------------------


def add_partner_city(seed_dir: Path) -> None:
    with (seed_dir / "partner.csv").open("a", encoding="utf-8") as handle:
        handle.write("testville,city,Testville,Тествил,FI,61.5,23.8,,,src-v\n")
    with (seed_dir / "membership.csv").open("a", encoding="utf-8") as handle:
        handle.write("part-a,testville,member,,,,,src-v\n")


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "lib.seed", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result


def footer(at: AppTest) -> str:
    return next(c.value for c in at.caption if "Data version" in c.value)


def partner_card(lang: str, **env: str) -> AppTest:
    return run_app(lang, page="pages/explore/partners.py", partner="testville")


@pytest.mark.parametrize("mode", ["data directory", "fixed file"])
def test_a_rebuild_reaches_the_running_app_within_one_rerun(
    tmp_path: Path, seed_dir: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    if mode == "data directory":
        root = tmp_path / "store"
        monkeypatch.delenv("PARTNERSHIPS_DB", raising=False)
        monkeypatch.setenv("PARTNERSHIPS_DATA_DIR", str(root))
        args: tuple[str, ...] = ("--force", "--seed", str(seed_dir))
        env = {"PARTNERSHIPS_DATA_DIR": str(root)}
    else:
        path = tmp_path / "fixed.duckdb"
        monkeypatch.setenv("PARTNERSHIPS_DB", str(path))
        args = ("--force", "--seed", str(seed_dir), str(path))
        env = {}
    at = run_app("en", page="pages/explore/partners.py", partner="testville")
    assert not at.exception
    before = footer(at)
    assert any("testville" in w.value for w in at.warning), "not there yet"
    add_partner_city(seed_dir)
    cli(*args, env=env)  # another process rebuilds, as staff would from a shell
    with error_details("none"):
        at.run()  # the same running app, one rerun later
    assert not at.exception
    assert footer(at) != before
    assert not any("testville" in w.value for w in at.warning)
    assert any("Testville" in h.value for h in [*at.title, *at.header, *at.subheader])
    if mode == "data directory":
        assert "Data version 2 · " in footer(at) and "Data version 1 · " in before
