"""Shared fixtures: a small fixture database and the demo database, each built from CSV into a temp dir."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


# --- file-system faults, also when the tests run as root (who ignores permissions) -----------------------

NOBODY = 65534


def unprivileged() -> list[str]:
    """A command prefix that runs a program without root's power to ignore file permissions: nothing when
    the tests run as an ordinary user, else Debian's setpriv as the user nobody."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]


@pytest.fixture()
def shared_tmp() -> Iterator[Path]:
    """A temporary folder that other users can enter (pytest's own live in a folder only root may enter),
    for programs run through `unprivileged()`."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="partnerships-test-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            with contextlib.suppress(OSError):
                path.chmod(0o777 if path.is_dir() else 0o666)
        shutil.rmtree(folder, ignore_errors=True)


def read_only_reason() -> str:
    """The reason (faults.os_error_code) a write into `read_only()` fails with: EPERM for an immutable
    file or folder (root), EACCES for missing write permission (an ordinary user)."""
    return "not_permitted" if os.geteuid() == 0 else "permission"


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder impossible to change for the duration: `chattr +i` (immutable) as root, since
    root ignores permission bits; as an ordinary user, a folder (or a file's folder) loses its write bits."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        return
    folder = path if path.is_dir() else path.parent
    mode = folder.stat().st_mode
    folder.chmod(0o555)
    try:
        yield
    finally:
        folder.chmod(mode)


# --- seeds and databases to break ------------------------------------------------------------------------


@pytest.fixture()
def seed_dir(tmp_path: Path) -> Path:
    """A copy of the small fixture seed, to edit."""
    target = tmp_path / "seed"
    shutil.copytree(FIXTURE_SEED, target)
    return target


def add_theme(seed_dir: Path, theme: str) -> None:
    """One more row in the seed's theme.csv (a visible change for a rebuild)."""
    with (seed_dir / "theme.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{theme},{theme.title()},Тема {theme}\n")


_HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


@contextmanager
def held_for_writing(path: Path) -> Iterator[None]:
    """Another program (a second Python process) holds the database open read-write for the duration."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        yield
    finally:
        holder.communicate("")
