"""The seed build: every broken CSV gives a clear error naming file, line and column, and changes nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from lib import seed
from lib.faults import Fault
from tests.conftest import FIXTURE_SEED


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture line {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fixture_builds_with_every_row(seed_dir: Path, tmp_path: Path) -> None:
    db = seed.build(tmp_path / "ok.duckdb", seed_dir)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM partner").fetchone() == (5,)
    assert con.execute("SELECT count(*) FROM membership").fetchone() == (6,)
    version = con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]
    assert version == seed.seed_version(seed_dir)
    con.close()


BROKEN = [
    # (file, old text, new text, expected line, expected column, words in the message)
    ("partner.csv", "oulu,city,Oulu", "sofia,city,Oulu", 3, "id", "duplicate key sofia"),
    (
        "membership.csv",
        "part-a,oulu,",
        "part-a,ouluu,",
        3,
        "partner_id",
        "'ouluu' does not match any id in partner.csv",
    ),
    ("partner.csv", "65.0121,25.4651", "95.0121,25.4651", 3, "lat", "outside -90.0..90.0"),
    ("partner.csv", "42.6977,23.3219", "42.6977,abc", 2, "lon", "'abc' is not a number"),
    ("programme.csv", "2017-01-13,2019-03-29", "2019-03-29,2017-01-13", 3, "end_date", "before start_date"),
    ("membership.csv", "part-a,sofia,coordinator", "part-a,sofia,boss", 2, "role", "'boss' is not one of"),
    ("event.csv", "2017-06-07,2017-06-08", "7 June 2017,2017-06-08", 3, "start_date", "is not a date"),
    ("programme.csv", ",Umbrella,Рамка", ",,Рамка", 2, "name_en", "a value is required"),
    ("event.csv", "oulu,false,,,src-v", "oulu,maybe,,,src-v", 2, "online", "not true or false"),
    (
        "action.csv",
        "sofia,2018-01-01,2019-12-31,done,100,src-v,src-v",
        "sofia,2018-01-01,2019-12-31,done,100,src-v,nowhere",
        2,
        "status_source_id",
        "'nowhere' does not match any id in source.csv",
    ),
    ("theme.csv", "mobility,Mobility,Мобилност", "mobility,Mobility,Мобилност,extra", 3, "#4", "has 4 cells"),
    # a text a page shows, in one language only
    (
        "partner.csv",
        "placed at Tallinn,на картата — в Талин",
        "placed at Tallinn,",
        4,
        "location_note_bg",
        "both",
    ),
    (
        "partner.csv",
        "placed at Tallinn,на картата — в Талин",
        ",на картата — в Талин",
        4,
        "location_note",
        "both",
    ),
    ("source.csv", "An uncertain date,Несигурна дата", "An uncertain date,", 3, "title_bg", "required"),
]


@pytest.mark.parametrize(("file", "old", "new", "line", "column", "words"), BROKEN)
def test_broken_csv_names_the_place_and_leaves_the_database_untouched(
    seed_dir: Path, tmp_path: Path, file: str, old: str, new: str, line: int, column: str | None, words: str
) -> None:
    db = seed.build(tmp_path / "existing.duckdb", seed_dir)
    before = digest(db)
    edit(seed_dir / file, old, new)
    with pytest.raises(seed.SeedError) as caught:
        seed.build(db, seed_dir)
    problems = caught.value.problems
    assert any(
        p.file == file and p.line == line and p.column == column and words in p.message("en")
        for p in problems
    ), [str(p) for p in problems]
    text = str(caught.value)
    assert file in text and f"line {line}" in text
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.duckdb", "seed"], (
        "no temp file left behind"
    )


def test_missing_column_is_reported_with_the_header_line(seed_dir: Path, tmp_path: Path) -> None:
    edit(seed_dir / "partner.csv", "country_code,", "")
    with pytest.raises(seed.SeedError) as caught:
        seed.build(tmp_path / "new.duckdb", seed_dir)
    assert "partner.csv, line 1, column 'country_code': column is missing from the header" in str(
        caught.value
    )
    assert not (tmp_path / "new.duckdb").exists()


def test_missing_file_is_reported(seed_dir: Path, tmp_path: Path) -> None:
    (seed_dir / "event_topic.csv").unlink()
    with pytest.raises(seed.SeedError, match="event_topic.csv: file is missing"):
        seed.build(tmp_path / "new.duckdb", seed_dir)


def test_not_utf8_is_reported(seed_dir: Path, tmp_path: Path) -> None:
    (seed_dir / "theme.csv").write_bytes("id,name_en,name_bg\nx,X,Тема\n".encode("cp1251"))
    with pytest.raises(seed.SeedError) as caught:
        seed.build(tmp_path / "new.duckdb", seed_dir)
    assert [str(p) for p in caught.value.problems] == [
        "theme.csv, line 2, column 'name_bg': bytes d2 that are not UTF-8 text: save the file as 'CSV UTF-8'"
    ]


def test_ensure_database_builds_only_when_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(seed, "build", lambda path: calls.append(path) or path)
    target = tmp_path / "db.duckdb"
    seed.ensure_database(target)
    target.write_bytes(b"x")
    seed.ensure_database(target)
    assert calls == [target]


# --- the target cannot be written: a clear fault, nothing changed --------------------------------------


def run_seed(*args: str, prefix: list[str] | None = None, env: dict[str, str] | None = None):
    import os
    import subprocess
    import sys

    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "lib.seed", *args],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_force_onto_a_read_only_file_refuses_and_keeps_it(seed_dir: Path, tmp_path: Path) -> None:
    db = seed.build(tmp_path / "existing.duckdb", seed_dir)
    db.chmod(0o444)
    before = digest(db)
    result = run_seed("--force", "--seed", str(seed_dir), str(db))
    assert result.returncode == 1
    assert "'existing.duckdb' is read-only and was not replaced. Nothing was changed." in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(db) == before and db.stat().st_mode & 0o777 == 0o444


@pytest.mark.parametrize("what", ["folder", "file"])
def test_force_into_a_read_only_folder_or_onto_an_immutable_file_changes_nothing(
    seed_dir: Path, tmp_path: Path, what: str
) -> None:
    from tests.conftest import read_only

    folder = tmp_path / "data"
    folder.mkdir()
    db = seed.build(folder / "existing.duckdb", seed_dir)
    before = digest(db)
    with read_only(folder if what == "folder" else db):
        result = run_seed("--force", "--seed", str(seed_dir), str(db))
        with pytest.raises(Fault) as caught:
            seed.build(db, seed_dir)
    assert result.returncode == 1, result.stderr
    assert "'existing.duckdb' cannot be written:" in result.stderr and "Nothing was changed." in result.stderr
    assert "Traceback" not in result.stderr
    assert caught.value.code == "build_cannot_write"
    assert "не може да се запише" in caught.value.what("bg")
    assert digest(db) == before
    assert sorted(p.name for p in folder.iterdir()) == ["existing.duckdb"], "no temporary file left"


def test_a_missing_database_in_a_read_only_folder_is_a_fault(seed_dir: Path, tmp_path: Path) -> None:
    from tests.conftest import read_only

    folder = tmp_path / "data"
    folder.mkdir()
    with read_only(folder), pytest.raises(Fault) as caught:
        seed.ensure_database(folder / "new.duckdb")
    assert caught.value.code == "db_cannot_build"
    assert list(folder.iterdir()) == []


def test_an_unreadable_seed_file_is_a_problem(shared_tmp: Path) -> None:
    from tests.conftest import unprivileged

    seed_dir = shared_tmp / "seed"
    shutil.copytree(FIXTURE_SEED, seed_dir)
    (seed_dir / "theme.csv").chmod(0o000)
    result = run_seed(
        "--seed",
        str(seed_dir),
        str(shared_tmp / "new.duckdb"),
        prefix=unprivileged(),
        env={"HOME": str(shared_tmp)},
    )
    assert result.returncode == 1, result.stderr
    assert "theme.csv: the file cannot be read (permission denied)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (shared_tmp / "new.duckdb").exists()


def test_a_folder_this_user_may_not_enter_is_a_clear_error(shared_tmp: Path) -> None:
    from tests.conftest import unprivileged

    closed = shared_tmp / "closed"
    closed.mkdir(mode=0o700)
    result = run_seed(str(closed / "new.duckdb"), prefix=unprivileged(), env={"HOME": str(shared_tmp)})
    assert result.returncode == 1
    assert "'new.duckdb' cannot be written: permission denied. Nothing was changed." in result.stderr
    assert "Traceback" not in result.stderr
