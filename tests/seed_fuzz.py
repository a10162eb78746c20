"""Seeded fuzz of the seed build: random mutations of the real data/seed/, each built onto an existing DB.

For every case: no traceback (only SeedError, which lists problems); every problem names its file, line and
column (a problem of a whole file — missing, a folder, empty — names the file and says so); every message
reads in Bulgarian and English; a refused build leaves the existing database byte-identical and no temporary
file behind; an accepted build has as many rows per table as Python's csv module reads from the files.

    python -m tests.seed_fuzz --cases 1000 --seed 1      # the full run (prints a report)

tests/unit/test_seed_fuzz.py runs a short form of the same on every test run.
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import io
import random
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import duckdb

from lib import config, seed, validate

#: Problems of a whole file: they name the file (and a line where there is one), not a column.
WHOLE_FILE = {"file_missing", "file_not_regular", "file_unreadable", "file_too_large", "file_empty"}

HOSTILE = [
    "x" * 131_073,
    "99999999999",
    "-99999999999",
    "2147483648",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e400",
    "20170607",
    "2017-6-7",
    "2017-02-30",
    "07.06.2017",
    "１２",
    "1_000",
    "0x10",
    "TRUE",
    "yes",
    "",
    " ",
    "=1+1",
    "＝1+1",
    "\u200b=1+1",
    "a\x00b",
    "\x01",
    "\x1b[31mred",
    "\ufeffid",
    "line\u2028break",
    "next\x85line",
    "Legit\n=1+1",
    "carriage\rreturn",
    "crlf\r\nbreak",
    "tab\tcell",
    '"',
    'say "hi"',
    ",",
    "**bold** <b>x</b> $x^2$ :red[y] [link](javascript:alert(1))",
    "9" * 5000,
    "-0",
    "1e-400",
    "😀",
    "\ud7ff\ue000\ufffd",
    "\ufffe",
    "sofia",
    "Sofia",
    "SOFIA",
    "ＳＯＦＩＡ",
    "urban-agenda",
    "coordinator",
    "2099-12-31",
    "1900-01-01",
    "0001-01-01",
    "-91",
    "181",
    "100.0000001",
]


def _tables(seed_dir: Path) -> list[Path]:
    return sorted(seed_dir.glob("*.csv"))


def _write_records(path: Path, rows: list[list[str]], rng: random.Random) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=rng.choice(["\n", "\r\n"]))
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def _records(path: Path) -> list[list[str]] | None:
    try:
        return [cells for _line, cells in validate.parse_csv(path.read_text(encoding="utf-8-sig"))]
    except (OSError, UnicodeDecodeError, validate.CsvSyntaxError):
        return None


def m_cell(rng: random.Random, seed_dir: Path) -> str:
    """One cell of a data row becomes a hostile value (written as proper CSV)."""
    path = rng.choice(_tables(seed_dir))
    rows = _records(path)
    if not rows or len(rows) < 2:
        return "cell: nothing to change"
    r = rng.randrange(1, len(rows))
    c = rng.randrange(len(rows[r]))
    choice = rng.random()
    if choice < 0.6:
        value = rng.choice(HOSTILE)
    elif choice < 0.75:  # a value from the same column of another row (duplicates, swaps)
        other = rows[rng.randrange(1, len(rows))]
        value = other[c] if c < len(other) else ""
    elif choice < 0.9:  # the same text in other letter case
        value = rows[r][c].swapcase()
    else:
        value = "".join(chr(rng.choice([rng.randint(0, 0x7F), rng.randint(0x80, 0x3000)])) for _ in range(8))
    rows[r][c] = value
    _write_records(path, rows, rng)
    return f"cell: {path.name} row {r} col {c} = {value[:30]!r}"


def m_raw(rng: random.Random, seed_dir: Path) -> str:
    """Bytes inserted, deleted or replaced at a random place."""
    path = rng.choice(_tables(seed_dir))
    data = bytearray(path.read_bytes())
    if not data:
        return "raw: empty"
    at = rng.randrange(len(data))
    kind = rng.choice(["insert", "delete", "replace"])
    piece = rng.choice(
        [b'"', b",", b"\n", b"\r", b"\x00", b"\xff", b"\xc3", b"\xe2\x80\xa8", b'""', b"\xef\xbb\xbf"]
    )
    if kind == "insert":
        data[at:at] = piece
    elif kind == "delete":
        del data[at : at + rng.randint(1, 20)]
    else:
        data[at : at + len(piece)] = piece
    path.write_bytes(bytes(data))
    return f"raw: {kind} {piece!r} at {at} of {path.name}"


def m_lines(rng: random.Random, seed_dir: Path) -> str:
    """Lines duplicated, dropped, swapped; the file cut short."""
    path = rng.choice(_tables(seed_dir))
    lines = path.read_bytes().split(b"\n")
    kind = rng.choice(["duplicate", "drop", "swap", "truncate"])
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    if kind == "duplicate":
        lines.insert(j, lines[i])
    elif kind == "drop":
        del lines[i]
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    else:
        data = b"\n".join(lines)
        path.write_bytes(data[: rng.randrange(len(data) + 1)])
        return f"lines: truncate {path.name}"
    path.write_bytes(b"\n".join(lines))
    return f"lines: {kind} {i} {j} in {path.name}"


def m_header(rng: random.Random, seed_dir: Path) -> str:
    """The header: a column renamed, dropped, doubled, upper-cased, or the columns reordered (allowed)."""
    path = rng.choice(_tables(seed_dir))
    rows = _records(path)
    if not rows:
        return "header: unreadable"
    header = rows[0]
    kind = rng.choice(["rename", "drop", "double", "upper", "reorder"])
    c = rng.randrange(len(header))
    if kind == "rename":
        header[c] = header[c] + "x"
    elif kind == "drop":
        for row in rows:
            if c < len(row):
                del row[c]
    elif kind == "double":
        header.append(header[c])
    elif kind == "upper":
        header[c] = header[c].upper()
    else:
        order = list(range(len(header)))
        rng.shuffle(order)
        rows = [[row[k] for k in order] if len(row) == len(order) else row for row in rows]
    _write_records(path, rows, rng)
    return f"header: {kind} {c} in {path.name}"


def m_encoding(rng: random.Random, seed_dir: Path) -> str:
    """The whole file re-encoded or given other line ends: BOM, CRLF, CR only, cp1251, UTF-16."""
    path = rng.choice(_tables(seed_dir))
    text = path.read_text(encoding="utf-8")
    kind = rng.choice(["bom", "crlf", "cr", "cp1251", "utf16"])
    if kind == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    elif kind == "crlf":
        path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    elif kind == "cr":
        path.write_bytes(text.replace("\n", "\r").encode("utf-8"))
    elif kind == "cp1251":
        path.write_bytes(text.encode("cp1251", errors="replace"))
    else:
        path.write_bytes(text.encode("utf-16"))
    return f"encoding: {kind} {path.name}"


def m_file(rng: random.Random, seed_dir: Path) -> str:
    """The file itself: emptied, deleted, a folder, a dangling link."""
    path = rng.choice(_tables(seed_dir))
    kind = rng.choice(["empty", "delete", "directory", "dangling-link", "header-only"])
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "header-only":
        path.write_bytes(path.read_bytes().split(b"\n")[0] + b"\n")
    else:
        path.unlink()
        if kind == "directory":
            path.mkdir()
        elif kind == "dangling-link":
            path.symlink_to(seed_dir / "no-such-file.csv")
    return f"file: {kind} {path.name}"


MUTATORS: list[tuple[float, Callable[[random.Random, Path], str]]] = [
    (0.45, m_cell),
    (0.2, m_raw),
    (0.1, m_lines),
    (0.1, m_header),
    (0.08, m_encoding),
    (0.07, m_file),
]


@dataclass
class Report:
    cases: int = 0
    refused: int = 0
    accepted: int = 0
    tracebacks: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # problems without file, line or column
    whole_file: int = 0
    changed_db: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    wrong_counts: list[str] = field(default_factory=list)
    codes: collections.Counter[str] = field(default_factory=collections.Counter)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (
            self.tracebacks or self.unplaced or self.changed_db or self.leftovers or self.wrong_counts
        )

    def text(self) -> str:
        lines = [
            f"cases {self.cases}: refused {self.refused}, accepted {self.accepted}, in {self.seconds:.1f} s",
            f"tracebacks {len(self.tracebacks)}; problems without file/line/column {len(self.unplaced)}; "
            f"whole-file problems {self.whole_file}; existing database changed {len(self.changed_db)}; "
            f"temporary files left {len(self.leftovers)}; "
            f"accepted with wrong row counts {len(self.wrong_counts)}",
            "problem codes: " + ", ".join(f"{c} {n}" for c, n in self.codes.most_common()),
        ]
        for label, items in (
            ("traceback", self.tracebacks),
            ("unplaced", self.unplaced),
            ("changed", self.changed_db),
            ("leftover", self.leftovers),
            ("counts", self.wrong_counts),
        ):
            lines += [f"{label}: {item}" for item in items[:5]]
        return "\n".join(lines)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _oracle_counts(seed_dir: Path) -> dict[str, int]:
    """Rows per table as Python's csv module reads the files (non-blank records after the header)."""
    counts = {}
    for table in validate.TABLES:
        with (seed_dir / f"{table}.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        counts[table] = sum(1 for row in rows[1:] if any(c.strip() for c in row))
    return counts


def run(cases: int, seed_value: int = 1, source: Path | None = None) -> Report:
    """Run `cases` seeded cases; case i uses random.Random(f"{seed_value}:{i}"), so any case can be re-run.

    The cases run in memory (/dev/shm where there is one): a build syncs its file to disk, which on a busy
    disk costs more than the build itself and tests nothing here.
    """
    source = source or config.SEED_DIR
    report = Report()
    started = time.perf_counter()
    memory = Path("/dev/shm")
    with tempfile.TemporaryDirectory(prefix="seed-fuzz-", dir=memory if memory.is_dir() else None) as tmp:
        work = Path(tmp)
        base = seed.build(work / "base.duckdb", source)
        base_digest = _digest(base)
        for i in range(cases):
            rng = random.Random(f"{seed_value}:{i}")
            case_dir = work / f"case-{i}"
            seed_dir = case_dir / "seed"
            data_dir = case_dir / "data"
            shutil.copytree(source, seed_dir)
            data_dir.mkdir()
            db = data_dir / "partnerships.duckdb"
            shutil.copyfile(base, db)
            weights, mutators = zip(*MUTATORS, strict=True)
            steps = [
                rng.choices(mutators, weights)[0](rng, seed_dir) for _ in range(rng.choice([1, 1, 1, 2, 3]))
            ]
            label = f"case {i} ({'; '.join(steps)})"
            report.cases += 1
            try:
                seed.build(db, seed_dir)
            except seed.SeedError as exc:
                report.refused += 1
                for problem in exc.problems:
                    report.codes[problem.code] += 1
                    problem.text("bg"), problem.text("en")  # both languages render
                    if problem.code in WHOLE_FILE:
                        report.whole_file += 1
                        placed = bool(problem.file)
                    else:
                        placed = (
                            bool(problem.file) and problem.line is not None and problem.column is not None
                        )
                    if not placed:
                        report.unplaced.append(f"{label}: {problem}")
                if _digest(db) != base_digest:
                    report.changed_db.append(label)
            except Exception:  # noqa: BLE001 - any other exception is what this fuzz looks for
                report.tracebacks.append(f"{label}:\n{traceback.format_exc()}")
            else:
                report.accepted += 1
                expected = _oracle_counts(seed_dir)
                con = duckdb.connect(str(db), read_only=True)
                try:
                    found = {
                        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in validate.TABLES
                    }
                finally:
                    con.close()
                if found != expected:
                    report.wrong_counts.append(f"{label}: {found} != {expected}")
            extra = sorted(p.name for p in data_dir.iterdir() if p.name != "partnerships.duckdb")
            if extra:
                report.leftovers.append(f"{label}: {extra}")
            shutil.rmtree(case_dir)
    report.seconds = time.perf_counter() - started
    return report


class Outcome(Protocol):
    """What a fuzzer's run returns: whether every case passed, and the report to print."""

    @property
    def ok(self) -> bool: ...

    def text(self) -> str: ...


def cli(doc: str, fuzz: Callable[[int, int], Outcome]) -> int:
    """The fuzzers' command line (this one and tests/import_fuzz.py): --cases, --seed; prints the report and
    exits 1 when a case failed."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    report = fuzz(args.cases, args.seed)
    print(report.text())
    return 0 if report.ok else 1


def main() -> int:
    return cli(__doc__ or "", run)


if __name__ == "__main__":
    raise SystemExit(main())
