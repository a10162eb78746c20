"""Explore pages headless (AppTest): selections from the URL, links between pages, search, bad parameters."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.text import shown

ROOT = Path(__file__).resolve().parents[2]
PROGRAMMES = "pages/explore/programmes.py"
PARTNERS = "pages/explore/partners.py"
EVENTS = "pages/explore/events.py"


@pytest.fixture()
def open_page(demo_db_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Open a page directly with the given URL parameters, as a deep link does."""
    monkeypatch.setenv("PARTNERSHIPS_DB", str(demo_db_path))
    monkeypatch.chdir(ROOT)

    def start(page: str, lang: str = "en", **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["lang"] = lang
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page(page)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return start


def links(at: AppTest, where=None) -> dict[str, str]:
    """label -> query string of the page links in the main area (or the given block), without the language."""
    block = where if where is not None else at.main
    return {shown(link.proto.label): _no_lang(link.proto.query_string) for link in block.get("page_link")}


def _no_lang(query: str) -> str:
    return "&".join(part for part in query.split("&") if not part.startswith("lang="))


def test_links_keep_the_language_unless_it_is_the_default(open_page) -> None:
    at = open_page(PROGRAMMES, programme="ua-digital-transition")
    raw = {link.proto.label: link.proto.query_string for link in at.main.get("page_link")}
    assert raw["Oulu · coordinator"] == "partner=oulu&lang=en"
    at = open_page(PROGRAMMES, lang="bg", programme="ua-digital-transition")
    raw = {link.proto.label: link.proto.query_string for link in at.main.get("page_link")}
    assert raw["Оулу · координатор"] == "partner=oulu"


def test_digital_transition_lists_its_coordinators_and_members(open_page) -> None:
    at = open_page(PROGRAMMES, programme="ua-digital-transition")
    assert at.title[0].value == "Partnership on Digital Transition"
    found = links(at)
    for name in ("Estonia", "Oulu", "Sofia"):
        assert found[f"{name} · coordinator"] == f"partner={name.lower()}"
    members = at.dataframe[0].value
    assert len(members) == 21
    assert members[members["Role"] == "Coordinator"]["Member"].tolist() == ["Estonia", "Oulu", "Sofia"]
    assert {"Finland", "Bulgaria", "Estonia", "European Union"} <= set(members["Country"])
    assert any("2nd partnership meeting, Sofia" in label for label in found), "its events, as links"
    assert any("sample data" in m.value for m in at.markdown), "illustrative action status is marked"


def test_digital_transition_in_bulgarian(open_page) -> None:
    at = open_page(PROGRAMMES, lang="bg", programme="ua-digital-transition")
    assert at.title[0].value == "Партньорство за цифров преход"
    assert "Оулу · координатор" in links(at)
    assert "Финландия" in set(at.dataframe[0].value["Държава"])


def test_back_to_all_programmes_clears_the_selection(open_page) -> None:
    at = open_page(PROGRAMMES, programme="ua-digital-transition")
    at.button[0].click().run()
    assert at.title[0].value == "Programmes"
    assert "programme" not in at.query_params
    assert links(at)["Partnership on Digital Transition"] == "programme=ua-digital-transition"


def test_programme_list_is_grouped_by_family(open_page) -> None:
    at = open_page(PROGRAMMES)
    assert [s.value for s in at.subheader] == [
        "Urban Agenda for the EU",
        "City pairings",
        "City challenges",
        "Research projects",
        "Philanthropic programmes",
    ]
    assert links(at)["Partnership on Digital Transition"] == "programme=ua-digital-transition"


def test_oulus_card(open_page) -> None:
    at = open_page(PARTNERS, partner="oulu")
    assert at.title[0].value == "Oulu"
    found = links(at)
    assert found["Partnership on Digital Transition"] == "programme=ua-digital-transition"
    assert "Meetings it hosted" in [m.value.strip("*") for m in at.markdown]
    assert "event=dt-2017-02-oulu" in found.values()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Hosted"] == "1"
    assert metrics["Distance, km"] == "2,480"
    # a neutral word in grey: the card may be shown to the partner itself
    badges = [m.value for m in at.markdown]  # badges are markdown in AppTest
    assert any("gray-badge[no recent contact]" in b for b in badges)
    assert not any("dormant" in m.value or "red-badge" in m.value for m in at.markdown)


def test_partner_card_offers_the_way_back_to_the_programme(open_page) -> None:
    at = open_page(PARTNERS, partner="oulu", programme="ua-digital-transition")
    assert links(at)["Back to Partnership on Digital Transition"] == "programme=ua-digital-transition"


def test_partner_list_search_sort_and_downloads(open_page) -> None:
    at = open_page(PARTNERS, find="оулу", sort="country")
    table = at.dataframe[0].value
    assert table["Partner"].tolist() == ["Oulu"]
    assert [d.proto.label for d in at.get("download_button")] == ["Download CSV", "Download Excel"]


def test_the_sofia_meeting_shows_its_seven_panels_in_both_languages(open_page) -> None:
    for lang, first, other in (
        ("en", "E-government", "Електронно управление"),
        ("bg", "Електронно управление", "E-government"),
    ):
        at = open_page(EVENTS, lang=lang, event="dt-2017-06-sofia")
        [panels] = [shown(m.value) for m in at.markdown if m.value.startswith("1. ")]
        lines = panels.splitlines()
        assert len(lines) == 7
        assert lines[0] == f"1. **{first}** · :gray[{other}]"
        assert lines[6].startswith("7. **5G")


def test_events_without_upcoming_explain_that_there_is_no_calendar(open_page) -> None:
    at = open_page(EVENTS, kind=["study-visit"])
    assert at.multiselect(key="kind").value == ["study-visit"]
    assert len(at.dataframe[0].value) == 2
    assert any("No upcoming events" in i.value for i in at.info)
    assert not at.get("download_button"), "no empty calendar pretending"


def test_search_in_the_frame_finds_oulu_in_cyrillic(open_page) -> None:
    at = open_page(PROGRAMMES)
    at.sidebar.text_input(key="search").input("оулу").run()
    found = links(at, at.sidebar)
    assert found["Oulu · Finland"] == "partner=oulu"
    at.sidebar.text_input(key="search").input("Sofiya").run()
    assert list(links(at, at.sidebar))[0] == "Sofia · Bulgaria"


@pytest.mark.parametrize(
    ("page", "params", "message", "suggestion"),
    [
        (PARTNERS, {"partner": "olu"}, "There is no partner with the id “olu”", "partner=oulu"),
        (
            PROGRAMMES,
            {"programme": "ua-digital-transitio"},
            "no programme",
            "programme=ua-digital-transition",
        ),
        (EVENTS, {"event": "dt-2017-06-sofi"}, "There is no event", "event=dt-2017-06-sofia"),
    ],
)
def test_unknown_ids_say_not_found_with_the_closest_matches(
    open_page, page, params, message, suggestion
) -> None:
    at = open_page(page, **params)
    assert message in at.warning[0].value and "Did you mean" in at.warning[0].value
    assert suggestion in links(at).values()


def test_nonsense_parameters_give_a_message_not_a_traceback(open_page) -> None:
    at = open_page(EVENTS, event="<script>alert(1)</script>", kind=["party"], host=["XX"])
    assert "There is no event" in at.warning[0].value
    sidebar = " ".join(w.value for w in at.warning)
    assert "party" in sidebar and "XX" in sidebar
    at = open_page(PARTNERS, sort="bogus", partner="")
    assert at.title[0].value == "Partners: cities, states and organisations"
    assert any("bogus" in w.value for w in at.warning)
