"""Use cases of offers (tilbud): the candidate sees their offers and answers each until the
svarfrist; the HF marks acceptances as hired, releases an acceptance or takes back an offer sent
in error, each with a reason in the audit log.

Accepting is one transaction in the store: the offer, the one acceptance per period, the
candidate's other open offers in the period declined, the receipt, the seat counts. If one of
those offers changed meanwhile (answered in another tab, expired, taken back), the use case
reads again and tries once more; only a change to the offer itself reaches the person, worded by
the rules of :mod:`lis1.domain.offers`.
"""

from __future__ import annotations

from datetime import datetime

from ..catalog import Catalog
from ..domain import offers as rules
from ..domain.ads import Ad
from ..domain.applications import Receipt, ReceiptAction
from ..domain.errors import OfferChanged
from ..domain.offers import Offer, OfferState, RoundKey, state_at
from ..domain.retention import ad_keep_until
from ..domain.rounds import schedule
from ..errors import Conflict, DomainError, NotFound
from ..i18n import N_, _
from ..identity import Principal
from ..wording import long_datetime
from . import portfolios
from .ads import administered
from .env import Env
from .offer_mails import send_answer_receipt, send_offer_changed
from .ports.accounts import AuditEntry
from .ports.mail import Mailer
from .ports.requests import FirstRequest, Idempotency
from .ports.store import Store
from .receipts import organisation_name
from .requests import idempotency, repeat_of, same_request
from .rounds import every_series

TRIES = 3


def offer_entity(offer_id: str) -> str:
    return f"tilbud:{offer_id}"


def my_offers(store: Store, *, who: Principal, now: datetime) -> list[tuple[Offer, OfferState]]:
    """The caller's offers, newest first, each with its state at ``now``."""
    return [(o, state_at(o, now)) for o in store.offers.by_candidate(who.subject)]


def my_offer(store: Store, *, who: Principal, offer_id: str) -> Offer:
    """One of the caller's offers; nobody else's exists for them."""
    return find_offer(store.offers.by_candidate(who.subject), offer_id)


def find_offer(offers: list[Offer], offer_id: str) -> Offer:
    for offer in offers:
        if offer.id == offer_id:
            return offer
    raise NotFound(_("Fant ikke tilbudet hos deg."), code="ukjent_tilbud")


def declined_by_accepting(offers: list[Offer], offer: Offer, now: datetime) -> list[Offer]:
    """The candidate's other open offers in the same period: accepting ``offer`` declines them."""
    return [
        o
        for o in offers
        if o.id != offer.id and o.round.scope == offer.round.scope and state_at(o, now) == "åpen"
    ]


def accept_offer(
    store: Store,
    catalog: Catalog,
    mailer: Mailer,
    *,
    who: Principal,
    offer_id: str,
    env: Env,
    idempotency_key: str | None = None,
) -> Receipt:
    """Accept one's open offer before its svarfrist; one's other open offers in the period are
    declined in the same write. Sent again with the same key, the first receipt comes back."""
    request = idempotency(who, idempotency_key, "accept", offer_id)
    try:
        receipt, declined, first = _accept(store, catalog, who, offer_id, env, request)
    except DomainError as error:
        first = repeat_of(store.requests, request, env.now, error)
    else:
        first = same_request(first, request)
        if first is None:
            if who.email:
                send_answer_receipt(mailer, who.email, receipt, declined)
            return receipt
    return _first_receipt(store, who, first.result)


def _accept(
    store: Store,
    catalog: Catalog,
    who: Principal,
    offer_id: str,
    env: Env,
    request: Idempotency | None,
) -> tuple[Receipt, int, FirstRequest | None]:
    """One try per fresh read, again when one of the offers changed meanwhile."""
    for attempt in range(TRIES):
        mine = store.offers.by_candidate(who.subject)
        offer = find_offer(mine, offer_id)
        accepted = rules.accept(offer, env.now)
        declining = [
            rules.decline(o, env.now, because_of=offer.id)
            for o in declined_by_accepting(mine, offer, env.now)
        ]
        receipt = _receipt(store, catalog, who, offer, env, "takket ja til tilbud")
        try:
            first = store.offers.accept(
                accepted, receipt, now=env.now, declining=declining, idempotency=request
            )
        except OfferChanged:
            if attempt + 1 == TRIES:
                raise
            continue
        return receipt, len(declining), first
    raise OfferChanged()


def decline_offer(
    store: Store,
    catalog: Catalog,
    mailer: Mailer,
    *,
    who: Principal,
    offer_id: str,
    env: Env,
    idempotency_key: str | None = None,
) -> Receipt:
    request = idempotency(who, idempotency_key, "decline", offer_id)
    try:
        offer = my_offer(store, who=who, offer_id=offer_id)
        declined = rules.decline(offer, env.now)
        receipt = _receipt(store, catalog, who, offer, env, "takket nei til tilbud")
        first = store.offers.decline(declined, receipt, now=env.now, idempotency=request)
    except DomainError as error:
        first = repeat_of(store.requests, request, env.now, error)
    else:
        first = same_request(first, request)
        if first is None:
            if who.email:
                send_answer_receipt(mailer, who.email, receipt, 0)
            return receipt
    return _first_receipt(store, who, first.result)


def _receipt(
    store: Store, catalog: Catalog, who: Principal, offer: Offer, env: Env, action: ReceiptAction
) -> Receipt:
    ad = store.ads.get(offer.ad_id)
    place = ad.content.place if ad else offer.ad_id
    hf = organisation_name(catalog, ad.content.organisation) if ad else ""
    if action == "takket ja til tilbud":
        summary = _("Du takket ja til tilbudet om {place} ({hf}) {at}.")
    else:
        summary = _("Du takket nei til tilbudet om {place} ({hf}) {at}.")
    text = summary.format(place=place, hf=hf, at=long_datetime(env.now))
    keep = ad_keep_until(catalog.all_periods(), ad.content) if ad else offer.keep_until
    return Receipt(env.new_reference(), env.now, action, offer.ad_id, who.subject, text, keep)


def _first_receipt(store: Store, who: Principal, reference: str) -> Receipt:
    """The receipt of an answer sent again: the first answer stands (answers are final)."""
    found = store.applications.receipt(reference)
    if found is None or found.applicant != who.subject:
        raise Conflict(code="forespørselen_er_utdatert")
    return found


# --- the HF -----------------------------------------------------------------------------------


def hf_change(
    store: Store,
    catalog: Catalog,
    mailer: Mailer,
    *,
    who: Principal,
    ad_id: str,
    offer_id: str,
    change: str,
    reason: str,
    now: datetime,
) -> Offer:
    """Mark as hired ("ansatt"), release ("frigitt") or take back ("trukket_tilbake") one of the
    ad's offers, by an administrator of its HF, audited; the candidate is told of the last two.
    Marking after the round's merking is allowed, and recorded as late."""
    ad = administered(store, catalog, who=who, ad_id=ad_id)
    offer = _of_ad(store, ad, offer_id)
    if change == "ansatt":
        changed = rules.hire(offer, now, marking_deadline(catalog, offer.round))
    elif change == "frigitt":
        changed = rules.release(offer, now, reason)
    else:
        changed = rules.take_back(offer, now, reason)
    detail = {"tilstand": f"{offer.state} → {changed.state}", "referanse": offer.reference}
    if changed.reason:
        detail["begrunnelse"] = changed.reason
    if changed.hired_late:
        detail["merket_for_sent"] = "ja"
    audit = AuditEntry(offer_entity(offer.id), now, who.subject, changed.state, detail)
    if not store.offers.close(changed, audit=audit):
        raise OfferChanged()
    if change == "ansatt":
        _start_portfolio(store, catalog, changed, ad, now)
    if change == "frigitt":
        what = N_(
            "Helseforetaket har frigitt deg fra tilbudet om {place} ({hf}) som du takket ja til."
        )
        send_offer_changed(store, catalog, mailer, changed, ad, what)
    elif change == "trukket_tilbake":
        what = N_("Helseforetaket har trukket tilbake tilbudet om {place} ({hf}).")
        send_offer_changed(store, catalog, mailer, changed, ad, what)
    return changed


def _start_portfolio(store: Store, catalog: Catalog, offer: Offer, ad: Ad, now: datetime) -> None:
    """The hire starts the LIS's competence portfolio. The hire stands if this fails: Min
    portefølje starts it from the hire when the LIS first opens it."""
    user = store.users.get(offer.candidate)
    try:
        portfolios.start_from_hire(
            store, catalog, offer=offer, ad=ad, name=user.name if user else "", now=now
        )
    except DomainError:
        return


def marking_deadline(catalog: Catalog, key: RoundKey) -> datetime | None:
    """When the HF should have marked the round's acceptances (12:00 Oslo on its merking day)."""
    series = next((s for s in every_series(catalog) if s.id == key.series), None)
    rounds = schedule(series) if series is not None else []
    return next((r.marking_deadline for r in rounds if r.key == key), None)


def _of_ad(store: Store, ad: Ad, offer_id: str) -> Offer:
    scope = ad.content.period_id or ""
    for offer in store.offers.by_ad(scope, ad.id):
        if offer.id == offer_id:
            return offer
    raise NotFound(_("Fant ikke tilbudet på denne annonsen."), code="ukjent_tilbud")
