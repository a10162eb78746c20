"""The frame's search: forgiving search over names in Bulgarian and English, and "did you mean"
suggestions. No streamlit.

Frame-level, not a page's: the sidebar's search box and the "not found" hints (lib/ui.py) use it, and so
does the Partners page's list filter.

A name and a query are compared after `fold()`: lower case, Bulgarian Cyrillic transliterated to Latin with
the official streamlined system, accents stripped, punctuation dropped, and a few spellings that vary
between transliterations made equal (ya/ia, y/i, ts/c, doubled letters). "Оулу", "oulu" and "OULU" fold to
the same text; so do "София", "Sofiya" and "Sofia".
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from lib import i18n

#: The official Bulgarian transliteration (Transliteration Act 2009), lower case.
BG_TO_LATIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a",
    "ь": "y", "ю": "yu", "я": "ya",
    # letters of neighbouring Cyrillic alphabets that turn up in names
    "ё": "yo", "э": "e", "ы": "y", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ј": "j", "џ": "dzh",
    "ђ": "dj", "ћ": "c", "љ": "lj", "њ": "nj", "ѝ": "i",
}  # fmt: skip

#: Spellings that differ between transliterations of the same name, folded to one (in this order).
_VARIANTS: tuple[tuple[str, str], ...] = (
    ("dzh", "j"),
    ("tz", "c"),
    ("ts", "c"),
    ("ya", "ia"),
    ("yu", "iu"),
    ("kh", "h"),
    ("w", "v"),
    ("y", "i"),
)
_DOUBLED = re.compile(r"([a-z])\1+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def transliterate(text: str) -> str:
    """Bulgarian (and related) Cyrillic to Latin, letter by letter; other characters are kept."""
    return "".join(BG_TO_LATIN.get(ch, ch) for ch in text.lower())


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Lower case, Latin letters without accents, words separated by single spaces."""
    plain = strip_accents(transliterate(strip_accents(text.casefold())))
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def fold(text: str) -> str:
    """normalise() plus the tolerant variants: the form in which a query and a name are compared."""
    folded = normalise(text)
    for old, new in _VARIANTS:
        folded = folded.replace(old, new)
    return _DOUBLED.sub(r"\1", folded)


@dataclass(frozen=True)
class Item:
    """Something the search can find."""

    kind: str  # programme | partner | event
    id: str
    name_en: str
    name_bg: str
    detail: str = ""
    type: str = ""  # a partner's type (city, member-state, ...): its icon

    def folded_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fold(k) for k in (self.name_en, self.name_bg, self.id) if k))


@dataclass(frozen=True)
class Hit:
    item: Item
    score: float


#: When two items score the same: partners first, then programmes, then events.
KIND_ORDER = {"partner": 0, "programme": 1, "event": 2}


def _score_key(query: str, key: str) -> float:
    """How well one folded name matches a folded query, 0..1."""
    if not query or not key:
        return 0.0
    if key == query:
        return 1.0
    words = key.split()
    tokens = query.split()
    if key.startswith(query):
        return 0.95
    if all(any(w.startswith(tok) for w in words) for tok in tokens):
        return 0.9
    if all(tok in key for tok in tokens):
        return 0.8
    # fuzzy: every query word close to some word of the name (typos, other spellings)
    best: list[float] = []
    for tok in tokens:
        ratios = [difflib.SequenceMatcher(None, tok, w[: len(tok) + 2]).ratio() for w in words]
        best.append(max(ratios, default=0.0))
    fuzzy = sum(best) / len(best)
    return 0.7 * fuzzy if fuzzy >= 0.75 else 0.0


def score(query: str, item: Item) -> float:
    folded = fold(query)
    return max((_score_key(folded, key) for key in item.folded_names()), default=0.0)


def search(query: str, items: Iterable[Item], limit: int = 8) -> list[Hit]:
    """The items that match `query`, best first (ties: partners, programmes, events; then by name)."""
    folded = fold(query)
    if not folded:
        return []
    hits = []
    for item in items:
        best = max(_score_key(folded, k) for k in item.folded_names())
        if best > 0:
            hits.append(Hit(item, best))
    hits.sort(key=lambda h: (-h.score, KIND_ORDER.get(h.item.kind, 9), len(h.item.name_en), h.item.id))
    return hits[:limit]


def closest(wanted: str, items: Sequence[Item], limit: int = 3) -> list[Item]:
    """ "Did you mean": the items whose id or name (either language) is closest to an unknown value."""
    target = fold(wanted)
    if not target:
        return []
    scored: list[tuple[float, Item]] = []
    for item in items:
        names = item.folded_names()
        ratio = max(
            *(difflib.SequenceMatcher(None, target, key).ratio() for key in names),
            *(_score_key(target, key) for key in names),
            0.0,
        )
        if ratio >= 0.5:
            scored.append((ratio, item))
    scored.sort(key=lambda pair: (-pair[0], pair[1].id))
    return [item for _, item in scored[:limit]]


def items_from(frame: pd.DataFrame) -> list[Item]:
    """queries/explore_search_items.sql as search items."""
    return [
        Item(
            r.kind,
            r.id,
            r.name_en,
            r.name_bg,
            r.detail if isinstance(r.detail, str) else "",
            r.type if isinstance(r.type, str) else "",
        )
        for r in frame.itertuples()
    ]


def item_label(item: Item) -> str:
    """The text of a search hit or a suggestion in the current language, with a hint of what it is."""
    name = item.name_bg if i18n.language() == "bg" else item.name_en
    name = name or item.name_en
    if item.kind == "partner" and item.detail and item.detail != "EU":
        return f"{name} · {i18n.country(item.detail)}"
    if item.kind == "event" and item.detail:
        return f"{name} · {i18n.date(dt.date.fromisoformat(item.detail))}"
    return name
