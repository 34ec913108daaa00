"""Learning goals on their way to approval as the API takes and gives them.

The bounds here only keep a request small; the rules (a recommendation's and a return's words
are required, at most 2000 characters) are the service's, with words saying what to fix.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ConfigDict, Field

from .base import Schema
from .portfolio import RelationsOut

_TEXT = 20_000


class RecommendIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(
        default="", max_length=_TEXT, description="Anbefalingen med dine ord (høyst 2000 tegn)."
    )


class CommentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    comment: str = Field(
        default="",
        max_length=_TEXT,
        description="Kommentar til legen (høyst 2000 tegn); påkrevd ved retur og angring.",
    )


class RecommendationOut(Schema):
    name: str
    kinds: list[str] = Field(description="veileder og/eller supervisør.")
    as_words: str = Field(description="Som hva personen anbefalte, i ord.")
    at: datetime
    text: str | None = Field(description="Anbefalingen; bare på målets egen side.")


class DecisionOut(Schema):
    kind: str = Field(description="godkjent, returnert eller gjenåpnet.")
    kind_name: str
    name: str
    role: str = Field(description="leder eller godkjenner.")
    role_name: str
    at: datetime
    comment: str | None


class EventOut(Schema):
    at: datetime
    name: str
    role: str
    role_name: str
    action: str
    action_name: str
    status: str


class ServingOut(Schema):
    """A learning activity that names the goal."""

    id: str
    kind_name: str
    day: date
    status: str
    status_name: str
    supervisor_name: str | None


class GoalOut(Schema):
    code: str
    text: str | None
    arena: str
    kind: str
    part: str = Field(description="sykehus eller kommune: delen av LIS1 målet avgjøres i.")
    status: str = Field(description="åpen, sendt, godkjent eller returnert.")
    status_name: str
    view: str = Field(
        description="hel, eller supervisør: bare status og din egen anbefaling (en supervisør "
        "som ikke leser porteføljen)."
    )
    sent_at: datetime | None
    recommendations: list[RecommendationOut]
    missing: list[str] | None = Field(
        description="Anbefalingene en godkjenning mangler (veileder, supervisør); null i "
        "supervisørens visning."
    )
    missing_names: list[str] | None
    decision: DecisionOut | None = Field(description="Den siste avgjørelsen.")
    actions: list[str] = Field(
        description="Det du kan gjøre nå: send, trekk, anbefal, godkjenn, returner, angre."
    )
    history: list[EventOut] | None = Field(default=None, description="Bare på målets side.")
    activities: list[ServingOut] | None = Field(default=None, description="Bare på målets side.")


class GoalListOut(Schema):
    owner_name: str
    part: str = Field(description="Delen av LIS1 porteføljen er i: sykehus eller kommune.")
    blocking: list[str] | None = Field(
        description="I sykehusdelen: sykehusmålene som ikke er godkjent (de hindrer oppstart i "
        "kommunen); null i kommunedelen."
    )
    goals: list[GoalOut]


class WaitingOut(Schema):
    relation_id: str
    lis: str
    code: str
    text: str | None
    task: str = Field(description="avgjøre eller anbefale.")
    sent_at: datetime | None


class RolesOut(RelationsOut):
    waiting: list[WaitingOut] = Field(
        description="Læringsmål som venter på deg, eldste først: å avgjøre eller anbefale."
    )
