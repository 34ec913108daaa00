"""The e-mails of the offer rounds: an offer has come, an answer was received, the HF changed
an offer. Plain text, to the address the person signed in with; a failure is logged without
personal data and changes nothing, since everything is on the person's page too."""

from __future__ import annotations

import logging

from ..catalog import Catalog
from ..domain.ads import Ad
from ..domain.applications import Receipt
from ..domain.offers import Offer, svarfrist_day
from ..i18n import _
from ..norwegian import deadline_text, long_datetime
from .ports.mail import Mail, Mailer
from .ports.store import Store
from .receipts import organisation_name

log = logging.getLogger(__name__)


def _footer() -> list[str]:
    return ["", _("Denne e-posten er sendt automatisk og kan ikke besvares."), ""]


def answer_by_text(offer: Offer) -> str:
    """The svarfrist as people read it: the last day it lasts, Oslo time."""
    return deadline_text(svarfrist_day(offer))


def send_offer_mail(
    store: Store, catalog: Catalog, mailer: Mailer, offer: Offer, ad: Ad, origin: str
) -> None:
    """Tell the candidate an offer has come and where to answer it."""
    user = store.users.get(offer.candidate)
    if user is None or not user.email:
        return
    lines = [
        _("Hei {name},").format(name=user.name),
        "",
        _("Du har fått tilbud om LIS1-stillingen {place} ({hf}).").format(
            place=ad.content.place, hf=organisation_name(catalog, ad.content.organisation)
        ),
        _(
            "Svarfrist: {deadline}. Svarer du ikke innen fristen, regnes tilbudet som avslått."
        ).format(deadline=answer_by_text(offer)),
        "",
        _("Se tilbudet og svar her: {link}").format(link=f"{origin}/api/tilbud"),
        _("Har du flere tilbud, kan du sammenligne dem før du svarer. Du kan takke ja til ett."),
        *_footer(),
    ]
    _send(mailer, Mail(user.email, _("Du har fått tilbud om LIS1-stilling"), "\n".join(lines)))


def send_answer_receipt(mailer: Mailer, email: str, receipt: Receipt, declined: int) -> None:
    lines = [
        _("Hei!"),
        "",
        receipt.summary,
        "",
        _("Referanse: {reference}").format(reference=receipt.reference),
        _("Tidspunkt: {at} (norsk tid)").format(at=long_datetime(receipt.at)),
    ]
    if declined:
        lines.append(
            _("Dine andre åpne tilbud i perioden ble avslått samtidig ({count}).").format(
                count=declined
            )
        )
    lines += ["", _("Ta vare på referansen: den viser hva som ble registrert, og når."), *_footer()]
    _send(mailer, Mail(email, _("Kvittering: svar på tilbud om LIS1-stilling"), "\n".join(lines)))


def send_offer_changed(
    store: Store, catalog: Catalog, mailer: Mailer, offer: Offer, ad: Ad, what: str
) -> None:
    """Tell the candidate the HF took back the offer or released the acceptance, and why."""
    user = store.users.get(offer.candidate)
    if user is None or not user.email:
        return
    lines = [
        _("Hei {name},").format(name=user.name),
        "",
        what.format(place=ad.content.place, hf=organisation_name(catalog, ad.content.organisation)),
        _("Begrunnelse fra helseforetaket: {reason}").format(reason=offer.reason),
        *_footer(),
    ]
    _send(mailer, Mail(user.email, _("Endring i tilbud om LIS1-stilling"), "\n".join(lines)))


def _send(mailer: Mailer, mail: Mail) -> None:
    try:
        mailer.send(mail)
    except Exception as error:
        log.warning("E-post om tilbud kunne ikke sendes: %s", type(error).__name__)
