"""The importer reads real office files (fixtures in tests/fixtures/import/) through the seed's validator,
and names every problem by file (and sheet), row, column, value and what is expected."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lib import changes, dataset, i18n, importer, validate
from lib.importer import Upload

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def upload(name: str) -> Upload:
    return Upload(name, (FIXTURES / name).read_bytes())


def test_cp1251_semicolons_decimal_commas_and_bulgarian_headers() -> None:
    read = importer.read_uploads([upload("partner-cp1251-semicolon.csv")])
    assert read.problems == []
    (row,) = read.tables["partner"].rows
    assert row["id"] == "plovdiv" and row["name_bg"] == "Пловдив"
    assert (row["lat"], row["lon"]) == (42.1354, 24.7453)
    assert row["location_note"] is None, "an optional column the file lacks is empty"
    assert row["_line"] == 2
    assert read.files[0]["tables"] == ["partner"] and len(str(read.files[0]["sha256"])) == 64


def test_bom_tabs_english_labels_and_the_table_from_a_bulgarian_file_name() -> None:
    read = importer.read_uploads([upload("Партньори.txt")])
    assert read.problems == []
    assert [r["id"] for r in read.tables["partner"].rows] == ["varna"]


def test_day_first_dates_quoted_commas_and_comment_rows() -> None:
    read = importer.read_uploads([upload("event-ddmmyyyy.csv")])
    assert read.problems == []
    (row,) = read.tables["event"].rows
    assert row["title_en"] == "Workshop, Plovdiv"
    assert (row["start_date"], row["end_date"]) == (dt.date(2026, 3, 10), dt.date(2026, 3, 11))
    assert row["online"] is False and row["_line"] == 3, "the # example row is skipped, lines stay true"


def test_a_workbook_with_a_sheet_per_table_named_in_bulgarian() -> None:
    read = importer.read_uploads([upload("workbook-bg.xlsx")])
    assert read.problems == []
    assert set(read.tables) == {"partner", "membership"}
    (partner,) = read.tables["partner"].rows
    assert partner["id"] == "stara-zagora" and partner["lat"] == 42.4258
    (member,) = read.tables["membership"].rows
    assert member["start_date"] == dt.date(2026, 2, 1) and member["_line"] == 2
    assert read.tables["membership"].sheet == "Участия"


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_every_problem_of_a_broken_file_at_once_with_row_column_value_expected(lang: str, demo_rows) -> None:
    read = importer.read_uploads([upload("partner-broken-cp1251.csv")])
    problems = list(read.problems)
    validate.check(changes.apply(demo_rows, changes.from_uploads(read), lang), problems)
    found = {(p.line, p.column, p.code) for p in problems}
    assert (2, "Ширина", "not_a_number") in found
    assert (3, "Тип", "not_allowed") in found
    assert (4, "Име (английски)", "required") in found
    assert (4, "Източник", "unknown_reference") in found
    frame = changes.problems_frame(problems, lang)
    assert len(frame) == len(problems) == 4
    assert set(frame.iloc[:, 0]) == {"partner-broken-cp1251.csv"}
    values = set(frame.iloc[:, 3])
    assert {"42,5x", "town", "no-such-source"} <= values
    i18n.set_language(lang)
    town = next(p for p in problems if p.code == "not_allowed")
    assert "city" in town.message(lang), "what is expected is named"


@pytest.fixture(scope="module")
def demo_rows(demo_db_path: Path) -> dataset.Dataset:
    return dataset.read(demo_db_path)


def test_bytes_that_are_text_in_no_encoding_are_named() -> None:
    data = b"id,type\nx," + b"\x98\x98\n"
    read = importer.read_uploads([Upload("partner.csv", b"\xef\xbb\xbf" + data)])
    (problem,) = read.problems
    assert problem.code == "not_text" and problem.file == "partner.csv"
    read = importer.read_uploads([Upload("partner.csv", b"abc\x98")])
    assert [p.code for p in read.problems] == ["not_text"]


def test_a_file_of_no_known_table_says_how_to_name_it() -> None:
    read = importer.read_uploads([Upload("data.csv", b"foo,bar\n1,2\n")])
    (problem,) = read.problems
    assert problem.code == "unknown_table" and "partner.csv" in problem.message("en")
    read = importer.read_uploads([Upload("data.csv", b"foo,bar\n1,2\n")], table="theme")
    assert {p.code for p in read.problems} == {"header_unknown_column", "header_missing_column"}
    unknown = next(p for p in read.problems if p.code == "header_unknown_column")
    assert "Име (английски) (name_en)" in unknown.message("bg") or "name_en" in unknown.message("bg")


def test_the_table_from_the_header_when_the_name_says_nothing() -> None:
    data = (FIXTURES / "partner-cp1251-semicolon.csv").read_bytes()
    read = importer.read_uploads([Upload("export (3).csv", data)])
    assert read.problems == [] and list(read.tables) == ["partner"]


def test_a_table_twice_is_a_problem_and_garbage_workbooks_are_reported() -> None:
    twice = importer.read_uploads([upload("partner-cp1251-semicolon.csv"), upload("Партньори.txt")])
    assert [p.code for p in twice.problems] == ["duplicate_table"]
    broken = importer.read_uploads([Upload("book.xlsx", b"PK\x03\x04 not really a zip")])
    assert [p.code for p in broken.problems] == ["workbook_unreadable"]
    assert broken.problems[0].message("bg")


def test_formula_protection_of_exports_is_undone_on_import() -> None:
    text = "id,name_en,name_bg\n'=cmd,'=cmd,x\n"
    read = importer.read_uploads([Upload("theme.csv", text.encode())])
    assert read.tables["theme"].rows[0]["name_en"] == "=cmd"


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_templates_list_the_columns_an_example_and_the_allowed_values_and_import_empty(lang: str) -> None:
    book = load_workbook(io.BytesIO(importer.template_workbook(lang)))
    assert set(validate.TABLES) <= set(book.sheetnames)
    partner = book["partner"]
    header = [c.value for c in partner[1]]
    assert header == [importer.column_label(c, lang) for c in dataset.columns("partner")]
    assert str(partner["A2"].value).startswith("#")
    assert any("city" in str(r.formula1) for r in partner.data_validations.dataValidation)
    read = importer.read_uploads([Upload("templates.xlsx", importer.template_workbook(lang))])
    assert read.problems == [] and all(not t.rows for t in read.tables.values())
    with zipfile.ZipFile(io.BytesIO(importer.template_csv_zip(lang))) as archive:
        files = [Upload(n, archive.read(n)) for n in archive.namelist()]
    read = importer.read_uploads(files)
    assert read.problems == [] and set(read.tables) == set(validate.TABLES)


def test_the_export_reads_back_unchanged(demo_rows) -> None:
    rows = demo_rows
    for data, name in ((dataset.to_workbook(rows), "export.xlsx"),):
        read = importer.read_uploads([Upload(name, data)])
        assert read.problems == []
        back = dataset.from_tables(read.tables)
        for table in validate.TABLES:
            assert back[table] == [{c: r.get(c) for c in dataset.columns(table)} for r in rows[table]], table
    with zipfile.ZipFile(io.BytesIO(dataset.to_csv_zip(rows))) as archive:
        read = importer.read_uploads([Upload(n, archive.read(n)) for n in archive.namelist()])
    assert read.problems == []
    assert dataset.from_tables(read.tables)["event"] == [
        {c: r.get(c) for c in dataset.columns("event")} for r in rows["event"]
    ]
