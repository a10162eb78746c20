"""Reading the files staff upload — CSV or Excel, one table or a workbook of them — and the templates to fill
in. No streamlit.

What real office files hold, and how each is read:

- text in UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's "Unicode text"), or
  Windows-1251 (Excel's "CSV" on a Bulgarian Windows): a byte-order mark decides; else strict UTF-8;
  else Windows-1251 (wave2-facts: right on every file tried; it decodes any byte but 0x98);
- the separator `,`, `;` or tab, found by csv.Sniffer on the first lines (the header's counts as a fallback);
- decimal commas (`42,6977`) and `dd.mm.yyyy` dates besides the seed's `42.6977` and `YYYY-MM-DD`;
- column headers as the schema names them (`name_en`) or as the templates label them in Bulgarian or
  English (`Име (английски)`, `Name (English)`), in any letter case, with or without a trailing `*`;
- workbooks (.xlsx, .xlsm, .xls, .ods, read with python-calamine): a sheet per table, named as the table
  (`partner`) or by its label (`Партньори`, `Partners`); the templates' "allowed values" sheet is skipped;
- the table of a CSV file: chosen on the page, else told by the file's name (`partner.csv`,
  `Партньори.csv`), else by its header (the table whose columns it names);
- a row whose first cell starts with `#` is a comment (the templates' example row and notes);
- a leading apostrophe that an export put before `= + - @` (lib/exports.py, against formulas) is removed.

Then the cells go through the seed's own validator (lib/validate.py: `read_rows`), so every problem names
the file (and sheet), the row, the column — as the file's own header calls it — the value and what is
expected. Nothing here raises on a bad file: every problem is appended to the list it is given.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineError, CalamineWorkbook

from lib import dataset, exports, i18n, palette, validate
from lib.validate import Problem

log = logging.getLogger("partnerships")
#: What staff files may hold besides the seed's strict formats.
OFFICE = validate.Formats(day_first_dates=True, decimal_comma=True)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Sheets of the templates that hold no table.
ALLOWED_SHEET_KEY = "data.template.allowed_sheet"
#: The templates' example rows (and any note) start with this.
COMMENT = "#"


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its name as the browser gave it, and its bytes."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def record(self, tables: Sequence[str]) -> dict[str, object]:
        """What the history keeps of it: name, size, hash, the tables it held."""
        return {"name": self.name, "bytes": len(self.data), "sha256": self.sha256, "tables": list(tables)}


@dataclass
class Read:
    """What a set of uploads gave: the tables read (typed rows, with their lines), where each came from,
    and every problem found."""

    tables: dict[str, validate.Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[dict[str, object]] = field(default_factory=list)


# --- names of tables and columns, in either language ------------------------------------------------------


def fold(text: str) -> str:
    """A name as it is compared: no accents, any case, `_`/`-`/spaces alike, no trailing `*`."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\s_\-]+", " ", text.casefold()).strip()
    return text.rstrip("*").strip()


def column_label(name: str, lang: str | None = None) -> str:
    """A column's label in the templates (`Име (английски)`); the name itself when it has none."""
    key = f"data.column.{name}"
    return i18n.t(key, lang) if i18n.has(key) else name


def table_label(table: str, lang: str | None = None) -> str:
    return i18n.t(f"data.table.{table}", lang)


#: Other headers office files use for a column (compared as `fold` does), besides its name and labels.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("идентификатор", "ид", "identifier"),
    "country_code": ("държава", "страна", "country", "код на държавата", "country code", "iso"),
    "lat": ("ширина", "latitude", "geo lat"),
    "lon": ("дължина", "longitude", "lng", "long", "geo lon"),
    "name_en": ("name", "english name", "име на английски"),
    "name_bg": ("име", "bulgarian name", "име на български"),
    "title_en": ("english title", "заглавие на английски"),
    "title_bg": ("заглавие на български", "bulgarian title"),
    "start_date": ("начална дата", "от", "from", "start"),
    "end_date": ("крайна дата", "до", "to", "end"),
    "source_id": ("източник (код)", "source id"),
    "progress_pct": ("напредък", "progress", "%"),
}


@cache
def _column_names(table: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for name in dataset.columns(table):
        for alias in (name, *(column_label(name, lang) for lang in ("bg", "en"))):
            names.setdefault(fold(alias), name)
    for name in dataset.columns(table):  # after every label, so that a label always wins over an alias
        for alias in ALIASES.get(name, ()):
            names.setdefault(fold(alias), name)
    return names


def expected_columns(table: str, lang: str | None = None) -> str:
    """The columns of a table as a header may name them: "Код (id), Тип (type), …" in `lang`."""
    return ", ".join(
        f"{column_label(c, lang)} ({c})" if column_label(c, lang) != c else c for c in dataset.columns(table)
    )


@cache
def _table_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for table in validate.TABLES:
        aliases = [table, f"{table}s", *(table_label(table, lang) for lang in ("bg", "en"))]
        for alias in aliases:
            names.setdefault(fold(alias), table)
    return names


def table_named(name: str) -> str | None:
    """The table a file or sheet name stands for (`partner.csv`, `Партньори`, `Partners`, and with words
    after it: `partner-2026 (2).csv`, `Партньори_копие.xlsx`); None if none."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.strip())
    words = re.split(r"[\s_\-.()]+", stem)
    for end in range(len(words), 0, -1):  # the longest run of first words that names a table
        found = _table_names().get(fold(" ".join(words[:end])))
        if found is not None:
            return found
    return None


def table_of_header(header: Sequence[str]) -> str | None:
    """The table a header is for: every cell names one of its columns and no required column is missing
    (of several such, the one with the fewest columns it lacks); None if none."""
    cells = [h for h in header if h.strip()]
    fits = []
    for table in validate.TABLES:
        known = _column_names(table)
        named = {known.get(fold(h)) for h in cells}
        required = {c.name for c in validate.schema().columns[table] if c.required}
        if cells and None not in named and required <= named:
            fits.append((len(dataset.columns(table)) - len(named), table))
    return min(fits)[1] if fits else None


def _is_allowed_sheet(name: str) -> bool:
    return fold(name) in {fold(i18n.t(ALLOWED_SHEET_KEY, lang)) for lang in ("bg", "en")}


# --- bytes to text to records -----------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of a text file (see the module's docstring); None when it is none of them."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    for encoding in ("utf-8", "cp1251"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def sniff_delimiter(text: str) -> str:
    """`,`, `;` or tab: csv.Sniffer on the first lines, else the one the first line holds most of."""
    sample = "\n".join(text[:20_000].splitlines()[:20])
    try:
        found = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        if found in ",;\t":
            return found
    except csv.Error:
        pass
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def _not_text(name: str, data: bytes) -> Problem:
    """Where the first byte is that is text in no encoding we read: 0x98, the one byte Windows-1251 lacks
    (or the start of a file whose byte-order mark does not fit its bytes)."""
    at = data.find(b"\x98")
    at = max(at, 0)
    prefix = data[:at].decode("cp1251", errors="replace")
    line, index, header = validate._locate(prefix, sniff_delimiter(prefix) if prefix else ",")
    column = validate._column_name(header, index) if line > 1 else f"#{index + 1}"
    return Problem(name, line, column, "not_text", value=data[at : at + 1].hex() or "—")


def _unprotect(cell: str) -> str:
    """Remove the apostrophe an export put before formula-like text (lib/exports.neutralise)."""
    if cell.startswith("'") and exports.formula_like(cell[1:]):
        return cell[1:]
    return cell


def _records_without_comments(
    records: list[tuple[int, list[str]]],
) -> list[tuple[int, list[str]]]:
    out = []
    for i, (line, cells) in enumerate(records):
        if i > 0 and cells and cells[0].lstrip().startswith(COMMENT):
            continue
        out.append((line, [_unprotect(c) for c in cells]))
    return out


def _map_header(table: str, records: list[tuple[int, list[str]]]) -> dict[str, str]:
    """Rename the header's cells to the schema's names in place, and add the optional columns the file
    lacks (as empty cells: a staff file need not carry every column); returns schema name -> the file's
    text for the columns it has."""
    line, header = records[0]
    known = _column_names(table)
    shown: dict[str, str] = {}
    renamed = []
    for cell in header:
        name = known.get(fold(cell))
        if name is None or name in shown:
            renamed.append(cell)
        else:
            renamed.append(name)
            shown[name] = cell.strip()
    while renamed and not renamed[-1].strip():  # empty header cells at the end (a spreadsheet's habit)
        renamed.pop()
    width = len(renamed)
    optional = [c.name for c in validate.schema().columns[table] if not c.required and c.name not in shown]
    if not shown:  # not this table's header at all: leave it for the validator to report as it is
        optional = []
    records[0] = (line, renamed + optional)
    if optional:
        for i in range(1, len(records)):
            at, cells = records[i]
            records[i] = (at, [*cells[:width], *([""] * (width - len(cells))), *([""] * len(optional))])
    return shown


def _rows_of(
    table: str, records: list[tuple[int, list[str]]], problems: list[Problem], file: str, sheet: str | None
) -> validate.Table:
    found: list[Problem] = []
    shown = _map_header(table, records) if records else {}
    typed = validate.read_rows(table, records, found, file=file, sheet=sheet, formats=OFFICE)
    for problem in found:  # name the column as the file's header does, and the columns it may have
        if problem.code == "header_unknown_column":
            problem = replace(problem, params={**problem.params, "expected": expected_columns(table)})
        if problem.column:
            problem = replace(problem, column=shown.get(problem.column, problem.column))
        problems.append(problem)
    typed.headers = {k: v for k, v in shown.items() if k != v}
    return typed


def read_csv(upload: Upload, problems: list[Problem], table: str | None = None) -> validate.Table | None:
    """One CSV file of one table (the given one, else from the file's name, else from its header)."""
    if len(upload.data) > validate.MAX_FILE_BYTES:
        limit = validate.MAX_FILE_BYTES // 2**20
        problems.append(Problem(upload.name, None, None, "file_too_large", params={"limit": limit}))
        return None
    decoded = decode(upload.data)
    if decoded is None:
        problems.append(_not_text(upload.name, upload.data))
        return None
    text = decoded[0]
    records = validate.read_csv_text(text, upload.name, problems, sniff_delimiter(text))
    if records is None:
        return None
    records = _records_without_comments(records)
    table = table or table_named(upload.name) or (table_of_header(records[0][1]) if records else None)
    if table is None:
        problems.append(_unknown_table(upload.name, None))
        return None
    return _rows_of(table, records, problems, upload.name, None)


def _unknown_table(file: str, sheet: str | None) -> Problem:
    expected = ", ".join(validate.TABLES)
    code = "unknown_sheet" if sheet is not None else "unknown_table"
    return Problem(
        file,
        None,
        None,
        code,
        value=sheet,
        params={"expected": expected, "example": "partner.csv"},
        sheet=sheet,
    )


def _text(value: object) -> str:
    """A spreadsheet cell as the text the validator reads."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def read_workbook(upload: Upload, problems: list[Problem], table: str | None = None) -> list[validate.Table]:
    """The tables of a workbook: a sheet per table; a workbook of one sheet may be for the given table."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(upload.data))
        names = list(book.sheet_names)
    except (CalamineError, ValueError, OSError, IndexError) as exc:
        log.info("workbook %r unreadable: %s", upload.name, exc)
        problems.append(Problem(upload.name, None, None, "workbook_unreadable"))
        return []
    sheets = [n for n in names if not _is_allowed_sheet(n)]
    wanted: list[tuple[str, str]] = []
    for name in sheets:
        found = table_named(name) or (table if len(sheets) == 1 else None)
        if found is None:
            problems.append(_unknown_table(upload.name, name))
        else:
            wanted.append((name, found))
    if not sheets:
        expected = ", ".join(validate.TABLES)
        problems.append(Problem(upload.name, None, None, "no_tables", params={"expected": expected}))
    out = []
    for name, found in wanted:
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except (CalamineError, ValueError, OSError, IndexError) as exc:
            log.info("sheet %r of %r unreadable: %s", name, upload.name, exc)
            problems.append(Problem(upload.name, None, None, "workbook_unreadable", sheet=name))
            continue
        records = [(i, [_text(v) for v in row]) for i, row in enumerate(rows, start=1)]
        while records and not any(c.strip() for c in records[0][1]):
            records.pop(0)  # blank rows above the header
        records = _records_without_comments(records)
        out.append(_rows_of(found, records, problems, upload.name, name))
    return out


def is_workbook(upload: Upload) -> bool:
    return upload.name.lower().endswith(WORKBOOK_SUFFIXES) or upload.data.startswith((_ZIP, _OLE))


def read_uploads(uploads: Sequence[Upload], table: str | None = None) -> Read:
    """Every table in the uploads (`table`: the table of a CSV or one-sheet workbook whose name does not
    say it), with every problem; a table given twice is a problem."""
    result = Read()
    where: dict[str, str] = {}
    for upload in uploads:
        if is_workbook(upload):
            tables = read_workbook(upload, result.problems, table)
        else:
            one = read_csv(upload, result.problems, table)
            tables = [one] if one is not None else []
        for read in tables:
            label = f"{read.file} / {read.sheet}" if read.sheet else read.file
            if read.name in where:
                result.problems.append(
                    Problem(
                        read.file,
                        None,
                        None,
                        "duplicate_table",
                        value=read.name,
                        params={"first": where[read.name]},
                        sheet=read.sheet,
                    )
                )
                continue
            where[read.name] = label
            result.tables[read.name] = read
        result.files.append(upload.record([t.name for t in tables]))
    return result


# --- templates ------------------------------------------------------------------------------------------

#: One example row per table, in the seed's format (taken from the demo data where it has one).
EXAMPLES: dict[str, dict[str, str]] = {
    "source": {
        "id": "my-source",
        "title": "Page that states it",
        "url": "https://example.org/page",
        "publisher": "Publisher",
        "accessed": "2026-01-15",
        "reliability": "verified",
    },
    "theme": {"id": "e-government", "name_en": "E-government", "name_bg": "Електронно управление"},
    "programme": {
        "id": "my-programme",
        "family": "research",
        "kind": "project",
        "name_en": "My programme",
        "name_bg": "Моята програма",
        "start_date": "2024-01-01",
        "status": "active",
        "source_id": "my-source",
    },
    "programme_theme": {"programme_id": "my-programme", "theme_id": "e-government", "source_id": "my-source"},
    "partner": {
        "id": "oulu",
        "type": "city",
        "name_en": "Oulu",
        "name_bg": "Оулу",
        "country_code": "FI",
        "lat": "65.0121",
        "lon": "25.4651",
        "source_id": "my-source",
    },
    "membership": {
        "programme_id": "my-programme",
        "partner_id": "oulu",
        "role": "member",
        "start_date": "2024-01-01",
        "source_id": "my-source",
    },
    "event": {
        "id": "my-event-2026",
        "programme_id": "my-programme",
        "kind": "meeting",
        "title_en": "Partners' meeting",
        "title_bg": "Среща на партньорите",
        "start_date": "2026-03-10",
        "end_date": "2026-03-11",
        "host_partner_id": "oulu",
        "online": "false",
        "source_id": "my-source",
    },
    "event_partner": {
        "event_id": "my-event-2026",
        "partner_id": "oulu",
        "role": "host",
        "source_id": "my-source",
    },
    "event_topic": {
        "event_id": "my-event-2026",
        "seq": "1",
        "title_en": "Open data",
        "title_bg": "Отворени данни",
        "source_id": "my-source",
    },
    "action": {
        "id": "my-action-1",
        "programme_id": "my-programme",
        "code": "Action 1",
        "title_en": "Open data portal",
        "title_bg": "Портал за отворени данни",
        "status": "in-progress",
        "progress_pct": "40",
        "source_id": "my-source",
        "status_source_id": "my-source",
    },
    "indicator": {
        "id": "my-indicator",
        "code": "K1",
        "name_en": "Services online",
        "name_bg": "Услуги онлайн",
        "unit": "percent",
        "direction": "up",
        "source_id": "my-source",
    },
    "observation": {
        "indicator_id": "my-indicator",
        "partner_id": "sofia",
        "period": "2026-01-01",
        "kind": "actual",
        "value": "45.5",
        "source_id": "my-source",
    },
}


def allowed_values(table: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(column, values) for (t, column), values in validate.ENUMS.items() if t == table]


def _example(table: str) -> list[str]:
    cells = [EXAMPLES[table].get(c, "") for c in dataset.columns(table)]
    return [COMMENT + cells[0], *cells[1:]]


def template_csv(table: str, lang: str) -> bytes:
    """A CSV template for one table (UTF-8 with a byte-order mark, for Excel): the header in `lang`, an
    example row and the allowed values as comment rows (they start with #: not imported)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column_label(c, lang) for c in dataset.columns(table)])
    writer.writerow(_example(table))
    for column, values in allowed_values(table):
        writer.writerow([f"{COMMENT} {column_label(column, lang)}: {' | '.join(values)}"])
    writer.writerow([f"{COMMENT} {i18n.t('data.template.note', lang)}"])
    return out.getvalue().encode("utf-8-sig")


def template_csv_zip(lang: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in validate.TABLES:
            archive.writestr(f"{table}.csv", template_csv(table, lang))
    return buffer.getvalue()


def template_workbook(lang: str) -> bytes:
    """An Excel template: a sheet per table (the header in `lang`, an example row, drop-down lists of the
    allowed values) and a sheet that lists the allowed values and how to fill it in."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    example = Font(italic=True, color=palette.TEMPLATE_EXAMPLE.lstrip("#"))
    header_fill = PatternFill("solid", fgColor=palette.TEMPLATE_HEADER.lstrip("#"))
    for table in validate.TABLES:
        sheet = book.create_sheet(table)
        names = dataset.columns(table)
        sheet.append([column_label(c, lang) for c in names])
        sheet.append(_example(table))
        for cell in sheet[1]:
            cell.font, cell.fill = bold, header_fill
        for cell in sheet[2]:
            cell.font = example
            cell.data_type = "s"
        for index, name in enumerate(names, start=1):
            letter = sheet.cell(1, index).column_letter
            sheet.column_dimensions[letter].width = max(12, min(40, len(column_label(name, lang)) + 4))
        for column, values in allowed_values(table):
            letter = sheet.cell(1, names.index(column) + 1).column_letter
            rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
            rule.add(f"{letter}3:{letter}5000")
            sheet.add_data_validation(rule)
        sheet.freeze_panes = "A2"
    info = book.create_sheet(i18n.t(ALLOWED_SHEET_KEY, lang)[:31])
    info.append([i18n.t("data.template.note", lang)])
    info.append([])
    info.append(
        [
            i18n.t("data.template.col_table", lang),
            i18n.t("data.template.col_column", lang),
            i18n.t("data.template.col_values", lang),
        ]
    )
    for cell in info[3]:
        cell.font = bold
    for (table, column), values in validate.ENUMS.items():
        info.append([table, column_label(column, lang), " | ".join(values)])
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 28
    info.column_dimensions["C"].width = 80
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
