"""Ads: anyone finds them; HF administrators write, publish and correct their own, and see who
applied. Every route answers JSON, and pages for browsers; forms work without JavaScript (a 303
to a page, or the form again with the mistakes next to the fields)."""

from __future__ import annotations

from typing import Any

from ...errors import InvalidInput
from ...i18n import N_, _
from ...identity import Role
from ...services import ads as service
from ...services.applications import applicants as find_applicants
from ...services.env import Env
from ...services.exports import applicants_csv
from ..inputs import id_query, query_param
from ..pages import page
from ..pipeline import Context
from ..presenters import positions as present
from ..registry import HF_ADMIN, HTML, PUBLIC, Reply, Routes
from ..schemas.positions import AdEdit, AdIn, AdList, AdOut, ApplicantList, ApplicantOut, VersionIn

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
        return page(ctx, "ads.html", **present.ad_list(ctx.deps.catalog, result, q))
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
    return page(ctx, "ad.html", status=status, headers=headers, csrf=ctx.csrf, **values)


@routes.route(
    "GET",
    "/hf",
    summary=N_("Annonsene til helseforetakene du administrerer"),
    access=HF_ADMIN,
    response=AdList,
    errors=(401, 403),
    media=(HTML,),
)
def hf_home(ctx: Context) -> AdList | Reply:
    result = _administered(ctx)
    if ctx.html:
        return _hf_page(ctx, result, {}, {})
    return result


def _administered(ctx: Context) -> AdList:
    who = ctx.signed_in()
    ads = [
        ad
        for org in sorted(who.organisations(Role.HF_ADMIN))
        for ad in ctx.deps.store.ads.by_organisation(org)
    ]
    return AdList(ads=[present.ad_out(ctx.deps.catalog, ad) for ad in ads])


def _hf_page(
    ctx: Context, ads: AdList, errors: dict[str, str], values: dict[str, Any], status: int = 200
) -> Reply:
    values = present.hf_page(ctx.deps.catalog, ctx.signed_in(), ads, errors, values)
    return page(ctx, "hf.html", status=status, csrf=ctx.csrf, **values)


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
            return _hf_page(
                ctx, _administered(ctx), error.fields, body.model_dump(mode="json"), 400
            )
        raise
    return _changed(ctx, present.ad_out(ctx.deps.catalog, ad), status=201)


@routes.route(
    "POST",
    "/ads/{ad_id}",
    summary=N_("Endre en annonse (etter publisering bare plasser og tekst; endringen registreres)"),
    access=HF_ADMIN,
    body=AdEdit,
    response=AdOut,
    errors=(400, 401, 403, 404, 409),
    forms=True,
)
def edit_ad(ctx: Context) -> AdOut | Reply:
    body: AdEdit = ctx.body
    ad = service.edit_ad(
        ctx.deps.store,
        ctx.deps.catalog,
        who=ctx.signed_in(),
        ad_id=ctx.params["ad_id"],
        content=body.content(),
        expected_version=body.version,
        now=ctx.deps.clock.now(),
    )
    return _changed(ctx, present.ad_out(ctx.deps.catalog, ad))


@routes.route(
    "POST",
    "/ads/{ad_id}/publish",
    summary=N_("Publiser en annonse"),
    access=HF_ADMIN,
    body=VersionIn,
    response=AdOut,
    errors=(400, 401, 403, 404, 409),
    forms=True,
)
def publish_ad(ctx: Context) -> AdOut | Reply:
    body: VersionIn = ctx.body
    ad = service.publish_ad(
        ctx.deps.store,
        ctx.deps.catalog,
        who=ctx.signed_in(),
        ad_id=ctx.params["ad_id"],
        expected_version=body.version,
        now=ctx.deps.clock.now(),
    )
    return _changed(ctx, present.ad_out(ctx.deps.catalog, ad))


def _changed(ctx: Context, ad: AdOut, status: int = 200) -> AdOut | Reply:
    """The changed ad as JSON, or back to the HF page for a form post."""
    if ctx.form_post:
        return Reply(status=303, headers={"Location": "/api/hf#annonse-" + ad.id})
    return Reply(ad, status=status)


@routes.route(
    "GET",
    "/ads/{ad_id}/applications",
    summary=N_("Søkerne til en annonse (også som CSV med ?format=csv)"),
    access=HF_ADMIN,
    response=ApplicantList,
    errors=(401, 403, 404),
    media=(HTML, "text/csv"),
    query=(
        query_param("format", "|csv|json", N_("forventet csv eller json"), N_("csv for Excel.")),
    ),
)
def applicants(ctx: Context) -> ApplicantList | Reply:
    ad_id = ctx.params["ad_id"]
    ad, rows = find_applicants(ctx.deps.store, who=ctx.signed_in(), ad_id=ad_id)
    if ctx.query.get("format") == "csv":
        return Reply(
            applicants_csv(rows, ad),
            content_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="sokere-{ad_id}.csv"'},
        )
    result = ApplicantList(
        ad_id=ad_id,
        applicants=[
            ApplicantOut(
                reference=a.reference,
                name=user.name if user else _("(ukjent)"),
                email=user.email if user else None,
                status=a.status,
                submitted_at=a.submitted_at,
                cover_text=a.cover_text,
            )
            for a, user in rows
        ],
    )
    if ctx.html:
        return page(
            ctx,
            "applicants.html",
            title=_("Søkere til {place}").format(place=ad.content.place),
            ad_id=ad_id,
            applicants=result.applicants,
        )
    return result
