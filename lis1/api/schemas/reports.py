"""What a portfolio proves, as the API gives it: the progress counts and the standard report.

The report names the LIS by name and HPR number only and holds no recommendation, comment or
supervision conversation (see :mod:`lis1.services.portfolio_report`).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ConfigDict, Field

from .base import Schema


class ArenaProgressOut(Schema):
    arena: str
    """sykehus, psykiatri or kommune."""
    arena_name: str
    approved: int
    sent: int
    returned: int
    remaining: int
    total: int


class ProgressOut(Schema):
    owner_name: str
    part: str
    arenas: list[ArenaProgressOut]
    approved: int
    total: int
    activities_waiting: int
    """Activities sent to a supervisør and not yet signed or returned."""
    activities_signed: int
    blocking: list[str] | None
    """In the hospital part, the hospital goals not yet approved; None in the kommune part."""


class LisProgressOut(ProgressOut):
    relation_id: str
    role: str
    """What the reader is to this LIS (leder, godkjenner, veileder)."""
    role_name: str


class OverviewOut(Schema):
    lis: list[LisProgressOut]


class EmploymentLineOut(Schema):
    arena: str
    organisation: str
    organisation_name: str
    starts: date
    ends: date


class ApprovedGoalOut(Schema):
    code: str
    arena: str
    text: str | None
    approved_at: datetime
    approved_by: str
    role: str


class SignedActivityOut(Schema):
    day: date
    kind: str
    kind_name: str
    description: str
    goals: list[str]
    signed_by: str
    signed_at: datetime


class ReportOut(Schema):
    """The standard report: approved goals and signed activities of one portfolio."""

    lis_name: str
    hpr: str | None
    employments: list[EmploymentLineOut]
    clinical_catalogue: str
    common_catalogue: str
    part: str
    made_at: datetime
    progress: ProgressOut
    goals: list[ApprovedGoalOut]
    activities: list[SignedActivityOut]
    common_not_tracked: int = Field(
        description="Felles kompetansemål i planen uten publiserte koder (den gamle planen): "
        "følges ikke enkeltvis i tjenesten og er ikke med i tallene."
    )


class HprIn(Schema):
    model_config = ConfigDict(extra="forbid")
    hpr: str = Field(max_length=40, description="HPR-nummeret (opptil ni sifre).")
