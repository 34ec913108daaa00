"""Use cases for ads (annonser) and applications (søknader).

HF administrators write ads as drafts, publish them within the period's window and correct
them afterwards (every correction recorded); applicants apply, one application per ad and as
many ads as they like, and may withdraw before the søknadsfrist. Every change to an application
gives a receipt, shown on screen and sent by e-mail.

Each function takes its ports as arguments and the instant ``now``; none reads a clock.
"""

from __future__ import annotations

import csv
import io
import logging
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime

from ..catalog import Catalog
from ..domain.positions import (
    MAX_COVER_TEXT,
    Ad,
    AdContent,
    Application,
    ApplicationStatus,
    Receipt,
    ReceiptAction,
    application_deadline,
    application_window,
    can_publish,
    check_content,
    clean_content,
    conflicting_grants,
    corrections,
    deadline_text,
    normal_reference,
)
from ..errors import Conflict, DeadlinePassed, Forbidden, InvalidInput, NotFound
from ..identity import Principal, Role, User
from ..norwegian import long_date, long_datetime
from ..oslo import OSLO
from .ports import (
    Ads,
    Applications,
    AuditEntry,
    ConflictOfInterest,
    FirstRequest,
    Mail,
    Mailer,
    Requests,
    Users,
)
from .requests import earlier, idempotency, same_request

log = logging.getLogger(__name__)

AD_NOT_FOUND = "Fant ikke stillingen. Den kan være fjernet, eller lenken kan være feil."
AD_CHANGED = "Annonsen er endret av noen andre i mellomtiden. Last siden på nytt."
ALREADY_APPLIED = (
    "Du har allerede søkt på denne stillingen. Du kan trekke søknaden og søke på nytt før fristen."
)
RECEIPT_SUBJECT = "Kvittering: søknad på LIS1-stilling"
CSV_COLUMNS = ("referanse", "navn", "e-post", "status", "sendt", "søknadstekst")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|")
"""A cell starting with one of these is a formula to Excel (CSV injection): prefixed with '."""


def ad_entity(ad_id: str) -> str:
    """The audit entity an ad's publication and corrections are recorded under."""
    return f"annonse:{ad_id}"


# --- HF administrators ------------------------------------------------------------------------


def create_ad(
    ads: Ads,
    catalog: Catalog,
    who: Principal,
    content: AdContent,
    now: datetime,
    new_id: Callable[[], str],
    *,
    requests: Requests | None = None,
    idempotency_key: str | None = None,
) -> Ad:
    """A new ad as a draft (version 1), for an HF ``who`` administers. Sent again with the same
    ``idempotency_key``, the first draft is the answer (see :mod:`.requests`)."""
    request = idempotency(who, idempotency_key, "create_ad", repr(content))
    if requests is not None and (first := earlier(requests, request, now)) is not None:
        return _first_ad(ads, first)
    if not who.has(Role.HF_ADMIN, content.organisation):
        raise Forbidden(
            "Du kan bare lage annonser for helseforetak du er administrator for.",
            code="ikke_administrator",
        )
    content = clean_content(content)
    check_content(content, catalog)
    ad = Ad(
        id=new_id(),
        content=content,
        status="utkast",
        version=1,
        created_by=who.subject,
        created_at=now,
        updated_at=now,
        published_at=None,
    )
    first = same_request(ads.create(ad, idempotency=request), request)
    return ad if first is None else _first_ad(ads, first)


def _first_ad(ads: Ads, first: FirstRequest) -> Ad:
    ad = ads.get(first.result)
    if ad is None:
        raise Conflict(
            "Denne forespørselen er utført før, men annonsen den laget, finnes ikke lenger.",
            code="forespørselen_er_utdatert",
        )
    return ad


def edit_ad(
    ads: Ads,
    catalog: Catalog,
    who: Principal,
    ad_id: str,
    content: AdContent,
    expected_version: int,
    now: datetime,
) -> Ad:
    """Change an ad. A draft may change anything but its HF; a published ad only seats,
    description and place, and each such correction is recorded in the audit log."""
    ad = _administered(ads, catalog, who, ad_id)
    if ad.version != expected_version:
        raise Conflict(AD_CHANGED)
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
    ads.update(updated, expected_version=expected_version, audit=audit)
    return updated


def publish_ad(
    ads: Ads,
    catalog: Catalog,
    who: Principal,
    ad_id: str,
    expected_version: int,
    now: datetime,
) -> Ad:
    """Publish a draft: a period ad from the utlysning until the søknadsfrist has ended, a
    reststilling any time before its own søknadsfrist has ended. Recorded in the audit log."""
    ad = _administered(ads, catalog, who, ad_id)
    if ad.status == "publisert":
        raise Conflict("Annonsen er allerede publisert.", code="allerede_publisert")
    if ad.version != expected_version:
        raise Conflict(AD_CHANGED)
    check_content(ad.content, catalog)
    can_publish(ad, catalog, now)
    published = replace(
        ad, status="publisert", version=ad.version + 1, updated_at=now, published_at=now
    )
    audit = AuditEntry(
        ad_entity(ad_id), now, who.subject, "publisert", {"versjon": str(published.version)}
    )
    ads.update(published, expected_version=expected_version, audit=audit)
    return published


def _administered(ads: Ads, catalog: Catalog, who: Principal, ad_id: str) -> Ad:
    """The ad, if ``who`` administers its HF. Someone else's draft does not exist for them."""
    ad = ads.get(ad_id)
    if ad is None or (ad.status == "utkast" and not _admin_of(who, ad)):
        raise NotFound(AD_NOT_FOUND, code="ukjent_annonse")
    if not _admin_of(who, ad):
        raise Forbidden(
            f"Bare administratorer for {_organisation_name(catalog, ad.content.organisation)} "
            "kan endre denne annonsen.",
            code="ikke_administrator",
        )
    return ad


def _admin_of(who: Principal | None, ad: Ad) -> bool:
    return who is not None and who.has(Role.HF_ADMIN, ad.content.organisation)


def _organisation_name(catalog: Catalog, organisation_id: str) -> str:
    try:
        return catalog.organisation(organisation_id).name
    except KeyError:
        return organisation_id


# --- finding ads ------------------------------------------------------------------------------


def find_ads(
    ads: Ads,
    catalog: Catalog,
    *,
    period_id: str | None = None,
    organisation: str | None = None,
    region: str | None = None,
    reststilling: bool | None = None,
    viewer: Principal | None = None,
) -> list[Ad]:
    """Published ads matching every filter given, newest period first (then HF and place).

    When ``organisation`` is given and ``viewer`` administers it, its drafts are included.
    Each filter reads one index (period or HF), never the whole table.
    """
    if organisation is not None:
        found = ads.by_organisation(organisation)
    elif period_id is not None:
        found = ads.by_period(period_id)
    elif reststilling:
        found = ads.by_period(None)
    elif region is not None:
        found = [
            ad
            for org in catalog.organisations
            if org.region == region and org.kind in {"hf", "ideell"}
            for ad in ads.by_organisation(org.id)
        ]
    else:
        period_ids: list[str | None] = [p.id for p in catalog.periods]
        found = [ad for pid in [*period_ids, None] for ad in ads.by_period(pid)]
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
    unique = {ad.id: ad for ad in chosen}.values()
    by_name = sorted(
        unique,
        key=lambda ad: (
            _organisation_name(catalog, ad.content.organisation),
            ad.content.place,
            ad.id,
        ),
    )
    return sorted(by_name, key=lambda ad: _period_start(catalog, ad.content), reverse=True)


def _region(catalog: Catalog, organisation_id: str) -> str | None:
    try:
        return catalog.organisation(organisation_id).region
    except KeyError:
        return None


def _period_start(catalog: Catalog, content: AdContent) -> date:
    """When the ad's period starts (the ad's own start for a reststilling)."""
    for period in catalog.periods:
        if period.id == content.period_id:
            return period.starts
    return content.starts


def get_ad(ads: Ads, ad_id: str, viewer: Principal | None) -> Ad:
    """One ad. A draft is found only by the administrators of its HF."""
    ad = ads.get(ad_id)
    if ad is None or (ad.status != "publisert" and not _admin_of(viewer, ad)):
        raise NotFound(AD_NOT_FOUND, code="ukjent_annonse")
    return ad


# --- applicants -------------------------------------------------------------------------------


def apply(
    applications: Applications,
    ads: Ads,
    users: Users,
    catalog: Catalog,
    mailer: Mailer,
    who: Principal,
    ad_id: str,
    cover_text: str,
    now: datetime,
    reference: str,
    *,
    requests: Requests | None = None,
    idempotency_key: str | None = None,
) -> Receipt:
    """Apply to a published ad before its søknadsfrist has ended (Oslo time); one application
    per ad, and none to an ad of an organisation one administers. Gives a receipt, stored with
    the application and sent by e-mail.

    Sent again with the same ``idempotency_key`` (a double click, a retry), it runs once: the
    first receipt comes back while that application stands, with no second mail."""
    text = cover_text.strip()
    request = idempotency(who, idempotency_key, "apply", ad_id, text)
    if requests is not None and (first := earlier(requests, request, now)) is not None:
        return _first_receipt(applications, who, ad_id, first, "sendt")
    ad = ads.get(ad_id)
    if ad is None or ad.status != "publisert" or ad.published_at is None:
        raise NotFound(AD_NOT_FOUND, code="ukjent_annonse")
    conflicting = conflicting_grants(ad.content)
    if conflicting & who.grants:
        raise Forbidden(_conflict_of_interest(catalog, ad), code="inhabil")
    deadline = application_deadline(ad.content, catalog)
    opens, closes = application_window(ad.content, catalog, ad.published_at)
    if now >= closes:
        raise DeadlinePassed(f"Søknadsfristen var {deadline_text(deadline)}.")
    if now < opens:
        raise Conflict(f"Stillingen kan søkes fra {long_datetime(opens)}.", code="ikke_åpen_ennå")
    if len(text) > MAX_COVER_TEXT:
        raise InvalidInput(
            fields={
                "cover_text": f"Søknadsteksten kan ha høyst {MAX_COVER_TEXT} tegn (nå {len(text)})."
            }
        )
    existing = applications.get(ad_id, who.subject)
    if existing is not None and existing.status != "trukket":
        raise Conflict(ALREADY_APPLIED, code="har_allerede_søkt")
    application = Application(
        ad_id=ad_id,
        applicant=who.subject,
        cover_text=text,
        status="sendt",
        reference=reference,
        submitted_at=now,
        changed_at=now,
        version=existing.version + 1 if existing is not None else 1,
    )
    receipt = _receipt(catalog, ad, who, reference, now, "søknad sendt")
    try:
        first = applications.submit(
            application, receipt, conflicting=conflicting, idempotency=request
        )
    except ConflictOfInterest:
        raise Forbidden(_conflict_of_interest(catalog, ad), code="inhabil") from None
    repeated = same_request(first, request)
    if repeated is not None:
        return _first_receipt(applications, who, ad_id, repeated, "sendt")
    _send_receipt(users, mailer, catalog, who, ad, receipt, deadline)
    return receipt


def _conflict_of_interest(catalog: Catalog, ad: Ad) -> str:
    hf = _organisation_name(catalog, ad.content.organisation)
    kommune = _organisation_name(catalog, ad.content.kommune)
    return (
        f"Du er administrator for {hf} eller {kommune} og kan ikke søke på stillinger der: du "
        "ville kunne se de andre søknadene. Be en redaktør ta fra deg rollen først, om du vil søke."
    )


def _first_receipt(
    applications: Applications,
    who: Principal,
    ad_id: str,
    first: FirstRequest,
    status: ApplicationStatus,
) -> Receipt:
    """The receipt of a repeated request, if what it did still stands: the application has the
    ``status`` the first request gave it, under that request's reference."""
    current = applications.get(ad_id, who.subject)
    if current is not None and current.status == status and current.reference == first.result:
        found = applications.receipt(first.result)
        if found is not None:
            return found
    raise _outdated(first, current)


def _outdated(first: FirstRequest, current: Application | None) -> Conflict:
    now_text = {"sendt": "sendt på nytt", "trukket": "trukket"}.get(
        current.status if current else "", "ikke lenger registrert"
    )
    return Conflict(
        f"Denne forespørselen er utført før (kvittering {first.result}), men søknaden er siden "
        f"{now_text}. Vil du gjøre noe nytt, last siden på nytt og send skjemaet derfra.",
        code="forespørselen_er_utdatert",
        fields={"status": current.status if current else "ingen"},
    )


def withdraw(
    applications: Applications,
    ads: Ads,
    users: Users,
    catalog: Catalog,
    mailer: Mailer,
    who: Principal,
    ad_id: str,
    now: datetime,
    reference: str,
    *,
    requests: Requests | None = None,
    idempotency_key: str | None = None,
) -> Receipt:
    """Withdraw one's own application before the søknadsfrist has ended. The cover text goes
    with it (the HF sees only that the application was withdrawn). Sent again with the same
    ``idempotency_key``, the first receipt comes back while the application stays withdrawn."""
    request = idempotency(who, idempotency_key, "withdraw", ad_id)
    if requests is not None and (first := earlier(requests, request, now)) is not None:
        return _first_receipt(applications, who, ad_id, first, "trukket")
    existing = applications.get(ad_id, who.subject)
    ad = ads.get(ad_id)
    if existing is None or existing.status != "sendt" or ad is None:
        raise NotFound(
            "Du har ingen søknad på denne stillingen som kan trekkes.", code="ingen_søknad"
        )
    deadline = application_deadline(ad.content, catalog)
    _, closes = application_window(ad.content, catalog, ad.published_at or now)
    if now >= closes:
        raise DeadlinePassed(
            f"Søknadsfristen var {deadline_text(deadline)}. Etter fristen kan du ikke trekke "
            "søknaden her; ta kontakt med helseforetaket."
        )
    withdrawn = replace(
        existing,
        cover_text="",
        status="trukket",
        reference=reference,
        changed_at=now,
        version=existing.version + 1,
    )
    receipt = _receipt(catalog, ad, who, reference, now, "søknad trukket")
    first = applications.withdraw(
        withdrawn, receipt, conflicting=conflicting_grants(ad.content), idempotency=request
    )
    repeated = same_request(first, request)
    if repeated is not None:
        return _first_receipt(applications, who, ad_id, repeated, "trukket")
    _send_receipt(users, mailer, catalog, who, ad, receipt, deadline)
    return receipt


def my_applications(
    applications: Applications, ads: Ads, who: Principal
) -> list[tuple[Application, Ad]]:
    """The caller's applications (withdrawn ones too), newest first, each with its ad."""
    found = []
    for application in applications.by_applicant(who.subject):
        ad = ads.get(application.ad_id)
        if ad is not None:
            found.append((application, ad))
    return found


def receipt_for(applications: Applications, who: Principal, reference: str) -> Receipt:
    """A receipt, for the person it belongs to only."""
    receipt = applications.receipt(normal_reference(reference))
    if receipt is None or receipt.applicant != who.subject:
        raise NotFound(
            "Fant ingen kvittering med denne referansen hos deg.", code="ukjent_kvittering"
        )
    return receipt


_SUMMARY_VERB: dict[ReceiptAction, str] = {
    "søknad sendt": "ble mottatt",
    "søknad trukket": "ble trukket",
}


def _receipt(
    catalog: Catalog,
    ad: Ad,
    who: Principal,
    reference: str,
    now: datetime,
    action: ReceiptAction,
) -> Receipt:
    hf = _organisation_name(catalog, ad.content.organisation)
    summary = (
        f"Søknaden din på {ad.content.place} ({hf}) {_SUMMARY_VERB[action]} {long_datetime(now)}."
    )
    return Receipt(reference, now, action, ad.id, who.subject, summary)


def receipt_mail(to: str, catalog: Catalog, ad: Ad, receipt: Receipt, deadline: date) -> Mail:
    """The e-mail that carries a receipt: plain text, no cover text."""
    content = ad.content
    if content.period_id is None:
        period = "reststilling"
    else:
        period = next(
            (p.name for p in catalog.periods if p.id == content.period_id), content.period_id
        )
    if receipt.action == "søknad sendt":
        change = "Søknaden er sendt."
        next_step = "Du kan trekke søknaden fram til søknadsfristen."
    else:
        change = "Søknaden er trukket."
        next_step = "Du kan søke på nytt fram til søknadsfristen."
    body = "\n".join(
        [
            "Hei!",
            "",
            receipt.summary,
            "",
            f"Referanse: {receipt.reference}",
            f"Tidspunkt: {long_datetime(receipt.at)} (norsk tid)",
            f"Endring: {change}",
            "",
            f"Stilling: {content.place}",
            f"Helseforetak: {_organisation_name(catalog, content.organisation)}",
            f"Kommunedel: {_organisation_name(catalog, content.kommune)}",
            f"Søknadsperiode: {period}",
            f"Oppstart: {long_date(content.starts)}",
            f"Søknadsfrist: {deadline_text(deadline)}",
            "",
            next_step,
            "Ta vare på referansen: den viser hva som ble registrert, og når.",
            "",
            "Denne e-posten er sendt automatisk og kan ikke besvares.",
            "",
        ]
    )
    return Mail(to=to, subject=RECEIPT_SUBJECT, body=body)


def _send_receipt(
    users: Users,
    mailer: Mailer,
    catalog: Catalog,
    who: Principal,
    ad: Ad,
    receipt: Receipt,
    deadline: date,
) -> None:
    """Send the receipt by e-mail. A failure is logged (without personal data) and leaves the
    change in place: the receipt is on screen and under «Mine søknader» too."""
    user = users.get(who.subject)
    if user is None or not user.email:
        log.info("Kvittering %s sendes ikke på e-post: ingen adresse", receipt.reference)
        return
    try:
        mailer.send(receipt_mail(user.email, catalog, ad, receipt, deadline))
    except Exception as error:
        log.warning(
            "Kvittering %s kunne ikke sendes på e-post: %s",
            receipt.reference,
            type(error).__name__,
        )


# --- HF: the applicants -----------------------------------------------------------------------


def applicants(
    applications: Applications, ads: Ads, users: Users, who: Principal, ad_id: str
) -> list[tuple[Application, User | None]]:
    """Everyone who applied to the ad (withdrawn too, marked), oldest first: only for the
    administrators of the ad's HF."""
    ad = ads.get(ad_id)
    if ad is None or (ad.status == "utkast" and not _admin_of(who, ad)):
        raise NotFound(AD_NOT_FOUND, code="ukjent_annonse")
    if not _admin_of(who, ad):
        raise Forbidden(
            "Du kan bare se søkerne til annonser fra helseforetak du er administrator for.",
            code="ikke_administrator",
        )
    return [(a, users.get(a.applicant)) for a in applications.by_ad(ad_id)]


def applicants_csv(
    rows: Iterable[tuple[Application, User | None]], ad: Ad, catalog: Catalog
) -> str:
    """The applicants as CSV for Excel: semicolons, a byte order mark, CRLF line ends, times
    in Oslo. A cell that would start a formula is prefixed with ' (CSV injection)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for application, user in rows:
        if application.ad_id != ad.id:
            raise ValueError(f"søknaden gjelder {application.ad_id}, ikke {ad.id}")
        sent = application.submitted_at.astimezone(OSLO)
        writer.writerow(
            [
                _csv_cell(value)
                for value in (
                    application.reference,
                    user.name if user else "",
                    (user.email or "") if user else "",
                    application.status,
                    f"{sent:%Y-%m-%d %H:%M}",
                    application.cover_text,
                )
            ]
        )
    return "\ufeff" + buffer.getvalue()


def _csv_cell(value: str) -> str:
    """Spreadsheets read look-alike characters (fullwidth ＝, ＋, ＠) and leading spaces as the
    plain ones, so the check is on the compatibility form with leading spaces dropped."""
    seen = unicodedata.normalize("NFKC", value).lstrip(" \u00a0\u3000")
    return "'" + value if seen.startswith(FORMULA_STARTS) else value
