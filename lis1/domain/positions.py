"""Ads (annonser), applications (søknader) and receipts (kvitteringer): values and rules.

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
from ..identity import Grant, Role
from ..norwegian import long_date
from ..oslo import OSLO, end_of_day_utc, oslo_wall_clock_to_utc

AdStatus = Literal["utkast", "publisert"]
ApplicationStatus = Literal["sendt", "trukket"]
ReceiptAction = Literal["søknad sendt", "søknad trukket"]

MAX_COVER_TEXT = 2000
MIN_REST_MONTHS = 2
CORRECTABLE_AFTER_PUBLICATION = frozenset({"seats", "description", "place"})
EARLIEST_DATE = date(2017, 1, 1)
"""The first LIS1 period began in 2017: no ad has a date before it."""
YEARS_AHEAD = 10
MAX_VERSION = 2**31 - 1


def date_out_of_range(value: date, today: date) -> str | None:
    """Why ``value`` cannot be a date in an ad (None if it can): dates run from the first LIS1
    period to ten years after ``today``."""
    try:
        latest = today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = date(today.year + YEARS_AHEAD, 3, 1)
    if EARLIEST_DATE <= value <= latest:
        return None
    return (
        f"forventet en dato fra {long_date(EARLIEST_DATE, with_weekday=False)} "
        f"til {long_date(latest, with_weekday=False)}"
    )


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


@dataclass(frozen=True)
class Application:
    ad_id: str
    applicant: str
    """The applicant's subject (identity provider id)."""
    cover_text: str
    status: ApplicationStatus
    reference: str
    """The receipt reference of the latest change."""
    submitted_at: datetime
    changed_at: datetime
    version: int


@dataclass(frozen=True)
class Receipt:
    """Proof of one change, shown on screen and sent by e-mail."""

    reference: str
    """Short, unambiguous and unguessable, e.g. «LIS1-7KQ3-M9TZ»."""
    at: datetime
    action: ReceiptAction
    ad_id: str
    applicant: str
    summary: str
    """One Norwegian sentence saying what happened, e.g. which position and when."""


# --- Rules (pure functions) -----------------------------------------------------------------

AD_KINDS = frozenset({"hf", "ideell"})
"""Organisation kinds that may advertise LIS1 positions: helseforetak and ideelle sykehus."""
MIN_SEATS = 1
MAX_SEATS = 100
MAX_PLACE = 200
MAX_DESCRIPTION = 5000

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""31 symbols that cannot be mistaken for one another: no 0/O, 1/I/L."""
REFERENCE_PREFIX = "LIS1"
REFERENCE_LENGTH = 8
"""Random symbols in a reference: 31**8 ≈ 2**39.6 possible references."""
REFERENCE_BYTES = 8
"""Random bytes a caller passes to :func:`new_reference`: 64 bits for 39.6, so the modulo bias
is below 2**-24."""

FIELD_NAMES: dict[str, str] = {
    "organisation": "helseforetak",
    "place": "sted",
    "seats": "antall stillinger",
    "kommune": "kommune",
    "starts": "oppstart",
    "description": "beskrivelse",
    "period_id": "søknadsperiode",
    "application_deadline": "søknadsfrist",
    "ends": "sluttdato",
}
"""The Norwegian name of every AdContent field, for messages."""


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months; the day of month is clamped to the month's last day
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def earliest_end(starts: date) -> date:
    """The earliest last day of a reststilling starting on ``starts``: two calendar months on."""
    return add_months(starts, MIN_REST_MONTHS)


def deadline_text(day: date) -> str:
    """«søndag 16. september 2018 (kl. 23.59 norsk tid)»: a whole-day deadline for people."""
    return f"{long_date(day)} (kl. 23.59 norsk tid)"


def clean_content(content: AdContent) -> AdContent:
    """The content as stored: place and description without surrounding white space."""
    return replace(content, place=content.place.strip(), description=content.description.strip())


def ordinary_period(catalog: Catalog, period_id: str) -> Period:
    """The ordinary period ``period_id``; InvalidInput if it is unknown or an extra round."""
    for period in catalog.periods:
        if period.id == period_id:
            return period
    if any(extra.id == period_id for extra in catalog.extra_rounds):
        message = "En ekstrarunde har ingen egne annonser. Velg en ordinær søknadsperiode."
    else:
        message = f"Søknadsperioden «{period_id}» finnes ikke."
    raise InvalidInput(code="ukjent_periode", fields={"period_id": message})


def application_deadline(content: AdContent, catalog: Catalog) -> date:
    """The søknadsfrist of the ad (whole day, Oslo): the period's, or the reststilling's own.

    Conflict if the period has not had its søknadsfrist published yet.
    """
    if content.period_id is None:
        if content.application_deadline is None:
            raise InvalidInput(
                code="ugyldig_annonse",
                fields={"application_deadline": "En reststilling må ha en søknadsfrist."},
            )
        return content.application_deadline
    period = ordinary_period(catalog, content.period_id)
    if period.application_deadline is None:
        raise Conflict(
            f"Søknadsfristen for {period.name} er ikke publisert ennå.",
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
            f"Utlysningen for {period.name} er ikke publisert ennå.",
            code="periode_ikke_publisert",
        )
    opens = oslo_wall_clock_to_utc(datetime.combine(period.publication, time(0, 0)))
    return max(opens, published_at.astimezone(UTC)), closes


def _organisation(catalog: Catalog, organisation_id: str) -> Organisation | None:
    try:
        return catalog.organisation(organisation_id)
    except KeyError:
        return None


def check_content(content: AdContent, catalog: Catalog) -> None:
    """Every rule an ad's content must meet, whatever its status; InvalidInput naming each
    field that breaks one (fields as the AdContent attributes, messages in Norwegian)."""
    errors: dict[str, str] = {}
    hf = _organisation(catalog, content.organisation)
    if hf is None:
        errors["organisation"] = f"Helseforetaket «{content.organisation}» finnes ikke."
    elif hf.kind not in AD_KINDS:
        errors["organisation"] = (
            f"{hf.name} kan ikke lyse ut LIS1-stillinger. Velg et helseforetak eller et "
            "ideelt sykehus."
        )
    kommune = _organisation(catalog, content.kommune)
    if kommune is None:
        errors["kommune"] = f"Kommunen «{content.kommune}» finnes ikke."
    elif kommune.kind != "kommune":
        errors["kommune"] = f"{kommune.name} er ikke en kommune. Velg kommunen for kommunedelen."
    if not MIN_SEATS <= content.seats <= MAX_SEATS:
        errors["seats"] = f"Antall stillinger må være mellom {MIN_SEATS} og {MAX_SEATS}."
    place = content.place.strip()
    if not place:
        errors["place"] = "Skriv hvor sykehusdelen av tjenesten er, f.eks. sykehus og by."
    elif len(place) > MAX_PLACE:
        errors["place"] = f"Stedet kan ha høyst {MAX_PLACE} tegn (nå {len(place)})."
    description = content.description.strip()
    if not description:
        errors["description"] = "Skriv en beskrivelse av stillingen."
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = (
            f"Beskrivelsen kan ha høyst {MAX_DESCRIPTION} tegn (nå {len(description)})."
        )
    deadline: date | None
    if content.period_id is not None:
        deadline = None
        try:
            deadline = ordinary_period(catalog, content.period_id).application_deadline
        except InvalidInput as error:
            errors.update(error.fields)
        if content.application_deadline is not None:
            errors["application_deadline"] = (
                "En annonse i en søknadsperiode har periodens søknadsfrist. La feltet stå tomt."
            )
        if content.ends is not None:
            errors["ends"] = "Bare reststillinger har sluttdato. La feltet stå tomt."
    else:
        deadline = content.application_deadline
        if deadline is None:
            errors["application_deadline"] = "En reststilling må ha en søknadsfrist."
        if content.ends is None:
            errors["ends"] = "En reststilling må ha en sluttdato."
        elif content.ends < earliest_end(content.starts):
            errors["ends"] = (
                f"En reststilling må vare minst {MIN_REST_MONTHS} måneder for å telle i LIS1. "
                f"Med oppstart {long_date(content.starts, with_weekday=False)} må sluttdatoen "
                f"være {long_date(earliest_end(content.starts), with_weekday=False)} eller senere."
            )
    if deadline is not None and content.starts <= deadline:
        errors.setdefault(
            "starts",
            f"Oppstart må være etter søknadsfristen ({long_date(deadline, with_weekday=False)}).",
        )
    if errors:
        raise InvalidInput(
            "Annonsen har feil. Se feltene som er markert.",
            code="ugyldig_annonse",
            fields=errors,
        )


def can_publish(ad: Ad, catalog: Catalog, now: datetime) -> None:
    """Whether ``ad`` may be published at ``now``; raises with the reason if not.

    A period ad from its period's utlysning day (Oslo date) until its søknadsfrist has ended;
    a reststilling at any time before its own søknadsfrist has ended.
    """
    if ad.status == "publisert":
        raise Conflict("Annonsen er allerede publisert.", code="allerede_publisert")
    content = ad.content
    if content.period_id is None:
        deadline = application_deadline(content, catalog)
    else:
        period = ordinary_period(catalog, content.period_id)
        if period.publication is None or period.application_deadline is None:
            raise Conflict(
                f"Utlysning og søknadsfrist for {period.name} er ikke publisert ennå, så "
                "annonsen kan ikke publiseres.",
                code="periode_ikke_publisert",
            )
        if now.astimezone(OSLO).date() < period.publication:
            raise Conflict(
                f"Annonser for {period.name} kan publiseres fra utlysningen "
                f"{long_date(period.publication)}.",
                code="for_tidlig",
            )
        deadline = period.application_deadline
    if now >= end_of_day_utc(deadline):
        raise DeadlinePassed(
            f"Søknadsfristen var {deadline_text(deadline)}. Annonsen kan ikke publiseres etter "
            "fristen.",
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
        refused["organisation"] = (
            "Helseforetaket kan ikke endres. Lag en ny annonse for et annet helseforetak."
        )
    if status == "publisert":
        allowed = ", ".join(FIELD_NAMES[name] for name in sorted(CORRECTABLE_AFTER_PUBLICATION))
        for name in changed:
            if name not in CORRECTABLE_AFTER_PUBLICATION:
                refused.setdefault(
                    name,
                    f"{FIELD_NAMES[name].capitalize()} kan ikke endres etter at annonsen er "
                    f"publisert. Bare {allowed} kan rettes.",
                )
    if refused:
        raise InvalidInput(
            "Noen av endringene er ikke tillatt. Se feltene som er markert.",
            code="kan_ikke_endres",
            fields=refused,
        )
    return changed


def new_reference(random_bytes: bytes) -> str:
    """A receipt reference «LIS1-XXXX-XXXX» from ``random_bytes`` (pass
    ``secrets.token_bytes(REFERENCE_BYTES)``, at least 8 bytes): 8 symbols from an alphabet
    without look-alikes."""
    if len(random_bytes) < REFERENCE_BYTES:
        raise ValueError(f"new_reference needs at least {REFERENCE_BYTES} random bytes")
    number = int.from_bytes(random_bytes, "big")
    symbols = []
    for _ in range(REFERENCE_LENGTH):
        number, index = divmod(number, len(REFERENCE_ALPHABET))
        symbols.append(REFERENCE_ALPHABET[index])
    half = REFERENCE_LENGTH // 2
    return f"{REFERENCE_PREFIX}-{''.join(symbols[:half])}-{''.join(symbols[half:])}"


def normal_reference(text: str) -> str:
    """A reference as typed by a person, in its stored form (upper case, no spaces)."""
    return "".join(text.split()).upper()


def conflicting_grants(content: AdContent) -> frozenset[Grant]:
    """The roles whose holders may not apply to the ad, nor be given them while they have an
    open application there: administrator of its HF (who reads every applicant) and of its
    kommune (who sees the ad's applications counted and takes part in hiring)."""
    return frozenset(
        {Grant(Role.HF_ADMIN, content.organisation), Grant(Role.KOMMUNE_ADMIN, content.kommune)}
    )
