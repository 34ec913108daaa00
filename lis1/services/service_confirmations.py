"""Bekreftelse på gjennomført tjenestetid, made by the employer.

An administrator of an HF or a kommune finds each LIS with an employment there (from a hire, or
entered by the LIS), fills in the template's fields for one employment (the editors' template
in ``data/templates/``, see :mod:`lis1.domain.portfolio.confirmations`) and the service adds the
confirmation to the LIS's record, with who made it and the employment's leder. The LIS reads
their own; an administrator of the employer reads the ones for employments there. Nobody may
confirm their own service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..catalog import Catalog
from ..catalog.models import Template
from ..domain.portfolio import confirmations as rules
from ..domain.portfolio.errors import NoPortfolio, OwnConfirmation, UnknownEmployment
from ..domain.portfolio.records import Employment, Portfolio, ServiceConfirmation
from ..errors import Conflict, NotFound, Unavailable
from ..i18n import N_
from ..identity import Principal, Role
from ..oslo import oslo_today
from ..wording import long_date
from .env import Env
from .ports.accounts import AuditEntry
from .ports.portfolios import portfolio_entity
from .ports.store import Store
from .receipts import organisation_name

TEMPLATE = "bekreftelse-praktisk-tjeneste"
ADMINS = (Role.HF_ADMIN, Role.KOMMUNE_ADMIN)


class UnknownConfirmation(NotFound):
    code = "ukjent_bekreftelse"
    message = N_("Fant ikke bekreftelsen.")


@dataclass(frozen=True)
class Employed:
    """A LIS with an employment at one of the administrator's organisations."""

    portfolio: Portfolio
    employment: Employment

    @property
    def confirmations(self) -> list[ServiceConfirmation]:
        return [c for c in self.portfolio.confirmations if c.employment_id == self.employment.id]


class TemplateChanged(Conflict):
    code = "skjema_endret"
    message = N_(
        "Skjemaet er endret siden du åpnet det, så feltene passer ikke lenger. Fyll det ut på nytt."
    )


class NoTemplate(Unavailable):
    code = "mangler_mal"
    message = N_(
        "Skjemaet for bekreftelsen mangler i tjenestens data. Prøv igjen senere, eller kontakt "
        "Helsedirektoratet."
    )


def template(catalog: Catalog) -> Template:
    """The editors' template; the catalogue's checks make sure it is there (503 otherwise)."""
    found = next((t for t in catalog.templates if t.id == TEMPLATE), None)
    if found is None:
        raise NoTemplate()
    return found


def employed(store: Store, *, who: Principal) -> list[Employed]:
    """Every employment at the organisations ``who`` administers, earliest start first."""
    found: list[Employed] = []
    organisations = {org for role in ADMINS for org in who.organisations(role)}
    for organisation in sorted(organisations):
        for copy in store.portfolios.employing(organisation):
            found += [Employed(copy, e) for e in copy.employments if e.organisation == organisation]
    return sorted(found, key=lambda e: (e.employment.starts, e.portfolio.owner_name))


def one(store: Store, *, who: Principal, employment_id: str) -> Employed:
    """The employment ``employment_id`` at one of ``who``'s organisations, in the record as it
    is stored now; else UnknownEmployment (404)."""
    for seen in employed(store, who=who):
        if seen.employment.id == employment_id:
            portfolio = store.portfolios.get(seen.portfolio.owner)
            if portfolio is None:
                break
            return Employed(portfolio, portfolio.employment(employment_id))
    raise UnknownEmployment()


def prefilled(catalog: Catalog, seen: Employed, now: datetime) -> dict[str, str]:
    """What the record already says, in the template's fields (the administrator can change
    it): the LIS's name, the employer, the part of LIS1, the period and today's date."""
    employment = seen.employment
    known = {
        "navn": seen.portfolio.owner_name,
        "virksomhet": organisation_name(catalog, employment.organisation),
        "tjenesteperiode": f"{long_date(employment.starts, with_weekday=False)} – "
        f"{long_date(employment.ends, with_weekday=False)}",
    }
    values: dict[str, str] = {}
    for s, section in enumerate(template(catalog).sections):
        for f, blank in enumerate(section.fields):
            label = blank.label.lower()
            key = rules.field_key(s, f)
            if label in known:
                values[key] = known[label]
            elif blank.kind == "avkrysning":
                values[key] = "ja" if employment.arena in label else ""
            elif blank.kind == "dato":
                values[key] = oslo_today(now).isoformat()
    return values


def confirm(
    store: Store,
    catalog: Catalog,
    *,
    who: Principal,
    employment_id: str,
    given: dict[str, str],
    env: Env,
    template_seen: str | None = None,
) -> ServiceConfirmation:
    """``template_seen``: the template (``id@updated``) the form was made from; the fields are
    named by their place in it, so a form from an earlier template is refused."""
    seen = one(store, who=who, employment_id=employment_id)
    portfolio = seen.portfolio
    if portfolio.owner == who.subject:
        raise OwnConfirmation()
    used = template(catalog)
    if template_seen is not None and template_seen != f"{used.id}@{used.updated}":
        raise TemplateChanged()
    confirmation = ServiceConfirmation(
        id=env.new_id(),
        employment_id=employment_id,
        organisation=seen.employment.organisation,
        template=f"{used.id}@{used.updated}",
        fields=rules.checked(used, given),
        by=who.subject,
        by_name=who.name,
        at=env.now,
        leder=_leder(store, portfolio, employment_id),
    )
    changed = rules.add(portfolio, confirmation, env.now)
    detail = {"ansettelse": employment_id, "bekreftelse": confirmation.id}
    audit = AuditEntry(portfolio_entity(portfolio.owner), env.now, who.subject, "confirm_service",
                       detail)  # fmt: skip
    store.portfolios.save(changed, audit=audit)
    return confirmation


def for_admin(
    store: Store, *, who: Principal, employment_id: str, confirmation_id: str
) -> tuple[Employed, ServiceConfirmation]:
    seen = one(store, who=who, employment_id=employment_id)
    for confirmation in seen.confirmations:
        if confirmation.id == confirmation_id:
            return seen, confirmation
    raise UnknownConfirmation()


def own(
    store: Store, *, who: Principal, confirmation_id: str
) -> tuple[Employed, ServiceConfirmation]:
    portfolio = store.portfolios.get(who.subject)
    if portfolio is None:
        raise NoPortfolio()
    for confirmation in portfolio.confirmations:
        if confirmation.id == confirmation_id:
            employment = portfolio.employment(confirmation.employment_id)
            return Employed(portfolio, employment), confirmation
    raise UnknownConfirmation()


def _leder(store: Store, portfolio: Portfolio, employment_id: str) -> str | None:
    for relation in store.portfolios.relations(portfolio.owner):
        mine = (relation.kind, relation.role.employment_id) == ("leder", employment_id)
        if mine and relation.counts:
            return relation.name
    return None
