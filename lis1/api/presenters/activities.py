"""Learning activities as the pages and the JSON show them: values, never markup.

The goals of a plan are many (85 to 101 clinical goals, and the common ones): the form groups
them by arena and kind, each group a fieldset with its legend, the common goals with the
regulation's wording.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ...catalog import Catalog
from ...domain.portfolio.activities import (
    ACTIVITY_KINDS,
    KIND_NAMES,
    STATUS_NAMES,
    Activity,
    ActivityStatus,
)
from ...domain.portfolio.goals import GoalArena, GoalKind, PlanGoals
from ...domain.portfolio.relations import Relation
from ...i18n import N_, _
from ..schemas.activities import GOAL_FIELD, ActivityOut, GoalOut

GROUPS: tuple[tuple[GoalKind, GoalArena, str], ...] = (
    ("klinisk", "sykehus", N_("Kliniske læringsmål i sykehus (KLS)")),
    ("klinisk", "psykiatri", N_("Kliniske læringsmål i psykiatri (KLP)")),
    ("klinisk", "kommune", N_("Kliniske læringsmål i kommunen (KLK)")),
    ("felles", "sykehus", N_("Felles kompetansemål i sykehus (FKMS)")),
    ("felles", "kommune", N_("Felles kompetansemål i kommunen (FKMK)")),
)
LIST_ORDER: tuple[tuple[ActivityStatus, str], ...] = (
    ("returnert", N_("Returnert til deg: rett og send på nytt")),
    ("utkast", N_("Utkast")),
    ("sendt", N_("Venter på signatur")),
    ("signert", N_("Signert")),
)
FORM_FIELDS = ("kind", "day", "description", "supervisor")


@dataclass(frozen=True)
class GoalBox:
    code: str
    text: str | None
    field: str
    """The checkbox's name (and, lower-cased, its id)."""
    checked: bool


@dataclass(frozen=True)
class GoalGroup:
    id: str
    legend: str
    goals: list[GoalBox]
    chosen: int


def goal_texts(catalog: Catalog) -> dict[str, str | None]:
    """Each goal code the catalogue knows, with its wording where the catalogue has it."""
    texts: dict[str, str | None] = {}
    for clinical in catalog.learning_goals:
        texts.update({goal.code: goal.label for goal in clinical.goals})
    for common in catalog.common_goals:
        texts.update({goal.code: goal.text for goal in common.goals})
    return texts


def activity_out(
    texts: Mapping[str, str | None],
    activity: Activity,
    now: datetime,
    owner_name: str | None = None,
) -> ActivityOut:
    waited = None
    if activity.status == "sendt" and activity.sent_at is not None:
        waited = max(0, (now - activity.sent_at).days)
    return ActivityOut(
        id=activity.id,
        kind=activity.kind,
        kind_name=_(KIND_NAMES[activity.kind]),
        day=activity.day,
        description=activity.description,
        goals=[GoalOut(code=code, text=texts.get(code)) for code in activity.goals],
        status=activity.status,
        status_name=_(STATUS_NAMES[activity.status]),
        version=activity.version,
        supervisor=activity.supervisor,
        supervisor_name=activity.supervisor_name,
        sent_at=activity.sent_at,
        decided_at=activity.decided_at,
        comment=activity.comment,
        days_waited=waited,
        owner_name=owner_name,
    )


def by_status(activities: list[ActivityOut]) -> list[tuple[str, str, list[ActivityOut]]]:
    """The LIS's list in sections (id, heading, activities): what needs them first."""
    sections: list[tuple[str, str, list[ActivityOut]]] = []
    for status, heading in LIST_ORDER:
        found = [a for a in activities if a.status == status]
        if found:
            sections.append((status, _(heading), found))
    return sections


def goal_groups(goals: PlanGoals, chosen: set[str]) -> list[GoalGroup]:
    groups = []
    for kind, arena, legend in GROUPS:
        boxes = [
            GoalBox(g.code, g.text, GOAL_FIELD + g.code, g.code in chosen)
            for g in goals.goals
            if g.kind == kind and g.arena == arena
        ]
        if boxes:
            chosen_here = sum(box.checked for box in boxes)
            groups.append(GoalGroup(f"mal-{kind}-{arena}", _(legend), boxes, chosen_here))
    return groups


def kind_options() -> list[tuple[str, str]]:
    return [("", _("Velg type")), *((k, _(KIND_NAMES[k])) for k in ACTIVITY_KINDS)]


def supervisor_options(supervisors: list[Relation]) -> list[tuple[str, str]]:
    return [("", _("Velg supervisør")), *((r.subject, r.name) for r in supervisors)]


def form_values(given: Mapping[str, Any]) -> tuple[dict[str, str], set[str]]:
    """What was typed, to show in the form again: the text fields, and the goals chosen (from
    the form's checkboxes or a JSON list)."""
    values = {name: str(given.get(name) or "") for name in FORM_FIELDS}
    chosen = {k.removeprefix(GOAL_FIELD) for k in given if str(k).startswith(GOAL_FIELD)}
    listed = given.get("goals")
    if isinstance(listed, list):
        chosen |= {str(code) for code in listed}
    return values, chosen


def activity_values(activity: Activity) -> tuple[dict[str, str], set[str]]:
    """A stored activity as the form's values."""
    values = {
        "kind": activity.kind,
        "day": activity.day.isoformat(),
        "description": activity.description,
        "supervisor": activity.supervisor or "",
    }
    return values, set(activity.goals)
