"""Downloads: CSV/Excel with formulas neutralised, and iCalendar per RFC 5545 (lib/exports.py)."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from lib import exports

DANGEROUS = [
    "=1+1",
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    "\tx",
    "\rx",
    "＝1+1",  # full-width equals sign
    "＋1",
    "－1",
    "＠SUM(1)",
    "\u200b=1+1",  # a zero-width space first
    "\ufeff=1+1",  # a byte-order mark
    "\u2060\u200d=1",  # word joiner, zero-width joiner
    "\u00a0=1",  # a no-break space
    " =1",
    "\u3000＝1",  # an ideographic space, then a full-width equals sign
    "\n=1",
]


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_starts_get_an_apostrophe(value: str) -> None:
    assert exports.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Oulu", "Оулу", "", "a=b", "\u200b", " x=1", "E=mc²", 5, -3, None])
def test_other_values_are_unchanged(value: object) -> None:
    assert exports.neutralise(value) == value


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ['=HYPERLINK("http://x")', "Оулу", "@SUM(1)"],
            "n": [1, -2, 3],
            "day": [dt.date(2017, 6, 7)] * 3,
        }
    )


def test_csv_neutralises_and_keeps_cyrillic() -> None:
    data = exports.to_csv(frame())
    assert data.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel reads UTF-8"
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["name"].tolist() == ['\'=HYPERLINK("http://x")', "Оулу", "'@SUM(1)"]
    assert back["n"].tolist() == [1, -2, 3], "numbers stay numbers"


def test_excel_writes_formula_like_text_as_text_cells_without_an_apostrophe() -> None:
    hostile = frame()
    hostile.loc[1, "name"] = "\u200b＝1+1"
    hostile["=HEADER"] = ["a\x01b", "x", "y"]
    book = load_workbook(io.BytesIO(exports.to_excel(hostile, "Partners")))
    ws = book["Partners"]
    values = [c.value for c in ws["A"]]
    assert values == ["name", '=HYPERLINK("http://x")', "\u200b＝1+1", "@SUM(1)"], (
        "the text exactly, no apostrophe"
    )
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row), "no formula cell anywhere"
    assert all(ws[ref].data_type == "s" and ws[ref].quotePrefix for ref in ("A2", "A3", "A4", "D1"))
    assert not ws["A1"].quotePrefix and ws["D1"].value == "=HEADER"
    assert ws["D2"].value == "a\ufffdb", "a control character an .xlsx cannot hold is replaced, not a crash"
    assert ws["B3"].value == -2
    assert ws.freeze_panes == "A2"


def test_ics_escaping() -> None:
    assert exports.ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_ics_lines_are_folded_at_75_octets_without_splitting_a_character() -> None:
    line = "SUMMARY:" + "Среща " * 30
    folded = exports.fold_line(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_ics_calendar() -> None:
    events = [
        exports.CalendarEvent(
            "dt-2027-06-sofia",
            "Meeting, Sofia; panels",
            dt.date(2027, 6, 7),
            dt.date(2027, 6, 8),
            "Sofia, Bulgaria",
        ),
        exports.CalendarEvent("webinar", "Webinar", dt.date(2027, 12, 31)),
    ]
    text = exports.to_ics(events, dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), "Sofia")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", ""), "CRLF line endings only"
    assert text.count("BEGIN:VEVENT") == 2
    assert "UID:dt-2027-06-sofia@sofia-partnerships\r\n" in text
    assert "DTSTAMP:20261123T100000Z\r\n" in text
    assert "DTSTART;VALUE=DATE:20270607\r\nDTEND;VALUE=DATE:20270609\r\n" in text, "DTEND is exclusive"
    assert "DTSTART;VALUE=DATE:20271231\r\nDTEND;VALUE=DATE:20280101\r\n" in text, "one day, across a year"
    assert "SUMMARY:Meeting\\, Sofia\\; panels\r\n" in text
    assert "LOCATION:Sofia\\, Bulgaria\r\n" in text


SHEET_TITLES = [
    "Partners: cities, states and organisations",
    "Партньори: градове, държави и организации",
    "a/b\\c?d*e[f]g:h",
    "'quoted'",
    "History",
    "",
    "   ",
    "x" * 40,
    "Оулу " * 10,
    "[]:*?/\\",
]


@pytest.mark.parametrize("title", SHEET_TITLES)
def test_any_title_makes_a_sheet_name_excel_accepts(title: str) -> None:
    name = exports.sheet_title(title)
    assert 0 < len(name) <= 31
    assert not set(name) & set(":\\/?*[]")
    assert not name.startswith("'") and not name.endswith("'")
    assert name.casefold() != "history"
    book = load_workbook(io.BytesIO(exports.to_excel(frame(), title)))
    assert book.sheetnames == [name]


def test_every_text_of_the_app_can_title_a_sheet_in_either_language() -> None:
    from lib import i18n

    for key, texts in i18n.catalog().items():
        for lang, text in texts.items():
            name = exports.sheet_title(text)
            assert 0 < len(name) <= 31 and not set(name) & set(":\\/?*[]"), (key, lang, name)


def test_a_long_title_is_cut_at_a_word() -> None:
    assert exports.sheet_title("Partners: cities, states and organisations") == "Partners cities, states and"
    assert exports.sheet_title("Партньори: градове, държави и организации") == "Партньори градове, държави и"
