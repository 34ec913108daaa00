"""Veiledningssamtaler: the supervision conversations between a LIS and their veileder, and
nobody else. The LIS reaches theirs under Min portefølje; the veileder reaches the ones they
planned with a LIS from Veiledning, by their own relation, which must be a veileder relation
that counts now (to a leder, an approver, a supervisør, a veileder whose role has ended or anyone
else the conversations do not exist: 404). Who may write what is the services' rule
(:mod:`lis1.services.conversations`); the pages and form answers are
:mod:`lis1.api.routes.conversation_pages`."""

from __future__ import annotations

from ...errors import InvalidInput
from ...i18n import N_
from ...services import conversations as service
from ...services.env import Env
from ..pipeline import Context
from ..presenters import conversations as present
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.conversations import (
    ConversationList,
    ConversationOut,
    FinaliseIn,
    MinutesIn,
    PlanIn,
    PreparationIn,
)
from . import conversation_pages as pages
from .conversation_pages import NOTICE, Side, lis_side, refused_form, veileder_side

routes = Routes()

WRITE_ERRORS = (400, 401, 403, 404, 409)


def _list(ctx: Context, side: Side) -> ConversationList | Reply:
    if not ctx.html:
        return pages.listed(ctx, side)
    return pages.list_page(ctx, side, {}, {}, 200)


def _item(ctx: Context, side: Side) -> ConversationOut | Reply:
    conversation = pages.one(ctx, side)
    if not ctx.html:
        return present.conversation_out(conversation, side.owner_name)
    return pages.item_page(ctx, side, conversation, present.forms(conversation), 200)


def _prepare(ctx: Context, side: Side) -> ConversationOut | Reply:
    body: PreparationIn = ctx.body
    return pages.written(
        ctx,
        side,
        "preparation",
        "forberedelse",
        lambda: service.prepare(
            ctx.deps.store,
            who=ctx.signed_in(),
            owner=side.owner,
            conversation_id=ctx.params["conversation_id"],
            version=body.version,
            text=body.preparation,
            now=ctx.deps.clock.now(),
        ),
    )


def _minutes(ctx: Context, side: Side) -> ConversationOut | Reply:
    body: MinutesIn = ctx.body
    return pages.written(
        ctx,
        side,
        "minutes",
        "referat",
        lambda: service.write_minutes(
            ctx.deps.store,
            who=ctx.signed_in(),
            owner=side.owner,
            conversation_id=ctx.params["conversation_id"],
            version=body.version,
            text=body.minutes,
            now=ctx.deps.clock.now(),
        ),
    )


def _finalise(ctx: Context, side: Side) -> ConversationOut | Reply:
    body: FinaliseIn = ctx.body
    return pages.written(
        ctx,
        side,
        "",
        "ferdigstilt",
        lambda: service.finalise(
            ctx.deps.store,
            who=ctx.signed_in(),
            owner=side.owner,
            conversation_id=ctx.params["conversation_id"],
            version=body.version,
            now=ctx.deps.clock.now(),
        ),
    )


# --- the LIS ------------------------------------------------------------------------------------


@routes.route(
    "GET",
    "/portefolje/samtaler",
    summary=N_("Veiledningssamtalene dine med veilederen (dag, tema, status)"),
    access=SIGNED_IN,
    response=ConversationList,
    errors=(401,),
    media=(HTML,),
)
def my_conversations(ctx: Context) -> ConversationList | Reply:
    return _list(ctx, lis_side(ctx))


@routes.route(
    "GET",
    "/portefolje/samtaler/{conversation_id}",
    summary=N_("Én av veiledningssamtalene dine (med skjemaene mens den er åpen)"),
    access=SIGNED_IN,
    response=ConversationOut,
    errors=(401, 404),
    media=(HTML,),
    query=(NOTICE,),
)
def my_conversation(ctx: Context) -> ConversationOut | Reply:
    return _item(ctx, lis_side(ctx))


@routes.route(
    "POST",
    "/portefolje/samtaler/{conversation_id}/forberedelse",
    summary=N_("Legen skriver forberedelsen til samtalen (på versjonen legen så)"),
    access=SIGNED_IN,
    body=PreparationIn,
    response=ConversationOut,
    errors=WRITE_ERRORS,
    forms=True,
    form_page=refused_form(lis_side, "preparation"),
)
def prepare(ctx: Context) -> ConversationOut | Reply:
    return _prepare(ctx, lis_side(ctx))


@routes.route(
    "POST",
    "/portefolje/samtaler/{conversation_id}/referat",
    summary=N_("Legen skriver referatet (på versjonen legen så)"),
    access=SIGNED_IN,
    body=MinutesIn,
    response=ConversationOut,
    errors=WRITE_ERRORS,
    forms=True,
    form_page=refused_form(lis_side, "minutes"),
)
def my_minutes(ctx: Context) -> ConversationOut | Reply:
    return _minutes(ctx, lis_side(ctx))


# --- the veileder -------------------------------------------------------------------------------


@routes.route(
    "GET",
    "/veiledning/{relation_id}/samtaler",
    summary=N_("Veilederen: samtalene du har planlagt med legen, og skjema for en ny"),
    access=SIGNED_IN,
    response=ConversationList,
    errors=(401, 404),
    media=(HTML,),
    query=(NOTICE,),
)
def conversations_with(ctx: Context) -> ConversationList | Reply:
    return _list(ctx, veileder_side(ctx))


@routes.route(
    "POST",
    "/veiledning/{relation_id}/samtaler",
    summary=N_("Veilederen planlegger en veiledningssamtale med legen (dag og tema)"),
    access=SIGNED_IN,
    body=PlanIn,
    response=ConversationOut,
    status=201,
    errors=(400, 401, 404, 409),
    idempotent=True,
    forms=True,
    form_page=lambda ctx, values, errors: pages.list_page(
        ctx, veileder_side(ctx), values, errors, 400
    ),
)
def plan(ctx: Context) -> ConversationOut | Reply:
    body: PlanIn = ctx.body
    side = veileder_side(ctx)
    try:
        planned = service.plan(
            ctx.deps.store,
            who=ctx.signed_in(),
            owner=side.owner,
            day=body.day,
            topic=body.topic,
            env=Env(ctx.deps.clock.now()),
            idempotency_key=ctx.idempotency_key,
        )
    except InvalidInput as error:
        if ctx.form_post:
            return pages.list_page(ctx, side, body.model_dump(), error.fields, 400)
        raise
    if ctx.form_post:
        location = f"{side.home}/{planned.id}?melding=planlagt"
        return Reply(status=303, headers={"Location": location})
    return Reply(present.conversation_out(planned, side.owner_name), status=201)


@routes.route(
    "GET",
    "/veiledning/{relation_id}/samtaler/{conversation_id}",
    summary=N_("Veilederen: én samtale du har planlagt med legen"),
    access=SIGNED_IN,
    response=ConversationOut,
    errors=(401, 404),
    media=(HTML,),
    query=(NOTICE,),
)
def conversation_with(ctx: Context) -> ConversationOut | Reply:
    return _item(ctx, veileder_side(ctx))


@routes.route(
    "POST",
    "/veiledning/{relation_id}/samtaler/{conversation_id}/referat",
    summary=N_("Veilederen skriver referatet (på versjonen veilederen så)"),
    access=SIGNED_IN,
    body=MinutesIn,
    response=ConversationOut,
    errors=WRITE_ERRORS,
    forms=True,
    form_page=refused_form(veileder_side, "minutes"),
)
def veileder_minutes(ctx: Context) -> ConversationOut | Reply:
    return _minutes(ctx, veileder_side(ctx))


@routes.route(
    "POST",
    "/veiledning/{relation_id}/samtaler/{conversation_id}/ferdigstill",
    summary=N_("Veilederen ferdigstiller samtalen; etter det endres ingenting"),
    access=SIGNED_IN,
    body=FinaliseIn,
    response=ConversationOut,
    errors=WRITE_ERRORS,
    forms=True,
    form_page=refused_form(veileder_side, ""),
)
def finalise(ctx: Context) -> ConversationOut | Reply:
    return _finalise(ctx, veileder_side(ctx))
