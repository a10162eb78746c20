"""Local accounts (a slow hash only, wrong passwords slowed down), signed sign-in cookies, and the role
check that every data-changing action makes."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import bcrypt
import pytest

from lib import auth
from lib.accounts import FREE_FAILURES, AccountError, Accounts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def accounts(tmp_path: Path) -> Accounts:
    found = Accounts(tmp_path / "signin", rounds=4)  # bcrypt's cheapest cost: the tests check the logic
    found.add("ana", "correct horse", "editor", "Ana Petrova")
    found.add("vik", "battery staple", "viewer")
    return found


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_only_a_bcrypt_hash_is_stored_in_a_private_file(accounts: Accounts) -> None:
    text = accounts.path.read_text(encoding="utf-8")
    assert "correct horse" not in text
    entry = json.loads(text)["accounts"]["ana"]
    assert entry["hash"].startswith("$2b$") and bcrypt.checkpw(b"correct horse", entry["hash"].encode())
    assert stat.S_IMODE(accounts.path.stat().st_mode) == 0o600


def test_the_default_cost_is_slow(tmp_path: Path) -> None:
    account = Accounts(tmp_path / "signin").add("slow", "a long password")
    assert account.password_hash.startswith("$2b$12$"), "bcrypt cost 12 (about 0.25 s per check)"


def test_names_and_passwords_are_checked(accounts: Accounts) -> None:
    with pytest.raises(AccountError, match="exists"):
        accounts.add("ANA", "another password")
    with pytest.raises(AccountError, match="short_password"):
        accounts.add("bob", "short")
    with pytest.raises(AccountError, match="bad_name"):
        accounts.add("bob smith", "long enough")
    with pytest.raises(AccountError, match="bad_role"):
        accounts.add("bob", "long enough", role="admin")


def test_sign_in_right_and_wrong(accounts: Accounts) -> None:
    assert accounts.sign_in("Ana ", "correct horse").account.name == "ana"
    assert accounts.sign_in("ana", "wrong password").account is None
    assert accounts.sign_in("nobody", "correct horse").account is None


def test_repeated_wrong_passwords_are_slowed_down_and_a_right_one_resets(accounts: Accounts) -> None:
    clock = Clock()
    for _ in range(FREE_FAILURES):
        assert accounts.sign_in("ana", "wrong", now=clock).wait == 0
    blocked = accounts.sign_in("ana", "correct horse", now=clock)
    assert blocked.account is None and blocked.wait >= 1, "even the right password waits"
    clock.now += blocked.wait
    assert accounts.sign_in("ana", "wrong", now=clock).account is None
    longer = accounts.sign_in("ana", "correct horse", now=clock)
    assert longer.wait > blocked.wait, "each further wrong password doubles the wait"
    clock.now += longer.wait
    assert accounts.sign_in("ana", "correct horse", now=clock).account is not None
    assert accounts.sign_in("ana", "wrong", now=clock).wait == 0, "a right password resets the count"


def test_unknown_names_are_slowed_down_too(accounts: Accounts) -> None:
    clock = Clock()
    for _ in range(FREE_FAILURES):
        accounts.sign_in("mallory", "guess", now=clock)
    assert accounts.sign_in("mallory", "guess", now=clock).wait > 0
    assert accounts.sign_in("ana", "correct horse", now=clock).account is not None, "per name"


def test_a_signed_token_names_its_account_until_it_expires_or_the_password_changes(
    accounts: Accounts,
) -> None:
    clock = Clock()
    value = auth.token(accounts, "ana", now=clock)
    who = auth.verify(accounts, value, now=clock)
    assert who is not None and who.id == "ana" and who.label == "Ana Petrova"
    body, mac = value.split(".")
    assert auth.verify(accounts, f"{body}.{mac[:-2]}AA", now=clock) is None, "a forged signature"
    other = auth.token(accounts, "vik", now=clock).split(".")[0]
    assert auth.verify(accounts, f"{other}.{mac}", now=clock) is None, "another account's body"
    clock.now += 13 * 3600
    assert auth.verify(accounts, value, now=clock) is None, "expired"
    clock.now -= 13 * 3600
    accounts.set_password("ana", "a new password")
    assert auth.verify(accounts, value, now=clock) is None, "a new password ends old sign-ins"
    for junk in ("", "x", "a.b.c", "é.é", "." * 2000):
        assert auth.verify(accounts, junk) is None


def test_the_role_is_read_again_on_every_check(accounts: Accounts) -> None:
    ana = auth.local_identity("ana", accounts)
    vik = auth.local_identity("vik", accounts)
    assert auth.require_editor(ana, accounts) == ana
    for who in (vik, None):
        with pytest.raises(auth.Forbidden):
            auth.require_editor(who, accounts)
    accounts.remove("ana")
    with pytest.raises(auth.Forbidden):
        auth.require_editor(ana, accounts)  # an identity read before its account was removed
    forged = auth.Identity("local", "vik", role=auth.EDITOR)
    with pytest.raises(auth.Forbidden):
        auth.require_editor(forged, accounts)  # the role it claims does not count


def test_identity_provider_editors_by_email_or_group(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERSHIPS_EDITORS", "Ana@Sofia.bg, other@sofia.bg")
    monkeypatch.setenv("PARTNERSHIPS_EDITOR_GROUPS", "data-editors")
    ana = auth.from_user_info({"is_logged_in": True, "email": "ana@sofia.bg", "name": "Ana"})
    assert ana is not None and auth.is_editor(ana)
    grouped = auth.from_user_info({"is_logged_in": True, "email": "x@sofia.bg", "groups": ["Data-Editors"]})
    assert auth.is_editor(grouped)
    reader = auth.from_user_info({"is_logged_in": True, "email": "reader@sofia.bg", "groups": "staff"})
    assert reader is not None and not auth.is_editor(reader) and auth.current_role(reader) == auth.VIEWER
    assert auth.from_user_info({"is_logged_in": False, "email": "ana@sofia.bg"}) is None
    monkeypatch.setenv("PARTNERSHIPS_EDITORS", "")
    assert not auth.is_editor(ana), "taken off the list: no longer an editor"


def test_the_command_line_adds_lists_and_removes(tmp_path: Path) -> None:
    env = {"PARTNERSHIPS_SIGNIN_DIR": str(tmp_path / "signin"), "PATH": "/usr/bin:/bin"}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "lib.accounts", *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    added = run("add", "maria", "--display-name", "Мария", "--password-stdin", stdin="a long password\n")
    assert added.returncode == 0, added.stderr
    assert "a long password" not in (tmp_path / "signin" / "accounts.json").read_text(encoding="utf-8")
    listed = run("list")
    assert listed.stdout.startswith("maria\teditor\tМария")
    again = run("add", "maria", "--password-stdin", stdin="a long password\n")
    assert again.returncode == 1 and "exists" in again.stderr and "Traceback" not in again.stderr
    assert Accounts(tmp_path / "signin").sign_in("maria", "a long password").account is not None
    assert run("remove", "maria").returncode == 0
    assert run("list").stdout == ""
