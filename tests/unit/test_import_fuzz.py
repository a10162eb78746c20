"""The short form of the importer fuzz in tests/import_fuzz.py (`python -m tests.import_fuzz`: the full
run)."""

from __future__ import annotations

from tests import import_fuzz


def test_generated_broken_office_files_never_crash_always_say_where_and_change_nothing() -> None:
    report = import_fuzz.run(cases=150, seed_value=2026)
    assert report.ok, report.text()
    assert report.cases == 150
    assert report.refused > 100 and report.accepted > 0, report.text()
    for code in ("not_text", "header_missing_column", "duplicate_key", "cell_too_long", "unknown_reference"):
        assert report.codes[code], f"the mutations reach {code}: {report.text()}"
