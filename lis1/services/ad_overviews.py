"""What the HF's and the kommune's administrators see of their ads: each ad with where it stands
and how many applications stand, read in two calls however many ads there are.

Following "Who sees what": an HF administrator sees the HF's drafts and ads; a kommune
administrator sees the published ads whose kommune part is theirs, with counts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..catalog import Catalog
from ..domain.ad_states import AdState, ad_state
from ..domain.ads import Ad
from ..errors import Forbidden
from ..i18n import _
from ..identity import Principal, Role
from .ports.store import Store

STATE_ORDER: dict[AdState, int] = {"utkast": 0, "ikke_åpen": 1, "åpen": 2, "frist_ute": 3}


@dataclass(frozen=True)
class AdLine:
    ad: Ad
    state: AdState
    applications: int
    """Applications that stand (sent, not withdrawn)."""


def hf_overview(store: Store, catalog: Catalog, *, who: Principal, now: datetime) -> list[AdLine]:
    """Every ad of the HFs ``who`` administers, drafts first, then by start and place."""
    ads = [
        ad
        for organisation in sorted(who.organisations(Role.HF_ADMIN))
        for ad in store.ads.by_organisation(organisation)
    ]
    return _lines(store, catalog, ads, now)


def kommune_overview(
    store: Store, catalog: Catalog, *, who: Principal, now: datetime
) -> list[AdLine]:
    """The published ads whose kommune part is one ``who`` administers, with their counts."""
    kommuner = who.organisations(Role.KOMMUNE_ADMIN)
    if not kommuner:
        raise Forbidden(
            _("Bare administratorer for en kommune ser denne oversikten."),
            code="ikke_kommuneadministrator",
        )
    ads = [
        ad
        for ad in store.ads.every()
        if ad.status == "publisert" and ad.content.kommune in kommuner
    ]
    return _lines(store, catalog, ads, now)


def _lines(store: Store, catalog: Catalog, ads: list[Ad], now: datetime) -> list[AdLine]:
    counts = store.applications.counts(ad.id for ad in ads) if ads else {}
    lines = [AdLine(ad, ad_state(ad, catalog, now), counts.get(ad.id, 0)) for ad in ads]
    return sorted(
        lines,
        key=lambda line: (STATE_ORDER[line.state], line.ad.content.starts, line.ad.content.place),
    )
