"""Handouts of a deck: a PowerPoint and a PDF, 16:9, one page per slide, in the deck's language. No streamlit.

Both draw the same `present.Slide` objects as the Present page.

- PowerPoint (python-pptx, from the 16:9 template data/templates/slides-16x9.pptx made by
  scripts/build_template.py): bar, timeline and dated-point charts are native PowerPoint charts with their
  data (editable); the map and the network are pictures; the speaker notes of each slide hold what it
  counts, the sample-data and uncertainty notes and every source.
- PDF (weasyprint, from the slides' HTML, lib/slide_html.py, the same text the Present page shows): every
  chart is a picture of the very figure the page draws. Why this route and not LibreOffice converting the
  PowerPoint: see the README ("Handouts"): it was faster (0.2–0.4 s against 2–4.6 s a deck here) and it
  looks like the slides on screen.

Pictures of figures come from kaleido through Debian's Chromium (offline: plotly's bundled plotly.js) with
one export browser kept warm per process, and are cached by the figure's content.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import io
import os
import shutil
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import plotly
import plotly.graph_objects as go
import plotly.io as pio
from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from lib import config, i18n, palette, present, slide_html
from lib.i18n import t

if TYPE_CHECKING:  # both are imported when first used: they are slow to import
    import kaleido
    import weasyprint

TEMPLATE = config.ROOT / "data" / "templates" / "slides-16x9.pptx"
TITLE_ONLY = 5  # the template's "Title Only" layout
FONT = (
    "Arial"  # PowerPoint has it everywhere; LibreOffice and PDF viewers use the metric twin (Liberation Sans)
)
#: The body of a slide (inches): under the title and subtitle, above the footer.
BODY = (0.55, 1.7, 12.23, 4.95)
#: Pixels of a chart picture (the body's aspect); the PDF and the PowerPoint use the same picture.
PICTURE = (1800, 730)
PICTURE_SCALE = 2
#: The PDF's pictures are JPEGs of the PNGs (see `jpeg`); at twice the page's pixels this leaves no visible
#: ringing around the charts' text.
JPEG_QUALITY = 90
EXCEL_EPOCH = dt.date(1899, 12, 30)
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}

Progress = Callable[[int, int], None]


# --- pictures of figures -----------------------------------------------------------------------------------

_lock = threading.Lock()
_started = False
_warming = False
_pictures: OrderedDict[str, bytes] = OrderedDict()
MAX_PICTURES = 128


def export_page() -> kaleido.PageGenerator:
    """The page kaleido's export browser draws figures in: plotly.js from the installed plotly package and
    no MathJax (kaleido's default loads MathJax from a CDN: an outside request on every start)."""
    from kaleido import PageGenerator

    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return PageGenerator(plotly=plotly_js, mathjax=False)


def _start() -> None:
    """Start kaleido's export browser once per process (Debian's Chromium)."""
    global _started
    if _started:
        return
    import kaleido

    os.environ.setdefault("BROWSER_PATH", shutil.which("chromium") or "/usr/bin/chromium")
    kaleido.start_sync_server(page_generator=export_page(), silence_warnings=True)
    _started = True


def warm_up() -> None:
    """Start the export browser in the background (the first picture costs its start, 8–15 s here), so a
    handout asked for later is made in seconds."""

    global _warming

    def run() -> None:
        with contextlib.suppress(Exception):  # the handout reports a failure when it is asked for
            picture(go.Figure(go.Bar(x=[1], y=[1])), (40, 30), scale=1)

    with _lock:  # one warm-up thread, not one per rerun while the browser starts
        if _started or _warming:
            return
        _warming = True
    threading.Thread(target=run, name="kaleido-warm-up", daemon=True).start()


def picture(fig: go.Figure, size: tuple[int, int] = PICTURE, scale: int = PICTURE_SCALE) -> bytes:
    """A PNG of `fig` at `size` (CSS pixels) × scale, cached by the figure's content."""
    spec = fig.to_json()
    key = hashlib.sha256(f"{size}{scale}{spec}".encode()).hexdigest()
    with _lock:
        if key in _pictures:
            _pictures.move_to_end(key)
            return _pictures[key]
        _start()
        with warnings.catch_warnings():  # plotly hands kaleido options its export server does not take
            warnings.filterwarnings("ignore", "The kopts argument is ignored", UserWarning)
            png = pio.to_image(fig, format="png", width=size[0], height=size[1], scale=scale)
        _pictures[key] = png
        while len(_pictures) > MAX_PICTURES:
            _pictures.popitem(last=False)
        return png


# --- PowerPoint --------------------------------------------------------------------------------------------


def _rgb(colour: str) -> RGBColor:
    return RGBColor(*palette.rgb(colour))


def _text(frame, text: str, size: float, colour: str = palette.SLIDE_TEXT, bold: bool = False) -> None:
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.text = ""
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
    run.font.color.rgb = _rgb(colour)


def _box(slide, left: float, top: float, width: float, height: float, text: str, size: float, **style):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    _text(box.text_frame, text, size, **style)
    return box


def _serial(day: dt.date) -> float:
    """A date as PowerPoint's (Excel's) day number."""
    return float((day - EXCEL_EPOCH).days)


def _native_chart(slide, native: present.Native, area: tuple[float, float, float, float]):
    left, top, width, height = (Inches(v) for v in area)
    if native.kind == "scatter":
        points = XyChartData()
        for group in dict.fromkeys(native.groups):
            series = points.add_series(group)
            for day, row, g in zip(native.dates, native.rows, native.groups, strict=True):
                if g == group and day is not None:
                    series.add_data_point(_serial(day), len(native.categories) - row)
        chart = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, left, top, width, height, points).chart
        for plot_series, group in zip(chart.plots[0].series, dict.fromkeys(native.groups), strict=True):
            plot_series.marker.format.fill.solid()
            plot_series.marker.format.fill.fore_color.rgb = _rgb(native.colours.get(group, palette.NEUTRAL))
            plot_series.marker.size = 14
            plot_series.format.line.fill.background()
        chart.value_axis.visible = False
        chart.category_axis.tick_labels.number_format = native.number_format
        chart.category_axis.tick_labels.number_format_is_linked = False
    elif native.kind == "timeline":
        data: CategoryChartData = CategoryChartData()
        data.categories = list(native.categories)
        # invisible: from the axis to the start
        data.add_series(" ", [None if d is None else _serial(d) for d in native.starts])
        groups = list(dict.fromkeys(native.groups))
        for group in groups:
            data.add_series(
                group,
                [
                    (_serial(e) - _serial(s)) if g == group and s is not None and e is not None else None
                    for s, e, g in zip(native.starts, native.ends, native.groups, strict=True)
                ],
            )
        chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, left, top, width, height, data).chart
        series = list(chart.plots[0].series)
        series[0].format.fill.background()  # the invisible bar from the axis to the start
        for plot_series, group in zip(series[1:], groups, strict=True):
            plot_series.format.fill.solid()
            plot_series.format.fill.fore_color.rgb = _rgb(native.colours.get(group, palette.NEUTRAL))
        chart.plots[0].gap_width = 60
        starts = [_serial(d) for d in native.starts if d is not None]
        ends = [_serial(d) for d in native.ends if d is not None]
        axis = chart.value_axis
        axis.minimum_scale = min(starts) - 90
        axis.maximum_scale = max(ends) + 90
        axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "yyyy", False
        axis.major_unit = 365.25
        chart.category_axis.reverse_order = True
        chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    else:
        data = CategoryChartData()
        data.categories = list(native.categories)
        for s in native.series:
            data.add_series(s.name, list(s.values), number_format=native.number_format)
        chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, height, data).chart
        chart.plots[0].overlap, chart.plots[0].gap_width = 100, 50
        for plot_series, s in zip(chart.plots[0].series, native.series, strict=True):
            plot_series.format.fill.solid()
            plot_series.format.fill.fore_color.rgb = _rgb(s.colour)
        chart.plots[0].has_data_labels = True
        chart.plots[0].data_labels.number_format = native.number_format
        chart.plots[0].data_labels.number_format_is_linked = False
        chart.plots[0].data_labels.font.size = Pt(12)
        chart.category_axis.reverse_order = True
        chart.value_axis.tick_labels.number_format = native.number_format
        chart.value_axis.tick_labels.number_format_is_linked = False
    chart.has_legend = True
    chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
    chart.legend.font.size = Pt(14)
    chart.font.size, chart.font.name = Pt(14), FONT
    return chart


def _kpis(slide, block: present.Kpis, area: tuple[float, float, float, float]) -> None:
    left, top, width, _ = area
    n = len(block.items)
    gap = 0.2
    card = (width - gap * (n - 1)) / n
    for i, k in enumerate(block.items):
        x = left + i * (card + gap)
        shape = slide.shapes.add_shape(5, Inches(x), Inches(top + 0.2), Inches(card), Inches(2.4))  # rounded
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(palette.SLIDE_CARD)
        shape.line.color.rgb = _rgb(palette.SLIDE_FRAME)
        frame = shape.text_frame
        frame.word_wrap = True
        lines = [(k.label, 14, palette.SLIDE_LABEL, False), (k.value, 36, palette.SLIDE_TEXT, True)]
        if k.detail:
            lines.append((k.detail, 11, palette.SLIDE_MUTED, False))
        if k.sample:
            lines.append((t("common.sample"), 11, palette.SAMPLE_TEXT, True))
        for j, (text, size, colour, bold) in enumerate(lines):
            paragraph = frame.paragraphs[0] if j == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.LEFT
            run = paragraph.add_run()
            run.text = text
            run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
            run.font.color.rgb = _rgb(colour)


def _table(slide, block: present.Table, area: tuple[float, float, float, float]) -> None:
    left, top, width, height = area
    rows = len(block.rows) + 1
    shape = slide.shapes.add_table(
        rows, len(block.columns), Inches(left), Inches(top), Inches(width), Inches(min(height, 0.5 * rows))
    )
    table = shape.table
    for c, name in enumerate(block.columns):
        _text(table.cell(0, c).text_frame, name, 14, palette.WHITE, bold=True)
    for r, row in enumerate(block.rows, start=1):
        for c, value in enumerate(row):
            _text(table.cell(r, c).text_frame, value, 13)
    if block.more:
        _box(
            slide,
            left,
            top + min(height, 0.5 * rows) + 0.05,
            width,
            0.3,
            block.more,
            11,
            colour=palette.SLIDE_MUTED,
        )


def _bullets(slide, items: Sequence[str], numbered: bool, area: tuple[float, float, float, float]) -> None:
    box = slide.shapes.add_textbox(*(Inches(v) for v in area))
    frame = box.text_frame
    frame.word_wrap = True
    for i, item in enumerate(items):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = f"{i + 1}. {item}" if numbered else f"• {item}"
        run.font.size, run.font.name = Pt(20), FONT
        run.font.color.rgb = _rgb(palette.SLIDE_TEXT)
        paragraph.space_after = Pt(8)


def _layout(blocks: Sequence[present.Block]) -> list[tuple[present.Block, tuple[float, float, float, float]]]:
    """The body split among the blocks: KPI rows take 2.8 in, the rest share what is left."""
    left, top, width, height = BODY
    fixed = sum(2.8 for b in blocks if isinstance(b, present.Kpis))
    flexible = [b for b in blocks if not isinstance(b, present.Kpis)]
    share = (height - fixed) / len(flexible) if flexible else 0
    out, y = [], top
    for block in blocks:
        h = 2.8 if isinstance(block, present.Kpis) else share
        out.append((block, (left, y, width, h)))
        y += h
    return out


def pptx(deck: present.Deck, slides: Sequence[present.Slide], progress: Progress | None = None) -> bytes:
    """The deck as a PowerPoint file, one slide per deck slide, from the 16:9 template."""
    prs = Presentation(str(TEMPLATE))
    prs.core_properties.title = deck.title
    prs.core_properties.author = t("app.title")
    total = len(slides)
    for number, slide in enumerate(slides, start=1):
        page = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
        title = page.shapes.title
        title.left, title.top, title.width, title.height = (
            Inches(0.55),
            Inches(0.3),
            Inches(12.23),
            Inches(0.9),
        )
        _text(title.text_frame, slide.title, 30, bold=True)
        if slide.subtitle:
            _box(page, 0.55, 1.1, 12.23, 0.5, slide.subtitle, 16, colour=palette.SLIDE_MUTED)
        for block, area in _layout(slide.blocks):
            if isinstance(block, present.Chart) and block.native is not None:
                _native_chart(page, block.native, area)
            elif isinstance(block, present.Chart):
                png = picture(block.figure)
                pic = page.shapes.add_picture(
                    io.BytesIO(png), Inches(area[0]), Inches(area[1]), width=Inches(area[2])
                )
                if pic.height > Inches(area[3]):  # keep the aspect, fit the height
                    ratio = Inches(area[3]) / pic.height
                    pic.height, pic.width = Inches(area[3]), Emu(int(pic.width * ratio))
            elif isinstance(block, present.Kpis):
                _kpis(page, block, area)
            elif isinstance(block, present.Table):
                _table(page, block, area)
            elif isinstance(block, present.Bullets):
                _bullets(page, block.items, block.numbered, area)
            elif isinstance(block, present.Message):
                _box(page, *area, block.text, 20)
        marks = " ".join(
            x
            for x in (
                t("present.sample") if slide.sample else "",
                t("present.uncertain") if slide.uncertain else "",
            )
            if x
        )
        footer = " · ".join(x for x in (marks, slide_html.sources_line(slide.sources)) if x)
        _box(
            page,
            0.55,
            6.75,
            10.6,
            0.6,
            footer,
            9,
            colour=palette.SAMPLE_TEXT if slide.sample else palette.SLIDE_MUTED,
        )
        _box(page, 11.3, 6.85, 1.5, 0.4, t("present.counter", n=number, total=total), 12, bold=True)
        page.notes_slide.notes_text_frame.text = slide.speaker_notes()
        if progress:
            progress(number, total)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------------------------------

#: A 16:9 page of 338.67 × 190.5 mm (13.333 × 7.5 in, as the PowerPoint); --u is a hundredth of its width.
#: Block layout only (no flex or grid, which weasyprint lays out several times over: 2 s of CPU for six
#: slides): the footer sits at the foot of the page, KPI cards are the cells of a fixed table, a chart's
#: picture gets the height the page leaves it (every chart is the only block of its slide).
PDF_CSS = (
    """
@page { size: 338.67mm 190.5mm; margin: 0; }
html { --u: 3.3867mm; }
body { margin: 0; font-family: "Source Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
section.slide { position: relative; width: 338.67mm; height: 190.5mm; box-sizing: border-box;
  overflow: hidden; padding: calc(var(--u) * 1.8) calc(var(--u) * 3) 0; page-break-after: always; }
section.slide:last-child { page-break-after: auto; }
.slide-body > * + * { margin-top: calc(var(--u) * 1); }
.slide-body img { display: block; width: 100%; height: 146mm; object-fit: contain; }
section.slide.with-sub .slide-body img { height: 139mm; }
"""
    + slide_html.BASE_CSS
    + """
.kpis { display: table; table-layout: fixed; width: calc(100% + var(--u) * 2.4);
  border-spacing: calc(var(--u) * 1.2) 0; margin: calc(var(--u) * 2) calc(var(--u) * -1.2); }
.kpi { display: table-cell; vertical-align: top; }
.slide-foot { display: table; position: absolute; left: calc(var(--u) * 3); right: calc(var(--u) * 3);
  bottom: calc(var(--u) * 1.2); width: calc(100% - var(--u) * 6); background: """
    + palette.WHITE
    + """; }
.slide-notes, .slide-deck { display: table-cell; vertical-align: bottom; }
.slide-deck { width: 1%; padding-left: calc(var(--u) * 2); }
.slide-deck span + span { margin-left: calc(var(--u) * 1.2); }
"""
)


def jpeg(png: bytes) -> bytes:
    """A chart's picture as a JPEG on white, for the PDF (cached): weasyprint copies a JPEG into the PDF as
    it is, while it decodes and compresses a PNG again, and twice with an alpha channel (1.5 s of CPU for
    the overview deck's four pictures, against none)."""
    key = "jpeg:" + hashlib.sha256(png).hexdigest()
    with _lock:
        if key in _pictures:
            _pictures.move_to_end(key)
            return _pictures[key]
    image = Image.open(io.BytesIO(png))
    flat = Image.new("RGB", image.size, palette.WHITE)
    flat.paste(image, mask=image.getchannel("A") if image.mode == "RGBA" else None)
    out = io.BytesIO()
    flat.save(out, "JPEG", quality=JPEG_QUALITY)
    with _lock:
        _pictures[key] = out.getvalue()
        while len(_pictures) > MAX_PICTURES:
            _pictures.popitem(last=False)
    return out.getvalue()


def _img(png: bytes, alt: str) -> str:
    src = "data:image/jpeg;base64," + base64.b64encode(jpeg(png)).decode("ascii")
    return f"<img src='{src}' alt='{slide_html.esc(alt)}'>"


def pdf_html(deck: present.Deck, slides: Sequence[present.Slide], progress: Progress | None = None) -> str:
    parts = []
    total = len(slides)
    for number, slide in enumerate(slides, start=1):
        body = "".join(
            _img(picture(b.figure), b.alt) if isinstance(b, present.Chart) else slide_html.block_html(b)
            for b in slide.blocks
        )
        classes = "slide with-sub" if slide.subtitle else "slide"
        parts.append(
            f"<section class='{classes}'>{slide_html.header(slide)}<div class='slide-body'>{body}</div>"
            f"{slide_html.footer(slide, deck.title, number, total)}</section>"
        )
        if progress:
            progress(number, total)
    return (
        f"<!doctype html><html lang='{slide_html.esc(i18n.language())}'><head><meta charset='utf-8'>"
        f"<title>{slide_html.esc(deck.title)}</title><style>{PDF_CSS}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


def pdf(deck: present.Deck, slides: Sequence[present.Slide], progress: Progress | None = None) -> bytes:
    """The deck as a PDF: the slides' HTML and pictures of their figures, laid out by weasyprint."""
    import weasyprint

    document = weasyprint.HTML(
        string=pdf_html(deck, slides, progress), base_url=str(config.ROOT), url_fetcher=local_fetcher()
    )
    return document.write_pdf() or b""


def local_fetcher() -> weasyprint.URLFetcher:
    """weasyprint's fetcher for data: and file: URLs only (every picture is a data: URL); anything else
    stops the PDF instead of going outside or leaving a hole in a slide."""
    import weasyprint

    return weasyprint.URLFetcher(allowed_protocols=("data", "file"), fail_on_errors=True)


class HandoutError(RuntimeError):
    """A handout that could not be made; the message is for the viewer."""


def build(kind: str, deck: present.Deck, slides: Sequence[present.Slide]) -> bytes:
    """The "pptx" or "pdf" handout of a deck; a failure is raised as a HandoutError whose message is in
    the current language (the download button shows it)."""
    try:
        return pptx(deck, slides) if kind == "pptx" else pdf(deck, slides)
    except Exception as exc:
        raise HandoutError(t("present.download.failed", error=exc.__class__.__name__)) from exc
