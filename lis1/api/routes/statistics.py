"""The public statistics of the offer rounds, as JSON and as a page: open to everyone, counted
on each call (two reads), cacheable for five minutes by anyone not signed in."""

from __future__ import annotations

from ...i18n import N_, _
from ...services import statistics as service
from ..pages import page
from ..pipeline import Context
from ..presenters import statistics as present
from ..registry import HTML, PUBLIC, Reply, Routes
from ..schemas.statistics import PeriodStatisticsOut, StatisticsPeriodsOut

routes = Routes()
CACHE_SECONDS = 300


@routes.route(
    "GET",
    "/statistikk",
    summary=N_("Statistikk for tilbudsrundene: periodene som har det"),
    access=PUBLIC,
    response=StatisticsPeriodsOut,
    public_cache_seconds=CACHE_SECONDS,
    media=(HTML,),
)
def statistics_periods(ctx: Context) -> StatisticsPeriodsOut | Reply:
    result = present.periods_out(service.statistics_periods(ctx.deps.catalog))
    if not ctx.html:
        return result
    return page(
        ctx,
        "statistics.html",
        title=_("Statistikk for tilbudsrundene"),
        periods=result.periods,
        stats=None,
    )


@routes.route(
    "GET",
    "/statistikk/{period_id}",
    summary=N_(
        "Statistikk for tilbudsrundene i en periode: tilbud og svar per runde, per "
        "helseforetak og for hele landet, og ledige stillinger (færre enn 5 vises ikke)"
    ),
    access=PUBLIC,
    response=PeriodStatisticsOut,
    public_cache_seconds=CACHE_SECONDS,
    errors=(404,),
    media=(HTML,),
)
def period_statistics(ctx: Context) -> PeriodStatisticsOut | Reply:
    stats = service.period_statistics(
        ctx.deps.store,
        ctx.deps.catalog,
        period_id=ctx.params["period_id"],
        now=ctx.deps.clock.now(),
    )
    result = present.statistics_out(stats)
    if not ctx.html:
        return result
    return page(
        ctx,
        "statistics.html",
        title=_("Statistikk for tilbudsrundene: {period}").format(period=result.name),
        periods=[],
        stats=result,
        has_ads=bool(stats.organisations),
        chart=present.chart(result),
        words=present.measure_words(),
    )
