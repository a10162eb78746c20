"""What can go wrong with the data files, in words a page can show. No streamlit.

A `Fault` says what went wrong (`code`: the catalog keys `fault.<code>.what` and `fault.<code>.todo` in
lib/locales/faults.toml), with which file or folder (shown to visitors by its name only), and the raw detail
(the operating system's or DuckDB's own message, with full paths) for developers and the server's log.

`open_error` turns an exception from opening a database file into a Fault; `query_error` does the same for
an error of a running query (as harlequin does: the kind of error in plain words, DuckDB's text as detail).
"""

from __future__ import annotations

import errno
from pathlib import Path

import duckdb

from lib import i18n


class Fault(Exception):
    """A fault of the data files or folders that a person has to fix (or that passes, for a query)."""

    def __init__(self, code: str, path: Path | None = None, detail: str = "", **params: object) -> None:
        self.code = code
        self.path = path
        self.detail = detail
        self.params = params
        super().__init__(f"{code}: {path}: {detail}" if detail else f"{code}: {path}")

    def _values(self, lang: str | None) -> dict[str, object]:
        values = {"name": self.path.name if self.path else "", **self.params}
        if "reason" in values:  # os_error_code(), said in the language
            values["reason"] = i18n.t(f"fault.reason.{values['reason']}", lang)
        return values

    def what(self, lang: str | None = None) -> str:
        """What went wrong, for the page (the file by its name only)."""
        return i18n.t(f"fault.{self.code}.what", lang, **self._values(lang))

    def todo(self, lang: str | None = None) -> str:
        """What to do about it."""
        return i18n.t(f"fault.{self.code}.todo", lang, **self._values(lang))

    def details(self) -> str:
        """For developers and the log: the full path and the raw message."""
        lines = [f"fault: {self.code}"]
        if self.path is not None:
            lines.append(f"path: {self.path}")
        if self.detail:
            lines.append(f"detail: {self.detail}")
        return "\n".join(lines)

    def __str__(self) -> str:
        text = f"{self.what('en')} {self.todo('en')}"
        return f"{text}\n({self.path}: {self.detail})" if self.detail else text


def os_error_code(exc: OSError) -> str:
    """A short name for the common OS errors of writing files (used in messages as the reason)."""
    return {
        errno.EACCES: "permission",
        errno.EPERM: "not_permitted",
        errno.EROFS: "read_only_fs",
        errno.ENOSPC: "disk_full",
        errno.EDQUOT: "disk_full",
        errno.EISDIR: "directory",
        errno.ENOENT: "missing",
    }.get(exc.errno or 0, "other")


def reason(exc: OSError, lang: str | None = None) -> str:
    """The OS error in words of the chosen language."""
    return i18n.t(f"fault.reason.{os_error_code(exc)}", lang)


#: (words in DuckDB's message when opening a file, fault code)
_OPEN_MESSAGES = (
    ("could not set lock", "db_locked"),
    ("conflicting lock", "db_locked"),
    ("permission denied", "db_unreadable"),
    ("is a directory", "db_directory"),
    ("not a valid duckdb database", "db_not_duckdb"),
    ("does not exist", "db_missing"),
    ("version number", "db_other_version"),
    ("storage version", "db_other_version"),
    ("could not read enough bytes", "db_damaged"),
    ("corrupt", "db_damaged"),
    ("checksum", "db_damaged"),
)


def open_error(path: Path, exc: BaseException) -> Fault:
    """The fault behind an exception raised while opening the database file at `path`."""
    text = str(exc)
    if isinstance(exc, duckdb.Error):
        low = text.lower()
        for words, code in _OPEN_MESSAGES:
            if words in low:
                return Fault(code, path, text)
        return Fault("db_open_failed", path, text)
    if isinstance(exc, PermissionError):
        return Fault("db_unreadable", path, text)
    if isinstance(exc, IsADirectoryError):
        return Fault("db_directory", path, text)
    if isinstance(exc, FileNotFoundError):
        return Fault("db_missing", path, text)
    return Fault("db_open_failed", path, text)


def query_error(name: str, exc: duckdb.Error) -> Fault:
    """A readable fault for an error of the named query (its kind in plain words, DuckDB's text as detail)."""
    kinds: tuple[tuple[type[duckdb.Error], str], ...] = (
        (duckdb.CatalogException, "query_schema"),
        (duckdb.BinderException, "query_schema"),
        (duckdb.OutOfMemoryException, "query_memory"),
        (duckdb.InterruptException, "query_interrupted"),
        (duckdb.IOException, "query_io"),
        (duckdb.ConversionException, "query_value"),
        (duckdb.InvalidInputException, "query_value"),
        (duckdb.OutOfRangeException, "query_value"),
    )
    code = next((c for kind, c in kinds if isinstance(exc, kind)), "query_failed")
    return Fault(code, None, f"query {name}: {type(exc).__name__}: {exc}", query=name)
