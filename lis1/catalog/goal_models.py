"""Pydantic models of the learning goals' files: ``data/learning-goals/`` (the clinical goals,
KLS/KLP/KLK) and ``data/common-goals/`` (felles kompetansemål, FKM), one version per date each
came into force. Cross-file rules about them are in ``goal_checks.py``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AnyHttpUrl, Field, StrictBool, StrictInt, StringConstraints

from .english import CommonGoalEn, CommonGoalVersionEn, LearningGoalEn, TopicEn, english
from .models import Id, IsoDate, Source, Strict, Text

Arena = Literal["sykehus", "psykiatri", "kommune"]
ARENA_PREFIX: dict[Arena, str] = {"sykehus": "KLS", "psykiatri": "KLP", "kommune": "KLK"}


class LearningGoal(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^KL[SPK]-\d{3}$")]
    arena: Arena
    label: Text | None = Field(description="Kort tema, bare der en kilde navngir det; ellers null.")
    en: LearningGoalEn | None = english()


class LearningGoalCatalogue(Strict):
    """The clinical learning goals of LIS1, one version per date it came into force."""

    id: Id
    in_force_from: IsoDate
    in_force_until: IsoDate | None
    regulation: AnyHttpUrl
    sources: list[Source] = Field(min_length=1)
    goals: list[LearningGoal] = Field(min_length=1)


class Topic(Strict):
    """A theme of the FKM. Where the regulation's chapters are known, one per chapter of
    vedlegg 2 kapittel A, with the chapter as id (``a3`` for A3) and its name."""

    id: Id
    name: Text
    en: TopicEn | None = english()


CommonArena = Literal["sykehus", "kommune"]
COMMON_PREFIX: dict[CommonArena, str] = {"sykehus": "FKMS", "kommune": "FKMK"}


class CommonGoal(Strict):
    """One felles kompetansemål of LIS1, in the regulation's wording."""

    code: Annotated[str, StringConstraints(pattern=r"^FKM[SK]-\d{3}$")]
    chapter: Annotated[str, StringConstraints(pattern=r"^A\d{1,2}$")] = Field(
        description="Kapitlet i spesialistforskriften vedlegg 2 kapittel A, f.eks. A3."
    )
    chapter_name: Text = Field(description="Kapitlets navn, gjentatt på hvert mål.")
    arena: CommonArena
    text: Text = Field(description="Forskriftens ordlyd, ordrett.")
    en: CommonGoalEn | None = english()


class CommonGoalVersion(Strict):
    """Felles kompetansemål (FKM) in LIS1, one version per date it came into force: counts and
    topics always, each goal with its wording where the regulation is in our sources.

    ``in_force_from`` null means the start is not in our sources: the version counts as in
    force from the beginning up to ``in_force_until``."""

    id: Id
    in_force_from: IsoDate | None = Field(
        description="Første dag versjonen gjelder; null når datoen ikke står i kildene våre."
    )
    in_force_until: IsoDate | None = Field(description="Siste dag den gjelder, til og med.")
    regulation: AnyHttpUrl | None = Field(
        description="Adressen til forskriften der ordlyden står; null når vi ikke har den."
    )
    count: StrictInt = Field(ge=1, description="Antall FKM i LIS1 i denne versjonen.")
    count_in_later_parts: StrictInt | None = Field(
        ge=0, description="Antall FKM i del 2 og 3 i samme forskrift (bare antallet)."
    )
    completed_in_hospital: StrictInt | None = Field(ge=0, description="Fullføres i sykehus.")
    completed_in_kommune: StrictInt | None = Field(
        ge=0, description="Antall som fullføres i kommunedelen (også de som påbegynnes i sykehus)."
    )
    started_in_hospital_completed_in_kommune: StrictInt | None = Field(
        ge=0, description="Antall som påbegynnes i sykehus og fullføres i kommunen."
    )
    complete: StrictBool = Field(description="true når alle målene står i goals.")
    topics: list[Topic] = Field(min_length=1)
    goals: list[CommonGoal] = Field(description="Tom liste når kodene ikke er publisert.")
    transition_rule: Text | None = Field(
        description="Forskriftens overgangsregel for dem som startet før versjonen, ordrett."
    )
    transition_until: IsoDate | None = Field(description="Datoen i overgangsregelen.")
    sources: list[Source] = Field(min_length=1)
    note: Text | None
    en: CommonGoalVersionEn | None = english()
