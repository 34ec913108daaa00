"""The goals of a LIS's plan, from the catalogue versions the plan names.

Clinical goals for the hospital (KLS) and the kommune (KLK), the psychiatry goals (KLP) only
with a psychiatry rotation, and the common competence goals (FKM) of the plan's version: with
codes and the regulation's wording for the version of 1 September 2025, as topics and a count
for the one before (its codes are not published in our sources).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from ...catalog import Catalog
from ...catalog.goal_models import CommonGoalVersion, LearningGoalCatalogue
from .records import Plan

GoalArena: TypeAlias = Literal["sykehus", "psykiatri", "kommune"]
GoalKind: TypeAlias = Literal["klinisk", "felles"]


@dataclass(frozen=True)
class PlanGoal:
    code: str
    arena: GoalArena
    kind: GoalKind
    text: str | None
    """The regulation's wording where the catalogue holds it (FKM from 2025), else None."""
    chapter: str | None = None


@dataclass(frozen=True)
class PlanGoals:
    goals: tuple[PlanGoal, ...]
    clinical: LearningGoalCatalogue
    common: CommonGoalVersion

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(goal.code for goal in self.goals)

    def in_arena(self, arena: GoalArena) -> list[PlanGoal]:
        return [goal for goal in self.goals if goal.arena == arena]


def versions(catalog: Catalog, plan: Plan) -> tuple[LearningGoalCatalogue, CommonGoalVersion]:
    clinical = next(c for c in catalog.learning_goals if c.id == plan.clinical)
    common = next(c for c in catalog.common_goals if c.id == plan.common)
    return clinical, common


def plan_goals(catalog: Catalog, plan: Plan, *, psychiatry: bool) -> PlanGoals:
    clinical, common = versions(catalog, plan)
    goals = [
        PlanGoal(goal.code, goal.arena, "klinisk", goal.label)
        for goal in clinical.goals
        if goal.arena != "psykiatri" or psychiatry
    ]
    goals += [
        PlanGoal(goal.code, goal.arena, "felles", goal.text, goal.chapter) for goal in common.goals
    ]
    return PlanGoals(tuple(goals), clinical, common)
