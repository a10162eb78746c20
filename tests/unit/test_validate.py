"""The one validator (lib/validate.py): CSV parsed as CSV, every hostile cell a clear problem naming file,
line and column (in both languages), or correctly accepted; the cases of issue 11 items 3-5."""

from __future__ import annotations

import csv
import hashlib
import io
import random
from pathlib import Path

import duckdb
import pytest

from lib import i18n, seed, validate


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


def problems_of(seed_dir: Path) -> list[validate.Problem]:
    with pytest.raises(seed.SeedError) as caught:
        seed.load_seed(seed_dir)
    return caught.value.problems


def only(problems: list[validate.Problem]) -> validate.Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# --- CSV as CSV ----------------------------------------------------------------------------------------


def records(text: str) -> list[tuple[int, list[str]]]:
    return list(validate.parse_csv(text))


def test_quoted_cells_keep_line_breaks_and_records_keep_their_first_line() -> None:
    text = (
        'id,note\na,"Legit\n=1+1"\nb,"x\r\ny"\nc,"one\rtwo"\nd,"p\u2028q\x85r"\n'
        'e,plain\r\nf,"a ""quote"", comma"\n'
    )
    assert records(text) == [
        (1, ["id", "note"]),
        (2, ["a", "Legit\n=1+1"]),
        (4, ["b", "x\r\ny"]),
        (6, ["c", "one\rtwo"]),
        (8, ["d", "p\u2028q\x85r"]),
        (9, ["e", "plain"]),
        (10, ["f", 'a "quote", comma']),
    ]


@pytest.mark.parametrize(
    ("text", "line", "index", "code"),
    [
        ('id,note\na,"never closed\nb,c\n', 2, 1, "csv_unclosed_quote"),
        ('id,note\na,"closed" then text\n', 2, 1, "csv_text_after_quote"),
        ('id,note\na,"x\ny"z\n', 3, 1, "csv_text_after_quote"),
        ('id,note\na,half"quote\n', 2, 1, "csv_quote_in_cell"),
        ('id,note\n"a\n\n",b\nc,d"\n', 5, 1, "csv_quote_in_cell"),
        ('id,"""""\n', 1, 1, "csv_unclosed_quote"),
    ],
)
def test_bad_quoting_names_line_and_cell(text: str, line: int, index: int, code: str) -> None:
    with pytest.raises(validate.CsvSyntaxError) as caught:
        records(text)
    assert (caught.value.line, caught.value.index, caught.value.code) == (line, index, code)


def test_the_parser_agrees_with_pythons_csv_module_on_random_text() -> None:
    """An oracle: wherever this parser accepts a text, csv.reader (strict, on the text opened with
    newline="") reads the same cells, and its line count after each record matches."""
    rng = random.Random(11)
    alphabet = ['"', ",", "\n", "\r", "\r\n", "a", "b", " ", "\u2028", "\x85", "ж"]
    accepted = refused = 0
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        try:
            mine = records(text)
        except validate.CsvSyntaxError as exc:
            refused += 1
            if exc.code == "csv_quote_in_cell":
                continue  # csv.reader takes a stray quote in an unquoted cell literally; we refuse it
            with pytest.raises(csv.Error):
                list(csv.reader(io.StringIO(text, newline=""), strict=True))
            continue
        accepted += 1
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        theirs = []
        ends = []
        for row in reader:
            theirs.append(row or [""])
            ends.append(reader.line_num)
        assert [cells for _line, cells in mine] == theirs, repr(text)
        starts = [line for line, _cells in mine]
        assert starts == [1, *(end + 1 for end in ends[:-1])][: len(starts)], repr(text)
    assert accepted > 500 and refused > 500


# --- cells ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "dtype", "code"),
    [
        ("20170607", "DATE", "not_a_date"),
        ("2017-6-7", "DATE", "not_a_date"),
        ("2017-W23-3", "DATE", "not_a_date"),
        ("2017-02-30", "DATE", "no_such_date"),
        ("nan", "DOUBLE", "not_a_number"),
        ("inf", "DOUBLE", "not_a_number"),
        ("-Infinity", "DOUBLE", "not_a_number"),
        ("1e400", "DOUBLE", "number_too_large"),
        ("1_000", "DOUBLE", "not_a_number"),
        ("１２", "DOUBLE", "not_a_number"),
        ("12,5", "DOUBLE", "not_a_number"),
        ("99999999999", "INTEGER", "integer_out_of_range"),
        ("-2147483649", "INTEGER", "integer_out_of_range"),
        ("9" * 5000, "INTEGER", "integer_out_of_range"),
        ("1.0", "INTEGER", "not_an_integer"),
        ("٣", "INTEGER", "not_an_integer"),
        ("yes", "BOOLEAN", "not_a_boolean"),
    ],
)
def test_cells_that_are_not_their_type_are_refused(value: str, dtype: str, code: str) -> None:
    with pytest.raises(validate._CellError) as caught:
        validate.parse_cell(value, dtype)
    assert caught.value.code == code


def test_cells_of_their_type_are_read() -> None:
    import datetime as dt

    assert validate.parse_cell("2017-06-07", "DATE") == dt.date(2017, 6, 7)
    assert validate.parse_cell("-12.5e2", "DOUBLE") == -1250.0
    assert validate.parse_cell("2147483647", "INTEGER") == 2**31 - 1
    assert validate.parse_cell("TRUE", "BOOLEAN") is True
    office = validate.Formats(day_first_dates=True, decimal_comma=True)
    assert validate.parse_cell("07.06.2017", "DATE", office) == dt.date(2017, 6, 7)
    assert validate.parse_cell("12,5", "DOUBLE", office) == 12.5


# --- the seed: each case of the issue is a clear problem, or correctly accepted --------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "column", "code"),
    [
        ("partner.csv", "placed at Tallinn", "x" * 131_073, 4, "location_note", "cell_too_long"),
        (
            "event_topic.csv",
            "sofia-meeting,2,",
            "sofia-meeting,99999999999,",
            3,
            "seq",
            "integer_out_of_range",
        ),
        ("observation.csv", "actual,40,", "actual,nan,", 2, "value", "not_a_number"),
        ("observation.csv", "actual,40,", "actual,inf,", 2, "value", "not_a_number"),
        ("observation.csv", "actual,40,", "actual,1e999,", 2, "value", "number_too_large"),
        ("event.csv", "2017-06-07,2017-06-08", "20170607,2017-06-08", 3, "start_date", "not_a_date"),
        ("partner.csv", "Oulu,Оулу", "Ou\x00lu,Оулу", 3, "name_en", "forbidden_character"),
        ("partner.csv", "Oulu,Оулу", "Ou\x01lu,Оулу", 3, "name_en", "forbidden_character"),
        ("partner.csv", "Oulu,Оулу", "\x1b[31mOulu,Оулу", 3, "name_en", "forbidden_character"),
        (
            "partner.csv",
            "faraway,city,Faraway,Далечен,KR,36.48,127.289,,,src-v",
            "faraway,city,Faraway,Далечен,KR,36.48,127.289,,,src-v\nOulu,city,Oulu 2,Оулу 2,FI,65,25,,,src-v",
            7,
            "id",
            "duplicate_id_case",
        ),
        ("membership.csv", "part-a,oulu,", "part-a,OULU,", 3, "partner_id", "unknown_reference_case"),
        ("programme_theme.csv", "part-a,skills", 'part-a,"ski\nlls"', 2, "theme_id", "line_break_in_id"),
        ("theme.csv", "mobility,Mobility", 'mobility,"Mob"ility', 3, "name_en", "csv_text_after_quote"),
    ],
)
def test_each_hostile_cell_is_a_problem_naming_file_line_and_column(
    seed_dir: Path, file: str, old: str, new: str, line: int, column: str, code: str
) -> None:
    replace(seed_dir / file, old, new)
    problem = only(problems_of(seed_dir))
    assert (problem.file, problem.line, problem.column, problem.code) == (file, line, column, code)
    english, bulgarian = problem.text("en"), problem.text("bg")
    assert english.startswith(f"{file}, line {line}, column '{column}': ")
    assert bulgarian.startswith(f"{file}, ред {line}, колона „{column}“: ")
    assert english != bulgarian
    assert "\x00" not in english and "\x1b" not in english, "invisible characters are written out"


def test_a_directory_as_a_seed_file_is_a_problem(seed_dir: Path) -> None:
    (seed_dir / "theme.csv").unlink()
    (seed_dir / "theme.csv").mkdir()
    problem = only(problems_of(seed_dir))
    assert (problem.file, problem.code) == ("theme.csv", "file_not_regular")
    assert "not a regular file" in problem.text("en") and "папка" in problem.text("bg")


def test_line_numbers_stay_right_after_a_multi_line_cell(seed_dir: Path) -> None:
    replace(seed_dir / "partner.csv", "placed at Tallinn", '"placed at\nTallinn,\nreally"')
    replace(seed_dir / "partner.csv", "48.2082,16.3738", "48.2082,abc")
    problem = only(problems_of(seed_dir))
    assert (problem.line, problem.column, problem.code) == (7, "lon", "not_a_number")


def build_and_read(seed_dir: Path, tmp_path: Path, sql: str) -> list[tuple]:
    db = seed.build(tmp_path / "out.duckdb", seed_dir)
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize(
    "note",
    [
        "Legit\n=1+1",
        "carriage\rreturn",
        "windows\r\nbreak",
        "line\u2028separator",
        "next\x85line",
        "tab\there",
    ],
)
def test_line_breaks_inside_a_quoted_cell_are_kept(seed_dir: Path, tmp_path: Path, note: str) -> None:
    replace(seed_dir / "partner.csv", "placed at Tallinn", f'"{note}"')
    assert build_and_read(seed_dir, tmp_path, "SELECT location_note FROM partner WHERE id = 'estonia'") == [
        (note,)
    ]


def test_a_byte_order_mark_and_windows_line_ends_are_accepted(seed_dir: Path, tmp_path: Path) -> None:
    for path in seed_dir.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert build_and_read(seed_dir, tmp_path, "SELECT count(*) FROM partner") == [(5,)]


def test_trailing_empty_cells_are_harmless(seed_dir: Path, tmp_path: Path) -> None:
    replace(seed_dir / "theme.csv", "mobility,Mobility,Мобилност", "mobility,Mobility,Мобилност,,")
    assert build_and_read(seed_dir, tmp_path, "SELECT name_bg FROM theme WHERE id = 'mobility'") == [
        ("Мобилност",)
    ]


def test_a_broken_file_does_not_drown_in_follow_up_problems(seed_dir: Path) -> None:
    """theme.csv unreadable: the references to its ids are not each reported as well."""
    (seed_dir / "theme.csv").write_bytes(b"id,name_en,name_bg\nskills,Skills,\xff\n")
    problem = only(problems_of(seed_dir))
    assert (problem.line, problem.column, problem.code, problem.value) == (2, "name_bg", "not_utf8", "ff")


def test_every_problem_code_has_a_message_in_both_languages() -> None:
    assert [c for c in validate.CODES if not i18n.has(f"validate.{c}")] == []
    with pytest.raises(ValueError, match="no_such_code"):
        validate.Problem("x.csv", 1, "id", "no_such_code")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
