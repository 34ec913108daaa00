"""The English of the data: for each kind of item people read, the fields an ``en:`` block holds.

Bokmål is authoritative and required; English is written beside it, in the same file, under
``en:`` with the same field names as the bokmål fields it translates (a rule's ``en:`` has
``title`` and ``text``). Every key of an ``en:`` block is written, as everywhere in ``data/``;
a field that is ``null`` in bokmål is ``null`` in English too (``translation_checks`` says so
with file and line). An item without ``en:`` is shown in bokmål on English pages, and
``tests/unit/test_data_translations.py`` fails until it gets one.

These models know nothing of the bokmål ones, so ``models.py`` can hang one on each of its own.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

ENGLISH = "en"
SEASON_NAMES_EN = {"var": "Spring", "host": "Autumn"}
"""A period's English name is made like its bokmål one: "Spring 2024" for "Våren 2024"."""


def english() -> Any:
    """The ``en`` field of a bokmål model: optional, so an editor can add bokmål first."""
    return Field(
        default=None,
        description="Engelsk oversettelse av tekstene i blokken, med de samme nøklene. "
        "Bokmål gjelder ved uenighet.",
    )


class English(BaseModel):
    """Base of every ``en:`` block: unknown keys are errors and every key must be written."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class SourceEn(English):
    title: Text = Field(description="Kildens tittel på engelsk (navn på dokumenter kan stå).")


class RoundEn(English):
    note: Text | None


class PeriodEn(English):
    note: Text | None


class OrganisationShareEn(English):
    note: Text | None


class ExtraRoundEn(English):
    name: Text
    note: Text | None


class OrganisationEn(English):
    name: Text = Field(description="Bare der det finnes et engelsk navn; egennavn står som de er.")


class RuleEn(English):
    title: Text
    text: Text


class RuleListEn(English):
    audience: Text


class LearningGoalEn(English):
    label: Text | None


class TopicEn(English):
    name: Text


class CommonGoalEn(English):
    chapter_name: Text
    text: Text = Field(
        description="Et engelsk sammendrag av målet; forskriftens norske ordlyd er den gjeldende."
    )


class CommonGoalVersionEn(English):
    transition_rule: Text | None = Field(
        description="Et engelsk sammendrag av overgangsregelen; den norske ordlyden gjelder."
    )
    note: Text | None


class TemplateFieldEn(English):
    label: Text
    help: Text | None


class TemplateSectionEn(English):
    heading: Text
    text: Text | None
    checklist: list[Text] = Field(
        description="Like mange punkter som på bokmål, i samme rekkefølge."
    )


class TemplateEn(English):
    title: Text
    purpose: Text
    note: Text | None


class SiteEn(English):
    title: Text
