"""Signering: the learning activities sent to a supervisør, and signing or returning one with a
comment. Only the supervisør an activity was last sent to, and only while they count as one on
the LIS's portfolio, sees it (:mod:`lis1.services.activity_signing`); to anyone else it does not
exist. Forms work without JavaScript: a 303 to the activity's page, or the page again with the
comment kept and what to fix."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...errors import InvalidInput
from ...i18n import N_, _
from ...services import activity_signing as service
from ...services.activity_signing import ForSigning
from ...services.env import Env
from ...wording import long_date
from ..inputs import notice_query, notice_text
from ..pages import page
from ..pipeline import Context
from ..presenters import activities as present
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.activities import ActivityOut, CommentIn, SigningList

routes = Routes()

HOME = "/api/signering"
NOTICES = {
    "signert": N_("Aktiviteten er signert. Legen får beskjed på e-post."),
    "returnert": N_(
        "Aktiviteten er returnert. Legen får beskjed på e-post og leser kommentaren din i portalen."
    ),
}
NOTICE = notice_query(list(NOTICES))


def _out(ctx: Context, found: list[ForSigning]) -> list[ActivityOut]:
    texts, now = present.goal_texts(ctx.deps.catalog), ctx.deps.clock.now()
    return [present.activity_out(texts, f.activity, now, f.owner_name) for f in found]


@routes.route(
    "GET",
    "/signering",
    summary=N_("Læringsaktivitetene sendt til deg som supervisør: de som venter først"),
    access=SIGNED_IN,
    response=SigningList,
    errors=(401,),
    media=(HTML,),
    query=(NOTICE,),
)
def to_sign(ctx: Context) -> SigningList | Reply:
    result = SigningList(
        activities=_out(ctx, service.sent_to_me(ctx.deps.store, who=ctx.signed_in()))
    )
    if not ctx.html:
        return result
    return page(
        ctx,
        "signing.html",
        title=_("Til signering"),
        waiting=[a for a in result.activities if a.status == "sendt"],
        decided=[a for a in result.activities if a.status != "sendt"],
        notice=notice_text(ctx.query, NOTICES),
    )


@routes.route(
    "GET",
    "/signering/{activity_id}",
    summary=N_("Én læringsaktivitet sendt til deg som supervisør"),
    access=SIGNED_IN,
    response=ActivityOut,
    errors=(401, 404),
    media=(HTML,),
    query=(NOTICE,),
)
def one_to_sign(ctx: Context) -> ActivityOut | Reply:
    if not ctx.html:
        return _one(ctx)
    return _page(ctx, "", {}, {}, 200)


def _one(ctx: Context) -> ActivityOut:
    found = service.for_signing(
        ctx.deps.store, who=ctx.signed_in(), activity_id=ctx.params["activity_id"]
    )
    return _out(ctx, [found])[0]


def _page(
    ctx: Context, action: str, given: Mapping[str, Any], errors: dict[str, str], status: int
) -> Reply:
    """The activity with the forms to sign or return it; ``action`` names the form ``given``
    and ``errors`` belong to."""
    activity = _one(ctx)
    return page(
        ctx,
        "signing_item.html",
        status=status,
        title=_("{kind}, {day}").format(kind=activity.kind_name, day=long_date(activity.day)),
        activity=activity,
        action=action,
        comment=str(given.get("comment") or ""),
        errors=errors,
        csrf=ctx.csrf,
        notice=notice_text(ctx.query, NOTICES),
    )


def _decide(ctx: Context, action: str, decide: Callable[..., Any]) -> ActivityOut | Reply:
    body: CommentIn = ctx.body
    try:
        decided = decide(
            ctx.deps.store,
            ctx.deps.mailer,
            who=ctx.signed_in(),
            activity_id=ctx.params["activity_id"],
            comment=body.comment,
            env=Env(ctx.deps.clock.now()),
            origin=ctx.deps.config.public_origin,
        )
    except InvalidInput as error:
        if ctx.form_post:
            return _page(ctx, action, body.model_dump(), error.fields, 400)
        raise
    if ctx.form_post:
        done = "signert" if action == "signer" else "returnert"
        location = f"{HOME}/{ctx.params['activity_id']}?melding={done}"
        return Reply(status=303, headers={"Location": location})
    texts = present.goal_texts(ctx.deps.catalog)
    return present.activity_out(texts, decided, ctx.deps.clock.now())


@routes.route(
    "POST",
    "/signering/{activity_id}/signer",
    summary=N_("Signer en læringsaktivitet (med kommentar om du vil)"),
    access=SIGNED_IN,
    body=CommentIn,
    response=ActivityOut,
    errors=(400, 401, 404, 409),
    forms=True,
    form_page=lambda ctx, values, errors: _page(ctx, "signer", values, errors, 400),
)
def sign(ctx: Context) -> ActivityOut | Reply:
    return _decide(ctx, "signer", service.sign)


@routes.route(
    "POST",
    "/signering/{activity_id}/returner",
    summary=N_("Returner en læringsaktivitet med en kommentar om hva som skal rettes"),
    access=SIGNED_IN,
    body=CommentIn,
    response=ActivityOut,
    errors=(400, 401, 404, 409),
    forms=True,
    form_page=lambda ctx, values, errors: _page(ctx, "returner", values, errors, 400),
)
def give_back(ctx: Context) -> ActivityOut | Reply:
    return _decide(ctx, "returner", service.give_back)
