"""Ads (annonser): what an HF administrator writes, when it may be published and corrected, and
when it takes applications.

Deadlines come from the catalogue (data/), the same values the site and feeds publish. A
date-only deadline lasts the whole day in Oslo: an application counts if it is received before
00:00 Oslo time the next day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time
from typing import Literal

from ..catalog import Catalog
from ..catalog.models import Organisation, Period
from ..errors import Conflict, DeadlinePassed, InvalidInput
from ..i18n import _
from ..oslo import OSLO, end_of_day_utc, oslo_wall_clock_to_utc
from ..wording import deadline_text, long_date

AdStatus = Literal["utkast", "publisert"]

MIN_REST_MONTHS = 2
CORRECTABLE_AFTER_PUBLICATION = frozenset({"seats", "description", "place"})
EARLIEST_DATE = date(2017, 1, 1)
"""The first LIS1 period began in 2017: no ad has a date before it."""
YEARS_AHEAD = 10
MAX_VERSION = 2**31 - 1
AD_KINDS = frozenset({"hf", "ideell"})
"""Organisation kinds that may advertise LIS1 positions: helseforetak and ideelle sykehus."""


@dataclass(frozen=True)
class AdContent:
    """What an HF administrator writes in an ad."""

    organisation: str
    """The HF (organisation id from data/organisations)."""
    place: str
    """Where the hospital part is served, e.g. «Haukeland universitetssjukehus, Bergen»."""
    seats: int
    kommune: str
    """The coupled kommune part (organisation id of kind kommune)."""
    starts: date
    description: str
    period_id: str | None
    """The application period; None for a reststilling."""
    application_deadline: date | None
    """Only for a reststilling: its own deadline (whole day, Oslo)."""
    ends: date | None
    """Only for a reststilling: the last day of the employment (at least two months)."""

    @property
    def reststilling(self) -> bool:
        return self.period_id is None


@dataclass(frozen=True)
class Ad:
    id: str
    content: AdContent
    status: AdStatus
    version: int
    created_by: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None


def field_names() -> dict[str, str]:
    """The Norwegian name of every AdContent field, for messages."""
    return {
        "organisation": _("helseforetak"),
        "place": _("sted"),
        "seats": _("antall stillinger"),
        "kommune": _("kommune"),
        "starts": _("oppstart"),
        "description": _("beskrivelse"),
        "period_id": _("søknadsperiode"),
        "application_deadline": _("søknadsfrist"),
        "ends": _("sluttdato"),
    }


def date_out_of_range(value: date, today: date) -> str | None:
    """Why ``value`` cannot be a date in an ad (None if it can): dates run from the first LIS1
    period to ten years after ``today``."""
    try:
        latest = today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = date(today.year + YEARS_AHEAD, 3, 1)
    if EARLIEST_DATE <= value <= latest:
        return None
    return _("forventet en dato fra {first} til {last}").format(
        first=long_date(EARLIEST_DATE, with_weekday=False),
        last=long_date(latest, with_weekday=False),
    )


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months; the day of month is clamped to the month's last day
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def earliest_end(starts: date) -> date:
    """The earliest last day of a reststilling starting on ``starts``: two calendar months on."""
    return add_months(starts, MIN_REST_MONTHS)


def clean_content(content: AdContent) -> AdContent:
    """The content as stored: place and description without surrounding white space."""
    return replace(content, place=content.place.strip(), description=content.description.strip())


def ordinary_period(catalog: Catalog, period_id: str) -> Period:
    """The ordinary period ``period_id``; InvalidInput if it is unknown or an extra round."""
    for period in catalog.periods:
        if period.id == period_id:
            return period
    if any(extra.id == period_id for extra in catalog.extra_rounds):
        message = _("En ekstrarunde har ingen egne annonser. Velg en ordinær søknadsperiode.")
    else:
        message = _("Søknadsperioden «{period}» finnes ikke.").format(period=period_id)
    raise InvalidInput(code="ukjent_periode", fields={"period_id": message})


def application_deadline(content: AdContent, catalog: Catalog) -> date:
    """The søknadsfrist of the ad (whole day, Oslo): the period's, or the reststilling's own.

    Conflict if the period has not had its søknadsfrist published yet.
    """
    if content.period_id is None:
        if content.application_deadline is None:
            raise InvalidInput(
                code="ugyldig_annonse",
                fields={"application_deadline": _("En reststilling må ha en søknadsfrist.")},
            )
        return content.application_deadline
    period = ordinary_period(catalog, content.period_id)
    if period.application_deadline is None:
        raise Conflict(
            _("Søknadsfristen for {period} er ikke publisert ennå.").format(period=period.name),
            code="periode_ikke_publisert",
        )
    return period.application_deadline


def application_window(
    content: AdContent, catalog: Catalog, published_at: datetime
) -> tuple[datetime, datetime]:
    """When applications are received, as UTC instants [opens, closes).

    A period ad opens at 00:00 Oslo time on the period's utlysning (or when it was published,
    if later); a reststilling when it was published. Both close when the søknadsfrist day has
    ended in Oslo.
    """
    closes = end_of_day_utc(application_deadline(content, catalog))
    if content.period_id is None:
        return published_at.astimezone(UTC), closes
    period = ordinary_period(catalog, content.period_id)
    if period.publication is None:
        raise Conflict(
            _("Utlysningen for {period} er ikke publisert ennå.").format(period=period.name),
            code="periode_ikke_publisert",
        )
    opens = oslo_wall_clock_to_utc(datetime.combine(period.publication, time(0, 0)))
    return max(opens, published_at.astimezone(UTC)), closes


def organisation_of(catalog: Catalog, organisation_id: str) -> Organisation | None:
    try:
        return catalog.organisation(organisation_id)
    except KeyError:
        return None


def can_publish(ad: Ad, catalog: Catalog, now: datetime) -> None:
    """Whether ``ad`` may be published at ``now``; raises with the reason if not.

    A period ad from its period's utlysning day (Oslo date) until its søknadsfrist has ended;
    a reststilling at any time before its own søknadsfrist has ended.
    """
    if ad.status == "publisert":
        raise Conflict(_("Annonsen er allerede publisert."), code="allerede_publisert")
    content = ad.content
    if content.period_id is None:
        deadline = application_deadline(content, catalog)
    else:
        period = ordinary_period(catalog, content.period_id)
        if period.publication is None or period.application_deadline is None:
            raise Conflict(
                _(
                    "Utlysning og søknadsfrist for {period} er ikke publisert ennå, så annonsen "
                    "kan ikke publiseres."
                ).format(period=period.name),
                code="periode_ikke_publisert",
            )
        if now.astimezone(OSLO).date() < period.publication:
            raise Conflict(
                _("Annonser for {period} kan publiseres fra utlysningen {day}.").format(
                    period=period.name, day=long_date(period.publication)
                ),
                code="for_tidlig",
            )
        deadline = period.application_deadline
    if now >= end_of_day_utc(deadline):
        raise DeadlinePassed(
            _("Søknadsfristen var {deadline}. Annonsen kan ikke publiseres etter fristen.").format(
                deadline=deadline_text(deadline)
            ),
            code="fristen_er_ute",
        )


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def corrections(old: AdContent, new: AdContent, status: AdStatus) -> dict[str, tuple[str, str]]:
    """The fields that differ, as (old, new) text. The helseforetak never changes; after
    publication only seats, description and place may (else InvalidInput naming the field)."""
    changed = {
        f.name: (_shown(getattr(old, f.name)), _shown(getattr(new, f.name)))
        for f in fields(AdContent)
        if getattr(old, f.name) != getattr(new, f.name)
    }
    refused: dict[str, str] = {}
    if "organisation" in changed:
        refused["organisation"] = _(
            "Helseforetaket kan ikke endres. Lag en ny annonse for et annet helseforetak."
        )
    if status == "publisert":
        names = field_names()
        allowed = ", ".join(names[name] for name in sorted(CORRECTABLE_AFTER_PUBLICATION))
        for name in changed:
            if name not in CORRECTABLE_AFTER_PUBLICATION:
                refused.setdefault(
                    name,
                    _(
                        "{field} kan ikke endres etter at annonsen er publisert. Bare {allowed} "
                        "kan rettes."
                    ).format(field=names[name].capitalize(), allowed=allowed),
                )
    if refused:
        raise InvalidInput(
            _("Noen av endringene er ikke tillatt. Se feltene som er markert."),
            code="kan_ikke_endres",
            fields=refused,
        )
    return changed
