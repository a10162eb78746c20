"""kill -9 during publishes: after every kill the data directory opens as a complete version, old or new, and
its history says which.

Run: .venv/bin/python scripts/kill_publishes.py [--kills 100] [--seed 1] [--dir /dev/shm/...]

A child process publishes editors' changes one after another exactly as the Import page does
(changes.prepare + changes.publish: each adds one partner), printing a line as each publish starts; the
parent kills it with SIGKILL at a seeded random moment of a publish, then "restarts": opens the current
version as the app does (lib/store.open_read_only: every table and column of lib/schema.sql) and checks that
its partner count is the one its record in the history states, that the record of the current version is
the newest record at or below it, and that the count of test partners equals the number of changes the
version says were published. It prints how often the kill left the old version and how often the new one.
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib import changes, config, seed  # noqa: E402
from lib.accounts import Accounts  # noqa: E402
from lib.store import Store, open_read_only  # noqa: E402

CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from lib import auth, changes, quick_edits
from lib.accounts import Accounts
from lib.store import Store
store, accounts = Store(Path(sys.argv[1]), keep=5), Accounts(Path(sys.argv[2]))
editor = auth.local_identity("editor", accounts)
while True:
    n = store.current_number() or 0
    values = {"id": f"kill-test-{n + 1}", "type": "city", "name_en": f"Test {n + 1}",
              "name_bg": f"Тест {n + 1}", "country_code": "BG", "lat": 42.7, "lon": 23.3,
              "source_id": "general-knowledge"}
    prepared = changes.prepare(store, quick_edits.partner_change(values), editor, accounts)
    print("publishing", n + 1, flush=True)
    changes.publish(store, prepared, editor, f"change {n + 1}", accounts)
"""


def check(store: Store) -> tuple[int, str]:
    """The current version after a restart, or an AssertionError saying what is wrong."""
    current = store.current()
    assert current is not None, "no current version"
    con = open_read_only(current.path)  # raises a Fault when the file is not a complete database
    try:
        partners = con.execute("SELECT count(*) FROM partner").fetchone()
        tests = con.execute("SELECT count(*) FROM partner WHERE id LIKE 'kill-test-%'").fetchone()
    finally:
        con.close()
    assert partners is not None and tests is not None
    assert partners[0] == current.tables["partner"], "the record's count differs from the file's"
    assert tests[0] == current.number - 1, "every published change is in, none twice"
    older = [v.number for v in store.versions() if v.number <= current.number]
    assert older[-1] == current.number, (
        "the history's newest record at or below the pointer is the current one"
    )
    return current.number, str(current.info.get("note") or current.info.get("source") or "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None, help="where the temp data goes")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="kill-publishes-", dir=args.dir))
    store_dir, accounts_dir = base / "store", base / "signin"
    Accounts(accounts_dir, rounds=4).add("editor", "kill test password")
    seed.publish(Store(store_dir, keep=5), config.SEED_DIR)
    rng = random.Random(args.seed)
    outcomes = {"old": 0, "new": 0}
    started = time.monotonic()
    for kill in range(args.kills):
        before = Store(store_dir).current_number()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(store_dir), str(accounts_dir), str(ROOT)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("publishing"), f"the publisher did not start: {line!r}"
        time.sleep(rng.uniform(0, 2.5))  # where in the publish (0.5-2 s here, on a busy machine) it lands
        child.send_signal(signal.SIGKILL)
        child.wait()
        number, note = check(Store(store_dir))
        which = "new" if number != before else "old"
        outcomes[which] += 1
        print(f"kill {kill + 1}: version {before} -> {number} ({which}: {note})")
    records = changes.history_records(Store(store_dir))
    print(
        f"{args.kills} kills in {time.monotonic() - started:.0f} s: the old version {outcomes['old']} times, "
        f"the new one {outcomes['new']} times; every time a complete version; {len(records)} records"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
