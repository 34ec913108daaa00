"""Use cases for applications (søknader): applicants apply, one application per ad and as many
ads as they like, and may withdraw before the søknadsfrist; HF administrators see who applied.
Every change to an application gives a receipt, shown on screen and sent by e-mail.

Applying and withdrawing read the ad and write one transaction, nothing else: the rules that
need the store (one application per ad, no applying where one administers) are conditions in
that transaction, and the person's name and e-mail come with the session. A request sent again
with its Idempotency-Key costs a read only when something refuses it (:mod:`.requests`).
"""

from __future__ import annotations

from datetime import date, datetime

from ..catalog import Catalog
from ..domain.ads import Ad, application_deadline, application_window
from ..domain.applications import (
    MAX_COVER_TEXT,
    Application,
    ApplicationStatus,
    Receipt,
    conflicting_grants,
    normal_reference,
    open_until,
)
from ..errors import Conflict, DeadlinePassed, DomainError, Forbidden, InvalidInput, NotFound
from ..i18n import _
from ..identity import Principal, User
from ..wording import deadline_text, long_datetime
from .ads import ad_not_found, admin_of
from .env import Env
from .ports.mail import Mailer
from .ports.requests import FirstRequest
from .ports.store import Store
from .receipts import make_receipt, send_receipt
from .requests import idempotency, repeat_of, same_request


def apply(
    store: Store,
    catalog: Catalog,
    mailer: Mailer,
    *,
    who: Principal,
    ad_id: str,
    cover_text: str,
    env: Env,
    idempotency_key: str | None = None,
) -> Receipt:
    """Apply to a published ad before its søknadsfrist has ended (Oslo time); one application
    per ad, and none to an ad of an organisation one administers. Gives a receipt, stored with
    the application and sent by e-mail.

    Sent again with the same ``idempotency_key`` (a double click, a retry), it runs once: the
    first receipt comes back while that application stands, with no second mail."""
    text = cover_text.strip()
    request = idempotency(who, idempotency_key, "apply", ad_id, text)
    try:
        ad, deadline = _taking_applications(catalog, store.ads.get(ad_id), env.now)
        if len(text) > MAX_COVER_TEXT:
            message = _("Søknadsteksten kan ha høyst {limit} tegn (nå {length}).")
            raise InvalidInput(
                fields={"cover_text": message.format(limit=MAX_COVER_TEXT, length=len(text))}
            )
        reference = env.new_reference()
        receipt = make_receipt(catalog, ad, who, reference, env.now, "søknad sendt")
        application = Application(
            ad_id,
            who.subject,
            text,
            "sendt",
            reference,
            env.now,
            env.now,
            version=0,
            keep_until=receipt.keep_until,
        )
        first = store.applications.submit(
            application,
            receipt,
            conflicting=conflicting_grants(ad.content),
            open_until=open_until(ad.content),
            idempotency=request,
        )
    except DomainError as error:
        first = repeat_of(store.requests, request, env.now, error)
    else:
        first = same_request(first, request)
        if first is None:
            send_receipt(mailer, catalog, who, ad, receipt, deadline)
            return receipt
    return _first_receipt(store, who, ad_id, first, "sendt")


def _taking_applications(catalog: Catalog, ad: Ad | None, now: datetime) -> tuple[Ad, date]:
    """The published ad and its søknadsfrist, if it takes applications at ``now``."""
    if ad is None or ad.status != "publisert" or ad.published_at is None:
        raise ad_not_found()
    deadline = application_deadline(ad.content, catalog)
    opens, closes = application_window(ad.content, catalog, ad.published_at)
    if now >= closes:
        raise DeadlinePassed(
            _("Søknadsfristen var {deadline}.").format(deadline=deadline_text(deadline))
        )
    if now < opens:
        raise Conflict(
            _("Stillingen kan søkes fra {opens}.").format(opens=long_datetime(opens)),
            code="ikke_åpen_ennå",
        )
    return ad, deadline


def withdraw(
    store: Store,
    catalog: Catalog,
    mailer: Mailer,
    *,
    who: Principal,
    ad_id: str,
    env: Env,
    idempotency_key: str | None = None,
) -> Receipt:
    """Withdraw one's own application before the søknadsfrist has ended. The cover text goes
    with it (the HF sees only that the application was withdrawn). Sent again with the same
    ``idempotency_key``, the first receipt comes back while the application stays withdrawn."""
    request = idempotency(who, idempotency_key, "withdraw", ad_id)
    try:
        ad = store.ads.get(ad_id)
        if ad is None:
            raise NotFound(
                _("Du har ingen søknad på denne stillingen som kan trekkes."), code="ingen_søknad"
            )
        deadline = application_deadline(ad.content, catalog)
        _opens, closes = application_window(ad.content, catalog, ad.published_at or env.now)
        if env.now >= closes:
            raise DeadlinePassed(
                _(
                    "Søknadsfristen var {deadline}. Etter fristen kan du ikke trekke søknaden "
                    "her; ta kontakt med helseforetaket."
                ).format(deadline=deadline_text(deadline))
            )
        receipt = make_receipt(catalog, ad, who, env.new_reference(), env.now, "søknad trukket")
        first = store.applications.withdraw(
            ad_id,
            who.subject,
            receipt,
            conflicting=conflicting_grants(ad.content),
            idempotency=request,
        )
    except DomainError as error:
        first = repeat_of(store.requests, request, env.now, error)
    else:
        first = same_request(first, request)
        if first is None:
            send_receipt(mailer, catalog, who, ad, receipt, deadline)
            return receipt
    return _first_receipt(store, who, ad_id, first, "trukket")


def _first_receipt(
    store: Store, who: Principal, ad_id: str, first: FirstRequest, status: ApplicationStatus
) -> Receipt:
    """The receipt of a repeated request, if what it did still stands: the application has the
    ``status`` the first request gave it, under that request's reference."""
    current = store.applications.get(ad_id, who.subject)
    if current is not None and current.status == status and current.reference == first.result:
        found = store.applications.receipt(first.result)
        if found is not None:
            return found
    now_text = {"sendt": _("sendt på nytt"), "trukket": _("trukket")}.get(
        current.status if current else "", _("ikke lenger registrert")
    )
    raise Conflict(
        _(
            "Denne forespørselen er utført før (kvittering {reference}), men søknaden er siden "
            "{now}. Vil du gjøre noe nytt, last siden på nytt og send skjemaet derfra."
        ).format(reference=first.result, now=now_text),
        code="forespørselen_er_utdatert",
        fields={"status": current.status if current else "ingen"},
    )


def my_applications(store: Store, *, who: Principal) -> list[tuple[Application, Ad]]:
    """The caller's applications (withdrawn ones too), newest first, each with its ad."""
    applications = store.applications.by_applicant(who.subject)
    ads = store.ads.many(a.ad_id for a in applications)
    return [(a, ads[a.ad_id]) for a in applications if a.ad_id in ads]


def receipt_for(store: Store, *, who: Principal, reference: str) -> Receipt:
    """A receipt, for the person it belongs to only."""
    receipt = store.applications.receipt(normal_reference(reference))
    if receipt is None or receipt.applicant != who.subject:
        raise NotFound(
            _("Fant ingen kvittering med denne referansen hos deg."), code="ukjent_kvittering"
        )
    return receipt


def applicants(
    store: Store, *, who: Principal, ad_id: str
) -> tuple[Ad, list[tuple[Application, User | None]]]:
    """The ad and everyone who applied to it (withdrawn too, marked), oldest first: only for
    the administrators of the ad's HF."""
    ad = store.ads.get(ad_id)
    if ad is None or (ad.status == "utkast" and not admin_of(who, ad)):
        raise ad_not_found()
    if not admin_of(who, ad):
        raise Forbidden(
            _("Du kan bare se søkerne til annonser fra helseforetak du er administrator for."),
            code="ikke_administrator",
        )
    return ad, [(a, store.users.get(a.applicant)) for a in store.applications.by_ad(ad_id)]
