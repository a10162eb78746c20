"""The short form of the seed fuzz in tests/seed_fuzz.py (`python -m tests.seed_fuzz` is the full run)."""

from __future__ import annotations

from tests import seed_fuzz


def test_random_mutations_of_the_seed_never_crash_and_always_say_where() -> None:
    report = seed_fuzz.run(cases=120, seed_value=2026)
    assert report.ok, report.text()
    assert report.cases == 120
    assert report.refused > 60 and report.accepted > 10, report.text()
    assert report.codes["not_utf8"] and report.codes["forbidden_character"], "the mutations reach the checks"
