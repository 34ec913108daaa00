"""Extra rounds (ekstrarunder, as in summer 2020): new seats without new ads. An HF that takes
part places its share of the new seats (data/extra-rounds/) on its ads of the period the round
draws from; the round engine then offers them to the next candidates on those ads' lists, on the
extra round's own dates.

Each placement is a correction of the ad's seats, audited as «ekstrarunde» with the number
placed, so what an HF has placed is read back from its ads' logs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from ..catalog import Catalog
from ..catalog.models import ExtraRound
from ..domain.ads import Ad
from ..domain.rounds import schedule
from ..errors import InvalidInput, NotFound
from ..i18n import _
from ..identity import Principal, Role
from .ads import ad_entity, administered
from .ports.accounts import AuditEntry
from .ports.store import Store

PLACED = "ekstrarunde"


@dataclass(frozen=True)
class Share:
    extra: ExtraRound
    organisation: str
    positions: int
    """The HF's new seats in the extra round (data/)."""
    placed: int
    ads: list[Ad]
    """The HF's published ads of the period the extra round draws from."""

    @property
    def left(self) -> int:
        return max(0, self.positions - self.placed)


def has_open_share(catalog: Catalog, who: Principal, now: datetime) -> bool:
    """Whether one of the caller's HFs takes part in an extra round still open (no store read)."""
    return any(
        now < rounds[-1].answer_deadline and who.has(Role.HF_ADMIN, share.organisation)
        for extra in catalog.extra_rounds
        if (rounds := schedule(extra))
        for share in extra.positions_by_organisation
    )


def open_shares(store: Store, catalog: Catalog, *, who: Principal, now: datetime) -> list[Share]:
    """The extra rounds the caller's HFs take part in whose last svarfrist is still ahead."""
    found = []
    for extra in catalog.extra_rounds:
        rounds = schedule(extra)
        if not rounds or now >= rounds[-1].answer_deadline:
            continue
        for share in extra.positions_by_organisation:
            if who.has(Role.HF_ADMIN, share.organisation):
                found.append(_share(store, extra, share.organisation, share.positions))
    return found


def _share(store: Store, extra: ExtraRound, organisation: str, positions: int) -> Share:
    ads = [
        a
        for a in store.ads.by_organisation(organisation)
        if a.content.period_id == extra.draws_from and a.status == "publisert"
    ]
    placed = sum(
        int(entry.detail.get("nye", "0"))
        for ad in ads
        for entry in store.audit.entries(ad_entity(ad.id))
        if entry.action == PLACED and entry.detail.get(PLACED) == extra.id
    )
    return Share(extra, organisation, positions, placed, ads)


def place_seats(
    store: Store,
    catalog: Catalog,
    *,
    who: Principal,
    extra_id: str,
    organisation: str,
    seats: dict[str, int],
    now: datetime,
) -> Share:
    """Add ``seats`` (ad id -> new seats) to the HF's ads, within its share of the round."""
    share = next(
        (
            s
            for s in open_shares(store, catalog, who=who, now=now)
            if s.extra.id == extra_id and s.organisation == organisation
        ),
        None,
    )
    if share is None:
        raise NotFound(_("Fant ingen åpen ekstrarunde for dette helseforetaket."), code="ukjent")
    problems = {ad_id: _("Bare annonser fra perioden runden trekker fra.") for ad_id in seats}
    for ad in share.ads:
        problems.pop(ad.id, None)
    if any(n < 0 for n in seats.values()):
        problems["seats"] = _("Antallet kan ikke være negativt.")
    if sum(seats.values()) > share.left:
        problems["seats"] = _("Dere har {left} nye stillinger igjen å fordele.").format(
            left=share.left
        )
    if problems:
        raise InvalidInput(fields=problems)
    for ad_id, added in seats.items():
        if added:
            ad = administered(store, catalog, who=who, ad_id=ad_id)
            more = replace(ad, content=replace(ad.content, seats=ad.content.seats + added))
            more = replace(more, version=ad.version + 1, updated_at=now)
            old, new = ad.content.seats, more.content.seats
            detail = {PLACED: extra_id, "nye": str(added), "seats": f"{old} → {new}"}
            audit = AuditEntry(ad_entity(ad_id), now, who.subject, PLACED, detail)
            store.ads.update(more, expected_version=ad.version, audit=audit)
    return _share(store, share.extra, organisation, share.positions)
