"""Min portefølje: the LIS's record with its plan and employments, and the people they invite
to it. The rules are in :mod:`lis1.domain.portfolio`; who may do what in the services."""

from __future__ import annotations

from typing import Any

from ...domain.invitations import Invitation
from ...domain.portfolio.errors import NoPortfolio
from ...domain.portfolio.records import Portfolio
from ...domain.portfolio.relations import PortfolioRole, Relation
from ...errors import DomainError
from ...i18n import N_, _
from ...oslo import oslo_today
from ...services import portfolio_invitations as inviting
from ...services import portfolios as service
from ...services.env import Env
from ..errors import status_of
from ..inputs import notice_query, notice_text, query_param
from ..pages import page
from ..pipeline import Context
from ..presenters import portfolio as present
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.portfolio import (
    EmploymentIn,
    EmploymentOut,
    GoalOut,
    GoalsOut,
    PlanOut,
    PortfolioInvitationOut,
    PortfolioOut,
    RelationOut,
)
from .kommune_start import part_summary

routes = Routes()

NOTICES = {
    "startet": N_("Porteføljen er opprettet. Inviter leder, veileder og supervisører."),
    "ansettelse": N_("Ansettelsen er lagt til."),
    "ny-plan": N_("Planen følger nå de felles kompetansemålene fra 1. september 2025."),
    "bekreftet": N_("Du har bekreftet personen. Rollen er gitt."),
    "trukket": N_("Invitasjonen er trukket tilbake. Lenken virker ikke lenger."),
    "avsluttet": N_("Rollen er avsluttet. Personen har ikke lenger tilgang gjennom den."),
}
EMPLOYMENT_QUERY = query_param(
    "ansettelse", r"|[A-Za-z0-9-]{1,40}", N_("forventet en ansettelse fra porteføljen")
)
KIND_QUERY = query_param(
    "rolle", r"|leder|veileder|supervisør", N_("forventet leder, veileder eller supervisør")
)
ARENA_QUERY = query_param("arena", r"|sykehus|kommune", N_("forventet sykehus eller kommune"))


def relation_out(relation: Relation) -> RelationOut:
    return RelationOut(
        id=relation.id,
        kind=relation.kind,
        name=relation.name,
        status=relation.status,
        lis=relation.role.owner_name,
        organisation=relation.role.organisation,
        employment_id=relation.role.employment_id,
        since=relation.created_at,
    )


def invitation_out(
    invitation: Invitation, ctx: Context, link: str | None = None
) -> PortfolioInvitationOut:
    purpose = invitation.purpose
    assert isinstance(purpose, PortfolioRole)
    row = present.invitation_row(invitation, ctx.deps.clock.now())
    return PortfolioInvitationOut(
        id=invitation.id,
        kind=purpose.kind,
        name=invitation.name,
        email=invitation.email,
        status=row["status"],
        employment_id=purpose.employment_id,
        expires_at=invitation.expires_at,
        link=link,
    )


@routes.route(
    "GET",
    "/portefolje",
    summary=N_("Min portefølje: planen, ansettelsene og personene rundt legen"),
    access=SIGNED_IN,
    response=PortfolioOut,
    errors=(401, 404),
    media=(HTML,),
    query=(notice_query(list(NOTICES)),),
)
def my_portfolio(ctx: Context) -> PortfolioOut | Reply:
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    store, catalog = ctx.deps.store, ctx.deps.catalog
    portfolio = service.mine(store, catalog, who=who, now=now)
    if portfolio is None:
        if not ctx.html:
            raise NoPortfolio()
        return _start_page(ctx, {"arena": "sykehus"}, {}, 200)
    relations = store.portfolios.relations(who.subject)
    sent = inviting.open_invitations(store, who=who, env=Env(now))
    goals = service.goals_now(catalog, portfolio, now)
    if not ctx.html:
        return _out(ctx, portfolio, relations, sent, len(goals.goals))
    return page(
        ctx,
        "portfolio.html",
        title=_("Min portefølje"),
        notice=notice_text(ctx.query, NOTICES),
        portfolio=portfolio,
        plan=present.plan_summary(catalog, portfolio, goals, oslo_today(now)),
        employments=present.employments(catalog, portfolio, relations, sent, now),
        period_text=present.period_text,
        part=part_summary(store, catalog, portfolio, goals, now),
        csrf=ctx.csrf,
    )


def _out(
    ctx: Context,
    portfolio: Portfolio,
    relations: list[Relation],
    sent: list[Invitation],
    goals: int,
) -> PortfolioOut:
    catalog = ctx.deps.catalog
    plan = portfolio.plan
    return PortfolioOut(
        owner_name=portfolio.owner_name,
        plan=PlanOut(
            clinical=plan.clinical,
            common=plan.common,
            old_common=plan.old_common,
            old_plan_until=service.transition_until(catalog) if plan.old_common else None,
            goals=goals,
        ),
        employments=[
            EmploymentOut(
                id=e.id,
                arena=e.arena,
                organisation=e.organisation,
                organisation_name=present.organisation_name(catalog, e.organisation),
                starts=e.starts,
                ends=e.ends,
                psychiatry=e.psychiatry,
                origin=e.origin,
            )
            for e in portfolio.employments
        ],
        relations=[relation_out(r) for r in relations if r.status != "avsluttet"],
        invitations=[invitation_out(i, ctx) for i in sent],
    )


def _start_page(ctx: Context, values: dict[str, Any], errors: dict[str, str], status: int) -> Reply:
    return _employment_page(ctx, values, errors, status, first=True)


def _employment_page(
    ctx: Context, values: dict[str, Any], errors: dict[str, str], status: int, *, first: bool
) -> Reply:
    arena = str(values.get("arena") or "sykehus")
    arena = arena if arena in ("sykehus", "kommune") else "sykehus"
    names = ("organisation", "starts", "ends")
    return page(
        ctx,
        "portfolio_employment.html",
        status=status,
        title=_("Opprett porteføljen") if first else _("Legg til en ansettelse"),
        first=first,
        arena=arena,
        organisations=[("", _("Velg")), *present.organisations_for(ctx.deps.catalog, arena)],
        values={name: str(values.get(name) or "") for name in names}
        | {"psychiatry": bool(values.get("psychiatry"))},
        errors=errors,
        csrf=ctx.csrf,
    )


@routes.route(
    "POST",
    "/portefolje",
    summary=N_("Opprett porteføljen med sykehusdelen (når den ikke kom fra en ansettelse)"),
    access=SIGNED_IN,
    body=EmploymentIn,
    response=PortfolioOut,
    status=201,
    errors=(400, 401, 409),
    forms=True,
    form_page=lambda ctx, values, errors: _start_page(ctx, values, errors, 400),
)
def start(ctx: Context) -> PortfolioOut | Reply:
    return _employment_change(ctx, first=True)


@routes.route(
    "GET",
    "/portefolje/ansettelser/ny",
    summary=N_("Skjema for en ny ansettelse i porteføljen"),
    access=SIGNED_IN,
    errors=(401,),
    media=(HTML,),
    query=(ARENA_QUERY,),
)
def employment_form(ctx: Context) -> Reply:
    return _employment_page(ctx, {"arena": ctx.query.get("arena")}, {}, 200, first=False)


@routes.route(
    "POST",
    "/portefolje/ansettelser",
    summary=N_("Legg til en ansettelse (sykehus, kommune eller reststilling)"),
    access=SIGNED_IN,
    body=EmploymentIn,
    response=PortfolioOut,
    status=201,
    errors=(400, 401, 404, 409),
    forms=True,
    form_page=lambda ctx, values, errors: _employment_page(ctx, values, errors, 400, first=False),
)
def add_employment(ctx: Context) -> PortfolioOut | Reply:
    return _employment_change(ctx, first=False)


def _employment_change(ctx: Context, *, first: bool) -> PortfolioOut | Reply:
    body: EmploymentIn = ctx.body
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    employment = service.EmploymentIn(
        body.arena, body.organisation, body.starts, body.ends, body.psychiatry
    )
    change = service.start if first else service.add_employment
    try:
        portfolio = change(
            ctx.deps.store, ctx.deps.catalog, who=who, employment=employment, env=Env(now)
        )
    except DomainError as error:
        if ctx.form_post and error.fields:
            values = body.model_dump()
            return _employment_page(ctx, values, error.fields, status_of(error), first=first)
        raise
    if ctx.form_post:
        done = "startet" if first else "ansettelse"
        return Reply(status=303, headers={"Location": f"/api/portefolje?melding={done}"})
    relations = ctx.deps.store.portfolios.relations(who.subject)
    goals = service.goals_now(ctx.deps.catalog, portfolio, now)
    return Reply(_out(ctx, portfolio, relations, [], len(goals.goals)), status=201)


@routes.route(
    "POST",
    "/portefolje/ny-plan",
    summary=N_("Gå over fra den gamle planen til de felles kompetansemålene fra 2025"),
    access=SIGNED_IN,
    errors=(401, 404, 409),
    forms=True,
)
def new_plan(ctx: Context) -> Reply:
    service.move_to_new_plan(
        ctx.deps.store, ctx.deps.catalog, who=ctx.signed_in(), now=ctx.deps.clock.now()
    )
    if ctx.form_post:
        return Reply(status=303, headers={"Location": "/api/portefolje?melding=ny-plan"})
    return Reply({"plan": "ny"})


@routes.route(
    "GET",
    "/portefolje/plan",
    summary=N_("Læringsmålene i planen, etter arena"),
    access=SIGNED_IN,
    response=GoalsOut,
    errors=(401, 404),
    media=(HTML,),
)
def plan(ctx: Context) -> GoalsOut | Reply:
    portfolio = service.own(ctx.deps.store, who=ctx.signed_in())
    goals = service.goals_now(ctx.deps.catalog, portfolio, ctx.deps.clock.now())
    if not ctx.html:
        return GoalsOut(
            clinical=goals.clinical.id,
            common=goals.common.id,
            goals=[
                GoalOut(code=g.code, arena=g.arena, kind=g.kind, text=g.text, chapter=g.chapter)
                for g in goals.goals
            ],
        )
    return page(
        ctx,
        "portfolio_plan.html",
        title=_("Læringsmålene i planen din"),
        sections=present.goal_sections(goals),
        plan=present.plan_summary(
            ctx.deps.catalog, portfolio, goals, oslo_today(ctx.deps.clock.now())
        ),
    )
