"""Applications: applicants apply and withdraw, each change with a receipt on screen and by
mail, and see their own applications and receipts."""

from __future__ import annotations

from ...errors import Conflict, DeadlinePassed, Forbidden, InvalidInput
from ...i18n import N_, _
from ...services import applications as service
from ...services.ads import get_ad
from ...services.env import Env
from ..errors import status_of
from ..pages import page
from ..pipeline import Context
from ..presenters import positions as present
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.positions import ApplyIn, MyApplication, MyApplications, ReceiptOut
from .ads import ad_page

routes = Routes()


@routes.route(
    "POST",
    "/ads/{ad_id}/applications",
    summary=N_("Søk på en stilling (én søknad per stilling)"),
    access=SIGNED_IN,
    body=ApplyIn,
    response=ReceiptOut,
    status=201,
    errors=(400, 401, 403, 404, 409),
    idempotent=True,
    media=(HTML,),
    forms=True,
    form_page=lambda ctx, values, errors: _ad_again(
        ctx, values.get("cover_text", ""), {"cover_text": " ".join(errors.values())}, 400
    ),
)
def apply(ctx: Context) -> ReceiptOut | Reply:
    body: ApplyIn = ctx.body
    try:
        receipt = service.apply(
            ctx.deps.store,
            ctx.deps.catalog,
            ctx.deps.mailer,
            who=ctx.signed_in(),
            ad_id=ctx.params["ad_id"],
            cover_text=body.cover_text,
            env=Env(ctx.deps.clock.now()),
            idempotency_key=ctx.idempotency_key,
        )
    except (Conflict, DeadlinePassed, InvalidInput, Forbidden) as error:
        if ctx.form_post:
            reason = {"cover_text": error.fields.get("cover_text", error.message)}
            return _ad_again(ctx, body.cover_text, reason, status_of(error))
        raise
    return present.receipt_reply(receipt, ctx.form_post, status=201)


def _ad_again(ctx: Context, cover_text: str, errors: dict[str, str], status: int) -> Reply:
    """The ad page again, with what was typed and the reason next to the form (forms without
    JavaScript)."""
    ad = get_ad(ctx.deps.store, ad_id=ctx.params["ad_id"], viewer=ctx.principal)
    out = present.ad_out(ctx.deps.catalog, ad)
    return ad_page(ctx, out, errors, cover_text, status=status)


@routes.route(
    "POST",
    "/ads/{ad_id}/applications/withdraw",
    summary=N_("Trekk søknaden din før fristen"),
    access=SIGNED_IN,
    response=ReceiptOut,
    errors=(401, 403, 404, 409),
    idempotent=True,
    forms=True,
)
def withdraw(ctx: Context) -> ReceiptOut | Reply:
    receipt = service.withdraw(
        ctx.deps.store,
        ctx.deps.catalog,
        ctx.deps.mailer,
        who=ctx.signed_in(),
        ad_id=ctx.params["ad_id"],
        env=Env(ctx.deps.clock.now()),
        idempotency_key=ctx.idempotency_key,
    )
    return present.receipt_reply(receipt, ctx.form_post)


@routes.route(
    "GET",
    "/applications",
    summary=N_("Søknadene dine"),
    access=SIGNED_IN,
    response=MyApplications,
    errors=(401,),
    media=(HTML,),
)
def my_applications(ctx: Context) -> MyApplications | Reply:
    rows = service.my_applications(ctx.deps.store, who=ctx.signed_in())
    result = MyApplications(
        applications=[
            MyApplication(
                ad=present.ad_out(ctx.deps.catalog, ad),
                status=a.status,
                reference=a.reference,
                submitted_at=a.submitted_at,
                changed_at=a.changed_at,
            )
            for a, ad in rows
        ]
    )
    if ctx.html:
        return page(
            ctx,
            "my_applications.html",
            title=_("Mine søknader"),
            rows=present.my_applications(result, ctx.deps.clock.now()),
            csrf=ctx.csrf,
        )
    return result


@routes.route(
    "GET",
    "/receipts/{reference}",
    summary=N_("En kvittering (bare din egen)"),
    access=SIGNED_IN,
    response=ReceiptOut,
    errors=(401, 404),
    media=(HTML,),
)
def receipt(ctx: Context) -> ReceiptOut | Reply:
    found = present.receipt_out(
        service.receipt_for(ctx.deps.store, who=ctx.signed_in(), reference=ctx.params["reference"])
    )
    if ctx.html:
        return page(
            ctx,
            "receipt.html",
            title=_("Kvittering"),
            receipt=found,
            action=present.action_words(found),
        )
    return found
