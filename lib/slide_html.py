"""The text parts of a slide as HTML, for the Present page (st.html) and the PDF handout. No streamlit.

Every value from the database or the URL passes through `esc()` here, the one place this module turns
text into markup: nothing reaches the page as Markdown or unescaped HTML.

Sizes are in `--u`, one hundredth of the slide's width (the slide is 16:9 and as large as the window
allows), so the slide looks the same at 1920×1080 and 1280×720: body text is 1.46u (28 px at 1920 wide).
"""

from __future__ import annotations

from collections.abc import Sequence
from string import Template

from lib import palette, present, safe
from lib.i18n import t

#: Sources named in the slide's footer; the rest are counted (all are in the handout's notes).
SOURCES_SHOWN = 2


def esc(text: object) -> str:
    """Text as HTML text (lib/safe.py): <, >, & and quotes escaped, None as empty."""
    return safe.html(text)


def header(slide: present.Slide) -> str:
    sub = f"<p class='slide-sub'>{esc(slide.subtitle)}</p>" if slide.subtitle else ""
    return f"<div class='slide-head'><h1 class='slide-title'>{esc(slide.title)}</h1>{sub}</div>"


def kpis(block: present.Kpis) -> str:
    cards = []
    for k in block.items:
        mark = f"<span class='slide-sample'>{esc(t('common.sample'))}</span>" if k.sample else ""
        detail = f"<div class='kpi-detail'>{esc(k.detail)}</div>" if k.detail else ""
        cards.append(
            f"<div class='kpi'><div class='kpi-label'>{esc(k.label)}</div>"
            f"<div class='kpi-value'>{esc(k.value)}</div>{detail}{mark}</div>"
        )
    return f"<div class='kpis' style='--n:{len(block.items)}'>{''.join(cards)}</div>"


def table(block: present.Table) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in block.columns)
    body = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in block.rows)
    more = f"<p class='slide-more'>{esc(block.more)}</p>" if block.more else ""
    return f"<table class='slide-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def bullets(block: present.Bullets) -> str:
    tag = "ol" if block.numbered else "ul"
    items = "".join(f"<li>{esc(item)}</li>" for item in block.items)
    return f"<{tag} class='slide-list'>{items}</{tag}>"


def message(block: present.Message) -> str:
    return f"<p class='slide-message'>{esc(block.text)}</p>"


def block_html(block: present.Block) -> str:
    """A non-chart block as HTML (charts are drawn by the renderer)."""
    if isinstance(block, present.Kpis):
        return kpis(block)
    if isinstance(block, present.Table):
        return table(block)
    if isinstance(block, present.Bullets):
        return bullets(block)
    if isinstance(block, present.Message):
        return message(block)
    raise TypeError(f"not a text block: {type(block).__name__}")


def sources_line(sources: Sequence[str]) -> str:
    """ "Sources: A; B and 3 more" in the current language (plain text)."""
    if not sources:
        return ""
    shown = "; ".join(sources[:SOURCES_SHOWN])
    rest = len(sources) - SOURCES_SHOWN
    if rest > 0:
        shown += f" {t('present.more_sources', n=rest)}"
    return f"{t('present.sources')}: {shown}"


def footer(slide: present.Slide, deck_title: str, number: int, total: int) -> str:
    """The footer: sample and uncertain marks, sources in small type, the deck title and "n / N"."""
    marks = []
    if slide.sample:
        marks.append(f"<span class='slide-sample'>{esc(t('present.sample'))}</span>")
    if slide.uncertain:
        marks.append(f"<span class='slide-uncertain'>{esc(t('present.uncertain'))}</span>")
    sources = sources_line(slide.sources)
    counter = t("present.counter", n=number, total=total)
    return (
        "<div class='slide-foot'>"
        f"<div class='slide-notes'>{''.join(marks)}<span class='slide-sources'>{esc(sources)}</span></div>"
        f"<div class='slide-deck'><span>{esc(deck_title)}</span>"
        f"<span class='slide-counter' data-testid='slide-counter'>{esc(counter)}</span></div>"
        "</div>"
    )


#: Typography and blocks, shared by the page and the PDF (which sets --u for its page size).
BASE_CSS = Template("""
.slide-head { margin: 0 0 calc(var(--u) * 1.2) 0; }
.slide-title { font-size: calc(var(--u) * 2.6); line-height: 1.15; font-weight: 700; margin: 0; padding: 0;
  color: $text; letter-spacing: -0.01em; }
.slide-sub { font-size: calc(var(--u) * 1.46); color: $muted; margin: calc(var(--u) * 0.4) 0 0 0; }
.kpis { display: grid; grid-template-columns: repeat(var(--n), 1fr); gap: calc(var(--u) * 1.2);
  margin: calc(var(--u) * 2) 0; }
.kpi { border: 2px solid $frame; border-radius: calc(var(--u) * 0.6); padding: calc(var(--u) * 1.2);
  background: $card; }
.kpi-label { font-size: calc(var(--u) * 1.46); color: $label; }
.kpi-value { font-size: calc(var(--u) * 3.4); font-weight: 700; color: $text; line-height: 1.2;
  margin: calc(var(--u) * 0.6) 0; }
.kpi-detail { font-size: calc(var(--u) * 1.2); color: $muted; }
.slide-table { width: 100%; border-collapse: collapse; font-size: calc(var(--u) * 1.46); }
.slide-table th { text-align: left; color: $muted; font-weight: 600; border-bottom: 3px solid $accent;
  padding: calc(var(--u) * 0.5) calc(var(--u) * 0.8); }
.slide-table td { border-bottom: 1px solid $rule; padding: calc(var(--u) * 0.5) calc(var(--u) * 0.8);
  color: $text; vertical-align: top; }
.slide-more { font-size: calc(var(--u) * 1.2); color: $muted; margin: calc(var(--u) * 0.5) 0 0 0; }
.slide-list { font-size: calc(var(--u) * 1.6); line-height: 1.45; color: $text; margin: 0;
  padding-left: calc(var(--u) * 2.5); }
.slide-list li { margin-bottom: calc(var(--u) * 0.5); }
.slide-message { font-size: calc(var(--u) * 1.8); color: $text; margin: calc(var(--u) * 2) 0; }
.slide-foot { display: flex; justify-content: space-between; align-items: flex-end; gap: calc(var(--u) * 2);
  border-top: 1px solid $rule; padding-top: calc(var(--u) * 0.5); }
.slide-notes { font-size: calc(var(--u) * 0.85); color: $muted; line-height: 1.35; flex: 1 1 auto; }
.slide-sample, .slide-uncertain { display: inline-block; font-weight: 700; border-radius: 4px;
  padding: 0 calc(var(--u) * 0.4); margin-right: calc(var(--u) * 0.6); font-size: calc(var(--u) * 1.0); }
.slide-sample { color: $sample_text; background: $sample_fill; }
.slide-uncertain { color: $label; background: $uncertain_fill; }
.kpi .slide-sample { margin-top: calc(var(--u) * 0.5); }
.slide-deck { font-size: calc(var(--u) * 1.0); color: $muted; white-space: nowrap; display: flex;
  gap: calc(var(--u) * 1.2); }
.slide-counter { font-weight: 700; color: $text; }
""").substitute(
    text=palette.SLIDE_TEXT, muted=palette.SLIDE_MUTED, label=palette.SLIDE_LABEL, rule=palette.SLIDE_RULE,
    frame=palette.SLIDE_FRAME, card=palette.SLIDE_CARD, accent=palette.SLIDE_ACCENT,
    sample_text=palette.SAMPLE_TEXT, sample_fill=palette.SAMPLE_FILL, uncertain_fill=palette.UNCERTAIN_FILL,
    white=palette.WHITE,
)  # fmt: skip

#: The Present page: full screen (no sidebar, header or toolbar), one 16:9 slide as large as the window.
PAGE_CSS = (
    """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {
  display: none !important; }
html, body { overflow: hidden !important; }
.stApp { --u: min(1vw, 1.7778vh); background: """
    + palette.WHITE
    + """; }
[data-testid="stAppViewContainer"], [data-testid="stMain"] { overflow: hidden !important; }
[data-testid="stMainBlockContainer"] { max-width: none !important; padding: 0 !important; }
div.stVerticalBlock.st-key-present-slide { width: calc(var(--u) * 100) !important;
  height: calc(var(--u) * 56.25) !important; margin: 0 auto; box-sizing: border-box; overflow: hidden;
  padding: calc(var(--u) * 1.8) calc(var(--u) * 3) calc(var(--u) * 0.6); gap: calc(var(--u) * 0.6);
  flex-wrap: nowrap !important; flex: 0 0 auto !important; }
[data-testid="stLayoutWrapper"]:has(> .st-key-present-slide) { flex: 0 0 auto !important;
  height: auto !important; }
[data-testid="stLayoutWrapper"]:has(> .st-key-present-body) { flex: 1 1 0 !important; min-height: 0; }
div.stVerticalBlock.st-key-present-body { height: 100% !important; min-height: 0; overflow: hidden; }
div.st-key-present-body [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
  flex: 1 1 0 !important; min-height: 0; }
div.st-key-present-controls { gap: calc(var(--u) * 0.5); align-items: center; flex-wrap: nowrap !important; }
div.st-key-present-controls button, div.st-key-present-controls a {
  font-size: calc(var(--u) * 0.9) !important; min-height: 0 !important;
  padding: calc(var(--u) * 0.2) calc(var(--u) * 0.7) !important; }
div.st-key-present-controls p { font-size: calc(var(--u) * 0.9) !important; }
[data-testid="stLayoutWrapper"]:has(> .st-key-present-keys) { display: none !important; }
"""
    + BASE_CSS
)

#: The browser's Print on a normal page: a clean A4 landscape page without the sidebar and widgets.
PRINT_CSS = (
    """
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], .stButton, .stDownloadButton, .stPageLink, .stLinkButton,
  [data-testid="stPageLink"], [data-testid="stWidgetLabel"], .stSelectbox, .stMultiSelect, .stTextInput,
  .stToggle, .stCheckbox, .stRadio, .stSlider, .stSelectSlider, [data-testid="stSegmentedControl"],
  .stButtonGroup, [data-testid="stExpander"] { display: none !important; }
  [data-testid="stMain"], [data-testid="stAppViewContainer"] { margin: 0 !important; padding: 0 !important; }
  [data-testid="stMainBlockContainer"] { max-width: none !important; padding: 0 !important; }
  .stApp { background: """
    + palette.WHITE
    + """ !important; }
  [data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"], [data-testid="stMetric"],
  [data-testid="stDataFrame"], table { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
}
"""
)
