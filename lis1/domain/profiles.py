"""The applicant's profile and CV, as values with the checks that need no store.

The profile holds only what a rule's check reads (the vocabulary of
:mod:`lis1.catalog.rule_checks`) and the HPR number that comes with authorisation or a LIS1
licence: nothing no rule uses. Everything in it is what the person declared; nothing is looked
up in a register. The CV is what the HF reads beside an application: education, work, languages
and references, each list bounded, each text bounded, months written as year-month.

A form sends every row it showed, the empty one for a new entry and the ones ticked for removal
included; those arrive here as None so that a mistake is still named by the row's place in the
form (``education.2.start``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Literal

from ..catalog.rule_checks import AuthorisationStatus, EarlierTraining, NorwegianProof
from ..errors import InvalidInput
from ..i18n import N_, _
from .portfolio.errors import InvalidHpr
from .portfolio.records import normal_hpr

HOLDS_HPR: tuple[AuthorisationStatus, ...] = ("autorisasjon", "lisens")
"""The statuses that come with an HPR number."""


class ProfileFields(InvalidInput):
    code = "ugyldig_profil"
    message = N_("Profilen har feil. Se feltene som er markert.")

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(fields=problems)


class CvFields(InvalidInput):
    code = "ugyldig_cv"
    message = N_("CV-en har feil. Se feltene som er markert.")

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(fields=problems)


@dataclass(frozen=True)
class Profile:
    subject: str
    authorisation: AuthorisationStatus | None
    hpr: str | None
    """Only with authorisation or a LIS1 licence, and only if the person gave it."""
    norwegian: NorwegianProof | None
    earlier_training: EarlierTraining | None
    updated_at: datetime

    def declared(self, field: str) -> str | None:
        """What the person declared in a rule check's ``field`` (None: not filled in)."""
        values: dict[str, str | None] = {
            "autorisasjon": self.authorisation,
            "norsk": self.norwegian,
            "tidligere_tjeneste": self.earlier_training,
        }
        return values[field]


def new_profile(
    subject: str,
    *,
    authorisation: AuthorisationStatus | None,
    hpr: str,
    norwegian: NorwegianProof | None,
    earlier_training: EarlierTraining | None,
    now: datetime,
) -> Profile:
    """The profile as declared; ProfileFields names what cannot be kept. An HPR number is taken
    only with authorisation or a LIS1 licence, and checked as the portfolio checks it."""
    number = None
    if hpr.strip():
        if authorisation not in HOLDS_HPR:
            raise ProfileFields(
                {
                    "hpr": _(
                        "HPR-nummeret fyller du inn når du har autorisasjon eller LIS1-lisens. "
                        "Ellers lar du feltet stå tomt."
                    )
                }
            )
        try:
            number = normal_hpr(hpr)
        except InvalidHpr as invalid:
            raise ProfileFields({"hpr": invalid.message}) from None
    return Profile(subject, authorisation, number, norwegian, earlier_training, now)


# --- the CV -------------------------------------------------------------------------------------

MAX_ENTRIES = 10
"""Entries in each list of the CV."""
MAX_TEXT = 120
MAX_DESCRIPTION = 500
FIRST_YEAR, LAST_YEAR = 1950, 2100
LanguageLevel = Literal["morsmal", "c2", "c1", "b2", "b1", "a2", "a1"]
LANGUAGE_LEVELS: tuple[LanguageLevel, ...] = ("morsmal", "c2", "c1", "b2", "b1", "a2", "a1")
Section = Literal["education", "work", "languages", "references"]


@dataclass(frozen=True)
class Education:
    degree: str
    institution: str
    country: str
    start: str
    """Year-month, ``2014-08``."""
    end: str
    """Year-month, or empty while it goes on."""


@dataclass(frozen=True)
class Work:
    position: str
    employer: str
    start: str
    end: str
    description: str


@dataclass(frozen=True)
class Language:
    language: str
    level: str
    """One of :data:`LANGUAGE_LEVELS` once checked."""


@dataclass(frozen=True)
class Reference:
    name: str
    position: str
    contact: str
    """A telephone number or an e-mail address, as the person wrote it."""


Entry = Education | Work | Language | Reference
REQUIRED: dict[type, tuple[str, ...]] = {
    Education: ("degree", "institution", "start"),
    Work: ("position", "employer", "start"),
    Language: ("language", "level"),
    Reference: ("name", "contact"),
}
MONTHS = {"start", "end"}


@dataclass(frozen=True)
class Cv:
    subject: str
    education: tuple[Education, ...]
    work: tuple[Work, ...]
    languages: tuple[Language, ...]
    references: tuple[Reference, ...]
    updated_at: datetime

    def empty(self) -> bool:
        return not (self.education or self.work or self.languages or self.references)


def blank(entry: Entry) -> bool:
    """A row with nothing typed in it: the form's row for a new entry, left empty."""
    return not any(str(getattr(entry, f.name)).strip() for f in fields(entry))


def checked_cv(
    subject: str,
    *,
    education: Sequence[Education | None],
    work: Sequence[Work | None],
    languages: Sequence[Language | None],
    references: Sequence[Reference | None],
    now: datetime,
) -> Cv:
    """The CV without the rows left out (None) or left blank; CvFields names every mistake by
    its section, row and field."""
    problems: dict[str, str] = {}
    sections: dict[Section, Sequence[Entry | None]] = {
        "education": education,
        "work": work,
        "languages": languages,
        "references": references,
    }
    kept: dict[Section, list[Entry]] = {}
    for section, rows in sections.items():
        kept[section] = []
        for index, entry in enumerate(rows):
            if entry is None or blank(entry):
                continue
            problems.update(_entry_problems(f"{section}.{index}", entry))
            kept[section].append(_stripped(entry))
        if len(kept[section]) > MAX_ENTRIES:
            problems[section] = _("Du kan ha høyst %(limit)d oppføringer her.") % {
                "limit": MAX_ENTRIES
            }
    if problems:
        raise CvFields(problems)
    return Cv(
        subject,
        education=tuple(e for e in kept["education"] if isinstance(e, Education)),
        work=tuple(e for e in kept["work"] if isinstance(e, Work)),
        languages=tuple(e for e in kept["languages"] if isinstance(e, Language)),
        references=tuple(e for e in kept["references"] if isinstance(e, Reference)),
        updated_at=now,
    )


def _stripped(entry: Entry) -> Entry:
    values = {f.name: str(getattr(entry, f.name)).strip() for f in fields(entry)}
    return type(entry)(**values)


def _entry_problems(where: str, entry: Entry) -> dict[str, str]:
    problems: dict[str, str] = {}
    for f in fields(entry):
        value = str(getattr(entry, f.name)).strip()
        name = f"{where}.{f.name}"
        limit = MAX_DESCRIPTION if f.name == "description" else MAX_TEXT
        if not value:
            if f.name in REQUIRED[type(entry)]:
                problems[name] = _("Må fylles ut.")
        elif len(value) > limit:
            problems[name] = _("Høyst %(limit)d tegn (nå %(count)d).") % {
                "limit": limit,
                "count": len(value),
            }
        elif f.name in MONTHS and not year_month(value):
            problems[name] = _("Skriv måneden som ÅÅÅÅ-MM, for eksempel 2019-08.")
        elif f.name == "level" and value not in LANGUAGE_LEVELS:
            problems[name] = _("Velg et nivå fra listen.")
    start, end = getattr(entry, "start", ""), getattr(entry, "end", "")
    if year_month(start.strip()) and year_month(end.strip()) and end.strip() < start.strip():
        problems[f"{where}.end"] = _("Sluttmåneden kan ikke være før startmåneden.")
    return problems


def year_month(text: str) -> bool:
    """``text`` is a month written ÅÅÅÅ-MM between 1950 and 2100."""
    found = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if found is None or not text.isascii():
        return False
    year, month = int(found[1]), int(found[2])
    return FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12
