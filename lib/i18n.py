"""Interface language: t(key) over the catalogs in lib/locales/*.toml, and Babel formatting.

Each catalog file holds tables whose leaves have a `bg` and an `en` string:

    [overview.title]
    bg = "Преглед"
    en = "Overview"

The key is the dotted path ("overview.title"). A key missing in either language, or defined twice,
is an error found by `check_catalog()` (and by the tests). The current language is kept per thread,
because Streamlit runs each session's script in its own thread.
"""

from __future__ import annotations

import datetime as dt
import threading
import tomllib
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import Any

import pandas as pd
from babel import Locale
from babel.dates import format_date as _format_date
from babel.dates import format_interval, format_skeleton
from babel.numbers import format_decimal, format_percent

from lib import config

_state = threading.local()


def set_language(lang: str) -> str:
    """Set this thread's language; an unknown code falls back to the default. Returns the one set."""
    _state.lang = lang if lang in config.LANGUAGES else config.LANGUAGES[0]
    return _state.lang


def language() -> str:
    return getattr(_state, "lang", config.LANGUAGES[0])


def _flatten(
    tree: dict, prefix: str, out: dict[str, dict[str, str]], origin: str, problems: list[str]
) -> None:
    for key, value in tree.items():
        path = f"{prefix}.{key}" if prefix else key
        if not isinstance(value, dict):
            problems.append(f"{origin}: '{path}' must be a table with bg and en strings")
        elif any(isinstance(v, dict) for v in value.values()):
            _flatten(value, path, out, origin, problems)
        else:
            if path in out:
                problems.append(f"{origin}: '{path}' is defined twice")
            missing = [lang for lang in config.LANGUAGES if not value.get(lang)]
            if missing:
                problems.append(f"{origin}: '{path}' has no text in {', '.join(missing)}")
            out[path] = value


@cache
def _catalog() -> tuple[dict[str, dict[str, str]], tuple[str, ...]]:
    out: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    for path in sorted(config.LOCALE_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            _flatten(tomllib.load(fh), "", out, path.name, problems)
    return out, tuple(problems)


def catalog() -> dict[str, dict[str, str]]:
    return _catalog()[0]


def check_catalog() -> list[str]:
    """Problems in the catalogs: keys missing a language, or defined twice. Empty when all is well."""
    return list(_catalog()[1])


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The text of `key` in the current (or given) language, with {placeholders} filled in."""
    entry = catalog().get(key)
    if entry is None:
        raise KeyError(f"no text for '{key}' in lib/locales/")
    text = entry[lang or language()]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in catalog()


def label(group: str, value: str | None) -> str:
    """The translated label of an enum value, e.g. label('role', 'coordinator'); the value if unknown."""
    if value is None:
        return ""
    key = f"enum.{group}.{value}"
    return t(key) if has(key) else value


def capital(text: str) -> str:
    """The text with its first letter capitalised: a value in a table cell ("Coordinator", "Завършена")."""
    return text[:1].upper() + text[1:]


def cell(group: str, value: str | None) -> str:
    """An enum value's label as a table cell shows it: capitalised ("Member state", "Координатор")."""
    return capital(label(group, value))


def name(row: object, field: str = "name") -> str:
    """The localised name of a row that has <field>_bg and <field>_en (a dict, a pandas row or a named
    tuple): the current language's, else the English one, else "". A missing column or an empty cell
    (None, NaN from an outer join) counts as no name."""
    for key in (f"{field}_{language()}", f"{field}_en"):
        value = row.get(key) if hasattr(row, "get") else getattr(row, key, None)
        if isinstance(value, str) and value:
            return value
    return ""


def names(frame: pd.DataFrame, field: str = "name") -> pd.Series:
    """name() of every row at once: the current language's column, else the English one, else ""."""

    def column(lang: str) -> pd.Series:
        name = f"{field}_{lang}"
        return frame[name].fillna("").astype(str) if name in frame else pd.Series("", index=frame.index)

    english = column("en")
    own = column(language())
    return own.where(own != "", english)


def each(values: Iterable[Any], fn: Callable[[Any], str]) -> list[str]:
    """fn() of every value of a column, each distinct value computed once (a column of 20,000 dates or
    countries holds a few hundred distinct ones); fn(None) where a value is missing."""
    column = pd.Series(list(values), dtype=object)
    done = {v: fn(v) for v in pd.unique(column.dropna())}
    mapped = column.map(done)
    missing = column.isna()
    return mapped.where(~missing, fn(None)).tolist() if missing.any() else mapped.tolist()


def dates(values: Iterable[object]) -> list[str]:
    """date() of a whole column ("–" where there is none)."""
    return each(values, date)


def date_ranges(starts: Iterable[object], ends: Iterable[object]) -> list[str]:
    """date_range() of two whole columns, each distinct pair formatted once."""
    frame = pd.DataFrame({"start": list(starts), "end": list(ends)}, dtype=object)
    if frame.empty:
        return []
    unique = frame.drop_duplicates().reset_index(drop=True)
    unique["text"] = [
        date_range(s, None if pd.isna(e) else e) for s, e in zip(unique["start"], unique["end"], strict=True)
    ]
    return frame.merge(unique, how="left", on=["start", "end"])["text"].tolist()


def countries(codes: Iterable[object]) -> list[str]:
    """country() of a whole column ("" where there is none)."""
    return each(codes, lambda code: country(code) if isinstance(code, str) else "")


def number(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=fmt, locale=language())


def percent(value: float | None, decimals: int = 0) -> str:
    """Format a share given as 0..1."""
    if value is None:
        return "–"
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(value, format=fmt, locale=language())


#: Date skeletons per language: month names in Bulgarian ("7 юни 2017 г."), short months in English.
_SKELETON = {"bg": "yMMMMd", "en": "yMMMd"}


def _as_date(value: object) -> dt.date:
    """A date from a date, a datetime or a pandas Timestamp."""
    if isinstance(value, dt.datetime):  # pandas Timestamps too
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"not a date: {value!r}")


def date(value: object, fmt: str | None = None) -> str:
    """A date (a date, datetime or pandas Timestamp; None or NaT: "–") in the current language; fmt is a
    Babel pattern or name, else the language's skeleton."""
    if value is None or value != value:  # None or NaT
        return "–"
    return _date_text(language(), _as_date(value), fmt)


def date_range(start: object, end: object) -> str:
    """ "13 – 16 март 2023 г." / "Mar 13 – 16, 2023"; a single date when there is no end."""
    if start is None or start != start:
        return "–"
    if end is None or end != end or _as_date(end) == _as_date(start):
        return date(start)
    return _range_text(language(), _as_date(start), _as_date(end))


# Babel takes 30-130 µs per date: the same dates come back on every rerun of every session, so each is
# formatted once per language and process (a pure function of its arguments; bounded).
@lru_cache(maxsize=200_000)
def _date_text(lang: str, day: dt.date, fmt: str | None) -> str:
    if fmt:
        return _format_date(day, format=fmt, locale=lang)
    return format_skeleton(_SKELETON[lang], day, locale=lang)


@lru_cache(maxsize=200_000)
def _range_text(lang: str, start: dt.date, end: dt.date) -> str:
    return format_interval(start, end, _SKELETON[lang], locale=lang)


def clear_formats() -> None:
    """Forget the formatted dates (tests that count Babel's work start from here)."""
    _date_text.cache_clear()
    _range_text.cache_clear()


def country(code: str | None) -> str:
    """The country's name in the current language (Babel's locale data); 'EU' is the European Union."""
    if not code:
        return ""
    return Locale(language()).territories.get(code.upper(), code)


def source_title(title: str | None, reliability: str | None) -> str:
    """A source's title for display: sample data is named in the current language (source titles are
    stored in English, as the pages they cite)."""
    if reliability == "illustrative":
        return t("common.sample_source")
    return title or ""


def action_code(code: object) -> str:
    """An action's code in the current language: its leading word (Action, Step, ...) translated."""
    if not isinstance(code, str) or not code:
        return ""
    word, _, rest = code.partition(" ")
    key = f"enum.action_code.{word.lower()}"
    return f"{t(key)} {rest}".strip() if has(key) else code
