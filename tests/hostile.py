"""A copy of the demo seed whose every free-text field starts with Markdown, HTML, KaTeX and link payloads.

Used by the hostile-content tests: every page must show these as the literal characters they are.
Each payload carries a marker (ZQB, ZQR, ...) and must appear on the page *with* its punctuation; a
marker without it means the payload was rendered as formatting.
"""

from __future__ import annotations

import csv
from pathlib import Path

from lib import seed, validate

#: marker -> the literal text that must surround it wherever it is shown
TOKENS = {
    "ZQB": "**ZQB**",
    "ZQR": ":red[ZQR]",
    "ZQK": "$ZQK$",
    "ZQH": "<b>ZQH</b>",
    "ZQL": "[ZQL](http://127.0.0.1:9/login)",
}
PAYLOAD = " ".join(TOKENS.values()) + " "
#: Columns that hold a code rather than free text: kept as they are so the seed still validates.
KEEP = {"country_code", "unit", "url", "source_id", "status_source_id"}


def text_columns() -> dict[str, list[str]]:
    """table -> its free-text columns (VARCHAR, not a key, a reference, an enum or a code)."""
    schema = validate.schema()
    columns, keys = schema.columns, schema.keys
    references = {col for (table, col) in seed.REFERENCES} | {"source_id"}
    out: dict[str, list[str]] = {}
    for table in seed.TABLES:
        out[table] = [
            c.name
            for c in columns[table]
            if c.type == "VARCHAR"
            and c.name not in keys.get(table, ())
            and c.name not in references
            and (table, c.name) not in seed.ENUMS
            and c.name not in KEEP
            and c.name != "id"
        ]
    return out


def make_seed(source: Path, target: Path) -> Path:
    """Write the hostile copy of the seed in `source` into `target` (a folder); returns it."""
    target.mkdir(parents=True, exist_ok=True)
    for table, cols in text_columns().items():
        with (source / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
            header = list(rows[0]) if rows else []
        for row in rows:
            for col in cols:
                if row.get(col):
                    row[col] = PAYLOAD + row[col]
        with (target / f"{table}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
    return target
