"""Everything the service keeps about the signed-in person, to see on a page and download as JSON
(the right of access, GDPR art. 15): the account and roles, applications, offers and answers,
receipts, notice choice, calendar address, invitations, the portfolio, the audit entries about
them, profile, CV and jobbagenter (without their links' secret).

Only the person's own records are read, by their subject; nobody else's personal data is added
beyond names already shown to them (another person in the log is "en annen bruker"). The ranked
lists are left out, and the download says why: applicants have no right to see them
(helseforetaksloven § 5). A calendar address is told by when it was made, never its secret.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..catalog import Catalog
from ..domain.portfolio.codec import plain
from ..domain.portfolio.errors import NoPortfolio
from ..i18n import _
from ..identity import ROLE_NAMES, Principal
from . import portfolio_export
from .offers import offer_entity
from .ports.accounts import AuditEntry
from .ports.notices import person_entity
from .ports.portfolios import portfolio_entity
from .ports.store import Store
from .receipts import organisation_name

FORMAT = "lis1-mine-data"
VERSION = 1
OTHER_ACTOR = "en annen bruker"
"""Who a log entry names when someone else made the change (never their id)."""


def ranked_lists_left_out() -> str:
    return _(
        "Innstillingslistene (helseforetakenes rangering av søkerne) er ikke med: søkere har "
        "ikke innsyn i innstillingen (helseforetaksloven § 5)."
    )


@dataclass
class OwnData:
    """What the page shows and the download holds: each kind as a list of JSON objects."""

    made: datetime
    account: dict[str, Any]
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    portfolio: dict[str, Any] | None = None
    left_out: list[dict[str, str]] = field(default_factory=list)

    def download(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "versjon": VERSION,
            "laget": plain(self.made),
            "konto": self.account,
            **self.sections,
            "portefolje": self.portfolio,
            "utelatt": self.left_out,
        }


def own_data(store: Store, catalog: Catalog, *, who: Principal, now: datetime) -> OwnData:
    """Everything kept about ``who``, read by their subject only."""
    subject = who.subject
    user = store.users.get(subject)
    applications = store.applications.by_applicant(subject)
    offers = store.offers.by_candidate(subject)
    receipts = store.applications.receipts(subject)
    ads = store.ads.many({a.ad_id for a in applications} | {o.ad_id for o in offers})

    def place(ad_id: str) -> dict[str, str]:
        ad = ads.get(ad_id)
        if ad is None:
            return {"annonse": ad_id}
        hf = organisation_name(catalog, ad.content.organisation)
        return {"annonse": ad_id, "sted": ad.content.place, "helseforetak": hf}

    data = OwnData(
        made=now,
        account={
            "id": subject,
            "navn": user.name if user else who.name,
            "epost": user.email if user else who.email,
            "opprettet": plain(user.created_at) if user else None,
        },
    )
    s = data.sections
    s["roller"] = [
        {"rolle": _(ROLE_NAMES[g.role]), "organisasjon": g.organisation} for g in sorted(who.grants)
    ]
    s["soknader"] = [
        {
            **place(a.ad_id),
            "status": a.status,
            "referanse": a.reference,
            "sendt": plain(a.submitted_at),
            "endret": plain(a.changed_at),
            "soknadstekst": a.cover_text,
            "slettes": plain(a.keep_until),
        }
        for a in applications
    ]
    s["tilbud"] = [
        {
            **place(o.ad_id),
            "id": o.id,
            "periode": o.round.scope,
            "runde": o.round.number,
            "tilstand": o.state,
            "gitt": plain(o.issued_at),
            "svarfrist": plain(o.answer_deadline),
            "endret": plain(o.changed_at),
            "begrunnelse": o.reason,
            "slettes": plain(o.keep_until),
        }
        for o in offers
    ]
    s["kvitteringer"] = [
        {
            "referanse": r.reference,
            "tid": plain(r.at),
            "handling": r.action,
            "annonse": r.ad_id,
            "tekst": r.summary,
            "slettes": plain(r.keep_until),
        }
        for r in receipts
    ]
    calendar_made = store.calendars.current(subject)
    language = store.notices.language(subject)
    s["varsler"] = [
        {
            "epost": who.email,
            "paminnelser_om_svarfrister": store.notices.reminders_on(subject),
            "sprak_i_epost": language.language if language else None,
            "sprak_valgt_selv": language.chosen if language else False,
        }
    ]
    s["kalenderadresse"] = [{"laget": plain(calendar_made)}] if calendar_made is not None else []
    s["invitasjoner_sendt"] = [
        {
            "id": i.id,
            "navn": i.name,
            "status": i.status,
            "laget": plain(i.created_at),
            "utloper": plain(i.expires_at),
        }
        for i in store.invitations.by_inviter(subject)
    ]
    s["roller_hos_andre"] = [
        {
            "rolle": r.kind,
            "lege": r.role.owner_name,
            "arbeidsgiver": organisation_name(catalog, r.role.organisation),
            "status": r.status,
            "fra": plain(r.created_at),
        }
        for r in store.portfolios.relations_of(subject)
    ]
    try:
        data.portfolio = portfolio_export.own(store, catalog, who=who, now=now, complete=True)
    except NoPortfolio:
        data.portfolio = None
    entities = [person_entity(subject), *(offer_entity(o.id) for o in offers)]
    if data.portfolio is not None:
        entities.append(portfolio_entity(subject))
    s["logg"] = [_entry(e, subject) for entity in entities for e in store.audit.entries(entity)]
    profile, cv = store.profiles.get(subject), store.profiles.cv(subject)
    s["profil"] = [plain(profile)] if profile is not None else []
    s["cv"] = [plain(cv)] if cv is not None else []
    s["jobbagenter"] = _agents(store, subject)
    data.left_out = [{"hva": "innstillingslister", "hvorfor": ranked_lists_left_out()}]
    return data


def _entry(entry: AuditEntry, subject: str) -> dict[str, Any]:
    """A log entry about the person: another actor is not named, nor another's id shown."""
    detail = {k: v for k, v in entry.detail.items() if k != "subject" or v == subject}
    return {
        "hva": entry.entity.split(":", 1)[0],
        "tid": plain(entry.at),
        "handling": entry.action,
        "av": "deg" if entry.actor == subject else OTHER_ACTOR,
        "detaljer": detail,
    }


def _agents(store: Store, subject: str) -> list[dict[str, Any]]:
    """The person's jobbagenter, without the secret of their links."""
    return [
        {
            "id": a.id,
            "filter": plain(a.filter),
            "sprak": a.language,
            "laget": plain(a.created_at),
            "endret": plain(a.updated_at),
            "siste_epost": plain(a.last_mail_day),
        }
        for a in store.job_agents.for_person(subject)
    ]
