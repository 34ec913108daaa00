"""Cross-checks of the learning-goal catalogues: codes in order and in their arena, versions
in force in a possible order, counts that add up."""

from __future__ import annotations

from .kinds import Loaded
from .models import ARENA_PREFIX, CommonGoalVersion, LearningGoalCatalogue
from .problems import Problem
from .report import error


def learning_goal_problems(item: Loaded) -> list[Problem]:
    catalogue: LearningGoalCatalogue = item.model
    problems = []
    expected_number: dict[str, int] = {}
    for i, goal in enumerate(catalogue.goals):
        prefix, number = goal.code.split("-")
        if prefix != ARENA_PREFIX[goal.arena]:
            problems.append(
                error(
                    item,
                    ("goals", i, "arena"),
                    f"{goal.code} hører til arena {_arena_of(prefix)}, ikke {goal.arena}.",
                )
            )
        want = expected_number.get(prefix, 0) + 1
        if int(number) != want:
            problems.append(
                error(
                    item,
                    ("goals", i, "code"),
                    f"forventet {prefix}-{want:03d} "
                    f"her (kodene skal stå i rekkefølge uten hull), fant {goal.code}.",
                )
            )
        expected_number[prefix] = int(number)
    if catalogue.in_force_until is not None and catalogue.in_force_until < catalogue.in_force_from:
        problems.append(error(item, ("in_force_until",), "kan ikke være før in_force_from."))
    return problems


def _arena_of(prefix: str) -> str:
    return next(arena for arena, p in ARENA_PREFIX.items() if p == prefix)


def common_goal_problems(item: Loaded) -> list[Problem]:
    version: CommonGoalVersion = item.model
    problems = []
    if version.complete and len(version.codes) != version.count:
        problems.append(
            error(
                item,
                ("codes",),
                f"complete er true, men listen har "
                f"{len(version.codes)} koder og count er {version.count}.",
            )
        )
    split = (version.completed_in_hospital or 0) + (
        version.started_in_hospital_completed_in_kommune or 0
    )
    if split > version.count:
        problems.append(
            error(
                item,
                ("completed_in_hospital",),
                f"delene ({split}) er flere enn count ({version.count}).",
            )
        )
    start, end = version.in_force_from, version.in_force_until
    if start is not None and end is not None and end < start:
        problems.append(error(item, ("in_force_until",), "kan ikke være før in_force_from."))
    return problems
