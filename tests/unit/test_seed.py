"""The seed build: every broken CSV gives a clear error naming file, line and column, and changes nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from lib import seed
from tests.conftest import FIXTURE_SEED


@pytest.fixture()
def seed_dir(tmp_path: Path) -> Path:
    target = tmp_path / "seed"
    shutil.copytree(FIXTURE_SEED, target)
    return target


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
    ("theme.csv", "mobility,Mobility,Мобилност", "mobility,Mobility,Мобилност,extra", 3, None, "has 4 cells"),
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
        p.file == file and p.line == line and p.column == column and words in p.message for p in problems
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
    with pytest.raises(seed.SeedError, match="theme.csv: not UTF-8"):
        seed.build(tmp_path / "new.duckdb", seed_dir)


def test_ensure_database_builds_only_when_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(seed, "build", lambda path: calls.append(path) or path)
    target = tmp_path / "db.duckdb"
    seed.ensure_database(target)
    target.write_bytes(b"x")
    seed.ensure_database(target)
    assert calls == [target]
