"""Use cases of ranked lists (innstillingslister): the ad's HF administrator reads and saves the
order in which its applicants get offers. Applicants never see a list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..catalog import Catalog
from ..domain.ads import Ad
from ..domain.applications import Application
from ..domain.ranking import RankedList, checked
from ..domain.retention import ad_keep_until
from ..domain.rounds import first_offer_at
from ..errors import Conflict
from ..i18n import _
from ..identity import Principal
from .ads import administered
from .ports.accounts import AuditEntry
from .ports.store import Store


@dataclass(frozen=True)
class Ranking:
    ad: Ad
    ranked: RankedList
    standing: dict[str, Application]
    """Reference -> application, for every application to the ad that stands."""
    locked_from: datetime | None
    """From the period's first tilbud the list is append-only."""

    def locked(self, now: datetime) -> bool:
        return self.locked_from is not None and now >= self.locked_from

    def unranked(self) -> list[Application]:
        """Standing applications not on the list, oldest first."""
        on_list = set(self.ranked.references)
        return [a for a in self.standing.values() if a.reference not in on_list]


def ranking_of(store: Store, catalog: Catalog, *, who: Principal, ad_id: str) -> Ranking:
    ad = administered(store, catalog, who=who, ad_id=ad_id)
    period_id = ad.content.period_id
    period = next((p for p in catalog.periods if p.id == period_id), None)
    if ad.status != "publisert" or period is None:
        raise Conflict(
            _("Bare publiserte annonser i en søknadsperiode har innstillingsliste."),
            code="ingen_innstillingsliste",
        )
    standing = {a.reference: a for a in store.applications.by_ad(ad.id) if a.status == "sendt"}
    return Ranking(ad, store.rankings.get(ad.id), standing, first_offer_at(period))


def save_ranking(
    store: Store,
    catalog: Catalog,
    *,
    who: Principal,
    ad_id: str,
    references: list[str],
    expected_version: int,
    now: datetime,
) -> tuple[RankedList, bool]:
    """Replace the ad's list; after the first tilbud only by adding at the end (audited).
    Returns the list saved, and whether it is append-only now."""
    ranking = ranking_of(store, catalog, who=who, ad_id=ad_id)
    entries = checked(
        references,
        standing=ranking.standing,
        current=ranking.ranked,
        locked=ranking.locked(now),
    )
    keep = ad_keep_until(catalog.all_periods(), ranking.ad.content)
    saved = RankedList(ad_id, entries, expected_version + 1, now, who.subject, keep)
    detail = {"rader": str(len(entries)), "versjon": str(saved.version)}
    if ranking.locked(now):
        detail["lagt_til"] = ", ".join(e.reference for e in entries[len(ranking.ranked.entries) :])
    audit = AuditEntry(f"innstilling:{ad_id}", now, who.subject, "innstilling lagret", detail)
    store.rankings.save(saved, expected_version=expected_version, audit=audit)
    return saved, ranking.locked(now)
