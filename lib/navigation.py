"""The pages of the app, in navigation order. app.py builds st.navigation from this; tests walk it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    section: str  # i18n key of the navigation section
    path: str  # page file, relative to the repo root (always in a section folder under pages/)
    title: str  # i18n key of the title
    icon: str
    url_path: str
    default: bool = False

    @property
    def link(self) -> str:
        """The page's address relative to the server root (the default page lives at "/")."""
        return "" if self.default else self.url_path


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "nav.dashboards",
        "pages/dashboards/overview.py",
        "nav.overview",
        ":material/dashboard:",
        "overview",
        True,
    ),
    PageSpec("nav.dashboards", "pages/dashboards/map.py", "nav.map", ":material/public:", "map"),
    PageSpec(
        "nav.explore", "pages/explore/programmes.py", "nav.programmes", ":material/folder_open:", "programmes"
    ),
    PageSpec(
        "nav.explore", "pages/explore/partners.py", "nav.partners", ":material/location_city:", "partners"
    ),
    PageSpec("nav.explore", "pages/explore/events.py", "nav.events", ":material/event:", "events"),
    PageSpec(
        "nav.dashboards",
        "pages/dashboards/progress.py",
        "nav.progress",
        ":material/trending_up:",
        "progress",
    ),
    PageSpec("nav.dashboards", "pages/dashboards/network.py", "nav.network", ":material/hub:", "network"),
)
