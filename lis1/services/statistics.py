"""The public statistics of a period's offer rounds, summed on each request from the per-ad
counts the offer writes keep: one read of the period's ads and one of their counts (a batch per
100 ads), never a Scan, nothing personal, no cache.

Each ad's count item holds, per round, the offers made and every change of their state
(:func:`lis1.services.ports.offers.round_count_name`). They become the parts of
:class:`lis1.domain.statistics.Parts`, the offers' states now: accepted (hired included) less
those since released, released, declined, expired, taken back, waiting. An offer still open after
its round's svarfrist has expired, whether or not the hourly job has recorded it yet
(:func:`lis1.domain.offers.state_at`). In a round whose svarfrist is ahead no answer is counted
yet (see :mod:`lis1.domain.statistics`). Seats open are each ad's seats less the seats its
offers hold, counted the same way (the count item's ``holding``, with those two corrections).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from ..catalog import Catalog
from ..catalog.models import ExtraRound, Period
from ..domain.ads import Ad
from ..domain.rounds import ScheduledRound, schedule
from ..domain.statistics import Parts, Protected, Table, protect
from ..errors import NotFound
from ..i18n import _
from .ports.offers import SeatCount
from .ports.store import Store


@dataclass(frozen=True)
class RoundInfo:
    key: str
    """``<series>#<number>``, as in the count names."""
    series: str
    number: int
    name: str
    offers_from: datetime | None
    answer_deadline: datetime | None
    """None for a round the catalogue does not know (its counts are still shown)."""
    pending: bool
    """Its svarfrist is ahead: answers are shown after it."""


@dataclass(frozen=True)
class PeriodStatistics:
    period: Period
    rounds: list[RoundInfo]
    organisations: dict[str, str]
    """HF id -> name, in the table's order."""
    seats: Mapping[str, int]
    shown: Protected
    at: datetime


def statistics_periods(catalog: Catalog) -> list[Period]:
    """The periods with statistics: every ordinary period of the catalogue, newest first."""
    return sorted(catalog.periods, key=lambda p: p.starts, reverse=True)


def find_period(catalog: Catalog, period_id: str) -> Period:
    for period in catalog.periods:
        if period.id == period_id:
            return period
    raise NotFound(_("Søknadsperioden finnes ikke."), code="ukjent_periode")


def period_statistics(
    store: Store, catalog: Catalog, *, period_id: str, now: datetime
) -> PeriodStatistics:
    """The period's statistics at ``now``, with what may not be shown hidden."""
    period = find_period(catalog, period_id)
    ads = [ad for ad in store.ads.by_period(period.id) if ad.status == "publisert"]
    counts = store.offers.counts([ad.id for ad in ads]) if ads else {}
    # No ads: the period was before the service (or has none yet): no rounds to count.
    rounds = _rounds(catalog, period, counts.values(), now) if ads else []
    organisations = sorted({ad.content.organisation for ad in ads})
    names = {o.id: o.name for o in catalog.organisations}
    table = _table(ads, counts, rounds, organisations)
    return PeriodStatistics(
        period,
        rounds,
        {o: names.get(o, o) for o in organisations},
        table.seats,
        protect(table),
        now,
    )


def _rounds(
    catalog: Catalog, period: Period, counts: Iterable[SeatCount], now: datetime
) -> list[RoundInfo]:
    """The rounds begun (the period's, then its extra rounds'), and any the counts name that
    the catalogue does not (at the end)."""
    series: list[Period | ExtraRound] = [period]
    series += [x for x in catalog.extra_rounds if x.draws_from == period.id]
    known: list[RoundInfo] = []
    for each in series:
        known += [_info(each, scheduled, now) for scheduled in schedule(each)]
    known.sort(key=lambda r: r.offers_from or now)
    counted = {name.rsplit("#", 1)[0] for count in counts for name in count.by_round}
    found = [r for r in known if r.key in counted or (r.offers_from or now) <= now]
    names = {r.key for r in known}
    for key in sorted(counted - names):
        series_id, number = key.rsplit("#", 1)
        if not number.isdigit():  # never written so; skipped rather than failing the page
            continue
        name = _("Runde {number} ({series})").format(number=number, series=series_id)
        found.append(RoundInfo(key, series_id, int(number), name, None, None, False))
    return found


def _info(series: Period | ExtraRound, scheduled: ScheduledRound, now: datetime) -> RoundInfo:
    number = scheduled.key.number
    name = _("Runde {number}").format(number=number)
    if isinstance(series, ExtraRound):
        name = series.name
        if len(series.rounds) > 1:
            name = _("{name}, runde {number}").format(name=series.name, number=number)
    return RoundInfo(
        f"{series.id}#{number}",
        series.id,
        number,
        name,
        scheduled.offers_from,
        scheduled.answer_deadline,
        now < scheduled.answer_deadline,
    )


def _table(
    ads: list[Ad],
    counts: Mapping[str, SeatCount],
    rounds: list[RoundInfo],
    organisations: list[str],
) -> Table:
    parts: dict[tuple[str, str], Parts] = {}
    seats: Counter[str] = Counter()
    open_seats: Counter[str] = Counter()
    for ad in ads:
        count = counts.get(ad.id) or SeatCount(ad.id, ad.content.seats)
        organisation = ad.content.organisation
        held = 0
        for info in rounds:
            tally = _parts(count.by_round, info)
            held += tally.holding
            key = (organisation, info.key)
            parts[key] = parts.get(key, Parts()).plus(tally)
        seats[organisation] += ad.content.seats
        open_seats[organisation] += max(0, ad.content.seats - held)
    return Table(
        tuple(organisations),
        tuple(r.key for r in rounds),
        parts,
        dict(seats),
        dict(open_seats),
        frozenset(r.key for r in rounds if r.pending),
    )


def _parts(by_round: Mapping[str, int], info: RoundInfo) -> Parts:
    """One ad's offers of one round by their state now (see the module's description)."""

    def n(outcome: str) -> int:
        return max(0, by_round.get(f"{info.key}#{outcome}", 0))

    offered, accepted, released = n("offered"), n("accepted"), n("released")
    declined, expired, taken_back = n("declined"), n("expired"), n("taken_back")
    if info.pending:
        return Parts(taken_back=taken_back, waiting=max(0, offered - taken_back))
    unanswered = max(0, offered - accepted - declined - expired - taken_back)
    if info.answer_deadline is not None:  # past its svarfrist: silence is a no
        expired, unanswered = expired + unanswered, 0
    released = min(released, accepted)
    return Parts(accepted - released, released, declined, expired, taken_back, unanswered)
