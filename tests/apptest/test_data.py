"""The Data pages headless: a viewer sees a sign-in prompt and nothing else; an editor (a local account
signed in with the form, or an identity provider's user on the editors' list) imports, previews,
publishes and restores."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import config, i18n
from lib.accounts import Accounts
from lib.navigation import PAGES
from lib.store import Store

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "import"
DATA_PAGES = [p for p in PAGES if p.role == "editor"]


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PARTNERSHIPS_DB", raising=False)
    monkeypatch.setenv("PARTNERSHIPS_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("PARTNERSHIPS_SIGNIN_DIR", str(tmp_path / "signin"))
    monkeypatch.setenv("PARTNERSHIPS_EDITORS", "ana@sofia.bg")
    monkeypatch.chdir(ROOT)
    accounts = Accounts(tmp_path / "signin", rounds=4)
    accounts.add("ana", "correct horse", "editor", "Ana")
    accounts.add("vik", "battery staple", "viewer")
    return tmp_path


def start(lang: str, page: str | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["lang"] = lang
    if user is not None:
        at.user = user
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    i18n.set_language(lang)  # AppTest formats the widgets' options in the test's process
    return at


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    (name_box,) = [w for w in at.text_input if w.key.endswith("-name")]
    (password_box,) = [w for w in at.text_input if w.key.endswith("-password")]
    name_box.input(name)
    password_box.input(password)
    labels = {i18n.t("auth.sign_in", lang) for lang in config.LANGUAGES}
    submit = next(b for b in at.main.button if b.label in labels)
    submit.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", config.LANGUAGES)
@pytest.mark.parametrize("spec", DATA_PAGES, ids=[p.url_path for p in DATA_PAGES])
def test_a_viewer_by_url_sees_a_sign_in_prompt_and_nothing_else(env, spec, lang: str) -> None:
    at = start(lang, spec.path)
    i18n.set_language(lang)
    assert [t.value for t in at.title] == [i18n.t(spec.title)]
    assert [i.value for i in at.info] == [i18n.t("auth.editors_only")]
    assert not at.get("file_uploader") and not at.dataframe and not at.tabs
    assert [b.label for b in at.main.button] == [i18n.t("auth.sign_in")]


def test_the_navigation_lists_the_data_pages_only_for_editors(env) -> None:
    viewer = start("en", "pages/data/sign_in.py")
    assert not any(p.label == "Import" for p in viewer.sidebar.get("page_link")), "no link to Import"
    editor = sign_in(viewer, "ana", "correct horse")
    assert any(s.value.startswith("Signed in as Ana") for s in editor.success)
    assert [p.label for p in editor.main.get("page_link")] == ["Import", "Quick edits", "History and export"]


def test_a_wrong_password_and_a_viewer_account_change_nothing(env) -> None:
    at = sign_in(start("en", "pages/data/import.py"), "ana", "wrong password")
    assert [e.value for e in at.error] == ["Wrong name or password."]
    assert not at.get("file_uploader")
    at = sign_in(at, "vik", "battery staple")
    assert [w.value for w in at.warning] == [i18n.t("auth.not_an_editor", "en", name="vik")]
    assert not at.get("file_uploader")


def test_an_editor_imports_previews_publishes_and_restores(env) -> None:
    at = sign_in(start("en", "pages/data/import.py"), "ana", "correct horse")
    (uploader,) = at.get("file_uploader")
    data = (FIXTURES / "partner-cp1251-semicolon.csv").read_bytes()
    uploader.set_value(("partner-cp1251-semicolon.csv", data, "text/csv")).run()
    next(b for b in at.button if b.label == "Check").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.subheader] == ["Preview of the changes"]
    assert any("Partners: 1 added, 0 changed, 0 removed" in e.label for e in at.expander)
    at.text_input(key="import-note").input("After the visit to Plovdiv")
    next(b for b in at.button if b.label == "Publish as a new version").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Version 2 is published" in s.value for s in at.success)
    store = Store(env / "store")
    assert store.current_number() == 2 and store.version(2).info["by"]["id"] == "ana"

    at.switch_page("pages/data/history.py").run()
    assert not at.exception, [e.value for e in at.exception]
    history = at.dataframe[0].value
    assert list(history["Version"]) == [2, 1] and history["Note"].iloc[0] == "After the visit to Plovdiv"
    assert at.selectbox(key="restore-version").value == 1
    next(b for b in at.button if b.label == "Restore version 1 as a new version").click().run()
    assert any("published as version 3" in s.value for s in at.success)
    assert store.current_number() == 3 and store.version(3).info["restored_from"] == 1


def test_a_broken_file_lists_every_problem_and_offers_no_publish(env) -> None:
    at = sign_in(start("bg", "pages/data/import.py"), "ana", "correct horse")
    data = (FIXTURES / "partner-broken-cp1251.csv").read_bytes()
    at.get("file_uploader")[0].set_value(("partner-broken-cp1251.csv", data, "text/csv")).run()
    next(b for b in at.button if b.label == "Провери").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (problems,) = at.dataframe
    assert len(problems.value) == 4
    assert list(problems.value.columns) == [
        "Файл / лист",
        "Ред",
        "Колона",
        "Намерена стойност",
        "Какво не е наред и какво се очаква",
    ]
    assert not any(b.label == "Публикувай като нова версия" for b in at.button)
    assert Store(env / "store").current_number() == 1


@pytest.mark.parametrize("email", ["ana@sofia.bg", "reader@sofia.bg"])
def test_an_identity_providers_user_is_an_editor_only_on_the_list(env, email: str) -> None:
    at = start("en", "pages/data/import.py", user={"is_logged_in": True, "email": email, "name": "Someone"})
    if email == "ana@sofia.bg":
        assert at.get("file_uploader"), "an editor sees the importer"
        assert any("Signed in as Someone (editor)" in c.value for c in at.sidebar.caption)
    else:
        assert not at.get("file_uploader")
        assert [w.value for w in at.warning] == [i18n.t("auth.not_an_editor", "en", name="Someone")]


def test_sign_out_ends_the_sign_in(env) -> None:
    at = sign_in(start("en", "pages/data/import.py"), "ana", "correct horse")
    assert at.get("file_uploader")
    at.sidebar.button(key="sign-out").click().run()
    assert not at.get("file_uploader") and [i.value for i in at.info] == [i18n.t("auth.editors_only", "en")]


def test_reading_can_require_a_sign_in(env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERSHIPS_SIGN_IN_TO_READ", "1")
    at = start("en")
    assert [i.value for i in at.info] == [i18n.t("auth.read_needs_sign_in", "en")]
    assert not at.metric, "no page content before signing in"
    at = sign_in(at, "vik", "battery staple")
    assert at.metric, "a viewer account may read"


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_quick_edits_change_an_actions_status(env, lang: str) -> None:
    at = sign_in(start(lang, "pages/data/edit.py"), "ana", "correct horse")
    assert len(at.tabs) == 4
    chosen = at.selectbox(key="ea-action").value
    at.selectbox(key=f"ea-status-{chosen}").set_value("cancelled").run()
    at.button(key="ea-check").click().run()
    assert not at.exception, [e.value for e in at.exception]
    label = i18n.t("data.preview.table", table=i18n.t("data.table.action"), added=0, changed=1, removed=0)
    assert any(label in e.label for e in at.expander)
    at.button(key="edit-publish").click().run()
    store = Store(env / "store")
    assert store.current_number() == 2 and store.version(2).info["action"] == "edit-action"


def test_quick_edits_find_a_citys_coordinates_and_offer_a_choice(env) -> None:
    at = sign_in(start("en", "pages/data/edit.py"), "ana", "correct horse")
    at.text_input(key="ep-city").input("Alexandria")
    next(b for b in at.button if b.label == "Find").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (choice,) = at.radio
    assert len(choice.options) > 1, "an ambiguous name offers a choice"
    next(b for b in at.button if b.label == "Use its coordinates").click().run()
    assert at.number_input(key="ep-lat").value is not None
    at.text_input(key="ep-name_bg").input("Александрия")
    at.button(key="ep-check").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Partners: 1 added" in e.label for e in at.expander)
