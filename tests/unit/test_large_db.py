"""scripts/make_large_db.py: every table grows in proportion, every added row is sample data, same seed =
same rows, and the database it makes passes the validated seed build."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import duckdb
import pytest

from lib import config, seed

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("make_large_db", ROOT / "scripts" / "make_large_db.py")
make_large_db = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_large_db)


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("large") / "seed"
    counts = make_large_db.make_seed(folder, scale=3)
    return folder, counts


def test_every_table_grows_in_proportion(grown) -> None:
    _, counts = grown
    demo = make_large_db.demo_counts(config.SEED_DIR)
    assert counts == make_large_db.targets(demo, 3)
    for table in ("theme", "programme", "partner", "indicator"):
        assert counts[table] == 3 * demo[table], table
    # the floors of the issue, scaled: 1,000,000 observations at 100x -> 30,000 at 3x
    assert counts["observation"] == 30_000 and counts["membership"] == 1_500 and counts["event"] == 600
    per_event = demo["event_partner"] / demo["event"]
    assert counts["event_partner"] == round(per_event * counts["event"])


def test_added_rows_are_sample_data_and_some_periods_are_quarterly(grown) -> None:
    folder, _ = grown
    sources = {
        r["id"]: r["reliability"] for r in csv.DictReader((folder / "source.csv").open(encoding="utf-8"))
    }
    assert sources[make_large_db.SOURCE] == "illustrative"
    demo_partners = {
        r["id"] for r in csv.DictReader((config.SEED_DIR / "partner.csv").open(encoding="utf-8"))
    }
    added = [
        r
        for r in csv.DictReader((folder / "partner.csv").open(encoding="utf-8"))
        if r["id"] not in demo_partners
    ]
    assert added and {r["source_id"] for r in added} == {make_large_db.SOURCE}
    months = {r["period"][5:7] for r in csv.DictReader((folder / "observation.csv").open(encoding="utf-8"))}
    assert {"01", "04", "07", "10"} <= months


def test_same_seed_same_rows(grown, tmp_path: Path) -> None:
    folder, _ = grown
    again = tmp_path / "seed"
    make_large_db.make_seed(again, scale=3)
    for table in seed.TABLES:
        assert (again / f"{table}.csv").read_bytes() == (folder / f"{table}.csv").read_bytes(), table


def test_the_grown_seed_builds(grown, tmp_path: Path) -> None:
    folder, counts = grown
    db = seed.build(tmp_path / "large.duckdb", folder)
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table in seed.TABLES:
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == counts[table], table
    finally:
        con.close()
