"""The data store (lib/store.py): versioned databases, an atomically replaced pointer, serialised publishes,
pruning; a crash at any step leaves a complete version current; every database fault is a clear Fault."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from lib import seed, store
from lib.faults import Fault
from tests.conftest import add_theme, held_for_writing, read_only

ROOT = Path(__file__).resolve().parents[2]


def themes(path: Path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT id FROM theme ORDER BY id").fetchall()]
    finally:
        con.close()


def test_publish_makes_numbered_versions_with_their_record(tmp_path: Path, seed_dir: Path) -> None:
    data = store.Store(tmp_path / "store")
    assert data.current() is None and data.versions() == []
    first = seed.publish(data, seed_dir)
    add_theme(seed_dir, "energy")
    second = seed.publish(data, seed_dir, note="energy added")
    assert (first.number, second.number) == (1, 2)
    assert data.current_number() == 2 and (tmp_path / "store" / "current").read_text() == "2\n"
    assert second.path == tmp_path / "store" / "versions" / "000002.duckdb"
    assert "energy" in themes(second.path) and "energy" not in themes(first.path)
    record = json.loads(second.path.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["tables"]["theme"] == 3 and record["tables"]["partner"] == 5
    assert record["info"]["source"] == "seed" and record["info"]["note"] == "energy added"
    assert set(record["info"]["files"]) == {f"{t}.csv" for t in seed.TABLES}
    assert [v.number for v in data.versions()] == [1, 2]
    assert sorted(p.name for p in (tmp_path / "store" / "tmp").iterdir()) == []


def test_old_database_files_are_pruned_but_their_history_stays(tmp_path: Path, seed_dir: Path) -> None:
    data = store.Store(tmp_path / "store", keep=2)
    for _ in range(4):
        seed.publish(data, seed_dir)
    assert [(v.number, v.available) for v in data.versions()] == [
        (1, False),
        (2, False),
        (3, True),
        (4, True),
    ]
    assert data.versions()[0].tables["partner"] == 5, "the record of a pruned version stays"


def test_a_publish_based_on_an_older_version_is_refused(tmp_path: Path, seed_dir: Path) -> None:
    data = store.Store(tmp_path / "store")
    seed.publish(data, seed_dir)
    seed.publish(data, seed_dir)
    with pytest.raises(Fault) as caught:
        seed.publish(data, seed_dir, base=1)
    assert caught.value.code == "store_conflict"
    assert "(2; the change was made on 1)" in caught.value.what("en")
    assert data.current_number() == 2


def test_a_failed_build_publishes_nothing_and_leaves_nothing(tmp_path: Path, seed_dir: Path) -> None:
    data = store.Store(tmp_path / "store")
    seed.publish(data, seed_dir)
    (seed_dir / "theme.csv").write_text("id,name_en,name_bg\nskills,Skills,\n", encoding="utf-8")
    with pytest.raises(seed.SeedError):
        seed.publish(data, seed_dir)

    def foreign(path: Path) -> None:
        con = duckdb.connect(str(path))
        con.execute("CREATE TABLE other (a INTEGER)")
        con.close()

    with pytest.raises(Fault) as caught:
        data.publish(foreign)
    assert caught.value.code == "store_invalid_build"
    assert data.current_number() == 1
    assert [p.name for p in (tmp_path / "store" / "tmp").iterdir()] == []
    assert sorted(p.name for p in (tmp_path / "store" / "versions").iterdir()) == [
        "000001.duckdb",
        "000001.json",
    ]


class Crash(BaseException):
    """Stands for the process being killed at that point (nothing after it runs, no cleanup of ours)."""


@pytest.mark.parametrize("step", ["build", "rename", "record", "pointer"])
def test_a_crash_at_any_step_leaves_a_complete_version_current(
    tmp_path: Path, seed_dir: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    data = store.Store(tmp_path / "store")
    seed.publish(data, seed_dir)
    add_theme(seed_dir, "energy")
    real_replace = store.os.replace
    calls: list[str] = []

    def replace(src, dst):
        name = Path(dst).name
        calls.append(name)
        if (step, name) in (("rename", "000002.duckdb"), ("record", "000002.json"), ("pointer", "current")):
            raise Crash
        return real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", replace)

    def build(path: Path) -> None:
        seed.build_into(path, seed_dir)
        if step == "build":
            raise Crash

    with pytest.raises(Crash):
        data.publish(build)
    monkeypatch.undo()
    after = store.Store(tmp_path / "store")
    assert after.current_number() == 1
    con = store.open_read_only(after.current().path)  # complete and checked
    con.close()
    assert "energy" not in themes(after.current().path)
    third = seed.publish(after, seed_dir)  # the next publish cleans up and goes on
    assert third.number == 2 and "energy" in themes(third.path)
    assert [p.name for p in (tmp_path / "store" / "tmp").iterdir()] == []


KILLED_PUBLISHER = """
import sys
from pathlib import Path
from lib import seed, store
data = store.Store(Path(sys.argv[1]))
for i in range(1000):
    print("publishing", flush=True)
    seed.publish(data, Path(sys.argv[2]))
"""


def test_kill_9_during_publishes_leaves_a_complete_version(tmp_path: Path, seed_dir: Path) -> None:
    """A real SIGKILL at a seeded random moment of a publish, three times (the steps one by one: above)."""
    root = tmp_path / "store"
    numbers = []
    jitter = random.Random(9)
    for round_ in range(3):
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED_PUBLISHER, str(root), str(seed_dir)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        for _ in range(round_ + 2):  # killed during its 2nd, 3rd, 4th publish
            assert child.stdout.readline() == "publishing\n"
        time.sleep(jitter.uniform(0, 0.5))  # the fault injected: where in the publish it lands
        child.kill()
        child.wait()
        data = store.Store(root)
        current = data.current()
        assert current is not None
        store.open_read_only(current.path).close()
        numbers.append(current.number)
    assert numbers == sorted(numbers) and numbers[-1] >= 3


def test_publishes_queue_behind_one_another(tmp_path: Path, seed_dir: Path) -> None:
    """Two publishers at once: the second builds only after the first has published, on top of it."""
    data = store.Store(tmp_path / "store")
    seed.publish(data, seed_dir)
    first_building = threading.Event()
    let_first_finish = threading.Event()
    seen: list[tuple[str, int | None]] = []

    def slow(path: Path) -> None:
        seen.append(("first builds on", data.current_number()))
        first_building.set()
        let_first_finish.wait(60)
        seed.build_into(path, seed_dir)

    def quick(path: Path) -> None:
        seen.append(("second builds on", data.current_number()))
        seed.build_into(path, seed_dir)

    results: dict[str, int] = {}
    a = threading.Thread(target=lambda: results.update(a=data.publish(slow).number))
    a.start()
    assert first_building.wait(60)
    b = threading.Thread(
        target=lambda: results.update(b=store.Store(tmp_path / "store").publish(quick).number)
    )
    b.start()
    let_first_finish.set()
    a.join(60)
    b.join(60)
    assert results == {"a": 2, "b": 3}
    assert seen == [("first builds on", 1), ("second builds on", 2)]
    assert [v.number for v in data.versions()] == [1, 2, 3]


def test_a_read_only_data_directory_can_be_read_but_not_published_to(tmp_path: Path, seed_dir: Path) -> None:
    root = tmp_path / "store"
    seed.publish(store.Store(root), seed_dir)
    with read_only(root), read_only(root / "versions"):
        data = store.Store(root)
        assert data.current_number() == 1
        store.open_read_only(data.current().path).close()
        with pytest.raises(Fault) as caught:
            seed.publish(data, seed_dir)
    assert caught.value.code == "store_cannot_write"
    assert "Nothing was changed" in caught.value.what("en")
    assert store.Store(root).current_number() == 1


def test_a_damaged_data_directory_is_a_clear_fault(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(Fault) as caught:
        store.Store(tmp_path / "file").current_number()
    assert caught.value.code == "store_not_directory"
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "current").write_text("seven\n")
    with pytest.raises(Fault) as caught:
        store.Store(tmp_path / "s").current_number()
    assert caught.value.code == "store_bad_pointer"


# --- opening a database file: each fault has its code --------------------------------------------------


def make(kind: str, path: Path, good: Path) -> None:
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "directory":
        path.mkdir()
    elif kind == "garbage":
        path.write_bytes(b"hello, this is not a database\n" * 100)
    elif kind == "truncated":
        path.write_bytes(good.read_bytes()[:20_000])
    elif kind == "wrong tables":
        con = duckdb.connect(str(path))
        con.execute("CREATE TABLE partner (id VARCHAR); CREATE TABLE other (a INTEGER)")
        con.close()
    elif kind == "missing":
        pass
    else:
        raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("empty", "db_empty"),
        ("directory", "db_directory"),
        ("garbage", "db_not_duckdb"),
        ("truncated", "db_damaged"),
        ("wrong tables", "db_wrong_tables"),
        ("missing", "db_missing"),
    ],
)
def test_each_broken_database_file_is_a_fault_with_its_code(
    tmp_path: Path, seed_dir: Path, kind: str, code: str
) -> None:
    good = seed.build(tmp_path / "good.duckdb", seed_dir)
    path = tmp_path / "broken.duckdb"
    make(kind, path, good)
    with pytest.raises(Fault) as caught:
        store.open_read_only(path)
    assert caught.value.code == code
    assert "broken.duckdb" in caught.value.what("en") and "broken.duckdb" in caught.value.what("bg")
    assert str(tmp_path) not in caught.value.what("en") + caught.value.todo("en"), "no full path for visitors"
    assert str(path) in caught.value.details(), "the full path is in the details"


def test_a_database_held_by_another_writer_is_a_fault(tmp_path: Path, seed_dir: Path) -> None:
    path = seed.build(tmp_path / "held.duckdb", seed_dir)
    with held_for_writing(path), pytest.raises(Fault) as caught:
        store.open_read_only(path)
    assert caught.value.code == "db_locked"
    assert "another program holds it open for writing" in caught.value.what("en")
    store.open_read_only(path).close()
