"""The HF's side of the offer rounds: the ranked list of an ad (numbers on a page, a pasted
CSV, or JSON), the ad's offers with merking, release and take-back, and starting the day's round
for the HF's own ads."""

from __future__ import annotations

import re

from ...domain.ranking import REFERENCE, RankedList, parse_csv
from ...errors import DomainError, InvalidInput
from ...i18n import N_, _
from ...identity import Role
from ...services import offers as offer_service
from ...services.applications import applicants
from ...services.exports import offers_csv
from ...services.rankings import ranking_of, save_ranking
from ...services.rounds import after_last_round, run_rounds
from ...services.seat_overviews import ad_seats
from ..errors import status_of
from ..inputs import notice_query, notice_text, query_param
from ..pages import page
from ..pipeline import Context
from ..presenters import seats as seat_values
from ..registry import HF_ADMIN, HTML, Reply, Routes
from ..schemas.offers import (
    HfOfferChangeIn,
    RankingForm,
    RankingIn,
    RankingOut,
)
from ..schemas.seats import HfOffersWithSeats

routes = Routes()

NOTICES = {
    "lagret": N_("Innstillingslisten er lagret."),
    "ansatt": N_("Kandidaten er merket som ansatt."),
    "frigitt": N_("Kandidaten er frigitt. Plassen går til neste på listen i neste runde."),
    "trukket_tilbake": N_("Tilbudet er trukket tilbake. Kandidaten får beskjed."),
}
NOTICE = notice_query(list(NOTICES))
CHANGES = {"ansatt": "ansatt", "frigi": "frigitt", "trekk": "trukket_tilbake"}


@routes.route(
    "GET",
    "/ads/{ad_id}/innstilling",
    summary=N_("Innstillingslisten til en annonse"),
    access=HF_ADMIN,
    response=RankingOut,
    errors=(401, 403, 404, 409),
    media=(HTML,),
    query=(NOTICE,),
)
def ranking_page(ctx: Context) -> RankingOut | Reply:
    return _ranking(ctx, notice=_notice(ctx))


def _ranking(
    ctx: Context,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> RankingOut | Reply:
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    ranking = ranking_of(ctx.deps.store, ctx.deps.catalog, who=who, ad_id=ctx.params["ad_id"])
    out = RankingOut(
        ad_id=ranking.ad.id,
        references=list(ranking.ranked.references),
        version=ranking.ranked.version,
        locked=ranking.locked(now),
    )
    if not ctx.html:
        return out
    _ad, people = applicants(ctx.deps.store, who=who, ad_id=ranking.ad.id)
    names = {a.reference: (user.name if user else a.applicant) for a, user in people}
    places = {r: str(n) for n, r in enumerate(ranking.ranked.references, start=1)}
    rows = [
        {
            "reference": r,
            "name": names.get(r, r),
            "place": (typed or places).get(r, ""),
            "fixed": out.locked and r in places,
        }
        for r in [*ranking.ranked.references, *(a.reference for a in ranking.unranked())]
    ]
    return page(
        ctx,
        "ranking.html",
        status=status,
        title=_("Innstillingsliste: {place}").format(place=ranking.ad.content.place),
        ad=ranking.ad,
        rows=rows,
        out=out,
        errors=errors or {},
        notice=notice,
        csrf=ctx.csrf,
    )


@routes.route(
    "POST",
    "/ads/{ad_id}/innstilling",
    summary=N_("Lagre innstillingslisten (skjema: plassnummer eller CSV)"),
    access=HF_ADMIN,
    body=RankingForm,
    errors=(400, 401, 403, 404, 409, 413),
    forms=True,
)
def save_form(ctx: Context) -> RankingOut | Reply:
    body: RankingForm = ctx.body
    places = {k: v for k, v in body.places().items() if REFERENCE.fullmatch(k)}
    try:
        references = parse_csv(body.csv) if body.csv.strip() else _in_order(places)
        _save(ctx, references, body.version)
    except DomainError as error:
        if not ctx.form_post:
            raise
        errors = error.fields or {"liste": error.message}
        return _ranking(ctx, errors=errors, typed=places, status=status_of(error))
    return _back(ctx, f"/api/ads/{ctx.params['ad_id']}/innstilling", "lagret")


@routes.route(
    "PUT",
    "/ads/{ad_id}/ranking",
    summary=N_("Erstatt innstillingslisten (søknadsreferanser i rekkefølge)"),
    access=HF_ADMIN,
    body=RankingIn,
    response=RankingOut,
    errors=(400, 401, 403, 404, 409),
)
def save_json(ctx: Context) -> RankingOut:
    body: RankingIn = ctx.body
    saved, locked = _save(ctx, [r.strip().upper() for r in body.references], body.version)
    return RankingOut(
        ad_id=saved.ad_id, references=list(saved.references), version=saved.version, locked=locked
    )


def _save(ctx: Context, references: list[str], version: int) -> tuple[RankedList, bool]:
    return save_ranking(
        ctx.deps.store,
        ctx.deps.catalog,
        who=ctx.signed_in(),
        ad_id=ctx.params["ad_id"],
        references=references,
        expected_version=version,
        now=ctx.deps.clock.now(),
    )


def _in_order(places: dict[str, str]) -> list[str]:
    """References by their place numbers (blank: not on the list); ties keep the page's order."""
    problems, numbered = {}, []
    for index, (reference, text) in enumerate(places.items()):
        if not text:
            continue
        if not re.fullmatch(r"[0-9]{1,4}", text) or int(text) < 1:
            problems[reference] = _("Skriv et helt tall fra 1, eller la feltet stå tomt.")
            continue
        numbered.append((int(text), index, reference))
    if problems:
        raise InvalidInput(fields=problems)
    return [reference for _n, _i, reference in sorted(numbered)]


@routes.route(
    "GET",
    "/ads/{ad_id}/tilbud",
    summary=N_("Tilbudene på en annonse: merking, frigiving og tilbaketrekking (?format=csv)"),
    access=HF_ADMIN,
    response=HfOffersWithSeats,
    errors=(401, 403, 404, 409),
    media=(HTML, "text/csv"),
    query=(NOTICE, query_param("format", "|csv", N_("forventet csv"), N_("csv for Excel."))),
)
def offers_page(ctx: Context) -> HfOffersWithSeats | Reply:
    who, now, store, catalog = (
        ctx.signed_in(),
        ctx.deps.clock.now(),
        ctx.deps.store,
        ctx.deps.catalog,
    )
    ranking = ranking_of(store, catalog, who=who, ad_id=ctx.params["ad_id"])
    ad = ranking.ad
    offers = store.offers.by_ad(ad.content.period_id or "", ad.id)
    names = {}
    for candidate in dict.fromkeys(o.candidate for o in offers):
        user = store.users.get(candidate)
        names[candidate] = user.name if user else candidate
    if ctx.query.get("format") == "csv":
        return Reply(
            offers_csv(((o, names.get(o.candidate, "")) for o in offers), now),
            content_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="tilbud-{ad.id}.csv"'},
        )
    view = ad_seats(store, catalog, ranking=ranking, own=offers, now=now)
    result = HfOffersWithSeats(
        ad_id=ad.id,
        seats=ad.content.seats,
        holding=view.standing.filled + view.standing.waiting,
        taken=view.standing.filled,
        offers=seat_values.offer_rows(catalog, offers, names, now),
        overview=seat_values.ad_seats_out(catalog, view),
    )
    if not ctx.html:
        return result
    return page(
        ctx,
        "hf_offers.html",
        title=_("Tilbud: {place}").format(place=ad.content.place),
        ad=ad,
        rows=result.offers,
        seats=result.overview,
        unranked=len(ranking.unranked()),
        now=now,
        rest=view.standing.open if after_last_round(catalog, ad, now) else 0,
        notice=_notice(ctx),
        csrf=ctx.csrf,
    )


@routes.route(
    "POST",
    "/ads/{ad_id}/tilbud/{offer_id}/{change}",
    summary=N_("Merk som ansatt, frigi eller trekk tilbake et tilbud (med begrunnelse)"),
    access=HF_ADMIN,
    body=HfOfferChangeIn,
    errors=(400, 401, 403, 404, 409),
    forms=True,
)
def change_offer(ctx: Context) -> Reply:
    body: HfOfferChangeIn = ctx.body
    ad_id = ctx.params["ad_id"]
    changed = offer_service.hf_change(
        ctx.deps.store,
        ctx.deps.catalog,
        ctx.deps.mailer,
        who=ctx.signed_in(),
        ad_id=ad_id,
        offer_id=ctx.params["offer_id"],
        change=CHANGES[ctx.params["change"]],
        reason=body.reason,
        now=ctx.deps.clock.now(),
    )
    return _back(ctx, f"/api/ads/{ad_id}/tilbud", changed.state)


@routes.route(
    "POST",
    "/hf/runder/start",
    summary=N_("Kjør dagens tilbudsrunde for annonsene til helseforetakene du administrerer"),
    access=HF_ADMIN,
    errors=(401, 403),
    forms=True,
)
def start_round(ctx: Context) -> Reply:
    who = ctx.signed_in()
    issued = 0
    for organisation in sorted(who.organisations(Role.HF_ADMIN)):
        report = run_rounds(
            ctx.deps.store,
            ctx.deps.catalog,
            ctx.deps.mailer,
            now=ctx.deps.clock.now(),
            origin=ctx.deps.config.public_origin,
            organisation=organisation,
        )
        issued += len(report.issued)
    if ctx.form_post:
        return Reply(status=303, headers={"Location": "/api/hf?melding=kjort"})
    return Reply({"issued": issued})


def _back(ctx: Context, where: str, done: str) -> Reply:
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"{where}?melding={done}"})
    return Reply(status=204)


def _notice(ctx: Context) -> str | None:
    return notice_text(ctx.query, NOTICES)
