"""One registry of pages (lib/navigation.py), and shared chrome that depends on no page."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from lib import i18n, navigation
from lib.navigation import PAGES

ROOT = Path(__file__).resolve().parents[2]
#: The pure logic of one page or area; shared chrome (lib/ui.py) and the registry must not import these.
PAGE_LOGIC = {"explore", "maps", "network", "overview", "progress"}
PAGE_FILE = re.compile(r"""["']pages/[\w/]+\.py["']""")


def lib_imports(path: Path) -> set[str]:
    """The lib modules a file imports (`from lib import a, b`, `import lib.a`, `from lib.a import x`)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "lib":
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lib."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("lib."))
    return found


def test_each_page_is_registered_once_in_a_section_folder() -> None:
    for attribute in ("path", "url_path", "title"):
        values = [getattr(spec, attribute) for spec in PAGES]
        assert len(values) == len(set(values)), f"a page {attribute} appears twice"
    assert sum(spec.default for spec in PAGES) == 1
    for spec in PAGES:
        assert (ROOT / spec.path).is_file(), spec.path
        assert len(Path(spec.path).parts) == 3, f"{spec.path}: pages live in a section folder (design.md §2)"
        assert i18n.has(spec.title) and i18n.has(spec.section)


def test_every_record_kind_has_exactly_one_page() -> None:
    shows = [spec.shows for spec in PAGES if spec.shows]
    assert sorted(shows) == ["event", "partner", "programme"]
    for kind in shows:
        spec = navigation.page_for(kind)
        assert spec is not None and spec.shows == kind
    assert navigation.page_for("indicator") is None


def test_no_page_file_is_named_outside_the_registry() -> None:
    """Links find their page through navigation.page_for(); a second list of paths would drift."""
    named = {
        str(path.relative_to(ROOT)): PAGE_FILE.findall(path.read_text(encoding="utf-8"))
        for path in [ROOT / "app.py", *ROOT.glob("lib/*.py"), *ROOT.glob("pages/**/*.py")]
        if path.name != "navigation.py"
    }
    assert {file: found for file, found in named.items() if found} == {}


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_links_keep_a_language_other_than_the_default(lang: str) -> None:
    previous = i18n.language()
    i18n.set_language(lang)
    try:
        params = navigation.link_params("partner", "oulu")
    finally:
        i18n.set_language(previous)
    assert params == ({"partner": "oulu"} if lang == "bg" else {"partner": "oulu", "lang": "en"})


def test_shared_chrome_imports_no_page_logic() -> None:
    for module in ("ui", "navigation", "search", "db", "i18n", "charts"):
        assert lib_imports(ROOT / "lib" / f"{module}.py") & PAGE_LOGIC == set(), module


def test_a_partner_link_shows_the_icon_of_its_type(fixture_con) -> None:
    """Organisations, states and EU bodies do not get a city's icon (in the search, the "did you mean")."""
    from lib import search, seed, sql

    assert set(navigation.PARTNER_ICONS) == set(seed.ENUMS[("partner", "type")])
    city = navigation.record_icon("partner", "city")
    assert city == navigation.page_for("partner").icon
    others = {navigation.record_icon("partner", kind) for kind in navigation.PARTNER_ICONS if kind != "city"}
    assert city not in others and len(others) == len(navigation.PARTNER_ICONS) - 1
    assert navigation.record_icon("partner") == city  # type not known: the page's icon
    assert navigation.record_icon("event") == navigation.page_for("event").icon
    items = {i.id: i for i in search.items_from(sql.run(fixture_con, "explore_search_items"))}
    assert items["estonia"].type == "member-state" and items["oulu"].type == "city"
    assert navigation.record_icon("partner", items["estonia"].type) == ":material/flag:"
