"""Bekreftelse på gjennomført tjenestetid: the employer's administrators (HF or kommune) fill in
the template for one employment of a LIS there and get the PDF; the LIS reads and downloads
their own. The fields are the editors' template (``data/templates/``), as the page says; the
rules are :mod:`lis1.services.service_confirmations`."""

from __future__ import annotations

from typing import Any

from ...domain.portfolio.records import ServiceConfirmation
from ...errors import DomainError
from ...i18n import N_, _
from ...services import service_confirmations as service
from ...services.env import Env
from ...services.service_confirmations import Employed
from ..errors import status_of
from ..inputs import notice_query, notice_text, query_param
from ..pages import page
from ..pipeline import Context
from ..presenters import confirmations as present
from ..registry import EMPLOYER_ADMIN, HTML, SIGNED_IN, Reply, Routes
from ..schemas.confirmations import (
    ConfirmationFormOut,
    ConfirmationIn,
    ConfirmationOut,
    EmployedListOut,
)

routes = Routes()

HOME = "/api/arbeidsgiver/bekreftelser"
ADMIN = EMPLOYER_ADMIN
NOTICES = {"laget": N_("Bekreftelsen er laget og lagt i legens portefølje.")}
FORMAT = query_param("format", "|pdf|json", N_("forventet pdf eller json"), N_("pdf for utskrift."))
PDF = "application/pdf"


def _shown(ctx: Context, seen: Employed, confirmation: ServiceConfirmation) -> Any:
    out = present.confirmation_out(ctx.deps.catalog, seen, confirmation)
    if ctx.query.get("format") == "pdf":
        from ...documents.pdf import render_pdf

        document = present.confirmation_document(ctx.deps.catalog, seen, confirmation)
        name = f"bekreftelse-{confirmation.at:%Y-%m-%d}-{confirmation.id}.pdf"
        return Reply(
            render_pdf(document),
            content_type=PDF,
            headers={"Content-Disposition": f'inline; filename="{name}"'},
        )
    if not ctx.html or ctx.query.get("format") == "json":
        return out
    return page(
        ctx,
        "confirmation.html",
        title=_("Bekreftelse på gjennomført tjenestetid"),
        result=out,
        notice=notice_text(ctx.query, NOTICES),
    )


@routes.route(
    "GET",
    "/arbeidsgiver/bekreftelser",
    summary=N_("Leger med ansettelse hos arbeidsgiveren din, og bekreftelsene på tjenestetid"),
    access=ADMIN,
    response=EmployedListOut,
    errors=(401, 403),
    media=(HTML,),
)
def employed(ctx: Context) -> EmployedListOut | Reply:
    found = service.employed(ctx.deps.store, who=ctx.signed_in())
    result = EmployedListOut(employed=[present.employed_out(ctx.deps.catalog, e) for e in found])
    if not ctx.html:
        return result
    return page(ctx, "confirmations.html", title=_("Bekreftelse på tjenestetid"), result=result)


def _form(
    ctx: Context,
    seen: Employed,
    given: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
    problem: str | None = None,
) -> Reply:
    used = service.template(ctx.deps.catalog)
    return page(
        ctx,
        "confirmation_form.html",
        status=status,
        title=_("Bekreftelse for {name}").format(name=seen.portfolio.owner_name),
        employed=present.employed_out(ctx.deps.catalog, seen),
        form_template=used,
        template_version=f"{used.id}@{used.updated}",
        given=given,
        errors=errors or {},
        problem=problem,
        csrf=ctx.csrf,
    )


@routes.route(
    "GET",
    "/arbeidsgiver/bekreftelser/{employment_id}",
    summary=N_("Skjemaet for bekreftelse på tjenestetid for én ansettelse, forhåndsutfylt"),
    access=ADMIN,
    response=ConfirmationFormOut,
    errors=(401, 403, 404),
    media=(HTML,),
)
def form(ctx: Context) -> ConfirmationFormOut | Reply:
    who, employment_id = ctx.signed_in(), ctx.params["employment_id"]
    seen = service.one(ctx.deps.store, who=who, employment_id=employment_id)
    given = service.prefilled(ctx.deps.catalog, seen, ctx.deps.clock.now())
    if not ctx.html:
        return present.form_out(ctx.deps.catalog, seen, given)
    return _form(ctx, seen, given)


@routes.route(
    "POST",
    "/arbeidsgiver/bekreftelser/{employment_id}",
    summary=N_("Lag bekreftelsen på tjenestetid; den legges i legens portefølje"),
    access=ADMIN,
    body=ConfirmationIn,
    response=ConfirmationOut,
    status=201,
    errors=(400, 401, 403, 404, 409),
    forms=True,
)
def make(ctx: Context) -> Any:
    body: ConfirmationIn = ctx.body
    who, employment_id = ctx.signed_in(), ctx.params["employment_id"]
    given = body.values()
    try:
        made = service.confirm(
            ctx.deps.store,
            ctx.deps.catalog,
            who=who,
            employment_id=employment_id,
            given=given,
            env=Env(ctx.deps.clock.now()),
            template_seen=body.template,
        )
    except DomainError as error:
        if ctx.form_post and status_of(error) in (400, 409):
            seen = service.one(ctx.deps.store, who=who, employment_id=employment_id)
            if status_of(error) == 409:  # a changed template: its fields, filled in afresh
                fresh = service.prefilled(ctx.deps.catalog, seen, ctx.deps.clock.now())
                return _form(ctx, seen, fresh, problem=error.message, status=409)
            return _form(ctx, seen, given, error.fields, status=400)
        raise
    where = f"{HOME}/{employment_id}/{made.id}"
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"{where}?melding=laget"})
    seen, confirmation = service.for_admin(
        ctx.deps.store, who=who, employment_id=employment_id, confirmation_id=made.id
    )
    return present.confirmation_out(ctx.deps.catalog, seen, confirmation)


@routes.route(
    "GET",
    "/arbeidsgiver/bekreftelser/{employment_id}/{confirmation_id}",
    summary=N_("En bekreftelse på tjenestetid (også som PDF med ?format=pdf)"),
    access=ADMIN,
    response=ConfirmationOut,
    errors=(401, 403, 404),
    media=(HTML, PDF),
    query=(FORMAT, notice_query(list(NOTICES))),
)
def admin_view(ctx: Context) -> Any:
    seen, confirmation = service.for_admin(
        ctx.deps.store,
        who=ctx.signed_in(),
        employment_id=ctx.params["employment_id"],
        confirmation_id=ctx.params["confirmation_id"],
    )
    return _shown(ctx, seen, confirmation)


@routes.route(
    "GET",
    "/portefolje/bekreftelser/{confirmation_id}",
    summary=N_("En bekreftelse på tjenestetid i porteføljen din (også som PDF med ?format=pdf)"),
    access=SIGNED_IN,
    response=ConfirmationOut,
    errors=(401, 404),
    media=(HTML, PDF),
    query=(FORMAT,),
)
def own_view(ctx: Context) -> Any:
    seen, confirmation = service.own(
        ctx.deps.store, who=ctx.signed_in(), confirmation_id=ctx.params["confirmation_id"]
    )
    return _shown(ctx, seen, confirmation)
