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

from .errors import NoOldPlan, PlanTooOld, UnknownEmployment

EmploymentArena: TypeAlias = Literal["sykehus", "kommune"]
Origin: TypeAlias = Literal["tilbud", "egen"]
"""Where an employment came from: a hire in an offer round, or entered by the LIS."""

FIRST_CLINICAL = date(2020, 3, 1)
"""The clinical goals the portfolio knows (KLS, KLP, KLK) came into force."""
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
class Portfolio:
    owner: str
    """The LIS's subject."""
    owner_name: str
    created_at: datetime
    plan: Plan
    employments: tuple[Employment, ...]
    version: int = 1
    updated_at: datetime | None = None

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


def choose_plan(hospital_start: date, clinical: str, common: str, *, old_common: bool) -> Plan:
    """The plan of a LIS whose hospital part starts ``hospital_start``, from the catalogue
    versions in force that day; PlanTooOld before the clinical goals the portfolio knows."""
    if hospital_start < FIRST_CLINICAL:
        raise PlanTooOld()
    return Plan(clinical=clinical, common=common, old_common=old_common)


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
    """The LIS leaves the old common goals for the new ones (cannot be undone)."""
    if not portfolio.plan.old_common:
        raise NoOldPlan()
    plan = replace(portfolio.plan, common=new_common, old_common=False)
    return replace(portfolio, plan=plan, version=portfolio.version + 1, updated_at=now)
