"""The forms of the Quick edits page as pure functions: the choices they offer and the change each makes.
No streamlit.

Each form's values become text cells of the table's columns and go through `changes.form_rows`, that is
through the seed's validator, exactly as an uploaded file would: the same checks, the same messages.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from babel import Locale

from lib import changes, dataset, geocode, i18n
from lib.dataset import Dataset, Row


def slug(text: str, limit: int = 48) -> str:
    """ "Plovdiv Municipality" -> "plovdiv-municipality"; Cyrillic is transliterated (Bulgarian rules)."""
    text = "".join(_BG_LATIN.get(ch, ch) for ch in text.casefold())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:limit].rstrip("-") or "new"


_BG_LATIN = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъьюя",
        ("a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u")
        + ("f", "h", "ts", "ch", "sh", "sht", "a", "y", "yu", "ya"),
        strict=True,
    )
)


def unique_id(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base-2`, `base-3`, … the first that no row has (ids differ ignoring case too)."""
    used = {t.casefold() for t in taken}
    candidate, n = base, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def by_id(rows: Sequence[Row]) -> dict[str, Row]:
    return {str(r["id"]): r for r in rows}


def labelled(rows: Sequence[Row], field: str = "name") -> dict[str, str]:
    """id -> its name in the current language, sorted by that name (the choices of a select box)."""
    names = {str(r["id"]): i18n.name(r, field) or str(r["id"]) for r in rows}
    return dict(sorted(names.items(), key=lambda kv: kv[1].casefold()))


def source_choices(data: Dataset) -> dict[str, str]:
    """Sources by title (sample sources named as such), for the source of a row."""
    names = {
        str(r["id"]): i18n.source_title(str(r.get("title") or ""), str(r.get("reliability") or ""))
        for r in data["source"]
    }
    return dict(sorted(names.items(), key=lambda kv: kv[1].casefold()))


def _cells(values: Mapping[str, object]) -> dict[str, str]:
    return {k: dataset.cell_text(v) for k, v in values.items()}


def form_label(key: str) -> str:
    return i18n.t(f"data.edit.{key}.form")


def partner_change(
    values: Mapping[str, object], membership: Mapping[str, object] | None = None
) -> changes.Change:
    """Add or edit a partner (and, when asked, make it a member of a programme)."""
    edit, problems = changes.form_rows("partner", [_cells(values)], form_label("partner"))
    tables, found = [edit], list(problems)
    if membership:
        member, more = changes.form_rows("membership", [_cells(membership)], form_label("partner"))
        tables.append(member)
        found += more
    return changes.Change("edit-partner", tuple(tables), tuple(found))


def event_change(
    values: Mapping[str, object], partners: Sequence[str], source_id: str, host: str | None
) -> changes.Change:
    """Add or edit an event with the partners that took part (the host as "host", others "participant"):
    the event's partner rows are replaced by these."""
    event, problems = changes.form_rows("event", [_cells(values)], form_label("event"))
    rows = [
        {
            "event_id": values.get("id"),
            "partner_id": p,
            "role": "host" if p == host else "participant",
            "source_id": source_id,
        }
        for p in dict.fromkeys([*([host] if host else []), *partners])
    ]
    members, more = changes.form_rows("event_partner", [_cells(r) for r in rows], form_label("event"))
    return changes.Change("edit-event", (event, members), tuple([*problems, *more]))


def event_partner_removals(
    data: Dataset, event_id: str, keep: Iterable[str]
) -> tuple[tuple[object, ...], ...]:
    """Keys of the event's partner rows that the form no longer lists."""
    kept = set(keep)
    return tuple(
        (r["event_id"], r["partner_id"])
        for r in data["event_partner"]
        if r["event_id"] == event_id and r["partner_id"] not in kept
    )


def observation_change(values: Mapping[str, object]) -> changes.Change:
    """One indicator value for one year (its period is 1 January of the year)."""
    edit, problems = changes.form_rows("observation", [_cells(values)], form_label("observation"))
    return changes.Change("edit-observation", (edit,), tuple(problems))


def action_change(current: Row, status: str, progress: object, status_source_id: str) -> changes.Change:
    """An action's status, progress and the source of both; its other columns stay as they are."""
    values = {**{k: v for k, v in current.items() if k != "_line"}, "status": status}
    values["progress_pct"] = progress
    values["status_source_id"] = status_source_id
    edit, problems = changes.form_rows("action", [_cells(values)], form_label("action"))
    return changes.Change("edit-action", (edit,), tuple(problems))


def with_removals(
    change: changes.Change, table: str, remove: tuple[tuple[object, ...], ...]
) -> changes.Change:
    """The change with these keys of `table` removed too."""
    tables = tuple(dataclasses.replace(e, remove=remove) if e.table == table else e for e in change.tables)
    return changes.Change(change.action, tables, change.problems, change.files)


def country_codes() -> list[str]:
    """ISO 3166 two-letter codes that Babel names in both languages (and EU for EU bodies), by name in the
    current language."""
    named = set(map(str, Locale("en").territories)) & set(map(str, Locale("bg").territories))
    codes = {c for c in named if len(c) == 2 and c.isalpha() and c not in ("ZZ", "XA", "XB")}
    return sorted(codes | {"EU"}, key=lambda c: i18n.country(c).casefold())


def country_label(code: str) -> str:
    """ "Финландия (FI)": the name in the current language and the code the data keeps."""
    return f"{i18n.country(code)} ({code})"


def city_label(city: geocode.City) -> str:
    """ "Alexandria, Romania — 45,000 people (43.9686, 25.3333)" in the current language."""
    return i18n.t(
        "data.edit.partner.city_option",
        name=city.name,
        country=i18n.country(city.country_code),
        people=i18n.number(city.population),
        lat=city.lat,
        lon=city.lon,
    )
