"""Learning goals on their way to approval, and the recommendation rule.

The LIS marks a goal of their plan complete and sends it (:func:`send`); they may recall it
before a decision (:func:`recall`). While it waits, the veileder and the supervisører recommend
it (:func:`recommend`), each in their own words and only as themselves. A leder, or the approver
a leder delegated to, approves it (:func:`approve`) or returns it with a comment
(:func:`give_back`). Spesialistforskriften lets a leder approve only on a recommendation from
the veileder and one from a supervisør who took part in the supervision of that goal:
:func:`missing` says which is lacking, counting each person once, so someone who is both
veileder and supervisør cannot stand for both. Whether a person counts as a supervisør for a
goal (they signed an activity serving it) is the service's to find out; the rule trusts the
kinds recorded with the recommendation.

An approved goal is settled. The part of LIS1 it belongs to (the hospital or the kommune) may
reopen it with a reason while that part lasts (:func:`reopen`); once the record has moved to the
kommune nobody changes a hospital approval (the service's rule, with the store's condition).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal, TypeAlias

from ...i18n import N_
from .errors import (
    GoalNotApproved,
    GoalNotOpen,
    GoalNotWaiting,
    GoalSettled,
    MissingRecommendations,
)
from .goals import PlanGoal, PlanGoals
from .records import Part

GoalStatus: TypeAlias = Literal["åpen", "sendt", "godkjent", "returnert"]
GOAL_STATUSES: tuple[GoalStatus, ...] = ("åpen", "sendt", "godkjent", "returnert")
STATUS_NAMES: dict[GoalStatus, str] = {
    "åpen": N_("ikke sendt"),
    "sendt": N_("venter på godkjenning"),
    "godkjent": N_("godkjent"),
    "returnert": N_("returnert til deg"),
}
RecommenderKind: TypeAlias = Literal["veileder", "supervisør"]
RECOMMENDER_KINDS: tuple[RecommenderKind, ...] = ("veileder", "supervisør")
DeciderKind: TypeAlias = Literal["leder", "godkjenner"]
DECIDER_KINDS: tuple[DeciderKind, ...] = ("leder", "godkjenner")
DecisionKind: TypeAlias = Literal["godkjent", "returnert", "gjenåpnet"]
DECISION_KINDS: tuple[DecisionKind, ...] = ("godkjent", "returnert", "gjenåpnet")

MAX_TEXT = 2000


@dataclass(frozen=True)
class Recommendation:
    by: str
    """The subject of the person who entered it, signed in."""
    name: str
    kinds: tuple[RecommenderKind, ...]
    """What the person counted as for this goal when they recommended it."""
    at: datetime
    text: str


@dataclass(frozen=True)
class Decider:
    """Who decides, and as what: a confirmed leder or a delegated approver."""

    subject: str
    name: str
    role: DeciderKind


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    by: str
    name: str
    role: DeciderKind
    at: datetime
    comment: str | None


@dataclass(frozen=True)
class GoalApproval:
    """One goal of one LIS's plan on its way to approval (absent while nothing was done)."""

    owner: str
    code: str
    part: Part
    status: GoalStatus
    version: int = 0
    """0 before it is first stored."""
    sent_at: datetime | None = None
    recommendations: tuple[Recommendation, ...] = ()
    decision: Decision | None = None
    """The last decision: an approval, a return or a reopening."""

    @property
    def approved(self) -> bool:
        return self.status == "godkjent"


def part_of(goal: PlanGoal) -> Part:
    """The part of LIS1 a goal is completed and approved in."""
    return "kommune" if goal.arena == "kommune" else "sykehus"


def fresh(owner: str, goal: PlanGoal) -> GoalApproval:
    return GoalApproval(owner=owner, code=goal.code, part=part_of(goal), status="åpen")


def send(goal: GoalApproval, *, now: datetime) -> GoalApproval:
    """The LIS marks the goal complete and sends it for approval."""
    if goal.status == "godkjent":
        raise GoalSettled()
    if goal.status == "sendt":
        raise GoalNotOpen()
    return replace(goal, status="sendt", sent_at=now, version=goal.version + 1)


def recall(goal: GoalApproval) -> GoalApproval:
    """The LIS takes the goal back before a decision; the recommendations stay."""
    if goal.status != "sendt":
        raise GoalNotWaiting()
    return replace(goal, status="åpen", version=goal.version + 1)


def recommend(goal: GoalApproval, recommendation: Recommendation) -> GoalApproval:
    """A recommendation while the goal waits; a person's new one replaces their earlier one."""
    if goal.status != "sendt":
        raise GoalNotWaiting()
    kept = tuple(r for r in goal.recommendations if r.by != recommendation.by)
    return replace(goal, recommendations=(*kept, recommendation), version=goal.version + 1)


def missing(goal: GoalApproval) -> tuple[RecommenderKind, ...]:
    """The recommendations an approval still lacks: one from a veileder and one from a
    supervisør, given by two different people."""
    veiledere = {r.by for r in goal.recommendations if "veileder" in r.kinds}
    supervisors = {r.by for r in goal.recommendations if "supervisør" in r.kinds}
    if any(v != s for v in veiledere for s in supervisors):
        return ()
    if not veiledere:
        return ("veileder", "supervisør") if not supervisors else ("veileder",)
    if not supervisors or supervisors == veiledere:
        return ("supervisør",)
    return ()  # pragma: no cover - two different people were found above


def approve(goal: GoalApproval, *, by: Decider, now: datetime, comment: str | None) -> GoalApproval:
    if goal.status != "sendt":
        raise GoalNotWaiting()
    lacking = missing(goal)
    if lacking:
        raise MissingRecommendations(lacking)
    return _decided(goal, by, "godkjent", now, comment, "godkjent")


def give_back(goal: GoalApproval, *, by: Decider, now: datetime, comment: str) -> GoalApproval:
    if goal.status != "sendt":
        raise GoalNotWaiting()
    return _decided(goal, by, "returnert", now, comment, "returnert")


def reopen(goal: GoalApproval, *, by: Decider, now: datetime, comment: str) -> GoalApproval:
    """An approval undone, with the reason: the goal is the LIS's to send again."""
    if goal.status != "godkjent":
        raise GoalNotApproved()
    return _decided(goal, by, "gjenåpnet", now, comment, "returnert")


def blocking(goals: PlanGoals, approvals: dict[str, GoalApproval]) -> list[PlanGoal]:
    """The goals that must be approved in the hospital before the kommune part starts; those
    begun in the hospital and completed in the kommune (the kommune's goals) do not block."""
    return [
        goal
        for goal in goals.goals
        if part_of(goal) == "sykehus"
        and not (goal.code in approvals and approvals[goal.code].approved)
    ]


def _decided(
    goal: GoalApproval,
    by: Decider,
    kind: DecisionKind,
    now: datetime,
    comment: str | None,
    status: GoalStatus,
) -> GoalApproval:
    decision = Decision(kind, by.subject, by.name, by.role, now, comment)
    return replace(goal, status=status, decision=decision, version=goal.version + 1)
