"""Læringsmål: the LIS's goals on their way to approval (send, recall), and the pages of goals
that the LIS and the people in their roles share (:mod:`lis1.api.routes.goal_reviews` is the
people's side: recommend, approve, return, undo an approval). Forms work without JavaScript: a
303 to the goal's page saying what happened, or the page again with what stopped it. Who may
see and do what is the services' rule (:mod:`lis1.services.goal_reading`,
:mod:`lis1.services.goal_approvals`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...errors import DomainError
from ...i18n import N_, _
from ...services import goal_approvals as service
from ...services import goal_reading as reading
from ...services.goal_reading import Seen
from ..errors import status_of
from ..inputs import notice_query, notice_text
from ..pages import page
from ..pipeline import Context
from ..presenters import goals as present
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.goals import GoalListOut, GoalOut

routes = Routes()

HOME = "/api/portefolje/mal"
NOTICES = {
    "sendt": N_("Målet er sendt til godkjenning. Veilederen og supervisørene kan nå anbefale det."),
    "trukket": N_("Målet er trukket tilbake. Anbefalingene som er gitt, står."),
    "anbefalt": N_("Anbefalingen din er lagret."),
    "godkjent": N_("Målet er godkjent."),
    "returnert": N_("Målet er returnert til legen med kommentaren din."),
    "angret": N_("Godkjenningen er angret. Legen kan sende målet på nytt."),
}
NOTICE = notice_query(list(NOTICES))
DONE = {
    "send": "sendt",
    "trekk": "trukket",
    "anbefal": "anbefalt",
    "godkjenn": "godkjent",
    "returner": "returnert",
    "angre": "angret",
}
"""The notice after each change."""


def goal_list(ctx: Context, seen: Seen, base: str, back: str) -> GoalListOut | Reply:
    now = ctx.deps.clock.now()
    result = GoalListOut(
        owner_name=seen.portfolio.owner_name,
        part=seen.portfolio.part,
        blocking=reading.blocking(seen, ctx.deps.catalog, now),
        goals=[present.goal_out(seen, row) for row in seen.rows],
    )
    if not ctx.html:
        return result
    title = (
        _("Læringsmål")
        if seen.viewer.lis
        else _("Læringsmålene til {name}").format(name=result.owner_name)
    )
    return page(
        ctx,
        "goals.html",
        title=title,
        result=result,
        parts=present.by_part(result.goals),
        lis=seen.viewer.lis,
        base=base,
        back=back,
        csrf=ctx.csrf,
    )


def goal_detail(ctx: Context, seen: Seen) -> GoalOut:
    """The goal's own page: the recommendations' words, and for a full view its history and the
    activities serving it."""
    row = seen.rows[0]
    out = present.goal_out(seen, row, detail=True)
    if not seen.full:
        return out
    code = row.goal.code
    history = [present.event_out(e) for e in reading.history(ctx.deps.store, seen, code)]
    serving = [present.serving_out(a) for a in reading.serving(seen, code)]
    return out.model_copy(update={"history": history, "activities": serving})


def goal_page(
    ctx: Context,
    seen: Seen,
    *,
    template: str,
    action: str = "",
    given: Mapping[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Reply:
    """One goal's page; ``action`` names the form ``given`` (what was typed), ``errors`` (by
    field) and ``problem`` (what refused it as a whole) belong to."""
    goal = goal_detail(ctx, seen)
    given = given or {}
    relation = seen.relation
    return page(
        ctx,
        template,
        status=status,
        title=_("Læringsmål {code}").format(code=goal.code),
        goal=goal,
        owner_name=seen.portfolio.owner_name,
        relation_id=relation.id if relation else None,
        action=action,
        typed=str(given.get("text") or given.get("comment") or ""),
        errors=errors or {},
        problem=problem,
        csrf=ctx.csrf,
        notice=notice_text(ctx.query, NOTICES),
    )


# --- the LIS ----------------------------------------------------------------------------------


@routes.route(
    "GET",
    "/portefolje/mal",
    summary=N_("Læringsmålene dine: status, anbefalinger og avgjørelser"),
    access=SIGNED_IN,
    response=GoalListOut,
    errors=(401, 404),
    media=(HTML,),
)
def my_goals(ctx: Context) -> GoalListOut | Reply:
    seen = reading.own(
        ctx.deps.store, ctx.deps.catalog, who=ctx.signed_in(), now=ctx.deps.clock.now()
    )
    return goal_list(ctx, seen, HOME, "/api/portefolje")


def _own(ctx: Context) -> Seen:
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    return reading.own_goal(
        ctx.deps.store, ctx.deps.catalog, who=who, code=ctx.params["code"], now=now
    )


@routes.route(
    "GET",
    "/portefolje/mal/{code}",
    summary=N_("Ett av læringsmålene dine, med anbefalinger, avgjørelser og historikk"),
    access=SIGNED_IN,
    response=GoalOut,
    errors=(401, 404),
    media=(HTML,),
    query=(NOTICE,),
)
def my_goal(ctx: Context) -> GoalOut | Reply:
    seen = _own(ctx)
    if not ctx.html:
        return goal_detail(ctx, seen)
    return goal_page(ctx, seen, template="goal.html")


def _lis_change(ctx: Context, action: str, change: Callable[..., Any]) -> GoalOut | Reply:
    code = ctx.params["code"]
    try:
        change(
            ctx.deps.store,
            ctx.deps.catalog,
            who=ctx.signed_in(),
            code=code,
            now=ctx.deps.clock.now(),
        )
    except DomainError as error:
        if ctx.form_post and status_of(error) in (400, 409):
            seen = _own(ctx)
            return goal_page(
                ctx, seen, template="goal.html", problem=error.message, status=status_of(error)
            )
        raise
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"{HOME}/{code}?melding={DONE[action]}"})
    return goal_detail(ctx, _own(ctx))


@routes.route(
    "POST",
    "/portefolje/mal/{code}/send",
    summary=N_("Marker læringsmålet som fullført og send det til godkjenning"),
    access=SIGNED_IN,
    response=GoalOut,
    errors=(401, 404, 409),
    forms=True,
)
def send(ctx: Context) -> GoalOut | Reply:
    return _lis_change(ctx, "send", service.send)


@routes.route(
    "POST",
    "/portefolje/mal/{code}/trekk",
    summary=N_("Trekk tilbake et læringsmål som venter på godkjenning"),
    access=SIGNED_IN,
    response=GoalOut,
    errors=(401, 404, 409),
    forms=True,
)
def recall(ctx: Context) -> GoalOut | Reply:
    return _lis_change(ctx, "trekk", service.recall)
