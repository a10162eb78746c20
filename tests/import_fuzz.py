"""Seeded fuzz of the importer: generated broken office files, each read and checked as the Import page does.

Every case writes one upload (sometimes two) from a random table of the demo data, as an office program
would (UTF-8 with or without BOM, UTF-16, Windows-1251; `,` `;` or tab; headers as schema names or as the
templates' labels in either language; decimal commas and dd.mm.yyyy dates; now and then a workbook), then
breaks it 1-3 ways: wrong encodings, garbage bytes, missing and extra columns, bad numbers and dates,
duplicate ids, dangling references, huge fields, truncated or fake workbooks, a table given twice.

For every case: no exception escapes `importer.read_uploads` + `changes.prepare` (an editor's check);
every problem names its file, and its row and column unless it is about the whole file (then the file
or sheet); every message reads in Bulgarian and English; the store's current version, its file and the
list of versions are unchanged (a check writes nothing).

    python -m tests.import_fuzz --cases 1000 --seed 1      # the full run (prints a report)

tests/unit/test_import_fuzz.py runs a short form on every test run.
"""

from __future__ import annotations

import collections
import csv
import hashlib
import io
import random
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lib import auth, changes, config, dataset, importer, seed, validate
from lib.accounts import Accounts
from lib.importer import Upload
from lib.store import Store
from tests import seed_fuzz

#: Problems about a whole file or sheet: they name it, not a row.
WHOLE_FILE = {
    "file_too_large",
    "file_empty",
    "unknown_table",
    "unknown_sheet",
    "duplicate_table",
    "workbook_unreadable",
    "no_tables",
}
BAD_CELLS = [
    "x" * 20_000,
    "12,5,3",
    "1.234,5",
    "abc",
    "31.02.2026",
    "2026-13-01",
    "1/2/2026",
    "99999999999",
    "nan",
    "=1+1",
    "a\x00b",
    "\x1b[31m",
    "line\nbreak",
    "😀",
    "",
    " ",
    "no-such-id",
    "Sofia",
    "SOFIA",
    "true?",
    "-0,0",
    "1e400",
    "<b>x</b> [l](javascript:alert(1))",
]


@dataclass
class Report:
    cases: int = 0
    refused: int = 0
    accepted: int = 0
    failures: list[str] = field(default_factory=list)
    codes: collections.Counter[str] = field(default_factory=collections.Counter)
    mutations: collections.Counter[str] = field(default_factory=collections.Counter)
    seconds: float = 0.0
    cpu: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    def text(self) -> str:
        lines = [
            f"cases {self.cases}: refused {self.refused}, accepted {self.accepted}, "
            f"failures {len(self.failures)}",
            f"wall {self.seconds:.1f} s, CPU {self.cpu:.1f} s",
            "mutations: " + ", ".join(f"{k} {v}" for k, v in self.mutations.most_common()),
            "codes: " + ", ".join(f"{k} {v}" for k, v in self.codes.most_common()),
        ]
        return "\n".join(lines + self.failures[:20])


def _header(table: str, rng: random.Random) -> list[str]:
    style = rng.choice(["schema", "bg", "en"])
    names = dataset.columns(table)
    return names if style == "schema" else [importer.column_label(c, style) for c in names]


def _cells(table: str, rows: list[dataset.Row], comma: bool, dmy: bool) -> list[list[str]]:
    out = []
    for row in rows:
        cells = []
        for column in dataset.columns(table):
            text = dataset.cell_text(row.get(column))
            if comma and isinstance(row.get(column), float):
                text = text.replace(".", ",")
            if dmy and len(text) == 10 and text[4] == "-" and text[7] == "-":
                text = f"{text[8:]}.{text[5:7]}.{text[:4]}"
            cells.append(text)
        out.append(cells)
    return out


def _mutate(table: str, records: list[list[str]], rng: random.Random) -> str:
    """Break the records in place (header first); returns the mutation's name."""
    kind = rng.choice(
        ["cell", "cell", "column_missing", "column_extra", "duplicate", "dangling", "huge", "short"]
    )
    body = records[1:]
    row = rng.choice(body) if body else []
    if kind == "cell" and row:
        row[rng.randrange(len(row))] = rng.choice(BAD_CELLS)
    elif kind == "column_missing" and records[0]:
        index = rng.randrange(len(records[0]))
        for cells in records:
            del cells[index : index + 1]
    elif kind == "column_extra":
        records[0].append(rng.choice(["Бележка 2", "extra", "", "id"]))
        for cells in body:
            cells.append(rng.choice(["x", ""]))
    elif kind == "duplicate" and row:
        records.append(list(row))
    elif kind == "dangling" and row and validate.references(table):
        column = dataset.columns(table).index(rng.choice(list(validate.references(table))))
        if column < len(row):
            row[column] = rng.choice(["no-such-id", "Oulu", "oulu ", "ОУЛУ"])
    elif kind == "huge" and row:
        row[rng.randrange(len(row))] = "x" * rng.choice([10_001, 200_000])
    elif kind == "short" and row:
        del row[rng.randrange(len(row)) :]
    return kind


def _encode(text: str, rng: random.Random) -> tuple[bytes, str]:
    encoding = rng.choice(["utf-8", "utf-8-sig", "cp1251", "utf-16"])
    return text.encode(encoding, errors="replace"), encoding


def _byte_damage(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    kind = rng.choice(["mixed", "x98", "garbage", "truncate", "nul", "bom_lie"])
    if kind == "mixed":
        return data + "\nsofia,Пловдив".encode("cp1251") + "Пловдив".encode(), kind
    if kind == "x98":
        at = rng.randrange(len(data) + 1)
        return data[:at] + b"\x98" + data[at:], kind
    if kind == "garbage":
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000))), kind
    if kind == "truncate":
        return data[: rng.randrange(len(data) + 1)], kind
    if kind == "nul":
        return data.replace(b",", b"\x00", 3), kind
    return b"\xff\xfe" + data, kind  # a UTF-16 byte-order mark before bytes that are not UTF-16


def make_case(rng: random.Random, data: dataset.Dataset) -> tuple[list[Upload], str | None, list[str]]:
    """One case: the uploads, the table chosen on the page (or None) and the mutations applied."""
    table = rng.choice(validate.TABLES)
    rows = rng.sample(data[table], min(len(data[table]), rng.randint(0, 12)))
    comma, dmy = rng.random() < 0.5, rng.random() < 0.5
    records = [_header(table, rng), *_cells(table, rows, comma, dmy)]
    done = [_mutate(table, records, rng) for _ in range(rng.randint(1, 3))]
    chosen = table if rng.random() < 0.3 else None
    name = rng.choice([f"{table}.csv", f"{importer.table_label(table, 'bg')}.csv", "export.csv", "данни.txt"])
    if rng.random() < 0.2:
        book = Workbook()
        sheet = book.active
        sheet.title = rng.choice([table, importer.table_label(table, "en"), "Sheet1"])
        for record in records:  # a workbook cannot hold control characters: Excel would not write them
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("?", c) for c in record])
        buffer = io.BytesIO()
        book.save(buffer)
        payload = buffer.getvalue()
        if rng.random() < 0.3:
            payload, damage = _byte_damage(payload, rng)
            done.append(f"xlsx_{damage}")
        uploads = [Upload(name.rsplit(".", 1)[0] + ".xlsx", payload)]
        done.append("workbook")
    else:
        delimiter = ";" if comma else rng.choice([",", ";", "\t"])
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator=rng.choice(["\n", "\r\n"])).writerows(records)
        payload, encoding = _encode(out.getvalue(), rng)
        done.append(f"enc_{encoding}")
        if rng.random() < 0.3:
            payload, damage = _byte_damage(payload, rng)
            done.append(f"bytes_{damage}")
        uploads = [Upload(name, payload)]
    if rng.random() < 0.05:
        uploads.append(uploads[0])
        done.append("twice")
    return uploads, chosen, done


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_problem(problem: validate.Problem) -> str | None:
    if not problem.file:
        return "no file"
    if problem.code not in WHOLE_FILE and (problem.line is None or problem.column is None):
        if problem.line is None and problem.file in {changes.current_label(t) for t in validate.TABLES}:
            return None  # a row already in the data (replace mode): named by its table
        return "no row or column"
    for lang in config.LANGUAGES:
        if not problem.text(lang):
            return f"no text in {lang}"
    return None


def run(cases: int, seed_value: int = 1) -> Report:
    report = Report()
    started, cpu = time.monotonic(), time.process_time()
    memory = "/dev/shm" if Path("/dev/shm").is_dir() else None  # a publish fsyncs: the busy disk is slow
    with tempfile.TemporaryDirectory(prefix="import-fuzz-", dir=memory) as tmp:
        store = Store(Path(tmp) / "store")
        seed.publish(store, config.SEED_DIR)
        accounts = Accounts(Path(tmp) / "signin", rounds=4)
        accounts.add("fuzz", "fuzz password")
        editor = auth.local_identity("fuzz", accounts)
        current = store.current()
        assert current is not None
        before = (store.current_number(), _digest(current.path), len(store.versions()))
        data = changes.version_rows(current)
        rng = random.Random(seed_value)
        for case in range(cases):
            uploads, chosen, done = make_case(rng, data)
            report.mutations.update(done)
            mode = "replace" if rng.random() < 0.1 else "merge"
            try:
                read = importer.read_uploads(uploads, chosen)
                prepared = changes.prepare(store, changes.from_uploads(read, mode), editor, accounts)
            except Exception:  # noqa: BLE001 - the point: nothing may escape
                report.failures.append(f"case {case} {done}: {traceback.format_exc(limit=4)}")
                continue
            report.cases += 1
            if prepared.problems:
                report.refused += 1
            else:
                report.accepted += 1
            for problem in prepared.problems:
                report.codes[problem.code] += 1
                wrong = _check_problem(problem)
                if wrong:
                    report.failures.append(f"case {case} {done}: {wrong}: {problem!r}"[:400])
            after = (store.current_number(), _digest(current.path), len(store.versions()))
            if after != before:
                report.failures.append(f"case {case} {done}: the store changed")
    report.seconds, report.cpu = time.monotonic() - started, time.process_time() - cpu
    return report


def main() -> int:
    return seed_fuzz.cli(__doc__ or "", run)


if __name__ == "__main__":
    raise SystemExit(main())
