"""The profile, the eligibility check and the CV as the API takes and gives them.

A CV form sends its rows flat (``education.0.degree``, the row for a new entry and the ticked
``remove`` boxes included); :func:`_unflatten` turns them into the lists JSON sends, so one model
and one set of error names (``education.0.start``) serve both. Texts are bounded here only
against abuse; the rules a person reads (required, length, year-month) are the domain's.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field, StrictBool, model_validator

from ...catalog.rule_checks import AuthorisationStatus, EarlierTraining, NorwegianProof, Outcome
from ...domain.profiles import MAX_ENTRIES
from .base import Schema

_ROWS = MAX_ENTRIES + 1
"""A form shows every entry and one empty row for a new one."""
_LONGEST = 2000
_FLAT = re.compile(r"(education|work|languages|references)\.(\d{1,2})\.(\w{1,20})")


class ProfileIn(Schema):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    authorisation: AuthorisationStatus | None = Field(
        default=None,
        description="autorisasjon, lisens (LIS1-lisens), sokt (søkt om en av dem) eller ingen.",
    )
    hpr: str = Field(
        default="",
        max_length=40,
        description="HPR-nummeret (4 til 9 sifre), bare med autorisasjon eller LIS1-lisens.",
    )
    norwegian: NorwegianProof | None = Field(
        default=None,
        description="Hvordan norskkunnskapene er dokumentert: sprakprove (B2), "
        "annen_dokumentasjon eller ikke_dokumentert.",
    )
    earlier_training: EarlierTraining | None = Field(
        default=None,
        description="Godkjent turnus eller læringsmål i del 1: ingen, turnus, noen_mal, alle_mal.",
    )


class RuleResultOut(Schema):
    rule_id: str = Field(description="Regelens id i data/rules/.")
    title: str
    outcome: Outcome
    explanation: list[str] = Field(description="Hva det søkeren har oppgitt, betyr for regelen.")


class ProfileOut(Schema):
    authorisation: AuthorisationStatus | None
    hpr: str | None
    norwegian: NorwegianProof | None
    earlier_training: EarlierTraining | None
    updated_at: datetime | None = Field(description="Sist lagret; null før profilen er lagret.")
    checks: list[RuleResultOut] = Field(
        description="Sjekken regel for regel. Den informerer og hindrer aldri en søknad."
    )


def _text(description: str = "") -> Any:
    return Field(default="", max_length=_LONGEST, description=description)


_REMOVE = Field(default=False, description="true: fjern raden (i skjemaet: avkrysningen «on»).")


class CvEducationIn(Schema):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    degree: str = _text("Utdanning eller grad.")
    institution: str = _text("Lærested.")
    country: str = _text()
    start: str = _text("ÅÅÅÅ-MM.")
    end: str = _text("ÅÅÅÅ-MM, tom mens den pågår.")
    remove: StrictBool = _REMOVE


class CvWorkIn(Schema):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    position: str = _text("Stilling.")
    employer: str = _text()
    start: str = _text("ÅÅÅÅ-MM.")
    end: str = _text("ÅÅÅÅ-MM, tom mens den pågår.")
    description: str = _text("Kort om arbeidet.")
    remove: StrictBool = _REMOVE


class CvLanguageIn(Schema):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    language: str = _text()
    level: str = _text("morsmal, c2, c1, b2, b1, a2 eller a1.")
    remove: StrictBool = _REMOVE


class CvReferenceIn(Schema):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    name: str = _text()
    position: str = _text("Stilling og arbeidssted.")
    contact: str = _text("Telefon eller e-post.")
    remove: StrictBool = _REMOVE


class CvIn(Schema):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    education: list[CvEducationIn] = Field(default_factory=list, max_length=_ROWS)
    work: list[CvWorkIn] = Field(default_factory=list, max_length=_ROWS)
    languages: list[CvLanguageIn] = Field(default_factory=list, max_length=_ROWS)
    references: list[CvReferenceIn] = Field(default_factory=list, max_length=_ROWS)

    @model_validator(mode="before")
    @classmethod
    def _from_form(cls, data: Any) -> Any:
        return _unflatten(data)


def _unflatten(data: Any) -> Any:
    """A form's flat fields as lists of rows, in the order of their numbers; other data as is.
    A field that fits no row is kept, so it is refused by name."""
    if not isinstance(data, dict) or not any(_FLAT.fullmatch(str(k)) for k in data):
        return data
    rows: dict[str, dict[int, dict[str, Any]]] = {}
    rest: dict[str, Any] = {}
    for name, value in data.items():
        found = _FLAT.fullmatch(str(name))
        if found is None:
            rest[name] = value
            continue
        section, index, field = found[1], int(found[2]), found[3]
        if field == "remove" and value == "on":
            value = True  # a ticked box; anything else is refused as not true or false
        rows.setdefault(section, {}).setdefault(index, {})[field] = value
    return {
        **rest,
        **{section: [row for _, row in sorted(by.items())] for section, by in rows.items()},
    }


class CvEducationOut(Schema):
    degree: str
    institution: str
    country: str
    start: str
    end: str


class CvWorkOut(Schema):
    position: str
    employer: str
    start: str
    end: str
    description: str


class CvLanguageOut(Schema):
    language: str
    level: str


class CvReferenceOut(Schema):
    name: str
    position: str
    contact: str


class CvOut(Schema):
    education: list[CvEducationOut]
    work: list[CvWorkOut]
    languages: list[CvLanguageOut]
    references: list[CvReferenceOut]
    updated_at: datetime | None = Field(description="Sist lagret; null før CV-en er lagret.")


class ApplicantCvOut(Schema):
    reference: str = Field(description="Kvitteringsreferansen til søknaden som står.")
    ad_id: str
    name: str
    profile: ProfileOut = Field(
        description="Profilen og sjekken slik søkeren har oppgitt det nå, ikke da søknaden ble "
        "sendt."
    )
    cv: CvOut
