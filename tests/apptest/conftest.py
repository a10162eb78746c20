"""AppTest runs are development: Streamlit shows full error details in them (the shipped
.streamlit/config.toml hides them from visitors), so a failing test says what failed. Tests of what a
visitor sees set "none" themselves (test_faults.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit import config as streamlit_config


@pytest.fixture(autouse=True)
def full_error_details() -> Iterator[None]:
    before = streamlit_config.get_option("client.showErrorDetails")
    streamlit_config.set_option("client.showErrorDetails", "full")
    yield
    streamlit_config.set_option("client.showErrorDetails", before)
