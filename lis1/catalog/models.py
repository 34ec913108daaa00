"""Pydantic models of every kind of file in ``data/``.

The models check the shape of one file (types, required keys, no unknown keys). Rules that
span fields or files (chronology, references, unique ids) live in ``checks.py`` so that each
failure can name the exact field, and so the line of the offending value.

Every key is required, even where its value may be ``null``: a deleted line is an error,
never a silent "unknown".

The learning goals' models are in ``goal_models.py``. Each item people read carries an optional
``en`` (its English, models in ``english.py``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    AnyHttpUrl,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
)

from .english import (
    ENGLISH,
    SEASON_NAMES_EN,
    ExtraRoundEn,
    OrganisationEn,
    OrganisationShareEn,
    PeriodEn,
    RoundEn,
    RuleEn,
    RuleListEn,
    SiteEn,
    SourceEn,
    TemplateEn,
    TemplateFieldEn,
    TemplateSectionEn,
    english,
)
from .rule_checks import Condition


def _iso_text(
    pattern: str, expected: str, python_type: type
) -> tuple[BeforeValidator, WithJsonSchema]:
    """Accept ISO 8601 text (or a value built in code): pydantic alone would also read 20181031
    as a Unix time."""

    def check(value: object) -> object:
        if value is None or (isinstance(value, str) and re.fullmatch(pattern, value)):
            return value
        if isinstance(value, python_type) and (
            python_type is datetime or not isinstance(value, datetime)
        ):
            return value
        raise ValueError(f"forventet {expected}")

    schema = {
        "type": "string",
        "pattern": f"^{pattern}$",
        "description": f"Skrives som {expected}.",
    }
    return BeforeValidator(check), WithJsonSchema(schema)


_DATE = _iso_text(r"\d{4}-\d{2}-\d{2}", "ÅÅÅÅ-MM-DD, f.eks. 2018-10-31", date)
_TIME = _iso_text(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}",
    "norsk tid ÅÅÅÅ-MM-DDTtt:mm, f.eks. 2018-11-01T12:00",
    datetime,
)
IsoDate = Annotated[date, _DATE[0], _DATE[1]]
OsloTime = Annotated[datetime, _TIME[0], _TIME[1]]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Season = Literal["var", "host"]
SEASON_NAMES: dict[Season, str] = {"var": "Våren", "host": "Høsten"}


class Strict(BaseModel):
    """Base for every data model: unknown keys are errors and every key must be written.

    pydantic builds a model's validator when the model is first used, not when this module is
    imported: the API imports the models with its routes, and its cold start should not pay
    for them before the catalogue is read."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(Strict):
    """Where a fact was published. ``url`` is null when only the title is known."""

    title: Text
    url: AnyHttpUrl | None
    en: SourceEn | None = english()


class Round(Strict):
    """One offer round (tilsettingsrunde): tilbud, svarfrist and merking.

    ``offer`` and ``answer_by`` are dates with no published clock time; they last the whole
    day in Oslo. ``marking`` is an Oslo wall-clock time (in practice 12:00).
    """

    number: StrictInt = Field(ge=1, description="Rundens nummer, 1 for første runde.")
    offer: IsoDate | None = Field(description="Tilbud sendes ut (dato).")
    answer_by: IsoDate | None = Field(description="Svarfrist (dato, gjelder hele dagen norsk tid).")
    marking: OsloTime | None = Field(
        description="Merking i portalen innen (norsk tid, f.eks. 2018-11-01T12:00)."
    )
    note: Text | None = Field(description="Påkrevd når en dato er null: hvorfor den mangler.")
    en: RoundEn | None = english()

    def dated(self) -> bool:
        return None not in (self.offer, self.answer_by, self.marking)


class Period(Strict):
    """An ordinary application period (søknadsperiode), named by season and year."""

    id: Id = Field(description="Samme som filnavnet, f.eks. 2018-host.")
    season: Season
    year: StrictInt = Field(ge=2017, le=2100)
    starts: IsoDate = Field(description="Oppstart i stillingene (1. mars eller 1. september).")
    ads_ready: IsoDate | None = Field(description="Annonsene skal være klare for publisering.")
    publication: IsoDate | None = Field(description="Utlysning av stillingene i portalen.")
    application_deadline: IsoDate | None = Field(description="Søknadsfrist (hele dagen).")
    rounds: list[Round] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    updated: IsoDate = Field(description="Sist endret; blir DTSTAMP i kalenderne.")
    note: Text | None
    en: PeriodEn | None = english()

    @property
    def name(self) -> str:
        return self.name_in("nb")

    def name_in(self, language: str) -> str:
        """The name is made from season and year, in either language ("Spring 2024")."""
        names = SEASON_NAMES_EN if language == ENGLISH else SEASON_NAMES
        return f"{names[self.season]} {self.year}"


class OrganisationShare(Strict):
    organisation: Id
    positions: StrictInt = Field(ge=1)
    note: Text | None
    en: OrganisationShareEn | None = english()


class ExtraRound(Strict):
    """Extra offer rounds outside the ordinary periods, with no ads and no søknadsfrist.

    Offers go to the next candidates on the ranked lists of an earlier period (``draws_from``).
    """

    id: Id
    name: Text
    draws_from: Id = Field(description="Perioden hvis innstillingslister brukes.")
    starts: IsoDate
    positions: StrictInt | None = Field(ge=1)
    positions_by_organisation: list[OrganisationShare]
    rounds: list[Round] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    updated: IsoDate
    note: Text | None
    en: ExtraRoundEn | None = english()


OrganisationKind = Literal["rhf", "hf", "ideell", "kommune", "statsforvalter"]


class Organisation(Strict):
    id: Id
    name: Text
    kind: OrganisationKind
    region: Id | None = Field(description="Id til det regionale helseforetaket, ellers null.")
    en: OrganisationEn | None = english()


class OrganisationList(Strict):
    sources: list[Source] = Field(min_length=1)
    organisations: list[Organisation] = Field(min_length=1)


class Rule(Strict):
    id: Id
    title: Text
    text: Text
    source: Source
    check: list[Condition] | None = Field(
        description="Hva søkerens profil betyr for regelen (se rule_checks.py); null når "
        "regelen ikke leser profilen."
    )
    en: RuleEn | None = english()


class RuleList(Strict):
    audience: Text
    rules: list[Rule] = Field(min_length=1)
    en: RuleListEn | None = english()


Audience = Literal["kommune", "helseforetak", "statsforvalter"]
FieldKind = Literal["tekst", "dato", "periode", "prosent", "antall", "avkrysning", "signatur"]


class TemplateField(Strict):
    """A blank to fill in on a printed template."""

    label: Text
    kind: FieldKind
    help: Text | None
    en: TemplateFieldEn | None = english()


class TemplateSection(Strict):
    heading: Text
    text: Text | None
    checklist: list[Text] = Field(description="Punkter som krysses av; tom liste hvis ingen.")
    fields: list[TemplateField] = Field(description="Felt som fylles ut; tom liste hvis ingen.")
    en: TemplateSectionEn | None = english()


class Template(Strict):
    """A template (mal) for kommuner, helseforetak or Statsforvalteren, printed from the site."""

    id: Id
    title: Text
    audience: Audience
    purpose: Text
    sections: list[TemplateSection] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    updated: IsoDate
    note: Text | None
    en: TemplateEn | None = english()


class Site(Strict):
    """The public address and the calendar UID domain: defined here once and never changed."""

    title: Text
    public_url: AnyHttpUrl
    uid_domain: Annotated[str, StringConstraints(pattern=r"^[a-z0-9.-]+$")]
    refresh_hours: StrictInt = Field(ge=1, le=168)
    en: SiteEn | None = english()
