"""The applicant's profile (``/profil``): what they declare about authorisation, Norwegian and
earlier training, and what that means for each rule that reads it. The check informs and never
blocks an application. A form posted without JavaScript gets a 303 back to the page, or the
form again with what was typed and the message beside the field."""

from __future__ import annotations

from ...domain.profiles import ProfileFields
from ...i18n import N_, _
from ...services import profiles as service
from ..inputs import notice_query, notice_text
from ..pages import page
from ..pipeline import Context
from ..presenters import eligibility as present
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.profiles import ProfileIn, ProfileOut

routes = Routes()

NOTICES = {"lagret": N_("Profilen er lagret. Forklaringen under bygger på det du nå har oppgitt.")}
FORM_FIELDS = ("authorisation", "hpr", "norwegian", "earlier_training")


@routes.route(
    "GET",
    "/profil",
    summary=N_("Profilen din, og hva det du har oppgitt betyr for reglene for å søke"),
    access=SIGNED_IN,
    response=ProfileOut,
    errors=(401,),
    media=(HTML,),
    query=(notice_query(list(NOTICES)),),
)
def profile_page(ctx: Context) -> ProfileOut | Reply:
    profile, results = service.own_profile(ctx.deps.store, ctx.deps.catalog, who=ctx.signed_in())
    if not ctx.html:
        return present.profile_out(profile, results)
    return profile_again(ctx, None, {}, status=200)


def profile_again(
    ctx: Context, values: dict[str, str] | None, errors: dict[str, str], status: int = 400
) -> Reply:
    """The page with the form as stored, or with ``values`` as typed and the mistakes."""
    profile, results = service.own_profile(ctx.deps.store, ctx.deps.catalog, who=ctx.signed_in())
    typed = None if values is None else {f: values.get(f, "") for f in FORM_FIELDS}
    return page(
        ctx,
        "profile.html",
        status=status,
        title=_("Profil"),
        notice=notice_text(ctx.query, NOTICES) if status == 200 else None,
        form=present.profile_form(profile, typed),
        errors=errors,
        checks=present.checks(results),
        saved=profile is not None,
        csrf=ctx.csrf,
    )


@routes.route(
    "POST",
    "/profil",
    summary=N_("Lagre profilen din (det du oppgir om autorisasjon, norsk og tidligere tjeneste)"),
    access=SIGNED_IN,
    body=ProfileIn,
    response=ProfileOut,
    errors=(400, 401),
    media=(HTML,),
    forms=True,
    form_page=lambda ctx, values, errors: profile_again(ctx, values, errors),
)
def save_profile(ctx: Context) -> ProfileOut | Reply:
    body: ProfileIn = ctx.body
    store, who = ctx.deps.store, ctx.signed_in()
    try:
        service.save_profile(
            store,
            who=who,
            authorisation=body.authorisation,
            hpr=body.hpr,
            norwegian=body.norwegian,
            earlier_training=body.earlier_training,
            now=ctx.deps.clock.now(),
        )
    except ProfileFields as error:
        if ctx.form_post:
            typed = {k: v or "" for k, v in body.model_dump(mode="json").items()}
            return profile_again(ctx, typed, error.fields)
        raise
    if ctx.form_post:
        return Reply(status=303, headers={"Location": "/api/profil?melding=lagret"})
    profile, results = service.own_profile(store, ctx.deps.catalog, who=who)
    return present.profile_out(profile, results)
