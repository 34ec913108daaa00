"""What waits for a person in the LIS's roles: goals to decide on (a leder or approver) and
goals to recommend (the veileder, a supervisør who signed an activity serving the goal).

Read per LIS the person holds a counting relation to: the portfolio, its relations, its goals
and, for a supervisør, its activities (a handful of reads per LIS; a leder leads few).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeAlias

from ..catalog import Catalog
from ..domain.portfolio import approvals as rules
from ..domain.portfolio.approvals import GoalApproval
from ..domain.portfolio.errors import NotDecider
from ..domain.portfolio.goals import PlanGoal
from ..domain.portfolio.relations import Relation
from ..identity import Principal
from . import goal_approvals, portfolios
from .ports.store import Store

Task: TypeAlias = Literal["avgjøre", "anbefale"]


@dataclass(frozen=True)
class Waiting:
    relation: Relation
    """The person's relation to the LIS: its id names the LIS in the URLs."""
    goal: PlanGoal
    approval: GoalApproval
    task: Task


def waiting_for(store: Store, catalog: Catalog, *, who: Principal, now: datetime) -> list[Waiting]:
    """Goals sent for approval that ``who`` may decide on or has not yet recommended, oldest
    sent first."""
    mine: dict[str, Relation] = {}
    for relation in store.portfolios.relations_of(who.subject):
        if relation.counts:
            mine.setdefault(relation.role.owner, relation)
    found: list[Waiting] = []
    for owner, relation in mine.items():
        found += _of_lis(store, catalog, who, owner, relation, now)
    return sorted(found, key=lambda w: (w.approval.sent_at or now, w.goal.code))


def _of_lis(
    store: Store,
    catalog: Catalog,
    who: Principal,
    owner: str,
    relation: Relation,
    now: datetime,
) -> list[Waiting]:
    sent = [g for g in store.goals.of_owner(owner) if g.status == "sendt"]
    portfolio = store.portfolios.get(owner)
    if not sent or portfolio is None:
        return []
    relations = store.portfolios.relations(owner)
    try:
        goal_approvals.decider(portfolio, relations, who)
        decides = True
    except NotDecider:
        decides = False
    goals = {g.code: g for g in portfolios.goals_now(catalog, portfolio, now).goals}
    found: list[Waiting] = []
    for approval in sent:
        goal = goals.get(approval.code)
        if goal is None or rules.part_of(goal) != portfolio.part:
            continue
        if decides:
            found.append(Waiting(relation, goal, approval, "avgjøre"))
        elif not any(r.by == who.subject for r in approval.recommendations) and (
            goal_approvals.recommender_kinds(store, relations, who.subject, owner, goal.code)
        ):
            found.append(Waiting(relation, goal, approval, "anbefale"))
    return found
