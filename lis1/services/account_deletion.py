"""Deleting one's account (GDPR art. 17), outside an open offer round.

Refused while a round is open in a period where the person has an application that stands or an
offer waiting for an answer: the round is handing out seats by the ranked lists, and an
application that vanished mid-round would leave the HF with an offer to no one. Otherwise:

- applications that still stand (hiring to the position not over, no offer accepted on them)
  are withdrawn through the use case, so the HF sees the withdrawal; after the søknadsfrist,
  when the use case sends the person to the HF, with the same write directly;
- administrator roles are revoked, the calendar address turned off, the reminder choice
  removed, profile, CV and jobbagenter deleted, every session ended;
- the profile becomes a tombstone without name or e-mail (:meth:`Users.forget`), so lists
  that showed the name show "(ukjent)"; signing in again makes a fresh, empty account.

Kept, as the page says: the portfolio (the spesialistforskrift's documentation duty: the LIS
and the employer need the record of the training), receipts and the audit log (what was done
when and by whom: the service's duty to document the appointment process). Receipts,
applications and offers still go when the retention rule removes their period's records.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from ..catalog import Catalog
from ..catalog.translations import localized
from ..domain.ads import Ad
from ..domain.applications import Application, conflicting_grants, open_until, still_open
from ..domain.offers import TAKEN, state_at
from ..domain.rounds import running_rounds
from ..errors import Conflict, DeadlinePassed
from ..i18n import _
from ..identity import Principal
from ..oslo import oslo_today
from . import applications as application_cases
from .env import Env
from .ports.mail import Mail, Mailer
from .ports.store import Store
from .receipts import make_receipt

log = logging.getLogger(__name__)


class RoundOpen(Conflict):
    code = "tilbudsrunde_pågår"


@dataclass(frozen=True)
class Deleted:
    at: datetime
    withdrawn: list[str] = field(default_factory=list)
    """The receipt references of the applications withdrawn."""


@dataclass(frozen=True)
class Plan:
    """What deleting now would do: shown on the page before the person confirms."""

    standing: list[tuple[Application, Ad]]
    """Applications that would be withdrawn."""
    blocking: list[str]
    """Names of periods whose open offer round refuses the deletion now (empty: allowed)."""
    has_portfolio: bool


def plan(store: Store, catalog: Catalog, *, who: Principal, now: datetime) -> Plan:
    applications = store.applications.by_applicant(who.subject)
    offers = store.offers.by_candidate(who.subject)
    ads = store.ads.many({a.ad_id for a in applications})
    taken = {o.ad_id for o in offers if state_at(o, now) in TAKEN}
    today = oslo_today(now)
    standing = [
        (a, ads[a.ad_id])
        for a in applications
        if a.status == "sendt"
        and a.ad_id in ads
        and a.ad_id not in taken
        and still_open(open_until(ads[a.ad_id].content), today)
    ]
    running = {r.key.scope for r in running_rounds(catalog.all_periods(), now)}
    in_play = {ad.content.period_id for a, ad in standing} | {
        o.round.scope for o in offers if state_at(o, now) == "åpen"
    }
    names = {p.id: str(localized(p, "name")) for p in catalog.periods}
    blocking = sorted(names.get(scope, scope) for scope in running & in_play if scope)
    has_portfolio = store.portfolios.get(who.subject) is not None
    return Plan(standing, blocking, has_portfolio)


def delete_account(
    store: Store, catalog: Catalog, mailer: Mailer, *, who: Principal, env: Env
) -> Deleted:
    """Delete the caller's account as the module says; RoundOpen (nothing changed) while an
    offer round is open where they are in play."""
    found = plan(store, catalog, who=who, now=env.now)
    if found.blocking:
        raise RoundOpen(
            _(
                "Kontoen kan ikke slettes mens en tilbudsrunde pågår i en periode der du har en "
                "søknad eller et tilbud (%(periods)s). Prøv igjen etter svarfristen i runden."
            )
            % {"periods": ", ".join(found.blocking)}
        )
    withdrawn = [_withdraw(store, catalog, mailer, who, ad, env) for _a, ad in found.standing]
    subject = who.subject
    for grant in sorted(store.users.grants(subject)):
        store.users.revoke(subject, grant, actor=subject, at=env.now)
    store.calendars.revoke(subject, env.now)
    if not store.notices.reminders_on(subject):
        store.notices.set_reminders(subject, True, at=env.now)  # the change is logged
    store.notices.forget(subject)  # the mails' language with it
    store.profiles.delete(subject)
    store.job_agents.delete_all(subject)
    store.sessions.forget(subject)
    store.users.forget(subject, at=env.now)
    _send_mail(mailer, who, withdrawn, found.has_portfolio)
    return Deleted(env.now, withdrawn)


def _withdraw(
    store: Store, catalog: Catalog, mailer: Mailer, who: Principal, ad: Ad, env: Env
) -> str:
    try:
        receipt = application_cases.withdraw(store, catalog, mailer, who=who, ad_id=ad.id, env=env)
    except DeadlinePassed:
        receipt = make_receipt(catalog, ad, who, env.new_reference(), env.now, "søknad trukket")
        store.applications.withdraw(
            ad.id, who.subject, receipt, conflicting=conflicting_grants(ad.content)
        )
    return receipt.reference


def _send_mail(mailer: Mailer, who: Principal, withdrawn: list[str], portfolio: bool) -> None:
    if not who.email:
        return
    lines = [
        _("Hei!"),
        "",
        _("Kontoen din i LIS1-tjenesten er slettet."),
    ]
    if withdrawn:
        lines.append(
            _("Disse søknadene ble trukket: %(references)s.") % {"references": ", ".join(withdrawn)}
        )
    lines += [
        _(
            "Kvitteringer og endringsloggen beholdes som dokumentasjon av tilsettingen, til "
            "periodens data slettes etter fristen på personvernsiden."
        ),
    ]
    if portfolio:
        lines.append(
            _(
                "Kompetanseporteføljen din beholdes, fordi spesialistforskriften krever at "
                "gjennomført utdanning er dokumentert. Logger du inn igjen, ser du den igjen."
            )
        )
    lines += [
        _("Logger du inn igjen senere, får du en ny, tom konto."),
        "",
        _("Hilsen LIS1-tjenesten"),
    ]
    try:
        mailer.send(Mail(who.email, _("Kontoen din er slettet"), "\n".join(lines)))
    except Exception as error:
        log.warning("Kvittering for slettet konto ble ikke sendt: %s", type(error).__name__)
