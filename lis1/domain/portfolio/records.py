"""The portfolio record: whose it is, the employments it holds and the plan it follows.

One record per LIS for the whole LIS1. It starts when an applicant is hired in an offer round
(the hire gives the hospital part and the coupled kommune part), or when the LIS creates it
(reststillinger, earlier hires). It can hold several employments: hospital parts, a kommune
part, reststillinger, each with the employer who confirms its leder.

The plan is one catalogue version for the whole LIS1, chosen by the start of the first hospital
part (:func:`choose_plan`) and kept when employments are added later. A LIS who started the
hospital part before the common goals in force now keeps the old plan if they wish, but not
beyond the transition rule's day (``transition_until`` in data/common-goals): they may move at
any time (:func:`move_to_new_plan`), and from that day the new plan applies whatever is stored
(:func:`plan_in_effect`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal, TypeAlias

from .errors import (
    AlreadyMoved,
    InvalidHpr,
    KommuneBlocked,
    NoOldPlan,
    NotKommuneEmployment,
    PlanFixedAfterMove,
    UnknownEmployment,
)

EmploymentArena: TypeAlias = Literal["sykehus", "kommune"]
Part: TypeAlias = Literal["sykehus", "kommune"]
Origin: TypeAlias = Literal["tilbud", "egen"]
"""Where an employment came from: a hire in an offer round, or entered by the LIS."""

MIN_MONTHS = 2
"""An employment must last at least two months to count."""
MAX_EMPLOYMENTS = 12


@dataclass(frozen=True)
class Employment:
    id: str
    arena: EmploymentArena
    organisation: str
    """The HF or kommune (organisation id in data/organisations): the employer whose
    administrator confirms the leder."""
    starts: date
    ends: date
    """The last day of the employment."""
    psychiatry: bool = False
    """A hospital part with a psychiatry rotation: the plan then holds the KLP goals."""
    origin: Origin = "egen"
    offer_id: str | None = None


@dataclass(frozen=True)
class Plan:
    clinical: str
    """The id of the clinical goals' version (data/learning-goals)."""
    common: str
    """The id of the common goals' version (data/common-goals)."""
    old_common: bool
    """The common goals are the version before 1 September 2025 (the transition rule)."""


@dataclass(frozen=True)
class Move:
    """The kommune's administrator confirmed the LIS's start there: the record is in the
    kommune part from then on."""

    employment_id: str
    organisation: str
    by: str
    at: datetime


@dataclass(frozen=True)
class ConfirmedField:
    section: str
    label: str
    kind: str
    value: str


@dataclass(frozen=True)
class ServiceConfirmation:
    id: str
    employment_id: str
    organisation: str
    template: str
    """The template's id and ``updated`` day, e.g. bekreftelse-praktisk-tjeneste@2026-11-25."""
    fields: tuple[ConfirmedField, ...]
    by: str
    by_name: str
    """The administrator who made it: the approving person the document names."""
    at: datetime
    leder: str | None = None
    """The name of the employment's confirmed leder when it was made, if there was one."""


@dataclass(frozen=True)
class Portfolio:
    owner: str
    """The LIS's subject."""
    owner_name: str
    created_at: datetime
    plan: Plan
    employments: tuple[Employment, ...]
    version: int = 1
    updated_at: datetime | None = None
    moved: Move | None = None
    hpr: str | None = None
    """The LIS's number in Helsepersonellregisteret, as they gave it (the reports carry it)."""
    confirmations: tuple[ServiceConfirmation, ...] = ()
    """The employers' bekreftelser på gjennomført tjenestetid (:mod:`.confirmations`)."""

    @property
    def part(self) -> Part:
        """The part of LIS1 the record is in: the hospital until the kommune confirms the
        start there."""
        return "sykehus" if self.moved is None else "kommune"

    def employment(self, employment_id: str) -> Employment:
        for employment in self.employments:
            if employment.id == employment_id:
                return employment
        raise UnknownEmployment()

    @property
    def hospital_start(self) -> date | None:
        starts = [e.starts for e in self.employments if e.arena == "sykehus"]
        return min(starts) if starts else None

    @property
    def psychiatry(self) -> bool:
        return any(e.psychiatry for e in self.employments if e.arena == "sykehus")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def long_enough(starts: date, ends: date) -> bool:
    """Whether an employment from ``starts`` to its last day ``ends`` lasts the two months it
    needs to count (1 March to 30 April does)."""
    return ends >= add_months(starts, MIN_MONTHS) - timedelta(days=1)


def may_keep_old_plan(plan: Plan, today: date, until: date | None) -> bool:
    """Whether an old plan still holds ``today``; ``until`` is the transition rule's day (from
    the common goals' data)."""
    return plan.old_common and (until is None or today < until)


def plan_in_effect(plan: Plan, new_common: str, today: date, until: date | None) -> Plan:
    """The plan that applies ``today``: an old plan from the transition rule's day ``until``
    on is the new one, whatever is stored."""
    if plan.old_common and not may_keep_old_plan(plan, today, until):
        return replace(plan, common=new_common, old_common=False)
    return plan


def move_to_new_plan(portfolio: Portfolio, new_common: str, now: datetime) -> Portfolio:
    """The LIS leaves the old common goals for the new ones (cannot be undone); not once the
    kommune part has started, as the new plan's hospital goals could no longer be approved."""
    if not portfolio.plan.old_common:
        raise NoOldPlan()
    if portfolio.moved is not None:
        raise PlanFixedAfterMove()
    plan = replace(portfolio.plan, common=new_common, old_common=False)
    return replace(portfolio, plan=plan, version=portfolio.version + 1, updated_at=now)


def move_to_kommune(
    portfolio: Portfolio, employment_id: str, *, by: str, now: datetime, blocking: list[str]
) -> Portfolio:
    """The kommune part starts in the record: refused while goals that must be completed in
    the hospital (``blocking``, their codes) are not approved."""
    if portfolio.moved is not None:
        raise AlreadyMoved()
    employment = portfolio.employment(employment_id)
    if employment.arena != "kommune":
        raise NotKommuneEmployment()
    if blocking:
        raise KommuneBlocked(len(blocking))
    moved = Move(employment.id, employment.organisation, by, now)
    return replace(portfolio, moved=moved, version=portfolio.version + 1, updated_at=now)


HPR_DIGITS = (4, 9)
"""An HPR number is a number of up to nine digits (the lower bound only stops slips)."""


def normal_hpr(hpr: str) -> str:
    """An HPR number as typed, in its stored form: spaces are dropped, anything else than 4 to
    9 digits is refused (InvalidHpr)."""
    number = "".join(hpr.split())
    low, high = HPR_DIGITS
    if not (number.isascii() and number.isdigit() and low <= len(number) <= high):
        raise InvalidHpr()
    return number


def with_hpr(portfolio: Portfolio, hpr: str, now: datetime) -> Portfolio:
    """The record with the LIS's HPR number (checked by :func:`normal_hpr`)."""
    number = normal_hpr(hpr)
    return replace(portfolio, hpr=number, version=portfolio.version + 1, updated_at=now)
