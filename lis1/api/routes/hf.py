"""The HF administrator's pages: the overview of the HF's ads with where each stands and how many
applied, the form for a new or changed ad, the confirmation before publishing, and the
applicants of one ad. The changes themselves are the ad routes (lis1/api/routes/ads.py), which
come back here: to the form with its mistakes, or with a message after each save."""

from __future__ import annotations

from typing import Any

from ...domain.ads import application_deadline, can_publish
from ...errors import DomainError
from ...i18n import N_, _
from ...identity import Role
from ...services import ads as service
from ...services.ad_overviews import hf_overview
from ...services.applications import applicants as find_applicants
from ...services.exports import applicants_csv
from ...services.extra_rounds import has_open_share
from ...services.profiles import explanations
from ...services.rounds import open_seats, running_words
from ...services.seat_overviews import hf_period
from ..inputs import id_query, notice_query, query_param
from ..pages import page
from ..pipeline import Context
from ..presenters import eligibility
from ..presenters import hf as present
from ..presenters.positions import ad_out, deadline_words
from ..presenters.seats import hf_rounds_out
from ..registry import HF_ADMIN, HTML, Reply, Routes
from ..schemas.positions import AdList, ApplicantList, ApplicantOut
from ..schemas.seats import HfRoundsOut

routes = Routes()

NOTICE = notice_query(list(present.NOTICES))
SORTS = {"innsendt": N_("innsendt, eldste først"), "navn": N_("navn")}


@routes.route(
    "GET",
    "/hf",
    summary=N_("Annonsene til helseforetakene du administrerer"),
    access=HF_ADMIN,
    response=AdList,
    errors=(401, 403),
    media=(HTML,),
    query=(NOTICE,),
)
def hf_home(ctx: Context) -> AdList | Reply:
    lines = hf_overview(
        ctx.deps.store, ctx.deps.catalog, who=ctx.signed_in(), now=ctx.deps.clock.now()
    )
    if ctx.html:
        return page(
            ctx,
            "hf.html",
            title=_("Annonser og søkere"),
            rows=present.overview(ctx.deps.catalog, lines),
            notice=present.notice(ctx.query),
            running=running_words(ctx.deps.catalog, ctx.deps.clock.now()),
            extra=has_open_share(ctx.deps.catalog, ctx.signed_in(), ctx.deps.clock.now()),
            csrf=ctx.csrf,
        )
    return AdList(ads=[ad_out(ctx.deps.catalog, line.ad) for line in lines])


@routes.route(
    "GET",
    "/hf/runder",
    summary=N_("Tilbudsrundene i en periode for helseforetakene du administrerer, runde for runde"),
    access=HF_ADMIN,
    response=HfRoundsOut,
    errors=(401, 403, 404),
    media=(HTML,),
    query=(id_query("periode", N_("Søknadsperioden (uten: den siste med tilbud).")),),
)
def hf_rounds(ctx: Context) -> HfRoundsOut | Reply:
    catalog = ctx.deps.catalog
    view = hf_period(
        ctx.deps.store,
        catalog,
        who=ctx.signed_in(),
        period_id=ctx.query.get("periode") or None,
        now=ctx.deps.clock.now(),
    )
    result = hf_rounds_out(catalog, view)
    if not ctx.html:
        return result
    title = _("Tilbudsrundene")
    if result.period_name:
        title = _("Tilbudsrundene: {period}").format(period=result.period_name)
    return page(ctx, "hf_rounds.html", title=title, out=result)


@routes.route(
    "GET",
    "/hf/new",
    summary=N_("Skjema for en ny annonse (fra=annonse: reststilling for ledige plasser)"),
    access=HF_ADMIN,
    errors=(401, 403, 404),
    media=(HTML,),
    query=(id_query("fra", N_("Annonsen med ledige plasser etter siste runde.")),),
)
def new_ad_form(ctx: Context) -> Reply:
    who = ctx.signed_in()
    first = min(who.organisations(Role.HF_ADMIN), default="")
    values: dict[str, Any] = {"organisation": first, "seats": 1}
    if source := ctx.query.get("fra"):
        ad = service.administered(ctx.deps.store, ctx.deps.catalog, who=who, ad_id=source)
        values = present.rest_values(ad, open_seats(ctx.deps.store, ad))
    return new_ad_again(ctx, values, {}, status=200)


def new_ad_again(
    ctx: Context, values: dict[str, Any], errors: dict[str, str], status: int = 400
) -> Reply:
    """The form for a new ad, with what was typed and the mistakes by their fields."""
    form = present.ad_form(ctx.deps.catalog, ctx.signed_in(), ctx.deps.clock.now(), values, errors)
    return page(
        ctx,
        "ad_form.html",
        status=status,
        title=_("Ny annonse"),
        action="/api/ads",
        submit=_("Lagre som utkast"),
        csrf=ctx.csrf,
        history=[],
        **form,
    )


@routes.route(
    "GET",
    "/ads/{ad_id}/edit",
    summary=N_("Skjema for å endre et utkast eller rette en publisert annonse"),
    access=HF_ADMIN,
    errors=(401, 403, 404),
    media=(HTML,),
    query=(NOTICE,),
)
def edit_ad_form(ctx: Context) -> Reply:
    ad = service.administered(
        ctx.deps.store, ctx.deps.catalog, who=ctx.signed_in(), ad_id=ctx.params["ad_id"]
    )
    return edit_again(ctx, present.ad_values(ad), {}, status=200, notice=present.notice(ctx.query))


def edit_again(
    ctx: Context,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 400,
    notice: str | None = None,
) -> Reply:
    """The form for the ad as stored, with ``values`` typed over it and the mistakes."""
    store, catalog = ctx.deps.store, ctx.deps.catalog
    ad = service.administered(store, catalog, who=ctx.signed_in(), ad_id=ctx.params["ad_id"])
    form = present.ad_form(catalog, ctx.signed_in(), ctx.deps.clock.now(), values, errors, ad)
    draft = ad.status == "utkast"
    return page(
        ctx,
        "ad_form.html",
        status=status,
        notice=notice,
        title=_("Endre utkastet") if draft else _("Rett annonsen"),
        action=f"/api/ads/{ad.id}",
        submit=_("Lagre utkastet") if draft else _("Lagre rettelsen"),
        csrf=ctx.csrf,
        history=present.corrections(store.audit.entries(service.ad_entity(ad.id))),
        **form,
    )


@routes.route(
    "GET",
    "/ads/{ad_id}/publish",
    summary=N_("Se over et utkast før det publiseres"),
    access=HF_ADMIN,
    errors=(401, 403, 404),
    media=(HTML,),
)
def publish_form(ctx: Context) -> Reply:
    return publish_again(ctx, None, status=200)


def publish_again(ctx: Context, error: DomainError | None, status: int = 409) -> Reply:
    """The confirmation page; it names why the ad cannot be published now, if it cannot."""
    catalog = ctx.deps.catalog
    ad = service.administered(
        ctx.deps.store, catalog, who=ctx.signed_in(), ad_id=ctx.params["ad_id"]
    )
    problem = error.message if error is not None else None
    if problem is None:
        try:
            can_publish(ad, catalog, ctx.deps.clock.now())
            application_deadline(ad.content, catalog)
        except DomainError as refused:
            problem = refused.message
    out = ad_out(catalog, ad)
    return page(
        ctx,
        "publish.html",
        status=status,
        title=_("Publisere «{place}»?").format(place=ad.content.place),
        ad=out,
        deadline=deadline_words(out),
        problem=problem,
        csrf=ctx.csrf,
    )


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
        query_param("sorter", "|innsendt|navn", N_("forventet innsendt eller navn"), ""),
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
    if not ctx.html:
        return result
    sort = ctx.query.get("sorter") or "innsendt"
    shown = (
        sorted(result.applicants, key=lambda a: a.name.casefold())
        if sort == "navn"
        else (result.applicants)
    )
    words = {"sendt": _("sendt"), "trukket": _("trukket, først sendt")}
    checked = explanations(ctx.deps.store, ctx.deps.catalog, (a.applicant for a, _u in rows))
    by_reference = {a.reference: checked[a.applicant] for a, _u in rows if a.status == "sendt"}
    out = ad_out(ctx.deps.catalog, ad)
    return page(
        ctx,
        "applicants.html",
        title=_("Søkere til {place}").format(place=ad.content.place),
        ad=out,
        deadline=deadline_words(out),
        standing=sum(a.status == "sendt" for a in shown),
        withdrawn=sum(a.status == "trukket" for a in shown),
        applicants=[
            {
                **a.model_dump(),
                "status_words": words[a.status],
                **eligibility.standing(by_reference, a.reference),
            }
            for a in shown
        ],
        sort=sort,
        sorts=[(key, _(text)) for key, text in SORTS.items()],
    )
