"""The e-mails of the offer rounds: an offer has come, a reminder of its svarfrist, an answer was
received, the HF changed an offer. Plain text, to the address the person signed in with; a
failure is logged without personal data and changes nothing, since everything is on the person's
page too.

The offer mail and the reminders are recorded per offer and kind before they go out
(``store.notices.mark_sent``), so a rerun sends none of them twice (see
:mod:`lis1.services.reminders`). Only reminders can be turned off; each ends with how. A mail
to the candidate is in their language (:mod:`lis1.services.language`); a receipt, made in the
person's own request, in the request's.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Literal

from ..catalog import Catalog
from ..domain.ads import Ad
from ..domain.applications import Receipt
from ..domain.offers import Offer, svarfrist_day
from ..domain.reminders import DAY_BEFORE, OFFER_MAIL, ReminderKind, reminder_windows
from ..i18n import _
from ..wording import deadline_text, long_datetime
from .language import in_language_of, localized_path
from .ports.mail import Mail, Mailer
from .ports.store import Store
from .receipts import organisation_name

log = logging.getLogger(__name__)

Sending = Literal["sent", "already", "no_address", "failed"]


def _footer() -> list[str]:
    return ["", _("Denne e-posten er sendt automatisk og kan ikke besvares."), ""]


def answer_by_text(offer: Offer) -> str:
    """The svarfrist as people read it: the last day it lasts, Oslo time."""
    return deadline_text(svarfrist_day(offer))


def send_offer_mail(
    store: Store, catalog: Catalog, mailer: Mailer, offer: Offer, ad: Ad, origin: str
) -> None:
    """Tell the candidate an offer has come and where to answer it: once, however often the
    round runs (recorded before it is sent; a failed send is not tried again)."""
    user = store.users.get(offer.candidate)
    if user is None or not user.email:
        return
    if not store.notices.mark_sent(offer.id, OFFER_MAIL, offer.issued_at):
        return
    with in_language_of(store, offer.candidate):
        _send(mailer, _offer_mail(catalog, offer, ad, user.email, user.name, origin))


def _offer_mail(catalog: Catalog, offer: Offer, ad: Ad, to: str, name: str, origin: str) -> Mail:
    lines = [
        _("Hei {name},").format(name=name),
        "",
        _("Du har fått tilbud om LIS1-stillingen {place} ({hf}).").format(
            place=ad.content.place, hf=organisation_name(catalog, ad.content.organisation)
        ),
        _(
            "Svarfrist: {deadline}. Svarer du ikke innen fristen, regnes tilbudet som avslått."
        ).format(deadline=answer_by_text(offer)),
        "",
        _("Se tilbudet og svar her: {link}").format(link=_link(origin, "/api/tilbud")),
        _("Har du flere tilbud, kan du sammenligne dem før du svarer. Du kan takke ja til ett."),
        *_reminders_ahead(offer, origin),
        *_footer(),
    ]
    return Mail(to, _("Du har fått tilbud om LIS1-stilling"), "\n".join(lines))


def _link(origin: str, path: str) -> str:
    return f"{origin}{localized_path(path)}"


def _reminders_ahead(offer: Offer, origin: str) -> list[str]:
    """When the candidate will be reminded if they do not answer, and how to turn it off."""
    kinds = [window.kind for window in reminder_windows(offer)]
    if not kinds:
        return []
    if DAY_BEFORE in kinds:
        when = _(
            "Svarer du ikke, minner vi deg på svarfristen med e-post dagen før og om morgenen "
            "den dagen fristen går ut."
        )
    else:
        when = _(
            "Svarer du ikke, minner vi deg på svarfristen med e-post om morgenen den dagen "
            "fristen går ut."
        )
    off = _("Påminnelsene kan du slå av her: {link}").format(link=_link(origin, "/api/varsler"))
    return [when, off]


def reminder_mail(
    catalog: Catalog, offer: Offer, ad: Ad, kind: ReminderKind, *, name: str, to: str, origin: str
) -> Mail:
    """A reminder of an unanswered offer's svarfrist; it ends with how to turn reminders off."""
    if kind == DAY_BEFORE:
        subject = _("Påminnelse: svarfristen for tilbudet ditt er i morgen")
        when = _("Svarfristen er i morgen, {deadline}.")
    else:
        subject = _("Påminnelse: svarfristen for tilbudet ditt er i dag")
        when = _("Svarfristen er i dag, {deadline}.")
    lines = [
        _("Hei {name},").format(name=name),
        "",
        _("Du har ikke svart på tilbudet om LIS1-stillingen {place} ({hf}).").format(
            place=ad.content.place, hf=organisation_name(catalog, ad.content.organisation)
        ),
        when.format(deadline=answer_by_text(offer)),
        _("Svarer du ikke innen fristen, regnes tilbudet som avslått."),
        "",
        _("Se tilbudet og svar her: {link}").format(link=_link(origin, "/api/tilbud")),
        *_footer(),
        _("Vil du ikke ha påminnelser om svarfrister? Slå dem av her: {link}").format(
            link=_link(origin, "/api/varsler")
        ),
    ]
    return Mail(to, subject, "\n".join(lines))


def send_reminder(
    store: Store,
    catalog: Catalog,
    mailer: Mailer,
    offer: Offer,
    ad: Ad,
    kind: ReminderKind,
    *,
    now: datetime,
    origin: str,
) -> Sending:
    """Send the reminder once: recorded first, so a rerun or a run at the same time sends
    nothing ("already"); a send that fails after is logged and not tried again ("failed")."""
    user = store.users.get(offer.candidate)
    if user is None or not user.email:
        return "no_address"
    if not store.notices.mark_sent(offer.id, kind, now):
        return "already"
    with in_language_of(store, offer.candidate):
        mail = reminder_mail(catalog, offer, ad, kind, name=user.name, to=user.email, origin=origin)
    return "sent" if _send(mailer, mail) else "failed"


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
    """Tell the candidate the HF took back the offer or released the acceptance, and why.
    ``what`` is a message id (``N_``), worded here in the candidate's language."""
    user = store.users.get(offer.candidate)
    if user is None or not user.email:
        return
    hf = organisation_name(catalog, ad.content.organisation)
    with in_language_of(store, offer.candidate):
        lines = [
            _("Hei {name},").format(name=user.name),
            "",
            _(what).format(place=ad.content.place, hf=hf),
            _("Begrunnelse fra helseforetaket: {reason}").format(reason=offer.reason),
            *_footer(),
        ]
        mail = Mail(user.email, _("Endring i tilbud om LIS1-stilling"), "\n".join(lines))
    _send(mailer, mail)


def _send(mailer: Mailer, mail: Mail) -> bool:
    try:
        mailer.send(mail)
    except Exception as error:
        log.warning("E-post om tilbud kunne ikke sendes: %s", type(error).__name__)
        return False
    return True
