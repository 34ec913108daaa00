"""Ads: anyone finds them; HF administrators write, publish and correct their own, and see who
applied. Every route answers JSON, and pages for browsers; forms work without JavaScript (a 303
to a page, or the form again with the mistakes next to the fields)."""

from __future__ import annotations

from ...errors import Conflict, DeadlinePassed, InvalidInput
from ...i18n import N_
from ...services import ads as service
from ...services.env import Env
from ...services.profiles import own_profile
from ..errors import status_of
from ..inputs import id_query, query_param
from ..pages import page
from ..pipeline import Context
from ..presenters import eligibility
from ..presenters import positions as present
from ..registry import HF_ADMIN, HTML, PUBLIC, Reply, Routes
from ..schemas.positions import AdEdit, AdIn, AdList, AdOut, VersionIn
from .hf import edit_again, new_ad_again, publish_again

routes = Routes()


@routes.route(
    "GET",
    "/ads",
    summary=N_("Stillinger (annonser) med filtre: periode, hf, region, reststilling"),
    access=PUBLIC,
    response=AdList,
    public_cache_seconds=60,
    media=(HTML,),
    query=(
        id_query("periode", N_("Søknadsperioden (id), f.eks. 2024-host.")),
        id_query("hf", N_("Helseforetaket (id).")),
        id_query("region", N_("Regionen (id).")),
        query_param(
            "reststilling", "|ja|nei", N_("forventet ja eller nei"), N_("Bare reststillinger?")
        ),
    ),
)
def list_ads(ctx: Context) -> AdList | Reply:
    q = ctx.query
    ads = service.find_ads(
        ctx.deps.store,
        ctx.deps.catalog,
        period_id=q.get("periode") or None,
        organisation=q.get("hf") or None,
        region=q.get("region") or None,
        reststilling={"ja": True, "nei": False}.get(q.get("reststilling", "")),
        viewer=ctx.principal,
    )
    result = AdList(ads=[present.ad_out(ctx.deps.catalog, ad) for ad in ads])
    if ctx.html:
        listed = present.ad_list(ctx.deps.catalog, result, q, ctx.deps.clock.now())
        return page(ctx, "ads.html", **listed)
    return result


@routes.route(
    "GET",
    "/ads/{ad_id}",
    summary=N_("Én stilling"),
    access=PUBLIC,
    response=AdOut,
    public_cache_seconds=60,
    errors=(404,),
    media=(HTML,),
)
def get_ad(ctx: Context) -> AdOut | Reply:
    ad = service.get_ad(ctx.deps.store, ad_id=ctx.params["ad_id"], viewer=ctx.principal)
    out = present.ad_out(ctx.deps.catalog, ad)
    if ctx.html:
        return ad_page(ctx, out, {}, "", headers={"Cache-Control": "no-store"})
    return out


def ad_page(
    ctx: Context,
    out: AdOut,
    errors: dict[str, str],
    cover_text: str,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Reply:
    """The ad's page, with the caller's own application if they have one."""
    mine = None
    if ctx.principal is not None:
        mine = ctx.deps.store.applications.get(out.id, ctx.principal.subject)
    values = present.ad_page(out, ctx.principal, mine, ctx.deps.clock.now(), errors, cover_text)
    if values["state"] == "open" and ctx.principal is not None:
        profile, results = own_profile(ctx.deps.store, ctx.deps.catalog, who=ctx.principal)
        values["checks"] = eligibility.checks(results) if profile is not None else []
    return page(ctx, "ad.html", status=status, headers=headers, csrf=ctx.csrf, **values)


@routes.route(
    "POST",
    "/ads",
    summary=N_("Lag en ny annonse (utkast)"),
    access=HF_ADMIN,
    body=AdIn,
    response=AdOut,
    status=201,
    errors=(400, 401, 403),
    idempotent=True,
    media=(HTML,),
    forms=True,
    form_page=lambda ctx, values, errors: new_ad_again(ctx, values, errors),
)
def create_ad(ctx: Context) -> AdOut | Reply:
    body: AdIn = ctx.body
    try:
        ad = service.create_ad(
            ctx.deps.store,
            ctx.deps.catalog,
            who=ctx.signed_in(),
            content=body.content(),
            env=Env(ctx.deps.clock.now()),
            idempotency_key=ctx.idempotency_key,
        )
    except InvalidInput as error:
        if ctx.form_post:
            return new_ad_again(ctx, body.model_dump(mode="json"), error.fields)
        raise
    return _changed(ctx, ad.id, "lagret", present.ad_out(ctx.deps.catalog, ad), status=201)


@routes.route(
    "POST",
    "/ads/{ad_id}",
    summary=N_("Endre en annonse (etter publisering bare plasser og tekst; endringen registreres)"),
    access=HF_ADMIN,
    body=AdEdit,
    response=AdOut,
    errors=(400, 401, 403, 404, 409),
    forms=True,
    form_page=lambda ctx, values, errors: edit_again(ctx, values, errors),
)
def edit_ad(ctx: Context) -> AdOut | Reply:
    body: AdEdit = ctx.body
    try:
        ad = service.edit_ad(
            ctx.deps.store,
            ctx.deps.catalog,
            who=ctx.signed_in(),
            ad_id=ctx.params["ad_id"],
            content=body.content(),
            expected_version=body.version,
            now=ctx.deps.clock.now(),
        )
    except (InvalidInput, Conflict) as error:
        if ctx.form_post:
            fields = error.fields or {"version": error.message}
            return edit_again(ctx, body.model_dump(mode="json"), fields, status_of(error))
        raise
    done = "lagret" if ad.status == "utkast" else "korrigert"
    return _changed(ctx, ad.id, done, present.ad_out(ctx.deps.catalog, ad))


@routes.route(
    "POST",
    "/ads/{ad_id}/publish",
    summary=N_("Publiser en annonse"),
    access=HF_ADMIN,
    body=VersionIn,
    response=AdOut,
    errors=(400, 401, 403, 404, 409),
    forms=True,
    form_page=lambda ctx, values, errors: publish_again(ctx, None, 400),
)
def publish_ad(ctx: Context) -> AdOut | Reply:
    body: VersionIn = ctx.body
    try:
        ad = service.publish_ad(
            ctx.deps.store,
            ctx.deps.catalog,
            who=ctx.signed_in(),
            ad_id=ctx.params["ad_id"],
            expected_version=body.version,
            now=ctx.deps.clock.now(),
        )
    except (Conflict, DeadlinePassed, InvalidInput) as error:
        if ctx.form_post:
            return publish_again(ctx, error, status_of(error))
        raise
    out = present.ad_out(ctx.deps.catalog, ad)
    if ctx.form_post:
        return Reply(status=303, headers={"Location": "/api/hf?melding=publisert"})
    return out


@routes.route(
    "POST",
    "/ads/{ad_id}/delete",
    summary=N_("Slett et utkast (publiserte annonser rettes, de slettes ikke)"),
    access=HF_ADMIN,
    body=VersionIn,
    errors=(400, 401, 403, 404, 409),
    forms=True,
)
def delete_ad(ctx: Context) -> Reply:
    body: VersionIn = ctx.body
    try:
        service.delete_draft(
            ctx.deps.store,
            ctx.deps.catalog,
            who=ctx.signed_in(),
            ad_id=ctx.params["ad_id"],
            expected_version=body.version,
        )
    except Conflict as error:
        if ctx.form_post:
            return edit_again(ctx, {}, {"version": error.message}, status_of(error))
        raise
    if ctx.form_post:
        return Reply(status=303, headers={"Location": "/api/hf?melding=slettet"})
    return Reply(status=204)


def _changed(ctx: Context, ad_id: str, done: str, ad: AdOut, status: int = 200) -> AdOut | Reply:
    """The changed ad as JSON, or the form again with a message, for a form post."""
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"/api/ads/{ad_id}/edit?melding={done}"})
    return Reply(ad, status=status)
