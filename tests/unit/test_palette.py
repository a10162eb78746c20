"""One palette (lib/palette.py): the theme in .streamlit/config.toml agrees with it, and no other module or
page writes a colour of its own."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from lib import palette, progress, seed

ROOT = Path(__file__).resolve().parents[2]
COLOUR_LITERAL = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|rgba?\(\s*\d")


def test_the_streamlit_theme_uses_the_palette() -> None:
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    assert theme["primaryColor"] == palette.THEMES["light"].primary
    assert tuple(theme["chartCategoricalColors"]) == palette.CATEGORICAL
    for mode in ("light", "dark"):
        colours = palette.THEMES[mode]
        assert theme[mode] == {
            "primaryColor": colours.primary,
            "backgroundColor": colours.background,
            "secondaryBackgroundColor": colours.secondary_background,
            "textColor": colours.text,
        }, mode


def test_no_colour_is_written_outside_the_palette() -> None:
    files = [ROOT / "app.py", *ROOT.glob("lib/*.py"), *ROOT.glob("pages/**/*.py")]
    found = {
        f"{path.relative_to(ROOT)}:{number}": line.strip()
        for path in files
        if path.name != "palette.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if COLOUR_LITERAL.search(line)
    }
    assert found == {}


def test_every_value_that_is_drawn_in_colour_has_one() -> None:
    assert tuple(palette.FAMILY) == seed.ENUMS[("programme", "family")]
    assert tuple(palette.EVENT_KIND) == seed.ENUMS[("event", "kind")]
    assert tuple(palette.PARTNER_TYPE) == seed.ENUMS[("partner", "type")]
    assert set(palette.ACTION_STATUS) == set(seed.ENUMS[("action", "status")])
    assert set(palette.INDICATOR_STATUS) == set(progress.STATUSES)


def test_colour_forms() -> None:
    assert palette.rgb("#2b6cb0") == (43, 108, 176)
    assert palette.rgba("#2b6cb0", 200) == [43, 108, 176, 200]
    assert palette.css("#5a67d8", 0.16) == "rgba(90,103,216,0.16)"
