"""The network of a programme scope, computed once per data version and shared by every session: the Network
page and the presenter's slides and handouts use the same entries (st.cache_resource, no copies: never
change what comes back). lib/network.py itself stays free of Streamlit."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from lib import config, db, network

HOME = config.HOME_PARTNER


@st.cache_resource(show_spinner=False, max_entries=16)
def _data(version: str, scope_key: str, _scope: tuple[str, ...]) -> network.Loaded:
    return network.load(db.query, _scope, HOME)


@st.cache_resource(show_spinner=False, max_entries=32)
def _analysis(version: str, view: str, scope_key: str, _scope: tuple[str, ...]) -> network.Analysis:
    memberships, nodes, _, groups, _, _ = _data(version, scope_key, _scope)
    return network.analyse(memberships, nodes, view, HOME, groups)


def data(scope: Sequence[str]) -> network.Loaded:
    """network.load() of the scope on the current data version: memberships, nodes, themes, communities,
    bridges, opportunities."""
    scope = tuple(scope)
    return _data(db.data_version(), network.scope_key(scope), scope)


def analysis(scope: Sequence[str], view: str) -> network.Analysis:
    """network.analyse() of one view of the scope on the current data version."""
    scope = tuple(scope)
    return _analysis(db.data_version(), view, network.scope_key(scope), scope)
