"""Offers as the candidate meets them: Mine tilbud, a confirmation that says what an answer
does, and the answer itself with a receipt on screen and by e-mail."""

from __future__ import annotations

from ...domain.offers import Offer, OfferState, state_at
from ...errors import NotFound
from ...i18n import N_, _
from ...services import offers as service
from ...services.env import Env
from ..inputs import query_param
from ..pages import page
from ..pipeline import Context
from ..presenters import positions as present
from ..presenters.offers import offer_out
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.offers import MyOffers, OfferOut
from ..schemas.positions import ReceiptOut

routes = Routes()


@routes.route(
    "GET",
    "/tilbud",
    summary=N_("Tilbudene dine, med svarfrist"),
    access=SIGNED_IN,
    response=MyOffers,
    errors=(401,),
    media=(HTML,),
)
def my_offers(ctx: Context) -> MyOffers | Reply:
    now = ctx.deps.clock.now()
    rows = service.my_offers(ctx.deps.store, who=ctx.signed_in(), now=now)
    result = MyOffers(offers=[_out(ctx, offer, state) for offer, state in rows])
    if not ctx.html:
        return result
    return page(
        ctx,
        "my_offers.html",
        title=_("Mine tilbud"),
        open=[o for o in result.offers if o.state == "åpen"],
        closed=[o for o in result.offers if o.state != "åpen"],
    )


@routes.route(
    "GET",
    "/tilbud/{offer_id}/svar",
    summary=N_("Bekreft svaret: hva skjer om du takker ja eller nei"),
    access=SIGNED_IN,
    errors=(400, 401, 404, 409),
    media=(HTML,),
    query=(query_param("svar", "ja|nei", N_("forventet ja eller nei")),),
)
def confirm(ctx: Context) -> Reply:
    store, now = ctx.deps.store, ctx.deps.clock.now()
    mine = store.offers.by_candidate(ctx.signed_in().subject)
    offer = service.find_offer(mine, ctx.params["offer_id"])
    state = state_at(offer, now)
    answer = ctx.query.get("svar", "ja")
    closing = service.declined_by_accepting(mine, offer, now) if answer == "ja" else []
    return page(
        ctx,
        "offer_confirm.html",
        title=_("Takke ja?") if answer == "ja" else _("Takke nei?"),
        offer=_out(ctx, offer, state),
        state=state,
        answer=answer,
        closing=[_out(ctx, o, "åpen") for o in closing],
        csrf=ctx.csrf,
    )


def _answer(ctx: Context, accept: bool) -> ReceiptOut | Reply:
    use_case = service.accept_offer if accept else service.decline_offer
    receipt = use_case(
        ctx.deps.store,
        ctx.deps.catalog,
        ctx.deps.mailer,
        who=ctx.signed_in(),
        offer_id=ctx.params["offer_id"],
        env=Env(ctx.deps.clock.now()),
        idempotency_key=ctx.idempotency_key,
    )
    return present.receipt_reply(receipt, ctx.form_post)


@routes.route(
    "POST",
    "/tilbud/{offer_id}/accept",
    summary=N_("Takk ja til et tilbud (dine andre åpne tilbud i perioden avslås)"),
    access=SIGNED_IN,
    response=ReceiptOut,
    errors=(401, 404, 409),
    idempotent=True,
    forms=True,
)
def accept(ctx: Context) -> ReceiptOut | Reply:
    return _answer(ctx, accept=True)


@routes.route(
    "POST",
    "/tilbud/{offer_id}/decline",
    summary=N_("Takk nei til et tilbud"),
    access=SIGNED_IN,
    response=ReceiptOut,
    errors=(401, 404, 409),
    idempotent=True,
    forms=True,
)
def decline(ctx: Context) -> ReceiptOut | Reply:
    return _answer(ctx, accept=False)


def _out(ctx: Context, offer: Offer, state: OfferState) -> OfferOut:
    ad = ctx.deps.store.ads.get(offer.ad_id)
    if ad is None:  # published ads are never deleted
        raise NotFound(code="ukjent_annonse")
    return offer_out(ctx.deps.catalog, offer, ad, state)
