"""Oppstart i kommunen: a kommune's administrators see every LIS with an employment at their
kommuner, and confirm the start there once every goal that must be completed in the hospital is
approved. From then on the same record continues in the kommune part
(:mod:`lis1.services.kommune_start`). Only administrators of the employment's kommune find it;
to anyone else it does not exist. Forms work without JavaScript: a 303 to the page with a
notice, or the page again with what stopped the confirmation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...catalog import Catalog
from ...domain.portfolio.goals import PlanGoals
from ...domain.portfolio.records import Portfolio
from ...errors import DomainError
from ...i18n import N_, _
from ...services import goal_approvals
from ...services import kommune_start as service
from ...services.ports.store import Store
from ..errors import status_of
from ..inputs import notice_query, notice_text
from ..pages import page
from ..pipeline import Context
from ..presenters import kommune_start as present
from ..registry import HTML, KOMMUNE_ADMIN, Reply, Routes
from ..schemas.kommune_start import KommuneStartOut, KommuneStartsOut

routes = Routes()

HOME = "/api/arbeidsgiver/oppstart"
NOTICES = {
    "bekreftet": N_("Oppstarten er bekreftet. Porteføljen følger legen videre i kommunedelen."),
}


def _page(ctx: Context, *, problem: str | None = None, status: int = 200) -> Reply:
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    found = service.expected(ctx.deps.store, ctx.deps.catalog, who=who, now=now)
    rows = [
        present.start_row(
            present.start_out(ctx.deps.catalog, e, who), e.portfolio.owner == who.subject
        )
        for e in found
    ]
    return page(
        ctx,
        "kommune_start.html",
        status=status,
        title=_("Oppstart i kommunen"),
        notice=None if problem else notice_text(ctx.query, NOTICES),
        problem=problem,
        waiting=[r for r in rows if r["part"] == "sykehus"],
        started=[r for r in rows if r["part"] == "kommune"],
        csrf=ctx.csrf,
    )


@routes.route(
    "GET",
    "/arbeidsgiver/oppstart",
    summary=N_(
        "Oppstart i kommunen: LIS med ansettelse i kommunen du administrerer, og hva som "
        "hindrer oppstarten"
    ),
    access=KOMMUNE_ADMIN,
    response=KommuneStartsOut,
    errors=(401, 403),
    media=(HTML,),
    query=(notice_query(list(NOTICES)),),
)
def kommune_starts(ctx: Context) -> KommuneStartsOut | Reply:
    if ctx.html:
        return _page(ctx)
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    found = service.expected(ctx.deps.store, ctx.deps.catalog, who=who, now=now)
    return KommuneStartsOut(starts=[present.start_out(ctx.deps.catalog, e, who) for e in found])


@routes.route(
    "POST",
    "/arbeidsgiver/oppstart/{employment_id}/bekreft",
    summary=N_(
        "Kommunen bekrefter at legen har startet: porteføljen går over i kommunedelen (når "
        "alle sykehusmålene er godkjent)"
    ),
    access=KOMMUNE_ADMIN,
    response=KommuneStartOut,
    errors=(401, 403, 404, 409),
    forms=True,
)
def confirm_start(ctx: Context) -> KommuneStartOut | Reply:
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    employment_id = ctx.params["employment_id"]
    try:
        moved = service.confirm(
            ctx.deps.store, ctx.deps.catalog, who=who, employment_id=employment_id, now=now
        )
    except DomainError as error:
        if ctx.form_post:
            return _page(ctx, problem=error.message, status=status_of(error))
        raise
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"{HOME}?melding=bekreftet"})
    expected = service.Expected(moved, moved.employment(employment_id), [])
    return present.start_out(ctx.deps.catalog, expected, who)


def part_summary(
    store: Store, catalog: Catalog, portfolio: Portfolio, goals: PlanGoals, now: datetime
) -> dict[str, Any]:
    """Which part of LIS1 the record is in and what blocks the kommune part, for the pages of
    the record (Min portefølje, the readers' view): the goals are read only while the record
    is in the hospital part."""
    blocking = [] if portfolio.moved else goal_approvals.blocking(store, catalog, portfolio, now)
    return present.part_summary(catalog, portfolio, goals, blocking)
