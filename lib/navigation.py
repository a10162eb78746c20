"""The pages of the app, each once, in navigation order: the one registry of pages. No streamlit.

app.py builds st.navigation from PAGES; the tests walk it. Everything else that names a page (a link to a
programme, partner or event, the network's and the map's "open the card") asks `page_for(kind)`.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib import config, i18n


@dataclass(frozen=True)
class PageSpec:
    section: str  # i18n key of the navigation section
    path: str  # page file, relative to the repo root (always in a section folder under pages/)
    title: str  # i18n key of the title
    icon: str
    url_path: str
    default: bool = False
    shows: str | None = None  # the kind of record it opens from ?<shows>=<id> (programme, partner, event)
    fullscreen: bool = False  # drawn without the sidebar, header and toolbar (presenter mode)
    #: "editor": in the navigation only for editors; anyone else who opens it by its address sees a
    #: sign-in prompt and nothing else (the page calls ui.require_editor() first)
    role: str | None = None
    hidden: bool = False  # never in the navigation, only reached by links (the sign-in page)

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
        default=True,
    ),
    PageSpec("nav.dashboards", "pages/dashboards/map.py", "nav.map", ":material/public:", "map"),
    PageSpec(
        "nav.explore",
        "pages/explore/programmes.py",
        "nav.programmes",
        ":material/folder_open:",
        "programmes",
        shows="programme",
    ),
    PageSpec(
        "nav.explore",
        "pages/explore/partners.py",
        "nav.partners",
        ":material/location_city:",
        "partners",
        shows="partner",
    ),
    PageSpec(
        "nav.explore", "pages/explore/events.py", "nav.events", ":material/event:", "events", shows="event"
    ),
    PageSpec(
        "nav.dashboards",
        "pages/dashboards/progress.py",
        "nav.progress",
        ":material/trending_up:",
        "progress",
    ),
    PageSpec("nav.dashboards", "pages/dashboards/network.py", "nav.network", ":material/hub:", "network"),
    PageSpec(
        "nav.present_section",
        "pages/present/present.py",
        "nav.present",
        ":material/slideshow:",
        "present",
        fullscreen=True,
    ),
    PageSpec(
        "nav.data", "pages/data/import.py", "nav.import", ":material/upload_file:", "import", role="editor"
    ),
    PageSpec("nav.data", "pages/data/edit.py", "nav.edit", ":material/edit_note:", "edit", role="editor"),
    PageSpec(
        "nav.data", "pages/data/history.py", "nav.history", ":material/history:", "history", role="editor"
    ),
    PageSpec("nav.data", "pages/data/sign_in.py", "nav.sign_in", ":material/login:", "sign-in", hidden=True),
)


#: A partner link's icon by the partner's type (seed.ENUMS["partner", "type"]): a city is not an organisation.
PARTNER_ICONS: dict[str, str] = {
    "city": ":material/location_city:",
    "member-state": ":material/flag:",
    "region": ":material/map:",
    "organisation": ":material/groups:",
    "eu-body": ":material/account_balance:",
    "company": ":material/business_center:",
    "university": ":material/school:",
}


def record_icon(kind: str, partner_type: str = "") -> str:
    """The icon of a link to one record: the page's, or for a partner the icon of its type."""
    if kind == "partner" and partner_type in PARTNER_ICONS:
        return PARTNER_ICONS[partner_type]
    spec = page_for(kind)
    return spec.icon if spec else ""


def page_for(kind: str) -> PageSpec | None:
    """The page that shows one record of `kind` ("programme", "partner", "event"); None when the app has
    no such page."""
    return next((spec for spec in PAGES if spec.shows == kind), None)


def default_page() -> PageSpec:
    """The page at "/" (the Overview)."""
    return next(spec for spec in PAGES if spec.default)


def page_at(url_path: str) -> PageSpec | None:
    """The page at /<url_path>; None for anything else (e.g. a value from the URL that names no page)."""
    return next((spec for spec in PAGES if spec.url_path == url_path), None)


def presenter() -> PageSpec:
    """The full-screen page of presenter mode."""
    return next(spec for spec in PAGES if spec.fullscreen)


def in_navigation(spec: PageSpec, editor: bool) -> bool:
    """Whether the navigation lists `spec` for someone who is (or is not) an editor."""
    return not spec.hidden and (spec.role is None or editor)


def sign_in_page() -> PageSpec:
    return next(spec for spec in PAGES if spec.url_path == "sign-in")


def link_params(kind: str, item_id: str) -> dict[str, str]:
    """The URL parameters of a link to one programme, partner or event: its id as ?<kind>=, and the
    language unless it is the default (so the link keeps the language even where the session does not,
    e.g. in a new browser)."""
    params = {kind: item_id}
    if i18n.language() != config.LANGUAGES[0]:
        params["lang"] = i18n.language()
    return params
