"""The e-mails about learning activities: to the supervisør when one is sent to them and weekly
while it waits, and to the LIS when it is signed or returned.

Plain text, to the address the person signed in with. A mail names the activity by its kind and
date and links to its page; it never carries the description or the supervisør's comment (the
comment waits in the portal, behind sign-in). The caller composes a mail in the recipient's
language (:func:`lis1.services.language.in_language_of`). A failure is logged with the error's
class only, and changes nothing: everything is on the person's page too.
"""

from __future__ import annotations

import logging

from ..domain.portfolio.activities import KIND_NAMES, Activity
from ..i18n import _, ngettext
from ..wording import long_date
from .language import localized_path
from .ports.mail import Mail, Mailer
from .ports.store import Store

log = logging.getLogger(__name__)


def signing_link(origin: str, activity: Activity) -> str:
    """The supervisør's page of the activity."""
    return f"{origin}{localized_path(f'/api/signering/{activity.id}')}"


def own_link(origin: str, activity: Activity) -> str:
    """The LIS's page of the activity."""
    return f"{origin}{localized_path(f'/api/portefolje/aktiviteter/{activity.id}')}"


def _what(activity: Activity) -> str:
    return _("{kind}, {day}").format(kind=_(KIND_NAMES[activity.kind]), day=long_date(activity.day))


def _footer() -> list[str]:
    return ["", _("Denne e-posten er sendt automatisk og kan ikke besvares.")]


def sent_mail(activity: Activity, *, to: str, lis_name: str, origin: str) -> Mail:
    assert activity.supervisor_name is not None
    lines = [
        _("Hei {name},").format(name=activity.supervisor_name),
        "",
        _("{lis} har sendt deg en læringsaktivitet til signering i LIS1: {what}.").format(
            lis=lis_name, what=_what(activity)
        ),
        _("Les den, og signer den eller returner den med en kommentar her: {link}").format(
            link=signing_link(origin, activity)
        ),
        *_footer(),
    ]
    return Mail(to, _("Læringsaktivitet til signering"), "\n".join(lines))


def reminder_mail(activity: Activity, weeks: int, *, to: str, lis_name: str, origin: str) -> Mail:
    assert activity.supervisor_name is not None
    waited = ngettext(
        "Den har ventet på signaturen din i %(num)d uke.",
        "Den har ventet på signaturen din i %(num)d uker.",
        weeks,
    ) % {"num": weeks}
    lines = [
        _("Hei {name},").format(name=activity.supervisor_name),
        "",
        _("{lis} sendte deg en læringsaktivitet til signering i LIS1: {what}.").format(
            lis=lis_name, what=_what(activity)
        ),
        waited,
        _("Signer den, eller returner den med en kommentar, her: {link}").format(
            link=signing_link(origin, activity)
        ),
        *_footer(),
    ]
    return Mail(to, _("Påminnelse: læringsaktivitet venter på signaturen din"), "\n".join(lines))


def decided_mail(activity: Activity, *, to: str, name: str, origin: str) -> Mail:
    """To the LIS: signed or returned. A comment is mentioned, never quoted."""
    assert activity.supervisor_name is not None
    if activity.status == "signert":
        subject = _("Læringsaktiviteten din er signert")
        done = _("{supervisor} har signert læringsaktiviteten din: {what}.")
    else:
        subject = _("Læringsaktiviteten din er returnert")
        done = _(
            "{supervisor} har returnert læringsaktiviteten din: {what}. Du kan rette den og "
            "sende den på nytt."
        )
    lines = [
        _("Hei {name},").format(name=name),
        "",
        done.format(supervisor=activity.supervisor_name, what=_what(activity)),
    ]
    if activity.comment:
        lines.append(_("Det står en kommentar til deg i portalen."))
    lines += [
        _("Se aktiviteten her: {link}").format(link=own_link(origin, activity)),
        *_footer(),
    ]
    return Mail(to, subject, "\n".join(lines))


def address(store: Store, subject: str) -> tuple[str, str] | None:
    """The person's name and e-mail address, if the service has one."""
    user = store.users.get(subject)
    if user is None or not user.email:
        return None
    return user.name, user.email


def send(mailer: Mailer, mail: Mail) -> bool:
    try:
        mailer.send(mail)
    except Exception as error:
        log.warning("E-post om læringsaktivitet kunne ikke sendes: %s", type(error).__name__)
        return False
    return True
