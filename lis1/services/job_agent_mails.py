"""The jobbagent's mail job: hourly in production (every minute under `make serve`), each agent
tells its owner of the new published ads that match it, reststillinger included, in at most one
mail per agent and Oslo day, never of the same ad twice.

A run reads every published ad (one Query of the ads' index) and every agent (one Query of the
agents' index), never a Scan; with no ad open for applications it reads no agents at all.

Sending is at most once. Before its mail goes out, the agent's record (the day of its last mail
and the ads told) is written on condition that the agent is still as the run read it and has no
mail that day (:meth:`~lis1.services.ports.job_agents.JobAgents.record_mail`); only the run whose
write succeeded sends. A rerun, or two runs at once, finds the record and sends nothing; an
agent changed or stopped meanwhile is left for the next run. If the process dies between the
write and the send, or the send fails, those ads are not told by mail: we chose a missed mail
over a repeated one, as the reminders do (:mod:`lis1.services.reminders`), because the ads stay
on the ads page where the mail's filter leads, while a repeated mail breaks the promise "never
the same ad twice" and cannot be taken back. (Recording after the send would repeat the mail
after a crash; SES takes no idempotency key that could make the send itself safe to repeat.)

Each mail is written in the language the agent was made in, and ends with its signed links.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from ..catalog import Catalog
from ..catalog.translations import localized
from ..domain.ads import Ad, application_deadline
from ..domain.job_agents import JobAgent, Published, mail_due, new_for, published, still_told
from ..i18n import _, locale, ngettext
from ..oslo import oslo_today
from ..wording import deadline_text
from .job_agents import filter_lines, link_path
from .ports.mail import Mail, Mailer
from .ports.store import Store
from .receipts import organisation_name

log = logging.getLogger(__name__)


@dataclass
class JobAgentReport:
    """What one run did, in counts only (nothing personal)."""

    agents: int = 0
    due: int = 0
    """Agents with new matching ads and no mail yet today."""
    sent: int = 0
    already: int = 0
    """Recorded by another run at the same time, or changed or stopped meanwhile."""
    no_address: int = 0
    failed: int = 0
    """Recorded, but the mailer refused it (logged; not tried again)."""

    def counts(self) -> dict[str, int]:
        return {
            "jobbagenter": self.agents,
            "forfalt": self.due,
            "sendt": self.sent,
            "sendt_før": self.already,
            "uten_adresse": self.no_address,
            "feilet": self.failed,
        }


def run_job_agents(
    store: Store, catalog: Catalog, mailer: Mailer, *, now: datetime, origin: str
) -> JobAgentReport:
    """Send every agent's mail due at ``now``. Safe to run again, and at once."""
    report = JobAgentReport()
    ads = published(store.ads.every(), catalog)
    if not any(now < p.closes for p in ads):
        return report
    for agent in store.job_agents.every():
        report.agents += 1
        if mail_due(agent, now):
            _tell(store, catalog, mailer, agent, ads, report, now, origin)
    return report


def _tell(
    store: Store,
    catalog: Catalog,
    mailer: Mailer,
    agent: JobAgent,
    ads: list[Published],
    report: JobAgentReport,
    now: datetime,
    origin: str,
) -> None:
    new = new_for(agent, ads, now)
    if not new:
        return
    report.due += 1
    user = store.users.get(agent.owner)
    if user is None or not user.email:
        report.no_address += 1  # nothing recorded: told once they have an address
        return
    told = still_told(agent, ads, now) | {ad.id for ad in new}
    if not store.job_agents.record_mail(agent, day=oslo_today(now), told=told):
        report.already += 1
        return
    with locale(agent.language):
        mail = agent_mail(catalog, agent, new, name=user.name, to=user.email, origin=origin)
    try:
        mailer.send(mail)
    except Exception as error:
        log.warning("E-post fra en jobbagent kunne ikke sendes: %s", type(error).__name__)
        report.failed += 1
        return
    report.sent += 1


def address(origin: str, language: str, path: str) -> str:
    """An address of ours in the mail's language: English pages are under ``/en``."""
    return f"{origin}{'/en' if language == 'en' else ''}{path}"


def agent_mail(
    catalog: Catalog,
    agent: JobAgent,
    ads: list[Ad],
    *,
    name: str,
    to: str,
    origin: str,
) -> Mail:
    """The mail of ``ads`` (new, matching), in the current locale; it ends with the links that
    change or stop the agent without signing in."""
    count = len(ads)
    subject = ngettext(
        "Jobbagenten: %(count)d ny LIS1-stilling",
        "Jobbagenten: %(count)d nye LIS1-stillinger",
        count,
    ) % {"count": count}
    lines = [
        _("Hei %(name)s,") % {"name": name},
        "",
        ngettext(
            "Det er publisert %(count)d ny stilling som passer med jobbagenten din:",
            "Det er publisert %(count)d nye stillinger som passer med jobbagenten din:",
            count,
        )
        % {"count": count},
        "",
    ]
    for ad in ads:
        lines += [*_ad_lines(catalog, ad, agent.language, origin), ""]
    link = address(origin, agent.language, link_path(agent))
    lines += [
        _("Jobbagenten din ser etter:"),
        *(f"- {line}" for line in filter_lines(catalog, agent.filter)),
        "",
        _(
            "Du får høyst én e-post om dagen fra denne jobbagenten, og aldri om samme stilling "
            "to ganger."
        ),
        "",
        _("Denne e-posten er sendt automatisk og kan ikke besvares."),
        _(
            "Lenkene nedenfor virker uten innlogging. Del dem ikke: den som har dem, kan endre "
            "eller stoppe jobbagenten."
        ),
        _("Endre filteret: %(link)s") % {"link": f"{link}#filter"},
        _("Stopp jobbagenten: %(link)s") % {"link": f"{link}#stopp"},
    ]
    return Mail(to, subject, "\n".join(lines))


def _ad_lines(catalog: Catalog, ad: Ad, language: str, origin: str) -> list[str]:
    content = ad.content
    values = {
        "place": content.place,
        "hf": organisation_name(catalog, content.organisation),
        "deadline": deadline_text(application_deadline(content, catalog)),
    }
    if content.reststilling:
        first = _("Reststilling: %(place)s, %(hf)s. Søknadsfrist: %(deadline)s.") % values
    else:
        period = next((p for p in catalog.periods if p.id == content.period_id), None)
        values["period"] = localized(period, "name") if period is not None else ""
        first = _("%(period)s: %(place)s, %(hf)s. Søknadsfrist: %(deadline)s.") % values
    return [f"- {first}", f"  {address(origin, language, f'/api/ads/{ad.id}')}"]
