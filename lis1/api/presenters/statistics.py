"""The public statistics as values: the JSON answer, and for the page the bars of the national
chart (positions and widths as numbers; the template draws them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ...catalog.models import Period
from ...domain.statistics import MEASURES, NATIONAL, OPEN, THRESHOLD, Cell, Protected
from ...i18n import N_, _
from ...oslo import OSLO
from ...services.statistics import PeriodStatistics, RoundInfo
from ..schemas.statistics import (
    CellOut,
    CountsOut,
    OrganisationCountsOut,
    PeriodStatisticsOut,
    RoundOut,
    SeatsOut,
    StatisticsPeriodOut,
    StatisticsPeriodsOut,
)

MEASURE_WORDS = {
    "offered": N_("Tilbud"),
    "accepted": N_("Takket ja"),
    "released": N_("Frigitt etter ja"),
    "declined": N_("Takket nei"),
    "expired": N_("Ikke svart"),
    "taken_back": N_("Trukket tilbake"),
    "waiting": N_("Venter på svar"),
}
CHARTED = ("offered", "accepted", "declined", "expired")
COLOURS = {"offered": "#1f4e79", "accepted": "#2e6b30", "declined": "#8a4b08", "expired": "#595959"}
"""Each at least 3:1 against white (WCAG 1.4.11), and each bar has a pattern of its own and its
label beside it, so no colour has to be told apart."""
NOTE = N_(
    "Tall for færre enn 5 personer vises ikke. Noen andre tall er også skjult, så de som ikke "
    "vises, ikke kan regnes ut av summene. Svarene i en runde vises når svarfristen er ute."
)


def statistics_href(period_id: str) -> str:
    return f"/api/statistikk/{period_id}"


def periods_out(periods: list[Period]) -> StatisticsPeriodsOut:
    return StatisticsPeriodsOut(
        periods=[
            StatisticsPeriodOut(id=p.id, name=p.name, starts=p.starts, href=statistics_href(p.id))
            for p in periods
        ]
    )


def _cell(shown: Protected, cell: Cell) -> CellOut:
    return CellOut(value=shown.shown(cell), reason=shown.reason(cell))


def _counts(shown: Protected, round_: str, organisation: str) -> CountsOut:
    return CountsOut(**{m: _cell(shown, Cell(round_, organisation, m)) for m in MEASURES})


def _round(stats: PeriodStatistics, info: RoundInfo) -> RoundOut:
    svarfrist = None
    if info.answer_deadline is not None:
        svarfrist = (info.answer_deadline - timedelta(seconds=1)).astimezone(OSLO).date()
    return RoundOut(
        key=info.key,
        series=info.series,
        number=info.number,
        name=info.name,
        offers_from=info.offers_from,
        svarfrist=svarfrist,
        answers_shown=not info.pending,
        national=_counts(stats.shown, info.key, NATIONAL),
        organisations=[
            OrganisationCountsOut(
                organisation=o, name=name, counts=_counts(stats.shown, info.key, o)
            )
            for o, name in stats.organisations.items()
        ],
    )


def statistics_out(stats: PeriodStatistics) -> PeriodStatisticsOut:
    seats = [
        SeatsOut(
            organisation=o,
            name=name,
            seats=stats.seats[o],
            open=_cell(stats.shown, Cell("", o, OPEN)),
        )
        for o, name in stats.organisations.items()
    ]
    seats.append(
        SeatsOut(
            organisation=None,
            name=_("Hele landet"),
            seats=sum(stats.seats.values()),
            open=_cell(stats.shown, Cell("", NATIONAL, OPEN)),
        )
    )
    return PeriodStatisticsOut(
        period=stats.period.id,
        name=stats.period.name,
        counted_at=stats.at,
        threshold=THRESHOLD,
        note=_(NOTE),
        rounds=[_round(stats, info) for info in stats.rounds],
        seats=seats,
    )


# The chart: one group of bars per round, national numbers, drawn in a 480-wide viewBox
# (narrow, so its text stays readable when a phone scales it down).
WIDTH, LABELS, AREA, ROW, BAR, HEADING = 480, 118, 290, 26, 18, 30


@dataclass(frozen=True)
class Bar:
    measure: str
    label: str
    text: str
    """The number, or why it is not shown."""
    y: int
    width: int


@dataclass(frozen=True)
class BarGroup:
    name: str
    y: int
    """The baseline of the group's heading."""
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    labels: int
    """Where the bars start (the labels end)."""
    groups: list[BarGroup]
    colours: dict[str, str]
    bar: int = BAR
    """A bar's height."""


def chart(out: PeriodStatisticsOut) -> Chart:
    """Bars per round for the national offers made, accepted, declined and expired, on one
    scale (the largest number shown is the full width)."""
    shown = [getattr(r.national, m).value or 0 for r in out.rounds for m in CHARTED]
    most = max([1, *shown])
    groups, y = [], 0
    for round_ in out.rounds:
        y += HEADING
        bars = []
        for i, measure in enumerate(CHARTED):
            cell: CellOut = getattr(round_.national, measure)
            if cell.value is not None:
                text = str(cell.value)
            elif cell.reason == "etter_svarfristen":
                text = _("vises etter svarfristen")
            else:
                text = _("vises ikke")
            width = round(AREA * (cell.value or 0) / most)
            bars.append(Bar(measure, _(MEASURE_WORDS[measure]), text, y + 8 + i * ROW, width))
        groups.append(BarGroup(round_.name, y - 10, bars))
        y += 8 + len(CHARTED) * ROW
    return Chart(WIDTH, y + 8, LABELS, groups, COLOURS)


def measure_words() -> dict[str, str]:
    return {m: _(words) for m, words in MEASURE_WORDS.items()}
