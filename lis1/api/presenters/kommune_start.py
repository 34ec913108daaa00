"""The kommune start as values: for a kommune's administrators, each LIS expected there with
how many hospital goals still block the start (not which: see "Who sees what"); for the LIS
and the people reading the record, which part of LIS1 the record is in and which goals keep the
kommune part from starting. The rules are the services' (:mod:`lis1.services.kommune_start`,
:func:`lis1.services.goal_approvals.blocking`); nothing here decides."""

from __future__ import annotations

from typing import Any

from ...catalog import Catalog
from ...domain.portfolio.goals import PlanGoals
from ...domain.portfolio.records import Portfolio
from ...identity import Principal
from ...oslo import oslo_today
from ...services.kommune_start import Expected
from ..schemas.kommune_start import KommuneStartOut
from .portfolio import organisation_name


def start_out(catalog: Catalog, expected: Expected, who: Principal) -> KommuneStartOut:
    portfolio, employment = expected.portfolio, expected.employment
    return KommuneStartOut(
        employment_id=employment.id,
        lis=portfolio.owner_name,
        organisation=employment.organisation,
        organisation_name=organisation_name(catalog, employment.organisation),
        starts=employment.starts,
        ends=employment.ends,
        part=portfolio.part,
        confirmed_at=portfolio.moved.at if portfolio.moved else None,
        blocking=len(expected.blocking),
        may_confirm=(
            not expected.started and not expected.blocking and portfolio.owner != who.subject
        ),
    )


def start_row(start: KommuneStartOut, own: bool) -> dict[str, Any]:
    """One LIS on the administrator's page; ``own``: the administrator is this LIS."""
    return {**start.model_dump(), "own": own}


def part_summary(
    catalog: Catalog, portfolio: Portfolio, goals: PlanGoals, blocking: list[str]
) -> dict[str, Any]:
    """Which part the record is in and, in the hospital part, the goals that block the kommune
    part (``blocking``, their codes)."""
    moved = portfolio.moved
    if moved is not None:
        return {
            "part": "kommune",
            "since": oslo_today(moved.at),
            "organisation": organisation_name(catalog, moved.organisation),
            "blocking": [],
        }
    texts = {goal.code: goal.text for goal in goals.goals}
    return {
        "part": "sykehus",
        "since": None,
        "organisation": None,
        "blocking": [{"code": code, "text": texts.get(code)} for code in blocking],
    }
