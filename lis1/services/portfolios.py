"""Use cases of the portfolio record: start it (from a hire, or by the LIS), add employments,
move to the new plan, and decide who may read it.

Who may read a portfolio (the table "Who sees what"): the LIS; a leder or delegated approver
once the employer has confirmed them; the veileder. A supervisør sees only the activities sent
to them (:mod:`lis1.services.activities`), not the portfolio. To anyone else a portfolio does
not exist (:class:`NoPortfolio`), so its existence is not revealed either.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from ..catalog import Catalog
from ..domain.ads import Ad
from ..domain.offers import Offer
from ..domain.portfolio import records
from ..domain.portfolio.errors import NoPortfolio, PlanTooOld, PortfolioExists
from ..domain.portfolio.goals import PlanGoals, plan_goals
from ..domain.portfolio.records import Employment, EmploymentArena, Plan, Portfolio
from ..domain.portfolio.relations import Relation, RelationKind
from ..errors import InvalidInput
from ..i18n import _
from ..identity import Principal
from ..oslo import oslo_today
from .env import Env
from .ports.accounts import AuditEntry
from .ports.portfolios import portfolio_entity
from .ports.store import Store

READERS: frozenset[RelationKind] = frozenset({"leder", "godkjenner", "veileder"})
"""Relations that, once they count, read the whole portfolio."""
ARENA_KINDS: dict[EmploymentArena, frozenset[str]] = {
    "sykehus": frozenset({"hf", "ideell"}),
    "kommune": frozenset({"kommune"}),
}


@dataclass(frozen=True)
class EmploymentIn:
    arena: EmploymentArena
    organisation: str
    starts: date
    ends: date
    psychiatry: bool = False


@dataclass(frozen=True)
class Readable:
    """A portfolio as one reader may see it, with the relations that let them."""

    portfolio: Portfolio
    relations: list[Relation]
    as_kinds: frozenset[RelationKind]
    """How the reader relates to it; empty for the LIS themselves."""

    @property
    def own(self) -> bool:
        return not self.as_kinds


def mine(store: Store, catalog: Catalog, *, who: Principal, now: datetime) -> Portfolio | None:
    """The signed-in LIS's portfolio; started from their hire if they were hired in an offer
    round and have none yet (so a lost write at the hire loses nothing)."""
    portfolio = store.portfolios.get(who.subject)
    if portfolio is not None:
        return portfolio
    hired = [o for o in store.offers.by_candidate(who.subject) if o.state == "ansatt"]
    if not hired:
        return None
    ad = store.ads.get(hired[0].ad_id)
    if ad is None:
        return None
    try:
        return start_from_hire(store, catalog, offer=hired[0], ad=ad, name=who.name, now=now)
    except PlanTooOld:
        return None  # the LIS enters a hospital part the portfolio can plan


def start_from_hire(
    store: Store, catalog: Catalog, *, offer: Offer, ad: Ad, name: str, now: datetime
) -> Portfolio:
    """The record of an applicant hired in an offer round: the hospital part at the ad's HF
    (twelve months, or the reststilling's own end) and, for an ordinary ad, the coupled kommune
    part (the six months after). Idempotent: an existing portfolio is returned as it is."""
    content = ad.content
    hospital_end = content.ends or records.add_months(content.starts, 12) - timedelta(days=1)
    employments = [
        Employment(
            id=f"{offer.id}-s",
            arena="sykehus",
            organisation=content.organisation,
            starts=content.starts,
            ends=hospital_end,
            origin="tilbud",
            offer_id=offer.id,
        )
    ]
    if not content.reststilling:
        kommune_start = hospital_end + timedelta(days=1)
        employments.append(
            Employment(
                id=f"{offer.id}-k",
                arena="kommune",
                organisation=content.kommune,
                starts=kommune_start,
                ends=records.add_months(kommune_start, 6) - timedelta(days=1),
                origin="tilbud",
                offer_id=offer.id,
            )
        )
    portfolio = Portfolio(
        owner=offer.candidate,
        owner_name=name,
        created_at=now,
        plan=choose(catalog, content.starts),
        employments=tuple(employments),
    )
    try:
        store.portfolios.create(portfolio, audit=_audit(portfolio, offer.candidate, "start", now))
    except PortfolioExists:
        found = store.portfolios.get(offer.candidate)
        if found is None:  # a portfolio is never deleted: this is a store fault
            raise
        return found
    return portfolio


def start(
    store: Store, catalog: Catalog, *, who: Principal, employment: EmploymentIn, env: Env
) -> Portfolio:
    """The LIS starts their own record with their (first) hospital part."""
    if employment.arena != "sykehus":
        raise InvalidInput(
            fields={"arena": _("Start med sykehusdelen: planen velges etter når den startet.")}
        )
    first = _checked(catalog, employment, env.new_id())
    portfolio = Portfolio(
        owner=who.subject,
        owner_name=who.name,
        created_at=env.now,
        plan=choose(catalog, first.starts),
        employments=(first,),
    )
    store.portfolios.create(portfolio, audit=_audit(portfolio, who.subject, "start", env.now))
    return portfolio


def add_employment(
    store: Store, catalog: Catalog, *, who: Principal, employment: EmploymentIn, env: Env
) -> Portfolio:
    portfolio = own(store, who=who)
    if len(portfolio.employments) >= records.MAX_EMPLOYMENTS:
        raise InvalidInput(
            _("En portefølje kan ha høyst {count} ansettelser.").format(
                count=records.MAX_EMPLOYMENTS
            ),
            code="for_mange_ansettelser",
        )
    added = _checked(catalog, employment, env.new_id())
    employments = tuple(sorted([*portfolio.employments, added], key=lambda e: (e.starts, e.id)))
    plan = portfolio.plan
    start_day = min(e.starts for e in employments if e.arena == "sykehus")
    if start_day != portfolio.hospital_start:
        chosen = choose(catalog, start_day)
        moved = not plan.old_common and chosen.old_common
        plan = replace(chosen, common=plan.common, old_common=False) if moved else chosen
    changed = replace(
        portfolio,
        employments=employments,
        plan=plan,
        version=portfolio.version + 1,
        updated_at=env.now,
    )
    store.portfolios.save(changed, audit=_audit(changed, who.subject, "add_employment", env.now))
    return changed


def move_to_new_plan(store: Store, catalog: Catalog, *, who: Principal, now: datetime) -> Portfolio:
    portfolio = own(store, who=who)
    changed = records.move_to_new_plan(portfolio, newest_common(catalog), now)
    store.portfolios.save(changed, audit=_audit(changed, who.subject, "new_plan", now))
    return changed


def set_hpr(store: Store, *, who: Principal, hpr: str, now: datetime) -> Portfolio:
    portfolio = own(store, who=who)
    changed = records.with_hpr(portfolio, hpr, now)
    store.portfolios.save(changed, audit=_audit(changed, who.subject, "set_hpr", now))
    return changed


def own(store: Store, *, who: Principal) -> Portfolio:
    portfolio = store.portfolios.get(who.subject)
    if portfolio is None:
        raise NoPortfolio()
    return portfolio


def readable(store: Store, *, who: Principal, owner: str) -> Readable:
    """The portfolio of ``owner`` if ``who`` may read it (see the module's doc)."""
    portfolio = store.portfolios.get(owner)
    if portfolio is None:
        raise NoPortfolio()
    relations = store.portfolios.relations(owner)
    if owner == who.subject:
        return Readable(portfolio, relations, frozenset())
    kinds = frozenset(
        r.kind for r in relations if r.subject == who.subject and r.counts and r.kind in READERS
    )
    if not kinds:
        raise NoPortfolio()
    return Readable(portfolio, relations, kinds)


def goals(catalog: Catalog, portfolio: Portfolio, today: date) -> PlanGoals:
    """The goals of the plan in effect ``today`` (the transition rule applied)."""
    until = transition_until(catalog)
    plan = records.plan_in_effect(portfolio.plan, newest_common(catalog), today, until)
    return plan_goals(catalog, plan, psychiatry=portfolio.psychiatry)


def goals_now(catalog: Catalog, portfolio: Portfolio, now: datetime) -> PlanGoals:
    return goals(catalog, portfolio, oslo_today(now))


def choose(catalog: Catalog, hospital_start: date) -> Plan:
    clinical = catalog.learning_goals_on(hospital_start)
    common = catalog.common_goals_on(hospital_start)
    if clinical is None or common is None:
        raise PlanTooOld()
    old = common.in_force_until is not None  # a version that has ended: the transition rule
    return records.Plan(clinical=clinical.id, common=common.id, old_common=old)


def first_clinical_day(catalog: Catalog) -> date:
    """The day the first clinical goals the portfolio knows came into force (from data/)."""
    return min(version.in_force_from for version in catalog.learning_goals)


def transition_until(catalog: Catalog) -> date | None:
    """The day from which no LIS may follow the old common goals (the transition rule)."""
    return catalog.common_goals[-1].transition_until


def newest_common(catalog: Catalog) -> str:
    return catalog.common_goals[-1].id


def _checked(catalog: Catalog, employment: EmploymentIn, employment_id: str) -> Employment:
    fields = {}
    try:
        organisation = catalog.organisation(employment.organisation)
    except KeyError:
        organisation = None
    if organisation is None or organisation.kind not in ARENA_KINDS[employment.arena]:
        fields["organisation"] = (
            _("Velg helseforetaket du er ansatt i.")
            if employment.arena == "sykehus"
            else _("Velg kommunen du er ansatt i.")
        )
    if employment.ends < employment.starts:
        fields["ends"] = _("Siste dag kan ikke være før første dag.")
    elif not records.long_enough(employment.starts, employment.ends):
        fields["ends"] = _("En ansettelse må vare minst to måneder for å telle i LIS1.")
    if employment.psychiatry and employment.arena != "sykehus":
        fields["psychiatry"] = _("Psykiatri er en del av sykehustjenesten.")
    if fields:
        raise InvalidInput(fields=fields)
    return Employment(
        id=employment_id,
        arena=employment.arena,
        organisation=employment.organisation,
        starts=employment.starts,
        ends=employment.ends,
        psychiatry=employment.psychiatry,
    )


def _audit(portfolio: Portfolio, actor: str, action: str, at: datetime) -> AuditEntry:
    detail = {
        "plan": f"{portfolio.plan.clinical}+{portfolio.plan.common}",
        "ansettelser": str(len(portfolio.employments)),
    }
    return AuditEntry(portfolio_entity(portfolio.owner), at, actor, action, detail)
