"""The kinds of data file: one folder each, with its model and its JSON Schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .goal_models import CommonGoalVersion, LearningGoalCatalogue
from .models import ExtraRound, OrganisationList, Period, RuleList, Site, Template
from .source import SourceFile


@dataclass(frozen=True)
class Kind:
    folder: str
    schema: str
    model: type[BaseModel]


KINDS: tuple[Kind, ...] = (
    Kind("site", "site", Site),
    Kind("organisations", "organisations", OrganisationList),
    Kind("periods", "period", Period),
    Kind("extra-rounds", "extra-round", ExtraRound),
    Kind("rules", "rules", RuleList),
    Kind("learning-goals", "learning-goals", LearningGoalCatalogue),
    Kind("common-goals", "common-goals", CommonGoalVersion),
    Kind("templates", "template", Template),
)


@dataclass(frozen=True)
class Loaded:
    kind: Kind
    source: SourceFile
    model: Any


def schema_pointer(kind: Kind) -> str:
    """The first line of every data file of this kind, read by editors' YAML plug-ins."""
    return f"# yaml-language-server: $schema=../../schemas/{kind.schema}.schema.json"
