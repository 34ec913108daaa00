"""The learning goals of a LIS as the people in their roles reach them from Veiledning: the list
(readers of the portfolio), one goal (readers; a supervisør only for a goal served by an activity
they signed, and then only its status and their own recommendation), and recommending,
approving, returning and undoing an approval. A form comes back with what was typed and what
stopped it (a missing recommendation too), else a 303 to the goal's page. Who may see and do
what is the services' rule (:mod:`lis1.services.goal_reading`,
:mod:`lis1.services.goal_approvals`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...errors import DomainError
from ...i18n import N_
from ...services import goal_approvals as service
from ...services import goal_reading as reading
from ...services.goal_reading import Seen
from ..errors import status_of
from ..pipeline import Context
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.goals import CommentIn, GoalListOut, GoalOut, RecommendIn
from .goals import DONE, NOTICE, goal_detail, goal_list, goal_page

routes = Routes()


@routes.route(
    "GET",
    "/veiledning/{relation_id}/mal",
    summary=N_("Læringsmålene til en lege du er bekreftet leder, godkjenner eller veileder for"),
    access=SIGNED_IN,
    response=GoalListOut,
    errors=(401, 404),
    media=(HTML,),
)
def goals_of(ctx: Context) -> GoalListOut | Reply:
    relation_id = ctx.params["relation_id"]
    seen = reading.of_relation(
        ctx.deps.store,
        ctx.deps.catalog,
        who=ctx.signed_in(),
        relation_id=relation_id,
        now=ctx.deps.clock.now(),
    )
    base = f"/api/veiledning/{relation_id}/mal"
    return goal_list(ctx, seen, base, f"/api/veiledning/{relation_id}")


def _reviewed(ctx: Context) -> Seen:
    return reading.goal_of_relation(
        ctx.deps.store,
        ctx.deps.catalog,
        who=ctx.signed_in(),
        relation_id=ctx.params["relation_id"],
        code=ctx.params["code"],
        now=ctx.deps.clock.now(),
    )


@routes.route(
    "GET",
    "/veiledning/{relation_id}/mal/{code}",
    summary=N_(
        "Ett læringsmål til en lege du leser porteføljen til, eller har signert en aktivitet "
        "for (supervisør: bare status og din egen anbefaling)"
    ),
    access=SIGNED_IN,
    response=GoalOut,
    errors=(401, 404),
    media=(HTML,),
    query=(NOTICE,),
)
def goal_of(ctx: Context) -> GoalOut | Reply:
    seen = _reviewed(ctx)
    if not ctx.html:
        return goal_detail(ctx, seen)
    return goal_page(ctx, seen, template="goal_review.html")


def _review_page(
    ctx: Context, action: str, given: Mapping[str, Any], errors: dict[str, str], status: int
) -> Reply:
    return goal_page(
        ctx,
        _reviewed(ctx),
        template="goal_review.html",
        action=action,
        given=given,
        errors=errors,
        status=status,
    )


def _review(ctx: Context, action: str, change: Callable[..., Any], **words: str) -> GoalOut | Reply:
    who, code = ctx.signed_in(), ctx.params["code"]
    relation = reading.relation_of(ctx.deps.store, who, ctx.params["relation_id"])
    try:
        change(
            ctx.deps.store,
            ctx.deps.catalog,
            who=who,
            owner=relation.role.owner,
            code=code,
            now=ctx.deps.clock.now(),
            **words,
        )
    except DomainError as error:
        if ctx.form_post and status_of(error) in (400, 409):
            return goal_page(
                ctx,
                _reviewed(ctx),
                template="goal_review.html",
                action=action,
                given=words,
                errors=error.fields,
                problem=None if error.fields else error.message,
                status=status_of(error),
            )
        raise
    if ctx.form_post:
        location = f"/api/veiledning/{relation.id}/mal/{code}?melding={DONE[action]}"
        return Reply(status=303, headers={"Location": location})
    return goal_detail(ctx, _reviewed(ctx))


def _form(action: str) -> Callable[[Context, dict[str, str], dict[str, str]], Reply]:
    return lambda ctx, values, errors: _review_page(ctx, action, values, errors, 400)


@routes.route(
    "POST",
    "/veiledning/{relation_id}/mal/{code}/anbefal",
    summary=N_("Anbefal læringsmålet som veileder eller supervisør (med dine ord)"),
    access=SIGNED_IN,
    body=RecommendIn,
    response=GoalOut,
    errors=(400, 401, 403, 404, 409),
    forms=True,
    form_page=_form("anbefal"),
)
def recommend(ctx: Context) -> GoalOut | Reply:
    body: RecommendIn = ctx.body
    return _review(ctx, "anbefal", service.recommend, text=body.text)


@routes.route(
    "POST",
    "/veiledning/{relation_id}/mal/{code}/godkjenn",
    summary=N_("Godkjenn læringsmålet (krever anbefaling fra veileder og en supervisør)"),
    access=SIGNED_IN,
    body=CommentIn,
    response=GoalOut,
    errors=(400, 401, 403, 404, 409),
    forms=True,
    form_page=_form("godkjenn"),
)
def approve(ctx: Context) -> GoalOut | Reply:
    body: CommentIn = ctx.body
    return _review(ctx, "godkjenn", service.approve, comment=body.comment)


@routes.route(
    "POST",
    "/veiledning/{relation_id}/mal/{code}/returner",
    summary=N_("Returner læringsmålet til legen med en kommentar"),
    access=SIGNED_IN,
    body=CommentIn,
    response=GoalOut,
    errors=(400, 401, 403, 404, 409),
    forms=True,
    form_page=_form("returner"),
)
def give_back(ctx: Context) -> GoalOut | Reply:
    body: CommentIn = ctx.body
    return _review(ctx, "returner", service.give_back, comment=body.comment)


@routes.route(
    "POST",
    "/veiledning/{relation_id}/mal/{code}/angre",
    summary=N_("Angre en godkjenning, med begrunnelse (mens delen av LIS1 varer)"),
    access=SIGNED_IN,
    body=CommentIn,
    response=GoalOut,
    errors=(400, 401, 403, 404, 409),
    forms=True,
    form_page=_form("angre"),
)
def reopen(ctx: Context) -> GoalOut | Reply:
    body: CommentIn = ctx.body
    return _review(ctx, "angre", service.reopen, comment=body.comment)
