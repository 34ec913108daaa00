"""The rules an ad's content must meet, whatever its status: one check that names every field
that breaks one, so a form comes back with all its mistakes at once."""

from __future__ import annotations

from datetime import date

from ..catalog import Catalog
from ..errors import InvalidInput
from ..i18n import _
from ..wording import long_date
from .ads import (
    AD_KINDS,
    MIN_REST_MONTHS,
    AdContent,
    earliest_end,
    ordinary_period,
    organisation_of,
)

MIN_SEATS = 1
MAX_SEATS = 100
MAX_PLACE = 200
MAX_DESCRIPTION = 5000


def check_content(content: AdContent, catalog: Catalog) -> None:
    """InvalidInput naming each field that breaks a rule (fields as the AdContent attributes)."""
    errors = _organisations(content, catalog) | _texts(content)
    deadline: date | None
    if content.period_id is not None:
        deadline = None
        try:
            deadline = ordinary_period(catalog, content.period_id).application_deadline
        except InvalidInput as error:
            errors.update(error.fields)
        if content.application_deadline is not None:
            errors["application_deadline"] = _(
                "En annonse i en søknadsperiode har periodens søknadsfrist. La feltet stå tomt."
            )
        if content.ends is not None:
            errors["ends"] = _("Bare reststillinger har sluttdato. La feltet stå tomt.")
    else:
        deadline = content.application_deadline
        if deadline is None:
            errors["application_deadline"] = _("En reststilling må ha en søknadsfrist.")
        if content.ends is None:
            errors["ends"] = _("En reststilling må ha en sluttdato.")
        elif content.ends < earliest_end(content.starts):
            errors["ends"] = _(
                "En reststilling må vare minst {months} måneder for å telle i LIS1. Med oppstart "
                "{starts} må sluttdatoen være {earliest} eller senere."
            ).format(
                months=MIN_REST_MONTHS,
                starts=long_date(content.starts, with_weekday=False),
                earliest=long_date(earliest_end(content.starts), with_weekday=False),
            )
    if deadline is not None and content.starts <= deadline:
        errors.setdefault(
            "starts",
            _("Oppstart må være etter søknadsfristen ({deadline}).").format(
                deadline=long_date(deadline, with_weekday=False)
            ),
        )
    if errors:
        raise InvalidInput(
            _("Annonsen har feil. Se feltene som er markert."),
            code="ugyldig_annonse",
            fields=errors,
        )


def _organisations(content: AdContent, catalog: Catalog) -> dict[str, str]:
    errors: dict[str, str] = {}
    hf = organisation_of(catalog, content.organisation)
    if hf is None:
        errors["organisation"] = _("Helseforetaket «{id}» finnes ikke.").format(
            id=content.organisation
        )
    elif hf.kind not in AD_KINDS:
        errors["organisation"] = _(
            "{name} kan ikke lyse ut LIS1-stillinger. Velg et helseforetak eller et ideelt sykehus."
        ).format(name=hf.name)
    kommune = organisation_of(catalog, content.kommune)
    if kommune is None:
        errors["kommune"] = _("Kommunen «{id}» finnes ikke.").format(id=content.kommune)
    elif kommune.kind != "kommune":
        errors["kommune"] = _("{name} er ikke en kommune. Velg kommunen for kommunedelen.").format(
            name=kommune.name
        )
    return errors


def _texts(content: AdContent) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not MIN_SEATS <= content.seats <= MAX_SEATS:
        errors["seats"] = _("Antall stillinger må være mellom {low} og {high}.").format(
            low=MIN_SEATS, high=MAX_SEATS
        )
    place = content.place.strip()
    if not place:
        errors["place"] = _("Skriv hvor sykehusdelen av tjenesten er, f.eks. sykehus og by.")
    elif len(place) > MAX_PLACE:
        errors["place"] = _("Stedet kan ha høyst {limit} tegn (nå {length}).").format(
            limit=MAX_PLACE, length=len(place)
        )
    description = content.description.strip()
    if not description:
        errors["description"] = _("Skriv en beskrivelse av stillingen.")
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = _("Beskrivelsen kan ha høyst {limit} tegn (nå {length}).").format(
            limit=MAX_DESCRIPTION, length=len(description)
        )
    return errors
