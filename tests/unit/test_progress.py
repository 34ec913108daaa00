"""The progress counts (pure): each goal counted once, in its arena, by where it stands; the
activities waiting and signed; and the HPR number a LIS gives for the reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from test_goal_approvals import portfolio

from lis1.domain.portfolio import records
from lis1.domain.portfolio.activities import Activity
from lis1.domain.portfolio.approvals import GoalApproval
from lis1.domain.portfolio.errors import InvalidHpr
from lis1.domain.portfolio.goals import GoalArena, PlanGoal
from lis1.domain.portfolio.progress import ArenaProgress, progress

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)


def plan_goal(code: str, arena: GoalArena) -> PlanGoal:
    return PlanGoal(code, arena, "klinisk", None)


def approval(code: str, status: str) -> GoalApproval:
    part = "kommune" if code.startswith("KLK") else "sykehus"
    return GoalApproval("lis", code, part, status, version=1)  # type: ignore[arg-type]


def activity(n: int, status: str) -> Activity:
    return Activity(
        f"a{n}",
        "lis",
        "kurs",
        date(2026, 1, n),
        "Kurs",
        ("KLS-001",),
        status,
        NOW,  # type: ignore[arg-type]
    )


def test_each_goal_counts_once_in_its_arena_by_where_it_stands() -> None:
    goals = [
        plan_goal("KLS-001", "sykehus"),
        plan_goal("KLS-002", "sykehus"),
        plan_goal("KLS-003", "sykehus"),
        plan_goal("KLS-004", "sykehus"),
        plan_goal("KLS-005", "sykehus"),
        plan_goal("KLK-001", "kommune"),
        plan_goal("KLK-002", "kommune"),
    ]
    approvals = {
        "KLS-001": approval("KLS-001", "godkjent"),
        "KLS-002": approval("KLS-002", "sendt"),
        "KLS-003": approval("KLS-003", "returnert"),
        "KLS-004": approval("KLS-004", "åpen"),  # recalled, or an approval undone
        "KLK-001": approval("KLK-001", "godkjent"),
        "KLS-999": approval("KLS-999", "godkjent"),  # not in the plan: not counted
    }
    activities = [activity(1, "sendt"), activity(2, "signert"), activity(3, "signert")]
    counted = progress(goals, approvals, [*activities, activity(4, "utkast")], ["KLS-002"])
    assert counted.arenas == (
        ArenaProgress("sykehus", approved=1, sent=1, returned=1, remaining=2),
        ArenaProgress("kommune", approved=1, sent=0, returned=0, remaining=1),
    )
    assert (counted.approved, counted.total) == (2, 7)
    assert (counted.activities_waiting, counted.activities_signed) == (1, 2)
    assert counted.blocking == ("KLS-002",)
    assert progress(goals, {}, [], None).blocking is None


def test_an_hpr_number_is_up_to_nine_digits_and_spaces_are_dropped() -> None:
    given = records.with_hpr(portfolio(), " 12 345 678 ", NOW)
    assert (given.hpr, given.version, given.updated_at) == ("12345678", 5, NOW)
    for wrong in ("", "123", "1234567890", "12a456", "١٢٣٤٥٦٧"):  # Arabic-Indic digits too
        with pytest.raises(InvalidHpr):
            records.with_hpr(portfolio(), wrong, NOW)
    assert replace(portfolio(), hpr=None).hpr is None
