"""What a viewer reads from the Markdown source AppTest sees: data arrives escaped by lib/safe.py."""

from __future__ import annotations

import re


def shown(markdown: str) -> str:
    """The text of escaped data as the viewer reads it: backslash escapes and invisible joiners removed."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("\u2060", "")).replace("  \n", "\n")
