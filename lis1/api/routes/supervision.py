"""The other side of a portfolio: Veiledning for the people in a LIS's roles (their LIS, the
portfolio they may read, the approver a leder delegates to), and the employer's page where
administrators confirm a leder or approver and end roles at their organisation."""

from __future__ import annotations

from typing import Any

from ...domain.portfolio.errors import NotEmployer, NotLeder, UnknownRelation
from ...domain.portfolio.relations import Relation
from ...errors import DomainError
from ...i18n import N_, _
from ...oslo import oslo_today
from ...services import goal_queue
from ...services import portfolio_invitations as inviting
from ...services import portfolio_relations as relating
from ...services import portfolios as service
from ...services.env import Env
from ..errors import status_of
from ..inputs import notice_query, notice_text
from ..pages import page
from ..pipeline import Context
from ..presenters import goals as present_goals
from ..presenters import portfolio as present
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.goals import RolesOut
from ..schemas.portfolio import ApproverInviteIn, PortfolioInvitationOut, RelationOut, RelationsOut
from .kommune_start import part_summary
from .portfolio import relation_out
from .portfolio_invites import invited

routes = Routes()

NOTICES = {
    "avsluttet": N_("Rollen er avsluttet."),
    "bekreftet": N_("Lederen er bekreftet og kan nå godkjenne læringsmål for legen."),
}


def _mine(ctx: Context, relation_id: str) -> Relation:
    found = next(
        (r for r in relating.mine(ctx.deps.store, who=ctx.signed_in()) if r.id == relation_id),
        None,
    )
    if found is None:
        raise UnknownRelation()
    return found


@routes.route(
    "GET",
    "/veiledning",
    summary=N_("Veiledning: legene du er leder, veileder, supervisør eller godkjenner for"),
    access=SIGNED_IN,
    response=RolesOut,
    errors=(401,),
    media=(HTML,),
    query=(notice_query(list(NOTICES)),),
)
def my_roles(ctx: Context) -> RolesOut | Reply:
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    relations = relating.mine(ctx.deps.store, who=who)
    waiting = goal_queue.waiting_for(ctx.deps.store, ctx.deps.catalog, who=who, now=now)
    result = RolesOut(
        relations=[relation_out(r) for r in relations],
        waiting=[present_goals.waiting_out(w) for w in waiting],
    )
    if not ctx.html:
        return result
    rows = [present.relation_row(ctx.deps.catalog, r) for r in relations]
    return page(
        ctx,
        "supervision.html",
        title=_("Veiledning"),
        notice=notice_text(ctx.query, NOTICES),
        rows=rows,
        waiting=result.waiting,
        task_name=present_goals.task_name,
        readers=service.READERS,
        csrf=ctx.csrf,
    )


@routes.route(
    "GET",
    "/veiledning/{relation_id}",
    summary=N_("Porteføljen til en lege du er bekreftet leder, godkjenner eller veileder for"),
    access=SIGNED_IN,
    errors=(401, 404),
    media=(HTML,),
)
def their_portfolio(ctx: Context) -> Reply:
    relation = _mine(ctx, ctx.params["relation_id"])
    store, catalog, now = ctx.deps.store, ctx.deps.catalog, ctx.deps.clock.now()
    readable = service.readable(store, who=ctx.signed_in(), owner=relation.role.owner)
    portfolio = readable.portfolio
    goals = service.goals_now(catalog, portfolio, now)
    return page(
        ctx,
        "supervision_portfolio.html",
        title=_("Porteføljen til %(name)s") % {"name": portfolio.owner_name},
        portfolio=portfolio,
        relation=present.relation_row(catalog, relation),
        plan=present.plan_summary(catalog, portfolio, goals, oslo_today(now)),
        employments=present.employments(catalog, portfolio, readable.relations, [], now),
        period_text=present.period_text,
        leads=relation.kind == "leder" and relation.counts,
        part=part_summary(store, catalog, portfolio, goals, now),
        csrf=ctx.csrf,
    )


def _approver_page(
    ctx: Context, values: dict[str, Any], errors: dict[str, str], status: int
) -> Reply:
    relation = _mine(ctx, ctx.params["relation_id"])
    if not (relation.kind == "leder" and relation.counts):
        raise NotLeder()
    return page(
        ctx,
        "approver_invite.html",
        status=status,
        title=_("Deleger godkjenning"),
        relation=present.relation_row(ctx.deps.catalog, relation),
        relation_id=relation.id,
        values={name: str(values.get(name) or "") for name in ("name", "email")},
        errors=errors,
        csrf=ctx.csrf,
    )


@routes.route(
    "GET",
    "/veiledning/{relation_id}/godkjenner",
    summary=N_("Skjema for lederen som delegerer godkjenning av læringsmål"),
    access=SIGNED_IN,
    errors=(401, 404),
    media=(HTML,),
)
def approver_form(ctx: Context) -> Reply:
    return _approver_page(ctx, {}, {}, 200)


@routes.route(
    "POST",
    "/veiledning/{relation_id}/godkjenner",
    summary=N_("Lederen inviterer en godkjenner (teller når arbeidsgiveren har bekreftet)"),
    access=SIGNED_IN,
    body=ApproverInviteIn,
    response=PortfolioInvitationOut,
    status=201,
    errors=(400, 401, 403, 404, 409),
    forms=True,
    form_page=lambda ctx, values, errors: _approver_page(ctx, values, errors, 400),
)
def invite_approver(ctx: Context) -> PortfolioInvitationOut | Reply:
    body: ApproverInviteIn = ctx.body
    relation = _mine(ctx, ctx.params["relation_id"])
    now = ctx.deps.clock.now()
    try:
        invitation, token = inviting.invite(
            ctx.deps.store,
            who=ctx.signed_in(),
            owner=relation.role.owner,
            employment_id=relation.role.employment_id,
            kind="godkjenner",
            name=body.name,
            email=body.email,
            env=Env(now),
        )
    except DomainError as error:
        if ctx.form_post:
            fields = error.fields or {"name": error.message}
            return _approver_page(ctx, body.model_dump(), fields, status_of(error))
        raise
    return invited(ctx, invitation, token, now)


@routes.route(
    "GET",
    "/arbeidsgiver/roller",
    summary=N_("Ledere, godkjennere, veiledere og supervisører for LIS hos arbeidsgiveren"),
    access=SIGNED_IN,
    response=RelationsOut,
    errors=(401, 403),
    media=(HTML,),
    query=(notice_query(list(NOTICES)),),
)
def employer_roles(ctx: Context) -> RelationsOut | Reply:
    who = ctx.signed_in()
    if not relating.employer_organisations(who):
        raise NotEmployer()
    relations = relating.at_my_employers(ctx.deps.store, who=who)
    if not ctx.html:
        return RelationsOut(relations=[relation_out(r) for r in relations])
    rows = [present.relation_row(ctx.deps.catalog, r) for r in relations]
    return page(
        ctx,
        "employer_roles.html",
        title=_("Ledere og veiledere for LIS"),
        notice=notice_text(ctx.query, NOTICES),
        waiting=[r for r in rows if r["status"] == "venter_på_arbeidsgiver"],
        active=[r for r in rows if r["status"] == "aktiv"],
        csrf=ctx.csrf,
    )


@routes.route(
    "POST",
    "/arbeidsgiver/roller/{relation_id}/bekreft",
    summary=N_("Arbeidsgiveren bekrefter en leder eller godkjenner for en LIS"),
    access=SIGNED_IN,
    response=RelationOut,
    errors=(401, 403, 404, 409),
    forms=True,
)
def confirm_relation(ctx: Context) -> RelationOut | Reply:
    relation = relating.confirm(
        ctx.deps.store,
        who=ctx.signed_in(),
        relation_id=ctx.params["relation_id"],
        now=ctx.deps.clock.now(),
    )
    if ctx.form_post:
        return Reply(status=303, headers={"Location": "/api/arbeidsgiver/roller?melding=bekreftet"})
    return relation_out(relation)
