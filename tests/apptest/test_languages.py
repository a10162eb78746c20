"""The Bulgarian pages hold no English data text: every page of the registry, every programme's and every
event's page, and the card of every partner the seed gives a location note, in Bulgarian, on the demo data.

"English data text" is the English side of a text the seed holds in both languages (x_en or x, with x_bg;
validate.language_pairs) that appears in no Bulgarian text of the seed: a name cited as it is written, such as
"Ecorys" or a published page's title, is in both and so is allowed. One deliberate exception: an event's
topics are listed in the page's language with the source's original wording beside them in grey (the page
says "in Bulgarian and in English"), so a topic's English title may appear next to its Bulgarian one.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from lib import config, validate
from lib.navigation import PAGES, page_for
from tests.text import shown

ROOT = Path(__file__).resolve().parents[2]


def seed_rows(table: str) -> list[dict[str, str]]:
    with (config.SEED_DIR / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def english_only() -> set[str]:
    """English texts of the seed that appear in none of its Bulgarian texts."""
    english, bulgarian = set(), []
    for table in validate.TABLES:
        pairs = validate.language_pairs(table)
        for row in seed_rows(table):
            for en, bg in pairs:
                english.add(row[en].strip())
                bulgarian.append(row[bg])
    every_bg = "\n".join(bulgarian)
    return {text for text in english if len(text) >= 3 and text not in every_bg}


ENGLISH = english_only()
#: An event's topic may show its English title in grey beside the Bulgarian one ("**bg** · :gray[en]").
BESIDE = {r["title_en"]: r["title_bg"] for r in seed_rows("event_topic")}


def nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from nodes(child)


def strings(value) -> Iterator[str]:
    if isinstance(value, str):
        if value.startswith("{"):  # a chart's or map's JSON: its labels and hovers
            try:
                yield from strings(json.loads(value))
                return
            except ValueError:
                pass
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def page_text(at: AppTest) -> str:
    """Every text of the page as the viewer reads it: elements, widget options, table cells, charts."""
    parts: list[str] = []
    for node in nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.extend(strings(MessageToDict(proto)))
        if type(node).__name__ == "Dataframe":
            frame = node.value
            parts.extend(map(str, frame.columns))
            parts.extend(str(v) for v in frame.astype(str).to_numpy().ravel())
    return shown("\n".join(parts))


def visits() -> list[tuple[str, dict[str, str]]]:
    programmes, partners, events = (page_for(kind) for kind in ("programme", "partner", "event"))
    assert programmes and partners and events
    out = [(spec.path, {}) for spec in PAGES]
    out += [(programmes.path, {"programme": r["id"]}) for r in seed_rows("programme")]
    out += [(events.path, {"event": r["id"]}) for r in seed_rows("event")]
    out += [(partners.path, {"partner": r["id"]}) for r in seed_rows("partner") if r["location_note"]]
    return out


VISITS = visits()


@pytest.fixture(scope="module")
def open_bg(demo_db_path: Path):
    mp = pytest.MonkeyPatch()
    mp.setenv("PARTNERSHIPS_DB", str(demo_db_path))
    mp.chdir(ROOT)

    def start(path: str, params: dict[str, str]) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["lang"] = "bg"
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(path)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield start
    mp.undo()


def test_the_seed_has_english_only_texts_to_look_for() -> None:
    """The check below can fail: the seed's English side holds texts no Bulgarian one repeats."""
    assert {"Partnership on Digital Transition", "representative: Kadri Jushkin", "Oulu"} <= ENGLISH
    assert "Ecorys" not in ENGLISH, "a name cited as it is written in both languages is allowed"


@pytest.mark.parametrize(
    ("path", "params"), VISITS, ids=[f"{Path(p).stem}-{'-'.join(q.values()) or 'list'}" for p, q in VISITS]
)
def test_a_bulgarian_page_shows_no_english_data_text(open_bg, path: str, params: dict[str, str]) -> None:
    text = page_text(open_bg(path, params))
    for english, bulgarian in BESIDE.items():  # a topic's original wording in grey beside its translation
        text = text.replace(f"**{bulgarian}** · :gray[{english}]", bulgarian)
    found = sorted(e for e in ENGLISH if e in text)
    assert not found, f"English data text on a Bulgarian page: {found[:10]}"
