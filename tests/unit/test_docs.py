"""The documentation says what the code does: settings and pages in the README, parameters in the header
comment of every query (as datasette tests its documentation against the code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lib import config, i18n
from lib.navigation import PAGES

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SETTING = re.compile(r"\bPARTNERSHIPS_[A-Z0-9_]+\b")
PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
QUERIES = sorted(config.QUERY_DIR.glob("*.sql"))


def settings_in_code() -> set[str]:
    files = [ROOT / "app.py", *ROOT.glob("lib/*.py"), *(p for p in ROOT.glob("scripts/*") if p.is_file())]
    return {s for path in files for s in SETTING.findall(path.read_text(encoding="utf-8"))}


def test_every_setting_is_in_the_readme_and_every_documented_one_exists() -> None:
    in_code = settings_in_code()
    assert in_code, "the settings are read in lib/"
    assert sorted(in_code - set(SETTING.findall(README))) == [], "settings the README does not mention"
    assert sorted(set(SETTING.findall(README)) - in_code) == [], "settings the README names but no code reads"


def test_every_page_is_in_the_readmes_page_table() -> None:
    rows = [line for line in README.splitlines() if line.startswith("|")]
    for spec in PAGES:
        entry = f"**{i18n.t(spec.title, 'en')}** (`/{spec.link}`"
        assert any(entry in row for row in rows), f"README's page table lacks {entry}"
    listed = re.findall(r"\*\*[^*]+\*\* \(`/([a-z-]*)`", README)
    assert sorted(listed) == sorted(spec.link for spec in PAGES), "a page in the README that the app lacks"


def header_and_body(path: Path) -> tuple[str, str]:
    """The leading comment block of a query, and the SQL after it without comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next((i for i, line in enumerate(lines) if not line.startswith("--")), len(lines))
    body = "\n".join(line.split("--", 1)[0] for line in lines[n:])
    return "\n".join(lines[:n]), body


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_a_querys_header_names_exactly_the_parameters_it_binds(path: Path) -> None:
    header, body = header_and_body(path)
    assert "-- Params:" in header and "Columns:" in header, "a header says its params and columns"
    documented, bound = set(PARAM.findall(header)), set(PARAM.findall(body))
    assert documented == bound, f"header {sorted(documented)} != bound {sorted(bound)}"
    if not bound:
        assert "Params: none" in header


def test_the_header_check_finds_a_parameter_missing_from_the_header(tmp_path: Path) -> None:
    path = tmp_path / "q.sql"
    path.write_text("-- Params: $home.\n-- Columns: id.\nSELECT id FROM partner WHERE id = $home AND $x\n")
    header, body = header_and_body(path)
    assert set(PARAM.findall(header)) != set(PARAM.findall(body))
