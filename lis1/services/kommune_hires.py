"""Who is hired for the kommune part, as the kommune administrator sees it ("Who sees what"):
after a round's merking, the names of those the HF marked hired ("ansatt") from that round, and
when the position starts. Before merking nothing about persons, only how many wait for it; never
the applications, the ranked list, nor who declined or let an offer expire.

Reads: the ads' count items (one read per 100); an ad's offers only once a round's merking has
passed and someone accepted it; one user read per hired person shown (no batch read exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..catalog import Catalog
from ..domain.ads import Ad
from ..domain.offers import TAKEN, RoundKey
from ..domain.people import name_order
from ..i18n import _
from .ports.store import Store
from .seat_overviews import period_rounds


@dataclass(frozen=True)
class Hired:
    name: str
    round: RoundKey


@dataclass(frozen=True)
class KommuneHires:
    hired: list[Hired]
    """Marked hired, their round's merking past: by name."""
    awaiting_marking: int
    """Accepted, or marked before their round's merking: a count, never who."""


NONE = KommuneHires([], 0)


def kommune_hires(
    store: Store, catalog: Catalog, ads: list[Ad], now: datetime
) -> dict[str, KommuneHires]:
    """The hires of each of ``ads`` (the ads whose kommune part is the caller's) at ``now``."""
    in_period = [ad for ad in ads if ad.content.period_id is not None]
    counts = store.offers.counts(ad.id for ad in in_period) if in_period else {}
    found: dict[str, KommuneHires] = {}
    for ad in in_period:
        taken = counts[ad.id].taken
        if taken <= 0:
            continue
        marking = {r.key: r.marking_deadline for r in period_rounds(catalog, _scope(ad))}
        if not any(deadline <= now for deadline in marking.values()):
            found[ad.id] = KommuneHires([], taken)
            continue
        offers = store.offers.by_ad(_scope(ad), ad.id)
        shown = [
            o
            for o in offers
            if o.state == "ansatt" and o.round in marking and marking[o.round] <= now
        ]
        hired = []
        for offer in shown:
            user = store.users.get(offer.candidate)
            hired.append(Hired(user.name if user else _("(ukjent)"), offer.round))
        waiting = sum(1 for o in offers if o.state in TAKEN) - len(shown)
        found[ad.id] = KommuneHires(sorted(hired, key=lambda h: name_order(h.name)), waiting)
    return found


def _scope(ad: Ad) -> str:
    return ad.content.period_id or ""
