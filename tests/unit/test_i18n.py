"""Every UI string exists in Bulgarian and English; formatting follows the language."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from lib import config, i18n, seed

ROOT = Path(__file__).resolve().parents[2]
KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_.-]+)["']""")
KEY_ARG = re.compile(
    r"""(?:page_title|empty_state)\(\s*["']([a-z0-9_.-]+)["'](?:,\s*["']([a-z0-9_.-]+)["'])?"""
)


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in [ROOT / "app.py", *ROOT.glob("pages/**/*.py"), *ROOT.glob("lib/*.py")]:
        text = path.read_text(encoding="utf-8")
        keys.update(KEY_CALL.findall(text))
        for match in KEY_ARG.findall(text):
            keys.update(k for k in match if k)
    return keys


def test_catalog_is_complete_in_both_languages() -> None:
    assert i18n.check_catalog() == []


def test_every_key_used_in_code_exists() -> None:
    missing = sorted(k for k in used_keys() if not i18n.has(k))
    assert missing == []


def test_a_missing_key_in_a_catalog_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.toml").write_text('[a.b]\nbg = "Б"\n[c]\nbg = "В"\nen = "C"\n', encoding="utf-8")
    (tmp_path / "y.toml").write_text('[c]\nbg = "В"\nen = "C"\n', encoding="utf-8")
    monkeypatch.setattr(config, "LOCALE_DIR", tmp_path)
    i18n._catalog.cache_clear()
    try:
        problems = i18n.check_catalog()
    finally:
        monkeypatch.undo()
        i18n._catalog.cache_clear()
    assert "x.toml: 'a.b' has no text in en" in problems
    assert "y.toml: 'c' is defined twice" in problems


def test_unknown_key_raises() -> None:
    with pytest.raises(KeyError):
        i18n.t("no.such.key")


def test_every_enum_value_has_a_label() -> None:
    groups = {
        ("programme", "family"): "family",
        ("programme", "kind"): "kind",
        ("programme", "status"): "status",
        ("membership", "role"): "role",
        ("partner", "type"): "partner_type",
        ("event", "kind"): "event_kind",
        ("action", "status"): "action_status",
        ("source", "reliability"): "reliability",
        ("event_partner", "role"): "event_role",
    }
    missing = [
        f"enum.{group}.{value}"
        for column, group in groups.items()
        for value in seed.ENUMS[column]
        if not i18n.has(f"enum.{group}.{value}")
    ]
    assert missing == []


def test_computed_values_have_labels_too() -> None:
    from lib import progress

    assert all(i18n.has(f"enum.indicator_status.{s}") for s in progress.STATUSES)
    assert all(i18n.has(f"enum.unit.{u}") for u in ("percent", "count", "days"))


def test_a_name_is_text_even_when_a_cell_is_empty() -> None:
    """None, NaN (an outer join) or a missing column give the English name, then "", never NaN."""
    import pandas as pd

    i18n.set_language("bg")
    assert i18n.name({"name_bg": "Оулу", "name_en": "Oulu"}) == "Оулу"
    assert i18n.name({"name_bg": float("nan"), "name_en": "Oulu"}) == "Oulu"
    assert i18n.name(pd.Series({"host_bg": None, "host_en": float("nan")}), "host") == ""
    row = next(pd.DataFrame({"title_en": ["Kick-off"]}).itertuples())
    assert i18n.name(row, "title") == "Kick-off"
    assert i18n.name({}, "title") == ""


def test_formatting_follows_the_language() -> None:
    day = dt.date(2017, 6, 7)
    i18n.set_language("bg")
    assert i18n.number(12345.6, 1) == "12\u00a0345,6"
    assert i18n.country("FI") == "Финландия"
    assert i18n.date(day, "long") == "7 юни 2017\u202fг."
    assert i18n.t("app.title") == "Международни партньорства на София"
    i18n.set_language("en")
    assert i18n.number(12345.6, 1) == "12,345.6"
    assert i18n.country("KR") == "South Korea"
    assert i18n.date(day, "long") == "June 7, 2017"
    assert i18n.t("app.title") == "Sofia International Partnerships"
    i18n.set_language("xx")
    assert i18n.language() == "bg"


def test_date_axes_have_no_english_month_names_in_bulgarian() -> None:
    import plotly.graph_objects as go

    from lib import charts

    bg = charts.date_axis(go.Figure(), "bg")
    assert [s.value for s in bg.layout.xaxis.tickformatstops] == ["%d.%m.%Y", "%m.%Y", "%Y"]
    en = charts.date_axis(go.Figure(), "en")
    assert en.layout.xaxis.tickformatstops == () and en.layout.xaxis.type == "date"
