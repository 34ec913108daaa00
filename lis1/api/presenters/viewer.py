"""Who is looking at a page, as every page shows it: the name in the header with Logg ut, and the
menu of what this person may do (Min side), built from their roles, never from the page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ...i18n import _
from ...identity import Principal, Role


@dataclass(frozen=True)
class MenuItem:
    href: str
    text: str
    current: bool


@dataclass(frozen=True)
class Viewer:
    name: str | None
    """None when no one is signed in."""
    csrf: str
    menu: tuple[MenuItem, ...]
    login_href: str


def viewer(principal: Principal | None, csrf: str, here: str) -> Viewer:
    """``here`` is the page's own address (path and query): marked in the menu, and where
    signing in leads back to."""
    login = "/api/auth/login?return_to=" + quote(here, safe="/")
    if principal is None:
        return Viewer(None, "", (), login)
    entries = [
        ("/api/me", _("Min side")),
        ("/api/profil", _("Profil og CV")),
        ("/api/applications", _("Mine søknader")),
        ("/api/tilbud", _("Mine tilbud")),
        ("/api/portefolje", _("Min portefølje")),
        ("/api/veiledning", _("Veiledning")),
        ("/api/varsler", _("Varsler")),
        ("/api/jobbagent", _("Jobbagent")),
        ("/api/mine-data", _("Mine data")),
        ("/api/ads", _("Stillinger")),
    ]
    if principal.has(Role.HF_ADMIN):
        entries.append(("/api/hf", _("Annonser og søkere")))
    if principal.has(Role.KOMMUNE_ADMIN):
        entries.append(("/api/kommune", _("Stillinger i kommunen")))
    if principal.has(Role.HF_ADMIN) or principal.has(Role.KOMMUNE_ADMIN):
        entries.append(("/api/arbeidsgiver/roller", _("Ledere for LIS")))
    if principal.has(Role.KOMMUNE_ADMIN):
        entries.append(("/api/arbeidsgiver/oppstart", _("Oppstart i kommunen")))
    if principal.has(Role.HF_ADMIN) or principal.has(Role.KOMMUNE_ADMIN):
        entries.append(("/api/arbeidsgiver/bekreftelser", _("Bekreftelse på tjenestetid")))
    if principal.has(Role.EDITOR):
        entries.append(("/api/admin", _("Roller og tilgang")))
    path = here.split("?", 1)[0]
    menu = tuple(MenuItem(href, text, href == path) for href, text in entries)
    return Viewer(principal.name, csrf, menu, login)
