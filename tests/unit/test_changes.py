"""A change is checked by the seed's validator, previewed, published through lib/store as a new version
(all or nothing, serialised), recorded (who, when, what) and undone by restoring; only editors may."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest

from lib import auth, changes, config, dataset, importer, quick_edits, seed
from lib.accounts import Accounts
from lib.faults import Fault
from lib.importer import Upload
from lib.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


@pytest.fixture()
def accounts(tmp_path: Path) -> Accounts:
    found = Accounts(tmp_path / "signin", rounds=4)
    found.add("ana", "correct horse", "editor")
    found.add("eli", "correct horse", "editor")
    found.add("vik", "battery staple", "viewer")
    return found


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    data = Store(tmp_path / "store", keep=3)
    seed.publish(data, config.SEED_DIR)
    return data


def who(accounts: Accounts, name: str) -> auth.Identity:
    found = auth.local_identity(name, accounts)
    assert found is not None
    return found


def plovdiv() -> changes.Change:
    data = (FIXTURES / "partner-cp1251-semicolon.csv").read_bytes()
    return changes.from_uploads(importer.read_uploads([Upload("partner-cp1251-semicolon.csv", data)]))


def partners_in(store: Store) -> set[str]:
    version = store.current()
    assert version is not None
    con = duckdb.connect(str(version.path), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT id FROM partner").fetchall()}
    finally:
        con.close()


def test_import_preview_publish_and_restore(store: Store, accounts: Accounts) -> None:
    ana = who(accounts, "ana")
    prepared = changes.prepare(store, plovdiv(), ana, accounts)
    assert prepared.ok and prepared.base == 1
    assert prepared.counts() == {"partner": {"added": 1, "changed": 0, "removed": 0}}
    assert prepared.diffs["partner"].added[0]["name_bg"] == "Пловдив"
    assert "plovdiv" not in partners_in(store), "nothing is written before publishing"
    version = changes.publish(store, prepared, ana, "After the visit", accounts)
    assert version.number == 2 and "plovdiv" in partners_in(store)
    assert version.info["by"]["id"] == "ana" and version.info["note"] == "After the visit"
    assert version.info["files"][0]["name"] == "partner-cp1251-semicolon.csv"
    assert len(version.info["files"][0]["sha256"]) == 64
    restored = changes.restore(store, 1, ana, "undo", accounts=accounts)
    assert restored.number == 3 and "plovdiv" not in partners_in(store)
    assert restored.info["restored_from"] == 1
    assert restored.info["changes"] == {"partner": {"added": 0, "changed": 0, "removed": 1}}
    frame = changes.history_frame(store, "en")
    assert list(frame["Version"]) == [3, 2, 1]
    assert list(frame["What"]) == ["Restored version 1", "Import", "Seed data (data/seed/)"]
    assert list(frame["Who"])[:2] == ["ana", "ana"]
    assert frame["State"].iloc[0] == "current"


def test_a_change_shows_old_and_new_values(store: Store, accounts: Accounts) -> None:
    ana = who(accounts, "ana")
    data = changes.version_rows(store.current())
    oulu = next(r for r in data["partner"] if r["id"] == "oulu")
    values = {**changes.row_values(oulu), "name_bg": "Оулу (Финландия)"}
    prepared = changes.prepare(store, quick_edits.partner_change(values), ana, accounts)
    assert prepared.ok
    assert prepared.diffs["partner"].changed == [(("oulu",), [("name_bg", "Оулу", "Оулу (Финландия)")])]
    frames = changes.diff_frames(prepared.diffs["partner"], "bg")
    assert frames["changed"].values.tolist() == [["oulu", "Име (български)", "Оулу", "Оулу (Финландия)"]]


def test_a_viewer_and_nobody_can_do_nothing(store: Store, accounts: Accounts) -> None:
    ana, vik = who(accounts, "ana"), who(accounts, "vik")
    prepared = changes.prepare(store, plovdiv(), ana, accounts)
    for person in (vik, None, auth.Identity("local", "vik", role=auth.EDITOR)):
        with pytest.raises(auth.Forbidden):
            changes.prepare(store, plovdiv(), person, accounts)
        with pytest.raises(auth.Forbidden):
            changes.publish(store, prepared, person, "", accounts)
        with pytest.raises(auth.Forbidden):
            changes.restore(store, 1, person, "", accounts=accounts)
    assert store.current_number() == 1 and len(store.versions()) == 1


def test_a_change_with_problems_is_never_published(store: Store, accounts: Accounts) -> None:
    ana = who(accounts, "ana")
    data = (FIXTURES / "partner-broken-cp1251.csv").read_bytes()
    change = changes.from_uploads(importer.read_uploads([Upload("broken.csv", data)], table="partner"))
    prepared = changes.prepare(store, change, ana, accounts)
    assert not prepared.ok and len(prepared.problems) == 4
    with pytest.raises(changes.Rejected):
        changes.publish(store, prepared, ana, "", accounts)
    assert store.current_number() == 1


def test_replacing_a_table_checks_the_references_of_the_others(store: Store, accounts: Accounts) -> None:
    ana = who(accounts, "ana")
    data = (FIXTURES / "partner-cp1251-semicolon.csv").read_bytes()
    read = importer.read_uploads([Upload("partner.csv", data)])
    prepared = changes.prepare(store, changes.from_uploads(read, mode="replace"), ana, accounts)
    assert not prepared.ok
    assert {p.code for p in prepared.problems} == {"unknown_reference"}
    files = {p.file for p in prepared.problems}
    assert changes.current_label("membership") in files, "rows already in the data are named so"
    assert all(p.line is None for p in prepared.problems)
    assert importer.column_label("partner_id") in {p.column for p in prepared.problems}


def test_two_editors_at_once_are_both_recorded_in_order(store: Store, accounts: Accounts) -> None:
    ana, eli = who(accounts, "ana"), who(accounts, "eli")
    first = changes.prepare(store, plovdiv(), ana, accounts)
    varna = (FIXTURES / "Партньори.txt").read_bytes()
    second = changes.prepare(
        store, changes.from_uploads(importer.read_uploads([Upload("Партньори.txt", varna)])), eli, accounts
    )
    assert first.base == second.base == 1
    done: list[object] = []
    threads = [
        threading.Thread(target=lambda p=p, w=w: done.append(changes.publish(store, p, w, "", accounts)))
        for p, w in ((first, ana), (second, eli))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert len(done) == 2
    assert [v.number for v in store.versions()] == [1, 2, 3]
    assert {"plovdiv", "varna"} <= partners_in(store), "neither change is lost"
    later = store.version(3)
    assert later.info["made_on"] == 2, "the second was applied on top of the first"


def test_the_same_row_changed_meanwhile_is_a_conflict(store: Store, accounts: Accounts) -> None:
    ana, eli = who(accounts, "ana"), who(accounts, "eli")
    data = changes.version_rows(store.current())
    oulu = changes.row_values(next(r for r in data["partner"] if r["id"] == "oulu"))
    mine = changes.prepare(store, quick_edits.partner_change({**oulu, "name_bg": "А"}), ana, accounts)
    theirs = changes.prepare(store, quick_edits.partner_change({**oulu, "name_bg": "Б"}), eli, accounts)
    changes.publish(store, theirs, eli, "", accounts)
    with pytest.raises(Fault) as caught:
        changes.publish(store, mine, ana, "", accounts)
    assert caught.value.code == "edit_conflict" and caught.value.what()
    assert store.current_number() == 2


def test_restoring_a_version_whose_file_was_pruned_says_so(store: Store, accounts: Accounts) -> None:
    ana = who(accounts, "ana")
    data = changes.version_rows(store.current())
    oulu = changes.row_values(next(r for r in data["partner"] if r["id"] == "oulu"))
    for n in range(4):
        notes = {"location_note": f"note {n}", "location_note_bg": f"бележка {n}"}  # both languages
        change = quick_edits.partner_change({**oulu, **notes})
        changes.publish(store, changes.prepare(store, change, ana, accounts), ana, "", accounts)
    assert not store.version(1).available
    with pytest.raises(Fault) as caught:
        changes.restore(store, 1, ana, accounts=accounts)
    assert caught.value.code == "version_pruned"
    assert len(changes.history_records(store)) == 5, "every record stays"


def test_quick_edits_add_a_partner_with_a_membership_an_event_a_value_and_a_status(
    store: Store, accounts: Accounts
) -> None:
    ana = who(accounts, "ana")
    data = changes.version_rows(store.current())
    (city, *_) = quick_edits.geocode.find("Plovdiv")
    values = {
        "id": quick_edits.unique_id(quick_edits.slug("Пловдив"), (r["id"] for r in data["partner"])),
        "type": "city",
        "name_en": "Plovdiv",
        "name_bg": "Пловдив",
        "country_code": city.country_code,
        "lat": city.lat,
        "lon": city.lon,
        "source_id": "general-knowledge",
    }
    assert values["id"] == "plovdiv" and city.country_code == "BG"
    membership = {
        "programme_id": "ua-digital-transition",
        "partner_id": "plovdiv",
        "role": "member",
        "source_id": "general-knowledge",
    }
    change = quick_edits.partner_change(values, membership)
    prepared = changes.prepare(store, change, ana, accounts)
    assert prepared.ok, prepared.problems
    assert prepared.counts() == {
        "partner": {"added": 1, "changed": 0, "removed": 0},
        "membership": {"added": 1, "changed": 0, "removed": 0},
    }
    bad = changes.prepare(store, quick_edits.partner_change({**values, "lat": 123.0}), ana, accounts)
    assert [(p.column, p.code) for p in bad.problems] == [(importer.column_label("lat"), "out_of_range")]
    action = data["action"][0]
    status = quick_edits.action_change(action, "done", 100, "general-knowledge")
    prepared = changes.prepare(store, status, ana, accounts)
    assert prepared.ok and [c for c, _o, _n in prepared.diffs["action"].changed[0][1]] != []


def test_a_publish_killed_in_the_build_leaves_the_old_version(store: Store, accounts: Accounts) -> None:
    ana = who(accounts, "ana")
    prepared = changes.prepare(store, plovdiv(), ana, accounts)

    def broken(path: Path, data: dataset.Dataset, stamp: str) -> None:
        path.write_bytes(b"half a database")
        raise OSError("disk full")

    original = changes.write
    changes.write = broken  # type: ignore[assignment]
    try:
        with pytest.raises((OSError, Fault)):
            changes.publish(store, prepared, ana, "", accounts)
    finally:
        changes.write = original  # type: ignore[assignment]
    assert store.current_number() == 1 and "plovdiv" not in partners_in(store)
    assert changes.publish(store, prepared, ana, "", accounts).number == 2
