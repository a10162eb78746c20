"""The forgiving search (lib/search.py): case, accents and Cyrillic/Latin spellings, and "did you mean"."""

from __future__ import annotations

import pytest

from lib import search, sql

ITEMS = [
    search.Item("partner", "oulu", "Oulu", "Оулу", "FI"),
    search.Item("partner", "sofia", "Sofia", "София", "BG"),
    search.Item("partner", "oslo", "Oslo", "Осло", "NO"),
    search.Item("partner", "gdansk", "Gdańsk", "Гданск", "PL"),
    search.Item("partner", "sejong", "Sejong", "Седжон", "KR"),
    search.Item("programme", "ua-digital-transition", "Partnership on Digital Transition", "Партньорство за цифров преход"),  # noqa: E501
    search.Item("event", "dt-2017-02-oulu", "1st partnership meeting (kick-off), Oulu", "Първа среща, Оулу", "2017-02-16"),  # noqa: E501
]  # fmt: skip


def ids(query: str, items=ITEMS) -> list[str]:
    return [hit.item.id for hit in search.search(query, items)]


@pytest.mark.parametrize("query", ["Oulu", "oulu", "OULU", "оулу", "Оулу", " Oulu "])
def test_oulu_in_any_case_and_script_finds_oulu_first(query: str) -> None:
    assert ids(query)[0] == "oulu"


@pytest.mark.parametrize("query", ["Sofiya", "sofia", "СОФИЯ", "Sofija"])
def test_sofiya_finds_sofia(query: str) -> None:
    assert ids(query)[0] == "sofia"


def test_accents_are_forgiven_both_ways() -> None:
    assert ids("gdansk")[0] == "gdansk"
    assert ids("Gdańsk")[0] == "gdansk"
    assert ids("гданск")[0] == "gdansk"


def test_transliteration_follows_the_official_bulgarian_system() -> None:
    assert search.transliterate("щастие") == "shtastie"
    assert search.transliterate("Юлия Цветкова") == "yuliya tsvetkova"
    assert search.transliterate("Български") == "balgarski"
    assert search.normalise("Седжон") == "sedzhon"


def test_tolerant_variants_make_spellings_equal() -> None:
    assert search.fold("Sofiya") == search.fold("Sofia") == search.fold("София")
    assert search.fold("Седжон") == search.fold("Sedzhon") == search.fold("Sejon")
    assert search.fold("Tsarevets") == search.fold("Carevec")


def test_a_word_of_a_name_and_the_bulgarian_name_are_found() -> None:
    assert ids("digital transition")[0] == "ua-digital-transition"
    assert ids("цифров преход")[0] == "ua-digital-transition"
    assert ids("transit")[0] == "ua-digital-transition"


def test_partners_rank_before_events_on_equal_terms() -> None:
    assert ids("оулу") == ["oulu", "dt-2017-02-oulu"]


def test_nonsense_and_empty_queries_find_nothing() -> None:
    assert ids("xyzzy") == []
    assert ids("") == []
    assert ids("  ,; ") == []


def test_a_small_typo_is_still_found() -> None:
    assert "sejong" in ids("Sejonq")


def test_closest_suggests_by_id_and_by_name_in_either_language() -> None:
    partners = [i for i in ITEMS if i.kind == "partner"]
    assert search.closest("olu", partners)[0].id == "oulu"
    assert search.closest("Софя", partners)[0].id == "sofia"
    assert search.closest("ua-digital-transitio", ITEMS)[0].id == "ua-digital-transition"
    assert search.closest("qqqqqqqq", partners) == []


def test_search_on_the_demo_data(demo_con) -> None:
    items = search.items_from(sql.run(demo_con, "explore_search_items"))
    assert {i.kind for i in items} == {"programme", "partner", "event"}
    assert ids("оулу", items)[0] == "oulu"
    assert ids("Sofiya", items)[0] == "sofia"
    assert ids("Oulu", items)[0] == "oulu"
    assert ids("Семаранг", items)[0] == "semarang"
