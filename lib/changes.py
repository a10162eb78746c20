"""Changing the data: check a change, preview it, publish it as a new version, restore an old one.
No streamlit.

A `Change` is what an editor asks for — rows of some tables from an upload or a form, each table either
merged (rows added, rows with the same key replaced, listed keys removed) or replaced whole. It goes:

1. `prepare(store, change, who)`: applied to the current version's rows, then checked by the seed's own
   validator (lib/validate.check: keys, references, allowed values, ranges, date order — together with
   the problems `read_rows` found in the files), and compared with the current rows per table: added,
   changed (old -> new per column), removed. Nothing is written.
2. `publish(store, prepared, who, note)`: builds the new database as a new version of the store (all or
   nothing: lib/store.py). With the publish lock held it looks again at the current version: when another
   editor published meanwhile, the change is applied on top of theirs and checked again — unless it
   touches a row they changed, which is a conflict (`Fault("edit_conflict")`, nothing published). So two
   editors publishing at once are both recorded, in order, and neither change is lost.
3. `restore(store, number, who, note)`: an earlier version's data published as a new version.

Every one of these calls `auth.require_editor(who)` first: the server checks the role for every
data-changing action, whatever the page showed. The version's record (`Version.info`) keeps who, when
(the store adds it), what (the action, the files with their sizes and SHA-256, the tables and the counts
added/changed/removed), the note, the version it was made on, and for a restore the version restored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from lib import auth, dataset, i18n, importer, seed, validate
from lib.accounts import Accounts
from lib.dataset import Dataset, Key, Row
from lib.faults import Fault
from lib.store import Store, Version
from lib.validate import Problem

MODES = ("merge", "replace")


@dataclass(frozen=True)
class TableChange:
    """New rows for one table (typed, each with its "_line" in the file, None from a form). `mode` "merge":
    add them, replace the rows with the same key, and remove the keys in `remove`; "replace": they are the
    whole table."""

    table: str
    rows: tuple[Row, ...]
    mode: str = "merge"
    remove: tuple[Key, ...] = ()
    file: str = ""
    sheet: str | None = None
    unparsed: frozenset[str] = frozenset()  # ids whose own cell had a problem (see validate.Table)
    headers: Mapping[str, str] = field(default_factory=dict)  # the file's header text (validate.Table)

    def __post_init__(self) -> None:
        if self.mode not in MODES or self.table not in validate.TABLES:
            raise ValueError(f"{self.table}: {self.mode}")


@dataclass(frozen=True)
class Change:
    """What an editor asks to publish: `action` ("import", "edit-partner", ...), the tables it changes,
    the problems found while reading it (files, forms), and the files it came from."""

    action: str
    tables: tuple[TableChange, ...]
    problems: tuple[Problem, ...] = ()
    files: tuple[Mapping[str, object], ...] = ()


@dataclass
class TableDiff:
    """What a change does to one table."""

    table: str
    added: list[Row] = field(default_factory=list)
    changed: list[tuple[Key, list[tuple[str, object, object]]]] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "changed": len(self.changed), "removed": len(self.removed)}

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


@dataclass
class Prepared:
    """A checked change: the version it was checked against, every problem, what it changes, and (when it
    has no problem) the complete new data."""

    change: Change
    base: int | None
    problems: list[Problem]
    diffs: dict[str, TableDiff]
    new: Dataset | None
    touched: dict[str, dict[Key, Row | None]]  # the base's row of every key the change writes or removes

    @property
    def ok(self) -> bool:
        return not self.problems and self.new is not None

    @property
    def empty(self) -> bool:
        return all(d.empty for d in self.diffs.values())

    def counts(self) -> dict[str, dict[str, int]]:
        return {t: d.counts() for t, d in self.diffs.items() if not d.empty}


class Rejected(Exception):
    """The change does not pass the checks (again, on top of a version published meanwhile)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


# --- the current data ----------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _read(path: str, stamp: tuple[int, int]) -> Dataset:
    return dataset.read(Path(path))


def version_rows(version: Version) -> Dataset:
    """The rows of a published version (cached: published files never change). Do not modify them."""
    info = version.path.stat()
    return _read(str(version.path), (info.st_ino, info.st_mtime_ns))


def _current(store: Store) -> tuple[int | None, Dataset]:
    version = store.current()
    if version is None:
        return None, {t: [] for t in validate.TABLES}
    return version.number, version_rows(version)


def current_label(table: str, lang: str | None = None) -> str:
    """How problems name rows that are already in the data (they have no line in any file)."""
    return i18n.t("data.current_rows", lang, table=importer.table_label(table, lang))


# --- applying and comparing ----------------------------------------------------------------------------


def apply(current: Dataset, change: Change, lang: str | None = None) -> dict[str, validate.Table]:
    """The validator's tables after the change: current rows, with each changed table merged or replaced."""
    tables = dataset.as_tables(current, {t: current_label(t, lang) for t in validate.TABLES})
    for name, table in tables.items():  # problems name the columns of rows already in the data by label
        table.headers = {c: importer.column_label(c, lang) for c in dataset.columns(name)}
    for edit in change.tables:
        if edit.mode == "replace":
            rows = list(edit.rows)
        else:
            keys = {dataset.key_of(edit.table, r) for r in edit.rows} | set(edit.remove)
            kept = [r for r in tables[edit.table].rows if dataset.key_of(edit.table, r) not in keys]
            rows = kept + list(edit.rows)
        tables[edit.table] = validate.Table(
            edit.table,
            edit.file or current_label(edit.table, lang),
            rows,
            edit.sheet,
            True,
            set(edit.unparsed),
            dict(edit.headers),
        )
    return tables


def touched(current: Dataset, change: Change) -> dict[str, dict[Key, Row | None]]:
    """For every key a change writes or removes, the current row (None: there is none)."""
    out: dict[str, dict[Key, Row | None]] = {}
    for edit in change.tables:
        by_key = {dataset.key_of(edit.table, r): r for r in current.get(edit.table, [])}
        if edit.mode == "replace":
            keys = set(by_key) | {dataset.key_of(edit.table, r) for r in edit.rows}
        else:
            keys = {dataset.key_of(edit.table, r) for r in edit.rows} | set(edit.remove)
        out.setdefault(edit.table, {}).update({k: by_key.get(k) for k in keys})
    return out


def diff_table(table: str, old: Sequence[Row], new: Sequence[Row]) -> TableDiff:
    columns = dataset.columns(table)
    before = {dataset.key_of(table, r): r for r in old}
    after = {dataset.key_of(table, r): r for r in new}
    out = TableDiff(table)
    for key, row in after.items():
        was = before.get(key)
        if was is None:
            out.added.append(row)
            continue
        changes = [(c, was.get(c), row.get(c)) for c in columns if was.get(c) != row.get(c)]
        if changes:
            out.changed.append((key, changes))
    out.removed = [row for key, row in before.items() if key not in after]
    return out


def _check(current: Dataset, change: Change, lang: str | None) -> tuple[list[Problem], Dataset | None]:
    problems = list(change.problems)
    tables = apply(current, change, lang)
    validate.check(tables, problems)
    if problems:
        return problems, None
    return [], dataset.from_tables(tables)


def prepare(
    store: Store, change: Change, who: auth.Identity | None, accounts: Accounts | None = None
) -> Prepared:
    """Check a change against the current version and say what it would change (see the module's
    docstring). Only an editor may; nothing is written."""
    auth.require_editor(who, accounts)
    base, current = _current(store)
    problems, new = _check(current, change, None)
    diffs: dict[str, TableDiff] = {}
    if new is not None:
        for table in dict.fromkeys(e.table for e in change.tables):
            diffs[table] = diff_table(table, current[table], new[table])
    return Prepared(change, base, problems, diffs, new, touched(current, change))


# --- publishing ----------------------------------------------------------------------------------------


def _stamp(info: Mapping[str, object]) -> str:
    return hashlib.sha256(json.dumps(info, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:12]


def write(path: Path, data: Dataset, stamp: str) -> None:
    """A complete database file of `data` at `path` (schema.sql, every table, meta), as the seed build
    writes it."""
    seed.write_database(path, validate.frames(dataset.as_tables(data)), stamp)


def _conflicts(prepared: Prepared, latest: Dataset) -> list[tuple[str, Key]]:
    found = []
    for table, rows in prepared.touched.items():
        now = {dataset.key_of(table, r): r for r in latest.get(table, [])}
        found += [(table, key) for key, was in rows.items() if now.get(key) != was]
    return found


def publish(
    store: Store,
    prepared: Prepared,
    who: auth.Identity | None,
    note: str = "",
    accounts: Accounts | None = None,
) -> Version:
    """Publish a prepared change as a new version (see the module's docstring). Raises Forbidden (not an
    editor), Rejected (it has problems), Fault("edit_conflict") (another editor changed the same rows
    meanwhile) or a store Fault; in each case nothing was published."""
    editor = auth.require_editor(who, accounts)
    if not prepared.ok:
        raise Rejected(prepared.problems)
    info: dict[str, object] = {
        "action": prepared.change.action,
        "by": editor.record(),
        "note": note.strip(),
        "files": [dict(f) for f in prepared.change.files],
        "changes": prepared.counts(),
        "base": prepared.base,
    }

    def build(path: Path) -> None:  # runs with the publish lock held
        latest_number, latest = _current(store)
        data = prepared.new
        if latest_number != prepared.base:
            clashes = _conflicts(prepared, latest)
            if clashes:
                table, key = clashes[0]
                raise Fault(
                    "edit_conflict",
                    store.root,
                    f"{len(clashes)} row(s), first {table} {key}",
                    table=table,
                    row=" / ".join(map(str, key)),
                    version=latest_number or "—",
                )
            problems, data = _check(latest, prepared.change, None)
            if problems or data is None:
                raise Rejected(problems)
            info["made_on"] = latest_number  # published on top of a version published meanwhile
        assert data is not None
        write(path, data, _stamp(info))

    return store.publish(build, info)


def restore(
    store: Store,
    number: int,
    who: auth.Identity | None,
    note: str = "",
    base: int | None = None,
    accounts: Accounts | None = None,
) -> Version:
    """Publish the data of version `number` as a new version (itself recorded). `base`: the version the
    editor saw as current (None: whatever is current)."""
    editor = auth.require_editor(who, accounts)
    source = store.version(number)
    if not source.available:
        raise Fault("version_pruned", store.root, str(source.path), version=number)
    current_number, current = _current(store)
    restored = version_rows(source)
    counts = {}
    for table in validate.TABLES:
        d = diff_table(table, current[table], restored[table])
        if not d.empty:
            counts[table] = d.counts()
    info = {
        "action": "restore",
        "by": editor.record(),
        "note": note.strip(),
        "restored_from": number,
        "files": [],
        "changes": counts,
        "base": current_number,
    }
    return store.publish(lambda path: shutil.copyfile(source.path, path), info, base=base or current_number)


def from_uploads(read: importer.Read, mode: str = "merge") -> Change:
    """The change a set of uploads asks for: each table read, merged into or replacing the current one."""
    tables = tuple(
        TableChange(
            t.name,
            tuple(t.rows),
            mode,
            file=t.file,
            sheet=t.sheet,
            unparsed=frozenset(t.unparsed),
            headers=dict(t.headers),
        )
        for t in read.tables.values()
    )
    return Change("import", tables, tuple(read.problems), tuple(read.files))


# --- rows from forms -----------------------------------------------------------------------------------


def form_rows(
    table: str, values: Sequence[Mapping[str, str]], form: str, mode: str = "merge"
) -> tuple[TableChange, list[Problem]]:
    """Rows typed in a form, as text cells, typed by the same validator as a file (read_rows); problems
    name the form and the field's label."""
    columns = dataset.columns(table)
    records = [(1, columns)] + [(i, [str(v.get(c) or "") for c in columns]) for i, v in enumerate(values, 2)]
    found: list[Problem] = []
    typed = validate.read_rows(table, records, found, file=form, formats=importer.OFFICE)
    problems = [replace(p, line=None, column=_label(p.column)) for p in found]
    rows = tuple({**r, "_line": None} for r in typed.rows)
    labels = {c: importer.column_label(c) for c in columns}
    change = TableChange(table, rows, mode, file=form, unparsed=frozenset(typed.unparsed), headers=labels)
    return change, problems


def _label(column: str | None) -> str | None:
    return importer.column_label(column) if column else None


def row_values(row: Mapping[str, object]) -> dict[str, str]:
    """A row's values as the text a form shows (dates as YYYY-MM-DD)."""
    return {k: dataset.cell_text(v) for k, v in row.items() if k != "_line"}


# --- history -------------------------------------------------------------------------------------------


def history(store: Store) -> list[Version]:
    """Every published version, newest first."""
    return list(reversed(store.versions()))


def history_records(store: Store) -> list[dict[str, object]]:
    """The history as plain records (for the JSON download): number, when, rows per table, the record."""
    current = store.current_number()
    return [
        {
            "number": v.number,
            "published_at": v.published_at,
            "current": v.number == current,
            "file_kept": v.available,
            "tables": dict(v.tables),
            "info": dict(v.info),
        }
        for v in history(store)
    ]


def history_frame(store: Store, lang: str | None = None) -> pd.DataFrame:
    """One row per version (newest first) with localised headers: what the History page shows and the
    CSV download holds."""
    rows = []
    current = store.current_number()
    for v in history(store):
        info = v.info
        found_by, found_files, found_changes = info.get("by"), info.get("files"), info.get("changes")
        by: Mapping[str, object] = found_by if isinstance(found_by, Mapping) else {}
        files = found_files if isinstance(found_files, list) else []
        counts: Mapping[str, object] = found_changes if isinstance(found_changes, Mapping) else {}
        rows.append(
            {
                "version": v.number,
                "when": when(v.published_at),
                "who": str(by.get("name") or by.get("id") or i18n.t("data.history.system", lang)),
                "what": describe(info, lang),
                "files": "; ".join(
                    f"{f.get('name')} ({f.get('bytes')} B, sha256 {str(f.get('sha256'))[:12]}…)"
                    for f in files
                    if isinstance(f, Mapping)
                ),
                "changes": summarise(counts, lang),
                "rows": sum(int(n) for n in v.tables.values()),
                "note": _note(info, lang),
                "state": i18n.t(
                    "data.history.current"
                    if v.number == current
                    else ("data.history.kept" if v.available else "data.history.pruned"),
                    lang,
                ),
            }
        )
    names = {
        k: i18n.t(f"data.history.col.{k}", lang)
        for k in ("version", "when", "who", "what", "files", "changes", "rows", "note", "state")
    }
    return pd.DataFrame(rows, columns=list(names)).rename(columns=names)


#: Notes the app itself writes (lib/seed.py), said in the page's language.
SYSTEM_NOTES = {"first start": "data.history.first_start"}


def _note(info: Mapping[str, object], lang: str | None) -> str:
    note = str(info.get("note") or "")
    if "by" not in info and note in SYSTEM_NOTES:
        return i18n.t(SYSTEM_NOTES[note], lang)
    return note


def describe(info: Mapping[str, object], lang: str | None = None) -> str:
    """What a version is, in words: "Import", "Restored version 3", "Seed (first start)"."""
    action = str(info.get("action") or info.get("source") or "seed")
    if action == "restore":
        return i18n.t("data.history.restored", lang, version=info.get("restored_from"))
    key = f"data.action.{action}"
    return i18n.t(key, lang) if i18n.has(key) else action


def summarise(changes: Mapping[str, object], lang: str | None = None) -> str:
    """ "partner +1 ~2 −0; membership +1" in the language."""
    parts = []
    for table, counts in changes.items():
        if not isinstance(counts, Mapping):
            continue
        parts.append(
            i18n.t(
                "data.history.counts",
                lang,
                table=importer.table_label(table, lang) if table in validate.TABLES else table,
                added=counts.get("added", 0),
                changed=counts.get("changed", 0),
                removed=counts.get("removed", 0),
            )
        )
    return "; ".join(parts)


def when(published_at: str) -> str:
    """ "2026-12-01T21:40:05+00:00" -> "2026-12-01 21:40 UTC"."""
    try:
        moment = dt.datetime.fromisoformat(published_at)
    except ValueError:
        return published_at
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


# --- what the pages show ------------------------------------------------------------------------------

#: At most this many rows of each list are shown on a page (the counts are always complete).
SHOWN_ROWS = 500


def problems_frame(problems: Sequence[Problem], lang: str | None = None) -> pd.DataFrame:
    """Every problem as a row: file (and sheet), row, column, the value found, what is wrong and expected."""
    names = {k: i18n.t(f"data.problems.col.{k}", lang) for k in ("file", "row", "column", "value", "message")}
    problems = sorted(problems, key=lambda p: (p.file, p.sheet or "", p.line is None, p.line or 0))
    rows = [
        {
            "file": f"{p.file} / {p.sheet}" if p.sheet else p.file,
            "row": p.line,
            "column": p.column or "",
            "value": p.value or "",
            "message": p.message(lang),
        }
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=list(names))
    frame["row"] = frame["row"].astype("Int64")
    return frame.rename(columns=names)


def _labelled(table: str, rows: Sequence[Row], lang: str | None) -> pd.DataFrame:
    columns = dataset.columns(table)
    frame = pd.DataFrame(
        [[dataset.cell_text(r.get(c)) for c in columns] for r in rows[:SHOWN_ROWS]], columns=columns
    )
    return frame.rename(columns={c: importer.column_label(c, lang) for c in columns})


def diff_frames(diff: TableDiff, lang: str | None = None) -> dict[str, pd.DataFrame]:
    """The added and removed rows (all columns) and the changes (key, column, old -> new), with localised
    headers, at most SHOWN_ROWS rows each."""
    changed = [
        {
            "key": " / ".join(map(str, key)),
            "column": importer.column_label(column, lang),
            "old": dataset.cell_text(old),
            "new": dataset.cell_text(new),
        }
        for key, columns in diff.changed
        for column, old, new in columns
    ][:SHOWN_ROWS]
    names = {k: i18n.t(f"data.preview.col.{k}", lang) for k in ("key", "column", "old", "new")}
    return {
        "added": _labelled(diff.table, diff.added, lang),
        "changed": pd.DataFrame(changed, columns=list(names)).rename(columns=names),
        "removed": _labelled(diff.table, diff.removed, lang),
    }
