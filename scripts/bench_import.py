"""Benchmark of keeping the data current: the import check and the publish, for one table and for the whole
data, at demo size and at large size; and a viewer's page rerun while a publish runs.

Run: .venv/bin/python scripts/bench_import.py [--large PATH] [--repeat 3]

`--large` is a database made by scripts/make_large_db.py (default: /tmp/partnerships-large.duckdb, built
when missing: every table grown 100 times, 1,000,000 indicator observations among them). Each data size
becomes version 1 of a temporary data directory in /dev/shm; the data is exported as the History page does
(a workbook and a ZIP of CSV files) and imported back as an editor would: "check" is importer.read_uploads +
changes.prepare (read, validate every table, compare with the current version); "publish" is changes.publish
(build, check and switch to the new version). The import changes one partner's name, so the preview is not
empty. Medians of `--repeat` runs, wall time and this process's CPU time.

The viewer: the Overview page run headless (AppTest, as in tests/apptest) on the same data directory,
reran repeatedly while publishes run in a thread of the same process (as an editor's click does in the
server): median rerun time with and without a publish in progress.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib import auth, changes, config, dataset, importer, seed  # noqa: E402
from lib.accounts import Accounts  # noqa: E402
from lib.importer import Upload  # noqa: E402
from lib.store import Store  # noqa: E402


def timed(work) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def median(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f}"


def uploads_of(rows: dataset.Dataset, which: str) -> list[Upload]:
    """The data as an editor would upload it: one table as CSV, or every table in one workbook."""
    if which == "partner.csv":
        return [Upload("partner.csv", dataset.csv_text("partner", rows["partner"]).encode("utf-8"))]
    return [Upload("partnerships.xlsx", dataset.to_workbook(rows))]


def edited(rows: dataset.Dataset) -> dataset.Dataset:
    partners = [dict(r) for r in rows["partner"]]
    partners[0]["name_bg"] = f"{partners[0]['name_bg']} (бенчмарк {time.monotonic_ns()})"
    return {**rows, "partner": partners}


def bench_size(label: str, source: Path, repeat: int, tmp: Path) -> None:
    store = Store(tmp / label / "store", keep=3)
    store.publish(lambda p: shutil.copyfile(source, p), {"source": "benchmark"})
    accounts = Accounts(tmp / label / "signin", rounds=4)
    accounts.add("bench", "bench password")
    editor = auth.local_identity("bench", accounts)
    current = store.current()
    assert current is not None and editor is not None
    rows = changes.version_rows(current)
    size = sum(len(v) for v in rows.values())
    for which in ("partner.csv", "partnerships.xlsx"):
        checks, publishes = [], []
        for _ in range(repeat):
            files = uploads_of(edited(changes.version_rows(store.current())), which)
            prepared, wall, cpu = timed(
                lambda f=files: changes.prepare(
                    store, changes.from_uploads(importer.read_uploads(f)), editor, accounts
                )
            )
            assert prepared.ok, prepared.problems[:3]
            checks.append((wall, cpu))
            _, wall, cpu = timed(lambda p=prepared: changes.publish(store, p, editor, "benchmark", accounts))
            publishes.append((wall, cpu))
        print(
            f"{label:6} {size:7,} rows  {which:18} check {median([w for w, _ in checks])} s "
            f"(CPU {median([c for _, c in checks])})  publish {median([w for w, _ in publishes])} s "
            f"(CPU {median([c for _, c in publishes])})"
        )


def bench_viewer(source: Path, tmp: Path, runs: int = 6) -> None:
    from streamlit.testing.v1 import AppTest

    folder = tmp / "viewer"
    store = Store(folder / "store", keep=3)
    store.publish(lambda p: shutil.copyfile(source, p), {"source": "benchmark"})
    accounts = Accounts(folder / "signin", rounds=4)
    accounts.add("bench", "bench password")
    editor = auth.local_identity("bench", accounts)
    os.environ.pop("PARTNERSHIPS_DB", None)
    os.environ["PARTNERSHIPS_DATA_DIR"] = str(folder / "store")
    os.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params["lang"] = "en"
    at.run()

    def rerun_times(n: int) -> list[float]:
        out = []
        for _ in range(n):
            start = time.perf_counter()
            at.run()
            assert not at.exception, [e.value for e in at.exception]
            out.append(time.perf_counter() - start)
        return out

    quiet = rerun_times(runs)
    stop = threading.Event()
    published = []

    def publisher() -> None:
        while not stop.is_set():
            files = uploads_of(edited(changes.version_rows(store.current())), "partnerships.xlsx")
            prepared = changes.prepare(
                store, changes.from_uploads(importer.read_uploads(files)), editor, accounts
            )
            published.append(changes.publish(store, prepared, editor, "benchmark", accounts).number)

    thread = threading.Thread(target=publisher)
    thread.start()
    busy = rerun_times(runs)
    stop.set()
    thread.join()
    print(
        f"viewer: Overview rerun median {median(quiet)} s alone, {median(busy)} s during publishes "
        f"({len(published)} publishes of the whole data meanwhile); max {max(busy):.2f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--large", type=Path, default=Path(tempfile.gettempdir()) / "partnerships-large.duckdb"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.large.exists():
        subprocess.run(
            [sys.executable, "scripts/make_large_db.py", "--out", str(args.large)], cwd=ROOT, check=True
        )
    tmp = Path(
        tempfile.mkdtemp(prefix="bench-import-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None)
    )
    try:
        demo = seed.build(tmp / "demo.duckdb", config.SEED_DIR)
        print(f"load average {os.getloadavg()[0]:.1f}; medians of {args.repeat}")
        bench_size("demo", demo, args.repeat, tmp)
        bench_size("large", args.large, args.repeat, tmp)
        bench_viewer(demo, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
