"""The shape of the performance fixes, on a database ten times the demo (scripts/make_large_db.py --scale
10): what a page draws and formats stays bounded however large the data grows. Not a timing test.

Each page runs once under AppTest with the Babel formatting functions counted. Bounds (the same at any size):
- every table shows at most BOUND_ROWS rows until "show all" is asked for;
- every chart draws at most BOUND_MARKS bars or markers (edges are one line trace, capped by network.py);
- a page formats at most BOUND_FORMATS single dates (the old Events page formatted one per event, the old
  Progress page one per peer row; both grew with the data);
- a page draws at most BOUND_ELEMENTS elements (a card per indicator, or a row of widgets per programme,
  would pass it at this size).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import charts as charts_module
from lib import i18n, seed, ui
from lib import network as network_module
from lib.navigation import PAGES

ROOT = Path(__file__).resolve().parents[2]
BOUND_ROWS = 500
BOUND_MARKS = 1_000
BOUND_FORMATS = 1_200
BOUND_ELEMENTS = 1_000


@pytest.fixture(scope="module")
def large_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("make_large_db", ROOT / "scripts" / "make_large_db.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    folder = tmp_path_factory.mktemp("scale10")
    counts = generator.make_seed(folder / "seed", scale=10)
    assert counts["event"] == 2_000 and counts["observation"] == 100_000
    return seed.build(folder / "large.duckdb", folder / "seed")


@pytest.fixture()
def formats(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts calls of the Babel functions behind i18n.date() and i18n.date_range() (from a cold start:
    i18n keeps every date it has formatted)."""
    i18n.clear_formats()
    count = [0]
    for name in ("format_skeleton", "format_interval", "_format_date"):
        original = getattr(i18n, name)

        def counted(*args, _original=original, **kwargs):
            count[0] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(i18n, name, counted)
    return count


def elements(node) -> list:
    out = []
    for child in getattr(node, "children", {}).values():
        out.append(child)
        out += elements(child)
    return out


def marks(chart) -> int:
    figure = json.loads(chart.proto.spec)
    drawn = 0
    for trace in figure.get("data", []):
        if trace.get("type") == "bar" or "markers" in str(trace.get("mode", "")):
            drawn += len(trace.get("x") or trace.get("y") or [])
    return drawn


#: Every page, and the programme and partner records (they draw charts and tables of their own).
CASES = [(spec, {}) for spec in PAGES] + [
    (next(p for p in PAGES if p.url_path == "programmes"), {"programme": "ua-digital-transition"}),
    (next(p for p in PAGES if p.url_path == "partners"), {"partner": "oulu"}),
]


@pytest.mark.parametrize(
    ("spec", "params"),
    CASES,
    ids=[spec.url_path + "".join(f"?{k}" for k in params) for spec, params in CASES],
)
def test_what_a_page_draws_stays_bounded_at_ten_times_the_data(
    large_db: Path, spec, params: dict[str, str], formats: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTNERSHIPS_DB", str(large_db))
    monkeypatch.chdir(ROOT)
    i18n.set_language("en")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params["lang"] = "en"
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(spec.path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    tables = [len(frame.value) for frame in at.dataframe]
    assert max(tables, default=0) <= BOUND_ROWS, tables
    charts = [marks(chart) for chart in at.get("plotly_chart")]
    assert max(charts, default=0) <= BOUND_MARKS, charts
    assert formats[0] <= BOUND_FORMATS, f"{formats[0]} single date formats"
    drawn = len(elements(at.main)) + len(elements(at.sidebar))
    assert drawn <= BOUND_ELEMENTS, f"{drawn} elements"

    # A rerun that changes nothing (a click elsewhere, a selection) builds no chart and measures no table
    # again: they are kept per data version and view (db.kept, db.derived), not made on every rerun.
    made = {"charts": 0, "columns": 0}
    for module, name, what in ((charts_module, "finish", "charts"), (ui, "column_extent", "columns")):
        original = getattr(module, name)

        def counted(*args, _original=original, _what=what, **kwargs):
            made[_what] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    monkeypatch.setattr(network_module, "figure", _refused("network.figure"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert made == {"charts": 0, "columns": 0}, f"a rerun made again: {made}"


def _refused(name: str):
    def refuse(*args, **kwargs):
        raise AssertionError(f"{name} ran again on a rerun that changed nothing")

    return refuse


def test_the_bounds_bite_at_this_size(large_db: Path) -> None:
    """The data is large enough that drawing everything would break the bounds above."""
    import duckdb

    con = duckdb.connect(str(large_db), read_only=True)
    try:
        events = con.execute("SELECT count(*) FROM event").fetchone()[0]
        partners = con.execute("SELECT count(DISTINCT partner_id) FROM membership").fetchone()[0]
        programmes = con.execute("SELECT count(*) FROM programme").fetchone()[0]
    finally:
        con.close()
    assert events > max(BOUND_ROWS, BOUND_FORMATS) and partners > BOUND_ROWS
    assert programmes * 5 > BOUND_ELEMENTS, "a row per programme (columns, link, three notes) would not fit"
