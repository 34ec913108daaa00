"""Use cases for ads (annonser): HF administrators write drafts, publish them within the
period's window and correct them afterwards (every correction recorded); anyone finds them.

Each function takes the store bundle and keyword-only values; none reads a clock.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from ..catalog import Catalog
from ..domain.ad_rules import check_content
from ..domain.ads import (
    Ad,
    AdContent,
    can_publish,
    clean_content,
    corrections,
    organisation_of,
)
from ..domain.errors import AdChanged, NotADraft
from ..errors import Conflict, DomainError, Forbidden, NotFound
from ..i18n import _
from ..identity import Principal, Role
from .env import Env
from .ports.accounts import AuditEntry
from .ports.requests import FirstRequest
from .ports.store import Store
from .receipts import organisation_name
from .requests import idempotency, repeat_of, same_request


def ad_not_found() -> NotFound:
    return NotFound(
        _("Fant ikke stillingen. Den kan være fjernet, eller lenken kan være feil."),
        code="ukjent_annonse",
    )


def ad_entity(ad_id: str) -> str:
    """The audit entity an ad's publication and corrections are recorded under."""
    return f"annonse:{ad_id}"


def create_ad(
    store: Store,
    catalog: Catalog,
    *,
    who: Principal,
    content: AdContent,
    env: Env,
    idempotency_key: str | None = None,
) -> Ad:
    """A new ad as a draft (version 1), for an HF ``who`` administers. Sent again with the same
    ``idempotency_key``, the first draft is the answer (see :mod:`.requests`)."""
    request = idempotency(who, idempotency_key, "create_ad", repr(content))
    try:
        if not who.has(Role.HF_ADMIN, content.organisation):
            raise Forbidden(
                _("Du kan bare lage annonser for helseforetak du er administrator for."),
                code="ikke_administrator",
            )
        content = clean_content(content)
        check_content(content, catalog)
    except DomainError as error:
        return _first_ad(store, repeat_of(store.requests, request, env.now, error))
    ad = Ad(
        id=env.new_id(),
        content=content,
        status="utkast",
        version=1,
        created_by=who.subject,
        created_at=env.now,
        updated_at=env.now,
        published_at=None,
    )
    repeated = same_request(store.ads.create(ad, idempotency=request), request)
    return ad if repeated is None else _first_ad(store, repeated)


def _first_ad(store: Store, first: FirstRequest) -> Ad:
    ad = store.ads.get(first.result)
    if ad is None:
        raise Conflict(
            _("Denne forespørselen er utført før, men annonsen den laget, finnes ikke lenger."),
            code="forespørselen_er_utdatert",
        )
    return ad


def edit_ad(
    store: Store,
    catalog: Catalog,
    *,
    who: Principal,
    ad_id: str,
    content: AdContent,
    expected_version: int,
    now: datetime,
) -> Ad:
    """Change an ad. A draft may change anything but its HF; a published ad only seats,
    description and place, and each such correction is recorded in the audit log."""
    ad = administered(store, catalog, who=who, ad_id=ad_id)
    if ad.version != expected_version:
        raise AdChanged()
    content = clean_content(content)
    changed = corrections(ad.content, content, ad.status)
    check_content(content, catalog)
    if not changed:
        return ad
    updated = replace(ad, content=content, version=ad.version + 1, updated_at=now)
    audit = None
    if ad.status == "publisert":
        detail = {name: f"{old} → {new}" for name, (old, new) in changed.items()}
        audit = AuditEntry(ad_entity(ad_id), now, who.subject, "korrigert", detail)
    store.ads.update(updated, expected_version=expected_version, audit=audit)
    return updated


def publish_ad(
    store: Store,
    catalog: Catalog,
    *,
    who: Principal,
    ad_id: str,
    expected_version: int,
    now: datetime,
) -> Ad:
    """Publish a draft: a period ad from the utlysning until the søknadsfrist has ended, a
    reststilling any time before its own søknadsfrist has ended. Recorded in the audit log."""
    ad = administered(store, catalog, who=who, ad_id=ad_id)
    if ad.status == "publisert":
        raise Conflict(_("Annonsen er allerede publisert."), code="allerede_publisert")
    if ad.version != expected_version:
        raise AdChanged()
    check_content(ad.content, catalog)
    can_publish(ad, catalog, now)
    published = replace(
        ad, status="publisert", version=ad.version + 1, updated_at=now, published_at=now
    )
    audit = AuditEntry(
        ad_entity(ad_id), now, who.subject, "publisert", {"versjon": str(published.version)}
    )
    store.ads.update(published, expected_version=expected_version, audit=audit)
    return published


def delete_draft(
    store: Store, catalog: Catalog, *, who: Principal, ad_id: str, expected_version: int
) -> Ad:
    """Delete a draft of one's own HF (a published ad is corrected, never deleted)."""
    ad = administered(store, catalog, who=who, ad_id=ad_id)
    if ad.status != "utkast":
        raise NotADraft()
    store.ads.delete_draft(ad_id, expected_version=expected_version)
    return ad


def administered(store: Store, catalog: Catalog, *, who: Principal, ad_id: str) -> Ad:
    """The ad, if ``who`` administers its HF. Someone else's draft does not exist for them."""
    ad = store.ads.get(ad_id)
    if ad is None or (ad.status == "utkast" and not admin_of(who, ad)):
        raise ad_not_found()
    if not admin_of(who, ad):
        raise Forbidden(
            _("Bare administratorer for {hf} kan endre denne annonsen.").format(
                hf=organisation_name(catalog, ad.content.organisation)
            ),
            code="ikke_administrator",
        )
    return ad


def admin_of(who: Principal | None, ad: Ad) -> bool:
    return who is not None and who.has(Role.HF_ADMIN, ad.content.organisation)


def find_ads(
    store: Store,
    catalog: Catalog,
    *,
    period_id: str | None = None,
    organisation: str | None = None,
    region: str | None = None,
    reststilling: bool | None = None,
    viewer: Principal | None = None,
) -> list[Ad]:
    """Published ads matching every filter given, newest period first (then HF and place).

    When ``organisation`` is given and ``viewer`` administers it, its drafts are included (the
    viewer's roles are read only then). Each call reads one index, never the whole table.
    """
    if organisation is not None:
        found = store.ads.by_organisation(organisation)
    elif period_id is not None:
        found = store.ads.by_period(period_id)
    elif reststilling:
        found = store.ads.by_period(None)
    else:
        found = store.ads.every()
    drafts_of = None
    if organisation is not None and viewer is not None and viewer.has(Role.HF_ADMIN, organisation):
        drafts_of = organisation
    chosen = [
        ad
        for ad in found
        if (ad.status == "publisert" or ad.content.organisation == drafts_of)
        and (period_id is None or ad.content.period_id == period_id)
        and (organisation is None or ad.content.organisation == organisation)
        and (region is None or _region(catalog, ad.content.organisation) == region)
        and (reststilling is None or ad.content.reststilling == reststilling)
    ]
    by_name = sorted(
        chosen,
        key=lambda ad: (
            organisation_name(catalog, ad.content.organisation),
            ad.content.place,
            ad.id,
        ),
    )
    return sorted(by_name, key=lambda ad: _period_start(catalog, ad.content), reverse=True)


def _region(catalog: Catalog, organisation_id: str) -> str | None:
    found = organisation_of(catalog, organisation_id)
    return found.region if found is not None else None


def _period_start(catalog: Catalog, content: AdContent) -> date:
    """When the ad's period starts (the ad's own start for a reststilling)."""
    for period in catalog.periods:
        if period.id == content.period_id:
            return period.starts
    return content.starts


def get_ad(store: Store, *, ad_id: str, viewer: Principal | None) -> Ad:
    """One ad. A draft is found only by the administrators of its HF."""
    ad = store.ads.get(ad_id)
    if ad is None or (ad.status != "publisert" and not admin_of(viewer, ad)):
        raise ad_not_found()
    return ad
