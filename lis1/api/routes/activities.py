"""The LIS's learning activities: the list, a new one, one activity with its form while it can
be corrected, recalling one that waits; and the list as a confirmed leder or approver, or the
veileder, reads it from Veiledning. Forms work without JavaScript: a 303 to the activity's
page, or the form again with each mistake by its field and everything typed kept. Who may do
what is the services' rule (:mod:`lis1.services.activities`); to anyone else an activity does
not exist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...domain.portfolio.activities import Activity
from ...errors import DomainError, InvalidInput
from ...i18n import N_, _
from ...oslo import oslo_today
from ...services import activities as service
from ...services import portfolios
from ...services.activity_input import ActivityIn
from ...services.env import Env
from ...wording import long_date
from ..errors import status_of
from ..inputs import notice_query, notice_text
from ..pages import page
from ..pipeline import Context
from ..presenters import activities as present
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.activities import ActivityEdit, ActivityList, ActivityOut
from ..schemas.activities import ActivityIn as ActivityBody

routes = Routes()

HOME = "/api/portefolje/aktiviteter"
NOTICES = {
    "lagret": N_("Utkastet er lagret. Send det til signering når du er klar."),
    "sendt": N_("Aktiviteten er sendt til signering. Supervisøren får beskjed på e-post."),
    "trukket": N_("Aktiviteten er trukket tilbake og er et utkast igjen."),
}
NOTICE = notice_query(list(NOTICES))


def _given(body: ActivityBody) -> ActivityIn:
    return ActivityIn(body.kind, body.day, body.description, tuple(body.goals))


def _out(ctx: Context, activity: Activity) -> ActivityOut:
    return _listed(ctx, [activity])[0]


def _listed(ctx: Context, activities: list[Activity]) -> list[ActivityOut]:
    texts, now = present.goal_texts(ctx.deps.catalog), ctx.deps.clock.now()
    return [present.activity_out(texts, activity, now) for activity in activities]


def _done(ctx: Context, activity: Activity, status: int = 200) -> ActivityOut | Reply:
    """JSON: the activity. A form: a 303 to its page, saying what happened."""
    if ctx.form_post:
        done = "sendt" if activity.status == "sendt" else "lagret"
        return Reply(status=303, headers={"Location": f"{HOME}/{activity.id}?melding={done}"})
    return Reply(_out(ctx, activity), status=status)


@routes.route(
    "GET",
    "/portefolje/aktiviteter",
    summary=N_("Læringsaktivitetene dine, etter status"),
    access=SIGNED_IN,
    response=ActivityList,
    errors=(401,),
    media=(HTML,),
    query=(NOTICE,),
)
def my_activities(ctx: Context) -> ActivityList | Reply:
    found = service.mine(ctx.deps.store, who=ctx.signed_in())
    result = ActivityList(activities=_listed(ctx, found))
    if not ctx.html:
        return result
    return page(
        ctx,
        "activities.html",
        title=_("Læringsaktiviteter"),
        sections=present.by_status(result.activities),
        notice=notice_text(ctx.query, NOTICES),
    )


@routes.route(
    "GET",
    "/portefolje/aktiviteter/ny",
    summary=N_("Skjema for en ny læringsaktivitet"),
    access=SIGNED_IN,
    errors=(401, 404),
    media=(HTML,),
)
def new_activity(ctx: Context) -> Reply:
    return _form_page(ctx, None, {}, {}, 200)


def _form_page(
    ctx: Context,
    activity: Activity | None,
    given: Mapping[str, Any],
    errors: dict[str, str],
    status: int,
) -> Reply:
    """The form of a new activity, or the page of ``activity`` with its form while it can be
    corrected; ``given`` is what was typed (kept on a mistake)."""
    store, catalog, now = ctx.deps.store, ctx.deps.catalog, ctx.deps.clock.now()
    who = ctx.signed_in()
    editable = activity is None or activity.status in ("utkast", "returnert")
    if given or activity is None:
        values, chosen = present.form_values(given)
    else:
        values, chosen = present.activity_values(activity)
    form: dict[str, Any] = {}
    if editable:
        portfolio = portfolios.own(store, who=who)
        supervisors = service.counting_supervisors(store.portfolios.relations(who.subject))
        form = {
            "kinds": present.kind_options(),
            "groups": present.goal_groups(portfolios.goals_now(catalog, portfolio, now), chosen),
            "supervisors": present.supervisor_options(supervisors),
            "today": oslo_today(now).isoformat(),
            "earliest": portfolios.first_clinical_day(catalog).isoformat(),
        }
    shown = _out(ctx, activity) if activity is not None else None
    title = (
        _("Ny læringsaktivitet")
        if shown is None
        else _("{kind}, {day}").format(kind=shown.kind_name, day=long_date(shown.day))
    )
    return page(
        ctx,
        "activities_item.html" if activity is not None else "activities_new.html",
        status=status,
        title=title,
        activity=shown,
        form=form,
        values=values,
        errors=errors,
        csrf=ctx.csrf,
        notice=notice_text(ctx.query, NOTICES) if activity is not None else None,
    )


@routes.route(
    "POST",
    "/portefolje/aktiviteter",
    summary=N_("Registrer en læringsaktivitet (utkast, eller send den til en supervisør)"),
    access=SIGNED_IN,
    body=ActivityBody,
    response=ActivityOut,
    status=201,
    errors=(400, 401, 404, 409),
    idempotent=True,
    media=(HTML,),
    forms=True,
    form_page=lambda ctx, values, errors: _form_page(ctx, None, values, errors, 400),
)
def register(ctx: Context) -> ActivityOut | Reply:
    body: ActivityBody = ctx.body
    try:
        activity = service.register(
            ctx.deps.store,
            ctx.deps.catalog,
            ctx.deps.mailer,
            who=ctx.signed_in(),
            given=_given(body),
            send_to=body.send_to(),
            env=Env(ctx.deps.clock.now()),
            origin=ctx.deps.config.public_origin,
            idempotency_key=ctx.idempotency_key,
        )
    except InvalidInput as error:
        if ctx.form_post:
            return _form_page(ctx, None, body.model_dump(), error.fields, 400)
        raise
    return _done(ctx, activity, status=201)


@routes.route(
    "GET",
    "/portefolje/aktiviteter/{activity_id}",
    summary=N_("Én av læringsaktivitetene dine (med skjema mens den kan rettes)"),
    access=SIGNED_IN,
    response=ActivityOut,
    errors=(401, 404),
    media=(HTML,),
    query=(NOTICE,),
)
def my_activity(ctx: Context) -> ActivityOut | Reply:
    who = ctx.signed_in()
    activity = service.own(ctx.deps.store, who=who, activity_id=ctx.params["activity_id"])
    if not ctx.html:
        return _out(ctx, activity)
    return _form_page(ctx, activity, {}, {}, 200)


def _edit_again(
    ctx: Context, given: Mapping[str, Any], errors: dict[str, str], status: int
) -> Reply:
    who = ctx.signed_in()
    activity = service.own(ctx.deps.store, who=who, activity_id=ctx.params["activity_id"])
    return _form_page(ctx, activity, given, errors, status)


@routes.route(
    "POST",
    "/portefolje/aktiviteter/{activity_id}",
    summary=N_("Rett et utkast eller en returnert aktivitet, og send den om du vil"),
    access=SIGNED_IN,
    body=ActivityEdit,
    response=ActivityOut,
    errors=(400, 401, 404, 409),
    media=(HTML,),
    forms=True,
    form_page=lambda ctx, values, errors: _edit_again(ctx, values, errors, 400),
)
def edit(ctx: Context) -> ActivityOut | Reply:
    body: ActivityEdit = ctx.body
    try:
        activity = service.edit(
            ctx.deps.store,
            ctx.deps.catalog,
            ctx.deps.mailer,
            who=ctx.signed_in(),
            activity_id=ctx.params["activity_id"],
            version=body.version,
            given=_given(body),
            send_to=body.send_to(),
            env=Env(ctx.deps.clock.now()),
            origin=ctx.deps.config.public_origin,
        )
    except DomainError as error:
        if ctx.form_post and status_of(error) in (400, 409):
            fields = error.fields or {"version": error.message}
            return _edit_again(ctx, body.model_dump(), fields, status_of(error))
        raise
    return _done(ctx, activity)


@routes.route(
    "POST",
    "/portefolje/aktiviteter/{activity_id}/trekk",
    summary=N_("Trekk tilbake en aktivitet som venter på signatur (den blir et utkast igjen)"),
    access=SIGNED_IN,
    response=ActivityOut,
    errors=(401, 404, 409),
    forms=True,
)
def recall(ctx: Context) -> ActivityOut | Reply:
    activity = service.recall(
        ctx.deps.store,
        who=ctx.signed_in(),
        activity_id=ctx.params["activity_id"],
        now=ctx.deps.clock.now(),
    )
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"{HOME}/{activity.id}?melding=trukket"})
    return _out(ctx, activity)


@routes.route(
    "GET",
    "/veiledning/{relation_id}/aktiviteter",
    summary=N_(
        "Læringsaktivitetene til en lege du er bekreftet leder, godkjenner eller veileder for"
    ),
    access=SIGNED_IN,
    response=ActivityList,
    errors=(401, 404),
    media=(HTML,),
)
def activities_of(ctx: Context) -> ActivityList | Reply:
    relation_id = ctx.params["relation_id"]
    readable, found = service.of_relation(
        ctx.deps.store, who=ctx.signed_in(), relation_id=relation_id
    )
    result = ActivityList(activities=_listed(ctx, found))
    if not ctx.html:
        return result
    return page(
        ctx,
        "activities_of.html",
        title=_("Læringsaktivitetene til {name}").format(name=readable.portfolio.owner_name),
        sections=present.by_status(result.activities),
        back=f"/api/veiledning/{relation_id}",
    )
