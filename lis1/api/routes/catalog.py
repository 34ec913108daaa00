"""The published catalogue, as the API enforces it: the same data the site and feeds show."""

from __future__ import annotations

from datetime import date, datetime

from ...catalog import timeline
from ...catalog.models import ExtraRound, Period
from ...errors import NotFound
from ...i18n import N_, _
from ...oslo import end_of_day_utc, oslo_wall_clock_to_utc
from ..pipeline import Context
from ..registry import PUBLIC, Routes
from ..schemas.base import Schema

routes = Routes()


class DeadlineOut(Schema):
    key: str
    kind: str
    round: int | None
    date: date | None
    ends_at: datetime | None
    """The first instant after the deadline (UTC): an answer must be received before it."""


class PeriodOut(Schema):
    id: str
    name: str
    starts: date
    extra_round: bool
    deadlines: list[DeadlineOut]


class PeriodList(Schema):
    periods: list[PeriodOut]


def _period(period: Period | ExtraRound) -> PeriodOut:
    deadlines = []
    for d in timeline(period):
        ends = None
        if d.at is not None:
            ends = oslo_wall_clock_to_utc(d.at)
        elif d.day is not None:
            ends = end_of_day_utc(d.day)
        deadlines.append(
            DeadlineOut(key=d.key, kind=d.kind, round=d.round, date=d.day, ends_at=ends)
        )
    return PeriodOut(
        id=period.id,
        name=period.name,
        starts=period.starts,
        extra_round=isinstance(period, ExtraRound),
        deadlines=deadlines,
    )


@routes.route(
    "GET",
    "/periods",
    summary=N_("Søknadsperiodene med alle frister"),
    access=PUBLIC,
    response=PeriodList,
    public_cache_seconds=300,
)
def periods(ctx: Context) -> PeriodList:
    return PeriodList(periods=[_period(p) for p in reversed(ctx.deps.catalog.all_periods())])


@routes.route(
    "GET",
    "/periods/{period_id}",
    summary=N_("Én søknadsperiode med alle frister"),
    access=PUBLIC,
    response=PeriodOut,
    public_cache_seconds=300,
    errors=(404,),
)
def period(ctx: Context) -> PeriodOut:
    wanted = ctx.params["period_id"]
    for candidate in ctx.deps.catalog.all_periods():
        if candidate.id == wanted:
            return _period(candidate)
    raise NotFound(_("Søknadsperioden finnes ikke."), code="ukjent_periode")
