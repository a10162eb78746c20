"""Paths and settings. Environment variables override the defaults; no streamlit here."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "data" / "seed"
SCHEMA_FILE = ROOT / "lib" / "schema.sql"
QUERY_DIR = ROOT / "lib" / "queries"
LOCALE_DIR = ROOT / "lib" / "locales"
DEFAULT_DATA_DIR = ROOT / "data" / "store"

#: Languages of the interface; the first is the default.
LANGUAGES = ("bg", "en")
#: The city whose portfolio this dashboard shows.
HOME_PARTNER = "sofia"
HOME_COUNTRY = "BG"  # the country a new partner in Quick edits starts with
#: First and last year offered by the period filter.
FIRST_YEAR = 2016
LAST_YEAR = 2027


def data_dir() -> Path:
    """The data directory: the published versions of the database and which one is current (lib/store.py);
    $PARTNERSHIPS_DATA_DIR or data/store/. The first start publishes version 1 from data/seed/."""
    return Path(os.environ.get("PARTNERSHIPS_DATA_DIR") or DEFAULT_DATA_DIR)


def db_path() -> Path | None:
    """$PARTNERSHIPS_DB: one fixed database file the app opens instead of the data directory (built from the
    seed when missing; for a copy, a benchmark or a test). None when unset."""
    value = os.environ.get("PARTNERSHIPS_DB")
    return Path(value) if value else None


def _int_env(name: str, default: int) -> int:
    """An integer setting from the environment; the default when unset, empty or not a number."""
    try:
        return int(os.environ.get(name) or default)
    except ValueError:
        return default


#: A partner with no shared event and no active shared programme for this many months is "dormant".
DORMANT_MONTHS = _int_env("PARTNERSHIPS_DORMANT_MONTHS", 24)


def online_tiles() -> bool:
    """Map: draw CARTO's online tiles under the data ($PARTNERSHIPS_ONLINE_TILES=1). Off by default: the
    offline Natural Earth outlines always work, with or without a network."""
    return _flag("PARTNERSHIPS_ONLINE_TILES")


def map_point_limit() -> int:
    """Map: above this many partners the map shows grid cells and per-country arcs instead of one point
    and one arc per partner ($PARTNERSHIPS_MAP_POINT_LIMIT, default 1500)."""
    return max(1, _int_env("PARTNERSHIPS_MAP_POINT_LIMIT", 1500))


def keep_versions() -> int:
    """How many published versions keep their database file in the data directory
    ($PARTNERSHIPS_KEEP_VERSIONS, default 10); older ones keep only their record."""
    return max(1, _int_env("PARTNERSHIPS_KEEP_VERSIONS", 10))


# --- who may read and edit (lib/auth.py, lib/accounts.py) ------------------------------------------------


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _list(name: str) -> frozenset[str]:
    return frozenset(v.strip().lower() for v in os.environ.get(name, "").split(",") if v.strip())


def signin_dir() -> Path:
    """Local accounts, the key that signs sign-in cookies and the count of wrong passwords
    ($PARTNERSHIPS_SIGNIN_DIR, default data/signin/; outside git). Replicas share it."""
    return Path(os.environ.get("PARTNERSHIPS_SIGNIN_DIR") or ROOT / "data" / "signin")


def sign_in_to_read() -> bool:
    """Reading needs a signed-in account too ($PARTNERSHIPS_SIGN_IN_TO_READ=1, for an intranet install).
    Off by default: reading is open, editing always needs an editor."""
    return _flag("PARTNERSHIPS_SIGN_IN_TO_READ")


def editor_emails() -> frozenset[str]:
    """With an identity provider (st.login): the e-mail addresses of editors ($PARTNERSHIPS_EDITORS,
    comma-separated, any letter case)."""
    return _list("PARTNERSHIPS_EDITORS")


def editor_groups() -> frozenset[str]:
    """With an identity provider: groups whose members are editors ($PARTNERSHIPS_EDITOR_GROUPS,
    comma-separated), read from the claim $PARTNERSHIPS_GROUPS_CLAIM (default "groups")."""
    return _list("PARTNERSHIPS_EDITOR_GROUPS")


def groups_claim() -> str:
    return os.environ.get("PARTNERSHIPS_GROUPS_CLAIM", "").strip() or "groups"


def signin_hours() -> int:
    """How long a local sign-in lasts, in hours ($PARTNERSHIPS_SIGNIN_HOURS, default 12)."""
    return max(1, _int_env("PARTNERSHIPS_SIGNIN_HOURS", 12))
