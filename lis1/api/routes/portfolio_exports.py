"""The signed portable export of a portfolio: the record as JSON in a JWS (compact form),
signed with the service's key, which anyone can check against the published keys
(``/api/.well-known/jwks.json``) with ``python -m lis1 verify-export``. The LIS's own export
carries their conversations and every comment unless it is for others; a reader's never does (see
:mod:`lis1.services.portfolio_export`)."""

from __future__ import annotations

import json
from typing import Any

from ...i18n import N_
from ...oslo import oslo_today
from ...services import portfolio_export as service
from ..inputs import query_param
from ..pipeline import Context
from ..registry import SIGNED_IN, Reply, Routes
from .export_keys import export_keys

routes = Routes()

JOSE = "application/jose"


def _signed(ctx: Context, payload: dict[str, Any]) -> Reply:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    token = export_keys(ctx).sign(body.encode("utf-8"))
    day = oslo_today(ctx.deps.clock.now()).isoformat()
    return Reply(
        token,
        content_type=JOSE,
        headers={
            "Content-Disposition": f'attachment; filename="portefolje-{day}.jws"',
            "Cache-Control": "no-store",
        },
    )


@routes.route(
    "GET",
    "/portefolje/eksport",
    summary=N_(
        "Porteføljen din som signert fil (JWS): hele, med samtaler og kommentarer, til deg selv; "
        "med ?til=andre uten dem, til en ny arbeidsgiver eller registrering av fullført LIS1"
    ),
    access=SIGNED_IN,
    errors=(401, 404, 503),
    media=(JOSE,),
    query=(query_param("til", "|andre", N_("forventet andre"), N_("andre: uten samtaler.")),),
)
def my_export(ctx: Context) -> Reply:
    complete = ctx.query.get("til") != "andre"
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    payload = service.own(ctx.deps.store, ctx.deps.catalog, who=who, now=now, complete=complete)
    return _signed(ctx, payload)


@routes.route(
    "GET",
    "/veiledning/{relation_id}/eksport",
    summary=N_(
        "Porteføljen til en lege du er bekreftet leder, godkjenner eller veileder for, som "
        "signert fil (JWS), uten samtaler, anbefalingstekster og kommentarer"
    ),
    access=SIGNED_IN,
    errors=(401, 404, 503),
    media=(JOSE,),
)
def export_of(ctx: Context) -> Reply:
    payload = service.of_relation(
        ctx.deps.store,
        ctx.deps.catalog,
        who=ctx.signed_in(),
        relation_id=ctx.params["relation_id"],
        now=ctx.deps.clock.now(),
    )
    return _signed(ctx, payload)
