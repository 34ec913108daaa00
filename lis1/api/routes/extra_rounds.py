"""Extra rounds on the HF's side: how many new seats the HF has in each open extra round, and
the form that places them on its ads of the period the round draws from."""

from __future__ import annotations

import re

from ...errors import DomainError, InvalidInput
from ...i18n import N_, _
from ...services import extra_rounds as service
from ..errors import status_of
from ..inputs import notice_query, notice_text
from ..pages import page
from ..pipeline import Context
from ..registry import HF_ADMIN, HTML, Reply, Routes
from ..schemas.offers import ExtraSeatsForm

routes = Routes()

NOTICES = {"fordelt": N_("De nye stillingene er lagt til på annonsene.")}


@routes.route(
    "GET",
    "/hf/ekstrarunder",
    summary=N_("Ekstrarunder: nye stillinger å fordele på annonsene fra perioden de trekker fra"),
    access=HF_ADMIN,
    errors=(401, 403),
    media=(HTML,),
    query=(notice_query(list(NOTICES)),),
)
def extra_rounds_page(ctx: Context) -> Reply:
    return _page(ctx, notice=notice_text(ctx.query, NOTICES))


def _page(
    ctx: Context,
    *,
    notice: str | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Reply:
    shares = service.open_shares(
        ctx.deps.store, ctx.deps.catalog, who=ctx.signed_in(), now=ctx.deps.clock.now()
    )
    return page(
        ctx,
        "extra_rounds.html",
        status=status,
        title=_("Ekstrarunder"),
        shares=shares,
        names={o.id: o.name for o in ctx.deps.catalog.organisations},
        notice=notice,
        errors=errors or {},
        csrf=ctx.csrf,
    )


@routes.route(
    "POST",
    "/hf/ekstrarunder/{period_id}/{organisation_id}",
    summary=N_("Legg nye stillinger fra en ekstrarunde til annonser (skjema)"),
    access=HF_ADMIN,
    body=ExtraSeatsForm,
    errors=(400, 401, 403, 404, 409),
    forms=True,
)
def place(ctx: Context) -> Reply:
    body: ExtraSeatsForm = ctx.body
    try:
        seats = _numbers(body.seats())
        service.place_seats(
            ctx.deps.store,
            ctx.deps.catalog,
            who=ctx.signed_in(),
            extra_id=ctx.params["period_id"],
            organisation=ctx.params["organisation_id"],
            seats=seats,
            now=ctx.deps.clock.now(),
        )
    except DomainError as error:
        if not ctx.form_post:
            raise
        errors = error.fields or {"seats": error.message}
        return _page(ctx, errors=errors, status=status_of(error))
    if ctx.form_post:
        return Reply(status=303, headers={"Location": "/api/hf/ekstrarunder?melding=fordelt"})
    return Reply(status=204)


def _numbers(fields: dict[str, str]) -> dict[str, int]:
    found, problems = {}, {}
    for ad_id, text in fields.items():
        if not re.fullmatch(r"[0-9a-f]{12}", ad_id):
            continue
        if text and not re.fullmatch(r"[0-9]{1,3}", text):
            problems[ad_id] = _("Skriv et helt tall fra 0.")
        elif text:
            found[ad_id] = int(text)
    if problems:
        raise InvalidInput(fields=problems)
    return found
