"""Health and the machine-readable description of the API."""

from __future__ import annotations

from typing import Any, Literal

from ...errors import Unavailable
from ...i18n import N_, _
from ..openapi import describe
from ..pipeline import Context
from ..registry import PUBLIC, Reply, Routes
from ..schemas.base import Schema

routes = Routes()


class Health(Schema):
    status: Literal["ok"]
    store: str
    stage: str


@routes.route(
    "GET",
    "/health",
    summary=N_("Status for API-et og lagringen"),
    access=PUBLIC,
    response=Health,
    errors=(503,),
)
def health(ctx: Context) -> Health:
    try:
        ctx.deps.store.settings.clock_offset()  # one GetItem: the table answers
    except Unavailable:
        raise
    except Exception as error:  # the store's own errors: report as unavailable, not a 500
        raise Unavailable(_("Lagringen svarer ikke akkurat nå.")) from error
    return Health(status="ok", store=ctx.deps.store.kind, stage=ctx.deps.config.stage)


@routes.route(
    "GET",
    "/openapi.json",
    summary=N_("Beskrivelse av API-et (OpenAPI 3.1)"),
    access=PUBLIC,
    public_cache_seconds=300,
)
def openapi(ctx: Context) -> Reply:
    document: dict[str, Any] = describe(ctx.routes, ctx.deps.config.public_origin)
    return Reply(document)
