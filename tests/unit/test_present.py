"""Decks built from the database: every kind in both languages, their figures against the database, sources
and sample marks, bad input as a message slide, and the slide text escaped."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pandas as pd
import pytest

from lib import charts, i18n, navigation, network, present, slide_html, sql
from lib.present import Context, DeckError

TODAY = dt.date(2026, 12, 1)
PARTNERS = ("oulu", "sejong", "semarang", "tallinn", "eib", "estonia")


@pytest.fixture()
def ctx(demo_con) -> Context:
    """A context whose queries are cached per (name, parameters), as db.query caches them on the page."""
    seen: dict[tuple, pd.DataFrame] = {}

    def query(name: str, **params: object) -> pd.DataFrame:
        key = (name, *sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in params.items()))
        if key not in seen:
            seen[key] = sql.run(demo_con, name, **params)
        return seen[key].copy()

    return Context(query, today=TODAY)


def _programmes(demo_con) -> list[str]:
    return [row[0] for row in demo_con.execute("SELECT id FROM programme ORDER BY id").fetchall()]


def test_every_deck_kind_builds_in_both_languages(ctx: Context, demo_con, lang: str) -> None:
    names = [
        "overview",
        *(f"programme:{p}" for p in _programmes(demo_con)),
        *(f"partner:{p}" for p in PARTNERS),
    ]
    for name in names:
        deck = present.open_deck(name, ctx)
        slides = present.build_deck(deck, ctx)
        assert len(slides) == len(deck) >= 5, name
        for slide in slides:
            assert slide.title and slide.blocks, (name, slide.key)
            if not any(isinstance(b, present.Message) for b in slide.blocks):
                assert slide.sources, f"{name}/{slide.key} names its sources"
            assert not slide.error, (name, slide.key)


def test_overview_deck_has_the_slides_the_issue_lists(ctx: Context) -> None:
    i18n.set_language("en")
    deck = present.open_deck("overview", ctx)
    assert deck.slides == ("kpis", "timeline", "map", "network", "progress", "events")
    kinds = [type(s.blocks[0]).__name__ for s in present.build_deck(deck, ctx)]
    assert kinds == ["Kpis", "Chart", "Chart", "Chart", "Chart", "Table"]


def test_the_timeline_slide_holds_sofias_programmes_with_their_dates(ctx: Context, demo_con) -> None:
    i18n.set_language("en")
    deck = present.open_deck("overview", ctx)
    chart = present.build_slide(deck, deck.number_of("timeline"), ctx).blocks[0]
    assert isinstance(chart, present.Chart) and chart.native is not None and chart.native.kind == "timeline"
    rows = demo_con.execute(
        "SELECT p.name_en, p.start_date FROM programme AS p JOIN membership AS m ON m.programme_id = p.id "
        "WHERE m.partner_id = 'sofia' GROUP BY ALL"
    ).fetchall()
    expected = {name: start for name, start in rows}
    got = {
        label.removeprefix("· "): start
        for label, start in zip(chart.native.categories, chart.native.starts, strict=True)
    }
    assert got == expected
    assert chart.native.colours and set(chart.native.groups) <= set(chart.native.colours)


def _timeline(ctx: Context, monkeypatch: pytest.MonkeyPatch, rows: int | None = None) -> present.Slide:
    """The overview deck's timeline slide of every programme; with rows, at most that many, room unbounded."""
    every = replace(ctx, options=present.Options(only_sofia=False))
    deck = present.open_deck("overview", every)
    with monkeypatch.context() as m:
        if rows is not None:
            m.setattr(present, "TIMELINE_ROWS", rows)
            m.setattr(present, "TIMELINE_SLIDE_PLOT", 100_000)
        return present.build_slide(deck, deck.number_of("timeline"), every)


def _names(slide: present.Slide) -> tuple[str, ...]:
    chart = slide.blocks[0]
    assert isinstance(chart, present.Chart) and chart.native is not None
    return tuple(name.removeprefix("· ") for name in chart.native.categories)


def test_the_timeline_slide_shows_the_programmes_that_started_last_and_says_how_many(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    i18n.set_language("en")
    whole, cut = _timeline(ctx, monkeypatch, 100), _timeline(ctx, monkeypatch, 3)
    assert len(_names(whole)) == 22 and "Showing" not in (whole.subtitle or "")
    assert _names(cut) == _names(whole)[-3:]  # in start order
    assert "Showing the 3 programmes that started last, of 22." in (cut.subtitle or "")


@pytest.mark.parametrize("language", ["bg", "en"])
def test_the_timeline_slide_shows_as_many_programmes_as_leave_room_for_their_names(
    ctx: Context, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    i18n.set_language(language)

    def height(rows: tuple[str, ...]) -> int:
        lines = charts.name_lines(rows, present.TIMELINE_SLIDE_WRAP)
        return len(rows) * (lines * present.TIMELINE_SLIDE_LINE + charts.TIMELINE_BAR + charts.TIMELINE_AIR)

    slide = _timeline(ctx, monkeypatch)
    names, every_name = _names(slide), _names(_timeline(ctx, monkeypatch, 100))
    assert 2 <= len(names) < present.TIMELINE_ROWS < 22, "the demo's 22 programmes do not all fit"
    assert names == every_name[-len(names) :], "the ones that started last"
    assert height(names) <= present.TIMELINE_SLIDE_PLOT, "the names shown have room"
    assert height(every_name[-len(names) - 1 :]) > present.TIMELINE_SLIDE_PLOT, "one more would not"
    assert i18n.number(22) in (slide.subtitle or "") and str(len(names)) in (slide.subtitle or "")


def test_the_timeline_slide_fits_none_or_one_programme(demo_con) -> None:
    (other,) = demo_con.execute(
        "SELECT id FROM programme WHERE id NOT IN "
        "(SELECT programme_id FROM membership WHERE partner_id = 'sofia') ORDER BY id LIMIT 1"
    ).fetchone()
    programmes = sql.run(demo_con, "overview_timeline", home=present.HOME, programme_ids=(other,))
    assert present._timeline_rows(programmes, True).empty, "Sofia is in none of them"
    assert list(present._timeline_rows(programmes, False)["id"]) == [other]


def test_the_progress_slide_draws_the_indicators_furthest_behind_and_says_how_many(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    i18n.set_language("en")
    deck = present.open_deck("overview", ctx)
    monkeypatch.setattr(present, "TARGET_ROWS", 3)
    slide = present.build_slide(deck, deck.number_of("progress"), ctx)
    figure = slide.blocks[0].figure
    drawn = {name: trace.name for trace in figure.data for name in trace.y}
    assert len(drawn) == 3 and set(drawn.values()) == {"off track"}, "the demo has 4 off track of 7"
    assert "off track: 4" in (slide.subtitle or ""), "the counts count every indicator"
    assert "showing the 3 furthest behind, of 7 indicators" in (slide.subtitle or "")
    assert len(slide.notes) == 1 + 3, "the rule, then the indicators drawn"
    monkeypatch.setattr(present, "TARGET_ROWS", 12)
    whole = present.build_slide(deck, deck.number_of("progress"), ctx)
    assert sum(len(trace.y) for trace in whole.blocks[0].figure.data) == 7
    assert "showing" not in (whole.subtitle or "")


def test_the_progress_slide_shows_each_indicator_as_a_share_of_its_target(ctx: Context, demo_con) -> None:
    i18n.set_language("en")
    deck = present.open_deck("overview", ctx)
    slide = present.build_slide(deck, deck.number_of("progress"), ctx)
    native = slide.blocks[0].native
    assert native.kind == "bar"
    values = {
        c: v for s in native.series for c, v in zip(native.categories, s.values, strict=True) if v is not None
    }
    actual, target = demo_con.execute(
        "SELECT max(value) FILTER (WHERE kind = 'actual' AND year(period) = 2025), "
        "max(value) FILTER (WHERE kind = 'target' AND year(period) = 2025) "
        "FROM observation WHERE indicator_id = 'open-datasets' AND partner_id = 'sofia'"
    ).fetchone()
    name = next(c for c in values if c.startswith("DIG-02"))
    assert values[name] == pytest.approx(round(100 * actual / target, 1))
    assert slide.sample, "indicator values are sample data"
    assert "SAMPLE DATA" in slide.speaker_notes() and "Sources:" in slide.speaker_notes()


def test_the_programme_deck_shows_the_sofia_meeting_and_its_seven_panels(ctx: Context) -> None:
    i18n.set_language("en")
    deck = present.open_deck("programme:ua-digital-transition", ctx)
    assert "topics:dt-2017-06-sofia" in deck.slides
    slide = present.build_slide(deck, deck.number_of("topics:dt-2017-06-sofia"), ctx)
    assert "Jun 7\u2009–\u20098, 2017" in slide.subtitle
    assert isinstance(slide.blocks[0], present.Bullets) and len(slide.blocks[0].items) == 7


def test_the_oulu_brief_says_where_to_work_together_next_with_reasons(ctx: Context) -> None:
    i18n.set_language("en")
    deck = present.open_deck("partner:oulu", ctx)
    assert deck.title == "Meeting brief: Oulu"
    slide = present.build_slide(deck, deck.number_of("next"), ctx)
    table = slide.blocks[0]
    assert isinstance(table, present.Table) and table.rows
    assert all(reason for _, reason in table.rows)
    # the slide shows the first rows; the speaker notes keep the others, each with its reason
    hidden = int(re.search(r"\d+", table.more).group())
    assert len(table.rows) == present.NEXT_ROWS and hidden > 0
    rest = slide.notes[2:]
    assert len(rest) == hidden and all(": " in line for line in rest)
    assert not {line.split(": ")[0] for line in rest} & {label for label, _ in table.rows}


def test_next_steps_start_with_the_partner_itself_when_it_is_an_opportunity(ctx: Context) -> None:
    i18n.set_language("en")
    scope = ctx.scope()
    memberships, nodes, themes, _, bridges, chances = network.load(ctx.query, scope, "sofia")
    candidate = chances.iloc[0]["partner_id"]
    names = {network.key(r.kind, r.id): i18n.name(r) for r in nodes.itertuples()}
    rows = present.next_steps(candidate, memberships, themes, bridges, chances, names)
    assert rows[0][0] == names[network.key("partner", candidate)]
    assert "works with" in rows[0][1]


@pytest.mark.parametrize(
    "name", ["nonsense", "programme:nope", "partner:nope", "partner:sofia", "programme:", ""]
)
def test_an_unknown_deck_is_a_message_slide_with_a_link_back(ctx: Context, name: str) -> None:
    i18n.set_language("en")
    if name == "":
        assert present.open_deck(name, ctx).name == "overview"
        return
    with pytest.raises(DeckError) as found:
        present.open_deck(name, ctx)
    slide = found.value.slide
    assert slide.error and slide.blocks[0].link.label


@pytest.mark.parametrize("raw", ["999", "-1", "0", "abc", "7", "1.5", "99999999"])
def test_a_slide_outside_the_deck_is_a_message_slide(ctx: Context, raw: str) -> None:
    i18n.set_language("en")
    deck = present.open_deck("overview", ctx)
    with pytest.raises(DeckError) as found:
        present.slide_number(raw, deck)
    assert "slides 1 to 6" in found.value.slide.blocks[0].text
    assert found.value.slide.blocks[0].link.params == {"deck": "overview", "slide": "1"}


def test_slide_numbers_inside_the_deck(ctx: Context) -> None:
    deck = present.open_deck("overview", ctx)
    assert [present.slide_number(x, deck) for x in (None, "", "1", "6", " 3 ")] == [1, 1, 1, 6, 3]


def test_options_from_the_url_are_checked() -> None:
    opts = present.Options.from_params({"view": "asia-pacific", "colour": "<b>"})
    assert opts.map_view == "asia-pacific" and opts.network_view == network.VIEWS[0]
    assert opts.colour_by == network.COLOUR_BY[0]
    assert present.Options.from_params({"view": "sofia-1"}).network_view == "sofia-1"
    assert present.Options.from_params(opts.params()) == opts


def _texts(slide: present.Slide) -> list[str]:
    """Every text of a slide as the model holds it (plain text: slide_html escapes it once, for HTML)."""
    out = [slide.title, slide.subtitle, *slide.sources]
    for block in slide.blocks:
        if isinstance(block, present.Kpis):
            out += [x for k in block.items for x in (k.label, k.value, k.detail)]
        elif isinstance(block, present.Table):
            out += [*block.columns, *(cell for row in block.rows for cell in row), block.more]
        elif isinstance(block, present.Bullets):
            out += list(block.items)
        elif isinstance(block, present.Message):
            out.append(block.text)
    return [x for x in out if x]


def test_slide_text_is_plain_not_markdown(ctx: Context, demo_con, lang: str) -> None:
    """No Markdown escapes or links on a slide (a programme's facts came as Markdown: "Oulu\\; Sofia")."""
    names = [
        "overview",
        *(f"programme:{p}" for p in _programmes(demo_con)),
        *(f"partner:{p}" for p in PARTNERS),
    ]
    for name in names:
        deck = present.open_deck(name, ctx)
        for slide in present.build_deck(deck, ctx):
            for text in _texts(slide):
                assert not re.search(r"\\[!-/:-@\[-`{-~]|\]\(", text), (name, slide.key, text)


def test_the_exit_goes_back_to_the_page_the_deck_came_from(ctx: Context) -> None:
    overview = present.open_deck("overview", ctx)
    world = present.Options.from_params({"view": "world"})
    back = present.exit_link(overview, "map", world)
    assert (back.page, back.params) == (navigation.page_at("map").path, {"view": "world"})
    # no origin, one that names no page, or the presenter itself: the deck's own page
    for origin in ("", "../../etc", "javascript:alert(1)", navigation.presenter().url_path):
        assert present.exit_link(overview, origin, world) == overview.back
    assert overview.back.page == navigation.default_page().path
    # a partner's brief goes back to the partner's card whatever the origin
    brief = present.open_deck("partner:oulu", ctx)
    assert present.exit_link(brief, "map", world) == brief.back
    assert brief.back.params == {"partner": "oulu"}


def test_slide_text_is_escaped() -> None:
    i18n.set_language("en")
    slide = present.Slide("x", "<script>alert(1)</script>", (present.Table(("a&b",), (("<i>x</i>",),)),),
                          subtitle='"q"', sources=("<b>src</b>",))  # fmt: skip
    markup = (
        slide_html.header(slide)
        + slide_html.block_html(slide.blocks[0])
        + slide_html.footer(slide, "<d>", 1, 2)
    )
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "<i>x</i>" not in markup and "&lt;b&gt;src" in markup and "&lt;d&gt;" in markup


def test_file_names_are_safe() -> None:
    deck = present.Deck("partner:oulu", "partner", "t", ("brief",), present.Link("x", "p"), "oulu")
    assert present.file_name(deck, "en", "pptx") == "sofia-partner-oulu-en.pptx"


def test_the_map_slide_draws_every_partner_of_the_map_page(ctx: Context) -> None:
    i18n.set_language("en")
    data = present.map_data(ctx, ctx.scope())
    deck = present.open_deck("overview", ctx)
    fig = present.build_slide(deck, deck.number_of("map"), ctx).blocks[0].figure
    drawn = sum(len(tr.x) for tr in fig.data if tr.mode == "markers" and tr.name != "Sofia")
    assert drawn == len(data.points) > 50
    assert isinstance(data.points, pd.DataFrame)
