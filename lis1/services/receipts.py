"""Receipts (kvitteringer): what a change is called, and the e-mail that carries it.

The texts are in the message catalogue; the mail says nothing of the cover text.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from ..catalog import Catalog
from ..catalog.translations import localized
from ..domain.ads import Ad, organisation_of
from ..domain.applications import Receipt, ReceiptAction
from ..domain.retention import ad_keep_until
from ..i18n import _
from ..identity import Principal
from ..wording import deadline_text, long_date, long_datetime
from .ports.mail import Mail, Mailer

log = logging.getLogger(__name__)


def organisation_name(catalog: Catalog, organisation_id: str) -> str:
    found = organisation_of(catalog, organisation_id)
    return found.name if found is not None else organisation_id


def make_receipt(
    catalog: Catalog, ad: Ad, who: Principal, reference: str, now: datetime, action: ReceiptAction
) -> Receipt:
    hf = organisation_name(catalog, ad.content.organisation)
    if action == "søknad sendt":
        summary = _("Søknaden din på {place} ({hf}) ble mottatt {at}.")
    else:
        summary = _("Søknaden din på {place} ({hf}) ble trukket {at}.")
    text = summary.format(place=ad.content.place, hf=hf, at=long_datetime(now))
    keep = ad_keep_until(catalog.all_periods(), ad.content)
    return Receipt(reference, now, action, ad.id, who.subject, text, keep)


def receipt_mail(to: str, catalog: Catalog, ad: Ad, receipt: Receipt, deadline: date) -> Mail:
    """The e-mail that carries a receipt: plain text, no cover text."""
    content = ad.content
    if content.period_id is None:
        period = _("reststilling")
    else:
        period = next(
            (localized(p, "name") for p in catalog.periods if p.id == content.period_id),
            content.period_id,
        )
    if receipt.action == "søknad sendt":
        change = _("Søknaden er sendt.")
        next_step = _("Du kan trekke søknaden fram til søknadsfristen.")
    else:
        change = _("Søknaden er trukket.")
        next_step = _("Du kan søke på nytt fram til søknadsfristen.")
    lines = [
        _("Hei!"),
        "",
        receipt.summary,
        "",
        _("Referanse: {reference}").format(reference=receipt.reference),
        _("Tidspunkt: {at} (norsk tid)").format(at=long_datetime(receipt.at)),
        _("Endring: {change}").format(change=change),
        "",
        _("Stilling: {place}").format(place=content.place),
        _("Helseforetak: {hf}").format(hf=organisation_name(catalog, content.organisation)),
        _("Kommunedel: {kommune}").format(kommune=organisation_name(catalog, content.kommune)),
        _("Søknadsperiode: {period}").format(period=period),
        _("Oppstart: {day}").format(day=long_date(content.starts)),
        _("Søknadsfrist: {deadline}").format(deadline=deadline_text(deadline)),
        "",
        next_step,
        _("Ta vare på referansen: den viser hva som ble registrert, og når."),
        "",
        _("Denne e-posten er sendt automatisk og kan ikke besvares."),
        "",
    ]
    return Mail(to=to, subject=_("Kvittering: søknad på LIS1-stilling"), body="\n".join(lines))


def send_receipt(
    mailer: Mailer, catalog: Catalog, who: Principal, ad: Ad, receipt: Receipt, deadline: date
) -> None:
    """Send the receipt to the address the person signed in with. A failure is logged (without
    personal data) and leaves the change in place: the receipt is on screen and under «Mine
    søknader» too."""
    if not who.email:
        log.info("Kvittering %s sendes ikke på e-post: ingen adresse", receipt.reference)
        return
    try:
        mailer.send(receipt_mail(who.email, catalog, ad, receipt, deadline))
    except Exception as error:
        log.warning(
            "Kvittering %s kunne ikke sendes på e-post: %s",
            receipt.reference,
            type(error).__name__,
        )
