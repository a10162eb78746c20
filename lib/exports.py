"""Downloads: CSV and Excel of a table (formula injection neutralised) and iCalendar files. No streamlit.

A cell whose text a spreadsheet would run as a formula (CSV injection, OWASP) is made harmless: text that
starts with = + - @ — in any width (＝ ＋ － ＠ …) and after any invisible or space characters (a zero-width
space, a byte-order mark, a no-break space …) — or with a tab or carriage return. In CSV, which has no cell
types, such text gets a leading apostrophe; in Excel it is written as a text cell (with Excel's own "quote
prefix" mark, which is not shown), so the cell shows exactly the text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@")
#: Characters that start a formula whatever follows.
CONTROL_START = ("\t", "\r")
#: Invisible leading characters a spreadsheet may skip: format characters (zero-width space, joiners,
#: byte-order mark, soft hyphen, bidi marks), spaces, separators and controls; and the Hangul fillers.
_INVISIBLE_CATEGORIES = ("Cf", "Zs", "Zl", "Zp", "Cc")
_INVISIBLE_LETTERS = "\u115f\u1160\u3164\uffa0"


def formula_like(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula (see the module's docstring)."""
    if text.startswith(CONTROL_START):
        return True
    for ch in text:
        if unicodedata.category(ch) in _INVISIBLE_CATEGORIES or ch in _INVISIBLE_LETTERS:
            continue
        return unicodedata.normalize("NFKC", ch)[:1] in FORMULA_START
    return False


#: What Excel refuses in a sheet's name: these characters, more than 31 characters, an apostrophe at either
#: end, an empty name and the reserved name "History".
SHEET_FORBIDDEN = re.compile(r"[:\\/?*\[\]\x00-\x1f]")
SHEET_MAX = 31


def neutralise(value: object) -> object:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe; anything else unchanged."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and column name) neutralised."""
    out = frame.copy()
    out.columns = [str(neutralise(str(c))) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Cyrillic correctly."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def sheet_title(title: str, fallback: str = "Data") -> str:
    """A name Excel accepts for a sheet, from any title in either language: each forbidden character
    becomes a space, runs of spaces one; longer than 31 characters, it is cut at the last word that fits
    (or at 31 characters); `fallback` when nothing is left."""
    text = " ".join(SHEET_FORBIDDEN.sub(" ", title).split()).strip("' ")
    if len(text) > SHEET_MAX:
        head = text[: SHEET_MAX + 1]
        text = head.rsplit(" ", 1)[0] if " " in head else text[:SHEET_MAX]
        text = text.rstrip(" ,;.-'")
    return text if text and text.casefold() != "history" else fallback


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def to_excel(frame: pd.DataFrame, sheet: str = "Data") -> bytes:
    """One sheet, bold header, frozen first row, sensible column widths. Every text is a text cell (never a
    formula); formula-like text is marked with Excel's quote prefix instead of a visible apostrophe."""
    book = Workbook()
    ws = book.active
    ws.title = sheet_title(sheet)
    ws.append([_excel_value(str(c)) for c in frame.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        ws.append([_excel_value(v) for v in row])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl takes text starting with "=" for a formula
                if formula_like(cell.value):
                    cell.quotePrefix = True
    for i, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in frame[column].head(500))], default=8)
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, longest + 2))
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def excel_cell(sheet: object, value: object, font: Font | None = None) -> object:
    """A value for a row of a write-only sheet (large workbooks): text that looks like a formula becomes a
    text cell with Excel's quote prefix (never a formula), as in to_excel; anything else as it is."""
    value = _excel_value(value)
    if font is None and not (isinstance(value, str) and formula_like(value)):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        cell.quotePrefix = formula_like(value)
    if font is not None:
        cell.font = font
    return cell


def _excel_value(value: object) -> object:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)  # control characters an .xlsx cannot hold
    return value


# --- iCalendar (RFC 5545) -------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    start: dt.date
    end: dt.date | None = None  # inclusive last day; None = one day
    location: str = ""
    description: str = ""
    url: str = ""


def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold_line(line: str, limit: int = 75) -> str:
    """Fold a content line at `limit` octets (RFC 5545 §3.1): CRLF + one space, never inside a character."""
    parts: list[str] = []
    current = ""
    size = 0
    budget = limit
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > budget:
            parts.append(current)
            current, size, budget = "", 0, limit - 1  # continuation lines start with a space
        current += ch
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def to_ics(
    events: Iterable[CalendarEvent], stamp: dt.datetime, name: str, domain: str = "sofia-partnerships"
) -> str:
    """A VCALENDAR with one all-day VEVENT per event; DTEND is exclusive (the day after the last day)."""
    stamp_utc = stamp.astimezone(dt.UTC) if stamp.tzinfo else stamp
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Sofia Municipality//Sofia International Partnerships//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(name)}",
    ]
    for event in events:
        last = event.end or event.start
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}@{domain}",
            f"DTSTAMP:{stamp_utc:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_escape(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{ics_escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{ics_escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
