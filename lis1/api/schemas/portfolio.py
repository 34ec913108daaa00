"""Request and response models of the portfolio: the record, its employments and people, and
the invitations and relations around it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import ConfigDict, Field

from .base import Schema

_ID = r"^[a-z0-9][a-z0-9-]{0,79}$"
_FORM = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class EmploymentIn(Schema):
    """An employment the LIS enters (the hospital part first)."""

    model_config = _FORM
    arena: Literal["sykehus", "kommune"]
    organisation: str = Field(pattern=_ID)
    starts: date
    ends: date
    psychiatry: bool = False


class PortfolioInviteIn(Schema):
    """An invitation to a role on one employment, for someone named, by e-mail."""

    model_config = _FORM
    employment_id: str = Field(pattern=r"^[A-Za-z0-9-]{1,40}$")
    kind: Literal["leder", "veileder", "supervisør", "godkjenner"]
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=254)


class EmploymentOut(Schema):
    id: str
    arena: str
    organisation: str
    organisation_name: str
    starts: date
    ends: date
    psychiatry: bool
    origin: str


class RelationOut(Schema):
    id: str
    kind: str
    name: str
    status: str
    lis: str
    organisation: str
    employment_id: str
    since: datetime


class PortfolioInvitationOut(Schema):
    id: str
    kind: str
    name: str
    email: str
    status: str
    employment_id: str
    expires_at: datetime
    link: str | None = None
    """Only in the answer that created it: the token is never stored."""


class PlanOut(Schema):
    clinical: str
    common: str
    old_common: bool
    old_plan_until: date | None
    goals: int


class PortfolioOut(Schema):
    owner_name: str
    plan: PlanOut
    employments: list[EmploymentOut]
    relations: list[RelationOut]
    invitations: list[PortfolioInvitationOut]


class GoalOut(Schema):
    code: str
    arena: str
    kind: str
    text: str | None
    chapter: str | None


class GoalsOut(Schema):
    clinical: str
    common: str
    goals: list[GoalOut]


class RelationsOut(Schema):
    relations: list[RelationOut]


class ApproverInviteIn(Schema):
    """The person a leder delegates approval to, by name and e-mail."""

    model_config = _FORM
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=254)
