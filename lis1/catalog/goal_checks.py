"""Cross-checks of the learning-goal catalogues: codes in order and in their arena, versions
in force in a possible order (and never two on one day), counts that add up.

The models check each value; these checks need several values at once, so they live here and
name the field (and so the line) to correct.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from itertools import pairwise
from typing import TypeVar

from .goal_models import ARENA_PREFIX, COMMON_PREFIX, CommonGoalVersion, LearningGoalCatalogue
from .kinds import Loaded
from .problems import Problem
from .report import error

ArenaT = TypeVar("ArenaT", bound=str)


def learning_goal_problems(item: Loaded) -> list[Problem]:
    catalogue: LearningGoalCatalogue = item.model
    problems = _codes(item, [(g.code, g.arena) for g in catalogue.goals], ARENA_PREFIX)
    if catalogue.in_force_until is not None and catalogue.in_force_until < catalogue.in_force_from:
        problems.append(error(item, ("in_force_until",), "kan ikke være før in_force_from."))
    return problems


def _codes(
    item: Loaded, goals: Sequence[tuple[str, ArenaT]], prefixes: Mapping[ArenaT, str]
) -> list[Problem]:
    """Each code's prefix is its arena's, and the codes of a prefix run 001, 002, … in order
    (other prefixes may stand between them, as in the regulation's order by chapter)."""
    problems = []
    last_number: dict[str, int] = {}
    for i, (code, arena) in enumerate(goals):
        prefix, number = code.split("-")
        if prefix != prefixes[arena]:
            owner = next((a for a, p in prefixes.items() if p == prefix), None)
            problems.append(
                error(
                    item,
                    ("goals", i, "arena"),
                    f"{code} hører til arena {owner}, ikke {arena}."
                    if owner
                    else f"koden {code} hører ikke til noen arena; {arena} har {prefixes[arena]}.",
                )
            )
        want = last_number.get(prefix, 0) + 1
        if int(number) != want:
            problems.append(
                error(
                    item,
                    ("goals", i, "code"),
                    f"forventet {prefix}-{want:03d} "
                    f"her (kodene skal stå i rekkefølge uten hull), fant {code}.",
                )
            )
        last_number[prefix] = int(number)
    return problems


def common_goal_problems(item: Loaded) -> list[Problem]:
    version: CommonGoalVersion = item.model
    problems = _codes(item, [(g.code, g.arena) for g in version.goals], COMMON_PREFIX)
    problems += _chapters(item, version)
    problems += _counts(item, version)
    problems += _dates(item, version)
    return problems


def _chapters(item: Loaded, version: CommonGoalVersion) -> list[Problem]:
    """A goal's chapter is one of the version's topics (id a3 for A3), under the same name."""
    names = {topic.id: topic.name for topic in version.topics}
    problems = []
    for i, goal in enumerate(version.goals):
        topic = goal.chapter.lower()
        if topic not in names:
            problems.append(
                error(
                    item,
                    ("goals", i, "chapter"),
                    f"kapittel {goal.chapter} står ikke blant topics; legg til et tema med "
                    f"id {topic} og kapitlets navn.",
                )
            )
        elif names[topic] != goal.chapter_name:
            problems.append(
                error(
                    item,
                    ("goals", i, "chapter_name"),
                    f"kapittel {goal.chapter} heter «{names[topic]}» i topics, "
                    f"ikke «{goal.chapter_name}».",
                )
            )
    return problems


def _counts(item: Loaded, version: CommonGoalVersion) -> list[Problem]:
    problems = []
    listed = len(version.goals)
    if version.complete and listed != version.count:
        problems.append(
            error(
                item,
                ("goals",),
                f"complete er true, men listen har {listed} mål og count er {version.count}.",
            )
        )
    if not version.complete and listed == version.count:
        problems.append(
            error(
                item,
                ("complete",),
                f"alle {version.count} målene står i goals; skriv complete: true.",
            )
        )
    hospital, kommune = version.completed_in_hospital, version.completed_in_kommune
    started = version.started_in_hospital_completed_in_kommune
    if hospital is not None and started is not None and hospital + started > version.count:
        problems.append(
            error(
                item,
                ("completed_in_hospital",),
                f"delene ({hospital + started}) er flere enn count ({version.count}).",
            )
        )
    if hospital is not None and kommune is not None and hospital + kommune != version.count:
        problems.append(
            error(
                item,
                ("completed_in_kommune",),
                f"sykehus ({hospital}) og kommune ({kommune}) blir {hospital + kommune} mål, "
                f"men count er {version.count}.",
            )
        )
    if version.complete and listed == version.count:
        for field, arena, counted in (
            ("completed_in_hospital", "sykehus", hospital),
            ("completed_in_kommune", "kommune", kommune),
        ):
            in_list = sum(1 for goal in version.goals if goal.arena == arena)
            if counted is not None and counted != in_list:
                problems.append(
                    error(
                        item,
                        (field,),
                        f"listen har {in_list} mål med arena {arena}, men {field} er {counted}.",
                    )
                )
    return problems


def _dates(item: Loaded, version: CommonGoalVersion) -> list[Problem]:
    problems = []
    start, end = version.in_force_from, version.in_force_until
    if start is not None and end is not None and end < start:
        problems.append(error(item, ("in_force_until",), "kan ikke være før in_force_from."))
    if (version.transition_rule is None) != (version.transition_until is None):
        problems.append(
            error(
                item,
                ("transition_until",),
                "transition_rule og transition_until hører sammen: fyll inn begge eller ingen.",
            )
        )
    until = version.transition_until
    if until is not None and start is not None and until <= start:
        problems.append(
            error(
                item,
                ("transition_until",),
                f"overgangen må slutte etter in_force_from ({start}), ikke {until}.",
            )
        )
    return problems


def version_problems(loaded: Sequence[Loaded]) -> list[Problem]:
    """Versions of the same catalogue never overlap: on any day at most one is in force."""
    problems = []
    for kind in (LearningGoalCatalogue, CommonGoalVersion):
        items = [item for item in loaded if isinstance(item.model, kind)]
        items.sort(key=lambda item: item.model.in_force_from or date.min)
        for before, after in pairwise(items):
            end: date | None = before.model.in_force_until
            start: date | None = after.model.in_force_from
            if start is None or end is None or end >= start:
                ends = f"til og med {end}" if end else "uten sluttdato"
                problems.append(
                    error(
                        after,
                        ("in_force_from",),
                        f"versjonen overlapper med «{before.model.id}», som gjelder {ends} "
                        f"({before.source.name}). Gi den forrige versjonen in_force_until dagen "
                        "før denne begynner.",
                    )
                )
    return problems
