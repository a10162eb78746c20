"""Who is signed in and what they may do. No streamlit (lib/ui.py reads st.user and the cookie).

Two ways to sign in, one of them per install:

- with an identity provider configured in .streamlit/secrets.toml (`[auth]`, Streamlit's st.login, OIDC):
  anyone the provider signs in may read; editors are the e-mail addresses in $PARTNERSHIPS_EDITORS and the
  members of the groups in $PARTNERSHIPS_EDITOR_GROUPS (read from the claim $PARTNERSHIPS_GROUPS_CLAIM);
- without one (the default install): local accounts (lib/accounts.py), each an editor or a viewer. A
  sign-in is kept in a cookie signed with the folder's key (`token` / `verify`): any replica that shares
  the folder checks it without knowing the session, and a new password or a removed account ends it.

`require_editor` is the check every data-changing action makes on the server, whatever the page showed:
it looks again at the settings and the accounts file, so a hidden button is never the only guard.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lib import config
from lib.accounts import Accounts

EDITOR = "editor"
VIEWER = "viewer"
#: The cookie that keeps a local sign-in.
COOKIE = "sip_signin"


@dataclass(frozen=True)
class Identity:
    """Someone signed in: `method` "oidc" (an identity provider) or "local" (an account of this install)."""

    method: str
    id: str  # the e-mail (or subject) for oidc, the account name for local
    name: str = ""
    email: str = ""
    groups: tuple[str, ...] = ()
    role: str = VIEWER  # as found when the identity was read; require_editor() looks again
    claims: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def label(self) -> str:
        return self.name or self.email or self.id

    def record(self) -> dict[str, str]:
        """Who did it, for a version's history (no tokens, no claims beyond these)."""
        return {"method": self.method, "id": self.id, "name": self.label, "email": self.email}


class Forbidden(PermissionError):
    """A data-changing action by someone who is not an editor; nothing was changed."""


def oidc_role(email: str, groups: tuple[str, ...]) -> str:
    if email.lower() in config.editor_emails():
        return EDITOR
    if {g.lower() for g in groups} & config.editor_groups():
        return EDITOR
    return VIEWER


def from_user_info(info: Mapping[str, object]) -> Identity | None:
    """The identity in st.user (Streamlit's OIDC sign-in); None when nobody is signed in that way."""
    if info.get("is_logged_in") is not True:
        return None
    email = str(info.get("email") or "")
    raw_groups = info.get(config.groups_claim()) or ()
    if isinstance(raw_groups, str):
        groups: tuple[str, ...] = (raw_groups,)
    elif isinstance(raw_groups, list | tuple):
        groups = tuple(str(g) for g in raw_groups)
    else:
        groups = ()
    ident = email or str(info.get("sub") or "")
    if not ident:
        return None
    return Identity(
        "oidc", ident, str(info.get("name") or ""), email, groups, oidc_role(email, groups), dict(info)
    )


# --- the local sign-in cookie ---------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def token(accounts: Accounts, name: str, now: Callable[[], float] = time.time) -> str:
    """A signed sign-in for account `name`, valid for $PARTNERSHIPS_SIGNIN_HOURS."""
    account = accounts.get(name)
    if account is None:
        raise Forbidden(name)
    payload = {"u": account.name, "g": account.generation, "exp": int(now()) + 3600 * config.signin_hours()}
    body = _b64(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    mac = hmac.new(accounts.signing_key(), body.encode("ascii"), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def verify(accounts: Accounts, value: str | None, now: Callable[[], float] = time.time) -> Identity | None:
    """The local identity a sign-in cookie names, if its signature is right, it has not expired, and its
    account still exists with the same password; else None."""
    if not value or value.count(".") != 1 or len(value) > 1000:
        return None
    body, mac = value.split(".")
    try:
        expected = hmac.new(accounts.signing_key(), body.encode("ascii"), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(mac)):
            return None
        payload = json.loads(_unb64(body))
    except (ValueError, UnicodeError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("exp"), int) or payload["exp"] < now():
        return None
    account = accounts.get(str(payload.get("u", "")))
    if account is None or not hmac.compare_digest(account.generation, str(payload.get("g", ""))):
        return None
    return local_identity(account.name, accounts)


def local_identity(name: str, accounts: Accounts) -> Identity | None:
    account = accounts.get(name)
    if account is None:
        return None
    return Identity("local", account.name, account.display_name, "", (), account.role)


# --- the server-side check ------------------------------------------------------------------------------


def current_role(identity: Identity | None, accounts: Accounts | None = None) -> str | None:
    """The role of `identity` now (settings and accounts read again); None for nobody signed in."""
    if identity is None:
        return None
    if identity.method == "oidc":
        return oidc_role(identity.email, identity.groups)
    if identity.method == "local":
        account = (accounts or Accounts()).get(identity.id)
        return account.role if account else None
    return None


def is_editor(identity: Identity | None, accounts: Accounts | None = None) -> bool:
    return current_role(identity, accounts) == EDITOR


def require_editor(identity: Identity | None, accounts: Accounts | None = None) -> Identity:
    """Raise Forbidden unless `identity` is an editor now; every data-changing action calls this first."""
    if identity is None or not is_editor(identity, accounts):
        raise Forbidden(identity.id if identity else "nobody signed in")
    return identity
