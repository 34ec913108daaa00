"""Offers as the candidate meets them: Mine tilbud, a confirmation that says what an answer
does, and the answer itself with a receipt on screen and by e-mail."""

from __future__ import annotations

from ...domain.offers import state_at
from ...errors import NotFound
from ...i18n import N_, _
from ...services import my_offers as my
from ...services import offers as service
from ...services.env import Env
from ..inputs import query_param
from ..pages import page
from ..pipeline import Context
from ..presenters import answer_outcomes as outcomes
from ..presenters import offers as present_offers
from ..presenters import positions as present
from ..presenters.offers import offer_out
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.offers import HistoryEntryOut, MyOffers, OfferHistory
from ..schemas.positions import ReceiptOut

routes = Routes()


@routes.route(
    "GET",
    "/tilbud",
    summary=N_("Mine tilbud: tilbudene med svarfrist, søknadene og kvitteringene dine"),
    access=SIGNED_IN,
    response=MyOffers,
    errors=(401,),
    media=(HTML,),
)
def my_offers(ctx: Context) -> MyOffers | Reply:
    now = ctx.deps.clock.now()
    view = my.applicant_view(ctx.deps.store, who=ctx.signed_in(), now=now)
    catalog = ctx.deps.catalog
    result = present_offers.my_offers(catalog, view, now)
    if not ctx.html:
        return result
    return page(
        ctx,
        "my_offers.html",
        title=_("Mine tilbud"),
        open=[o for o in result.offers if o.state == "åpen"],
        closed=[o for o in result.offers if o.state != "åpen"],
        applications=result.applications,
        receipts=[(r, present.action_words(r)) for r in result.receipts],
        outcomes=present_offers.open_outcomes(catalog, view, now),
    )


@routes.route(
    "GET",
    "/tilbud/{offer_id}/historikk",
    summary=N_("Ett av tilbudene dine med historikken"),
    access=SIGNED_IN,
    response=OfferHistory,
    errors=(401, 404),
    media=(HTML,),
)
def offer_history(ctx: Context) -> OfferHistory | Reply:
    now = ctx.deps.clock.now()
    line, entries = my.history(
        ctx.deps.store, who=ctx.signed_in(), offer_id=ctx.params["offer_id"], now=now
    )
    offer = offer_out(ctx.deps.catalog, line.offer, line.ad, line.state, now)
    result = OfferHistory(
        offer=offer,
        history=[HistoryEntryOut(at=e.at, what=e.what, receipt=e.receipt) for e in entries],
    )
    if not ctx.html:
        return result
    return page(
        ctx,
        "offer_history.html",
        title=_("Tilbud: {place}").format(place=offer.ad.place),
        offer=offer,
        history=result.history,
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
    answer = ctx.query.get("svar", "ja")
    applications, ads = outcomes.own_records(store, offer.candidate, mine)
    if offer.ad_id not in ads:  # published ads are never deleted
        raise NotFound(code="ukjent_annonse")
    view = outcomes.outcomes_view(ctx.deps.catalog, offer, mine, applications, ads, now)
    return page(
        ctx,
        "offer_confirm.html",
        title=_("Takke ja?") if answer == "ja" else _("Takke nei?"),
        offer=offer_out(ctx.deps.catalog, offer, ads[offer.ad_id], state_at(offer, now), now),
        answer=answer,
        outcomes=view,
        sections=outcomes.sections(view, answer),
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
