"""Signing in with an identity provider (st.login, OIDC) end to end in Chromium, against a local OIDC
provider the test starts (oidc-provider-mock, on loopback): an editor from the list of e-mails reaches the
importer; someone not on it is a reader; signing out ends it."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from scripts.serve import free_port
from tests.e2e.conftest import TIMEOUT_MS, open_page, running_server, wait_ready

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    users = [
        {"sub": "ana", "email": "ana@sofia.bg", "name": "Ana Petrova"},
        {"sub": "ivo", "email": "ivo@sofia.bg", "name": "Ivo Ivanov"},
    ]
    args = ["--port", str(port), *[a for u in users for a in ("--user-claims", json.dumps(u))]]
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", *args], stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        try:
            with urllib.request.urlopen(f"{base}/.well-known/openid-configuration", timeout=2):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the OIDC provider did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def oidc_server(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("oidc-app")
    port = free_port()
    secrets_file = tmp / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "dashboard"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    env = {
        "PARTNERSHIPS_DATA_DIR": str(tmp / "store"),
        "PARTNERSHIPS_SIGNIN_DIR": str(tmp / "signin"),
        "PARTNERSHIPS_EDITORS": "ana@sofia.bg",
        "STREAMLIT_SECRETS_FILES": str(secrets_file),
    }
    with running_server(None, tmp / "server.log", env=env, port=port) as base:
        yield base.replace("127.0.0.1", "localhost")


def main(pg):
    return pg.locator('[data-testid="stMain"]')


def sign_in_as(pg, base: str, subject: str) -> None:
    open_page(pg, f"{base}/sign-in?lang=en")
    main(pg).get_by_role("button", name="Sign in with your organisation's account").click()
    pg.get_by_role("button", name=subject, exact=True).click(timeout=TIMEOUT_MS)  # the provider's page
    pg.wait_for_url(f"{base}/**", timeout=TIMEOUT_MS)
    wait_ready(pg)
    # Streamlit comes back to the app's root: the language chosen before is kept
    expect(pg).to_have_url(re.compile(r"[?&]lang=en\b"))


@pytest.mark.parametrize(("subject", "editor"), [("ana", True), ("ivo", False)])
def test_identity_provider_sign_in_editor_by_list(oidc_server: str, new_context, subject: str, editor: bool):
    context = new_context()
    # the provider's own page (test scaffolding, not the app) links a stylesheet on a CDN: serve it empty,
    # so that nothing leaves the machine
    context.route(
        "https://cdn.jsdelivr.net/npm/@picocss/**", lambda r: r.fulfill(body="", content_type="text/css")
    )
    pg = context.new_page()
    open_page(pg, f"{oidc_server}/import?lang=en")
    expect(main(pg)).to_contain_text("This page is for the editors of the data")
    sign_in_as(pg, oidc_server, subject)
    open_page(pg, f"{oidc_server}/import?lang=en")
    uploader = main(pg).locator('[data-testid="stFileUploader"]')
    sidebar = pg.locator('[data-testid="stSidebar"]')
    if editor:
        expect(uploader).to_have_count(1)
        expect(sidebar).to_contain_text("Signed in as Ana Petrova (editor)")
    else:
        expect(main(pg)).to_contain_text("may read the data but not change it")
        expect(uploader).to_have_count(0)
    sidebar.get_by_role("button", name="Sign out").click()  # st.logout: the provider's end-session page
    pg.get_by_role("button", name="End session").click(timeout=TIMEOUT_MS)
    pg.wait_for_url(f"{oidc_server}/**", timeout=TIMEOUT_MS)
    wait_ready(pg)
    expect(pg).to_have_url(re.compile(r"[?&]lang=en\b"))  # still English after the round trip
    expect(sidebar.get_by_role("link", name="Sign in")).to_be_visible()
    open_page(pg, f"{oidc_server}/import?lang=en")
    expect(main(pg)).to_contain_text("This page is for the editors of the data")
