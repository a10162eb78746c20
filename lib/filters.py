"""The global filter model shared by every page, and the SQL parameters it binds. No streamlit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lib import config


def year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects. Empty tuples mean "all"."""

    families: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    year_from: int = config.FIRST_YEAR
    year_to: int = config.LAST_YEAR

    def __post_init__(self) -> None:
        lo, hi = sorted((self.year_from, self.year_to))
        object.__setattr__(self, "year_from", max(lo, config.FIRST_YEAR))
        object.__setattr__(self, "year_to", min(hi, config.LAST_YEAR))

    @property
    def date_from(self) -> dt.date:
        return dt.date(self.year_from, 1, 1)

    @property
    def date_to(self) -> dt.date:
        return dt.date(self.year_to, 12, 31)

    def as_of(self, today: dt.date) -> dt.date:
        """The day "now" means for the selection: today, but within the period (its end when the period is
        over, its start when it has not begun)."""
        return min(max(today, self.date_from), self.date_to)

    def since(self, today: dt.date) -> dt.date:
        """The day "what changed" counts from: a year before as_of()."""
        return year_before(self.as_of(today))

    def scope_params(self) -> dict[str, object]:
        """Parameters of queries/programme_scope.sql."""
        return {
            "families": self.families,
            "programmes": self.programmes,
            "themes": self.themes,
            "countries": self.countries,
            "statuses": self.statuses,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }

    @property
    def is_default(self) -> bool:
        return self == Filters()
