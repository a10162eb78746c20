"""Handouts: the PowerPoint opens again with python-pptx and holds the deck's slides, titles, native chart
data (checked against the database) and notes; the PDF has one 16:9 page per slide, rendered to PNG with
pdftoppm (saved in tests/e2e/screenshots/ to look at), Cyrillic included. Needs Debian's Chromium
(kaleido's export browser) and poppler-utils: scripts/setup.sh installs them."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

from lib import handouts, i18n, present, sql
from lib.present import Context

TODAY = dt.date(2026, 12, 1)
OUT = Path(__file__).resolve().parents[1] / "e2e" / "screenshots"


@pytest.fixture(scope="module")
def built(demo_db_path):
    """The overview deck and the Oulu brief in both languages: (deck, slides, pptx bytes, pdf bytes)."""
    import duckdb

    con = duckdb.connect(str(demo_db_path), read_only=True)
    ctx = Context(lambda name, **params: sql.run(con, name, **params), today=TODAY)
    out = {}
    previous = i18n.language()
    try:
        for lang in ("en", "bg"):
            i18n.set_language(lang)
            for name in ("overview", "partner:oulu"):
                deck = present.open_deck(name, ctx)
                slides = present.build_deck(deck, ctx)
                out[(name, lang)] = (deck, slides, handouts.pptx(deck, slides), handouts.pdf(deck, slides))
    finally:
        i18n.set_language(previous)
        con.close()
    return out


@pytest.mark.parametrize("lang", ["en", "bg"])
@pytest.mark.parametrize("name", ["overview", "partner:oulu"])
def test_the_powerpoint_holds_the_slides_titles_and_notes(built, name: str, lang: str) -> None:
    deck, slides, data, _ = built[(name, lang)]
    prs = Presentation(io.BytesIO(data))
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    assert len(prs.slides) == len(slides) == len(deck)
    for page, slide in zip(prs.slides, slides, strict=True):
        assert page.shapes.title.text == slide.title
        notes = page.notes_slide.notes_text_frame.text
        assert all(source in notes for source in slide.sources)
        if slide.sample:
            assert i18n.t("present.notes.sample", lang) in notes


def test_the_powerpoint_charts_are_native_with_the_databases_values(built, demo_con) -> None:
    _, slides, data, _ = built[("overview", "en")]
    prs = Presentation(io.BytesIO(data))
    charts = {s.key: [sh for sh in p.shapes if sh.has_chart] for s, p in zip(slides, prs.slides, strict=True)}
    pictures = {
        s.key: [sh for sh in p.shapes if sh.shape_type == 13] for s, p in zip(slides, prs.slides, strict=True)
    }
    assert charts["map"] == [] and len(pictures["map"]) == 1, "the map is a picture"
    assert charts["network"] == [] and len(pictures["network"]) == 1, "the network is a picture"
    # the timeline: one bar per programme Sofia is in, starting on the programme's start date
    timeline = charts["timeline"][0].chart
    categories = [c.removeprefix("· ") for c in timeline.plots[0].categories]
    starts = dict(zip(categories, timeline.plots[0].series[0].values, strict=True))
    rows = demo_con.execute(
        "SELECT DISTINCT p.name_en, p.start_date FROM programme AS p JOIN membership AS m "
        "ON m.programme_id = p.id WHERE m.partner_id = 'sofia'"
    ).fetchall()
    assert {name: (start - handouts.EXCEL_EPOCH).days for name, start in rows} == starts
    # progress: the share of the target of DIG-02 is its actual over its target
    bars = charts["progress"][0].chart.plots[0]
    index = next(i for i, c in enumerate(bars.categories) if c.startswith("DIG-02"))
    value = next(s.values[index] for s in bars.series if s.values[index] is not None)
    actual, target = demo_con.execute(
        "SELECT max(value) FILTER (WHERE kind = 'actual' AND year(period) = 2025), "
        "max(value) FILTER (WHERE kind = 'target' AND year(period) = 2025) "
        "FROM observation WHERE indicator_id = 'open-datasets' AND partner_id = 'sofia'"
    ).fetchone()
    assert value == pytest.approx(round(100 * actual / target, 1))


@pytest.mark.parametrize("lang", ["en", "bg"])
@pytest.mark.parametrize("name", ["overview", "partner:oulu"])
def test_the_pdf_has_one_16_9_page_per_slide_and_renders(built, tmp_path, name: str, lang: str) -> None:
    assert shutil.which("pdftoppm"), "poppler-utils is missing: run bash scripts/setup.sh test"
    deck, slides, _, data = built[(name, lang)]
    path = tmp_path / "deck.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^Pages:\s+{len(slides)}$", info, re.M), info
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(x) for x in size.split(":")[1].split("pts")[0].split("x"))
    assert width / height == pytest.approx(16 / 9, rel=0.01)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert all(s.title.split()[0] in text for s in slides)
    if lang == "bg":
        assert "Източници" in text, "Cyrillic text is in the PDF"
    OUT.mkdir(parents=True, exist_ok=True)
    prefix = OUT / f"handout-{name.replace(':', '-')}-{lang}"
    subprocess.run(["pdftoppm", "-png", "-r", "48", str(path), str(prefix)], check=True)
    pages = sorted(OUT.glob(f"{prefix.name}-*.png"))
    assert len(pages) == len(slides) and all(p.stat().st_size > 5000 for p in pages)
