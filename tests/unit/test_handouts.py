"""Handouts: the PowerPoint opens again with python-pptx and holds the deck's slides, titles, native chart
data (checked against the database) and notes; the PDF has one 16:9 page per slide, rendered to PNG with
pdftoppm (saved in tests/e2e/screenshots/ to look at), Cyrillic included. Needs Debian's Chromium
(kaleido's export browser) and poppler-utils: scripts/setup.sh installs them."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

from lib import handouts, i18n, present, sql
from lib.present import Context

TODAY = dt.date(2026, 12, 1)
OUT = Path(__file__).resolve().parents[1] / "e2e" / "screenshots"


def _outside(address: object) -> bool:
    """Whether a socket address is outside this machine (anything but a Unix socket or loopback)."""
    if not isinstance(address, tuple):
        return False  # a Unix socket path
    host = str(address[0])
    return not (host in ("localhost", "::1") or host.startswith("127."))


@pytest.fixture(scope="module")
def built(demo_db_path):
    """The overview deck and the Oulu brief in both languages: (deck, slides, pptx bytes, pdf bytes), made
    while every socket connection outside this machine is refused and recorded (in `attempts`)."""
    import duckdb

    attempts: list[object] = []
    connect = socket.socket.connect

    def guarded(sock: socket.socket, address: object) -> None:
        if _outside(address):
            attempts.append(address)
            raise OSError(f"outside request refused in the tests: {address}")
        connect(sock, address)

    con = duckdb.connect(str(demo_db_path), read_only=True)
    ctx = Context(lambda name, **params: sql.run(con, name, **params), today=TODAY)
    out: dict = {"attempts": attempts}
    previous = i18n.language()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(socket.socket, "connect", guarded)
            for lang in ("en", "bg"):
                i18n.set_language(lang)
                for name in ("overview", "partner:oulu"):
                    deck = present.open_deck(name, ctx)
                    slides = present.build_deck(deck, ctx)
                    out[(name, lang)] = (
                        deck,
                        slides,
                        handouts.pptx(deck, slides),
                        handouts.pdf(deck, slides),
                    )
    finally:
        i18n.set_language(previous)
        con.close()
    return out


def _language_leaks(text: str, lang: str) -> list[str]:
    """The presenter's own strings of the other language found in `text` (those that differ between the
    languages and have no placeholders)."""
    other = "bg" if lang == "en" else "en"
    keys = [k for k in i18n.catalog() if k.startswith(("present.", "common.", "nav."))]
    foreign = {i18n.t(k, other) for k in keys if "{" not in i18n.t(k, other)} - {
        i18n.t(k, lang) for k in keys
    }
    return sorted(s for s in foreign if len(s) > 3 and re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text))


def _without_sources(text: str, slide: present.Slide) -> str:
    """`text` without the sources' titles (data, often English in the Bulgarian deck)."""
    for source in slide.sources:
        text = text.replace(source, " ")
    return text


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_making_the_handouts_asks_nothing_from_outside(built) -> None:
    assert built["attempts"] == [], "a handout tried to reach outside this machine"


def test_the_export_browser_loads_only_local_scripts() -> None:
    """kaleido's page for drawing figures: its default loads MathJax from a CDN on every start."""
    index = handouts.export_page().generate_index()
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", index)
    assert scripts, index
    for src in scripts:
        assert not re.match(r"(https?:)?//", src), src
        assert Path(src.removeprefix("file://")).is_file(), src
    assert "mathjax" not in index.lower()


def test_the_slide_figures_need_nothing_from_outside(built) -> None:
    """No map tiles, no geo topology (plotly geo fetches one) and no pictures from a URL in any figure."""
    figures = [
        block.figure
        for key, value in built.items()
        if key != "attempts"
        for slide in value[1]
        for block in slide.blocks
        if isinstance(block, present.Chart)
    ]
    assert len(figures) >= 8
    outside = {"scattergeo", "choropleth", "scattermapbox", "choroplethmapbox", "densitymapbox", "scattermap"}
    for fig in figures:
        assert not {trace.type for trace in fig.data} & outside
        assert all(str(image.source or "").startswith("data:") for image in fig.layout.images)


def _pptx_text(page) -> str:
    """All the text on a PowerPoint slide (text boxes, shapes and tables), as the audience sees it."""
    parts = []
    for shape in page.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "bg"])
@pytest.mark.parametrize("name", ["overview", "partner:oulu"])
def test_the_powerpoint_holds_the_slides_titles_and_notes(built, name: str, lang: str) -> None:
    deck, slides, data, _ = built[(name, lang)]
    prs = Presentation(io.BytesIO(data))
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    assert len(prs.slides) == len(slides) == len(deck) >= 6
    assert prs.core_properties.title == deck.title
    for number, (page, slide) in enumerate(zip(prs.slides, slides, strict=True), start=1):
        assert page.shapes.title.text == slide.title
        text = _pptx_text(page)
        assert i18n.t("present.counter", lang, n=number, total=len(slides)) in text
        # the sample-data mark is on the slide itself, and only where the slide shows sample numbers
        assert (i18n.t("present.sample", lang) in text) == slide.sample, slide.key
        # sources in small type at the bottom: the label and the first source's title
        assert slide.sources, slide.key
        assert f"{i18n.t('present.sources', lang)}: {slide.sources[0]}" in text
        assert not _language_leaks(_without_sources(text, slide), lang), slide.key
        notes = page.notes_slide.notes_text_frame.text
        assert all(source in notes for source in slide.sources)
        assert (i18n.t("present.notes.sample", lang) in notes) == slide.sample
    titles = " ".join(page.shapes.title.text for page in prs.slides)
    assert bool(re.search("[а-яА-Я]", titles)) == (lang == "bg"), titles
    assert any(s.sample for s in slides) and not all(s.sample for s in slides), "both kinds are tested"


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
    assert re.search(rf"^Title:\s+{re.escape(deck.title)}$", info, re.M), info
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[: len(slides)]
    assert len(pages) == len(slides)
    for number, (page, slide) in enumerate(zip(pages, slides, strict=True), start=1):
        flat = _flat(page)
        assert _flat(slide.title) in flat, (number, flat[:200])
        assert re.search(rf"(?<!\d){number} ?/ ?{len(slides)}$", flat), flat[-80:]  # "n / N" at the end
        assert (_flat(i18n.t("present.sample", lang)) in flat) == slide.sample, slide.key
        assert f"{i18n.t('present.sources', lang)}:" in flat, slide.key
        assert not _language_leaks(_without_sources(flat, slide), lang), slide.key
    if lang == "bg":
        assert re.search("[а-яА-Я]{4}", text), "Cyrillic text is in the PDF"
    OUT.mkdir(parents=True, exist_ok=True)
    prefix = OUT / f"handout-{name.replace(':', '-')}-{lang}"
    subprocess.run(["pdftoppm", "-png", "-r", "48", str(path), str(prefix)], check=True)
    pictures = sorted(OUT.glob(f"{prefix.name}-*.png"))
    assert len(pictures) == len(slides) and all(p.stat().st_size > 5000 for p in pictures)


def test_the_pdf_fetches_only_data_and_files() -> None:
    """weasyprint's fetcher refuses a URL from outside (the slides' pictures are data: URLs)."""
    fetch = handouts.local_fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetch("https://example.org/logo.png")
    assert fetch("data:text/plain,ok").read() == b"ok"


def test_the_pdf_pictures_are_jpegs_one_per_chart(built, tmp_path) -> None:
    """Each chart of the PDF is one JPEG picture, which weasyprint copies as it is (a PNG it decodes and
    compresses again: most of the PDF's time), with no alpha mask beside it."""
    deck, slides, _, data = built[("overview", "en")]
    path = tmp_path / "deck.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in listing.stdout.splitlines()[2:] if line.strip()]
    charts = sum(isinstance(b, present.Chart) for s in slides for b in s.blocks)
    assert charts and len(rows) == charts, listing.stdout
    assert {row[2] for row in rows} == {"image"} and {row[8] for row in rows} == {"jpeg"}, listing.stdout


def test_one_export_browser_warm_up_at_a_time(monkeypatch) -> None:
    """Reruns while the export browser starts do not start more warm-up threads (each would wait for the
    first one and then draw its picture again)."""
    monkeypatch.setattr(handouts, "_started", False)
    monkeypatch.setattr(handouts, "_warming", False)
    gate, calls = threading.Event(), []

    def slow_picture(*args, **kwargs) -> bytes:
        calls.append(args)
        gate.wait(60)
        return b""

    monkeypatch.setattr(handouts, "picture", slow_picture)
    for _ in range(3):
        handouts.warm_up()
    gate.set()
    for thread in [t for t in threading.enumerate() if t.name == "kaleido-warm-up"]:
        thread.join(60)
    assert len(calls) == 1
