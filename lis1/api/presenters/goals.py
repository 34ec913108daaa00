"""Learning goals on their way to approval as the pages and the JSON show them: values, never
markup. What each person may see and do comes from :mod:`lis1.services.goal_reading`; here it
is only put into words."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.portfolio import approvals as rules
from ...domain.portfolio.activities import KIND_NAMES as ACTIVITY_KINDS
from ...domain.portfolio.activities import STATUS_NAMES as ACTIVITY_STATUSES
from ...domain.portfolio.activities import Activity
from ...domain.portfolio.approvals import STATUS_NAMES, Decision, Recommendation
from ...domain.portfolio.errors import MissingRecommendations
from ...domain.portfolio.relations import KIND_NAMES
from ...i18n import N_, _
from ...services.goal_approvals import GoalRow
from ...services.goal_queue import Waiting
from ...services.goal_reading import Event, Seen
from ..schemas.goals import (
    DecisionOut,
    EventOut,
    GoalOut,
    RecommendationOut,
    ServingOut,
    WaitingOut,
)
from .activities import GROUPS

OTHERS_STATUS: dict[str, str] = {"returnert": N_("returnert til legen")}
"""The status in the words of the people in roles, where the LIS's words say "deg"."""
DECISION_NAMES: dict[str, str] = {
    "godkjent": N_("godkjent"),
    "returnert": N_("returnert"),
    "gjenåpnet": N_("godkjenningen er angret"),
}
ROLE_NAMES: dict[str, str] = {
    "lis": N_("lege i spesialisering"),
    "veileder+supervisør": N_("veileder og supervisør"),
    **{str(kind): words for kind, words in KIND_NAMES.items()},
}
ACTION_NAMES: dict[str, str] = {
    "send_goal": N_("sendte målet til godkjenning"),
    "recall_goal": N_("trakk målet tilbake"),
    "recommend_goal": N_("anbefalte målet"),
    "approve_goal": N_("godkjente målet"),
    "return_goal": N_("returnerte målet"),
    "reopen_goal": N_("angret godkjenningen"),
}
PART_NAMES: dict[str, str] = {"sykehus": N_("Sykehusdelen"), "kommune": N_("Kommunedelen")}
TASK_NAMES: dict[str, str] = {"avgjøre": N_("avgjøre"), "anbefale": N_("anbefale")}


@dataclass(frozen=True)
class Group:
    id: str
    legend: str
    goals: list[GoalOut]


def goal_out(seen: Seen, row: GoalRow, *, detail: bool = False) -> GoalOut:
    """One goal as the person of ``seen`` may read it; the recommendations' words only with
    ``detail`` (the goal's own page)."""
    approval, goal = row.approval, row.goal
    status = row.status
    words = (
        STATUS_NAMES[status] if seen.viewer.lis else OTHERS_STATUS.get(status, STATUS_NAMES[status])
    )
    recommendations = list(approval.recommendations) if approval else []
    if not seen.full:
        recommendations = [r for r in recommendations if r.by == seen.viewer.subject]
    missing = list(row.missing) if seen.full else None
    decision = approval.decision if approval and seen.full else None
    return GoalOut(
        code=goal.code,
        text=goal.text,
        arena=goal.arena,
        kind=goal.kind,
        part=rules.part_of(goal),
        status=status,
        status_name=_(words),
        view="hel" if seen.full else "supervisør",
        sent_at=approval.sent_at if approval and seen.full else None,
        recommendations=[_recommendation(r, detail) for r in recommendations],
        missing=missing,
        missing_names=None
        if missing is None
        else [_(MissingRecommendations.WORDS[kind]) for kind in missing],
        decision=_decision(decision) if decision else None,
        actions=list(seen.viewer.actions(row, seen.portfolio.part)),
    )


def _recommendation(recommendation: Recommendation, detail: bool) -> RecommendationOut:
    return RecommendationOut(
        name=recommendation.name,
        kinds=list(recommendation.kinds),
        as_words=_(" og ").join(_(KIND_NAMES[kind]) for kind in recommendation.kinds),
        at=recommendation.at,
        text=recommendation.text if detail else None,
    )


def _decision(decision: Decision) -> DecisionOut:
    return DecisionOut(
        kind=decision.kind,
        kind_name=_(DECISION_NAMES[decision.kind]),
        name=decision.name,
        role=decision.role,
        role_name=_(KIND_NAMES[decision.role]),
        at=decision.at,
        comment=decision.comment,
    )


def event_out(event: Event) -> EventOut:
    return EventOut(
        at=event.at,
        name=event.name or _("ukjent person"),
        role=event.role,
        role_name=_(ROLE_NAMES.get(event.role, N_("ukjent rolle"))),
        action=event.action,
        action_name=_(ACTION_NAMES[event.action]),
        status=event.status,
    )


def serving_out(activity: Activity) -> ServingOut:
    return ServingOut(
        id=activity.id,
        kind_name=_(ACTIVITY_KINDS[activity.kind]),
        day=activity.day,
        status=activity.status,
        status_name=_(ACTIVITY_STATUSES[activity.status]),
        supervisor_name=activity.supervisor_name if activity.status != "utkast" else None,
    )


def by_part(goals: list[GoalOut]) -> list[tuple[str, list[Group]]]:
    """The goals by the part of LIS1 they are approved in, then by arena and kind, as the plan
    lists them: (heading, groups)."""
    parts = []
    for part in ("sykehus", "kommune"):
        groups = []
        for kind, arena, legend in GROUPS:
            found = [g for g in goals if g.kind == kind and g.arena == arena and g.part == part]
            if found:
                groups.append(Group(f"mal-{kind}-{arena}", _(legend), found))
        if groups:
            parts.append((_(PART_NAMES[part]), groups))
    return parts


def waiting_out(waiting: Waiting) -> WaitingOut:
    return WaitingOut(
        relation_id=waiting.relation.id,
        lis=waiting.relation.role.owner_name,
        code=waiting.goal.code,
        text=waiting.goal.text,
        task=waiting.task,
        sent_at=waiting.approval.sent_at,
    )


def task_name(task: str) -> str:
    return _(TASK_NAMES[task])
